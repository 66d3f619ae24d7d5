// SPDX-License-Identifier: GPL-2.0
/*
 * gpiobutton.c: a push button and an LED on GPIO lines, in the style of
 * LKMPG's GPIO interrupt chapter for 6.x. The button (GPIO 485 = line 5 of
 * kmodlab-gpio, whose base is 480) is an input with a rising-edge interrupt
 * (edge=falling or edge=both for the others);
 * each press is counted and toggles the LED (GPIO 486 = line 6), an output.
 * /proc/gpiobutton shows the count and the LED.
 *
 * The button goes through the integer API (gpio_request(), gpio_to_irq()),
 * the LED through its descriptor (gpio_to_desc(), gpiod_set_value()).
 * threaded=1 splits the handler: the hard part counts and wakes the irq
 * thread, which toggles the LED and reports.
 *
 *   insmod gpiobutton.ko; gpio set 5 1; gpio set 5 0; gpio get 6; cat /proc/gpiobutton
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/gpio.h>
#include <linux/gpio/consumer.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/string.h>

static unsigned int button = 485;
module_param(button, uint, 0444);
MODULE_PARM_DESC(button, "GPIO number of the button (default 485: kmodlab-gpio line 5)");
static unsigned int led = 486;
module_param(led, uint, 0444);
MODULE_PARM_DESC(led, "GPIO number of the LED (default 486: kmodlab-gpio line 6)");
static bool threaded;
module_param(threaded, bool, 0444);
MODULE_PARM_DESC(threaded, "toggle the LED in the irq thread instead of the hard handler");

static char *edge = "rising";
module_param(edge, charp, 0444);
MODULE_PARM_DESC(edge, "which edges are presses: rising (default), falling or both");

static struct gpio_desc *led_desc;
static int button_irq;
static atomic_t presses = ATOMIC_INIT(0);
static int led_on;

static void toggle_led(unsigned int n)
{
	led_on = !led_on;
	gpiod_set_value(led_desc, led_on);
	/* where it runs: interrupt context, or the irq thread "irq/N-gpiobutton" */
	pr_info("press %u: LED %s (%s)\n", n, led_on ? "on" : "off",
		in_hardirq() ? "hardirq" : current->comm);
}

static irqreturn_t button_isr(int irq, void *dev_id)
{
	unsigned int n = atomic_inc_return(&presses);

	if (threaded)
		return IRQ_WAKE_THREAD;
	toggle_led(n);
	return IRQ_HANDLED;
}

static irqreturn_t button_thread(int irq, void *dev_id)
{
	toggle_led(atomic_read(&presses));
	return IRQ_HANDLED;
}

static int gpiobutton_show(struct seq_file *m, void *v)
{
	seq_printf(m, "presses: %d\nled: %d\n", atomic_read(&presses), led_on);
	return 0;
}

static int __init gpiobutton_init(void)
{
	unsigned long trigger;
	int ret;

	if (!strcmp(edge, "rising"))
		trigger = IRQF_TRIGGER_RISING;
	else if (!strcmp(edge, "falling"))
		trigger = IRQF_TRIGGER_FALLING;
	else if (!strcmp(edge, "both"))
		trigger = IRQF_TRIGGER_RISING | IRQF_TRIGGER_FALLING;
	else
		return -EINVAL;

	ret = gpio_request(button, "button");
	if (ret) {
		pr_err("cannot request GPIO %u for the button: %d\n", button, ret);
		return ret;
	}
	ret = gpio_direction_input(button);
	if (ret)
		goto free_button;

	ret = gpio_request(led, "led");
	if (ret) {
		pr_err("cannot request GPIO %u for the LED: %d\n", led, ret);
		goto free_button;
	}
	led_desc = gpio_to_desc(led);
	ret = gpiod_direction_output(led_desc, 0);
	if (ret)
		goto free_led;

	button_irq = gpio_to_irq(button);
	if (button_irq < 0) {
		ret = button_irq;
		goto free_led;
	}
	ret = request_threaded_irq(button_irq, button_isr,
				   threaded ? button_thread : NULL,
				   trigger, "gpiobutton", NULL);
	if (ret) {
		pr_err("cannot request IRQ %d: %d\n", button_irq, ret);
		goto free_led;
	}

	if (!proc_create_single("gpiobutton", 0444, NULL, gpiobutton_show)) {
		ret = -ENOMEM;
		goto free_irq;
	}
	pr_info("button on GPIO %u (IRQ %d, %s edge), LED on GPIO %u%s\n", button,
		button_irq, edge, led, threaded ? ", threaded" : "");
	return 0;

free_irq:
	free_irq(button_irq, NULL);
free_led:
	gpio_free(led);
free_button:
	gpio_free(button);
	return ret;
}

static void __exit gpiobutton_exit(void)
{
	remove_proc_entry("gpiobutton", NULL);
	/* no handler runs after free_irq() returns: the LED is ours alone */
	free_irq(button_irq, NULL);
	gpiod_set_value(led_desc, 0);
	gpio_free(led);
	gpio_free(button);
	pr_info("%d presses\n", atomic_read(&presses));
}

module_init(gpiobutton_init);
module_exit(gpiobutton_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A GPIO button with an interrupt that toggles a GPIO LED");

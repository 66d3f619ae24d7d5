// SPDX-License-Identifier: GPL-2.0
/*
 * The machine's GPIO controller, "kmodlab-gpio": 32 lines, registered at boot
 * as a platform device and bound by its platform driver, whose probe adds the
 * gpio_chip (6.1's dynamic base: 512 - 32 = 480, so line N is GPIO 480 + N)
 * and claims interrupt lines 32..63 (line N raises IRQ 32 + N, to_irq()).
 * kmodlab's own, in the spirit of drivers/gpio/gpio-sim.c: the world outside
 * drives input lines (`gpio set LINE 0|1`, kmodlab_gpio_drive()) and reads
 * any line (`gpio get LINE`, kmodlab_gpio_level()): an input's level, an
 * output's driven value.
 *
 * An edge on an input line with handlers raises its interrupt when the
 * handlers' trigger wants it: IRQF_TRIGGER_RISING, _FALLING or both; a
 * level trigger (_HIGH, _LOW) fires when the line reaches that level; none
 * (IRQF_TRIGGER_NONE) fires on both edges.
 */
#include "kmodlab.h"
#include <linux/device.h>
#include <linux/gpio/driver.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "irq_lines.h"

#define KMODLAB_GPIO_NAME	"kmodlab-gpio"
#define KMODLAB_GPIO_LINES	32

struct kmodlab_gpio {
	struct gpio_chip gc;
	spinlock_t lock;
	unsigned long is_out;	/* bit per line: an output */
	unsigned long driven;	/* what the kernel drives on its outputs */
	unsigned long level;	/* what the outside drives on the inputs */
	struct kmodlab_irq_chip irqchip;
};

/* one controller; the scenario commands reach it through these entry points */
static struct kmodlab_gpio *kmodlab_gpio;

static int kmodlab_gpio_get_direction(struct gpio_chip *gc, unsigned int offset)
{
	struct kmodlab_gpio *kg = gpiochip_get_data(gc);

	return test_bit(offset, &kg->is_out) ? GPIO_LINE_DIRECTION_OUT : GPIO_LINE_DIRECTION_IN;
}

static int kmodlab_gpio_direction_input(struct gpio_chip *gc, unsigned int offset)
{
	struct kmodlab_gpio *kg = gpiochip_get_data(gc);
	unsigned long flags;

	spin_lock_irqsave(&kg->lock, flags);
	__clear_bit(offset, &kg->is_out);
	spin_unlock_irqrestore(&kg->lock, flags);
	return 0;
}

static int kmodlab_gpio_direction_output(struct gpio_chip *gc, unsigned int offset, int value)
{
	struct kmodlab_gpio *kg = gpiochip_get_data(gc);
	unsigned long flags;

	spin_lock_irqsave(&kg->lock, flags);
	__assign_bit(offset, &kg->driven, value);
	__set_bit(offset, &kg->is_out);
	spin_unlock_irqrestore(&kg->lock, flags);
	return 0;
}

static int kmodlab_gpio_get(struct gpio_chip *gc, unsigned int offset)
{
	struct kmodlab_gpio *kg = gpiochip_get_data(gc);
	unsigned long flags;
	int v;

	spin_lock_irqsave(&kg->lock, flags);
	v = test_bit(offset, &kg->is_out) ? test_bit(offset, &kg->driven) : test_bit(offset, &kg->level);
	spin_unlock_irqrestore(&kg->lock, flags);
	return v;
}

static void kmodlab_gpio_set(struct gpio_chip *gc, unsigned int offset, int value)
{
	struct kmodlab_gpio *kg = gpiochip_get_data(gc);
	unsigned long flags;

	spin_lock_irqsave(&kg->lock, flags);
	__assign_bit(offset, &kg->driven, value);
	spin_unlock_irqrestore(&kg->lock, flags);
}

static int kmodlab_gpio_to_irq(struct gpio_chip *gc, unsigned int offset)
{
	return KMODLAB_IRQ_GPIO_BASE + offset;
}

/* gpiochip_irq_reqres(): a line with a handler is locked as an input */
static int kmodlab_gpio_irq_request(void *data, unsigned int irq, unsigned int trigger)
{
	struct kmodlab_gpio *kg = data;
	unsigned int offset = irq - KMODLAB_IRQ_GPIO_BASE;
	int ret;

	ret = gpiochip_lock_as_irq(&kg->gc, offset);
	if (ret)
		dev_err(kg->gc.parent, "unable to lock HW IRQ %u for IRQ\n", offset);
	return ret;
}

static void kmodlab_gpio_irq_release(void *data, unsigned int irq)
{
	struct kmodlab_gpio *kg = data;

	gpiochip_unlock_as_irq(&kg->gc, irq - KMODLAB_IRQ_GPIO_BASE);
}

static bool kmodlab_gpio_fires(unsigned int trigger, bool old, bool new)
{
	if (!trigger)
		return old != new;
	if (!old && new && (trigger & (IRQF_TRIGGER_RISING | IRQF_TRIGGER_HIGH)))
		return true;
	if (old && !new && (trigger & (IRQF_TRIGGER_FALLING | IRQF_TRIGGER_LOW)))
		return true;
	return false;
}

/*
 * `gpio set LINE VALUE`: the outside drives input line LINE. Returns 1 when
 * the change raised the line's interrupt (after its handlers ran), 0 when it
 * did not, -ENODEV without the controller, -EINVAL for a line it does not
 * have, -EPERM when the line is an output (the kernel drives it).
 */
long kmodlab_gpio_drive(unsigned long line, unsigned long value)
{
	struct kmodlab_gpio *kg = kmodlab_gpio;
	unsigned int irq = KMODLAB_IRQ_GPIO_BASE + line;
	unsigned long flags;
	bool old, new = !!value;

	if (!kg)
		return -ENODEV;
	if (line >= KMODLAB_GPIO_LINES)
		return -EINVAL;
	spin_lock_irqsave(&kg->lock, flags);
	if (test_bit(line, &kg->is_out)) {
		spin_unlock_irqrestore(&kg->lock, flags);
		return -EPERM;
	}
	old = test_bit(line, &kg->level);
	__assign_bit(line, &kg->level, new);
	spin_unlock_irqrestore(&kg->lock, flags);

	if (!gpiochip_line_is_irq(&kg->gc, line) ||
	    !kmodlab_gpio_fires(kmodlab_irq_trigger(irq), old, new))
		return 0;
	kmodlab_irq_raise(irq);
	return 1;
}

/* `gpio get LINE`: 0 or 1, or a -errno as kmodlab_gpio_drive() */
long kmodlab_gpio_level(unsigned long line)
{
	if (!kmodlab_gpio)
		return -ENODEV;
	if (line >= KMODLAB_GPIO_LINES)
		return -EINVAL;
	return kmodlab_gpio_get(&kmodlab_gpio->gc, line);
}

/* the chip's global numbers, for the scenario commands' messages */
long kmodlab_gpio_base(void)
{
	return kmodlab_gpio ? kmodlab_gpio->gc.base : -ENODEV;
}

static int kmodlab_gpio_probe(struct platform_device *pdev)
{
	struct kmodlab_gpio *kg;
	int ret;

	kg = devm_kzalloc(&pdev->dev, sizeof(*kg), GFP_KERNEL);
	if (!kg)
		return -ENOMEM;
	spin_lock_init(&kg->lock);
	kg->gc.label = KMODLAB_GPIO_NAME;
	kg->gc.parent = &pdev->dev;
	kg->gc.owner = THIS_MODULE;
	kg->gc.base = -1;
	kg->gc.ngpio = KMODLAB_GPIO_LINES;
	kg->gc.get_direction = kmodlab_gpio_get_direction;
	kg->gc.direction_input = kmodlab_gpio_direction_input;
	kg->gc.direction_output = kmodlab_gpio_direction_output;
	kg->gc.get = kmodlab_gpio_get;
	kg->gc.set = kmodlab_gpio_set;
	kg->gc.to_irq = kmodlab_gpio_to_irq;

	ret = gpiochip_add_data(&kg->gc, kg);
	if (ret)
		return ret;

	kg->irqchip.name = KMODLAB_GPIO_NAME;
	kg->irqchip.request = kmodlab_gpio_irq_request;
	kg->irqchip.release = kmodlab_gpio_irq_release;
	kg->irqchip.data = kg;
	ret = kmodlab_irq_chip_add(KMODLAB_IRQ_GPIO_BASE, KMODLAB_GPIO_LINES, &kg->irqchip);
	if (ret) {
		gpiochip_remove(&kg->gc);
		return ret;
	}
	platform_set_drvdata(pdev, kg);
	kmodlab_gpio = kg;
	return 0;
}

static struct platform_driver kmodlab_gpio_driver = {
	.probe = kmodlab_gpio_probe,
	.driver = {
		.name = KMODLAB_GPIO_NAME,
		/* the machine's controller stays bound: there is no remove() */
		.suppress_bind_attrs = true,
	},
};

static int __init kmodlab_gpio_init(void)
{
	struct platform_device *pdev;
	int ret;

	ret = platform_driver_register(&kmodlab_gpio_driver);
	if (ret)
		return ret;
	pdev = platform_device_register_simple(KMODLAB_GPIO_NAME, PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(pdev)) {
		platform_driver_unregister(&kmodlab_gpio_driver);
		return PTR_ERR(pdev);
	}
	return 0;
}
device_initcall(kmodlab_gpio_init);

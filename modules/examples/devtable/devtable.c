// SPDX-License-Identifier: GPL-2.0
/*
 * devtable.c: a driver for hardware that comes and goes (hotplug), as seen
 * by the module tools. Its device tables -- one per bus it could sit on --
 * become "alias=" lines in .modinfo (modpost's file2alias), then
 * modules.alias (depmod), so that modprobe can load it for a device's
 * modalias, e.g. "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00".
 * There are no buses in kmodlab: init only reports what it would match.
 *
 * Seed 002 item 1: several MODULE_DEVICE_TABLEs of the same type in one file,
 * instead of one combined table -- here two PCI, two USB and two device-tree
 * tables for two related drivers (a NIC and its management function). Each
 * table becomes its own aliases. The module also uses mathlib, so loading it
 * for a device loads mathlib first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/mod_devicetable.h>
#include <linux/pci.h>
#include <linux/usb.h>
#include "mathlib.h"

static const struct pci_device_id devtable_pci_ids[] = {
	{ PCI_DEVICE(0x1af4, 0x1000) },			/* a virtio network device */
	{ PCI_DEVICE(0x8086, 0x100e), .driver_data = 1 },	/* an e1000 */
	{ PCI_DEVICE_CLASS(0x020000, 0xffff00) },	/* any Ethernet controller */
	{ }
};
MODULE_DEVICE_TABLE(pci, devtable_pci_ids);

/* A second PCI table in the same file: the management function of the NIC. */
static const struct pci_device_id devtable_mgmt_pci_ids[] = {
	{ PCI_DEVICE(0x8086, 0x1234) },			/* a management controller */
	{ PCI_DEVICE_SUB(0x8086, 0x1235, 0x17aa, 0x0001) },
	{ }
};
MODULE_DEVICE_TABLE(pci, devtable_mgmt_pci_ids);

static const struct usb_device_id devtable_usb_ids[] = {
	{ USB_DEVICE(0x0bda, 0x8153) },			/* a USB Ethernet adapter */
	{ USB_DEVICE_VER(0x0525, 0xa4a2, 0x0100, 0x0299) },
	{ USB_INTERFACE_INFO(0x02, 0x06, 0x00) },	/* CDC Ethernet */
	{ }
};
MODULE_DEVICE_TABLE(usb, devtable_usb_ids);

static const struct usb_device_id devtable_mgmt_usb_ids[] = {
	{ USB_DEVICE(0x0bda, 0x8156) },			/* its USB management port */
	{ }
};
MODULE_DEVICE_TABLE(usb, devtable_mgmt_usb_ids);

static const struct of_device_id devtable_of_ids[] = {
	{ .compatible = "kmodlab,virtual-nic" },
	{ .compatible = "arm,pl011" },
	{ }
};
MODULE_DEVICE_TABLE(of, devtable_of_ids);

static const struct of_device_id devtable_mgmt_of_ids[] = {
	{ .compatible = "kmodlab,virtual-nic-mgmt" },
	{ }
};
MODULE_DEVICE_TABLE(of, devtable_mgmt_of_ids);

static const struct acpi_device_id devtable_acpi_ids[] = {
	{ "KMOD0001", 0 },
	{ }
};
MODULE_DEVICE_TABLE(acpi, devtable_acpi_ids);

static const struct platform_device_id devtable_platform_ids[] = {
	{ "kmodlab-nic", 0 },
	{ }
};
MODULE_DEVICE_TABLE(platform, devtable_platform_ids);

static int __init devtable_init(void)
{
	pr_info("would drive %d PCI, %d USB, %d device-tree and %zu ACPI devices\n",
		mathlib_add(ARRAY_SIZE(devtable_pci_ids) - 1, ARRAY_SIZE(devtable_mgmt_pci_ids) - 1),
		mathlib_add(ARRAY_SIZE(devtable_usb_ids) - 1, ARRAY_SIZE(devtable_mgmt_usb_ids) - 1),
		mathlib_add(ARRAY_SIZE(devtable_of_ids) - 1, ARRAY_SIZE(devtable_mgmt_of_ids) - 1),
		ARRAY_SIZE(devtable_acpi_ids) - 1);
	return 0;
}

static void __exit devtable_exit(void)
{
}

module_init(devtable_init);
module_exit(devtable_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A hotplug driver with PCI, USB, device-tree, ACPI and platform device tables");
MODULE_ALIAS("kmodlab-nic");

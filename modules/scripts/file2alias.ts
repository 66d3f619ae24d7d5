/*
 * Device-table aliases: what Linux 6.1's scripts/mod/file2alias.c does for
 * the MODULE_DEVICE_TABLE(type, name) tables kmodlab's headers define (pci,
 * usb, of, acpi, platform, i2c, spi, virtio), with the struct layouts of
 * arm64 (include/linux/mod_devicetable.h). modpost writes each alias into the
 * module's .mod.c as MODULE_ALIAS("..."), hence .modinfo "alias=...".
 */
import type { ElfFile, ElfSymbol } from './readelf.ts';

type Log = (msg: string) => void;

/* sizeof and field offsets on arm64 (devicetable-offsets.c) */
const PCI = { size: 40, vendor: 0, device: 4, subvendor: 8, subdevice: 12, class: 16, class_mask: 20, override_only: 32 };
const USB = {
  size: 32, match_flags: 0, idVendor: 2, idProduct: 4, bcdDevice_lo: 6, bcdDevice_hi: 8, bDeviceClass: 10,
  bDeviceSubClass: 11, bDeviceProtocol: 12, bInterfaceClass: 13, bInterfaceSubClass: 14, bInterfaceProtocol: 15,
  bInterfaceNumber: 16,
};
const OF = { size: 200, name: 0, type: 32, compatible: 64 };
const ACPI = { size: 32, id: 0, cls: 24, cls_msk: 28 };
const NAMED: Record<string, { size: number; nameLen: number; prefix: string }> = {
  platform: { size: 32, nameLen: 20, prefix: 'platform:' },
  i2c: { size: 32, nameLen: 20, prefix: 'i2c:' },
  spi: { size: 40, nameLen: 32, prefix: 'spi:' },
};
const VIRTIO = { size: 8, device: 0, vendor: 4 };

const PCI_ANY_ID = 0xffffffff;
const VIRTIO_DEV_ANY_ID = 0xffffffff;
const PCI_ID_F_VFIO_DRIVER_OVERRIDE = 1;

const USB_DEVICE_ID_MATCH_VENDOR = 0x0001;
const USB_DEVICE_ID_MATCH_PRODUCT = 0x0002;
const USB_DEVICE_ID_MATCH_DEV_LO = 0x0004;
const USB_DEVICE_ID_MATCH_DEV_HI = 0x0008;
const USB_DEVICE_ID_MATCH_DEV_CLASS = 0x0010;
const USB_DEVICE_ID_MATCH_DEV_SUBCLASS = 0x0020;
const USB_DEVICE_ID_MATCH_DEV_PROTOCOL = 0x0040;
const USB_DEVICE_ID_MATCH_INT_CLASS = 0x0080;
const USB_DEVICE_ID_MATCH_INT_SUBCLASS = 0x0100;
const USB_DEVICE_ID_MATCH_INT_PROTOCOL = 0x0200;
const USB_DEVICE_ID_MATCH_INT_NUMBER = 0x0400;

class FatalError extends Error {}

const hex = (v: number, bytes: number) => (v >>> 0).toString(16).toUpperCase().padStart(bytes * 2, '0');

/* ADD(): sep, then the field as fixed-width uppercase hex, or '*' */
function add(sep: string, cond: boolean | number, value: number, bytes: number): string {
  return sep + (cond ? hex(value, bytes) : '*');
}

/* End in a wildcard, for future extension */
function addWildcard(s: string): string {
  return s.endsWith('*') ? s : s + '*';
}

function cstr(b: Buffer, off: number, len: number): string {
  const s = b.subarray(off, off + len);
  const z = s.indexOf(0);
  return s.toString('latin1', 0, z < 0 ? len : z);
}

/* Looks like: pci:vNdNsvNsdNbcNscNiN or <prefix>_pci:vNdNsvNsdNbcNscNiN. */
function doPciEntry(filename: string, e: Buffer, warn: Log): string | null {
  const vendor = e.readUInt32LE(PCI.vendor);
  const device = e.readUInt32LE(PCI.device);
  const subvendor = e.readUInt32LE(PCI.subvendor);
  const subdevice = e.readUInt32LE(PCI.subdevice);
  const cls = e.readUInt32LE(PCI.class);
  const classMask = e.readUInt32LE(PCI.class_mask);
  const overrideOnly = e.readUInt32LE(PCI.override_only);
  let alias: string;
  switch (overrideOnly) {
    case 0:
      alias = 'pci:';
      break;
    case PCI_ID_F_VFIO_DRIVER_OVERRIDE:
      alias = 'vfio_pci:';
      break;
    default:
      warn(`Unknown PCI driver_override alias ${hex(overrideOnly, 4)}\n`);
      return null;
  }
  alias += add('v', vendor !== PCI_ANY_ID, vendor, 4);
  alias += add('d', device !== PCI_ANY_ID, device, 4);
  alias += add('sv', subvendor !== PCI_ANY_ID, subvendor, 4);
  alias += add('sd', subdevice !== PCI_ANY_ID, subdevice, 4);

  const baseclass = (cls >>> 16) & 0xff, baseclassMask = (classMask >>> 16) & 0xff;
  const subclass = (cls >>> 8) & 0xff, subclassMask = (classMask >>> 8) & 0xff;
  const iface = cls & 0xff, ifaceMask = classMask & 0xff;
  if ((baseclassMask !== 0 && baseclassMask !== 0xff) || (subclassMask !== 0 && subclassMask !== 0xff) ||
      (ifaceMask !== 0 && ifaceMask !== 0xff)) {
    warn(`Can't handle masks in ${filename}:${hex(classMask, 2)}\n`);
    return null;
  }
  alias += add('bc', baseclassMask === 0xff, baseclass, 1);
  alias += add('sc', subclassMask === 0xff, subclass, 1);
  alias += add('i', ifaceMask === 0xff, iface, 1);
  return addWildcard(alias);
}

/* looks like: "acpi:ACPI0003" or "acpi:PNP0C0B" or "acpi:LNXVIDEO" or
 *             "acpi:bbsspp" (bb=base-class, ss=sub-class, pp=prog-if) */
function doAcpiEntry(_filename: string, e: Buffer): string | null {
  const id = cstr(e, ACPI.id, 16);
  if (id.length) return `acpi*:${id}:*`;
  const cls = e.readUInt32LE(ACPI.cls), msk = e.readUInt32LE(ACPI.cls_msk);
  let alias = 'acpi*:';
  for (let i = 1; i <= 3; i++) {
    const shift = 8 * (3 - i);
    alias += (msk >>> shift) & 0xff ? ((cls >>> shift) & 0xff).toString(16).padStart(2, '0') : '??';
  }
  return alias + ':*';
}

function doVirtioEntry(_filename: string, e: Buffer): string | null {
  const device = e.readUInt32LE(VIRTIO.device), vendor = e.readUInt32LE(VIRTIO.vendor);
  let alias = 'virtio:';
  alias += add('d', device !== VIRTIO_DEV_ANY_ID, device, 4);
  alias += add('v', vendor !== VIRTIO_DEV_ANY_ID, vendor, 4);
  return addWildcard(alias);
}

/* of: two aliases per entry, the second with "C" (and a wildcard) appended */
function doOfEntryMulti(e: Buffer): string[] {
  const name = cstr(e, OF.name, 32), type = cstr(e, OF.type, 32), compatible = cstr(e, OF.compatible, 128);
  let alias = `of:N${name || '*'}T${type || '*'}`;
  if (compatible) alias += `${type ? '*' : ''}C${compatible}`;
  /* Replace all whitespace with underscores */
  alias = alias.replace(/[ \t\n\v\f\r]/g, '_');
  return [alias, addWildcard(alias + 'C')];
}

/* USB is special because the bcdDevice can be matched against a numeric range */
/* Looks like "usb:vNpNdNdcNdscNdpNicNiscNipNinN" */
function doUsbEntry(e: Buffer, bcdInitial: number, bcdInitialDigits: number, rangeLo: number, rangeHi: number,
                    max: number): string {
  const f = e.readUInt16LE(USB.match_flags);
  let alias = 'usb:';
  alias += add('v', f & USB_DEVICE_ID_MATCH_VENDOR, e.readUInt16LE(USB.idVendor), 2);
  alias += add('p', f & USB_DEVICE_ID_MATCH_PRODUCT, e.readUInt16LE(USB.idProduct), 2);

  alias += 'd';
  if (bcdInitialDigits) alias += (bcdInitial >>> 0).toString(16).toUpperCase().padStart(bcdInitialDigits, '0');
  const X = (n: number) => n.toString(16).toUpperCase();
  if (rangeLo === rangeHi) alias += X(rangeLo);
  else if (rangeLo > 0 || rangeHi < max) {
    if (rangeLo > 0x9 || rangeHi < 0xa) alias += `[${X(rangeLo)}-${X(rangeHi)}]`;
    else {
      alias += rangeLo < 0x9 ? `[${X(rangeLo)}-9` : `[${X(rangeLo)}`;
      alias += rangeHi > 0xa ? `A-${X(rangeHi)}]` : `${X(rangeHi)}]`;
    }
  }
  if (bcdInitialDigits < 2 * 2 - 1) alias += '*';

  alias += add('dc', f & USB_DEVICE_ID_MATCH_DEV_CLASS, e[USB.bDeviceClass], 1);
  alias += add('dsc', f & USB_DEVICE_ID_MATCH_DEV_SUBCLASS, e[USB.bDeviceSubClass], 1);
  alias += add('dp', f & USB_DEVICE_ID_MATCH_DEV_PROTOCOL, e[USB.bDeviceProtocol], 1);
  alias += add('ic', f & USB_DEVICE_ID_MATCH_INT_CLASS, e[USB.bInterfaceClass], 1);
  alias += add('isc', f & USB_DEVICE_ID_MATCH_INT_SUBCLASS, e[USB.bInterfaceSubClass], 1);
  alias += add('ip', f & USB_DEVICE_ID_MATCH_INT_PROTOCOL, e[USB.bInterfaceProtocol], 1);
  alias += add('in', f & USB_DEVICE_ID_MATCH_INT_NUMBER, e[USB.bInterfaceNumber], 1);
  return addWildcard(alias);
}

/* Handles increment/decrement of BCD formatted integers; returns the previous value */
function incbcd(bcd: { v: number }, inc: number, max: number, chars: number): number {
  const init = bcd.v;
  /* If bcd is not in BCD format, just increment */
  if (max > 0x9) {
    bcd.v = (bcd.v + inc) >>> 0;
    return init;
  }
  /* Convert BCD to Decimal */
  let dec = 0;
  for (let i = 0; i < chars; i++) {
    let c = (bcd.v >>> (i << 2)) & 0xf;
    c = c > 9 ? 9 : c; /* force to bcd just in case */
    dec += c * 10 ** i;
  }
  /* Do our increment/decrement */
  dec += inc;
  /* Convert back to BCD */
  let v = 0;
  for (let i = 0; i < chars; i++) v += (Math.floor(dec / 10 ** i) % 10) << (i << 2);
  bcd.v = v >>> 0;
  return init;
}

function doUsbEntryMulti(e: Buffer): string[] {
  const out: string[] = [];
  const f = e.readUInt16LE(USB.match_flags);
  const bcdLo = e.readUInt16LE(USB.bcdDevice_lo), bcdHi = e.readUInt16LE(USB.bcdDevice_hi);
  const devlo = { v: f & USB_DEVICE_ID_MATCH_DEV_LO ? bcdLo : 0 };
  const devhi = { v: f & USB_DEVICE_ID_MATCH_DEV_HI ? bcdHi : 0xffffffff };

  /* Figure out if this entry is in bcd or hex format */
  let max = 0x9; /* Default to decimal format */
  for (let ndigits = 0; ndigits < 2 * 2; ndigits++) {
    const clo = (devlo.v >>> (ndigits << 2)) & 0xf;
    const chi = ((devhi.v > 0x9999 ? 0x9999 : devhi.v) >>> (ndigits << 2)) & 0xf;
    if (clo > max || chi > max) {
      max = 0xf;
      break;
    }
  }

  /*
   * Some modules (visor) have empty slots as placeholder for
   * run-time specification that results in catch-all alias
   */
  if (!(e.readUInt16LE(USB.idVendor) | e.readUInt16LE(USB.idProduct) | e[USB.bDeviceClass] | e[USB.bInterfaceClass]))
    return out;

  /* Convert numeric bcdDevice range into fnmatch-able pattern(s) */
  for (let ndigits = 2 * 2 - 1; devlo.v <= devhi.v; ndigits--) {
    const clo = devlo.v & 0xf;
    let chi = devhi.v & 0xf;
    if (chi > max) chi = max; /* If we are in bcd mode, truncate if necessary */
    devlo.v >>>= 4;
    devhi.v >>>= 4;

    if (devlo.v === devhi.v || !ndigits) {
      out.push(doUsbEntry(e, devlo.v, ndigits, clo, chi, max));
      break;
    }
    if (clo > 0x0) out.push(doUsbEntry(e, incbcd(devlo, 1, max, 2 * 2), ndigits, clo, max, max));
    if (chi < max) out.push(doUsbEntry(e, incbcd(devhi, -1, max, 2 * 2), ndigits, 0x0, chi, max));
  }
  return out;
}

function deviceIdCheck(modname: string, deviceId: string, table: Buffer, idSize: number): void {
  const size = table.length;
  if (size % idSize || size < idSize) {
    throw new FatalError(
      `${modname}: sizeof(struct ${deviceId}_device_id)=${idSize} is not a modulo of the size of section ` +
        `__mod_${deviceId}__<identifier>_device_table=${size}.\n` +
        `Fix definition of struct ${deviceId}_device_id in mod_devicetable.h\n`,
    );
  }
  /* Verify last one is a terminator */
  const last = table.subarray(size - idSize);
  if (last.some((b) => b !== 0)) {
    process.stderr.write(
      `${modname}: struct ${deviceId}_device_id is ${idSize} bytes.  The last of ${size / idSize} is:\n` +
        [...last].map((b) => `0x${b.toString(16).padStart(2, '0')} `).join('') + '\n',
    );
    throw new FatalError(`${modname}: struct ${deviceId}_device_id is not terminated with a NULL entry!\n`);
  }
}

function entries(table: Buffer, idSize: number): Buffer[] {
  const out: Buffer[] = [];
  /* Leave last one: it's the terminator. */
  for (let i = 0; i < table.length - idSize; i += idSize) out.push(table.subarray(i, i + idSize));
  return out;
}

/**
 * The aliases of one symbol of a module object, if it is a
 * __mod_<type>__<identifier>_device_table object (handle_moddevtable()).
 * Throws an Error whose message is modpost's fatal message for a malformed table.
 */
export function deviceTableAliases(elf: ElfFile, sym: ElfSymbol, modname: string, warn: Log): string[] {
  /* We're looking for a section relative symbol, and an object */
  const idx = Number(sym.shndx);
  if (!Number.isInteger(idx) || idx === 0 || sym.type !== 'OBJECT') return [];
  /* All our symbols are of form __mod_<name>__<identifier>_device_table. */
  const symname = sym.name;
  if (!symname.startsWith('__mod_') || !symname.endsWith('_device_table')) return [];
  const name = symname.slice('__mod_'.length);
  const sep = name.indexOf('__');
  if (sep < 0) return [];
  const type = name.slice(0, sep);

  const sec = elf.section(idx);
  if (!sec) return [];
  /* Handle all-NULL symbols allocated into .bss */
  const table = sec.type === 'NOBITS' ? Buffer.alloc(sym.size) : elf.data(sec).subarray(Number(sym.value), Number(sym.value) + sym.size);

  const out: string[] = [];
  const table1 = (size: number, f: (e: Buffer) => string | null) => {
    deviceIdCheck(modname, type, table, size);
    for (const e of entries(table, size)) {
      const a = f(e);
      if (a !== null) out.push(a);
    }
  };
  switch (type) {
    case 'usb':
      deviceIdCheck(modname, type, table, USB.size);
      for (const e of entries(table, USB.size)) out.push(...doUsbEntryMulti(e));
      break;
    case 'of':
      deviceIdCheck(modname, type, table, OF.size);
      for (const e of entries(table, OF.size)) out.push(...doOfEntryMulti(e));
      break;
    case 'pci':
      table1(PCI.size, (e) => doPciEntry(modname, e, warn));
      break;
    case 'acpi':
      table1(ACPI.size, (e) => doAcpiEntry(modname, e));
      break;
    case 'virtio':
      table1(VIRTIO.size, (e) => doVirtioEntry(modname, e));
      break;
    default: {
      const n = NAMED[type];
      if (n) table1(n.size, (e) => n.prefix + cstr(e, 0, n.nameLen));
      break;
    }
  }
  return out;
}

export { FatalError as DeviceTableError };

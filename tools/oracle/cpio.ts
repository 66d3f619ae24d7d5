// The initramfs format: cpio "newc" (SVR4 without CRC), as the kernel's init/initramfs.c reads
// it and usr/gen_init_cpio writes it; every entry owned by root.

export interface CpioEntry {
  name: string;
  mode: number; // file type and permission bits (st_mode)
  data?: Buffer; // file contents or symlink target
  rdev?: [number, number]; // device nodes
}

const hex = (n: number) => n.toString(16).padStart(8, '0');
const pad4 = (n: number) => (4 - (n % 4)) % 4;

function header(ino: number, e: CpioEntry, size: number, nameLen: number): string {
  const [maj, min] = e.rdev ?? [0, 0];
  return '070701' + [ino, e.mode, 0, 0, 1, 0, size, 0, 0, maj, min, nameLen, 0].map(hex).join('');
}

export function cpioNewc(entries: CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  let off = 0;
  const push = (b: Buffer) => {
    parts.push(b);
    off += b.length;
  };
  const one = (ino: number, e: CpioEntry) => {
    const data = e.data ?? Buffer.alloc(0);
    const name = Buffer.from(e.name + '\0');
    push(Buffer.from(header(ino, e, data.length, name.length), 'latin1'));
    push(name);
    push(Buffer.alloc(pad4(off)));
    push(data);
    push(Buffer.alloc(pad4(off)));
  };
  entries.forEach((e, i) => one(i + 1, e));
  one(0, { name: 'TRAILER!!!', mode: 0 });
  return Buffer.concat(parts);
}

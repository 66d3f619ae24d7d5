// .modinfo: NUL-separated "key=value" strings, in file order (MODULE_INFO and friends).
import type { ElfFile } from '../elf.ts';

export function modinfoEntries(elf: ElfFile): [string, string][] {
  const sec = elf.sections.find((s) => s.name === '.modinfo');
  if (!sec) return [];
  const d = elf.sectionData(sec.index);
  const out: [string, string][] = [];
  let p = 0;
  while (p < d.length) {
    let e = p;
    while (e < d.length && d[e] !== 0) e++;
    if (e > p) {
      const s = Buffer.from(d.subarray(p, e)).toString('latin1');
      const eq = s.indexOf('=');
      if (eq > 0) out.push([s.slice(0, eq), s.slice(eq + 1)]);
    }
    p = e + 1;
  }
  return out;
}

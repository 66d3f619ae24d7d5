// A DER reader for what the kernel parses itself (lib/asn1_decoder.c's role for X.509 and
// PKCS#7): definite lengths only, every element inside its parent, trailing bytes refused.
// Any violation is an Asn1Error, which the parsers turn into -EBADMSG as Linux does.

export class Asn1Error extends Error {}

export const TAG = {
  INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06,
  UTF8String: 0x0c, PrintableString: 0x13, T61String: 0x14, IA5String: 0x16, BMPString: 0x1e,
  SEQUENCE: 0x30, SET: 0x31,
} as const;
/** [n] context-specific, constructed. */
export const CONT = (n: number) => 0xa0 | n;
/** [n] context-specific, primitive. */
export const CONT_PRIM = (n: number) => 0x80 | n;

/** One element: its tag, where it starts, where its content starts and ends. */
export interface Tlv { tag: number; start: number; content: number; end: number }

export function readTlv(b: Uint8Array, off: number, limit = b.length): Tlv {
  if (off + 2 > limit) throw new Asn1Error('truncated header');
  const tag = b[off];
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('multi-byte tag');
  let len = b[off + 1];
  let content = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw new Asn1Error('indefinite length');
    if (n > 4 || content + n > limit) throw new Asn1Error('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[content + i];
    content += n;
  }
  const end = content + len;
  if (end > limit) throw new Asn1Error('element beyond its parent');
  return { tag, start: off, content, end };
}

/** The elements directly inside `parent`. */
export function children(b: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = parent.content; p < parent.end;) {
    const t = readTlv(b, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

/** The one element making up all of `b`. */
export function top(b: Uint8Array): Tlv {
  const t = readTlv(b, 0);
  if (t.end !== b.length) throw new Asn1Error('trailing bytes');
  return t;
}

export function expect(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new Asn1Error(`${what}: expected tag 0x${tag.toString(16)}`);
  return t;
}

export const content = (b: Uint8Array, t: Tlv) => b.subarray(t.content, t.end);
export const raw = (b: Uint8Array, t: Tlv) => b.subarray(t.start, t.end);

/** Dotted form of an OBJECT IDENTIFIER. */
export function oid(b: Uint8Array, t: Tlv): string {
  const c = content(b, t);
  if (!c.length) throw new Asn1Error('empty OID');
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    v = v * 128 + (c[i] & 0x7f);
    if (!(c[i] & 0x80)) { parts.push(v); v = 0; }
  }
  if (c[c.length - 1] & 0x80) throw new Asn1Error('truncated OID');
  const first = parts.shift()!;
  const a = first < 80 ? Math.floor(first / 40) : 2;
  return [a, first - a * 40, ...parts].join('.');
}

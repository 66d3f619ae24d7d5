// The module signature trailer as libkmod reads it (libkmod-signature.c of kmod 30 built with
// libcrypto): the struct module_signature after the signature, "~Module signature appended~\n"
// last; PKCS#7 signatures decoded with a small BER reader following OpenSSL's d2i_PKCS7 closely
// enough for the signatures Linux's sign-file makes and for the malformed ones we tried.
// Why not pkijs/asn1js from npm: they read all of Debian's signatures right, but on 300 seeded
// corruptions of crc7.ko's PKCS#7 blob they disagreed with kmod 30's modinfo (signer shown or
// not, and its value) in 23 cases; this reader agrees in all of them (test/modinfo.test.ts).
// (The kernel's own reading of the trailer, to strip it before loading, is kernel/module/signing.ts.)


const SIG_MAGIC = '~Module signature appended~\n';
const PKEY_HASH_ALGO = ['md4', 'md5', 'sha1', 'rmd160', 'sha256', 'sha384', 'sha512', 'sha224', 'sm3'];
const PKEY_ID_TYPE = ['PGP', 'X509', 'PKCS#7'];
const PKEY_ALGO_LAST = 2;
const PKEY_ID_PKCS7 = 2;

export interface SigInfo {
  idType: string;
  signer: string;
  keyId: Uint8Array;
  hashAlgo: string;
  sig: Uint8Array;
}

/** kmod_module_signature_info(). */
export function signatureInfo(mem: Uint8Array): SigInfo | null {
  let size = mem.length;
  if (size < SIG_MAGIC.length) return null;
  size -= SIG_MAGIC.length;
  if (Buffer.from(mem.subarray(size, size + SIG_MAGIC.length)).toString('latin1') !== SIG_MAGIC) return null;
  if (size < 12) return null;
  size -= 12;
  const [algo, hash, idType, signerLen, keyIdLen] = mem.subarray(size, size + 5);
  if (algo >= PKEY_ALGO_LAST || hash >= PKEY_HASH_ALGO.length || idType >= PKEY_ID_TYPE.length) return null;
  const sigLen = new DataView(mem.buffer, mem.byteOffset + size + 8, 4).getUint32(0, false);
  if (sigLen === 0 || size < signerLen + keyIdLen + sigLen) return null;
  if (idType === PKEY_ID_PKCS7) return fillPkcs7(mem.subarray(size - sigLen, size));
  // fill_default: [signer][key id][signature] before the struct.
  const sigAt = size - sigLen;
  const keyAt = sigAt - keyIdLen;
  const signerAt = keyAt - signerLen;
  return {
    idType: PKEY_ID_TYPE[idType],
    signer: Buffer.from(mem.subarray(signerAt, keyAt)).toString('latin1'),
    keyId: mem.subarray(keyAt, sigAt),
    hashAlgo: PKEY_HASH_ALGO[hash],
    sig: mem.subarray(sigAt, size),
  };
}

// Digest OIDs libkmod names (obj_to_hash_algo); others leave the module without signature fields.
const DIGEST_OIDS: Record<string, string> = {
  '1.2.840.113549.2.4': 'md4',
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '1.3.36.3.2.1': 'rmd160',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '1.2.156.10197.1.401': 'sm3',
};
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_SIGNED_AND_ENVELOPED = '1.2.840.113549.1.7.4';
const OID_DATA = '1.2.840.113549.1.7.1';
const OID_COMMON_NAME = '2.5.4.3';

/** fill_pkcs7(): d2i_PKCS7, first SignerInfo: issuer CN, serial, digest algorithm, encrypted digest. */
function fillPkcs7(raw: Uint8Array): SigInfo | null {
  let p7: Pkcs7Signer | null;
  try {
    p7 = parsePkcs7(raw);
  } catch (e) {
    if (e instanceof BerError) return null;
    throw e;
  }
  if (!p7) return null;
  const hashAlgo = DIGEST_OIDS[p7.digestOid];
  if (!hashAlgo) return null;
  return { idType: 'PKCS#7', signer: p7.signer ?? '', keyId: p7.serial, hashAlgo, sig: p7.encDigest };
}

// --- a BER reader, as strict as OpenSSL's ASN.1 decoder where it matters here ----------------------------------

class BerError extends Error {}

interface Tlv {
  cls: number; // 0 universal, 1 application, 2 context, 3 private
  cons: boolean;
  tag: number;
  /** Content bytes (for an indefinite-length value, without the end-of-contents octets). */
  content: Uint8Array;
  /** The values inside an indefinite-length value (found walking to its end, as asn1_find_end does). */
  indefinite: Tlv[] | null;
  /** The whole encoding, header included. */
  raw: Uint8Array;
  end: number;
}

const isEoc = (t: Tlv) => t.cls === 0 && t.tag === 0 && !t.cons && t.indefinite === null && t.content.length === 0;

/** Indefinite lengths nested deeper than this are refused (OpenSSL walks them; nothing real nests so). */
const MAX_INDEFINITE_NEST = 1000;

/** One TLV at `pos` (ASN1_get_object); definite-length contents are not looked into. */
function readTlv(buf: Uint8Array, pos: number, limit: number, nest = 0): Tlv {
  if (pos >= limit) throw new BerError('truncated');
  if (nest > MAX_INDEFINITE_NEST) throw new BerError('indefinite lengths nested too deep');
  const at = pos;
  const b0 = buf[pos++];
  const cls = b0 >> 6;
  const cons = (b0 & 0x20) !== 0;
  let tag = b0 & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (;;) {
      if (pos >= limit) throw new BerError('truncated tag');
      const b = buf[pos++];
      tag = tag * 128 + (b & 0x7f);
      if (tag > 0x7fffffff) throw new BerError('tag too big');
      if (!(b & 0x80)) break;
    }
  }
  if (pos >= limit) throw new BerError('truncated length');
  const l0 = buf[pos++];
  if (l0 === 0x80) {
    if (!cons) throw new BerError('indefinite primitive');
    const inner: Tlv[] = [];
    const start = pos;
    for (;;) {
      const c = readTlv(buf, pos, limit, nest + 1);
      if (isEoc(c)) {
        return { cls, cons, tag, content: buf.subarray(start, pos), indefinite: inner, raw: buf.subarray(at, c.end), end: c.end };
      }
      inner.push(c);
      pos = c.end;
    }
  }
  let len: number;
  if (l0 & 0x80) {
    const n = l0 & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) {
      if (pos >= limit) throw new BerError('truncated length');
      len = len * 256 + buf[pos++];
      if (len > 0x7fffffff) throw new BerError('length too big');
    }
  } else len = l0;
  if (pos + len > limit) throw new BerError('too long');
  return { cls, cons, tag, content: buf.subarray(pos, pos + len), indefinite: null, raw: buf.subarray(at, pos + len), end: pos + len };
}

function expect(t: Tlv | undefined, cls: number, tag: number, cons: boolean | null, what: string): Tlv {
  if (!t || t.cls !== cls || t.tag !== tag || (cons !== null && t.cons !== cons)) throw new BerError(`expected ${what}`);
  return t;
}

/**
 * The values inside `t`: a SEQUENCE's fields or a SET OF / SEQUENCE OF's elements (OpenSSL reads the
 * latter whether or not the constructed bit is set). An end-of-contents inside a definite length is an error.
 */
function elementsOf(t: Tlv): Tlv[] {
  if (t.indefinite) return t.indefinite;
  const out: Tlv[] = [];
  const c = t.content;
  const buf = new Uint8Array(c.buffer, c.byteOffset, c.length);
  for (let q = 0; q < buf.length; ) {
    const e = readTlv(buf, q, buf.length);
    if (isEoc(e)) throw new BerError('unexpected EOC');
    out.push(e);
    q = e.end;
  }
  return out;
}
/** A SEQUENCE type (must be constructed): its fields. */
const SEQ = (t: Tlv | undefined, what = 'SEQUENCE') => elementsOf(expect(t, 0, 16, true, what));
/** SET OF / SEQUENCE OF (universal, or IMPLICIT [n] when cls is 2): the elements. */
const SET_OF = (t: Tlv | undefined, what: string, tag = 17, cls = 0) => elementsOf(expect(t, cls, tag, null, what));
const isCtx = (t: Tlv | undefined, n: number) => !!t && t.cls === 2 && t.tag === n;

function oid(t: Tlv | undefined): string {
  const c = expect(t, 0, 6, false, 'OBJECT IDENTIFIER').content;
  if (c.length === 0 || c[c.length - 1] & 0x80) throw new BerError('bad OID');
  const arcs: bigint[] = [];
  let v = 0n;
  for (let i = 0; i < c.length; i++) {
    if (c[i] === 0x80 && (i === 0 || !(c[i - 1] & 0x80))) throw new BerError('non-minimal OID');
    v = (v << 7n) | BigInt(c[i] & 0x7f);
    if (!(c[i] & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs[0];
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

/** c2i_ASN1_INTEGER: the magnitude, big-endian, without leading zeros (what BN_bn2bin gives). */
function integerMagnitude(t: Tlv | undefined): Uint8Array {
  const c = expect(t, 0, 2, false, 'INTEGER').content;
  if (c.length === 0) throw new BerError('empty INTEGER');
  const neg = (c[0] & 0x80) !== 0;
  if (c.length > 1) {
    let pad = false;
    if (c[0] === 0) pad = true;
    else if (c[0] === 0xff) pad = c.subarray(1).some((b) => b !== 0);
    if (pad && neg === ((c[1] & 0x80) !== 0)) throw new BerError('INTEGER padding');
  }
  let v = 0n;
  for (const b of c) v = (v << 8n) | BigInt(b);
  if (neg) v = (1n << BigInt(8 * c.length)) - v;
  const out: number[] = [];
  while (v > 0n) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return Uint8Array.from(out);
}

/** asn1_collect(): a constructed string is the concatenation of its primitive parts, whatever their tags. */
function collect(t: Tlv, depth = 0): Uint8Array {
  if (!t.cons) return t.content;
  if (depth >= 5) throw new BerError('string nested too deep');
  return Buffer.concat(elementsOf(t).map((c) => collect(c, depth + 1)));
}

/** c2i_ASN1_BIT_STRING: the bits without the unused-bits octet, unused bits cleared. */
function bitString(data: Uint8Array): Uint8Array {
  if (data.length < 1 || data[0] > 7) throw new BerError('bad BIT STRING');
  const bits = data.slice(1);
  if (bits.length) bits[bits.length - 1] &= 0xff << data[0];
  return bits;
}

/** An ASN1_ANY value: decoded by its tag, with the checks asn1_ex_c2i makes. */
function anyValue(t: Tlv): void {
  if (t.cls !== 0) return; // V_ASN1_OTHER: kept as it is
  switch (t.tag) {
    case 16: case 17:
      if (!t.cons) throw new BerError('not constructed');
      return;
    case 1: case 2: case 5: case 6: case 10:
      if (t.cons) throw new BerError('not primitive');
      if (t.tag === 1 && t.content.length !== 1) throw new BerError('BOOLEAN length');
      if (t.tag === 5 && t.content.length !== 0) throw new BerError('NULL length');
      if (t.tag === 6) oid(t);
      if (t.tag === 2 || t.tag === 10) integerMagnitude({ ...t, tag: 2 });
      return;
    case 3:
      bitString(collect(t));
      return;
    default: {
      const d = collect(t);
      if (t.tag === 30 && d.length % 2) throw new BerError('BMPString length');
      if (t.tag === 28 && d.length % 4) throw new BerError('UniversalString length');
    }
  }
}

function octetString(t: Tlv | undefined): Uint8Array {
  return collect(expect(t, 0, 4, null, 'OCTET STRING'));
}

/** AlgorithmIdentifier: the algorithm's OID. */
function algorithm(t: Tlv | undefined): string {
  const s = SEQ(t, 'AlgorithmIdentifier');
  if (s.length < 1 || s.length > 2) throw new BerError('AlgorithmIdentifier');
  if (s[1]) anyValue(s[1]);
  return oid(s[0]);
}

function validUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

const isSurrogate = (v: number) => v >= 0xd800 && v <= 0xdfff;

/** Universal tags ASN1_PRINTABLE (an MSTRING) accepts: tag2bit() & B_ASN1_PRINTABLE, B_ASN1_UNKNOWN included. */
const PRINTABLE_TAGS = new Set([3, 7, 8, 9, 11, 12, 13, 14, 15, 16, 18, 19, 20, 22, 28, 29, 30]);

/**
 * An X509_NAME_ENTRY value: the ASN1_STRING's data as ASN1_STRING_get0_data() gives it, after the checks
 * d2i and X509_NAME's canonical encoding (ASN1_STRING_to_UTF8 on UTF8/BMP/Universal strings) make.
 */
function nameValue(t: Tlv): string {
  if (t.cls !== 0 || !PRINTABLE_TAGS.has(t.tag)) throw new BerError('name value type');
  let data: Uint8Array;
  if (t.tag === 16) {
    if (!t.cons) throw new BerError('SEQUENCE not constructed');
    data = t.raw;
  } else data = collect(t);
  switch (t.tag) {
    case 3:
      data = bitString(data);
      break;
    case 12:
      if (!validUtf8(data)) throw new BerError('bad UTF8String');
      break;
    case 30:
      if (data.length % 2) throw new BerError('bad BMPString');
      for (let i = 0; i < data.length; i += 2) if (isSurrogate((data[i] << 8) | data[i + 1])) throw new BerError('bad BMPString');
      break;
    case 28:
      if (data.length % 4) throw new BerError('bad UniversalString');
      for (let i = 0; i < data.length; i += 4) {
        const v = ((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]) >>> 0;
        if (v > 0x10ffff || isSurrogate(v)) throw new BerError('bad UniversalString');
      }
      break;
  }
  return Buffer.from(data).toString('latin1');
}

/** x509_name_to_str(): the first commonName; without one the last entry (libkmod's loop leaves it there). */
function issuerName(t: Tlv | undefined): string | null {
  const entries: { oid: string; value: string }[] = [];
  for (const rdn of SET_OF(t, 'Name', 16)) {
    for (const ava of SET_OF(rdn, 'RDN')) {
      const s = SEQ(ava, 'AttributeTypeAndValue');
      if (s.length !== 2) throw new BerError('AttributeTypeAndValue');
      entries.push({ oid: oid(s[0]), value: nameValue(s[1]) });
    }
  }
  if (entries.length === 0) return null;
  const cn = entries.find((e) => e.oid === OID_COMMON_NAME) ?? entries[entries.length - 1];
  return cn.value;
}

interface Pkcs7Signer {
  signer: string | null;
  serial: Uint8Array;
  digestOid: string;
  encDigest: Uint8Array;
}

/** X509_ATTRIBUTEs in an IMPLICIT [n] SET / SEQUENCE OF: SEQUENCE { type, SET OF ANY }. */
function attributes(t: Tlv, n: number): void {
  for (const a of SET_OF(t, 'attributes', n, 2)) {
    const f = SEQ(a, 'Attribute');
    if (f.length !== 2) throw new BerError('Attribute');
    oid(f[0]);
    for (const v of SET_OF(f[1], 'attribute values')) anyValue(v);
  }
}

function signerInfo(t: Tlv): Pkcs7Signer {
  const c = SEQ(t, 'SignerInfo');
  let i = 0;
  integerMagnitude(c[i++]);
  const ias = SEQ(c[i++], 'IssuerAndSerialNumber');
  if (ias.length !== 2) throw new BerError('IssuerAndSerialNumber');
  const signer = issuerName(ias[0]);
  const serial = integerMagnitude(ias[1]);
  const digestOid = algorithm(c[i++]);
  if (isCtx(c[i], 0)) attributes(c[i++], 0);
  algorithm(c[i++]);
  const encDigest = octetString(c[i++]);
  if (isCtx(c[i], 1)) attributes(c[i++], 1);
  if (i !== c.length) throw new BerError('SignerInfo length');
  return { signer, serial, digestOid, encDigest };
}

/** A ContentInfo; for signed data, the first signer (null when there is none). */
function contentInfo(t: Tlv | undefined, depth: number): Pkcs7Signer | null | undefined {
  if (depth > 4) throw new BerError('nested ContentInfo');
  const c = SEQ(t, 'ContentInfo');
  if (c.length < 1 || c.length > 2) throw new BerError('ContentInfo');
  const type = oid(c[0]);
  const wrapped = c[1];
  // [0] EXPLICIT: constructed, exactly one value inside.
  const inner = wrapped && isCtx(wrapped, 0) && wrapped.cons ? elementsOf(wrapped) : [];
  if (wrapped && inner.length !== 1) throw new BerError('[0] content');
  const content = inner[0];
  if (type === OID_DATA) {
    if (content) octetString(content);
    return undefined;
  }
  if (type !== OID_SIGNED_DATA && type !== OID_SIGNED_AND_ENVELOPED) {
    if (content) anyValue(content);
    return undefined;
  }
  if (!content) return null;
  const s = SEQ(content, 'SignedData');
  let i = 0;
  integerMagnitude(s[i++]);
  if (type === OID_SIGNED_AND_ENVELOPED) SET_OF(s[i++], 'RecipientInfos');
  for (const a of SET_OF(s[i++], 'DigestAlgorithms')) algorithm(a);
  if (type === OID_SIGNED_DATA) contentInfo(s[i++], depth + 1);
  else SEQ(s[i++], 'EncryptedContentInfo');
  // certificates [0] and crls [1] (IMPLICIT SEQUENCE / SET OF): not decoded further here.
  for (const n of [0, 1]) if (isCtx(s[i], n)) SET_OF(s[i++], 'certificates', n, 2);
  const signers = SET_OF(s[i++], 'SignerInfos').map(signerInfo);
  if (i !== s.length) throw new BerError('SignedData length');
  return signers[0] ?? null;
}

/** d2i_PKCS7_bio + PKCS7_get_signer_info + sk_value(0): null when OpenSSL would give no signer. */
function parsePkcs7(raw: Uint8Array): Pkcs7Signer | null {
  const top = readTlv(raw, 0, raw.length);
  return contentInfo(top, 0) ?? null;
}

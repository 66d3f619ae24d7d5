// PKCS#7 signed data as Linux 6.1 parses and checks it for module signatures
// (crypto/asymmetric_keys/pkcs7_parser.c, pkcs7_verify.c, pkcs7_trust.c): malformed → -EBADMSG,
// not signedData → -EINVAL, an unknown digest or key algorithm → -ENOPKG, a module signature that is not detached
// pkcs7-data or carries authenticated attributes → -EKEYREJECTED, no trusted key → -ENOKEY,
// a signature the key does not verify → -EKEYREJECTED.
import { verify, constants } from 'node:crypto';
import { Asn1Error, TAG, CONT, children, top, expect, content, raw, oid, type Tlv } from './asn1.ts';
import { x509_cert_parse, type X509 } from './x509.ts';
import { EBADMSG, EINVAL, ENOPKG, ENOKEY, EKEYREJECTED } from '../errno.ts';

const OID_signedData = '1.2.840.113549.1.7.2';
const OID_data = '1.2.840.113549.1.7.1';

/** Digest algorithms the kernel's crypto API provides (OID → Node's name). */
const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.4': 'sha224', '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512',
};
/** RSA PKCS#1 v1.5, as rsaEncryption or hash-with-RSA (pkcs7_sig_note_pkey_algo). */
const RSA = new Set([
  '1.2.840.113549.1.1.1', '1.2.840.113549.1.1.5', '1.2.840.113549.1.1.14', '1.2.840.113549.1.1.11',
  '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13',
]);

export interface SignedInfo {
  index: number;
  /** issuerAndSerialNumber, or null with a subjectKeyIdentifier. */
  issuer: Uint8Array | null;
  serial: Uint8Array | null;
  skid: Uint8Array | null;
  hash: string;
  haveAuthattrs: boolean;
  signature: Uint8Array;
}

export interface Pkcs7Message {
  dataType: string;
  /** Content carried inside the message (module signatures carry none: detached). */
  data: Uint8Array | null;
  certs: X509[];
  signedInfos: SignedInfo[];
}

/** The errno of a failed step, with what Linux logs for it (if anything). */
export class Pkcs7Error extends Error {
  /** `log` is printed at printk level `level` (pr_warn 4, pr_err 3). */
  constructor(readonly errno: number, readonly log?: string, readonly level = 4) { super(log ?? `errno ${errno}`); }
}

/** pkcs7_parse_message(). */
export function pkcs7_parse_message(msg: Uint8Array): Pkcs7Message {
  try {
    return parse(msg);
  } catch (e) {
    if (e instanceof Asn1Error) throw new Pkcs7Error(EBADMSG);
    throw e;
  }
}

function parse(b: Uint8Array): Pkcs7Message {
  const [ctype, wrapped] = children(b, expect(top(b), TAG.SEQUENCE, 'ContentInfo'));
  if (oid(b, expect(ctype, TAG.OID, 'contentType')) !== OID_signedData) {
    throw new Pkcs7Error(EINVAL, 'Only support pkcs7_signedData type');
  }
  const [sd] = children(b, expect(wrapped, CONT(0), 'content'));
  const f = children(b, expect(sd, TAG.SEQUENCE, 'SignedData'));
  let i = 0;
  expect(f[i++], TAG.INTEGER, 'version');
  for (const alg of children(b, expect(f[i++], TAG.SET, 'digestAlgorithms'))) digestOf(b, alg);
  const ci = children(b, expect(f[i++], TAG.SEQUENCE, 'contentInfo'));
  const dataType = oid(b, expect(ci[0], TAG.OID, 'contentType'));
  const data = ci[1] ? content(b, children(b, expect(ci[1], CONT(0), 'content'))[0] ?? ci[1]) : null;
  const certs: X509[] = [];
  if (f[i]?.tag === CONT(0)) {
    for (const c of children(b, f[i++])) certs.push(x509_cert_parse(raw(b, expect(c, TAG.SEQUENCE, 'certificate'))));
  }
  if (f[i]?.tag === CONT(1)) i++; // crls
  const signedInfos: SignedInfo[] = [];
  for (const si of children(b, expect(f[i++], TAG.SET, 'signerInfos'))) signedInfos.push(signerInfo(b, si, signedInfos.length));
  if (i !== f.length) throw new Asn1Error('SignedData: trailing elements');
  if (!signedInfos.length) throw new Asn1Error('no signerInfos');
  return { dataType, data, certs, signedInfos };
}

function signerInfo(b: Uint8Array, si: Tlv, index: number): SignedInfo {
  const f = children(b, expect(si, TAG.SEQUENCE, 'SignerInfo'));
  let i = 0;
  expect(f[i++], TAG.INTEGER, 'version');
  let issuer: Uint8Array | null = null, serial: Uint8Array | null = null, skid: Uint8Array | null = null;
  const sid = f[i++];
  if (sid?.tag === TAG.SEQUENCE) {
    const [iss, ser] = children(b, sid);
    issuer = raw(b, expect(iss, TAG.SEQUENCE, 'issuer'));
    serial = content(b, expect(ser, TAG.INTEGER, 'serialNumber'));
  } else if (sid?.tag === 0x80) {
    skid = content(b, sid);
  } else throw new Asn1Error('sid');
  const hash = digestOf(b, f[i++]);
  let haveAuthattrs = false;
  if (f[i]?.tag === CONT(0)) { haveAuthattrs = true; i++; }
  const [palg] = children(b, expect(f[i++], TAG.SEQUENCE, 'digestEncryptionAlgorithm'));
  const pkey = oid(b, expect(palg, TAG.OID, 'algorithm'));
  if (!RSA.has(pkey)) throw new Pkcs7Error(ENOPKG);
  const signature = content(b, expect(f[i++], TAG.OCTET_STRING, 'encryptedDigest'));
  return { index, issuer, serial, skid, hash, haveAuthattrs, signature };
}

function digestOf(b: Uint8Array, alg: Tlv | undefined): string {
  const [o] = children(b, expect(alg, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const name = DIGESTS[oid(b, expect(o, TAG.OID, 'algorithm'))];
  if (!name) throw new Pkcs7Error(ENOPKG);
  return name;
}

const same = (a: Uint8Array | null, b: Uint8Array | null) => !!a && !!b && Buffer.from(a).equals(Buffer.from(b));

/** Whether a certificate is the one a signer names (asymmetric_key_id_same on auth_ids[0/1]). */
export function signedBy(x: X509, s: SignedInfo): boolean {
  return s.skid ? same(x.skid, s.skid) : same(x.issuer, s.issuer) && same(x.serial, s.serial);
}

function rsaVerify(key: X509, s: SignedInfo, data: Uint8Array): boolean {
  try {
    return verify(s.hash, data, { key: key.publicKey, padding: constants.RSA_PKCS1_PADDING }, s.signature);
  } catch {
    return false;
  }
}

/**
 * verify_pkcs7_message_sig() for VERIFYING_MODULE_SIGNATURE: 0 when a signer is a trusted key
 * (or chains to one through the message's certificates) and its signature over `data` holds.
 */
export function verify_module_pkcs7(msg: Pkcs7Message, data: Uint8Array, trusted: readonly X509[]): number {
  if (msg.data) throw new Pkcs7Error(EBADMSG, 'PKCS#7 signature with non-detached data', 3);
  if (msg.dataType !== OID_data) throw new Pkcs7Error(EKEYREJECTED, 'Invalid module sig (not pkcs7-data)');
  for (const s of msg.signedInfos) {
    if (s.haveAuthattrs) throw new Pkcs7Error(EKEYREJECTED, 'Invalid module sig (has authattrs)');
    // pkcs7_verify_one: a signer whose certificate travels in the message is checked against it.
    const inMessage = msg.certs.find((x) => signedBy(x, s));
    if (inMessage && !rsaVerify(inMessage, s, data)) throw new Pkcs7Error(EKEYREJECTED);
  }
  // pkcs7_validate_trust(): -ENOKEY unless some signer is trusted; a trusted key that does not
  // verify its signature is -EKEYREJECTED.
  let ret = -ENOKEY;
  for (const s of msg.signedInfos) {
    const inMessage = msg.certs.find((x) => signedBy(x, s));
    if (inMessage) {
      const anchor = trusted.find((t) => same(t.der, inMessage.der) || (same(t.subjectRaw, inMessage.issuer) && inMessage.node.verify(t.publicKey)));
      if (anchor) ret = 0;
      continue;
    }
    const key = trusted.find((t) => signedBy(t, s));
    if (!key) continue;
    if (!rsaVerify(key, s, data)) throw new Pkcs7Error(EKEYREJECTED);
    ret = 0;
  }
  return ret;
}

// X.509 certificates as the kernel's keyrings hold them (crypto/asymmetric_keys/x509_cert_parser.c,
// x509_public_key.c): the raw issuer and serial (a signature's "auth id"), the subject key
// identifier, the name x509_fabricate_name() makes, and the key description
// "subject: skid-or-serial in hex" that `Loaded X.509 cert '...'` prints. The public key itself
// is Node's (crypto.X509Certificate), which verifies RSA and ECDSA signatures.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { Asn1Error, TAG, CONT, children, top, expect, content, raw, oid, type Tlv } from './asn1.ts';

const OID_CN = '2.5.4.3', OID_O = '2.5.4.10', OID_EMAIL = '1.2.840.113549.1.9.1';
const OID_SKID = '2.5.29.14';

export interface X509 {
  der: Uint8Array;
  issuer: Uint8Array;
  subjectRaw: Uint8Array;
  serial: Uint8Array;
  skid: Uint8Array | null;
  /** x509_fabricate_name() of the subject. */
  subject: string;
  /** The key's description in a keyring. */
  description: string;
  publicKey: KeyObject;
  node: X509Certificate;
}

/** x509_cert_parse(): throws Asn1Error on a malformed certificate. */
export function x509_cert_parse(der: Uint8Array): X509 {
  const b = der;
  const cert = expect(top(b), TAG.SEQUENCE, 'Certificate');
  const [tbs] = children(b, cert);
  const f = children(b, expect(tbs, TAG.SEQUENCE, 'TBSCertificate'));
  let i = 0;
  if (f[i]?.tag === CONT(0)) i++; // version
  const serial = expect(f[i++], TAG.INTEGER, 'serialNumber');
  expect(f[i++], TAG.SEQUENCE, 'signature');
  const issuer = expect(f[i++], TAG.SEQUENCE, 'issuer');
  expect(f[i++], TAG.SEQUENCE, 'validity');
  const subject = expect(f[i++], TAG.SEQUENCE, 'subject');
  expect(f[i++], TAG.SEQUENCE, 'subjectPublicKeyInfo');
  let skid: Uint8Array | null = null;
  for (; i < f.length; i++) {
    if (f[i].tag !== CONT(3)) continue;
    const [exts] = children(b, f[i]);
    for (const ext of children(b, expect(exts, TAG.SEQUENCE, 'extensions'))) {
      const parts = children(b, ext);
      if (oid(b, expect(parts[0], TAG.OID, 'extnID')) !== OID_SKID) continue;
      const value = parts[parts.length - 1];
      const inner = top(content(b, expect(value, TAG.OCTET_STRING, 'extnValue')));
      if (inner.tag !== TAG.OCTET_STRING) throw new Asn1Error('subjectKeyIdentifier');
      skid = content(content(b, value), inner);
    }
  }
  let node: X509Certificate;
  try {
    node = new X509Certificate(Buffer.from(der));
  } catch (e) {
    throw new Asn1Error(`certificate: ${(e as Error).message}`);
  }
  const name = fabricateName(b, subject);
  const id = skid ?? content(b, serial);
  return {
    der, issuer: raw(b, issuer), subjectRaw: raw(b, subject), serial: content(b, serial), skid, subject: name,
    description: `${name}: ${Buffer.from(id).toString('hex')}`, publicKey: node.publicKey, node,
  };
}

/** x509_fabricate_name(): CN, or "O: CN" unless the CN starts with the O (or its first 7 bytes). */
function fabricateName(b: Uint8Array, name: Tlv): string {
  let cn: Uint8Array | null = null, o: Uint8Array | null = null, email: Uint8Array | null = null;
  for (const rdn of children(b, name)) {
    for (const atv of children(b, expect(rdn, TAG.SET, 'RDN'))) {
      const [type, value] = children(b, expect(atv, TAG.SEQUENCE, 'AttributeTypeAndValue'));
      const t = oid(b, expect(type, TAG.OID, 'attribute type'));
      if (!value) throw new Asn1Error('attribute value');
      if (t === OID_CN) cn = content(b, value);
      else if (t === OID_O) o = content(b, value);
      else if (t === OID_EMAIL) email = content(b, value);
    }
  }
  const s = (x: Uint8Array) => Buffer.from(x).toString('latin1');
  const startsWith = (a: Uint8Array, p: Uint8Array, n: number) => Buffer.from(a.subarray(0, n)).equals(Buffer.from(p.subarray(0, n)));
  if (cn && o) {
    if (cn.length >= o.length && startsWith(cn, o, o.length)) return s(cn);
    if (cn.length >= 7 && o.length >= 7 && startsWith(cn, o, 7)) return s(cn);
    return `${s(o)}: ${s(cn)}`;
  }
  return cn ? s(cn) : o ? s(o) : email ? s(email) : '';
}

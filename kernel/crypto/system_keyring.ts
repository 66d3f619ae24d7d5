// The builtin trusted keys (certs/system_keyring.c, certs/common.c) and verify_pkcs7_signature().
// The machine's kernel carries the X.509 certificates compiled into Debian's kernel of the same
// release: they are read from that kernel's image (its vmlinuz), not from a copied file. An EFI
// image's Authenticode signature (the PE certificate table) holds certificates too; those sign
// the image for the firmware and are not the kernel's keys, so they are skipped.
import { readFileSync, statSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '../../emu/repo-root.ts';
import { Asn1Error } from './asn1.ts';
import { x509_cert_parse, type X509 } from './x509.ts';
import { pkcs7_parse_message, verify_module_pkcs7, Pkcs7Error } from './pkcs7.ts';

/** [start, end) of the PE certificate table of an EFI-bootable image, if it has one. */
function authenticodeRange(img: Uint8Array): [number, number] | null {
  if (img.length < 0x40 || img[0] !== 0x4d || img[1] !== 0x5a) return null; // "MZ"
  const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
  const pe = dv.getUint32(0x3c, true);
  if (pe + 24 + 152 > img.length || dv.getUint32(pe, true) !== 0x00004550) return null; // "PE\0\0"
  const opt = pe + 24;
  if (dv.getUint16(opt, true) !== 0x20b) return null; // PE32+
  const off = dv.getUint32(opt + 144, true), size = dv.getUint32(opt + 148, true);
  return size ? [off, off + size] : null;
}

/** The DER X.509 certificates an image carries, outside its Authenticode signature. */
export function compiledInCertificates(img: Uint8Array): Uint8Array[] {
  const skip = authenticodeRange(img);
  const out: Uint8Array[] = [];
  const buf = Buffer.from(img.buffer, img.byteOffset, img.byteLength);
  // Certificate ::= SEQUENCE { TBSCertificate ::= SEQUENCE { [0] { INTEGER 2 } ... } ... }
  const v3 = Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]);
  for (let i = buf.indexOf(v3, 8); i >= 0; i = buf.indexOf(v3, i + 1)) {
    const s = i - 8;
    if (buf[s] !== 0x30 || buf[s + 1] !== 0x82 || buf[s + 4] !== 0x30 || buf[s + 5] !== 0x82) continue;
    const end = s + 4 + buf.readUInt16BE(s + 2);
    if (end > buf.length || (skip && s < skip[1] && end > skip[0])) continue;
    try {
      x509_cert_parse(img.subarray(s, end));
      out.push(img.subarray(s, end));
      i = end - 1;
    } catch (e) {
      if (!(e instanceof Asn1Error)) throw e;
    }
  }
  return out;
}

// Scanning a 27 MB image costs ~200 ms and every boot reads it: what a file holds is remembered
// by path, size and mtime (a pure function of the file; no machine state lives here), in the
// process and, for the next process, in build/cache/certs (a stamp line, then each certificate
// as a 4-byte length and its DER bytes).
const scanned = new Map<string, { stamp: string; certs: Uint8Array[] }>();

/** Certificates from a file: PEM (any number), one DER certificate, or a kernel image. */
export function certificatesIn(path: string): Uint8Array[] {
  const st = statSync(path);
  const stamp = `${path}:${st.size}:${st.mtimeMs}:${st.ino}`;
  const hit = scanned.get(path);
  if (hit?.stamp === stamp) return hit.certs;
  const cache = join(REPO_ROOT, 'build', 'cache', 'certs', createHash('sha1').update(path).digest('hex'));
  const certs = readCache(cache, stamp) ?? writeCache(cache, stamp, readCertificates(path));
  scanned.set(path, { stamp, certs });
  return certs;
}

function readCache(file: string, stamp: string): Uint8Array[] | null {
  let b: Buffer;
  try {
    b = readFileSync(file);
  } catch {
    return null;
  }
  const nl = b.indexOf(10);
  if (nl < 0 || b.toString('utf8', 0, nl) !== stamp) return null;
  const out: Uint8Array[] = [];
  for (let o = nl + 1; o < b.length;) {
    if (o + 4 > b.length) return null;
    const n = b.readUInt32LE(o);
    if (o + 4 + n > b.length) return null;
    out.push(new Uint8Array(b.subarray(o + 4, o + 4 + n)));
    o += 4 + n;
  }
  return out;
}

function writeCache(file: string, stamp: string, certs: Uint8Array[]): Uint8Array[] {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const parts: Buffer[] = [Buffer.from(stamp + '\n')];
    for (const c of certs) {
      const n = Buffer.alloc(4);
      n.writeUInt32LE(c.length);
      parts.push(n, Buffer.from(c));
    }
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, Buffer.concat(parts));
    renameSync(tmp, file);
  } catch {
    // a read-only tree: scan again next time
  }
  return certs;
}

function readCertificates(path: string): Uint8Array[] {
  const data = new Uint8Array(readFileSync(path));
  const text = Buffer.from(data.subarray(0, 64)).toString('latin1');
  if (text.includes('-----BEGIN')) {
    const pem = Buffer.from(data).toString('latin1');
    return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)]
      .map((m) => new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')));
  }
  if (data[0] === 0x30) {
    try {
      x509_cert_parse(data);
      return [data];
    } catch (e) {
      if (!(e instanceof Asn1Error)) throw e;
    }
  }
  return compiledInCertificates(data);
}

export interface KeyringLog { printk(text: string): void }

/**
 * load_system_certificate_list(): parses each certificate, logging as Linux does; a bad one
 * is reported and left out.
 */
export function loadSystemCertificates(certs: Uint8Array[], log: KeyringLog): X509[] {
  log.printk('<5>Loading compiled-in X.509 certificates\n');
  const keys: X509[] = [];
  for (const der of certs) {
    try {
      const x = x509_cert_parse(der);
      keys.push(x);
      log.printk(`<5>Loaded X.509 cert '${x.description}'\n`);
    } catch (e) {
      if (!(e instanceof Asn1Error)) throw e;
      log.printk(`<3>Problem loading in-kernel X.509 certificate (-74)\n`);
    }
  }
  return keys;
}

/** verify_pkcs7_signature(data, sig, builtin keys, VERIFYING_MODULE_SIGNATURE): 0 or -errno. */
export function verify_pkcs7_signature(data: Uint8Array, sig: Uint8Array, trusted: readonly X509[], log: KeyringLog): number {
  try {
    return verify_module_pkcs7(pkcs7_parse_message(sig), data, trusted);
  } catch (e) {
    if (!(e instanceof Pkcs7Error)) throw e;
    if (e.log) log.printk(`<${e.level}>${e.log}\n`);
    return -e.errno;
  }
}

// Module signatures as Linux 6.1 checks them: the builtin trusted keys are the certificates
// compiled into Debian's kernel of the same release; Debian's signed modules load without taint,
// a changed byte is "Key was rejected by service", sig_enforce refuses unsigned modules, and a
// user's own key (Linux's sign-file) is trusted once given with `boot trusted_keys=`.
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { scenario, messages, EXAMPLES } from './helpers.ts';
import { compiledInCertificates } from '../kernel/crypto/system_keyring.ts';
import { x509_cert_parse } from '../kernel/crypto/x509.ts';

const REAL = join(REPO_ROOT, 'build', 'real-modules');
const SYMVERS = join(REAL, 'Module.symvers');
const BOOTDIR = join(REAL, 'root', 'boot');
const VMLINUZ = join(BOOTDIR, readdirSync(BOOTDIR).find((f) => f.startsWith('vmlinuz-'))!);
const CRC7 = join(REAL, 'modules', 'kernel', 'lib', 'crc7.ko');
const BOOT = `boot symvers=${SYMVERS}`;
const SIGN_FILE = '/usr/lib/linux-kbuild-6.1/scripts/sign-file';

/** kmod 30's modinfo field of a module (the oracle for who signed it). */
const kmodField = (ko: string, field: string) => execFileSync('modinfo', ['-F', field, ko], { encoding: 'utf8' }).trim();

describe('module signatures', () => {
  it("loads the certificates compiled into Debian's kernel image, not its Authenticode signer", () => {
    const certs = compiledInCertificates(new Uint8Array(readFileSync(VMLINUZ))).map((c) => x509_cert_parse(c));
    // Debian signs its modules with the key the kernel build generated; kmod names that signer.
    expect(certs.map((c) => c.subject)).toEqual([kmodField(CRC7, 'signer')]);
    expect(Buffer.from(certs[0].serial).toString('hex').toUpperCase().replace(/^00/, '')).toBe(kmodField(CRC7, 'sig_key').replace(/:/g, ''));
    const m = messages(scenario('dmesg').out);
    expect(m).toContain('Loading compiled-in X.509 certificates');
    expect(m).toContain(`Loaded X.509 cert '${certs[0].subject}: ${Buffer.from(certs[0].skid!).toString('hex')}'`);
  });

  it("loads Debian's signed module without taint", () => {
    const r = scenario(`${BOOT}\ninsmod ${CRC7}\ncat /proc/modules\ncat /proc/sys/kernel/tainted\ndmesg`);
    expect(r.out[0]).toMatch(/^crc7 \d+ 0 - Live 0x[0-9a-f]+$/);
    expect(r.out[1]).toBe('0');
    expect(messages(r.out).filter((l) => /verification|taint/.test(l))).toEqual([]);
  });

  it('rejects a changed byte with EKEYREJECTED and keeps nothing; insmod -f loads it tainted FE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmodlab-sig-'));
    const img = readFileSync(CRC7);
    const code = Buffer.from(img);
    code[0x100] ^= 1; // inside the ELF header's neighbourhood, covered by the signature
    writeFileSync(join(dir, 'code.ko'), code);
    const sig = Buffer.from(img);
    sig[img.length - 28 - 12 - 20] ^= 1; // inside the RSA signature at the end of the PKCS#7 blob
    writeFileSync(join(dir, 'sig.ko'), sig);
    const r = scenario(`${BOOT}
insmod ${dir}/code.ko
insmod ${dir}/sig.ko
cat /proc/modules
insmod -f ${dir}/code.ko
cat /proc/modules
`);
    expect(r.out[0]).toBe(`insmod: ERROR: could not insert module ${dir}/code.ko: Key was rejected by service`);
    expect(r.out[1]).toBe(`insmod: ERROR: could not insert module ${dir}/sig.ko: Key was rejected by service`);
    // the first cat shows an empty /proc/modules: nothing
    expect(r.out[2]).toMatch(/^crc7 \d+ 0 - Live 0x[0-9a-f]+ \(FE\)$/);
    expect(r.out).toHaveLength(3);
  });

  it('sig_enforce=1 refuses unsigned modules and keeps loading signed ones', () => {
    const r = scenario(`${BOOT} sig_enforce=1
insmod hello/hello.ko
insmod ${CRC7}
lsmod
dmesg
`);
    expect(r.out[0]).toBe('insmod: ERROR: could not insert module hello/hello.ko: Key was rejected by service');
    expect(r.out.slice(1, 3)).toEqual(['Module                  Size  Used by', expect.stringMatching(/^crc7 +\d+  0$/)]);
    expect(messages(r.out)).toContain('Loading of unsigned module is rejected');
  });

  it("trusts a module signed with the user's key (sign-file) once the key is given at boot", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmodlab-sign-'));
    execFileSync('openssl', ['req', '-new', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '36500', '-batch', '-sha256',
      '-subj', '/O=kmodlab/CN=kmodlab module signing key', '-addext', 'subjectKeyIdentifier=hash',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    copyFileSync(join(EXAMPLES, 'hello', 'hello.ko'), join(dir, 'hello.ko'));
    execFileSync(SIGN_FILE, ['sha256', join(dir, 'key.pem'), join(dir, 'cert.pem'), join(dir, 'hello.ko')]);
    expect(kmodField(join(dir, 'hello.ko'), 'signer')).toBe('kmodlab module signing key');

    const trusted = scenario(`boot trusted_keys=${dir}/cert.pem\ninsmod ${dir}/hello.ko\ncat /proc/modules\ndmesg`);
    expect(trusted.out[0]).toMatch(/^hello \d+ 0 - Live 0x[0-9a-f]+ \(O\)$/);
    const m = messages(trusted.out);
    expect(m).toContainEqual(expect.stringMatching(/^Loaded X\.509 cert 'kmodlab module signing key: [0-9a-f]{40}'$/));
    expect(m.filter((l) => /verification failed/.test(l))).toEqual([]);

    // Debian's keys do not know it: an unavailable key is not fatal without enforcement.
    const unknown = scenario(`insmod ${dir}/hello.ko\ncat /proc/modules\ndmesg`);
    expect(unknown.out[0]).toMatch(/^hello \d+ 0 - Live 0x[0-9a-f]+ \(OE\)$/);
    expect(messages(unknown.out)).toContain('hello: module verification failed: signature and/or required key missing - tainting kernel');
  });
});

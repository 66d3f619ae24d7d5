// tools/kmod/modinfo.ts against the host's kmod modinfo (Debian bookworm: kmod 30), byte for byte: stdout, stderr
// and exit status. Module-shaped ET_REL files are built at test time (aarch64-linux-gnu-gcc -c, ld -r) into a
// temporary directory; signatures are made with openssl cms (what Linux's sign-file writes) or assembled as DER.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modinfoMain, runModinfo } from '../tools/kmod/modinfo.ts';
import { mulberry32 } from './fixtures/prng.ts';
import { UTS_RELEASE } from '../kernel/utsrelease.ts';

const CROSS = 'aarch64-linux-gnu-';
const ok = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

function findOracle(): string | null {
  for (const p of ['/sbin/modinfo', '/usr/sbin/modinfo']) if (existsSync(p)) return p;
  const r = spawnSync('sh', ['-c', 'command -v modinfo'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}
const ORACLE = findOracle();
const ORACLE_IS_KMOD30 = !!ORACLE && /^kmod version 30\b/.test(spawnSync(ORACLE, ['-V'], { encoding: 'utf8' }).stdout ?? '');
const HAVE_CROSS = ['gcc', 'ld'].every((t) => ok(CROSS + t, ['--version']));
const HAVE_OPENSSL = ok('openssl', ['version']);
const HAVE_XZ = ok('xz', ['--version']);
const HAVE_ZSTD = ok('zstd', ['--version']);

let dir = '';
const p = (name: string) => join(dir, name);
/** The same file named relative to the current directory: "filename:" shows it unnormalised. */
const rel = (name: string) => relative(process.cwd(), p(name));

interface Run { stdout: Buffer; stderr: string; status: number }

function kmod(args: string[]): Run {
  const r = spawnSync(ORACLE!, args, { argv0: 'modinfo', env: process.env, cwd: process.cwd() });
  const status = r.status ?? (r.signal === 'SIGABRT' ? 134 : -1);
  return { stdout: r.stdout, stderr: r.stderr.toString('latin1'), status };
}

function ours(args: string[]): Run {
  const r = runModinfo(args);
  return { stdout: r.stdout, stderr: r.stderr.toString('latin1'), status: r.status };
}

/** Our modinfo must print what kmod prints. */
function same(args: string[]): Run {
  const k = kmod(args);
  const o = ours(args);
  expect({ stdout: o.stdout.toString('latin1'), stderr: o.stderr, status: o.status }).toEqual({
    stdout: k.stdout.toString('latin1'),
    stderr: k.stderr,
    status: k.status,
  });
  return k;
}

// --- building modules -------------------------------------------------------------------------------------------

const MI = '#define MI(id, s) static const char __UNIQUE_ID_##id[] __attribute__((section(".modinfo"), used, aligned(1))) = s\n';

function buildKo(name: string, csrc: string | string[]): string {
  const srcs = Array.isArray(csrc) ? csrc : [csrc];
  const objs = srcs.map((src, i) => {
    const c = p(`${name}.${i}.c`);
    writeFileSync(c, src);
    const o = p(`${name}.${i}.o`);
    execFileSync(CROSS + 'gcc', ['-c', '-O2', c, '-o', o]);
    return o;
  });
  const ko = p(`${name}.ko`);
  execFileSync(CROSS + 'ld', ['-r', ...objs, '-o', ko]);
  return ko;
}

const FULL = `${MI}
MI(lic, "license=GPL");
MI(au1, "author=J\u00fcrgen Beispiel <jb@example.org>");
MI(au2, "author=The kmodlab authors");
MI(desc, "description=A module with every kind of .modinfo entry");
MI(al1, "alias=pci:v00001269d000000BBsv*sd*bc*sc*i*");
MI(al2, "alias=of:N*T*Chisilicon,hi6220-usb-phy");
MI(al3, "alias=of:N*T*Chisilicon,hi6220-usb-phyC*");
MI(al4, "alias=acpi*:APMC0D15:*");
MI(dep, "depends=mathlib,calc");
MI(p1, "parm=debug:Enable debug output");
MI(t1, "parmtype=debug:int");
MI(t2, "parmtype=quiet:bool");
MI(p3, "parm=nodesc:only a description");
MI(t4, "parmtype=order:charp");
MI(p4, "parm=order:type before description");
MI(p5, "parm=debug:the same name again");
MI(p6, "parm=nocolon");
MI(p7, "parm=colon:in:the:description");
MI(emp, "import_ns=");
MI(nov, "novalue");
MI(ek, "=a value without a key");
MI(lk, "averyveryverylongkeynameindeed=long");
MI(k15, "fifteencharkey_=fifteen");
MI(k14, "fourteenchars_=fourteen");
MI(ver, "version=1.2.3");
MI(src, "srcversion=0123456789ABCDEF012345");
MI(it, "intree=Y");
MI(rp, "retpoline=Y");
MI(nm, "name=full");
MI(vm, "vermagic=6.1.0-28-cloud-arm64 SMP preempt mod_unload modversions aarch64");
static const char __pad[] __attribute__((section(".modinfo"), used, aligned(16))) = "file=padded/before/by/alignment.c";
int x;
`;

// --- signatures -------------------------------------------------------------------------------------------------

const MARKER = Buffer.from('~Module signature appended~\n', 'latin1');

/** [payload][struct module_signature][marker], as scripts/sign-file appends it. */
function appendSig(ko: Buffer, payload: Buffer, f: { algo?: number; hash?: number; id?: number; signer?: number; keyId?: number; sigLen?: number } = {}): Buffer {
  const ms = Buffer.alloc(12);
  ms[0] = f.algo ?? 0;
  ms[1] = f.hash ?? 0;
  ms[2] = f.id ?? 2;
  ms[3] = f.signer ?? 0;
  ms[4] = f.keyId ?? 0;
  ms.writeUInt32BE(f.sigLen ?? payload.length, 8);
  return Buffer.concat([ko, payload, ms, MARKER]);
}

function opensslCms(ko: string, cert: string, key: string, extra: string[]): Buffer {
  const out = p(`cms-${Math.random().toString(36).slice(2)}.p7s`);
  execFileSync('openssl', ['cms', '-sign', '-binary', '-in', ko, '-signer', cert, '-inkey', key, '-outform', 'DER', '-out', out, ...extra], { stdio: 'pipe' });
  return readFileSync(out);
}

function selfSigned(name: string, subj: string, serial: string, keyArgs = ['-newkey', 'rsa:2048']): { cert: string; key: string } {
  const cert = p(`${name}.crt`);
  const key = p(`${name}.key`);
  execFileSync('openssl', ['req', '-new', '-x509', ...keyArgs, '-nodes', '-keyout', key, '-out', cert, '-days', '3650', '-subj', subj, '-set_serial', serial], { stdio: 'pipe' });
  return { cert, key };
}

// A small DER writer for hand-made PKCS#7 SignedData (kmod does not verify the signature, it only reads it).
function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const seq = (...x: Buffer[]) => tlv(0x30, ...x);
const set = (...x: Buffer[]) => tlv(0x31, ...x);
const int = (hex: string) => tlv(0x02, Buffer.from(hex, 'hex'));
function oid(dotted: string): Buffer {
  const a = dotted.split('.').map(Number);
  const out = [a[0] * 40 + a[1]];
  for (const v of a.slice(2)) {
    const b = [v & 0x7f];
    for (let x = v >>> 7; x; x >>>= 7) b.unshift(0x80 | (x & 0x7f));
    out.push(...b);
  }
  return tlv(0x06, Buffer.from(out));
}
const CN = '2.5.4.3', O = '2.5.4.10', EMAIL = '1.2.840.113549.1.9.1';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const ava = (type: string, value: Buffer) => seq(oid(type), value);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bmp = (s: string) => tlv(0x1e, Buffer.from(s, 'utf16le').swap16());
const NULL = Buffer.from([0x05, 0x00]);

function signedData(o: { name: Buffer; serial: string; digest?: string; params?: Buffer; sig?: Buffer; signers?: number }): Buffer {
  const alg = seq(oid(o.digest ?? SHA256), o.params ?? NULL);
  const si = seq(int('01'), seq(o.name, int(o.serial)), alg, seq(oid('1.2.840.113549.1.1.1'), NULL), tlv(0x04, o.sig ?? Buffer.alloc(64, 0xa5)));
  const sis = Array.from({ length: o.signers ?? 1 }, () => si);
  return seq(oid('1.2.840.113549.1.7.2'), tlv(0xa0, seq(int('01'), set(alg), seq(oid('1.2.840.113549.1.7.1')), set(...sis))));
}

// --- fixtures ---------------------------------------------------------------------------------------------------

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmodlab-modinfo-'));
  writeFileSync(p('notelf.ko'), 'This is not an ELF file, it only ends in .ko.\n');
  writeFileSync(p('tiny.ko'), 'abc');
  if (!HAVE_CROSS) return;
  buildKo('full', FULL);
  buildKo('min', `${MI}MI(l, "license=Dual MIT/GPL");\nint y;\n`);
  buildKo('noinfo', 'int z = 1;\n');
  mkdirSync(p('sub'));
  copyFileSync(p('min.ko'), p('sub/full.ko'));
  buildKo('two-files', [`${MI}MI(a, "author=first file");\nMI(p, "parm=n:Which number (uint)");\nint a;\n`, `${MI}MI(t, "parmtype=n:uint");\nMI(l, "license=GPL v2");\nint b;\n`]);
  buildKo('latin1', `${MI}MI(a, "author=Fran\\xe7ois");\nint c;\n`);
  const aliases = Array.from({ length: 150 }, (_, i) => `MI(a${i}, "alias=pci:v0000${i.toString(16).toUpperCase().padStart(4, '0')}d*sv*sd*bc*sc*i*");`);
  buildKo('big', `${MI}${aliases.join('\n')}\nint d;\n`);
  if (HAVE_XZ) writeFileSync(p('full-xz.ko.xz'), execFileSync('xz', ['-c', p('full.ko')]));
  if (HAVE_ZSTD) {
    writeFileSync(p('full-zst.ko.zst'), execFileSync('zstd', ['-q', '-c', p('full.ko')]));
    writeFileSync(p('stream.ko.zst'), execFileSync('zstd', ['-q', '-c'], { input: readFileSync(p('full.ko')) }));
  }
  if (HAVE_XZ) writeFileSync(p('corrupt.ko.xz'), Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.from('garbage, not xz data')]));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const d = describe.skipIf(!ORACLE_IS_KMOD30);
const dc = describe.skipIf(!ORACLE_IS_KMOD30 || !HAVE_CROSS);

// --- the CLI --------------------------------------------------------------------------------------------------------

dc('modinfo FILE.ko, compared with kmod 30', () => {
  it('prints every .modinfo entry in order, padded, with the merged parm lines last', () => {
    const k = same([p('full.ko')]);
    const text = k.stdout.toString('utf8');
    expect(text.startsWith(`filename:       ${p('full.ko')}\n`)).toBe(true);
    expect(text).toContain('author:         J\u00fcrgen Beispiel <jb@example.org>\n');
    expect(text).toContain('averyveryverylongkeynameindeed:               long\n');
    expect(text).toContain('fifteencharkey_:fifteen\n');
    expect(text).toContain('parm:           order:type before description (charp)\n');
    expect(k.stderr).toBe(`modinfo: ERROR: Found invalid "parm=nocolon": missing ':'\n`);
  });

  it('names a relative path the way libkmod makes it absolute (cwd + "/" + path, unnormalised)', () => {
    const k = same([rel('min.ko')]);
    expect(k.stdout.toString()).toContain(`filename:       ${process.cwd()}/${rel('min.ko')}\n`);
  });

  it('-F field, its short forms and -F parm', () => {
    for (const f of ['license', 'author', 'alias', 'depends', 'vermagic', 'name', 'intree', 'import_ns', 'novalue', '', 'parm', 'parmtype', 'filename', 'nothing']) {
      same(['-F', f, p('full.ko')]);
    }
    for (const o of ['-a', '-d', '-l', '-p', '-n', '--author', '--parameters', '--filename', '--field=license', '--fie=alias', '-Flicense']) {
      same([o, p('full.ko')]);
    }
  });

  it('-0 separates with NUL, for all entries, a field and parm', () => {
    same(['-0', p('full.ko')]);
    same(['-0', '-F', 'alias', p('full.ko')]);
    same(['--null', '-p', p('full.ko')]);
    same(['-0n', p('full.ko')]);
  });

  it('several files at once, options after them, the same file twice, two modules of one name', () => {
    same([p('full.ko'), p('min.ko')]);
    same([p('min.ko'), '-F', 'license', p('two-files.ko'), p('min.ko')]);
    same([p('two-files.ko'), p('noinfo.ko'), p('min.ko')]);
    same([p('full.ko'), p('sub/full.ko'), p('full.ko')]);
  });

  it('a module linked from two objects', () => {
    same([p('two-files.ko')]);
  });

  it('values are bytes: a non-UTF-8 author comes out as written', () => {
    same([p('latin1.ko')]);
    expect(ours([p('latin1.ko')]).stdout.includes(Buffer.from('Fran\xe7ois', 'latin1'))).toBe(true);
  });

  it('a file without .modinfo', () => {
    const k = same([p('noinfo.ko')]);
    expect(k.stderr).toBe(`modinfo: ERROR: could not get modinfo from 'noinfo': No such file or directory\n`);
    expect(k.status).toBe(1);
  });

  it('compressed modules (.ko.xz, .ko.zst), and a damaged one', () => {
    if (HAVE_XZ) same([p('full-xz.ko.xz'), p('corrupt.ko.xz')]);
    if (HAVE_ZSTD) same(['-F', 'alias', p('full-zst.ko.zst'), p('stream.ko.zst')]);
  });
});

d('errors and options, compared with kmod 30', () => {
  it('a missing file', () => {
    const k = same(['/x.ko']);
    expect(k.stderr).toBe('modinfo: ERROR: Module /x.ko not found.\n');
    expect(k.status).toBe(1);
    same([p('absent.ko'), 'absent.ko']);
  });

  it('a file that is not an ELF module, or too short to tell', () => {
    const k = same([p('notelf.ko')]);
    expect(k.stderr).toBe(`modinfo: ERROR: could not get modinfo from 'notelf': Exec format error\n`);
    same([p('tiny.ko'), '-F', 'filename', p('notelf.ko')]);
  });

  it('module names and aliases, with no modules directory', () => {
    same(['hello']);
    same(['-m', 'hello']);
    same(['pci:v*', 'a[b', 'a]', 'a[b]c', 'with-dash', '']);
    same(['-k', UTS_RELEASE, '-b', dir, 'hello']);
    same([p('notelf.ko').replace(/\.ko$/, '')]);
  });

  it('no argument, help, version, bad options', () => {
    same([]);
    same(['-h']);
    same(['--help', '-Z']);
    same(['-V']);
    same(['-Z', 'x.ko']);
    same(['-F']);
    same(['--field']);
    same(['--f', 'x']);
    same(['--fi=license', 'x']);
    same(['--null=1', 'x']);
    same(['--nope=1', 'x']);
    same(['-:']);
    same(['--', '-F', 'x']);
  });
});

// --- signatures -------------------------------------------------------------------------------------------------

describe.skipIf(!ORACLE_IS_KMOD30 || !HAVE_CROSS || !HAVE_OPENSSL)('signed modules, compared with kmod 30', () => {
  let ko: Buffer;
  let rsa: { cert: string; key: string };
  beforeAll(() => {
    ko = readFileSync(p('full.ko'));
    rsa = selfSigned('rsa', '/O=kmodlab/CN=kmodlab test signing key/emailAddress=keys@example.org', '0x0123456789abcdef01');
  });
  const check = (name: string, image: Buffer, extraArgs: string[] = []) => {
    writeFileSync(p(name), image);
    return same([...extraArgs, p(name)]);
  };

  it('a signature as sign-file makes it (PKCS#7, sha256, no attributes, no certificates)', () => {
    const k = check('signed.ko', appendSig(ko, opensslCms(p('full.ko'), rsa.cert, rsa.key, ['-noattr', '-nosmimecap', '-nocerts', '-md', 'sha256'])));
    const text = k.stdout.toString();
    expect(text).toContain('sig_id:         PKCS#7\nsigner:         kmodlab test signing key\nsig_key:        01:23:45:67:89:AB:CD:EF:01\nsig_hashalgo:   sha256\nsignature:      ');
    expect(text).toMatch(/signature:      ([0-9A-F]{2}:){20}\n\t\t/);
    for (const f of ['signer', 'sig_key', 'sig_hashalgo', 'signature', 'sig_id']) check('signed.ko', readFileSync(p('signed.ko')), ['-F', f]);
    check('signed.ko', readFileSync(p('signed.ko')), ['-0']);
  });

  it('other digests, signed attributes and certificates, BER indefinite lengths, an EC key', () => {
    for (const md of ['sha1', 'sha224', 'sha384', 'sha512']) check(`signed-${md}.ko`, appendSig(ko, opensslCms(p('full.ko'), rsa.cert, rsa.key, ['-noattr', '-nocerts', '-md', md])));
    check('signed-attrs.ko', appendSig(ko, opensslCms(p('full.ko'), rsa.cert, rsa.key, ['-md', 'sha512'])));
    check('signed-stream.ko', appendSig(ko, opensslCms(p('full.ko'), rsa.cert, rsa.key, ['-stream', '-noattr', '-nocerts', '-md', 'sha384'])));
    const ec = selfSigned('ec', '/CN=first name/CN=second name', '-1234', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    check('signed-ec.ko', appendSig(ko, opensslCms(p('full.ko'), ec.cert, ec.key, ['-noattr', '-nocerts', '-md', 'sha256'])));
  });

  it('what libkmod leaves out: a digest it does not name, a subjectKeyIdentifier signer', () => {
    const k = check('signed-sha3.ko', appendSig(ko, opensslCms(p('full.ko'), rsa.cert, rsa.key, ['-noattr', '-nocerts', '-md', 'sha3-256'])));
    expect(k.stdout.toString()).not.toContain('sig_id');
    check('signed-keyid.ko', appendSig(ko, opensslCms(p('full.ko'), rsa.cert, rsa.key, ['-keyid', '-noattr', '-nocerts', '-md', 'sha256'])));
  });

  it('issuer names and serial numbers: no CN (the last entry is shown), serial 0, BMPString, several signers', () => {
    const noCn = selfSigned('nocn', '/O=No CN Org/emailAddress=nocn@example.org', '0');
    check('signed-nocn.ko', appendSig(ko, opensslCms(p('full.ko'), noCn.cert, noCn.key, ['-noattr', '-nocerts', '-md', 'sha256'])));
    const cases: [string, Buffer][] = [
      ['bmp', signedData({ name: seq(set(ava(CN, bmp('BMP signer')))), serial: '00ff' })],
      ['multirdn', signedData({ name: seq(set(ava(O, utf8('org')), ava(CN, utf8('multi-valued'))), set(ava(EMAIL, tlv(0x16, Buffer.from('a@b'))))), serial: '7f' })],
      ['emptyname', signedData({ name: seq(), serial: '80ff', signers: 2 })],
      ['nulcn', signedData({ name: seq(set(ava(CN, tlv(0x13, Buffer.from('before\0after'))))), serial: 'ff7f' })],
      ['sm3', signedData({ name: seq(set(ava(CN, utf8('sm3 signer')))), serial: '01', digest: '1.2.156.10197.1.401' })],
      ['md5', signedData({ name: seq(set(ava(CN, utf8('md5 signer')))), serial: '01', digest: '1.2.840.113549.2.5' })],
      ['nosigners', seq(oid('1.2.840.113549.1.7.2'), tlv(0xa0, seq(int('01'), set(), seq(oid('1.2.840.113549.1.7.1')), set())))],
      ['padded-serial', signedData({ name: seq(set(ava(CN, utf8('x')))), serial: '0001' })],
      ['bad-null-param', signedData({ name: seq(set(ava(CN, utf8('x')))), serial: '01', params: Buffer.from([0x05, 0x01, 0x00]) })],
      ['empty-bitstring-param', signedData({ name: seq(set(ava(CN, utf8('x')))), serial: '01', params: Buffer.from([0x03, 0x00]) })],
      ['utctime-param', signedData({ name: seq(set(ava(CN, utf8('x')))), serial: '01', params: Buffer.from([0x17, 0x00]) })],
      ['bad-utf8-cn', signedData({ name: seq(set(ava(CN, tlv(0x0c, Buffer.from([0xc0, 0x80]))))), serial: '01' })],
      ['visible-cn', signedData({ name: seq(set(ava(CN, tlv(0x1a, Buffer.from('visible'))))), serial: '01' })],
      ['odd-bmp-cn', signedData({ name: seq(set(ava(CN, tlv(0x1e, Buffer.from('abc'))))), serial: '01' })],
      ['data', seq(oid('1.2.840.113549.1.7.1'), tlv(0xa0, tlv(0x04, Buffer.from('hello'))))],
      ['garbage', Buffer.from('not DER at all')],
    ];
    for (const [name, der] of cases) check(`signed-${name}.ko`, appendSig(ko, der));
  });

  it('the trailer: non-PKCS#7 ids (signer and key id from the trailer), out-of-range fields, bad lengths', () => {
    const raw = Buffer.concat([Buffer.from('Trailer Signer'), Buffer.from('0102030405060708090a0b0c0d0e0f101112131415161718', 'hex'), Buffer.alloc(45, 0x5a)]);
    const fields = { signer: 14, keyId: 24, sigLen: 45 };
    for (const [id, hash, algo] of [[1, 4, 1], [0, 8, 0], [1, 9, 0], [1, 2, 2], [3, 0, 0]]) {
      check(`trailer-${id}-${hash}-${algo}.ko`, appendSig(ko, raw, { ...fields, id, hash, algo }));
    }
    const der = signedData({ name: seq(set(ava(CN, utf8('len')))), serial: '01' });
    check('trailer-zero.ko', appendSig(ko, der, { sigLen: 0 }));
    check('trailer-huge.ko', appendSig(ko, der, { sigLen: 0x7fffffff }));
    check('trailer-short.ko', appendSig(ko, der, { sigLen: der.length - 3 }));
    check('trailer-nonzero.ko', appendSig(ko, der, { signer: 3, keyId: 2 }));
    check('trailer-only.ko', Buffer.concat([Buffer.alloc(8), MARKER]));
  });

  it('200 mutated PKCS#7 blobs and trailers (seeded)', () => {
    const base = opensslCms(p('full.ko'), rsa.cert, rsa.key, ['-noattr', '-nosmimecap', '-nocerts', '-md', 'sha256']);
    const rnd = mulberry32(0x5eed);
    const ri = (n: number) => Math.floor(rnd() * n);
    for (let i = 0; i < 200; i++) {
      let der = Buffer.from(base);
      const f: Parameters<typeof appendSig>[2] = {};
      switch (ri(5)) {
        case 0: for (let n = 0; n <= ri(3); n++) der[ri(der.length)] = ri(256); break;
        case 1: der = der.subarray(0, ri(der.length)); break;
        case 2: { const j = ri(der.length); der[j] = (der[j] + ri(5) - 2) & 0xff; break; }
        case 3: der = Buffer.concat([der.subarray(0, ri(der.length)), Buffer.from([ri(256)]), der.subarray(ri(der.length))]); break;
        default: Object.assign(f, [{ algo: ri(3) }, { hash: ri(10) }, { id: ri(4) }, { sigLen: der.length + ri(9) - 4 }][ri(4)]);
      }
      check(`mutated-sig-${i % 3}.ko`, appendSig(ko, der, f));
    }
  });
});

// --- malformed ELF ----------------------------------------------------------------------------------------------


dc('malformed ELF files, compared with kmod 30 (its assertion failures included)', () => {
  const mutate = (name: string, f: (b: Buffer, shoff: number, shnum: number) => Buffer | void) => {
    const b = Buffer.from(readFileSync(p('full.ko')));
    const out = f(b, Number(b.readBigUInt64LE(0x28)), b.readUInt16LE(0x3c)) ?? b;
    writeFileSync(p(name), out);
    return p(name);
  };

  it('header and section table cases libkmod checks or asserts on', () => {
    const cases: [string, (b: Buffer, shoff: number, shnum: number) => Buffer | void][] = [
      ['shstrndx0', (b) => void b.writeUInt16LE(0, 0x3e)],
      ['shstrndx-big', (b, _o, n) => void b.writeUInt16LE(n + 3, 0x3e)],
      ['shnum0', (b) => void b.writeUInt16LE(0, 0x3c)],
      ['shentsize', (b) => void b.writeUInt16LE(40, 0x3a)],
      ['shoff-past-end', (b) => void b.writeBigUInt64LE(BigInt(b.length), 0x28)],
      ['shoff-wraps', (b) => void b.writeBigUInt64LE(0xffffffffffffff00n, 0x28)],
      ['class32', (b) => void (b[4] = 1)],
      ['class-bad', (b) => void (b[4] = 3)],
      ['msb', (b) => void (b[5] = 2)],
      ['data-bad', (b) => void (b[5] = 0)],
      ['x86-64-machine', (b) => void b.writeUInt16LE(62, 0x12)],
      ['truncated-header', (b) => b.subarray(0, 40)],
      ['truncated-64', (b) => b.subarray(0, 64)],
      ['truncated-table', (b) => b.subarray(0, b.length - 1)],
      ['strtab-at-end-empty', (b, o) => void b.writeBigUInt64LE(BigInt(b.length), o + b.readUInt16LE(0x3e) * 64 + 24)],
    ];
    for (const [name, f] of cases) same([mutate(`${name}.ko`, f)]);
    // stdout is lost past the last whole 4096-byte block when kmod aborts into a pipe
    same([p('big.ko'), p('big.ko'), p('shstrndx0.ko')]);
  });

  it('.modinfo placement: at the very end of the file, empty at the end (an assertion), out of bounds', () => {
    const find = (b: Buffer, shoff: number, shnum: number, name: string) => {
      const str = Number(b.readBigUInt64LE(shoff + b.readUInt16LE(0x3e) * 64 + 24));
      for (let i = 1; i < shnum; i++) {
        const n = b.readUInt32LE(shoff + i * 64);
        if (b.toString('latin1', str + n, b.indexOf(0, str + n)) === name) return shoff + i * 64;
      }
      throw new Error(`no ${name}`);
    };
    const modinfoAt = (b: Buffer, shoff: number, shnum: number) => find(b, shoff, shnum, '.modinfo');
    same([mutate('mi-end.ko', (b, o, n) => {
      const h = modinfoAt(b, o, n);
      const data = b.subarray(Number(b.readBigUInt64LE(h + 24)), Number(b.readBigUInt64LE(h + 24) + b.readBigUInt64LE(h + 32)));
      b.writeBigUInt64LE(BigInt(b.length), h + 24);
      return Buffer.concat([b, data]);
    })]);
    same([mutate('mi-empty-end.ko', (b, o, n) => { const h = modinfoAt(b, o, n); b.writeBigUInt64LE(BigInt(b.length), h + 24); b.writeBigUInt64LE(0n, h + 32); })]);
    same([mutate('mi-oob.ko', (b, o, n) => { const h = modinfoAt(b, o, n); b.writeBigUInt64LE(BigInt(b.length), h + 32); })]);
    same([mutate('mi-wrap.ko', (b, o, n) => { const h = modinfoAt(b, o, n); b.writeBigUInt64LE(0xffffffffffffffffn, h + 24); b.writeBigUInt64LE(2n, h + 32); })]);
    same([mutate('mi-name.ko', (b, o, n) => { const h = modinfoAt(b, o, n); b.writeUInt32LE(0x7fffffff, h); })]);
    same([mutate('mi-unterminated.ko', (b, o, n) => {
      const h = modinfoAt(b, o, n);
      const end = Number(b.readBigUInt64LE(h + 24) + b.readBigUInt64LE(h + 32));
      b[end - 1] = 0x41;
    })]);
  });

  it('300 mutated modules (seeded)', () => {
    const rnd = mulberry32(0xe1f);
    const ri = (n: number) => Math.floor(rnd() * n);
    const special = [0, 1, 2, 0x40, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0xffffffff];
    for (let i = 0; i < 300; i++) {
      const path = mutate(`mutated-elf-${i % 3}.ko`, (b, shoff, shnum) => {
        let out = b;
        for (let n = 0; n <= ri(3); n++) {
          switch (ri(7)) {
            case 0: out[ri(64)] = ri(256); break;
            case 1: out[shoff + ri(shnum * 64)] = ri(256); break;
            case 2: {
              const h = shoff + ri(shnum) * 64;
              const v = BigInt(special[ri(special.length)]) + BigInt(ri(3)) - 1n;
              const field = [0, 24, 32][ri(3)];
              if (field === 0) out.writeUInt32LE(Number(BigInt.asUintN(32, v)), h);
              else out.writeBigUInt64LE(BigInt.asUintN(64, field === 24 && ri(2) ? BigInt(out.length - ri(40)) : v), h + field);
              break;
            }
            case 3: out = out.subarray(0, ri(out.length)); return out;
            case 4: out.writeUInt16LE((out.readUInt16LE(0x3c + 2 * ri(2)) + ri(5) - 2) & 0xffff, 0x3c + 2 * ri(2)); break;
            case 5: { const j = ri(out.length); out[j] = out[j] ? 0 : 0x41; break; }
            default: out.writeBigUInt64LE(BigInt(shoff + ri(9) - 4), 0x28);
          }
        }
        return out;
      });
      same([path]);
    }
  });
});

// --- the entry point kmodlab's CLI calls ------------------------------------------------------------------------

dc('modinfoMain', () => {
  it('writes what kmod writes through the callbacks and returns its status', () => {
    for (const args of [[p('full.ko'), p('min.ko')], ['-F', 'parm', p('full.ko')], ['-0', p('min.ko')], ['/x.ko'], [p('notelf.ko')], ['-h']]) {
      let out = '';
      let err = '';
      const status = modinfoMain(args, (s) => (out += s), (s) => (err += s));
      const k = kmod(args);
      expect({ out, err, status }).toEqual({ out: k.stdout.toString('utf8'), err: k.stderr, status: k.status });
    }
  });
});

// --- kmodlab's own example modules, when built (make -C modules) -------------------------------------------------

const EXAMPLES = join(process.cwd(), 'modules', 'examples');
function exampleModules(): string[] {
  if (!existsSync(EXAMPLES)) return [];
  const out: string[] = [];
  for (const e of readdirSync(EXAMPLES, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    for (const f of readdirSync(join(EXAMPLES, e.name))) if (f.endsWith('.ko')) out.push(join(EXAMPLES, e.name, f));
  }
  return out.sort();
}

d('modules/examples/*/*.ko', () => {
  const kos = exampleModules();
  it.skipIf(kos.length === 0)('each built example, plain, -F parm and -0', () => {
    for (const ko of kos) {
      same([ko]);
      same(['-F', 'parm', ko]);
      same(['-0', ko]);
    }
    same(kos);
  });
});

// --- Debian's signed arm64 modules (make real-modules) ---------------------------------------------------------

const REAL = join(process.cwd(), 'build', 'real-modules', 'modules');
function realModules(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.ko')) out.push(join(dir, e.name));
    }
  };
  if (existsSync(REAL)) walk(REAL);
  return out.sort();
}

d("Debian's modules (signed, with parameters, aliases and signatures)", () => {
  const kos = realModules();
  it.skipIf(kos.length === 0)('every module of the package, and -F signer, -F parm, -0 on a sample', () => {
    // Several files per run, in runs small enough for the oracle's output buffer.
    for (let i = 0; i < kos.length; i += 100) same(kos.slice(i, i + 100));
    const sample = kos.filter((_, i) => i % 37 === 0);
    same(['-F', 'signer', ...sample]);
    same(['-F', 'parm', ...sample]);
    same(['-0', ...sample]);
  });
});

// kernel/printk.ts: KERN_ levels, vprintk_store() (truncation, newline, prefixes), KERN_CONT
// merging, the ring's space accounting and dropping, dmesg and /dev/kmsg formatting.
import { describe, it, expect } from 'vitest';
import {
  LogBuffer, printk_get_level, printk_skip_level, printk_skip_headers, printk_parse_prefix, recordPrintText,
  formatTimestamp, formatKmsgRecord, formatCallerId,
  KERN_EMERG, KERN_ERR, KERN_WARNING, KERN_INFO, KERN_DEBUG, KERN_DEFAULT, KERN_CONT, KERN_SOH,
  LOG_CONT, LOG_NEWLINE, LOG_LINE_MAX, CONSOLE_LOG_MAX, MESSAGE_LOGLEVEL_DEFAULT, LOGLEVEL_DEFAULT,
  type LogRecord, type PrintkContext,
} from '../kernel/printk.ts';
import { fromValues, type FormatEnv } from '../kernel/vsprintf.ts';

const enc = (s: string) => Buffer.from(s, 'latin1');
const at = (ns: number | bigint, cpu = 0, caller?: number): PrintkContext => ({ timestampNs: BigInt(ns), cpu, ...(caller !== undefined ? { caller } : {}) });

describe('KERN_ levels (include/linux/kern_levels.h, printk.h)', () => {
  it('recognises \\001 followed by 0..7 or c, nothing else (KERN_DEFAULT is "" in 6.1)', () => {
    expect(KERN_ERR).toBe('\x013');
    expect(KERN_CONT).toBe('\x01c');
    expect(KERN_DEFAULT).toBe('');
    expect(printk_get_level(KERN_INFO + 'x')).toBe('6'.charCodeAt(0));
    expect(printk_get_level(enc(KERN_CONT))).toBe('c'.charCodeAt(0));
    expect(printk_get_level('\x01d')).toBe(0);
    expect(printk_get_level('\x018')).toBe(0);
    expect(printk_get_level(KERN_SOH)).toBe(0);
    expect(printk_get_level('6')).toBe(0);
    expect(printk_skip_level(KERN_ERR + KERN_CONT + 'x')).toBe(2);
    expect(printk_skip_headers(KERN_ERR + KERN_CONT + 'x')).toBe(4);
    expect(printk_parse_prefix(enc(KERN_CONT + KERN_DEBUG + KERN_ERR + 'x'))).toEqual({ prefixLen: 6, level: 7, cont: true });
    expect(printk_parse_prefix(enc('plain'))).toEqual({ prefixLen: 0, level: LOGLEVEL_DEFAULT, cont: false });
  });

  it('stores the level, default 4, strips the prefixes and the trailing newline', () => {
    const log = new LogBuffer();
    log.emit(KERN_ERR + 'err\n', at(0));
    log.emit('plain\n', at(0));
    log.emit(KERN_DEFAULT + 'default\n', at(0));
    log.emit(KERN_EMERG + KERN_DEBUG + 'first level wins\n', at(0));
    log.emit('\x01dnot a prefix\n', at(0));
    log.emit(KERN_WARNING + 'forced\n', { ...at(0), level: 1 });
    log.emit(KERN_INFO + 'two newlines\n\n', at(0));
    const r = log.records();
    expect(r.map((x) => [x.level, x.text])).toEqual([
      [3, 'err'], [MESSAGE_LOGLEVEL_DEFAULT, 'plain'], [4, 'default'], [0, 'first level wins'],
      [4, '\x01dnot a prefix'], [1, 'forced'], [6, 'two newlines\n'],
    ]);
    expect(r.every((x) => x.flags === LOG_NEWLINE)).toBe(true);
    expect(r.map((x) => x.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('takes the level from the formatted output, so a %s argument can carry it', () => {
    const log = new LogBuffer();
    const env: FormatEnv = { readCString: (a) => (a === 0x1000n ? enc(KERN_ERR) : null) };
    const n = log.printk(enc('%sdevice %d failed\n'), fromValues([0x1000n, 7]), at(5), env);
    expect(n).toBe('device 7 failed'.length);
    expect(log.records()[0]).toMatchObject({ level: 3, text: 'device 7 failed' });
  });
});

describe('vprintk_store(): LOG_LINE_MAX', () => {
  it('keeps LOG_LINE_MAX-1 bytes of a long message; cut before its newline, the record stays open', () => {
    const log = new LogBuffer();
    const long = 'x'.repeat(2000);
    const n = log.printk(enc('%s\n'), fromValues([0x2000n]), at(0), { readCString: () => enc(long) });
    expect(n).toBe(LOG_LINE_MAX - 1);
    expect(log.records()).toEqual([]);
    expect(log.pending()!.text).toBe('x'.repeat(991));
    log.emit('next\n', at(1));
    expect(log.records().map((r) => r.bytes.length)).toEqual([991, 4]);
    expect(log.records()[0]!.flags).toBe(0);
  });

  it('counts a KERN_ prefix inside the limit', () => {
    const log = new LogBuffer();
    log.emit(KERN_INFO + 'y'.repeat(1200) + '\n', at(0));
    log.flush();
    expect(log.records()[0]!.text.length).toBe(LOG_LINE_MAX - 1 - 2);
  });

  it('wraps the u16 reserve size like Linux: 65535 formatted bytes store an empty record', () => {
    const log = new LogBuffer();
    expect(log.printk(enc('%65535d'), fromValues([1]), at(0))).toBe(0);
    log.flush();
    expect(log.records()[0]!.text).toBe('');
  });
});

describe('KERN_CONT', () => {
  it('appends pr_cont fragments from the same caller; the record appears when the line ends', () => {
    const log = new LogBuffer();
    const seen: LogRecord[] = [];
    log.subscribe((r) => seen.push(r));
    log.emit(KERN_INFO + 'cpus:', at(1_000, 0, 42));
    log.emit(KERN_CONT + ' 0', at(2_000, 0, 42));
    expect(log.records()).toEqual([]);
    expect(seen).toEqual([]);
    expect(log.pending()!.text).toBe('cpus: 0');
    log.emit(KERN_CONT + ' 1', at(3_000, 1, 42));
    expect(log.emit(KERN_CONT + ' 2\n', at(4_000, 2, 42))).toBe(2);
    expect(seen.length).toBe(1);
    expect(seen[0]).toMatchObject({ seq: 0, level: 6, text: 'cpus: 0 1 2', timestampNs: 1000n, cpu: 0, caller: 42, flags: LOG_NEWLINE });
    expect(log.dmesg()).toBe('[    0.000001] cpus: 0 1 2\n');
  });

  it('does not merge across callers; any other printk closes the open record', () => {
    const log = new LogBuffer();
    log.emit('a', at(0, 0, 1));
    log.emit(KERN_CONT + 'b\n', at(0, 0, 2)); // another task: new record, flagged LOG_CONT
    log.emit('c', at(0, 0, 1));
    log.emit('d\n', at(0, 0, 1)); // not KERN_CONT: c is closed, d is its own record
    log.emit(KERN_CONT + 'e\n', at(0, 0, 1)); // nothing open any more
    expect(log.records().map((r) => [r.text, r.flags])).toEqual([
      ['a', 0], ['b', LOG_CONT | LOG_NEWLINE], ['c', 0], ['d', LOG_NEWLINE], ['e', LOG_CONT | LOG_NEWLINE],
    ]);
  });

  it('without a task the caller is the CPU: same CPU merges, another CPU does not', () => {
    const log = new LogBuffer();
    log.emit('irq0:', at(0, 3));
    log.emit(KERN_CONT + ' x', at(0, 3));
    log.emit(KERN_CONT + ' y\n', at(0, 2));
    expect(log.records().map((r) => [r.text, formatCallerId(r.callerId)])).toEqual([['irq0: x', 'C3'], [' y', 'C2']]);
    expect(formatCallerId(1234)).toBe('T1234');
  });

  it('starts a new record when the merged text would exceed LOG_LINE_MAX', () => {
    const log = new LogBuffer();
    log.emit('a'.repeat(900), at(0, 0, 7));
    log.emit(KERN_CONT + 'b'.repeat(89), at(0, 0, 7)); // 900 + (2+89+1) = 992: fits
    log.emit(KERN_CONT + 'c', at(0, 0, 7)); // 989 + 4 > 992: new record
    expect(log.records().map((r) => r.text.length)).toEqual([989]);
    expect(log.pending()!.text).toBe('c');
    log.emit(KERN_CONT + '\n', at(0, 0, 7));
    expect(log.pending()).toBeNull();
    expect(log.records().map((r) => [r.text, r.flags])).toEqual([['a'.repeat(900) + 'b'.repeat(89), 0], ['c', LOG_CONT | LOG_NEWLINE]]);
  });

  it('flush() closes an open record; listeners can unsubscribe', () => {
    const log = new LogBuffer();
    const texts: string[] = [];
    const off = log.subscribe((r) => texts.push(r.text));
    log.emit('partial', at(0));
    log.flush();
    off();
    log.emit('unseen\n', at(0));
    expect(texts).toEqual(['partial']);
    expect(log.records().length).toBe(2);
  });
});

describe('the ring: CONFIG_LOG_BUF_SHIFT sizing and dropping the oldest', () => {
  it('defaults to 128 KiB of text and 4096 descriptors', () => {
    const log = new LogBuffer();
    expect([log.dataSize, log.descCount]).toEqual([131072, 4096]);
  });

  it('accounts ALIGN(len+1, 8) + 8 bytes per record and drops the oldest when full', () => {
    const log = new LogBuffer({ logBufShift: 10 }); // 1024 bytes, 32 descriptors
    // "msg NN" + "\n" = 7 formatted bytes -> reserve 8 -> 16-byte block.
    // 23 formatted bytes -> reserve 24 -> 32-byte block.
    const line = (i: number) => `record ${String(i).padStart(4, '0')} ..........\n`; // 23 bytes
    expect(line(1).length).toBe(23);
    for (let i = 0; i < 31; i++) log.emit(line(i), at(i));
    expect(log.bytesUsed).toBe(31 * 32);
    expect(log.dropped).toBe(0);
    // Block 31 would end exactly at 1024: Linux 6.1 treats that as wrapping and places it
    // at the start of the next lap, which needs [0, 32) back: record 0 goes.
    log.emit(line(31), at(31));
    expect(log.dropped).toBe(1);
    expect(log.firstSeq).toBe(1);
    expect(log.records()[0]!.text).toBe('record 0001 ..........');
    for (let i = 32; i < 100; i++) log.emit(line(i), at(i));
    const recs = log.records();
    expect(recs[recs.length - 1]!.seq).toBe(99);
    expect(recs.every((r, k) => k === 0 || r.seq === recs[k - 1]!.seq + 1)).toBe(true);
    expect(log.bytesUsed).toBeLessThanOrEqual(1024);
    // A lap holds 31 blocks; the 32nd wraps and its skipped 32 bytes count as used.
    expect(recs.length).toBe(31);
    expect(log.firstSeq).toBe(69);
    expect(log.dropped).toBe(100 - recs.length);
    expect(log.nextSeq).toBe(100);
  });

  it('is also limited by descriptors: 2^(shift-5) records at most', () => {
    const log = new LogBuffer({ logBufShift: 10 });
    for (let i = 0; i < 100; i++) log.emit('\n', at(i)); // 16-byte blocks: data would hold 64
    expect(log.records().length).toBe(32);
    expect(log.firstSeq).toBe(68);
  });

  it('keeps the newest ~128 KiB with the default size', () => {
    const log = new LogBuffer();
    const msg = 'z'.repeat(100) + '\n'; // reserve 102 -> 112-byte block
    for (let i = 0; i < 5000; i++) log.emit(msg, at(i));
    const n = log.records().length;
    expect(n).toBe(Math.floor(131072 / 112)); // 1170
    expect(log.records()[n - 1]!.seq).toBe(4999);
  });
});

describe('dmesg', () => {
  it('prints "[%5lu.%06lu] text" per line', () => {
    const log = new LogBuffer();
    log.emit(KERN_INFO + 'Booting Linux on physical CPU 0x0000000000 [0x410fd083]\n', at(0));
    log.emit('foo: loading out-of-tree module taints kernel.\n', at(1_500_000_000n));
    log.emit('late\n', at(123456_789_012_345n));
    expect(log.dmesg()).toBe(
      '[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x410fd083]\n' +
      '[    1.500000] foo: loading out-of-tree module taints kernel.\n' +
      '[123456.789012] late\n');
    expect(formatTimestamp(999)).toBe('[    0.000000]');
    expect(formatTimestamp(1_000)).toBe('[    0.000001]');
  });

  it('splits a multi-line record into prefixed lines, empty lines included', () => {
    const log = new LogBuffer();
    log.emit(KERN_ERR + 'Unable to handle kernel paging request\nMem abort info:\n\n  ESR = 0x96000005\n', at(2_000_000));
    expect(log.records().length).toBe(1);
    expect(log.dmesg()).toBe(
      '[    0.002000] Unable to handle kernel paging request\n' +
      '[    0.002000] Mem abort info:\n' +
      '[    0.002000] \n' +
      '[    0.002000]   ESR = 0x96000005\n');
  });

  it('limits one record to CONSOLE_LOG_MAX bytes with its prefixes, dropping lines that do not fit', () => {
    const log = new LogBuffer();
    const lines = Array.from({ length: 60 }, (_, i) => `line ${String(i).padStart(9, '0')}`); // 14 chars
    log.emit(lines.join('\n') + '\n', at(0));
    const text = log.dmesg();
    const out = text.split('\n').slice(0, -1);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(CONSOLE_LOG_MAX - 1);
    // 30 bytes per printed line; the text still to print is cut to what fits, and a line
    // whose newline falls beyond the cut is dropped: 34 of the 60 lines make it.
    expect(out.length).toBe(34);
    out.forEach((l, i) => expect(l).toBe(`[    0.000000] ${lines[i]}`));
  });

  it('syslog prefixes, clear() and fromSeq', () => {
    const log = new LogBuffer();
    log.emit(KERN_INFO + 'one\n', at(0));
    log.emit(KERN_ERR + 'two\n', at(0));
    expect(log.dmesg({ syslog: true })).toBe('<6>[    0.000000] one\n<3>[    0.000000] two\n');
    expect(log.dmesg({ time: false })).toBe('one\ntwo\n');
    log.clear();
    expect(log.dmesg()).toBe('');
    log.emit('three\n', at(0));
    expect(log.dmesg()).toBe('[    0.000000] three\n');
    expect(log.dmesg({ fromSeq: 1 })).toBe('[    0.000000] two\n[    0.000000] three\n');
    expect(recordPrintText(log.records()[0]!)).toBe('[    0.000000] one\n');
  });

  it('formats /dev/kmsg records with escapes', () => {
    const log = new LogBuffer();
    log.emit(KERN_WARNING + 'a\\b\tc\nd\n', at(1_234_567));
    log.emit('x', at(0, 0, 5));
    log.emit(KERN_CONT + 'y\n', at(0, 0, 6));
    const [r0, , r2] = log.records();
    expect(formatKmsgRecord(r0!)).toBe('4,0,1234,-;a\\x5cb\\x09c\\x0ad\n');
    expect(formatKmsgRecord(r2!)).toBe('4,2,0,c;y\n');
  });

  it('uses no clock of its own: the same calls give the same log', () => {
    const run = () => {
      const log = new LogBuffer();
      for (let i = 0; i < 50; i++) log.printk(enc('step %d on cpu%d\n'), fromValues([i, i % 4]), at(i * 1_000_003, i % 4));
      return log.dmesg();
    };
    expect(run()).toBe(run());
  });
});

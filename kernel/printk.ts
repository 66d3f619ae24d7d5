// printk and the kernel log ring, after Linux 6.1 kernel/printk/printk.c and
// printk_ringbuffer.c, independent of the machine: the caller supplies the formatted bytes
// (or the format and an ArgSource), the emulated timestamp and the CPU/task printing.
//
// What is modelled, as Linux 6.1 does it:
//   - KERN_SOH "\001" + level prefixes: '0'..'7' and 'c' (KERN_CONT). KERN_DEFAULT is "" in
//     6.1, so "\001d" is not a prefix and stays in the text. A message without a level gets
//     the default message loglevel, 4 (CONFIG_MESSAGE_LOGLEVEL_DEFAULT).
//   - vprintk_store(): the text is cut to LOG_LINE_MAX-1 = 991 bytes (including any prefix),
//     one trailing newline is stripped and marks the record complete, level/cont prefixes
//     are stripped.
//   - KERN_CONT: a record without a trailing newline stays open; the next printk that starts
//     with KERN_CONT from the same caller (task, or CPU when not in task context) is appended
//     to it as long as the total stays within LOG_LINE_MAX. Any other printk closes it. Like
//     Linux, an open record is not visible to readers (dmesg, listeners) until it is closed.
//   - The ring: CONFIG_LOG_BUF_SHIFT=17 → a 128 KiB text data ring of 8-byte-aligned blocks
//     (each record takes ALIGN(reserved size, 8) + 8 bytes; a block never wraps, the tail
//     end of the ring is skipped instead) and 2^(17-5) = 4096 descriptors. Making room drops
//     the oldest records.
//   - dmesg: record_print_text() with a "[%5lu.%06lu] " prefix on every line of a record,
//     the trailing newline added, records over CONSOLE_LOG_MAX (1024) bytes with their
//     prefixes truncated at a line boundary — the output of `dmesg -S` (syslog interface).
//
// There is no wall clock here: every timestamp comes from the caller (emulated time).
import { vsnprintf, type ArgSource, type FormatEnv } from './vsprintf.ts';

// ---------------------------------------------------------------------------------------
// include/linux/kern_levels.h

export const KERN_SOH = '\x01';
export const KERN_SOH_ASCII = 0x01;
export const KERN_EMERG = KERN_SOH + '0';
export const KERN_ALERT = KERN_SOH + '1';
export const KERN_CRIT = KERN_SOH + '2';
export const KERN_ERR = KERN_SOH + '3';
export const KERN_WARNING = KERN_SOH + '4';
export const KERN_NOTICE = KERN_SOH + '5';
export const KERN_INFO = KERN_SOH + '6';
export const KERN_DEBUG = KERN_SOH + '7';
export const KERN_DEFAULT = '';
export const KERN_CONT = KERN_SOH + 'c';

export const LOGLEVEL_SCHED = -2;
export const LOGLEVEL_DEFAULT = -1;
export const LOGLEVEL_EMERG = 0;
export const LOGLEVEL_ALERT = 1;
export const LOGLEVEL_CRIT = 2;
export const LOGLEVEL_ERR = 3;
export const LOGLEVEL_WARNING = 4;
export const LOGLEVEL_NOTICE = 5;
export const LOGLEVEL_INFO = 6;
export const LOGLEVEL_DEBUG = 7;

/** CONFIG_MESSAGE_LOGLEVEL_DEFAULT */
export const MESSAGE_LOGLEVEL_DEFAULT = 4;
/** CONFIG_CONSOLE_LOGLEVEL_DEFAULT */
export const CONSOLE_LOGLEVEL_DEFAULT = 7;
export const CONSOLE_LOGLEVEL_MIN = 1;

export const CONFIG_LOG_BUF_SHIFT = 17;
const PRB_AVGBITS = 5;
/** Without CONFIG_PRINTK_CALLER. */
export const PREFIX_MAX = 32;
export const CONSOLE_LOG_MAX = 1024;
export const LOG_LINE_MAX = CONSOLE_LOG_MAX - PREFIX_MAX;

/** printk_info.flags */
export const LOG_NEWLINE = 2;
export const LOG_CONT = 8;

// ---------------------------------------------------------------------------------------
// include/linux/printk.h

/** The level character ('0'..'7' or 'c') if buf[off] starts a KERN_ prefix, else 0. */
export function printk_get_level(buf: Uint8Array | string, off = 0): number {
  const at = (i: number): number => (typeof buf === 'string' ? (i < buf.length ? buf.charCodeAt(i) : 0) : (i < buf.length ? buf[i]! : 0));
  if (at(off) === KERN_SOH_ASCII && at(off + 1)) {
    const c = at(off + 1);
    if ((c >= 0x30 && c <= 0x37) || c === 0x63) return c;
  }
  return 0;
}

/** Offset just past one KERN_ prefix at off (or off if there is none). */
export function printk_skip_level(buf: Uint8Array | string, off = 0): number {
  return printk_get_level(buf, off) ? off + 2 : off;
}

/** Offset just past all KERN_ prefixes at off. */
export function printk_skip_headers(buf: Uint8Array | string, off = 0): number {
  while (printk_get_level(buf, off)) off += 2;
  return off;
}

/**
 * printk_parse_prefix(): the length of the leading KERN_ prefixes, the first level found
 * (LOGLEVEL_DEFAULT if none) and whether KERN_CONT was among them.
 */
export function printk_parse_prefix(text: Uint8Array, end = text.length): { prefixLen: number; level: number; cont: boolean } {
  let prefixLen = 0;
  let level = LOGLEVEL_DEFAULT;
  let cont = false;
  const view = end < text.length ? text.subarray(0, end) : text;
  while (prefixLen < view.length && view[prefixLen] !== 0) {
    const k = printk_get_level(view, prefixLen);
    if (!k) break;
    if (k >= 0x30 && k <= 0x37) {
      if (level === LOGLEVEL_DEFAULT) level = k - 0x30;
    } else {
      cont = true;
    }
    prefixLen += 2;
  }
  return { prefixLen, level, cont };
}

// ---------------------------------------------------------------------------------------
// Records

export interface PrintkContext {
  /** Emulated local_clock() at the printk call, in nanoseconds. */
  timestampNs: bigint | number;
  /** CPU the printk runs on. */
  cpu: number;
  /**
   * The task printing (its pid), if in task context. KERN_CONT fragments are merged only
   * with the same caller; without a task the caller is the CPU (Linux: 0x80000000 + cpu).
   */
  caller?: number;
  /** Syslog facility; 0 (LOG_KERN, the default) parses KERN_ prefixes. */
  facility?: number;
  /** Level forced by the caller (vprintk_emit's level); LOGLEVEL_DEFAULT (default) = from the prefix. */
  level?: number;
}

export interface LogRecord {
  readonly seq: number;
  /** 0..7 */
  readonly level: number;
  readonly facility: number;
  /** Emulated time of the first fragment. */
  readonly timestampNs: bigint;
  /** The message as stored (no prefixes, no trailing newline), decoded as UTF-8. */
  readonly text: string;
  /** The same, as the bytes stored in the ring. */
  readonly bytes: Uint8Array;
  readonly cpu: number;
  /** The task that printed it, if known. */
  readonly caller?: number;
  /** Linux caller_id: the task id, or 0x80000000 + cpu. */
  readonly callerId: number;
  /** LOG_NEWLINE | LOG_CONT */
  readonly flags: number;
}

export type LogListener = (record: LogRecord) => void;

interface Entry {
  seq: number;
  level: number;
  facility: number;
  flags: number;
  timestampNs: bigint;
  cpu: number;
  caller?: number;
  callerId: number;
  text: Uint8Array;
  /** Data block [begin, next) in logical ring positions; null for a data-less record. */
  blk: { begin: number; next: number } | null;
  /** Set once finalized (closed): then visible to readers. */
  record: LogRecord | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const r = new Uint8Array(a.length + b.length);
  r.set(a);
  r.set(b, a.length);
  return r;
}

/** "[%5lu.%06lu]" of a nanosecond timestamp (print_time()). */
export function formatTimestamp(ns: bigint | number): string {
  const t = BigInt.asUintN(64, typeof ns === 'bigint' ? ns : BigInt(Math.trunc(ns)));
  const sec = t / 1_000_000_000n;
  const usec = (t % 1_000_000_000n) / 1000n;
  return `[${sec.toString().padStart(5, ' ')}.${usec.toString().padStart(6, '0')}]`;
}

/** "T123" for a task, "C2" for CPU context (the CONFIG_PRINTK_CALLER notation). */
export function formatCallerId(id: number): string {
  return (id & 0x80000000 ? 'C' : 'T') + String((id & 0x7fffffff) >>> 0);
}

export interface DmesgOptions {
  /** Prefix each line with "<N>" (facility<<3 | level) as syslog(2) does; default false. */
  syslog?: boolean;
  /** Prefix each line with the timestamp (printk.time=1); default true. */
  time?: boolean;
  /** Start at this sequence number instead of the last clear() (or the oldest record). */
  fromSeq?: number;
}

export interface LogBufferOptions {
  /** log2 of the text ring size (CONFIG_LOG_BUF_SHIFT); default 17 = 128 KiB. */
  logBufShift?: number;
  /** Level of messages without one (default 4). */
  defaultMessageLoglevel?: number;
  /** console_loglevel (default 7): records with level >= this are not console output. */
  consoleLoglevel?: number;
}

/** The kernel log: printk_ringbuffer + vprintk_store + syslog reading. */
export class LogBuffer {
  readonly dataSize: number;
  readonly descCount: number;
  defaultMessageLoglevel: number;
  consoleLoglevel: number;

  private entries: Entry[] = [];
  private open: Entry | null = null;
  private nextSeqNo = 0;
  private headLpos = 0;
  private tailLpos = 0;
  private clearSeq = 0;
  private droppedCount = 0;
  private readonly listeners = new Set<LogListener>();

  constructor(opts: LogBufferOptions = {}) {
    const shift = opts.logBufShift ?? CONFIG_LOG_BUF_SHIFT;
    if (!Number.isInteger(shift) || shift <= PRB_AVGBITS || shift > 30) throw new RangeError(`logBufShift ${shift} out of range`);
    this.dataSize = 2 ** shift;
    this.descCount = 2 ** (shift - PRB_AVGBITS);
    this.defaultMessageLoglevel = opts.defaultMessageLoglevel ?? MESSAGE_LOGLEVEL_DEFAULT;
    this.consoleLoglevel = opts.consoleLoglevel ?? CONSOLE_LOGLEVEL_DEFAULT;
  }

  // -------------------------------------------------------------------------------------
  // Writing

  /**
   * printk(fmt, ...) / vprintk_emit(): format with Linux vsnprintf semantics and store.
   * Returns what printk returns: the number of bytes stored for this call.
   */
  printk(fmt: Uint8Array, args: ArgSource, ctx: PrintkContext, env?: FormatEnv): number {
    // vprintk_store() sizes the record with a first vsnprintf, then formats into it with
    // vscnprintf; text beyond LOG_LINE_MAX-1 bytes is never stored, so only that much is kept.
    const r = vsnprintf(LOG_LINE_MAX, fmt, args, env);
    return this.storeFormatted(r.out.subarray(0, r.written), r.length, ctx);
  }

  /**
   * Store text that is already formatted (it may start with KERN_ prefixes), as printk("%s")
   * of it would apart from the prefix handling: the way kernel code written in TypeScript
   * logs, e.g. `log.emit(KERN_INFO + 'foo: loaded\n', ctx)`.
   */
  emit(text: string | Uint8Array, ctx: PrintkContext): number {
    const bytes = typeof text === 'string' ? encoder.encode(text) : text;
    let n = bytes.indexOf(0);
    if (n < 0) n = bytes.length;
    return this.storeFormatted(bytes.subarray(0, Math.min(n, LOG_LINE_MAX - 1)), n, ctx);
  }

  /**
   * vprintk_store() given the formatted output: `head` holds at least the first
   * min(length, LOG_LINE_MAX-1) bytes, `length` is what vsnprintf returned.
   */
  private storeFormatted(head: Uint8Array, length: number, ctx: PrintkContext): number {
    const facility = ctx.facility ?? 0;
    let level = ctx.level ?? LOGLEVEL_DEFAULT;
    if (level === LOGLEVEL_SCHED) level = LOGLEVEL_DEFAULT;
    const cpu = ctx.cpu;
    const callerId = ctx.caller !== undefined ? ctx.caller >>> 0 : (0x80000000 + (cpu >>> 0)) >>> 0;
    const ts = BigInt.asUintN(64, typeof ctx.timestampNs === 'bigint' ? ctx.timestampNs : BigInt(Math.trunc(ctx.timestampNs)));

    // reserve_size is a u16: vsnprintf()+1, wrapped, then capped at LOG_LINE_MAX.
    let reserveSize = (length + 1) & 0xffff;
    if (reserveSize > LOG_LINE_MAX) reserveSize = LOG_LINE_MAX;

    let lflags = 0;
    if (facility === 0) {
      // Parsed from the first 7 bytes only (prefix_buf[8] in vprintk_store()).
      const p = printk_parse_prefix(head, Math.min(head.length, 7));
      if (level === LOGLEVEL_DEFAULT) level = p.level;
      if (p.cont) lflags |= LOG_CONT;
    }
    if (level === LOGLEVEL_DEFAULT) level = this.defaultMessageLoglevel;

    if (lflags & LOG_CONT) {
      const last = this.open;
      if (last && last.callerId === callerId) {
        const size = last.text.length + reserveSize;
        if (size <= LOG_LINE_MAX && this.reallocData(last, last.blk ? size : reserveSize)) {
          const sp = this.sprint(head, reserveSize, facility);
          last.text = concat(last.text, sp.text);
          if (sp.newline) {
            last.flags |= LOG_NEWLINE;
            this.finalize(last);
          }
          return sp.text.length;
        }
      }
    }

    const e = this.reserve(reserveSize, {
      level: level & 7, facility, flags: 0, timestampNs: ts, cpu, callerId,
      ...(ctx.caller !== undefined ? { caller: ctx.caller } : {}),
    });
    const sp = this.sprint(head, reserveSize, facility);
    e.text = sp.text;
    e.flags = (lflags | (sp.newline ? LOG_NEWLINE : 0)) & 0x1f;
    if (sp.newline) this.finalize(e);
    else this.open = e;
    return sp.text.length;
  }

  /** printk_sprint() into a buffer of `size` bytes: truncate, strip newline and prefixes. */
  private sprint(head: Uint8Array, size: number, facility: number): { text: Uint8Array; newline: boolean } {
    let len = size > 0 ? Math.min(head.length, size - 1) : 0;
    let newline = false;
    if (len && head[len - 1] === 0x0a) {
      len--;
      newline = true;
    }
    let text = head.subarray(0, len);
    if (facility === 0) {
      const p = printk_parse_prefix(text);
      if (p.prefixLen) text = text.subarray(p.prefixLen);
    }
    return { text: text.slice(), newline };
  }

  // -------------------------------------------------------------------------------------
  // The ring (printk_ringbuffer.c, sequential)

  private blkSize(size: number): number {
    // to_blk_size(): ALIGN(size, sizeof(id)) + sizeof(struct prb_data_block)
    return ((size + 7) & ~7) + 8;
  }

  private wraps(lpos: number): number { return Math.floor(lpos / this.dataSize); }

  /** get_next_lpos(); as in 6.1, a block ending exactly at the ring's end counts as wrapping. */
  private nextLpos(begin: number, size: number): number {
    const next = begin + size;
    if (this.wraps(begin) === this.wraps(next)) return next;
    return this.wraps(next) * this.dataSize + size;
  }

  /** data_push_tail(): drop the oldest records until the tail is at or past lpos. */
  private pushTail(lpos: number): void {
    while (this.tailLpos < lpos) {
      const oldest = this.entries.find((x) => x.blk !== null);
      if (!oldest || !oldest.blk) { this.tailLpos = lpos; break; }
      this.drop(oldest);
      this.tailLpos = Math.max(this.tailLpos, oldest.blk.next);
    }
  }

  private drop(e: Entry): void {
    if (this.entries[0] === e) this.entries.shift();
    else {
      const i = this.entries.indexOf(e);
      if (i < 0) return;
      this.entries.splice(i, 1);
    }
    if (this.open === e) this.open = null;
    this.droppedCount++;
  }

  private reserve(size: number, init: Omit<Entry, 'seq' | 'text' | 'blk' | 'record'>): Entry {
    const seq = this.nextSeqNo++;
    // desc_reserve(): the descriptor of seq - descCount is recycled.
    while (this.entries.length && this.entries[0]!.seq <= seq - this.descCount) {
      const old = this.entries[0]!;
      this.drop(old);
      if (old.blk) this.tailLpos = Math.max(this.tailLpos, old.blk.next);
    }
    // New data is about to be reserved: the previous record can no longer be extended.
    if (this.open) this.finalize(this.open);
    const e: Entry = { ...init, seq, text: new Uint8Array(0), blk: null, record: null };
    if (size > 0) {
      const bs = this.blkSize(size);
      const begin = this.headLpos;
      const next = this.nextLpos(begin, bs);
      this.pushTail(next - this.dataSize);
      this.headLpos = next;
      e.blk = { begin, next };
    }
    this.entries.push(e);
    return e;
  }

  /** data_alloc()/data_realloc() for prb_reserve_in_last(): grow the open record's block. */
  private reallocData(e: Entry, size: number): boolean {
    const bs = this.blkSize(size);
    if (!e.blk) {
      if (size === 0) return true;
      const begin = this.headLpos;
      const next = this.nextLpos(begin, bs);
      this.pushTail(next - this.dataSize);
      this.headLpos = next;
      e.blk = { begin, next };
      return this.entries.includes(e);
    }
    if (this.headLpos !== e.blk.next) return false;
    const next = this.nextLpos(e.blk.begin, bs);
    if (next <= this.headLpos) return true;
    // The record itself must survive the push; it is the newest, so it does unless it
    // would need more than the whole ring.
    if (next - this.dataSize > e.blk.begin) return false;
    this.pushTail(next - this.dataSize);
    this.headLpos = next;
    e.blk.next = next;
    return true;
  }

  private finalize(e: Entry): void {
    if (e.record) return;
    if (this.open === e) this.open = null;
    const rec: LogRecord = Object.freeze({
      seq: e.seq,
      level: e.level,
      facility: e.facility,
      timestampNs: e.timestampNs,
      text: utf8.decode(e.text),
      bytes: e.text,
      cpu: e.cpu,
      ...(e.caller !== undefined ? { caller: e.caller } : {}),
      callerId: e.callerId,
      flags: e.flags,
    });
    e.record = rec;
    for (const l of [...this.listeners]) l(rec);
  }

  // -------------------------------------------------------------------------------------
  // Reading

  /**
   * Listen for records as they become visible (closed), in sequence order, each once.
   * Returns the function that removes the listener.
   */
  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Close a record still open for KERN_CONT (Linux never does this by itself; a new printk does). */
  flush(): void {
    if (this.open) this.finalize(this.open);
  }

  /** The records a reader sees now (closed, still in the ring), oldest first. */
  records(fromSeq = 0): LogRecord[] {
    const r: LogRecord[] = [];
    for (const e of this.entries) if (e.record && e.seq >= fromSeq) r.push(e.record);
    return r;
  }

  /** The record still open for continuation, as it would look if closed now, or null. */
  pending(): LogRecord | null {
    const e = this.open;
    if (!e) return null;
    return {
      seq: e.seq, level: e.level, facility: e.facility, timestampNs: e.timestampNs,
      text: utf8.decode(e.text), bytes: e.text.slice(), cpu: e.cpu,
      ...(e.caller !== undefined ? { caller: e.caller } : {}), callerId: e.callerId, flags: e.flags,
    };
  }

  /** Sequence number the next record gets. */
  get nextSeq(): number { return this.nextSeqNo; }
  /** Oldest sequence number still in the ring (== nextSeq when empty). */
  get firstSeq(): number { return this.entries.length ? this.entries[0]!.seq : this.nextSeqNo; }
  /** Records lost to make room. */
  get dropped(): number { return this.droppedCount; }
  /** Bytes of the text data ring between tail and head (blocks and skipped ends). */
  get bytesUsed(): number { return this.headLpos - this.tailLpos; }

  /** SYSLOG_ACTION_CLEAR (`dmesg -C`): later dmesg() calls start after the current records. */
  clear(): void {
    this.clearSeq = this.nextSeqNo;
  }

  /** Whether a record of this level reaches the console (level < console_loglevel). */
  isConsoleLevel(level: number): boolean {
    return level < this.consoleLoglevel;
  }

  /** The kernel log as `dmesg` (syslog(2) READ_ALL) prints it: "[    0.000000] text\n" per line. */
  dmesg(opts: DmesgOptions = {}): string {
    const from = opts.fromSeq ?? this.clearSeq;
    let s = '';
    for (const rec of this.records(from)) s += recordPrintText(rec, opts);
    return s;
  }
}

/**
 * record_print_text(): one record as console/syslog text — the prefix before every line,
 * a newline after the last, the whole limited to CONSOLE_LOG_MAX bytes (lines that do not
 * fit are dropped, a line cut by the limit is dropped too).
 */
export function recordPrintText(rec: LogRecord, opts: DmesgOptions = {}): string {
  const time = opts.time ?? true;
  let prefix = '';
  if (opts.syslog) prefix += `<${(rec.facility << 3) | rec.level}>`;
  if (time) prefix += formatTimestamp(rec.timestampNs);
  if (time) prefix += ' ';
  const pfx = encoder.encode(prefix);
  const bufSize = CONSOLE_LOG_MAX;
  const text = rec.bytes;
  let textLen = Math.min(text.length, bufSize);
  const parts: Uint8Array[] = [];
  let pos = 0;
  let len = 0;
  let truncated = false;
  for (;;) {
    const nl = text.subarray(pos, pos + textLen).indexOf(0x0a);
    let lineLen: number;
    if (nl >= 0) {
      lineLen = nl;
    } else {
      if (truncated) break;
      lineLen = textLen;
    }
    if (len + pfx.length + textLen + 1 + 1 > bufSize) {
      if (len + pfx.length + lineLen + 1 + 1 > bufSize) break;
      textLen = bufSize - len - pfx.length - 1 - 1;
      truncated = true;
    }
    parts.push(pfx, text.subarray(pos, pos + lineLen), NEWLINE);
    len += pfx.length + lineLen + 1;
    if (textLen === lineLen) break;
    pos += lineLen + 1;
    textLen -= lineLen + 1;
  }
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return utf8.decode(out);
}

const NEWLINE = new Uint8Array([0x0a]);

/**
 * A record as /dev/kmsg shows it: "<prio>,<seq>,<usec>,<c|->;<text>\n", non-printable
 * bytes and backslashes escaped as \xNN.
 */
export function formatKmsgRecord(rec: LogRecord): string {
  const usec = rec.timestampNs / 1000n;
  let s = `${(rec.facility << 3) | rec.level},${rec.seq},${usec},${rec.flags & LOG_CONT ? 'c' : '-'};`;
  for (const c of rec.bytes) {
    if (c < 0x20 || c >= 127 || c === 0x5c) s += '\\x' + c.toString(16).padStart(2, '0');
    else s += String.fromCharCode(c);
  }
  return s + '\n';
}

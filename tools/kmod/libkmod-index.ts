// kmod's binary index (modules.dep.bin, modules.alias.bin, modules.symbols.bin,
// modules.builtin.bin, modules.builtin.alias.bin): the trie depmod writes (tools/depmod.c,
// "code from module-init-tools/index.c") and the lookups libkmod does on it (libkmod-index.c:
// index_search for exact keys, index_searchwild for keys that are fnmatch patterns).
//
// Disk format, all integers big-endian u32:
//   magic 0xB007F457, version 0x00020001, root offset;
//   node: [prefix NUL] [first last children[last-first+1]] [count {priority value NUL}*]
//   the node offset's high nibble says which parts are there (PREFIX, CHILDS, VALUES).
// Keys and values are 7-bit ASCII; strings here hold one byte per char (latin1).

export const INDEX_MAGIC = 0xb007f457;
export const INDEX_VERSION = 0x00020001;
const INDEX_CHILDMAX = 128;
const NODE_PREFIX = 0x80000000;
const NODE_VALUES = 0x40000000;
const NODE_CHILDS = 0x20000000;
const NODE_MASK = 0x0fffffff;

export interface IndexValue { priority: number; value: string }

interface Node {
  /** The character that leads to the node from its parent. */
  ch: number;
  prefix: string;
  values: IndexValue[];
  first: number;
  last: number;
  /** Sorted by ch: a few children in an array rather than kmod's 128 pointers (or a Map),
   *  which were most of the builder's allocations (an index has thousands of nodes, most
   *  with a child or two). */
  children: Node[] | null;
}

function newNode(ch: number, prefix: string): Node {
  return { ch, prefix, values: [], first: INDEX_CHILDMAX, last: 0, children: null };
}

export class IndexError extends Error {}

const NON_ASCII = /[^\x00-\x7f]/;

/** index__checkstring: depmod stops (CRIT) on a non-ASCII byte. */
function checkString(s: string) {
  const m = NON_ASCII.exec(s);
  if (!m) return;
  const ch = m[0].charCodeAt(0);
  throw new IndexError(`Module index: bad character '${m[0]}'=0x${ch.toString(16)} - only 7-bit ASCII is supported:\n${s}\n`);
}

/** The in-memory trie depmod builds (index_create / index_insert / index_write). */
export class IndexBuilder {
  private readonly root = newNode(0, '');

  /** index_insert: returns true when the key already had this value (a duplicate). */
  insert(key: string, value: string, priority: number): boolean {
    checkString(key);
    checkString(value);
    let node = this.root;
    let i = 0;
    for (;;) {
      let j = 0;
      const prefix = node.prefix;
      for (; j < prefix.length; j++) {
        const ch = prefix.charCodeAt(j);
        if (ch !== (i + j < key.length ? key.charCodeAt(i + j) : 0)) {
          // Split: the old node's tail becomes a child at prefix[j].
          const n: Node = { ch, prefix: prefix.slice(j + 1), values: node.values, first: node.first, last: node.last, children: node.children };
          node.prefix = prefix.slice(0, j);
          node.values = [];
          node.first = ch;
          node.last = ch;
          node.children = [n];
          break;
        }
      }
      i += j;
      if (i >= key.length) return addValue(node, value, priority);
      const ch = key.charCodeAt(i);
      const kids = node.children ??= [];
      let k = 0;
      while (k < kids.length && kids[k].ch < ch) k++;
      if (k === kids.length || kids[k].ch !== ch) {
        if (ch < node.first) node.first = ch;
        if (ch > node.last) node.last = ch;
        const child = newNode(ch, key.slice(i + 1));
        addValue(child, value, priority);
        kids.splice(k, 0, child);
        return false;
      }
      node = kids[k];
      i++;
    }
  }

  /** index_write: the file's bytes (nodes post-order, children before parents). */
  write(): Buffer {
    // One growing buffer: depmod writes five indexes of thousands of nodes each.
    let buf = Buffer.allocUnsafe(1 << 16);
    let pos = 0;
    const ensure = (n: number) => {
      if (pos + n <= buf.length) return;
      const nb = Buffer.allocUnsafe(Math.max(2 * buf.length, pos + n));
      buf.copy(nb, 0, 0, pos);
      buf = nb;
    };
    // bytes stored directly: Buffer's writeUInt32BE and write(s, pos, 'latin1') check their
    // arguments in JavaScript at every call, which cost more than the writing, run cold
    const put32 = (v: number) => {
      buf[pos] = v >>> 24;
      buf[pos + 1] = v >>> 16;
      buf[pos + 2] = v >>> 8;
      buf[pos + 3] = v;
      pos += 4;
    };
    const u32 = (v: number) => { ensure(4); put32(v); };
    const str = (s: string) => {
      ensure(s.length + 1);
      if (s.length < 32) for (let k = 0; k < s.length; k++) buf[pos++] = s.charCodeAt(k);
      else pos += (buf as Buffer & { latin1Write(s: string, at: number): number }).latin1Write(s, pos);
      buf[pos++] = 0;
    };
    u32(INDEX_MAGIC);
    u32(INDEX_VERSION);
    u32(0); // root offset, patched below
    // the children's offsets, first to last, on one stack shared by every level
    const offs: number[] = [];
    const writeNode = (node: Node): number => {
      const base = offs.length;
      if (node.first < INDEX_CHILDMAX) {
        const kids = node.children!;
        for (let c = node.first, k = 0; c <= node.last; c++) {
          if (k < kids.length && kids[k].ch === c) offs.push(writeNode(kids[k++]));
          else offs.push(0);
        }
      }
      let offset = pos;
      if (node.prefix.length) {
        str(node.prefix);
        offset |= NODE_PREFIX;
      }
      if (node.first < INDEX_CHILDMAX) {
        ensure(2 + 4 * (offs.length - base));
        buf[pos++] = node.first;
        buf[pos++] = node.last;
        for (let k = base; k < offs.length; k++) put32(offs[k]);
        offs.length = base;
        offset |= NODE_CHILDS;
      }
      if (node.values.length) {
        u32(node.values.length);
        for (let k = 0; k < node.values.length; k++) {
          u32(node.values[k].priority);
          str(node.values[k].value);
        }
        offset |= NODE_VALUES;
      }
      return offset >>> 0;
    };
    const root = writeNode(this.root);
    const out = buf.subarray(0, pos);
    out.writeUInt32BE(root >>> 0, 8);
    return out;
  }
}

/** index_add_value: sorted by priority, a new value goes before equal priorities. */
function addValue(node: Node, value: string, priority: number): boolean {
  const values = node.values;
  let duplicate = false;
  let k = values.length;
  for (let i = 0; i < values.length; i++) {
    if (values[i].value === value) duplicate = true;
    if (k === values.length && values[i].priority >= priority) k = i;
  }
  if (k === values.length) values.push({ priority, value });
  else values.splice(k, 0, { priority, value });
  return duplicate;
}

// ---- reading (libkmod-index.c) ------------------------------------------------------------

interface ReadNode {
  prefix: string;
  first: number;
  last: number;
  children: number[];
  values: IndexValue[];
}

/** A loaded index file. Throws IndexError on a bad magic or version. */
export class IndexReader {
  private readonly rootOffset: number;
  private readonly cache = new Map<number, ReadNode>();

  constructor(private readonly buf: Uint8Array) {
    if (buf.length < 12) throw new IndexError('index file too short');
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (dv.getUint32(0) !== INDEX_MAGIC) throw new IndexError('bad index magic');
    const version = dv.getUint32(4);
    if (version >>> 16 !== INDEX_VERSION >>> 16) throw new IndexError('unsupported index version');
    this.rootOffset = dv.getUint32(8);
  }

  private node(offset: number): ReadNode | null {
    if (!(offset & NODE_MASK) && !offset) return null;
    const hit = this.cache.get(offset);
    if (hit) return hit;
    const b = this.buf;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let p = offset & NODE_MASK;
    const cstr = () => {
      const e = b.indexOf(0, p);
      if (e < 0) throw new IndexError('unterminated string in index');
      const s = Buffer.from(b.subarray(p, e)).toString('latin1');
      p = e + 1;
      return s;
    };
    const n: ReadNode = { prefix: '', first: INDEX_CHILDMAX, last: 0, children: [], values: [] };
    if (offset & NODE_PREFIX) n.prefix = cstr();
    if (offset & NODE_CHILDS) {
      n.first = b[p];
      n.last = b[p + 1];
      p += 2;
      for (let c = n.first; c <= n.last; c++, p += 4) n.children.push(dv.getUint32(p));
    }
    if (offset & NODE_VALUES) {
      const count = dv.getUint32(p);
      p += 4;
      for (let k = 0; k < count; k++) {
        const priority = dv.getUint32(p);
        p += 4;
        n.values.push({ priority, value: cstr() });
      }
    }
    this.cache.set(offset, n);
    return n;
  }

  private child(n: ReadNode, ch: number): ReadNode | null {
    if (n.first >= INDEX_CHILDMAX || ch < n.first || ch > n.last) return null;
    const off = n.children[ch - n.first];
    return off ? this.node(off) : null;
  }

  /** index_search: the first (best priority) value of an exact key, or null. */
  search(key: string): string | null {
    let node = this.node(this.rootOffset);
    let i = 0;
    while (node) {
      for (let j = 0; j < node.prefix.length; j++) {
        if (node.prefix[j] !== key[i + j]) return null;
      }
      i += node.prefix.length;
      if (i === key.length) return node.values.length ? node.values[0].value : null;
      node = this.child(node, key.charCodeAt(i));
      i++;
    }
    return null;
  }

  /** index_searchwild: every value whose key (a pattern) fnmatches the string, in libkmod's order. */
  searchWild(key: string): IndexValue[] {
    const out: IndexValue[] = [];
    const add = (vs: IndexValue[]) => {
      // add_value: kept sorted by priority, a new value before equal ones
      for (const v of vs) {
        let k = 0;
        while (k < out.length && out[k].priority < v.priority) k++;
        out.splice(k, 0, v);
      }
    };
    const all = (node: ReadNode, j: number, buf: string, subkey: string) => {
      buf += node.prefix.slice(j);
      for (let ch = node.first; ch <= node.last && node.first < INDEX_CHILDMAX; ch++) {
        const c = this.child(node, ch);
        if (c) all(c, 0, buf + String.fromCharCode(ch), subkey);
      }
      if (node.values.length && fnmatch(buf, subkey)) add(node.values);
    };
    // Level 2 descends along the key; a pattern is matched against the rest of the key only.
    let node = this.node(this.rootOffset);
    let i = 0;
    while (node) {
      let j = 0;
      for (; j < node.prefix.length; j++) {
        const ch = node.prefix[j];
        if (ch === '*' || ch === '?' || ch === '[') {
          all(node, j, '', key.slice(i + j));
          return out;
        }
        if (ch !== key[i + j]) return out;
      }
      i += j;
      for (const w of ['*', '?', '[']) {
        const c = this.child(node, w.charCodeAt(0));
        if (c) all(c, 0, w, key.slice(i));
      }
      if (i === key.length) {
        add(node.values);
        return out;
      }
      node = this.child(node, key.charCodeAt(i));
      i++;
    }
    return out;
  }

  /** Every key and its values, in trie order (for tests and dumps). */
  entries(): [string, IndexValue[]][] {
    const out: [string, IndexValue[]][] = [];
    const walk = (node: ReadNode, buf: string) => {
      buf += node.prefix;
      if (node.values.length) out.push([buf, node.values]);
      for (let ch = node.first; ch <= node.last && node.first < INDEX_CHILDMAX; ch++) {
        const c = this.child(node, ch);
        if (c) walk(c, buf + String.fromCharCode(ch));
      }
    };
    const root = this.node(this.rootOffset);
    if (root) walk(root, '');
    return out;
  }
}

/** fnmatch(pattern, string, 0) as glibc does it for the patterns module aliases use. */
export function fnmatch(pattern: string, s: string): boolean {
  const match = (pi: number, si: number): boolean => {
    while (pi < pattern.length) {
      const c = pattern[pi];
      if (c === '*') {
        while (pattern[pi] === '*') pi++;
        if (pi === pattern.length) return true;
        for (let k = si; k <= s.length; k++) if (match(pi, k)) return true;
        return false;
      }
      if (si >= s.length) return false;
      if (c === '?') { pi++; si++; continue; }
      if (c === '[') {
        const r = bracket(pattern, pi, s[si]);
        if (r === null) {
          // An unterminated '[' matches itself.
          if (s[si] !== '[') return false;
          pi++; si++; continue;
        }
        if (!r.ok) return false;
        pi = r.next; si++; continue;
      }
      if (c === '\\' && pi + 1 < pattern.length) {
        if (pattern[pi + 1] !== s[si]) return false;
        pi += 2; si++; continue;
      }
      if (c !== s[si]) return false;
      pi++; si++;
    }
    return si === s.length;
  };
  return match(0, 0);
}

function bracket(p: string, i: number, ch: string): { ok: boolean; next: number } | null {
  let k = i + 1;
  let negate = false;
  if (p[k] === '!' || p[k] === '^') { negate = true; k++; }
  let ok = false;
  let firstChar = true;
  while (k < p.length && (p[k] !== ']' || firstChar)) {
    firstChar = false;
    let lo = p[k];
    if (lo === '\\' && k + 1 < p.length) { k++; lo = p[k]; }
    if (p[k + 1] === '-' && k + 2 < p.length && p[k + 2] !== ']') {
      let hi = p[k + 2];
      let adv = 3;
      if (hi === '\\' && k + 3 < p.length) { hi = p[k + 3]; adv = 4; }
      if (ch >= lo && ch <= hi) ok = true;
      k += adv;
    } else {
      if (ch === lo) ok = true;
      k++;
    }
  }
  if (k >= p.length) return null;
  return { ok: ok !== negate, next: k + 1 };
}

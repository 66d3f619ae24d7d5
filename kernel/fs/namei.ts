// The namespace: paths to inodes (fs/namei.c's role, and the dentry tree's). The inodes, files
// and file operations are the C core's (kernel/core/fs_internal.h); this tree only names them.
// Drivers add their nodes through services (devtmpfs's /dev entries, procfs's entries); the
// files the TypeScript kernel makes itself (kernel/fs.ts: /proc/modules, /sys/module/...) are
// found here too and served by the core's synthetic files (kernel/core/synthfs.c), whose
// contents this file makes at open.
import type { Kernel } from '../kernel.ts';
import type { ServiceCall } from '../service-args.ts';
import { arg } from '../service-args.ts';
import { KernelError, ENOENT, ENOTDIR, EEXIST, EACCES, EIO, ENOMEM, EINVAL, ENAMETOOLONG } from '../errno.ts';
import { readFile, listDir, sysfsParam } from '../fs.ts';
import { PerKernel } from '../attached.ts';

export const S_IFMT = 0o170000, S_IFDIR = 0o040000, S_IFCHR = 0o020000, S_IFREG = 0o100000;
const O_ACCMODE = 3, O_CREAT = 0o100;
const PATH_MAX = 4096;

interface Node {
  name: string;
  /** A C struct inode* this tree holds a reference on; 0n for a directory only the tree has. */
  inode: bigint;
  mode: number;
  children: Map<string, Node> | null;
}

/** What a lookup found. */
export type Found =
  | { kind: 'node'; node: Node }
  | { kind: 'synth'; path: string; mode: number; param: bigint };

interface Vfs {
  root: Node;
  /** Synthetic files by id (ids are stable per path: open files keep theirs). */
  synthIds: Map<string, number>;
  synthPaths: string[];
}

const vfsOf = new PerKernel<Vfs>();

function dir(name: string): Node {
  return { name, inode: 0n, mode: S_IFDIR | 0o755, children: new Map() };
}

export function vfs(k: Kernel): Vfs {
  let v = vfsOf.get(k);
  if (!v) {
    const root = dir('');
    for (const p of ['dev', 'proc', 'sys']) root.children!.set(p, dir(p));
    const sys = root.children!.get('sys')!;
    for (const p of ['class', 'devices', 'kernel', 'module']) sys.children!.set(p, dir(p));
    sys.children!.get('kernel')!.children!.set('debug', dir('debug'));
    v = { root, synthIds: new Map(), synthPaths: [] };
    vfsOf.set(k, v);
  }
  return v;
}

/** The components of an absolute path, with "." and ".." resolved; null if relative. */
export function components(path: string): string[] | null {
  if (!path.startsWith('/')) return null;
  const out: string[] = [];
  for (const c of path.split('/')) {
    if (!c || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return out;
}

/** Walks the tree; then the TypeScript kernel's own files. Throws KernelError(ENOENT/ENOTDIR). */
export function lookup(k: Kernel, path: string): Found {
  const parts = components(path);
  if (!parts) throw new KernelError(ENOENT);
  let n = vfs(k).root;
  let i = 0;
  for (; i < parts.length; i++) {
    if (!n.children) throw new KernelError(ENOTDIR);
    const next = n.children.get(parts[i]);
    if (!next) break;
    n = next;
  }
  if (i === parts.length) return { kind: 'node', node: n };
  if (!n.children) throw new KernelError(ENOTDIR);
  const full = '/' + parts.join('/');
  if (listDir(k, full)) return { kind: 'synth', path: full, mode: S_IFDIR | 0o555, param: 0n };
  const p = sysfsParam(k, full);
  if (p) return { kind: 'synth', path: full, mode: S_IFREG | (p.perm & 0o7777), param: p.kp };
  if (full.startsWith('/proc/') || full.startsWith('/sys/')) {
    try {
      readFile(k, full);
      return { kind: 'synth', path: full, mode: S_IFREG | 0o444, param: 0n };
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      // There, but write-only (a uevent file): the open says EACCES.
      if (e.errno === EACCES) return { kind: 'synth', path: full, mode: S_IFREG | 0o200, param: 0n };
    }
  }
  throw new KernelError(ENOENT);
}

/** A directory's entries (the tree's and the TypeScript kernel's), or null if not a directory. */
export function readdir(k: Kernel, path: string): string[] | null {
  const parts = components(path);
  if (!parts) return null;
  let n: Node | undefined = vfs(k).root;
  for (const c of parts) {
    n = n?.children?.get(c);
    if (!n) break;
  }
  const full = '/' + parts.join('/');
  const own = n?.children ? [...n.children.keys()] : null;
  if (n && !n.children) return null;
  const theirs = listDir(k, full);
  if (!own && !theirs) return null;
  return [...new Set([...(own ?? []), ...(theirs ?? [])])].sort();
}

/** Adds a node for a C inode, making the directories above it (devtmpfs does). */
export function d_add(k: Kernel, path: string, inode: bigint, mode: number): number {
  const parts = components(path);
  if (!parts || !parts.length) return -EINVAL;
  let n = vfs(k).root;
  for (const c of parts.slice(0, -1)) {
    if (!n.children) return -ENOTDIR;
    let next = n.children.get(c);
    if (!next) n.children.set(c, (next = dir(c)));
    n = next;
  }
  if (!n.children) return -ENOTDIR;
  const name = parts[parts.length - 1];
  const had = n.children.get(name);
  // A directory the tree made on its own (/sys/kernel, a parent d_add created) takes the
  // inode of the C directory named after it (sysfs's kernel_kobj), keeping its entries.
  if (had && !had.inode && had.children && (mode & S_IFMT) === S_IFDIR) {
    had.inode = inode;
    had.mode = mode;
    return 0;
  }
  if (had) return -EEXIST;
  n.children.set(name, { name, inode, mode, children: (mode & S_IFMT) === S_IFDIR ? new Map() : null });
  return 0;
}

/** Removes the node of `inode` at path; the caller drops the tree's reference. */
export function d_remove(k: Kernel, path: string, inode: bigint): number {
  const parts = components(path);
  if (!parts || !parts.length) return -EINVAL;
  let parent = vfs(k).root;
  for (const c of parts.slice(0, -1)) {
    const next = parent.children?.get(c);
    if (!next) return -ENOENT;
    parent = next;
  }
  const name = parts[parts.length - 1];
  const n = parent.children?.get(name);
  if (!n || n.inode !== inode) return -ENOENT;
  parent.children!.delete(name);
  return 0;
}

function parentExists(k: Kernel, path: string): boolean {
  const parts = components(path);
  if (!parts?.length) return false;
  return readdir(k, '/' + parts.slice(0, -1).join('/')) !== null;
}

function synthId(k: Kernel, path: string): number {
  const v = vfs(k);
  let id = v.synthIds.get(path);
  if (id === undefined) {
    id = v.synthPaths.length + 1;
    v.synthPaths.push(path);
    v.synthIds.set(path, id);
  }
  return id;
}

/** Offsets the services fill, read from the image (kernel/core/abi.c). */
function off(k: Kernel, name: string): bigint {
  return BigInt(k.machine.readU64(k.symbol(name)));
}

function userPath(c: ServiceCall, at: bigint): string | number {
  const b = c.k.machine.readCString(at, PATH_MAX + 1);
  if (!b) return -EINVAL;
  if (b.length >= PATH_MAX) return -ENAMETOOLONG;
  return Buffer.from(b).toString('latin1');
}

/** The services of the namespace (kernel/core/fs_internal.h). */
export const NAMEI_SERVICES: Record<string, (c: ServiceCall) => bigint | void> = {
  // long __kmodlab_lookup(const char *path, struct kmodlab_nameidata *nd)
  __kmodlab_lookup: (c) => {
    const k = c.k, m = k.machine;
    const path = userPath(c, arg(c, 0));
    if (typeof path === 'number') return BigInt(path);
    const nd = arg(c, 1);
    let f: Found;
    try {
      f = lookup(k, path);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      // O_CREAT where the directory exists: none of procfs, sysfs or this /dev can create
      // (vfs_create() without ->create)
      if (e.errno === ENOENT && Number(arg(c, 2)) & O_CREAT && parentExists(k, path)) return BigInt(-EACCES);
      return BigInt(-e.errno);
    }
    m.writeU64(nd, 0n);
    m.writeU64(nd + 8n, 0n);
    m.writeU64(nd + 24n, 0n);
    if (f.kind === 'node' && f.node.inode) {
      // The reference the opener gets is taken here, in the same step as the lookup, so no
      // removal can free the inode in between.
      const count = f.node.inode + off(k, 'kmodlab_inode_count_offset');
      m.writeU32(count, m.readU32(count) + 1);
      m.writeU64(nd, f.node.inode);
      m.writeU32(nd + 16n, f.node.mode);
      return 0n;
    }
    const p = f.kind === 'node' ? '/' + components(path)!.join('/') : f.path;
    m.writeU64(nd + 8n, BigInt(synthId(k, p)));
    m.writeU32(nd + 16n, f.kind === 'node' ? f.node.mode : f.mode);
    m.writeU64(nd + 24n, f.kind === 'synth' ? f.param : 0n);
    return 0n;
  },
  // long __kmodlab_d_add(const char *path, struct inode *inode)
  __kmodlab_d_add: (c) => {
    const path = userPath(c, arg(c, 0));
    if (typeof path === 'number') return BigInt(path);
    const inode = arg(c, 1);
    const mode = c.k.machine.readU16(inode + off(c.k, 'kmodlab_inode_mode_offset'));
    return BigInt(d_add(c.k, path, inode, mode));
  },
  // long __kmodlab_d_remove(const char *path, struct inode *inode)
  __kmodlab_d_remove: (c) => {
    const path = userPath(c, arg(c, 0));
    if (typeof path === 'number') return BigInt(path);
    return BigInt(d_remove(c.k, path, arg(c, 1)));
  },
  // long __kmodlab_synth_open(long id, struct kmodlab_synth *s, unsigned int flags)
  __kmodlab_synth_open: (c) => {
    const k = c.k;
    const path = vfs(k).synthPaths[Number(arg(c, 0)) - 1];
    const flags = Number(arg(c, 2) & 0xffffffffn);
    if (!path) return BigInt(-ENOENT);
    // sysfs refuses to open a read-only attribute for writing (kernfs_fop_open)
    if ((flags & O_ACCMODE) !== 0 && path.startsWith('/sys/')) return BigInt(-EACCES);
    let text: string;
    try {
      text = readFile(k, path);
    } catch (e) {
      if (e instanceof KernelError) return BigInt(-e.errno);
      throw e;
    }
    const bytes = Buffer.from(text, 'latin1');
    const buf = k.slab.kmalloc(Math.max(bytes.length, 1));
    if (!buf) return BigInt(-ENOMEM);
    k.machine.write(buf, new Uint8Array(bytes));
    k.machine.writeU64(arg(c, 1), buf);
    k.machine.writeU64(arg(c, 1) + 8n, BigInt(bytes.length));
    return 0n;
  },
  // long __kmodlab_synth_write(long id, const char *buf, size_t len): procfs without ->proc_write
  __kmodlab_synth_write: () => BigInt(-EIO),
};

/** Whether path names something. */
export function exists(k: Kernel, path: string): boolean {
  try {
    lookup(k, path);
    return true;
  } catch (e) {
    if (e instanceof KernelError) return false;
    throw e;
  }
}

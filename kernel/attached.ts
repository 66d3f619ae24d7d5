// State a subsystem keeps per kernel. It hangs off the kernel itself (not a WeakMap beside it)
// so that everything the kernel is can be walked, and a machine checkpoint restores it too.
import type { Kernel } from './kernel.ts';

export class PerKernel<T> {
  get(k: Kernel): T | undefined { return k.attached.get(this) as T | undefined; }
  set(k: Kernel, v: T) { k.attached.set(this, v); }
  delete(k: Kernel) { k.attached.delete(this); }
  /** The state, made by init() the first time. */
  of(k: Kernel, init: () => T): T {
    let v = this.get(k);
    if (v === undefined) this.set(k, (v = init()));
    return v;
  }
}

// Boot options defined outside tools/console.ts: `boot key=value` hands keys it does not know
// itself to the file that registered them here.
import type { Kernel, BootOptions } from '../../kernel/kernel.ts';

export interface BootOptionContext {
  /** The options the Kernel will be built with. */
  opts: BootOptions;
  /** Resolves a path argument against the scenario's directory. */
  path(p: string): string;
  /** Runs fn on the new kernel once it has booted. */
  after(fn: (k: Kernel) => void): void;
}

export interface BootOptionSpec { usage: string; parse(value: string, c: BootOptionContext): void }

const options = new Map<string, BootOptionSpec>();

export function defineBootOption(key: string, spec: BootOptionSpec) {
  if (options.has(key)) throw new Error(`boot option '${key}' defined twice`);
  options.set(key, spec);
}

/** Applies key=value if a file registered key; false if nobody did. */
export function applyBootOption(key: string, value: string, c: BootOptionContext): boolean {
  const spec = options.get(key);
  if (!spec) return false;
  spec.parse(value, c);
  return true;
}

export function bootOptionKeys(): string[] {
  return [...options.keys()];
}

export function bootOptionUsages(): string[] {
  return [...options.values()].map((o) => o.usage);
}

/** The boot options other files registered, with their usage. */
export function listBootOptions(): [string, BootOptionSpec][] {
  return [...options].sort(([a], [b]) => (a < b ? -1 : 1));
}

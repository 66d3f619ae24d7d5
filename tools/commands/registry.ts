// Scenario commands defined outside tools/console.ts: each mechanism's file registers its
// commands here (tools/commands/index.ts imports them all), so adding one touches one file.
import type { Kernel } from '../../kernel/kernel.ts';
import type { Word } from '../scenario/lex.ts';

export interface CommandContext {
  kernel: Kernel;
  /** The words after the command name (quoted-ness kept). */
  args: Word[];
  /** The same, as plain strings. */
  texts: string[];
  /** Prints one transcript line. */
  out(line: string): void;
  /** Resolves a path argument against the scenario's directory. */
  path(p: string): string;
  /** Reads or sets the `$ret` value. */
  ret: bigint;
  /** The command failed (an error, an oops, a non-zero exit): `kmodlab run --strict` exits 1. */
  failed(): void;
}

/** A malformed line: the run stops with FILE:LINE: message and exit status 2. Other
 * failures print the tool's error and the run goes on. */
export class ScenarioError extends Error {}

export type CommandHandler = (c: CommandContext) => void;

export interface CommandSpec { usage: string; help: string; run: CommandHandler }

const commands = new Map<string, CommandSpec>();

export function defineCommand(name: string, spec: CommandSpec) {
  if (commands.has(name)) throw new Error(`scenario command '${name}' defined twice`);
  commands.set(name, spec);
}

export function findCommand(name: string): CommandSpec | undefined {
  return commands.get(name);
}

export function listCommands(): [string, CommandSpec][] {
  return [...commands].sort(([a], [b]) => (a < b ? -1 : 1));
}

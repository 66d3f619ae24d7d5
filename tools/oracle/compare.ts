// Runs a shared scenario on kmodlab over the oracle's fixture tree and compares its transcript,
// command by command, with what Linux printed (test/oracle/recorded/NAME.txt).
//
// Lines are `identical`, `normalised` (equal once a rule of test/oracle/differences.txt
// rewrote both sides: addresses, timestamps…) or `different`. A command whose output still
// differs must be listed in that file (`known` entries: the to-do list of fidelity work;
// `allowed` entries: differences by design), with its reason.
//
//   tools/oracle/compare.ts [NAME ...]    prints each difference and the summary
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { runScenario } from '../console.ts';
import { buildTree, scenarioCommands, scenarioCmdline, scenarioNames, parseTranscript, SCENARIO_DIR, RECORDED_DIR, type Block } from './fixture.ts';

export const DIFFERENCES = 'test/oracle/differences.txt';
const REAL = join(REPO_ROOT, 'build', 'real-modules');

/** kmodlab's transcript blocks for one scenario (the boot and depmod prelude left out). */
export function runKmodlab(name: string, root: string, release: string): Block[] {
  const text = readFileSync(join(REPO_ROOT, SCENARIO_DIR, `${name}.kml`), 'utf8');
  const cmds = scenarioCommands(text);
  const prelude = [
    [`boot cpus=1 placement=vmalloc symvers=${join(REAL, 'Module.symvers')} moddir=${join(root, 'lib', 'modules', release)} modprobe.d=${join(root, 'etc', 'modprobe.d')}`, ...scenarioCmdline(text)].join(' '),
    'depmod',
  ];
  const out: string[] = [];
  const { console: c } = runScenario([...prelude, ...cmds].join('\n'), join(root, 'root', `${name}.kml`), (l) => out.push(l), {
    echo: true, writeError: (l) => out.push(l),
  });
  c.kernel?.close();
  return parseTranscript(out).slice(prelude.length);
}

export function recorded(name: string): { header: string[]; blocks: Block[] } {
  const lines = readFileSync(join(REPO_ROOT, RECORDED_DIR, `${name}.txt`), 'utf8').replace(/\n$/, '').split('\n');
  return { header: lines.filter((l) => l.startsWith('# ')), blocks: parseTranscript(lines.filter((l) => !l.startsWith('# '))) };
}

// ---- the differences file ---------------------------------------------------------------------

export interface Rule { kind: 'normalise' | 'rewrite'; name: string; re: RegExp; to: string; reason: string }
export interface Entry { kind: 'known' | 'allowed'; scenario: string; cmd: string; reason: string; used: boolean }

/**
 * Parses differences.txt: paragraphs of `key: value` lines.
 *   normalise: NAME / match: REGEX / replace: TEXT / reason: …   (a justified rewrite)
 *   rewrite: NAME / match / replace / reason     (a known difference, rewritten so that the rest
 *                                                  of the line is still compared; counted as known)
 *   known: SCENARIO $ COMMAND     (or allowed:) / reason: …
 */
export function parseDifferences(text: string): { rules: Rule[]; entries: Entry[] } {
  const rules: Rule[] = [];
  const entries: Entry[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const kv = new Map<string, string>();
    let last = '';
    for (const l of para.split('\n')) {
      if (!l.trim() || l.startsWith('#')) continue;
      const m = /^(\w+):\s?(.*)$/.exec(l);
      if (m && !l.startsWith(' ')) { kv.set(m[1], m[2]); last = m[1]; } else if (last) kv.set(last, `${kv.get(last)} ${l.trim()}`);
    }
    if (!kv.size) continue;
    const reason = kv.get('reason');
    if (!reason) throw new Error(`${DIFFERENCES}: entry without a reason: ${para.trim().split('\n')[0]}`);
    if (kv.has('normalise') || kv.has('rewrite')) {
      const kind = kv.has('normalise') ? 'normalise' : 'rewrite';
      rules.push({ kind, name: kv.get(kind)!, re: new RegExp(kv.get('match')!, 'g'), to: kv.get('replace') ?? '', reason });
      continue;
    }
    const kind = kv.has('known') ? 'known' : kv.has('allowed') ? 'allowed' : null;
    if (!kind) throw new Error(`${DIFFERENCES}: unknown entry: ${para.trim().split('\n')[0]}`);
    const m = /^(\S+) \$ (.*)$/.exec(kv.get(kind)!);
    if (!m) throw new Error(`${DIFFERENCES}: expected "SCENARIO $ COMMAND": ${kv.get(kind)}`);
    entries.push({ kind, scenario: m[1], cmd: m[2], reason, used: false });
  }
  return { rules, entries };
}

export const normalise = (rules: Rule[], l: string) => rules.reduce((s, r) => s.replace(r.re, r.to), l);

// ---- comparison -------------------------------------------------------------------------------

export interface Counts { identical: number; normalised: number; known: number; allowed: number; unexplained: number; commands: number; commandsEqual: number; commandsKnown: number; commandsAllowed: number }
export interface Mismatch { scenario: string; index: number; cmd: string; linux: string[]; kmodlab: string[]; entry?: Entry }

export function compareScenario(name: string, linux: Block[], ours: Block[], rules: Rule[], entries: Entry[], counts: Counts): Mismatch[] {
  const bad: Mismatch[] = [];
  const n = Math.max(linux.length, ours.length);
  for (let i = 0; i < n; i++) {
    const a = linux[i] ?? { cmd: '(missing)', lines: [] };
    const b = ours[i] ?? { cmd: '(missing)', lines: [] };
    if (a.cmd !== b.cmd) throw new Error(`${name}: command ${i + 1} is "${a.cmd}" in the recording, "${b.cmd}" on kmodlab: run make oracle`);
    const plain = rules.filter((r) => r.kind === 'normalise');
    const na = a.lines.map((l) => normalise(rules, l));
    const nb = b.lines.map((l) => normalise(rules, l));
    /** How a Linux line and a kmodlab line that agree once rewritten differed before. */
    const kindOf = (x: string, y: string): 'identical' | 'normalised' | 'known' =>
      x === y ? 'identical' : normalise(plain, x) === normalise(plain, y) ? 'normalised' : 'known';
    if (na.length === nb.length && na.every((l, j) => l === nb[j])) {
      const kinds = a.lines.map((l, j) => kindOf(l, b.lines[j]));
      for (const k of kinds) counts[k]++;
      counts.identical++; // the command line itself
      counts.commands++;
      if (kinds.includes('known')) counts.commandsKnown++;
      else counts.commandsEqual++;
      continue;
    }
    counts.identical++;
    counts.commands++;
    const entry = entries.find((e) => e.scenario === name && e.cmd === a.cmd);
    // Lines of Linux's output that kmodlab printed too (after normalising) still count as equal.
    const rest = nb.map((l, j) => ({ l, raw: b.lines[j] }));
    let differing = 0;
    na.forEach((l, j) => {
      const k = rest.findIndex((r) => r.l === l);
      if (k < 0) { differing++; return; }
      counts[kindOf(a.lines[j], rest[k].raw)]++;
      rest.splice(k, 1);
    });
    differing = Math.max(differing, rest.length) || 1;
    if (entry) {
      entry.used = true;
      counts[entry.kind] += differing;
      if (entry.kind === 'known') counts.commandsKnown++;
      else counts.commandsAllowed++;
    } else counts.unexplained += differing;
    bad.push({ scenario: name, index: i, cmd: a.cmd, linux: a.lines, kmodlab: b.lines, entry });
  }
  return bad;
}

export interface Report { counts: Counts; mismatches: Mismatch[]; unused: Entry[]; rules: Rule[]; entries: Entry[] }

export function compareAll(names = scenarioNames(REPO_ROOT)): Report {
  const { rules, entries } = parseDifferences(readFileSync(join(REPO_ROOT, DIFFERENCES), 'utf8'));
  const counts: Counts = { identical: 0, normalised: 0, known: 0, allowed: 0, unexplained: 0, commands: 0, commandsEqual: 0, commandsKnown: 0, commandsAllowed: 0 };
  const mismatches: Mismatch[] = [];
  const root = mkdtempSync(join(tmpdir(), 'kmodlab-oracle-'));
  try {
    const release = buildTree(root, REAL);
    for (const r of rules) r.to = r.to.replace(/@RELEASE@/g, release);
    for (const n of names) mismatches.push(...compareScenario(n, recorded(n).blocks, runKmodlab(n, root, release), rules, entries, counts));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return { counts, mismatches, unused: entries.filter((e) => !e.used && names.includes(e.scenario)), rules, entries };
}

export function summary(r: Report): string {
  const c = r.counts;
  return `oracle: ${c.commands} commands: ${c.commandsEqual} print what Linux prints (once normalised), ${c.commandsKnown} differ in known ways, ${c.commandsAllowed} allowed; lines: ${c.identical} identical, ${c.normalised} normalised, ${c.known} known differences to fix, ${c.allowed} allowed differences, ${c.unexplained} unexplained`;
}

export function describe(m: Mismatch): string {
  const tag = m.entry ? `${m.entry.kind}: ${m.entry.reason}` : 'NOT LISTED in ' + DIFFERENCES;
  return [`${m.scenario} $ ${m.cmd}   (${tag})`, ...m.linux.map((l) => `  linux   | ${l}`), ...m.kmodlab.map((l) => `  kmodlab | ${l}`)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = compareAll(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
  for (const m of r.mismatches) console.log(describe(m) + '\n');
  for (const e of r.unused) console.log(`stale entry (no longer differs): ${e.scenario} $ ${e.cmd}`);
  console.log(summary(r));
}

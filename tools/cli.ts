// kmodlab command line: run, shell, dash, modinfo, bench.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
// The machine (console.ts and all it imports) loads only for the commands that boot one, so
// --help, --version and the kmod tools start without it.

const VERSION = '0.1.0';

const HELP = `Usage: kmodlab COMMAND [ARGS]

An emulated SMP ARM64 machine running a Linux 6.1 module loader.

Commands:
  run [--strict] FILE|-
                    run a scenario (- reads it from stdin); the transcript goes to stdout;
                    exit 2 on a malformed line, with --strict 1 if a command failed
  help [COMMAND]    this text, or one scenario command's syntax and purpose
  examples          the example scenarios and what each shows
  shell             interactive prompt taking scenario commands
  dash [FILE]       terminal dashboard playing FILE (default: the demo);
                    plain transcript when stdout is not a terminal or CI=true
  modinfo [-F field] [-0] FILE.ko|NAME
                    show a module's information like kmod's modinfo (a NAME from the
                    machine's module directory)
  depmod [-aAenw] [-b BASEDIR] [-F System.map] [-E Module.symvers] [VERSION]
                    write modules.dep and the other module indexes like kmod's depmod
                    (default: the machine's module directory and release)
  bench [--quick] [--startup]
                    print the command's start-up time, emulator throughput and module
                    load latency (--startup: only the first)
  bulk [DIR] [--symvers FILE] [-q]
                    load every module of DIR (default: Debian's, from make real-modules)
                    in dependency order; per module: initialised, needs kernel services
                    (named), refused (why); then a summary and the time taken
  bulk --missing [DIR] [--top N] [--json]
                    without loading: the kernel symbols DIR's modules import, ranked by
                    how many modules need those kmodlab's kernel does not export
  modstat [DIR]     modules with .text+.data and compact core under a page, and the pages
                    and TLB entries kmalloc placement saves (seed 002 item 6)
  explore FILE [--algo pct|bounded|random] [--schedules N] [--seed S] [--depth D]
        [--preemptions B] [--time-limit SECONDS] [--shard I/N|auto/N] [--keep-going] [--json]
                    run FILE's concurrent part under many schedules; each finding prints
                    a line 'replay: kmodlab explore FILE --replay TOKEN' (exit 1 if found);
                    finds use of unloaded modules, entries without a reference, refcount
                    underflow, sleeping or exiting atomic, a task exiting with a lock or a
                    module reference it took, oopses, deadlocks, hung rmmod
  explore merge A.json B.json ...
                    one report from the --json reports of several shards
  fuzz [--count N] [--seed S] [--jobs J] [--target examples|debian] [--time-limit SECONDS]
       [--out DIR] [--json]
                    load structure-aware mutations of the example modules and Debian's with
                    insmod/rmmod; any host exception, hang, dead machine, unremovable module
                    or leak is a failure with a reproducer (exit 1 if any)
  installer [--mem SIZE] [--refcount none|percpu|atomic] [--rounds N] [--dir DIR]
                    load and unload every module again and again (seed 001)

Options:
  -h, --help        this text
  -V, --version     print the version
`;

function fail(msg: string, code = 1): never {
  process.stderr.write(`kmodlab: ${msg}\n`);
  process.exit(code);
}

const RUN_USAGE = `usage: kmodlab run [--strict] FILE|-

Runs a scenario (one command per line; kmodlab help lists them) and prints its transcript.
FILE's relative paths resolve from its folder, then the current directory, then
modules/examples; '-' reads the scenario from standard input (paths from the current
directory). Exit status: 0, or 1 with --strict if any command failed; 2 for a bad scenario.
`;

async function main(argv: string[]) {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case '-h':
    case '--help':
    case 'help': {
      if (!(cmd === 'help' && rest.length)) {
        const cached = bundledScenarioHelp();
        if (cached !== null) { process.stdout.write(HELP + '\n' + cached); return 0; }
      }
      const { scenarioHelp, commandHelp } = await import('./help.ts');
      if (cmd === 'help' && rest.length) {
        const h = commandHelp(rest[0]);
        if (!h) fail(`help: no command '${rest[0]}' (kmodlab help lists them)`, 2);
        process.stdout.write(h);
        return 0;
      }
      process.stdout.write(HELP + '\n' + scenarioHelp());
      return 0;
    }
    case '--print-scenario-help': {
      // make setup: the bundle's scenario-help.txt (see bundledScenarioHelp)
      const { scenarioHelp } = await import('./help.ts');
      process.stdout.write(scenarioHelp());
      return 0;
    }
    case 'examples': {
      const { exampleScenarios } = await import('./help.ts');
      const all = exampleScenarios();
      const w = Math.max(...all.map((e) => e.file.length));
      for (const e of all) process.stdout.write(`${e.file.padEnd(w)}  ${e.purpose}\n`);
      return 0;
    }
    case '-V':
    case '--version':
      process.stdout.write(`kmodlab ${VERSION}\n`);
      return 0;
    case 'run': {
      if (rest.includes('-h') || rest.includes('--help')) {
        process.stdout.write(RUN_USAGE);
        return 0;
      }
      const strict = rest.includes('--strict');
      const args = rest.filter((a) => a !== '--strict');
      const bad = args.find((a) => a.startsWith('-') && a !== '-');
      if (bad) fail(`run: unknown option '${bad}' (see kmodlab help)`, 2);
      const file = args[0];
      if (!file) fail('run: missing scenario FILE (see kmodlab --help)', 2);
      if (args.length > 1) fail(`run: one scenario FILE, got '${args[0]}' and '${args[1]}'`, 2);
      if (file !== '-' && !existsSync(file)) fail(`run: ${file}: No such file or directory`, 2);
      if (file !== '-' && statSync(file).isDirectory()) fail(`run: ${file}: Is a directory (kmodlab examples lists the scenarios)`, 2);
      // '-': the scenario from stdin; its relative paths resolve from the current directory
      const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
      const { runScenario } = await import('./console.ts');
      const { status, console: c, failed } = runScenario(text, file === '-' ? join(process.cwd(), 'stdin.kml') : file, (l) => process.stdout.write(l + '\n'), {
        writeError: (l) => process.stderr.write(l + '\n'),
      });
      c.kernel?.close();
      return status || (strict && failed ? 1 : 0);
    }
    case 'shell':
      return shell();
    case 'dash': {
      const { dash } = await import('./dash/dash.ts');
      return dash(rest);
    }
    case 'installer': {
      const { installerMain } = await import('./installer.ts');
      return installerMain(rest);
    }
    case 'bulk': {
      if (rest.includes('--missing')) {
        const { censusMain } = await import('./exports-census.ts');
        return censusMain(rest.filter((a) => a !== '--missing'), (s) => process.stdout.write(s), (s) => process.stderr.write(s), !!process.stderr.isTTY);
      }
      const { bulkMain } = await import('./bulk.ts');
      return bulkMain(rest, (s) => process.stdout.write(s));
    }
    case 'modstat': {
      const { modstatMain } = await import('./bulk.ts');
      return modstatMain(rest, (s) => process.stdout.write(s));
    }
    case 'explore': {
      const { exploreMain } = await import('./explore/explore.ts');
      return exploreMain(rest, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
    }
    case 'fuzz': {
      const { fuzzMain } = await import('./fuzz/fuzz.ts');
      return fuzzMain(rest, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
    }
    case 'bench': {
      const { bench } = await import('./bench.ts');
      return bench(rest);
    }
    default: {
      // depmod and modinfo FILE.ko need no machine: tools/kmod/host.ts, without the programs' table.
      const streams = { stdout: (b: Buffer) => process.stdout.write(b), stderr: (b: Buffer) => process.stderr.write(b) };
      if (cmd === 'depmod' || cmd === 'modinfo') {
        const host = await import('./kmod/host.ts');
        if (cmd === 'depmod') return host.depmodHost(rest, streams);
        if (!host.modinfoNames(rest).length) return host.modinfoHost(rest, streams);
      }
      // The machine's programs that also run on the host's files: modinfo NAME (tools/programs.ts).
      const { PROGRAMS } = await import('./programs.ts');
      const spec = PROGRAMS.get(cmd);
      if (!spec?.host) fail(`unknown command '${cmd}' (see kmodlab --help)`, 2);
      return spec.run(rest, {
        out: (l) => process.stdout.write(l + '\n'),
        ...streams,
        path: (p) => p,
        run: () => 127,
      });
    }
  }
}

/**
 * The scenario language's help, written beside the bundle when it is built (make setup) from the
 * same registries: the registries import every command and so the whole machine, which --help
 * would otherwise load only to list them. null when this is not the bundle (tsx runs the sources).
 */
function bundledScenarioHelp(): string | null {
  const here = new URL(import.meta.url).pathname;
  if (!here.endsWith('/build/cli/kmodlab.mjs')) return null;
  const file = join(here, '..', 'scenario-help.txt');
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

async function shell(): Promise<number> {
  const { Console, ScenarioError } = await import('./console.ts');
  const { raiseInterrupt, pollTerminalForInterrupt } = await import('./commands/signals.ts');
  const c = new Console({ baseDir: process.cwd(), write: (l) => process.stdout.write(l + '\n') });
  // ^C interrupts a blocking command (rmmod -w): read from the raw terminal while it waits.
  if (process.stdin.isTTY) pollTerminalForInterrupt(true);
  else process.on('SIGINT', () => { if (c.kernel) raiseInterrupt(c.kernel); });
  const tty = process.stdin.isTTY;
  const { complete } = await import('./completion.ts');
  const rl = createInterface({
    input: process.stdin, output: tty ? process.stdout : undefined, prompt: 'kmodlab# ', terminal: tty,
    completer: (line: string) => complete(line, { kernel: c.kernel, cwd: process.cwd() }),
  });
  if (tty) {
    process.stdout.write('kmodlab shell: scenario commands, one per line ("help" lists them, ^D quits)\n');
    // At the prompt ^C drops the line, as a shell does.
    rl.on('SIGINT', () => {
      process.stdout.write('^C\n');
      rl.write(null, { ctrl: true, name: 'u' });
      rl.prompt();
    });
    rl.prompt();
  }
  for await (const line of rl) {
    const words = line.trim().split(/\s+/);
    if (words[0] === 'help') {
      const { scenarioHelp, commandHelp } = await import('./help.ts');
      process.stdout.write(words[1] ? commandHelp(words[1]) ?? `help: no command '${words[1]}'\n` : scenarioHelp());
    }
    else if (line.trim() === 'exit' || line.trim() === 'quit') break;
    else {
      try {
        c.exec(line);
      } catch (e) {
        if (e instanceof ScenarioError) process.stdout.write(`kmodlab: ${e.message}\n`);
        else throw e;
      }
    }
    if (tty) rl.prompt();
  }
  c.kernel?.close();
  return 0;
}

// process.exit drops what a pipe has not taken yet (a long --json): exit once stdout and stderr drained.
const exit = (code: number) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
main(process.argv.slice(2)).then((code) => exit(code ?? 0), (e) => {
  process.stderr.write(`kmodlab: internal error: ${e instanceof Error ? e.stack : e}\n`);
  process.exit(70);
});

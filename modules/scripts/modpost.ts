/*
 * modpost: the post-processing step of kmodlab's kbuild, a TypeScript port of
 * what Linux 6.1's scripts/mod/modpost.c does for arm64 modules and vmlinux:
 *
 *  - reads the symbol tables of vmlinux.o or of the modules' <name>.o files
 *    (with aarch64-linux-gnu-readelf, never a JS ELF parser): exported symbols
 *    are the __ksymtab_<sym> labels in ___ksymtab+<sym> / ___ksymtab_gpl+<sym>
 *    sections, namespaces the __kstrtabns_<sym> strings, undefined globals are
 *    what the module needs;
 *  - takes the CRCs genksyms computed from the "#SYMVER <sym> <crc>" lines of
 *    the objects' .<obj>.cmd files (objects listed in <name>.mod, or in
 *    .vmlinux.objs for vmlinux);
 *  - reads Module.symvers dumps (-i), resolves every module's undefined
 *    symbols against the kernel, the dumps and the other modules, and reports
 *    "undefined!" symbols, GPL-only symbols used by non-GPL modules, missing
 *    namespace imports, missing MODULE_LICENSE() and too long names, with
 *    modpost's messages;
 *  - writes <name>.mod.c per module (vermagic, name, __this_module, SYMBOL_CRC
 *    of its exports, __versions, depends, device-table aliases) and, for
 *    vmlinux, .vmlinux.export.c; then the -o Module.symvers dump.
 *
 * Usage (as scripts/mod/modpost):
 *   modpost.ts [-m] [-e] [-w] [-N] [-i Module.symvers]... [-o Module.symvers]
 *              [-T list|-] [object.o ...]
 *   -m  modversions (CRCs)        -e  external modules (no "intree")
 *   -w  unresolved symbols are warnings, not errors
 *   -N  missing namespace imports are warnings, not errors
 *   -T  read the object list from a file ("-": stdin), one per line
 * Exit status 1 if an error was reported.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { deviceTableAliases, DeviceTableError } from './file2alias.ts';
import { ElfFile, ReadelfError, cString } from './readelf.ts';
import type { ElfSymbol } from './readelf.ts';

/* include/linux/module.h: MODULE_NAME_LEN = 64 - sizeof(unsigned long) */
const MODULE_NAME_LEN = 56;
const MAX_UNRESOLVED_REPORTS = 10;

type LogLevel = 'WARNING' | 'ERROR' | 'FATAL';

let errorOccurred = false;

function modpostLog(level: LogLevel, msg: string): void {
  process.stderr.write(`${level}: modpost: ${msg}`);
  if (level === 'FATAL') process.exit(1);
  if (level === 'ERROR') errorOccurred = true;
}
const warn = (msg: string): void => modpostLog('WARNING', msg);
const error = (msg: string): void => modpostLog('ERROR', msg);
const fatal = (msg: string): never => {
  modpostLog('FATAL', msg);
  throw new Error('unreachable');
};

/* .modinfo: "tag=value\0" strings */
function modinfoValues(elf: ElfFile, tag: string): string[] {
  const sec = elf.sectionByName('.modinfo');
  if (!sec) return [];
  if (sec.type === 'NOBITS') fatal(`${elf.path} has NOBITS .modinfo\n`);
  const values: string[] = [];
  for (const s of elf.data(sec).toString('latin1').split('\0')) {
    if (s.startsWith(tag + '=')) values.push(s.slice(tag.length + 1));
  }
  return values;
}

/* ------------------------------------------------------------------ */
/* modpost's data model                                                */

interface Module {
  name: string; /* the object's path without ".o" (or the dump's module column) */
  isVmlinux: boolean;
  fromDump: boolean;
  isGplCompatible: boolean;
  hasInit: boolean;
  hasCleanup: boolean;
  exported: SymbolEntry[];
  unresolved: Unresolved[];
  importedNamespaces: Set<string>;
  aliases: string[];
  seen: boolean;
}

interface SymbolEntry {
  name: string;
  module: Module;
  crc: number;
  crcValid: boolean;
  isGplOnly: boolean;
  namespace: string | null;
}

interface Unresolved {
  name: string;
  weak: boolean;
  module: Module | null; /* the owner, once resolved */
  crc: number;
  crcValid: boolean;
}

const modules: Module[] = [];
const symbolTable = new Map<string, SymbolEntry>();
let modversions = false;
let externalModule = false;
let warnUnresolved = false;
let allowMissingNsImports = false;
let nrUnresolved = 0;

function newModule(name: string): Module {
  const mod: Module = {
    name,
    isVmlinux: name === 'vmlinux',
    fromDump: false,
    isGplCompatible: true,
    hasInit: false,
    hasCleanup: false,
    exported: [],
    unresolved: [],
    importedNamespaces: new Set(),
    aliases: [],
    seen: false,
  };
  modules.push(mod);
  return mod;
}

function findModule(name: string): Module | undefined {
  return modules.find((m) => m.name === name);
}

function symAddExported(name: string, mod: Module, gplOnly: boolean): SymbolEntry {
  const s = symbolTable.get(name);
  if (s && (!externalModule || s.module.isVmlinux || s.module === mod)) {
    error(
      `${mod.name}: '${name}' exported twice. Previous export was in ${s.module.name}${s.module.isVmlinux ? '' : '.ko'}\n`,
    );
  }
  const sym: SymbolEntry = { name, module: mod, crc: 0, crcValid: false, isGplOnly: gplOnly, namespace: null };
  mod.exported.push(sym);
  symbolTable.set(name, sym);
  return sym;
}

function symUpdateNamespace(name: string, namespace: string): void {
  const s = symbolTable.get(name);
  if (!s) {
    error(`Could not update namespace(${namespace}) for symbol ${name}\n`);
    return;
  }
  s.namespace = namespace === '' ? null : namespace;
}

/* include/linux/license.h */
function licenseIsGplCompatible(license: string): boolean {
  return [
    'GPL',
    'GPL v2',
    'GPL and additional rights',
    'Dual BSD/GPL',
    'Dual MIT/GPL',
    'Dual MPL/GPL',
  ].includes(license);
}

function ignoreUndefSymbol(name: string): boolean {
  /* ignore __this_module, it will be resolved shortly */
  if (name === '__this_module') return true;
  /* ignore global offset table */
  if (name === '_GLOBAL_OFFSET_TABLE_') return true;
  return false;
}

/* ------------------------------------------------------------------ */
/* reading objects                                                     */

function readSymbols(objPath: string): void {
  if (!existsSync(objPath)) fatal(`${objPath}: No such file or directory\n`);
  if (!objPath.endsWith('.o')) {
    error(`${objPath}: filename must be suffixed with .o\n`);
    return;
  }
  let elf: ElfFile;
  try {
    elf = new ElfFile(objPath);
  } catch (e) {
    if (e instanceof ReadelfError) return fatal(`${e.message}\n`);
    throw e;
  }
  if (elf.type !== 'REL') {
    warn(`${objPath}: not relocatable object.\n`);
    return;
  }
  if (!elf.symbols.length) fatal(`${objPath} has no symtab?\n`);

  const mod = newModule(objPath.slice(0, -'.o'.length));

  if (!mod.isVmlinux) {
    const licenses = modinfoValues(elf, 'license');
    if (!licenses.length) error(`missing MODULE_LICENSE() in ${objPath}\n`);
    for (const license of licenses) {
      if (!licenseIsGplCompatible(license)) {
        mod.isGplCompatible = false;
        break;
      }
    }
    for (const ns of modinfoValues(elf, 'import_ns')) mod.importedNamespaces.add(ns);
  }

  for (const sym of elf.symbols) {
    handleSymbol(mod, elf, sym);
    if (!mod.isVmlinux) {
      try {
        mod.aliases.push(...deviceTableAliases(elf, sym, mod.name, warn));
      } catch (e) {
        if (e instanceof DeviceTableError) fatal(e.message);
        throw e;
      }
    }
  }

  /* Apply symbol namespaces from __kstrtabns_<symbol> entries. */
  for (const sym of elf.symbols) {
    if (sym.name.startsWith('__kstrtabns_')) {
      const data = elf.symbolData(sym);
      symUpdateNamespace(sym.name.slice('__kstrtabns_'.length), data ? cString(data, 0) : '');
    }
  }

  if (modversions) {
    /*
     * Our trick to get versioning for module struct etc. - it's
     * never passed as an argument to an exported function, so
     * the automatic versioning doesn't pick it up, but it's really
     * important anyhow.
     */
    if (!mod.isVmlinux) mod.unresolved.push({ name: 'module_layout', weak: false, module: null, crc: 0, crcValid: false });
    modSetCrcs(mod);
  }
}

function handleSymbol(mod: Module, elf: ElfFile, sym: ElfSymbol): void {
  const name = sym.name.startsWith('.') ? sym.name.slice(1) : sym.name;
  switch (sym.shndx) {
    case 'COM':
      if (!name.startsWith('__gnu_lto_')) warn(`"${name}" [${mod.name}] is COMMON symbol\n`);
      break;
    case 'UND':
      /* undefined symbol */
      if (sym.bind !== 'GLOBAL' && sym.bind !== 'WEAK') break;
      if (ignoreUndefSymbol(name)) break;
      mod.unresolved.push({ name, weak: sym.bind === 'WEAK', module: null, crc: 0, crcValid: false });
      break;
    default: {
      /* All exported symbols */
      if (name.startsWith('__ksymtab_')) {
        const exported = name.slice('__ksymtab_'.length);
        const secname = elf.section(Number(sym.shndx))?.name ?? '';
        if (secname.startsWith('___ksymtab_gpl+')) symAddExported(exported, mod, true);
        else if (secname.startsWith('___ksymtab+')) symAddExported(exported, mod, false);
      }
      if (name === 'init_module') mod.hasInit = true;
      if (name === 'cleanup_module') mod.hasCleanup = true;
      break;
    }
  }
}

/*
 * The CRCs are recorded in .*.cmd files in the form of:
 * #SYMVER <name> <crc>
 */
function extractCrcsForObject(object: string, mod: Module): void {
  const slash = object.lastIndexOf('/');
  const cmdFile = `${object.slice(0, slash + 1)}.${object.slice(slash + 1)}.cmd`;
  let text: string;
  try {
    text = readFileSync(cmdFile, 'latin1');
  } catch {
    /* the object may not export anything */
    return;
  }
  for (const line of ('\n' + text).split('\n')) {
    if (!line.startsWith('#SYMVER ')) continue;
    const m = line.match(/^#SYMVER (\S+) (\S+)/);
    if (!m) {
      error(`${cmdFile}: malformed line: ${line}\n`);
      continue;
    }
    const crc = Number(m[2]);
    if (!Number.isFinite(crc)) {
      error(`${cmdFile}: malformed line: ${line}\n`);
      continue;
    }
    const sym = mod.exported.find((s) => s.name === m[1]);
    if (sym) {
      sym.crc = crc >>> 0;
      sym.crcValid = true;
    }
  }
}

/*
 * The symbol versions (CRC) are recorded in the .*.cmd files.
 * Parse them to retrieve CRCs for the current module.
 */
function modSetCrcs(mod: Module): void {
  const objlist = mod.isVmlinux ? '.vmlinux.objs' : `${mod.name}.mod`;
  let text: string;
  try {
    text = readFileSync(objlist, 'utf8');
  } catch {
    return fatal(`${objlist}: No such file or directory\n`);
  }
  for (const obj of text.split('\n')) {
    if (!obj) break;
    extractCrcsForObject(obj, mod);
  }
}

/* Module.symvers: crc<TAB>symbol<TAB>module<TAB>export<TAB>namespace */
function readDump(fname: string): void {
  let text: string;
  try {
    text = readFileSync(fname, 'utf8');
  } catch {
    return fatal(`${fname}: No such file or directory\n`);
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    const f = line.split('\t');
    if (f.length < 5) fatal('parse error in symbol dump file\n');
    const [crcStr, symname, modname, exp] = f;
    const namespace = f.slice(4).join('\t');
    if (!/^(0x)?[0-9a-fA-F]+$/.test(crcStr) || !symname || !modname) fatal('parse error in symbol dump file\n');
    let gplOnly: boolean;
    if (exp === 'EXPORT_SYMBOL_GPL') gplOnly = true;
    else if (exp === 'EXPORT_SYMBOL') gplOnly = false;
    else {
      error(`${symname}: unknown license ${exp}. skip`);
      continue;
    }
    let mod = findModule(modname);
    if (!mod) {
      mod = newModule(modname);
      mod.fromDump = true;
    }
    const s = symAddExported(symname, mod, gplOnly);
    s.crc = parseInt(crcStr, 16) >>> 0;
    s.crcValid = true;
    symUpdateNamespace(symname, namespace);
  }
}

/* ------------------------------------------------------------------ */
/* checks and the generated sources                                    */

function basename(modName: string): string {
  const slash = modName.lastIndexOf('/');
  return slash >= 0 ? modName.slice(slash + 1) : modName;
}

function checkModnameLen(mod: Module): void {
  if (basename(mod.name).length >= MODULE_NAME_LEN) error(`module name is too long [${mod.name}.ko]\n`);
}

function checkExports(mod: Module): void {
  for (const s of mod.unresolved) {
    const exp = symbolTable.get(s.name);
    if (!exp) {
      if (!s.weak && nrUnresolved++ < MAX_UNRESOLVED_REPORTS)
        modpostLog(warnUnresolved ? 'WARNING' : 'ERROR', `"${s.name}" [${mod.name}.ko] undefined!\n`);
      continue;
    }
    if (exp.module === mod) {
      error(`"${s.name}" [${mod.name}.ko] was exported without definition\n`);
      continue;
    }

    s.module = exp.module;
    s.crcValid = exp.crcValid;
    s.crc = exp.crc;

    const base = basename(mod.name);
    if (exp.namespace !== null && !mod.importedNamespaces.has(exp.namespace)) {
      modpostLog(
        allowMissingNsImports ? 'WARNING' : 'ERROR',
        `module ${base} uses symbol ${exp.name} from namespace ${exp.namespace}, but does not import it.\n`,
      );
    }

    if (!mod.isGplCompatible && exp.isGplOnly)
      error(`GPL-incompatible module ${base}.ko uses GPL-only symbol '${exp.name}'\n`);
  }
}

/* printf("%#8x") */
function hashHex8(n: number): string {
  const s = n === 0 ? '0' : '0x' + n.toString(16);
  return s.padStart(8, ' ');
}

function hex08(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

function addHeader(mod: Module): string {
  let b = '';
  b += '#include <linux/module.h>\n';
  /*
   * Include build-salt.h after module.h in order to
   * inherit the definitions.
   */
  b += '#define INCLUDE_VERMAGIC\n';
  b += '#include <linux/build-salt.h>\n';
  b += '#include <linux/elfnote-lto.h>\n';
  b += '#include <linux/export-internal.h>\n';
  b += '#include <linux/vermagic.h>\n';
  b += '#include <linux/compiler.h>\n';
  b += '\n';
  b += 'BUILD_SALT;\n';
  b += 'BUILD_LTO_INFO;\n';
  b += '\n';
  b += 'MODULE_INFO(vermagic, VERMAGIC_STRING);\n';
  b += 'MODULE_INFO(name, KBUILD_MODNAME);\n';
  b += '\n';
  b += '__visible struct module __this_module\n';
  b += '__section(".gnu.linkonce.this_module") = {\n';
  b += '\t.name = KBUILD_MODNAME,\n';
  if (mod.hasInit) b += '\t.init = init_module,\n';
  if (mod.hasCleanup) b += '#ifdef CONFIG_MODULE_UNLOAD\n\t.exit = cleanup_module,\n#endif\n';
  b += '\t.arch = MODULE_ARCH_INIT,\n';
  b += '};\n';

  if (!externalModule) b += '\nMODULE_INFO(intree, "Y");\n';

  b += '\n#ifdef CONFIG_RETPOLINE\nMODULE_INFO(retpoline, "Y");\n#endif\n';

  if (mod.name.startsWith('drivers/staging')) b += '\nMODULE_INFO(staging, "Y");\n';
  if (mod.name.startsWith('tools/testing')) b += '\nMODULE_INFO(test, "Y");\n';
  return b;
}

function addExportedSymbols(mod: Module): string {
  if (!modversions) return '';
  /* record CRCs for exported symbols */
  let b = '\n';
  for (const sym of mod.exported) {
    if (!sym.crcValid)
      warn(
        `EXPORT symbol "${sym.name}" [${mod.name}${mod.isVmlinux ? '' : '.ko'}] version generation failed, symbol will not be versioned.\n` +
          `Is "${sym.name}" prototyped in <asm/asm-prototypes.h>?\n`,
      );
    b += `SYMBOL_CRC(${sym.name}, ${hex08(sym.crc)}, "${sym.isGplOnly ? '_gpl' : ''}");\n`;
  }
  return b;
}

/* Record CRCs for unresolved symbols */
function addVersions(mod: Module): string {
  if (!modversions) return '';
  let b = '\n';
  b += 'static const struct modversion_info ____versions[]\n';
  b += '__used __section("__versions") = {\n';
  for (const s of mod.unresolved) {
    if (!s.module) continue;
    if (!s.crcValid) {
      warn(`"${s.name}" [${mod.name}.ko] has no CRC!\n`);
      continue;
    }
    if (s.name.length >= MODULE_NAME_LEN) {
      error(`too long symbol "${s.name}" [${mod.name}.ko]\n`);
      break;
    }
    b += `\t{ ${hashHex8(s.crc)}, "${s.name}" },\n`;
  }
  b += '};\n';
  return b;
}

function addDepends(mod: Module): string {
  /* Clear ->seen flag of modules that own symbols needed by this. */
  for (const s of mod.unresolved) if (s.module) s.module.seen = s.module.isVmlinux;

  let b = '\n';
  b += 'MODULE_INFO(depends, "';
  let first = true;
  for (const s of mod.unresolved) {
    if (!s.module || s.module.seen) continue;
    s.module.seen = true;
    b += (first ? '' : ',') + basename(s.module.name);
    first = false;
  }
  b += '");\n';
  return b;
}

/* Now add out buffered information to the generated C source */
function addModdevtable(mod: Module): string {
  return '\n' + mod.aliases.map((a) => `MODULE_ALIAS("${a}");\n`).join('');
}

function writeIfChanged(text: string, fname: string): void {
  try {
    if (readFileSync(fname, 'latin1') === text) return;
  } catch {
    /* a new file */
  }
  writeFileSync(fname, text, 'latin1');
}

function writeModCFile(mod: Module): void {
  checkModnameLen(mod);
  checkExports(mod);

  let b = addHeader(mod);
  b += addExportedSymbols(mod);
  b += addVersions(mod);
  b += addDepends(mod);
  b += addModdevtable(mod);
  writeIfChanged(b, `${mod.name}.mod.c`);
}

function writeVmlinuxExportCFile(mod: Module): void {
  const b = '#include <linux/export-internal.h>\n' + addExportedSymbols(mod);
  writeIfChanged(b, '.vmlinux.export.c');
}

/* parse Module.symvers file. line format:
 * 0x12345678<tab>symbol<tab>module<tab>export<tab>namespace
 **/
function writeDump(fname: string): void {
  let b = '';
  for (const mod of modules) {
    if (mod.fromDump) continue;
    for (const sym of mod.exported) {
      b += `${hex08(sym.crc)}\t${sym.name}\t${mod.name}\tEXPORT_SYMBOL${sym.isGplOnly ? '_GPL' : ''}\t${sym.namespace ?? ''}\n`;
    }
  }
  writeFileSync(fname, b);
}

/* ------------------------------------------------------------------ */

function main(argv: string[]): number {
  const dumpRead: string[] = [];
  const objects: string[] = [];
  let dumpWrite: string | null = null;
  let filesSource: string | null = null;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const optarg = (): string => {
      if (arg.length > 2) return arg.slice(2);
      if (i + 1 >= argv.length) fatal(`option ${arg} requires an argument\n`);
      return argv[++i];
    };
    if (!arg.startsWith('-') || arg === '-') {
      objects.push(arg);
      continue;
    }
    switch (arg.slice(0, 2)) {
      case '-e':
        externalModule = true;
        break;
      case '-i':
        dumpRead.push(optarg());
        break;
      case '-m':
        modversions = true;
        break;
      case '-n':
      case '-a':
      case '-W':
      case '-E':
        /* ignore_missing_files, all_versions, extra warnings, section mismatches: not modelled */
        break;
      case '-T':
        filesSource = optarg();
        break;
      case '-o':
        dumpWrite = optarg();
        break;
      case '-w':
        warnUnresolved = true;
        break;
      case '-N':
        allowMissingNsImports = true;
        break;
      case '-d':
        optarg();
        break;
      default:
        process.stderr.write(`modpost: unknown option ${arg}\n`);
        return 1;
    }
  }

  for (const f of dumpRead) readDump(f);

  for (const obj of objects) readSymbols(obj);

  if (filesSource !== null) {
    const list = readFileSync(filesSource === '-' ? 0 : filesSource, 'utf8');
    for (const line of list.split('\n')) {
      const obj = line.trim();
      if (obj) readSymbols(obj);
    }
  }

  for (const mod of modules) {
    if (mod.fromDump) continue;
    if (mod.isVmlinux) writeVmlinuxExportCFile(mod);
    else writeModCFile(mod);
  }

  if (dumpWrite !== null) writeDump(dumpWrite);

  if (nrUnresolved > MAX_UNRESOLVED_REPORTS)
    warn(`suppressed ${nrUnresolved - MAX_UNRESOLVED_REPORTS} unresolved symbol warnings because there were too many)\n`);

  return errorOccurred ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof ReadelfError) fatal(`${e.message}\n`);
  throw e;
}

// Shell-like splitting of one scenario line: words, '…' and "…" quoting (backslash escapes
// inside double quotes), # comments outside quotes. A word remembers whether it was quoted,
// because `call f "text"` passes a string while `call f 12` passes a number.
export interface Word { text: string; quoted: boolean }

export class LexError extends Error {}

export function lex(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '#') break;
    let text = '';
    let quoted = false;
    while (i < line.length && !/[ \t\r]/.test(line[i])) {
      const ch = line[i];
      if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new LexError('unterminated single quote');
        text += line.slice(i + 1, end);
        quoted = true;
        i = end + 1;
      } else if (ch === '"') {
        i++;
        quoted = true;
        let closed = false;
        while (i < line.length) {
          const d = line[i];
          if (d === '"') { closed = true; i++; break; }
          if (d === '\\' && i + 1 < line.length) {
            const e = line[i + 1];
            const esc: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', '0': '\0', $: '$' };
            text += esc[e] ?? `\\${e}`;
            i += 2;
            continue;
          }
          text += d;
          i++;
        }
        if (!closed) throw new LexError('unterminated double quote');
      } else if (ch === '\\' && i + 1 < line.length) {
        text += line[i + 1];
        i += 2;
      } else {
        text += ch;
        i++;
      }
    }
    words.push({ text, quoted });
  }
  return words;
}

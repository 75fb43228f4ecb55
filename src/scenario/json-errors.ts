// Where malformed JSON goes wrong, said the same in every engine: the engine's own position when it
// gives one, else the first syntax error found here (RFC 8259), as line and column.
import { clip, printable } from './echo.ts';

export function jsonErrorMessage(text: string, e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const where = jsonErrorPosition(text, raw);
  if (where !== undefined) {
    const detail = raw.replace(/ (?:in JSON )?at position \d+(?: \(line \d+ column \d+\))?$/, '');
    return `invalid JSON at line ${where.line}, column ${where.column}: ${clip(printable(detail), 200)}`;
  }
  // The engine gave no position (V8 says only `Unexpected token 'N', "NaN" is not valid JSON`):
  // find the first error ourselves, so every message says where.
  const found = findJsonError(text);
  if (found === undefined) return `invalid JSON: ${clip(printable(raw), 200)}`;
  const at = offsetToLineColumn(text, found.offset);
  return `invalid JSON at line ${at.line}, column ${at.column}: ${found.problem}`;
}

/** V8 says "at position N" (newer ones add "(line L column C)"), Firefox "at line L column C". */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } | undefined {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (position) return offsetToLineColumn(text, Number(position[1]));
  if (/unexpected end of (?:JSON )?(?:input|data)/i.test(message)) {
    return offsetToLineColumn(text, text.length);
  }
  return undefined;
}

type JsonWant = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The offset and nature of the first syntax error in `text` (RFC 8259), or undefined if there is
 * none. Iterative, with an explicit stack: deeply nested input cannot overflow the call stack.
 */
export function findJsonError(text: string): { offset: number; problem: string } | undefined {
  const stack: string[] = [];
  let want: JsonWant = 'value';
  let i = 0;
  const afterValue = (): JsonWant => (stack.length === 0 ? 'end' : 'comma-or-close');
  const bad = (offset: number, problem: string) => ({ offset, problem });
  while (true) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
      i++;
    if (i >= text.length) return want === 'end' ? undefined : bad(i, 'unexpected end of input');
    const c = text[i]!;
    switch (want) {
      case 'end':
        return bad(i, `unexpected ${charText(text, i)} after the end of the JSON value`);
      case 'colon':
        if (c !== ':') return bad(i, `expected ':' after a property name, got ${charText(text, i)}`);
        i++;
        want = 'value';
        continue;
      case 'comma-or-close': {
        const close = stack.at(-1) === '{' ? '}' : ']';
        if (c === ',') want = close === '}' ? 'key' : 'value';
        else if (c === close) {
          stack.pop();
          want = afterValue();
        } else return bad(i, `expected ',' or '${close}', got ${charText(text, i)}`);
        i++;
        continue;
      }
      case 'key':
      case 'key-or-close':
        if (want === 'key-or-close' && c === '}') {
          stack.pop();
          i++;
          want = afterValue();
          continue;
        }
        if (c !== '"') return bad(i, `expected a double-quoted property name, got ${charText(text, i)}`);
        {
          const end = scanJsonString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        }
        want = 'colon';
        continue;
      case 'value':
      case 'value-or-close':
        if (want === 'value-or-close' && c === ']') {
          stack.pop();
          i++;
          want = afterValue();
          continue;
        }
        if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          want = c === '{' ? 'key-or-close' : 'value-or-close';
          continue;
        }
        if (c === '"') {
          const end = scanJsonString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          JSON_NUMBER.lastIndex = i;
          const m = JSON_NUMBER.exec(text);
          if (m === null || m[0] === '-')
            return bad(i, `${clip(printable(text.slice(i, i + 12)), 12)} is not a JSON number`);
          i += m[0].length;
        } else {
          const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
          if (word === undefined) return bad(i, unexpectedValue(text, i));
          i += word.length;
        }
        want = afterValue();
    }
  }
}

/** The end of the string starting at `start` (a '"'), or the error in it. */
function scanJsonString(text: string, start: number): number | { offset: number; problem: string } {
  for (let j = start + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20)
      return { offset: j, problem: `${charText(text, j)} inside a string (write it as an escape)` };
    if (code === 0x5c) {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6)))
          return { offset: j, problem: 'bad \\u escape: expected four hex digits' };
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) j++;
      else
        return {
          offset: j,
          problem: `bad escape in a string: \\${next === undefined ? '' : printable(next)}`,
        };
    }
  }
  return { offset: text.length, problem: 'unterminated string (cut short?)' };
}

function unexpectedValue(text: string, i: number): string {
  for (const word of ['NaN', 'Infinity', '-Infinity', 'undefined'])
    if (text.startsWith(word, i)) return `${word} is not a JSON value (use a number or null)`;
  if (text[i] === "'") return "strings in JSON take double quotes, not '";
  return `unexpected ${charText(text, i)} where a value should be`;
}

/** A character for a message: 'x', or U+0001 for one that does not print. */
function charText(text: string, i: number): string {
  const code = text.codePointAt(i) ?? 0;
  const c = String.fromCodePoint(code);
  return printable(c) !== c || code === 0xfffd || code > 0xffff
    ? `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
    : `'${c}'`;
}

function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

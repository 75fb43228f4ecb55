// What the CLI reads and prints as text: scenario files are UTF-8 (anything else is refused with
// where it goes wrong, not silently turned into U+FFFD), and everything printed goes through
// terminalSafe, because scenario names, paths and file names are the user's text and a terminal
// obeys escape codes in them (clear the screen, set the title, rewrite earlier lines).
import { readFileSync } from 'node:fs';
import { formatScenarioErrors, parseScenarioJson, type ScenarioValidation } from '../scenario/validate.ts';

/**
 * `text` with every control character written as an escape (\x1b, \x07, \u009b…), and the Unicode
 * bidirectional controls too (they reorder what the reader sees). Newlines are escaped as well:
 * apply it to each line, not to a block.
 */
export function terminalSafe(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => {
      const code = c.charCodeAt(0);
      return code <= 0xff
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u${code.toString(16).padStart(4, '0')}`;
    },
  );
}

/** Each line of `text` made safe; the line breaks themselves are kept. */
export function safeLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}

export type ReadScenario = { ok: true; result: ScenarioValidation } | { ok: false; message: string };

/** Reads and validates a scenario file; `message` says what is wrong with the file itself. */
export function readScenarioFile(file: string): ReadScenario {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { ok: false, message: `cannot read ${file}: ${(e as Error).message}` };
  }
  const text = decodeUtf8(bytes);
  if (!text.ok) return { ok: false, message: `${file}: ${text.message}` };
  return { ok: true, result: parseScenarioJson(text.text) };
}

/** The scenario's errors as the CLI prints them: a heading, then one indented line each. */
export function scenarioErrorLines(file: string, result: ScenarioValidation): string[] {
  if (result.ok) return [];
  return [
    `${file}: invalid scenario`,
    ...formatScenarioErrors(result.errors)
      .split('\n')
      .map((l) => `  ${l}`),
  ];
}

/** Strict UTF-8: the first invalid byte is reported with its line and column. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.split('\n').length;
    const column = [...before.slice(lineStart)].length + 1;
    const byte = bytes[bad];
    const what =
      byte === undefined
        ? 'the file ends in the middle of a character'
        : `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    return {
      ok: false,
      message: `not UTF-8 text: ${what} at line ${line}, column ${column} (byte ${bad}) is not valid UTF-8; save the file as UTF-8 (was it Latin-1?)`,
    };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    if (i + need >= bytes.length && need > 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      let lo = 0x80;
      let hi = 0xbf;
      // Overlong forms, surrogates and code points past U+10FFFF are invalid too.
      if (k === 1 && b === 0xe0) lo = 0xa0;
      if (k === 1 && b === 0xed) hi = 0x9f;
      if (k === 1 && b === 0xf0) lo = 0x90;
      if (k === 1 && b === 0xf4) hi = 0x8f;
      if (c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

// How a message echoes a value from the document: printable, clipped, quoted, or described by its
// type ("got an array"), so a hostile document cannot make a long or terminal-driving message.

/** Echoed values (unknown keys, ops, node names) are cut to this many characters. */
const ECHO_CHARS = 40;

/** Control characters as \uXXXX, so a message quoting binary input cannot drive a terminal. */
export function printable(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A string from the document as a message may echo it: at most ECHO_CHARS characters, so a
 * megabyte-long key makes a short message (the cut is marked with '…').
 */
export function clip(text: string, max = ECHO_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function quote(value: string | number): string {
  return typeof value === 'string' ? `'${clip(printable(value))}'` : String(value);
}

/** A short description of a received value for "got …". */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

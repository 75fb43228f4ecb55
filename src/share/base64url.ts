// base64url without padding (RFC 4648 §5), the alphabet that survives a URL hash untouched.
// Written out rather than via btoa/Buffer because decoding must be strict — one string for one byte
// sequence (no padding, no stray bits) — and must say at which character a damaged link goes wrong.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function encodeBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2]!;
    out += ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    if (b1 !== undefined) out += ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    if (b2 !== undefined) out += ALPHABET[b2 & 63]!;
  }
  return out;
}

export type Base64urlDecoding =
  | { ok: true; bytes: Uint8Array }
  /**
   * `index`: the 0-based position of the offending character. `character`: one outside the
   * alphabet; `incomplete`: the text ends mid-byte (a dangling character, or stray low bits in the
   * last one) — what a cut-off text looks like.
   */
  | { ok: false; kind: 'character' | 'incomplete'; index: number; message: string };

export function decodeBase64url(text: string): Base64urlDecoding {
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let nbits = 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const v = VALUE.get(c);
    if (v === undefined) {
      return {
        ok: false,
        kind: 'character',
        index: i,
        message: `${JSON.stringify(c)} is not a base64url character`,
      };
    }
    bits = ((bits << 6) | v) & 0xfff;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      bytes[n++] = (bits >> nbits) & 0xff;
    }
  }
  // A lone final character carries only 6 bits, not even one byte. (Checked after the alphabet, so
  // that a bad character earlier is the one named.)
  if (text.length % 4 === 1) {
    return {
      ok: false,
      kind: 'incomplete',
      index: text.length - 1,
      message: 'length leaves one dangling character',
    };
  }
  // The last character's unused low bits must be zero, or two strings would decode alike.
  if ((bits & ((1 << nbits) - 1)) !== 0) {
    return {
      ok: false,
      kind: 'incomplete',
      index: text.length - 1,
      message: 'final character has stray low bits set',
    };
  }
  return { ok: true, bytes };
}

// base64url as links use it: strict (one text per byte string) and precise about where it fails.
import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../src/share/base64url.ts';

const bytes = (...xs: number[]) => new Uint8Array(xs);

describe('base64url', () => {
  it('encodes as RFC 4648 §5 without padding', () => {
    // RFC 4648 §10 test vectors, with padding removed.
    const text = (s: string) => encodeBase64url(new TextEncoder().encode(s));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(text)).toEqual([
      '',
      'Zg',
      'Zm8',
      'Zm9v',
      'Zm9vYg',
      'Zm9vYmE',
      'Zm9vYmFy',
    ]);
    // The two characters that differ from standard base64.
    expect(encodeBase64url(bytes(0xfb, 0xff))).toBe('-_8');
  });

  it('decodes what it encodes, for every length and byte value', () => {
    for (let n = 0; n < 40; n++) {
      const input = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 0xff);
      const decoded = decodeBase64url(encodeBase64url(input));
      expect(decoded).toEqual({ ok: true, bytes: input });
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeBase64url(encodeBase64url(all))).toEqual({ ok: true, bytes: all });
  });

  it('names the first character outside the alphabet', () => {
    expect(decodeBase64url('Zm9v+mFy')).toMatchObject({ ok: false, index: 4 });
    expect(decodeBase64url('Zm9vYg==')).toMatchObject({ ok: false, index: 6 });
    expect(decodeBase64url('Zm 9v')).toMatchObject({
      ok: false,
      index: 2,
      message: expect.stringContaining('" "'),
    });
  });

  it('refuses a dangling last character and stray low bits', () => {
    expect(decodeBase64url('Zm9vY')).toMatchObject({ ok: false, index: 4 });
    // 'Zh' would decode to 'f' as well as 'Zg' does: only the canonical form is accepted.
    expect(decodeBase64url('Zh')).toMatchObject({ ok: false, index: 1 });
    expect(decodeBase64url('Zm9')).toMatchObject({ ok: false, index: 2 });
  });
});

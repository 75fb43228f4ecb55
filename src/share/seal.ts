// A 4-byte check appended to a link's compressed bytes: the first 4 bytes of their SHA-256.
//
// Why: raw deflate has no checksum of its own, and without one 18% of single-character changes to
// an example link still decoded to a valid — different — scenario (docs/links.md), so a link mangled
// by a chat client would silently replay another run. With it, a damaged link is refused except
// with probability 2^-32. It covers every byte after the prefix, trailing bytes included.
import { sha256 } from '@noble/hashes/sha2.js';

export const SEAL_BYTES = 4;

export function seal(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + SEAL_BYTES);
  out.set(data);
  out.set(sha256(data).subarray(0, SEAL_BYTES), data.length);
  return out;
}

/** The data inside a sealed byte string, or undefined if it is too short or its seal does not match. */
export function unseal(sealed: Uint8Array): Uint8Array | undefined {
  if (sealed.length < SEAL_BYTES) return undefined;
  const data = sealed.subarray(0, sealed.length - SEAL_BYTES);
  const expected = sha256(data);
  for (let i = 0; i < SEAL_BYTES; i++) if (sealed[data.length + i] !== expected[i]) return undefined;
  return data;
}

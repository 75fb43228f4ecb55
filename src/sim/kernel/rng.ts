// One seeded generator per named stream ("network", "zk1", "client:alice"), each derived from the run
// seed and the stream's name alone, so adding a node never shifts another stream's draws.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** FNV-1a over UTF-16 code units, mixed with the seed: a stable 32-bit stream seed for a name. */
function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export class RngStream {
  private constructor(private readonly gen: JumpableRandomGenerator) {}

  static named(seed: number, name: string): RngStream {
    return new RngStream(xoroshiro128plus(streamSeed(seed, name)));
  }

  static fromState(state: readonly number[]): RngStream {
    return new RngStream(xoroshiro128plusFromState(state));
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  /** Float in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** A new array with the items in a seeded random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  state(): readonly number[] {
    return this.gen.getState();
  }
}

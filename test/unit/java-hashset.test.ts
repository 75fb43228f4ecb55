import { describe, expect, it } from 'vitest';
import {
  JavaHashSet,
  javaSpreadHash,
  javaStringHashCode,
  tableSizeFor,
} from '../../src/sim/server/java-hashset.ts';

function setOf(items: string[], initialCapacity?: number): JavaHashSet {
  const s = new JavaHashSet(initialCapacity);
  for (const i of items) s.add(i);
  return s;
}

/** 2^k strings with the same String#hashCode ("Aa" and "BB" collide). */
function colliding(blocks: number): string[] {
  let out = [''];
  for (let i = 0; i < blocks; i++) out = out.flatMap((p) => [`${p}Aa`, `${p}BB`]);
  return out;
}

describe('Java String#hashCode and HashMap helpers', () => {
  it('matches known Java hash codes, including 32-bit overflow', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('a')).toBe(97);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('zookeeper')).toBe(1600681804);
    expect(javaStringHashCode('Aa')).toBe(javaStringHashCode('BB'));
  });

  it('hashes UTF-16 code units, so a non-BMP character counts as two', () => {
    expect(javaStringHashCode('😀')).toBe((Math.imul(31, 0xd83d) + 0xde00) | 0);
  });

  it('spreads the high half into the low half', () => {
    expect(javaSpreadHash(0x12345678)).toBe(0x12345678 ^ 0x1234);
    expect(javaSpreadHash(-1)).toBe(-1 ^ 0xffff);
  });

  it('rounds table sizes up to a power of two', () => {
    expect([0, 1, 2, 3, 8, 9, 16, 17].map(tableSizeFor)).toEqual([1, 1, 2, 4, 8, 16, 16, 32]);
  });
});

describe('JavaHashSet iteration order', () => {
  it('reproduces the observed getChildren order for b,a,c,10,9,aa,B', () => {
    expect(setOf(['b', 'a', 'c', '10', '9', 'aa', 'B'], 8).toArray()).toEqual([
      'aa',
      'a',
      'b',
      'B',
      'c',
      '9',
      '10',
    ]);
  });

  it('reproduces the observed order of / and /zookeeper', () => {
    expect(setOf(['zookeeper', 'a'], 8).toArray()).toEqual(['a', 'zookeeper']);
    expect(setOf(['quota', 'config'], 8).toArray()).toEqual(['config', 'quota']);
  });

  it('keeps insertion order inside one bucket', () => {
    const [x, y, z] = colliding(2) as [string, string, string];
    expect(setOf([z, x, y], 8).toArray()).toEqual([z, x, y]);
  });

  it('does not move an element that is added again, but a removed-then-added one goes to the bucket tail', () => {
    const [x, y, z] = colliding(2) as [string, string, string];
    const s = setOf([x, y, z], 8);
    expect(s.add(x)).toBe(false);
    expect(s.toArray()).toEqual([x, y, z]);
    expect(s.delete(x)).toBe(true);
    s.add(x);
    expect(s.toArray()).toEqual([y, z, x]);
  });
});

describe('JavaHashSet capacity', () => {
  it('HashSet(8) allocates 8 buckets on first add and doubles when size exceeds 0.75·capacity', () => {
    const s = new JavaHashSet(8);
    expect(s.capacity).toBe(0);
    for (let i = 0; i < 6; i++) s.add(`n${i}`);
    expect(s.capacity).toBe(8);
    s.add('n6');
    expect(s.capacity).toBe(16);
    for (let i = 7; i < 12; i++) s.add(`n${i}`);
    expect(s.capacity).toBe(16);
    s.add('n12');
    expect(s.capacity).toBe(32);
  });

  it('new HashSet<>() starts at 16 buckets', () => {
    const s = setOf(['x']);
    expect(s.capacity).toBe(16);
  });

  it('never shrinks', () => {
    const s = setOf(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 8);
    expect(s.capacity).toBe(16);
    for (const x of ['a', 'b', 'c', 'd', 'e', 'f']) s.delete(x);
    expect(s.capacity).toBe(16);
    expect(s.size).toBe(1);
  });

  it('resizes instead of treeifying when a bucket gets its 9th entry below 64 buckets', () => {
    const same = colliding(4); // 16 strings, one hash
    const s = new JavaHashSet(16);
    for (let i = 0; i < 8; i++) s.add(same[i] as string);
    expect(s.capacity).toBe(16);
    s.add(same[8] as string); // the 9th in one bucket; size 9 is still below the threshold 12
    expect(s.capacity).toBe(32);
    s.add(same[9] as string);
    expect(s.capacity).toBe(64);
    expect(s.treeified).toBe(false);
    s.add(same[10] as string); // at 64 buckets Java would treeify: flagged, not reproduced
    expect(s.capacity).toBe(64);
    expect(s.treeified).toBe(true);
  });

  it('changes order across a resize exactly as bucket indexes change', () => {
    // na: bucket 3 at both 8 and 16; nf: bucket 0 at 8, 8 at 16.
    const s = setOf(['na', 'nf'], 8);
    expect(s.toArray()).toEqual(['nf', 'na']);
    const big = setOf(['na', 'nf'], 16);
    expect(big.toArray()).toEqual(['na', 'nf']);
  });
});

describe('JavaHashSet copies', () => {
  it('clone presizes like JDK 17 HashMap#clone: 3 entries give 8 buckets, which can reorder them', () => {
    const src = setOf(['na', 'nf', 'nb']);
    expect(src.capacity).toBe(16);
    expect(src.toArray()).toEqual(['na', 'nb', 'nf']);
    const c = src.clone();
    expect(c.capacity).toBe(8);
    expect(c.toArray()).toEqual(['nf', 'na', 'nb']);
  });

  it('a set that was never added to answers as an empty one, and so does one emptied', () => {
    for (const s of [
      new JavaHashSet(8),
      JavaHashSet.fromState({ capacity: 0, items: [] }, 8),
      setOf(['a']),
    ]) {
      s.delete('a');
      expect([s.size, s.has('a'), s.delete('a'), s.toArray(), [...s], s.state().items]).toEqual([
        0,
        false,
        false,
        [],
        [],
        [],
      ]);
      expect(s.add('b')).toBe(true);
      expect([s.size, s.has('b'), s.toArray()]).toEqual([1, true, ['b']]);
    }
  });

  it('clone of an empty set allocates lazily with the default capacity', () => {
    const c = new JavaHashSet().clone();
    expect(c.capacity).toBe(0);
    c.add('x');
    expect(c.capacity).toBe(16);
  });

  it('copyOf presizes to max(size/.75 + 1, 16)', () => {
    const items = Array.from({ length: 20 }, (_, i) => `p${i}`);
    expect(JavaHashSet.copyOf(items).capacity).toBe(32);
    expect(JavaHashSet.copyOf(['a']).capacity).toBe(16);
  });

  it('state/fromState round-trips order and capacity, even after growth and shrinkage', () => {
    const s = setOf(['na', 'nf', 'nb', 'nc', 'nd', 'ne', 'ng'], 8);
    for (const x of ['nb', 'nc', 'nd', 'ne', 'ng']) s.delete(x);
    const r = JavaHashSet.fromState(s.state(), 8);
    expect(r.capacity).toBe(s.capacity);
    expect(r.toArray()).toEqual(s.toArray());
    r.add('nz');
    s.add('nz');
    expect(r.toArray()).toEqual(s.toArray());
  });
});

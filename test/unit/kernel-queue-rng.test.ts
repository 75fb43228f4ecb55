import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/kernel/event-queue.ts';
import { exactLn, sampleLatency } from '../../src/sim/kernel/network.ts';
import { RngStream } from '../../src/sim/kernel/rng.ts';

describe('EventQueue', () => {
  it('pops by time, then by insertion order for equal times', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const q = new EventQueue<number>();
        times.forEach((t, i) => {
          q.push(t, i);
        });
        const popped: [number, number][] = [];
        for (let e = q.pop(); e; e = q.pop()) popped.push([e.time, e.item]);
        const expected = times
          .map((t, i) => [t, i] as [number, number])
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected);
      }),
    );
  });
});

describe('RngStream', () => {
  it('gives the same draws for the same seed and name', () => {
    const a = RngStream.named(7, 'zk1');
    const b = RngStream.named(7, 'zk1');
    const da = Array.from({ length: 50 }, () => a.int(0, 1000));
    expect(Array.from({ length: 50 }, () => b.int(0, 1000))).toEqual(da);
  });

  it('keeps streams independent: another stream or seed draws differently', () => {
    const draw = (seed: number, name: string) => {
      const r = RngStream.named(seed, name);
      return Array.from({ length: 20 }, () => r.int(0, 1 << 30));
    };
    expect(draw(7, 'zk1')).not.toEqual(draw(7, 'zk2'));
    expect(draw(7, 'zk1')).not.toEqual(draw(8, 'zk1'));
  });

  it('shuffles deterministically and keeps every item', () => {
    const items = ['zk1', 'zk2', 'zk3', 'zk4', 'zk5'];
    const s1 = RngStream.named(3, 'c').shuffle(items);
    expect(RngStream.named(3, 'c').shuffle(items)).toEqual(s1);
    expect([...s1].sort()).toEqual(items);
  });

  it('restores from its state', () => {
    const a = RngStream.named(1, 'x');
    a.int(0, 9);
    const b = RngStream.fromState(a.state());
    expect(b.int(0, 1e6)).toBe(a.int(0, 1e6));
  });
});

describe('latency models', () => {
  it('stay within their bounds and are reproducible', () => {
    for (const distribution of ['uniform', 'normal', 'exponential'] as const) {
      const model = { distribution, min: 5, jitter: 10 };
      const r1 = RngStream.named(11, 'network');
      const r2 = RngStream.named(11, 'network');
      for (let i = 0; i < 500; i++) {
        const l = sampleLatency(model, r1);
        expect(Number.isInteger(l)).toBe(true);
        expect(l).toBeGreaterThanOrEqual(5);
        expect(sampleLatency(model, r2)).toBe(l);
      }
    }
  });

  it('uniform latency never exceeds min + jitter', () => {
    const r = RngStream.named(2, 'n');
    for (let i = 0; i < 1000; i++)
      expect(sampleLatency({ distribution: 'uniform', min: 3, jitter: 4 }, r)).toBeLessThan(7);
  });

  it('exactLn agrees with Math.log to 1e-12', () => {
    for (const x of [1, 0.9, 0.5, 0.25, 0.1, 1e-3, 1e-9])
      expect(Math.abs(exactLn(x) - Math.log(x))).toBeLessThan(1e-12);
  });
});

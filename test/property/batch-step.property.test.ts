// World.stepBatch hands several nodes their inputs at once (as the worker conductor does) and must
// give exactly the trace of World.step, one item at a time: checked over random fault scenarios,
// with nodes answering in this thread and through hosts that answer in a shuffled order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.ts';
import { DEFAULT_SWEEP_OPTIONS, sweepScenario } from '../../src/sim/check/sweep.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { wrapInHosts } from '../support/late-hosts.ts';

const stepHash = (seed: number, scenario = sweepScenario(seed, DEFAULT_SWEEP_OPTIONS)) => {
  const sim = createSimulation(scenario);
  let steps = 0;
  for (
    let next = sim.world.nextTime();
    next !== undefined && next <= scenario.duration;
    next = sim.world.nextTime()
  ) {
    sim.world.step();
    steps++;
  }
  sim.world.runUntil(scenario.duration);
  return { hash: sim.traceHash(), events: sim.trace.events.length, steps };
};

/** Runs the world with stepBatch; `hosted` wraps every node in an async host answering after `delay()` ticks. */
async function batchHash(
  seed: number,
  delay: (() => number) | null,
  scenario = sweepScenario(seed, DEFAULT_SWEEP_OPTIONS),
) {
  const sim = createSimulation(scenario);
  const world = sim.world;
  let batches = 0;
  if (delay) wrapInHosts(world, delay);
  for (
    let next = world.nextTime();
    next !== undefined && next <= scenario.duration;
    next = world.nextTime()
  ) {
    await world.stepBatch(scenario.duration);
    batches++;
  }
  world.runUntil(scenario.duration);
  return { hash: sim.traceHash(), events: sim.trace.events.length, batches };
}

describe('World.stepBatch', () => {
  it('gives the trace of step() over 40 random fault scenarios (nodes in this thread)', async () => {
    let steps = 0;
    let batches = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const a = stepHash(seed);
      const b = await batchHash(seed, null);
      expect({ seed, hash: b.hash, events: b.events }).toEqual({ seed, hash: a.hash, events: a.events });
      steps += a.steps;
      batches += b.batches;
    }
    // Batches do hold several items (concurrent inputs for different nodes within 1 ms).
    expect(batches).toBeLessThan(steps * 0.9);
  });

  it('gives the trace of step() when hosts answer in any order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 41, max: 10_000 }),
        fc.integer({ min: 1, max: 1000 }),
        async (seed, salt) => {
          let x = salt;
          const delay = () => {
            x = (x * 1103515245 + 12345) % 2147483648;
            return x % 5;
          };
          const a = stepHash(seed);
          const b = await batchHash(seed, delay);
          expect(b.hash).toBe(a.hash);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('runs a timer an earlier delivery set to fire before a later batched item first, as step() does', async () => {
    // Clients that sleep 0 or 1 ms between requests set timers that fall inside a batch's window.
    const program = (i: number) =>
      Array.from({ length: 30 }, (_, k) => [
        { op: 'create', path: `/c${i}-${k}`, data: '' },
        { op: 'sleep', ms: (k + i) % 2 },
      ]).flat();
    const v = validateScenario({
      version: 1,
      seed: 9,
      duration: 3000,
      servers: { count: 3 },
      clients: Array.from({ length: 6 }, (_, i) => ({ name: `c${i}`, start: 300 + i, program: program(i) })),
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    let x = 7;
    const delay = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % 4;
    };
    const a = stepHash(0, v.scenario);
    for (const hosts of [null, delay]) {
      const b = await batchHash(0, hosts, v.scenario);
      expect({ hash: b.hash, events: b.events }).toEqual({ hash: a.hash, events: a.events });
      expect(b.batches).toBeLessThan(a.steps);
    }
  });
});

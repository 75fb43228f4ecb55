// Sub-millisecond latencies (issue #13 goal 6): a run on the µs grid is as deterministic as a
// whole-ms one — the same hash twice, the same trace whether World.step or World.stepBatch runs it
// (nodes in this thread or behind hosts answering in any order), the same through the conductor's
// hosts as in process — and every time it records is a whole number of µs.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { DEFAULT_SWEEP_OPTIONS, sweepScenario } from '../../src/sim/check/sweep.ts';
import type { LatencyModel } from '../../src/sim/kernel/network-config.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { startConductor } from '../support/conductor.ts';
import { wrapInHosts } from '../support/late-hosts.ts';

/** Latency models with fractions of a ms, loopback-like and a little slower, in every distribution. */
const subMsModel: fc.Arbitrary<LatencyModel> = fc.record({
  distribution: fc.constantFrom('uniform', 'normal', 'exponential'),
  min: fc.constantFrom(0, 0.001, 0.05, 0.3),
  jitter: fc.constantFrom(0.1, 0.25, 1.5),
});

/** No handling time, or a node busy for a while with each arrival (network.handleMs), on a core each or sharing 1 or 2. */
const handleMs = fc.constantFrom(undefined, 0.02, 0.3);
const cores = fc.constantFrom(undefined, 1, 2);

/** A random fault scenario of the seed sweep, on a sub-ms network. */
function subMsScenario(seed: number, latency: LatencyModel, handle?: number, shared?: number): Scenario {
  const s = sweepScenario(seed, DEFAULT_SWEEP_OPTIONS);
  const handling =
    handle === undefined ? {} : { handleMs: handle, ...(shared === undefined ? {} : { cores: shared }) };
  return { ...s, network: { ...s.network, latency, ...handling } };
}

function stepRun(scenario: Scenario) {
  const sim = createSimulation(scenario);
  let steps = 0;
  for (let t = sim.world.nextTime(); t !== undefined && t <= scenario.duration; t = sim.world.nextTime()) {
    sim.world.step();
    steps++;
  }
  sim.world.runUntil(scenario.duration);
  return { hash: sim.traceHash(), events: sim.trace.events, steps };
}

async function batchRun(scenario: Scenario, delay: (() => number) | null) {
  const sim = createSimulation(scenario);
  if (delay) wrapInHosts(sim.world, delay);
  let batches = 0;
  for (let t = sim.world.nextTime(); t !== undefined && t <= scenario.duration; t = sim.world.nextTime()) {
    await sim.world.stepBatch(scenario.duration);
    batches++;
  }
  sim.world.runUntil(scenario.duration);
  return { hash: sim.traceHash(), events: sim.trace.events.length, batches };
}

const onMicroGrid = (t: number) => Math.round(t * 1000) / 1000 === t;

/** Every time the trace records (`t`, and a send's arrival `at`) is a whole number of µs. */
function offGrid(events: readonly TraceEvent[]): number[] {
  const bad: number[] = [];
  for (const e of events) {
    if (!onMicroGrid(e.t)) bad.push(e.t);
    if (e.kind === 'net.send' && !onMicroGrid(e.at)) bad.push(e.at);
  }
  return bad;
}

function lcg(salt: number, mod: number): () => number {
  let x = salt;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % mod;
  };
}

describe('sub-ms latency', () => {
  it('a run gives the same hash twice; its times are whole µs, in order, with fractions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), subMsModel, handleMs, (seed, latency, handle) => {
        const scenario = subMsScenario(seed, latency, handle);
        const a = stepRun(scenario);
        const b = stepRun(scenario);
        expect(b.hash).toBe(a.hash);
        expect(offGrid(a.events)).toEqual([]);
        const backwards = a.events.filter((e, i) => i > 0 && e.t < a.events[i - 1]!.t);
        expect(backwards).toEqual([]);
        // The run really is on the µs grid, not whole ms: some message lands between two ms.
        const sends = a.events.filter((e) => e.kind === 'net.send');
        expect(sends.some((e) => !Number.isInteger(e.at))).toBe(true);
        // No message is faster than the model's min (nor than the 1 µs floor).
        const least = Math.max(0.001, latency.min);
        expect(sends.filter((e) => e.at - e.t < least - 1e-9)).toEqual([]);
      }),
      { numRuns: 10 },
    );
  });

  it('stepBatch gives the trace of step, in this thread and through hosts answering in any order (with handleMs and cores too)', async () => {
    let steps = 0;
    let batches = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        subMsModel,
        handleMs,
        cores,
        fc.integer({ min: 1, max: 1000 }),
        async (seed, latency, handle, shared, salt) => {
          const scenario = subMsScenario(seed, latency, handle, shared);
          const a = stepRun(scenario);
          for (const delay of [null, lcg(salt, 5)]) {
            const b = await batchRun(scenario, delay);
            expect({ hash: b.hash, events: b.events }).toEqual({ hash: a.hash, events: a.events.length });
            steps += a.steps;
            batches += b.batches;
          }
        },
      ),
      { numRuns: 12 },
    );
    // Whole-ms times with a whole-ms handleMs tie often: turns and other nodes' outputs at one
    // instant keep step's order.
    for (const seed of [3, 4, 5]) {
      const scenario = subMsScenario(seed, { distribution: 'uniform', min: 1, jitter: 2 }, 1);
      const a = stepRun(scenario);
      const b = await batchRun(scenario, null);
      expect({ seed, hash: b.hash, events: b.events }).toEqual({
        seed,
        hash: a.hash,
        events: a.events.length,
      });
    }
    // Batches hold several items even when the horizon is a fraction of a ms.
    expect(batches).toBeLessThan(steps);
  });

  it('the loopback example gives the same hash through the conductor, in process and through hosts', async () => {
    const parsed = parseScenarioJson(readFileSync('examples/loopback-lock.json', 'utf8'));
    if (!parsed.ok) throw new Error('examples/loopback-lock.json is invalid');
    const hashes: (string | null)[] = [];
    for (const mode of ['in-process', 'hosts'] as const) {
      const run = await startConductor(parsed.scenario, mode);
      run.conductor.play(Number.POSITIVE_INFINITY);
      while (run.ticker.fire()) await run.conductor.idle();
      await run.conductor.idle();
      const frame = run.page.frame!;
      expect(frame.status).toBe('done');
      expect(offGrid(run.page.events)).toEqual([]);
      hashes.push(frame.hash);
      run.conductor.dispose();
    }
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes[1]).toBe(hashes[0]);
  });
});

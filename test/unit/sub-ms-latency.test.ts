// Sub-millisecond latencies (issue #13 goal 6), piece by piece: the µs grid, latency sampling in
// µs with the same draws as in whole ms, the whole-ms path unchanged, and the least latency the
// world batches within.
import { describe, expect, it } from 'vitest';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { validateScenario } from '../../src/scenario/validate.ts';
import { decodeLink, encodeLink } from '../../src/share/link.ts';
import { exactLn, Network, sampleLatency } from '../../src/sim/kernel/network.ts';
import type { LatencyModel } from '../../src/sim/kernel/network-config.ts';
import { RngStream } from '../../src/sim/kernel/rng.ts';
import { onMicroGrid, resolutionOf, toMicroGrid } from '../../src/sim/kernel/time-grid.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import { createSimulation } from '../../src/sim/simulation.ts';

const DISTRIBUTIONS = ['uniform', 'normal', 'exponential'] as const;

/** The engine's whole-ms sampling as it was before µs existed, kept here to hold the new code to it. */
function wholeMsSample(model: LatencyModel, rng: RngStream): number {
  if (model.jitter === 0) return model.min;
  switch (model.distribution) {
    case 'uniform':
      return model.min + Math.floor(rng.float() * model.jitter);
    case 'normal': {
      let z = -6;
      for (let i = 0; i < 12; i++) z += rng.float();
      return model.min + Math.round(Math.abs(z) * model.jitter);
    }
    case 'exponential':
      return model.min + Math.round(-exactLn(1 - rng.float()) * model.jitter);
  }
}

describe('the µs grid', () => {
  it('rounds to the nearest µs and prints with at most 3 decimals', () => {
    expect(toMicroGrid(0.1 + 0.2)).toBe(0.3);
    expect(String(toMicroGrid(1000.1 + 0.05 + 0.0004))).toBe('1000.15');
    expect(toMicroGrid(12)).toBe(12);
    expect(onMicroGrid(0.05)).toBe(true);
    expect(onMicroGrid(0.0505)).toBe(false);
    expect(onMicroGrid(Number.NaN)).toBe(false);
  });

  it('is only for models with a fraction of a ms', () => {
    expect(resolutionOf({ distribution: 'uniform', min: 1, jitter: 2 })).toBe('ms');
    expect(resolutionOf({ distribution: 'uniform', min: 0.05, jitter: 2 })).toBe('us');
    expect(resolutionOf({ distribution: 'normal', min: 1, jitter: 0.5 })).toBe('us');
  });
});

describe('latency sampling', () => {
  it('whole-ms models give exactly the numbers and draws they always did', () => {
    for (const distribution of DISTRIBUTIONS)
      for (const [min, jitter] of [
        [1, 2],
        [0, 5],
        [3, 0],
        [10, 40],
      ] as const) {
        const model = { distribution, min, jitter };
        const a = RngStream.named(5, 'network');
        const b = RngStream.named(5, 'network');
        for (let i = 0; i < 300; i++) expect(sampleLatency(model, a)).toBe(wholeMsSample(model, b));
        expect(a.state()).toEqual(b.state());
      }
  });

  it('sub-ms models sample whole µs, never below min, with the draws a whole-ms model makes', () => {
    for (const distribution of DISTRIBUTIONS) {
      const model = { distribution, min: 0.05, jitter: 0.1 };
      const a = RngStream.named(7, 'network');
      const b = RngStream.named(7, 'network');
      const samples = Array.from({ length: 500 }, () => sampleLatency(model, a));
      for (let i = 0; i < 500; i++) sampleLatency({ distribution, min: 1, jitter: 2 }, b);
      expect(a.state()).toEqual(b.state());
      expect(samples.filter((x) => !onMicroGrid(x) || x < 0.05)).toEqual([]);
      // Spread over many µs values, not rounded to a few.
      expect(new Set(samples).size).toBeGreaterThan(50);
      if (distribution === 'uniform') expect(Math.max(...samples)).toBeLessThan(0.15);
    }
  });
});

describe('the least latency (what World#stepBatch batches within)', () => {
  const least = (min: number, jitter: number) => {
    const net = new Network(
      { latency: { distribution: 'uniform', min, jitter }, detectMs: 100 },
      RngStream.named(1, 'n'),
    );
    return { least: net.minLatency, samples: Array.from({ length: 200 }, () => net.latency('a', 'b')) };
  };

  it('is 1 ms for whole-ms models, as always, or their min when larger', () => {
    expect(least(0, 2).least).toBe(1);
    expect(least(1, 2).least).toBe(1);
    expect(least(5, 2).least).toBe(5);
    expect(Math.min(...least(0, 2).samples)).toBe(1);
  });

  it('is the min of a sub-ms model, and 1 µs when the min is 0', () => {
    expect(least(0.05, 0.1).least).toBe(0.05);
    const zero = least(0, 0.002);
    expect(zero.least).toBe(0.001);
    // No packet is faster than the least latency: with jitter 0.002, half the samples hit the floor.
    expect(Math.min(...zero.samples)).toBe(0.001);
  });
});

describe('links', () => {
  it('carry a sub-ms latency, handleMs and a fault at a µs time unchanged', () => {
    const v = validateScenario({
      version: 1,
      seed: 3,
      network: { latency: { min: 0.05, jitter: 0.1 }, handleMs: 0.297 },
      faults: [{ at: 1028.321, action: 'heal' }],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const link = encodeLink({ scenario: v.scenario, view: { t: 1028 } });
    if (!link.ok) throw new Error(link.error.message);
    const back = decodeLink(link.link);
    if (!back.ok) throw new Error(back.error.message);
    expect(back.doc.scenario.network).toEqual(v.scenario.network);
    expect(back.doc.scenario.faults[0]!.at).toBe(1028.321);
  });
});

describe('Lua clients in a sub-ms run', () => {
  it('zk.now() returns the µs time (a fraction of a ms), and zk.sleep still sleeps whole ms', async () => {
    const v = validateScenario({
      version: 1,
      seed: 2,
      duration: 3000,
      network: { latency: { min: 0.05, jitter: 0.1 } },
      clients: [
        {
          name: 'c1',
          start: 1000,
          script:
            'zk.exists("/")\nlocal t0 = zk.now()\nzk.log(tostring(t0))\nzk.sleep(2)\nzk.log(tostring(zk.now() - t0))\n',
        },
      ],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const lua = await LuaPool.prepare(v.scenario, nodeWasmSource(), nodeRecipeModules());
    try {
      const sim = createSimulation(v.scenario, { lua });
      sim.world.runUntil(v.scenario.duration);
      const logs = sim.trace.events.flatMap((e) => (e.kind === 'lua.log' ? [e] : []));
      expect(logs).toHaveLength(2);
      const t0 = Number(logs[0]!.message);
      // After one round trip of sub-ms hops: between 1 and 2 ms after the start, not a whole ms.
      expect(t0).toBeGreaterThan(1000);
      expect(t0).toBeLessThan(1002);
      expect(Number.isInteger(t0)).toBe(false);
      expect(logs[0]!.t).toBe(t0);
      expect(Number(logs[1]!.message)).toBe(2);
    } finally {
      lua.close();
    }
  });
});

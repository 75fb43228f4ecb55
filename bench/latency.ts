// Timing realism (issue #13 goal 6): the lock workload's *virtual* time in the simulator with
// loopback latency (0.05–0.15 ms a message) and with the default (1–3 ms), next to the wall time of
// the same scripts on a real 3-server ZooKeeper on loopback (bench/real-lock.ts), and their ratio.
// Virtual time is deterministic, so one simulated run of each is the figure; the real one is a
// median. Run alone: npx tsx bench/latency.ts
import { nodeRecipeModules } from '../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../src/lua/wasm-node.ts';
import type { LatencyModel } from '../src/sim/kernel/network-config.ts';
import { LuaPool } from '../src/sim/lua-pool.ts';
import type { Scenario } from '../src/sim/scenario-types.ts';
import { createSimulation } from '../src/sim/simulation.ts';
import { realLock } from './real-lock.ts';
import { lockWorkload } from './workloads.ts';

export interface LatencyResult {
  bench: string;
  unit: string;
  median: number;
  [k: string]: unknown;
}

/** A message on a machine's loopback: 0.05 ms and up to 0.1 ms more (examples/loopback-lock.json). */
export const LOOPBACK: LatencyModel = { distribution: 'uniform', min: 0.05, jitter: 0.1 };

/**
 * Loopback as a ZooKeeper process sees it on a busy 2-core machine: the simulator handles a message
 * in no virtual time, a real server and client do not (thread hand-offs in the request pipeline,
 * the JVM, the Node runner, the scheduler under load), so each hop costs ~0.6 ms on average. FITTED
 * to this machine's real runs (docs/kernel.md, "Timing realism"): a calibration, not a prediction.
 */
export const LOOPBACK_WITH_HOST_COST: LatencyModel = { distribution: 'uniform', min: 0.4, jitter: 0.4 };

/**
 * The real run starts its clients on an ensemble that is already up and serving; so does this one:
 * the clients start at 1 s, after the election (~200 ms of FastLeaderElection's finalizeWait) and
 * the followers' sync. Started with the servers (as lockWorkload() is, for speed.ts) they would
 * first fail to connect and back off for up to a second, which is not the lock's time.
 */
const CLIENTS_START = 1000;

function workload(latency: LatencyModel, clientsStart: number): Scenario {
  const s = lockWorkload();
  return {
    ...s,
    network: { ...s.network, latency },
    clients: s.clients.map((c) => ({ ...c, start: clientsStart })),
  };
}

/** Virtual ms from the first client's start to the last script's end, and the run's trace size. */
async function virtualRun(
  scenario: Scenario,
): Promise<{ virtualMs: number; events: number; requests: number }> {
  const lua = await LuaPool.prepare(scenario, nodeWasmSource(), nodeRecipeModules());
  try {
    const sim = createSimulation(scenario, { lua });
    const clients = new Set(scenario.clients.map((c) => c.name));
    let first = Number.NaN;
    let last = 0;
    let done = 0;
    let requests = 0;
    sim.trace.onEvent((e) => {
      if (e.kind === 'node.start' && clients.has(e.node) && Number.isNaN(first)) first = e.t;
      if (e.kind === 'client.request') requests++;
      if (e.kind === 'lua.done' || e.kind === 'lua.error') {
        if (e.kind === 'lua.error') throw new Error(`${e.client} failed: ${e.message}`);
        done++;
        last = e.t;
      }
    });
    while (done < clients.size && sim.world.step()) {}
    if (done < clients.size) throw new Error('the lock workload did not finish');
    // Both ends are on the µs grid; their difference is rounded back to it.
    return { virtualMs: Math.round((last - first) * 1000) / 1000, events: sim.trace.length, requests };
  } finally {
    lua.close();
  }
}

export async function benchLatency(reps = 5): Promise<LatencyResult[]> {
  const runs = [
    { name: 'loopback', latency: LOOPBACK, start: CLIENTS_START },
    { name: 'loopback_with_host_cost', latency: LOOPBACK_WITH_HOST_COST, start: CLIENTS_START },
    { name: 'default', latency: lockWorkload().network.latency, start: CLIENTS_START },
    // As bench/speed.ts runs it: clients start with the servers, so reconnect back-off counts too.
    { name: 'default_from_boot', latency: lockWorkload().network.latency, start: 0 },
  ];
  const simulated = [];
  for (const r of runs) simulated.push({ ...r, ...(await virtualRun(workload(r.latency, r.start))) });
  const real = await realLock(reps);
  const realMs =
    'runs' in real ? [...real.runs.map((r) => r.wallMs)].sort((a, b) => a - b)[Math.floor(reps / 2)]! : null;
  return simulated.map((r) => ({
    bench: `latency.lock_3x10x20.${r.name}`,
    unit: 'virtual ms',
    median: r.virtualMs,
    latency: r.latency,
    clientsStartMs: r.start,
    events: r.events,
    requests: r.requests,
    realZooKeeperMs:
      realMs === null ? `not run: ${(real as { unavailable: string }).unavailable}` : Math.round(realMs),
    realRangeMs:
      'runs' in real
        ? [
            Math.round(Math.min(...real.runs.map((x) => x.wallMs))),
            Math.round(Math.max(...real.runs.map((x) => x.wallMs))),
          ]
        : null,
    virtualVsReal: realMs === null ? null : Math.round((r.virtualMs / realMs) * 100) / 100,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchLatency())
    process.stdout.write(`${JSON.stringify({ ...r, node: process.version })}\n`);
  process.exit(0);
}

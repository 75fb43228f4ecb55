// Timing realism (issue #13 goal 6): the lock workload's *virtual* time in the simulator with
// loopback latency (0.05–0.15 ms a message), with the default (1–3 ms), and with loopback plus a
// time to handle each message (network.handleMs) calibrated on a different workload (one client
// alone) against the real ensemble, next to
// the wall time of the same scripts on a real 3-server ZooKeeper on loopback (bench/real-lock.ts),
// and their ratio. Virtual time is deterministic, so one simulated run of each is the figure; the
// real ones are medians. Run alone: npx tsx bench/latency.ts
import { availableParallelism } from 'node:os';
import { nodeRecipeModules } from '../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../src/lua/wasm-node.ts';
import type { LatencyModel } from '../src/sim/kernel/network-config.ts';
import { LuaPool } from '../src/sim/lua-pool.ts';
import type { Scenario } from '../src/sim/scenario-types.ts';
import { createSimulation } from '../src/sim/simulation.ts';
import { realLock } from './real-lock.ts';
import { lockScript, lockWorkload, scenario } from './workloads.ts';

export interface LatencyResult {
  bench: string;
  unit: string;
  median: number;
  [k: string]: unknown;
}

/** A message on a machine's loopback: 0.05 ms and up to 0.1 ms more (examples/loopback-lock.json). */
export const LOOPBACK: LatencyModel = { distribution: 'uniform', min: 0.05, jitter: 0.1 };

/**
 * The calibration workload: one client alone takes and releases the lock 100 times (a create, a
 * getChildren and a delete each: the requests of the lock workload, without its contention and
 * watches). By default the simulator handles a message in no virtual time; a real server and client
 * do not (the request pipeline's thread hand-offs, the JVM, the Node runner, the scheduler under
 * load). The handleMs that makes this run, on loopback latency, last as long as on the real
 * ensemble is then used to *predict* the lock workload's time, where ten clients' messages queue
 * at the servers (docs/kernel.md, "Timing realism").
 */
function calibrationWorkload(network: Network): Scenario {
  const script = lockScript(100);
  return scenario({
    version: 1,
    seed: 13,
    duration: 600_000,
    servers: { count: 3 },
    network,
    clients: [{ name: 'c1', connect: [1, 2, 3], start: CLIENTS_START, script }],
  });
}

/** The scenario's network section as these runs vary it. */
type Network = { latency: LatencyModel; handleMs?: number; cores?: number };

/**
 * Loopback latency and `handleMs` per message, in whole µs (at least 1); with `cores`, every node
 * shares a machine with that many (network.cores: the real servers and the runner's clients share
 * this machine's cores).
 */
const withHandling = (handleMs: number, cores?: number): Network => ({
  latency: LOOPBACK,
  handleMs: Math.max(0.001, Math.round(handleMs * 1000) / 1000),
  ...(cores === undefined ? {} : { cores }),
});

/**
 * The handleMs whose calibration run lasts `realMs` of virtual time: one client's time is nearly
 * linear in it (a fixed number of messages on its path), so a few secant steps.
 */
async function fitHandling(realMs: number, cores?: number): Promise<{ network: Network; virtualMs: number }> {
  const at = async (h: number) => (await virtualRun(calibrationWorkload(withHandling(h, cores)))).virtualMs;
  let [h0, v0] = [0.001, await at(0.001)];
  let [h1, v1] = [0.3, await at(0.3)];
  for (let i = 0; i < 4 && v1 !== v0; i++) {
    const h2 = Math.max(0.001, h1 + ((realMs - v1) * (h1 - h0)) / (v1 - v0));
    [h0, v0] = [h1, v1];
    [h1, v1] = [h2, await at(h2)];
  }
  return { network: withHandling(h1, cores), virtualMs: v1 };
}
/**
 * The real run starts its clients on an ensemble that is already up and serving; so does this one:
 * the clients start at 1 s, after the election (~200 ms of FastLeaderElection's finalizeWait) and
 * the followers' sync. Started with the servers (as lockWorkload() is, for speed.ts) they would
 * first fail to connect and back off for up to a second, which is not the lock's time.
 */
const CLIENTS_START = 1000;

function workload(network: Network, clientsStart: number): Scenario {
  const s = lockWorkload();
  return {
    ...s,
    network: { ...s.network, ...network },
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Real {
  medianMs: number;
  rangeMs: [number, number];
}

async function real(reps: number, s: Scenario): Promise<Real | string> {
  const r = await realLock(reps, s);
  if (!('runs' in r)) return `not run: ${r.unavailable}`;
  const ms = r.runs.map((x) => x.wallMs);
  return {
    medianMs: Math.round(median(ms)),
    rangeMs: [Math.round(Math.min(...ms)), Math.round(Math.max(...ms))],
  };
}

export async function benchLatency(reps = 5): Promise<LatencyResult[]> {
  const out: LatencyResult[] = [];
  // Real runs first, calibration and workload back to back, so both see the same machine load.
  const realCalibration = await real(reps, calibrationWorkload({ latency: LOOPBACK }));
  const realLockRun = await real(reps, lockWorkload());
  const runs: { name: string; network: Network; start: number }[] = [
    { name: 'loopback', network: { latency: LOOPBACK }, start: CLIENTS_START },
    { name: 'default', network: { latency: lockWorkload().network.latency }, start: CLIENTS_START },
    // As bench/speed.ts runs it: clients start with the servers, so reconnect back-off counts too.
    { name: 'default_from_boot', network: { latency: lockWorkload().network.latency }, start: 0 },
  ];
  if (typeof realCalibration !== 'string') {
    const fit = await fitHandling(realCalibration.medianMs);
    out.push({
      bench: 'latency.calibration_1x100',
      unit: 'ms',
      median: realCalibration.medianMs,
      realRangeMs: realCalibration.rangeMs,
      fitted: fit.network,
      virtualMs: fit.virtualMs,
    });
    runs.unshift({ name: 'loopback_calibrated_handling', network: fit.network, start: CLIENTS_START });
    // The same calibration with the nodes sharing this machine's cores, as the real processes do.
    const shared = await fitHandling(realCalibration.medianMs, availableParallelism());
    out.push({
      bench: 'latency.calibration_1x100.shared_cores',
      unit: 'ms',
      median: realCalibration.medianMs,
      fitted: shared.network,
      virtualMs: shared.virtualMs,
    });
    runs.unshift({
      name: 'loopback_calibrated_handling_shared_cores',
      network: shared.network,
      start: CLIENTS_START,
    });
  } else
    out.push({
      bench: 'latency.calibration_1x100',
      unit: 'ms',
      median: Number.NaN,
      realZooKeeperMs: realCalibration,
    });
  for (const r of runs) {
    const v = await virtualRun(workload(r.network, r.start));
    out.push({
      bench: `latency.lock_3x10x20.${r.name}`,
      unit: 'virtual ms',
      median: v.virtualMs,
      network: r.network,
      clientsStartMs: r.start,
      events: v.events,
      requests: v.requests,
      realZooKeeperMs: typeof realLockRun === 'string' ? realLockRun : realLockRun.medianMs,
      realRangeMs: typeof realLockRun === 'string' ? null : realLockRun.rangeMs,
      virtualVsReal:
        typeof realLockRun === 'string' ? null : Math.round((v.virtualMs / realLockRun.medianMs) * 100) / 100,
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchLatency())
    process.stdout.write(`${JSON.stringify({ ...r, node: process.version })}\n`);
  process.exit(0);
}

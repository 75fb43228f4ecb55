// The lock workload of bench/speed.ts on a real ZooKeeper: Debian's zookeeper 3.8 started as a
// 3-server ensemble on loopback (test/conformance/zk-servers.ts), the same Lua scripts run by the
// live runner (src/cli/live.ts) in real time. Its wall time, first client start to last script
// end, is the figure issue #13 goal 1 compares the simulator with.
// Run alone: npx tsx bench/real-lock.ts
import { LiveRun } from '../src/live/live-run.ts';
import { TcpTransport } from '../src/live/tcp-transport.ts';
import { parseConnectString } from '../src/live/transport.ts';
import { nodeRecipeModules } from '../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../src/lua/wasm-node.ts';
import { LuaPool } from '../src/sim/lua-pool.ts';
import type { Scenario } from '../src/sim/scenario-types.ts';
import { startEnsemble, unavailable } from '../test/conformance/zk-servers.ts';
import { lockWorkload } from './workloads.ts';

export interface RealLockRun {
  wallMs: number;
  events: number;
}

/** One run of the workload against `connect`, timed by this process's clock. */
async function once(connect: string, scenario: Scenario): Promise<RealLockRun> {
  let first = Number.NaN;
  let last = 0;
  let done = 0;
  const clients = scenario.clients.length;
  let events = 0;
  let failed = 0;
  const lua = await LuaPool.lazy(scenario, nodeWasmSource(), nodeRecipeModules());
  try {
    const run = new LiveRun(scenario, {
      transport: new TcpTransport(parseConnectString(connect).servers),
      vm: (c) => lua.take(c),
      // The scripts leave their sessions open: end once they have all ended.
      settleMs: 20,
      onEvent: (e) => {
        events++;
        if (e.kind === 'node.start' && Number.isNaN(first)) first = performance.now();
        if (e.kind === 'lua.done' || e.kind === 'lua.error') {
          done++;
          if (e.kind === 'lua.error') failed++;
          last = performance.now();
        }
      },
    });
    const end = await run.run();
    if (done < clients || failed > 0)
      throw new Error(`the lock workload did not finish on the real ensemble (${end}, ${failed} failed)`);
  } finally {
    lua.close();
  }
  return { wallMs: last - first, events };
}

/**
 * Medians of `reps` runs on one ensemble (after a warm-up run: the JVMs compile as they go), or
 * the reason real servers cannot run here.
 */
export async function realLock(
  reps = 5,
  // Another workload of Lua clients (bench/latency.ts calibrates on one client alone).
  scenario: Scenario = lockWorkload(),
): Promise<{ runs: RealLockRun[] } | { unavailable: string }> {
  const why = unavailable();
  if (why !== null) return { unavailable: why };
  const ensemble = await startEnsemble(3, { extendedTypes: false });
  try {
    await once(ensemble.connect, scenario);
    const runs: RealLockRun[] = [];
    for (let i = 0; i < reps; i++) runs.push(await once(ensemble.connect, scenario));
    return { runs };
  } finally {
    await ensemble.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await realLock();
  process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
}

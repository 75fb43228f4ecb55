// Trace cost per event (issue #13 goal 3): the events of a bare lock-5x10 run recorded into a
// fresh TraceRecorder (canonical JSON + SHA-256), µs per event. Txn digests are made while the run
// computes, so their share is read from a profile (docs/trace.md, "What it costs"). Run alone:
// npx tsx bench/trace.ts
import { nodeRecipeModules } from '../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../src/lua/wasm-node.ts';
import { LuaPool } from '../src/sim/lua-pool.ts';
import { createSimulation } from '../src/sim/simulation.ts';
import type { TraceEvent } from '../src/sim/trace/event.ts';
import { TraceRecorder } from '../src/sim/trace/recorder.ts';
import { benchScenario } from './conductor.ts';

export async function lockEvents(): Promise<TraceEvent[]> {
  const scenario = benchScenario();
  const lua = await LuaPool.prepare(scenario, nodeWasmSource(), nodeRecipeModules());
  try {
    const sim = createSimulation(scenario, { lua });
    sim.runUntil(scenario.duration);
    return sim.trace.events;
  } finally {
    lua.close();
  }
}

export async function benchTrace(): Promise<Record<string, unknown>[]> {
  const events = await lockEvents();
  const runs: number[] = [];
  const cpu: number[] = [];
  let hash = '';
  for (let i = 0; i < 9; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = new TraceRecorder();
    for (const e of events) r.record(e);
    hash = r.hash();
    runs.push(((performance.now() - t0) * 1000) / events.length);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / events.length);
  }
  cpu.sort((a, b) => a - b);
  runs.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return [
    {
      bench: 'trace.record_and_hash',
      unit: 'us/event',
      median: round(runs[4]!),
      min: round(runs[0]!),
      max: round(runs[8]!),
      // CPU µs of this process: what the machine's other load does not inflate as much.
      cpuMedian: round(cpu[4]!),
      events: events.length,
      hash: hash.slice(0, 16),
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const r of await benchTrace())
    process.stdout.write(JSON.stringify({ ...r, node: process.version }) + '\n');

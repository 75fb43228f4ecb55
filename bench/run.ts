// npm run bench: prints one JSON line per measurement. Wall-clock timing lives here, never in src/sim.

import { loadavg } from 'node:os';
import { validateScenario } from '../src/scenario/validate.ts';
import { World } from '../src/sim/kernel/world.ts';
import { OPEN_ACL_UNSAFE } from '../src/sim/server/protocol.ts';
import { ZkDatabase } from '../src/sim/server/zkdatabase.ts';
import { createSimulation } from '../src/sim/simulation.ts';
import { EchoNode, type TestMsg } from '../test/support/echo-node.ts';
import { benchBrowser } from './browser.ts';
import { benchConductor } from './conductor.ts';
import { benchFrames } from './frames.ts';
import { benchLatency } from './latency.ts';
import { benchLinks } from './links.ts';
import { benchLua } from './lua.ts';
import { benchScale } from './scale.ts';
import { benchSpeed } from './speed.ts';
import { benchTrace } from './trace.ts';

function measure(name: string, unit: string, run: () => number, extra?: () => Record<string, number>): void {
  run(); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const n = run();
    runs.push(n / ((performance.now() - t0) / 1000));
  }
  runs.sort((a, b) => a - b);
  const median = runs[2]!;
  process.stdout.write(
    JSON.stringify({
      bench: name,
      unit,
      median: Math.round(median),
      min: Math.round(runs[0]!),
      max: Math.round(runs[4]!),
      ...extra?.(),
      node: process.version,
    }) + '\n',
  );
}

/** Kernel: 20 nodes ping-ponging messages; counts kernel events (inputs handled). */
measure('kernel.events_per_s', 'events/s', () => {
  let events = 0;
  const net = { latency: { distribution: 'uniform' as const, min: 1, jitter: 5 }, detectMs: 1000 };
  const world = new World<TestMsg>(1, net, () => events++);
  for (let i = 0; i < 10; i++) world.add(`s${i}`, (id) => new EchoNode(id, { echo: true }), 0);
  for (let i = 0; i < 10; i++)
    world.add(`c${i}`, (id) => new EchoNode(id, { connect: [`s${i}`], burst: 50, echo: true }), 1);
  let steps = 0;
  while (steps < 200_000 && world.step()) steps++;
  return steps;
});

/** Data tree: create / set / get / delete through prep + processTxn, as the standalone pipeline does. */
measure('datatree.ops_per_s', 'ops/s', () => {
  const db = new ZkDatabase({ extendedTypes: false });
  const ctx = { sessionId: 1n, cxid: 0, authIds: [] };
  let zxid = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const path = `/n${i % 500}`;
    const op = i % 4;
    if (op === 0)
      db.processTxn(
        db.prepRequest(
          { op: 'create', path, data: 'x', acl: OPEN_ACL_UNSAFE, mode: 'persistent' },
          ctx,
          ++zxid,
          i,
        ),
      );
    else if (op === 1)
      db.processTxn(db.prepRequest({ op: 'set', path, data: 'y', version: -1 }, ctx, ++zxid, i));
    else if (op === 2) db.processRead({ op: 'get', path, watch: false }, ctx, 'w');
    else db.processTxn(db.prepRequest({ op: 'delete', path, version: -1 }, ctx, ++zxid, i));
  }
  return n;
});

/**
 * A 5-server ensemble under a steady write load (5 clients, a create or set every 20 ms each), with
 * the leader crashed at 20 s and a minority partitioned off from 40 s to 50 s; 60 simulated seconds.
 */
function ensembleLoad() {
  const program = Array.from({ length: 600 }, (_, i) =>
    i % 2 === 0
      ? { op: 'create', path: `/load-`, mode: 'persistent_sequential', data: 'x' }
      : { op: 'sleep', ms: 20 },
  );
  const doc = {
    version: 1,
    seed: 11,
    duration: 60_000,
    servers: { count: 5 },
    clients: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, start: 1000, program })),
    faults: [
      { at: 20_000, action: 'crash', target: 'zk5' },
      {
        at: 40_000,
        action: 'partition',
        groups: [
          ['zk1', 'zk2'],
          ['zk3', 'zk4', 'zk5', 'a', 'b', 'c', 'd', 'e'],
        ],
      },
      { at: 50_000, action: 'heal' },
    ],
  };
  const v = validateScenario(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.scenario;
}

let simSecondsPerWallSecond = 0;
measure(
  'sim.ensemble5_load_events_per_s',
  'events/s',
  () => {
    const scenario = ensembleLoad();
    const t0 = performance.now();
    const sim = createSimulation(scenario);
    sim.runUntil(scenario.duration);
    simSecondsPerWallSecond = scenario.duration / (performance.now() - t0);
    return sim.trace.events.length;
  },
  () => ({ simulatedSecondsPerWallSecond: Math.round(simSecondsPerWallSecond * 10) / 10 }),
);

for (const r of await benchLua())
  process.stdout.write(JSON.stringify({ ...r, node: process.version }) + '\n');

// Issue #13's goals: the lock workload, lock-5x10 bare, 200 VMs, fib(30) against lua5.4, a zk call
// through the simulator (bench/speed.ts); the trace's cost per event (bench/trace.ts); big runs
// bare and with the conductor, each in a child process for its peak RSS (bench/scale.ts).
process.stdout.write(`${JSON.stringify({ load: loadavg().map((x) => Math.round(x * 100) / 100) })}\n`);
for (const r of await benchSpeed())
  process.stdout.write(JSON.stringify({ ...r, node: process.version }) + '\n');
for (const r of await benchTrace())
  process.stdout.write(JSON.stringify({ ...r, node: process.version }) + '\n');
// Goal 6: the lock workload's virtual time with loopback latency next to the real ensemble's wall time.
for (const r of await benchLatency())
  process.stdout.write(JSON.stringify({ ...r, node: process.version }) + '\n');
for (const r of benchScale()) process.stdout.write(JSON.stringify({ ...r, node: process.version }) + '\n');

for (const r of await benchConductor())
  process.stdout.write(JSON.stringify({ ...r, node: process.version }) + '\n');

await benchLinks((line) => process.stdout.write(JSON.stringify({ ...line, node: process.version }) + '\n'));

for (const r of await benchBrowser()) process.stdout.write(JSON.stringify(r) + '\n');

// After benchBrowser, which built dist/.
for (const r of await benchFrames()) process.stdout.write(JSON.stringify(r) + '\n');

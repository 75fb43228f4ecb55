// The views show the state after the last event at or before the cursor, exactly: a ViewLog fed by
// an engine's picture changes gives, at every step boundary, the very picture a plain run stepped to
// that event draws of every node (SimNode#view: whole trees included), and the same at every index
// whether the nodes run in this thread or in hosts (as in Web Workers).
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/conductor/engine.ts';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import { nodeIds } from '../../src/conductor/simulation-engine.ts';
import { ViewLog } from '../../src/conductor/view-log.ts';
import { createWorkerEngine } from '../../src/conductor/worker-engine.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import type { WorldView } from '../../src/sim/view/types.ts';
import { nodeLua, threadSpawn } from '../support/conductor.ts';
import { example, scenario, start } from '../support/views.ts';

/** Every step boundary of a plain run (cursor index after the step) and the world drawn there. */
async function reference(s: Scenario): Promise<Map<number, WorldView>> {
  const run = await start(s);
  const out = new Map<number, WorldView>();
  const events = run.sim.trace.events;
  let seen = 0;
  run.stepUntil(() => {
    if (events.length !== seen) {
      seen = events.length;
      out.set(seen, run.view());
    }
    return false;
  });
  run.close();
  return out;
}

async function logOf(s: Scenario, engine: Engine): Promise<{ log: ViewLog; count: number }> {
  const log = new ViewLog(nodeIds(s));
  // In slices, as the conductor takes them.
  while (!(await engine.advance(s.duration, 97))) log.add(engine.takePictures());
  log.add(engine.takePictures());
  const count = engine.events.length;
  engine.dispose();
  return { log, count };
}

const faulty = scenario({
  duration: 20_000,
  servers: { count: 3 },
  clients: [
    {
      name: 'c',
      start: 500,
      sessionTimeout: 6000,
      connect: [1, 2, 3],
      script: [
        'for i = 1, 30 do',
        '  local p = zk.create("/n", tostring(i), {sequential = true, ephemeral = i % 2 == 0})',
        '  if p and i % 3 == 0 then zk.delete(p) end',
        '  if i % 5 == 0 then zk.set("/n", "x") end',
        '  zk.sleep(300)',
        'end',
      ].join('\n'),
    },
  ],
  faults: [
    { at: 2000, action: 'pause', target: 'zk1' },
    { at: 3500, action: 'resume', target: 'zk1' },
    { at: 5000, action: 'crash', target: 'zk3' },
    { at: 6000, action: 'partition', groups: [['zk1'], ['zk2', 'zk3', 'c']] },
    { at: 8000, action: 'heal' },
    { at: 9000, action: 'restart', target: 'zk3' },
    { at: 11000, action: 'crash', target: 'c' },
    { at: 12000, action: 'restart', target: 'c' },
  ],
});

const cases: [string, () => Scenario][] = [
  ['welcome', () => example('welcome.json')],
  ['ensemble-failover', () => example('ensemble-failover.json')],
  ['recipes/lock', () => example('recipes/lock.json')],
  ['pauses, crashes, restarts and a partition', () => faulty],
];

describe('exact views', () => {
  for (const [name, make] of cases) {
    it(`${name}: at every step boundary, the picture of a plain run stepped there`, async () => {
      const s = make();
      const want = await reference(s);
      const { log, count } = await logOf(s, await createInProcessEngine(s, nodeLua()));
      expect(want.size).toBeGreaterThan(50);
      for (const [index, view] of want) {
        if (index > count) break;
        const got = log.at(index, view.t);
        if (JSON.stringify(got) !== JSON.stringify(view))
          expect({ index, view: got }).toEqual({ index, view });
      }
    });
  }

  it('the same picture at every index with nodes in hosts as in this thread', async () => {
    const s = faulty;
    const local = await logOf(s, await createInProcessEngine(s, nodeLua()));
    const hosted = await logOf(s, createWorkerEngine(s, threadSpawn()));
    expect(hosted.count).toBe(local.count);
    for (let i = 0; i <= local.count; i++) {
      const a = JSON.stringify(local.log.at(i, 0));
      const b = JSON.stringify(hosted.log.at(i, 0));
      if (a !== b) expect({ i, view: JSON.parse(b) }).toEqual({ i, view: JSON.parse(a) });
    }
  });
});

// Issue #12 item 9: kazoo's LockingQueue as a recipe (src/lua/recipes/locking_queue.lua), with the
// tree kazoo 2.8 was seen to make: entries/entry-PPP-NNNNNNNNNN persistent sequential, taken/<name>
// ephemeral with the taker's id; get() locks without removing, consume() deletes both in a multi,
// and an item whose taker dies is free again once its session ends.
import { describe, expect, it } from 'vitest';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import type { ZooKeeperServer } from '../../src/sim/server/server.ts';
import { logsOf, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const PRODUCER = `
local q = require("locking_queue").new("/jobs")
q:put("a")
q:put("b")
q:put("urgent", 1)
`;

// c1 takes the urgent item, shows the lock, consumes it; then takes "a", releases it, takes it
// again and consumes it.
const C1 = `
local q = require("locking_queue").new("/jobs", { id = "c1" })
zk.sleep(500)
print(q:get())
print(zk.get("/jobs/taken/" .. zk.children("/jobs/taken")[1]))
print(q:get(), q:holds_lock())
print(q:consume(), #zk.children("/jobs/entries"), #zk.children("/jobs/taken"))
print(q:get())
print(q:release(), q:holds_lock(), q:release())
print(q:get(), q:consume())
`;

// c2 takes "b" while c1 holds "a", then dies holding it; c3 gets "b" once c2's session ends.
const C2 = `
local q = require("locking_queue").new("/jobs", { id = "c2" })
zk.sleep(1000)
print(q:get())
`;

const C3 = `
local q = require("locking_queue").new("/jobs", { id = "c3" })
zk.sleep(6000)
print(q:get(20000))
`;

describe('fidelity: LockingQueue recipe (issue #12 item 9)', () => {
  it('takes by priority, locks without removing, consumes in one multi, frees the item of a taker that died', async () => {
    const { events, sim } = await simulateLua(
      {
        duration: 30_000,
        clients: [
          { name: 'p', script: PRODUCER },
          { name: 'c1', script: C1 },
          { name: 'c2', script: C2, sessionTimeout: 4000 },
          { name: 'c3', script: C3 },
        ],
        faults: [{ at: 2000, action: 'crash', target: 'c2' }],
      },
      nodeRecipeModules(),
    );
    expect(logsOf(events, 'c1')).toEqual([
      'urgent',
      expect.stringMatching(/^c1\t/),
      'urgent\ttrue',
      'true\t2\t0',
      'a',
      'true\tfalse\tfalse',
      'a\ttrue',
    ]);
    expect(logsOf(events, 'c2')).toEqual(['b']);
    expect(logsOf(events, 'c3')).toEqual(['b']);
    // c3 got "b" only once the ensemble expired c2's session (its lock was ephemeral).
    const expired = ofKind(events, 'server.session').find((e) => e.op === 'expire');
    const took = ofKind(events, 'lua.mark', 'c3').find((e) => e.name === 'lqueue.took');
    expect(took!.t).toBeGreaterThan(expired!.t);
    const put = ofKind(events, 'lua.mark', 'p').map((e) => (e.fields as { node: string }).node);
    expect(put).toEqual([
      '/jobs/entries/entry-100-0000000000',
      '/jobs/entries/entry-100-0000000001',
      '/jobs/entries/entry-001-0000000002',
    ]);
    // c2's lock on "b" went with its session; c3 holds "b", still in the queue until consumed.
    const db = (sim.world.node('zk1') as ZooKeeperServer).database;
    expect(db.peek('/jobs/entries')?.children).toEqual(['entry-100-0000000001']);
    expect(db.peek('/jobs/taken')?.children).toEqual(['entry-100-0000000001']);
    expect(db.peek('/jobs/taken/entry-100-0000000001')?.data).toBe('c3');
  });
});

// A leader keeps the proposals and learners it last listed for its picture until they change
// (Leader#viewStamp). Kept too long, a picture would show an old ACK count or a learner's old
// deadline: so at many points of real runs, the lists read after every input must equal the ones
// a run that never read them before reads there.
import { describe, expect, it } from 'vitest';
import { ZooKeeperServer } from '../../src/sim/server/server.ts';
import { peerOf } from '../../src/sim/view/server-view.ts';
import { example, nodesOf, start, type ViewRun } from '../support/views.ts';

/** What every leader of the run lists now: its learners and its outstanding proposals. */
function leaderLists(r: ViewRun): unknown {
  const out: Record<string, unknown> = {};
  for (const id of nodesOf(r.scenario).servers) {
    const node = r.sim.world.node(id);
    const leader = node instanceof ZooKeeperServer ? peerOf(node)?.leaderRole : undefined;
    if (leader) out[id] = { learners: leader.learners, proposals: leader.proposals };
  }
  return JSON.parse(JSON.stringify(out, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

describe('a leader’s listed proposals and learners', () => {
  for (const file of ['ensemble-failover.json', 'recipes/lock.json', 'lessons/five-server-split.json']) {
    it(`${file}: read after every input, they equal a first reading at 40 points`, async () => {
      const s = example(file);
      const every = await start(s);
      const seen: unknown[] = [];
      let steps = 0;
      try {
        every.stepUntil(() => {
          seen.push(leaderLists(every));
          return ++steps >= 4000;
        });
      } finally {
        every.close();
      }
      expect(seen.length).toBeGreaterThan(400);
      const points = Array.from({ length: 40 }, (_, i) => Math.floor(((i + 1) * seen.length) / 41));
      // Every point where a leader had something to list is checked; there must be many (most of 40).
      expect(points.filter((p) => Object.keys(seen[p] as object).length > 0).length).toBeGreaterThan(20);
      for (const p of points) {
        const once = await start(s);
        try {
          let n = 0;
          once.stepUntil(() => ++n > p);
          expect(leaderLists(once), `after ${p + 1} events`).toEqual(seen[p]);
        } finally {
          once.close();
        }
      }
    });
  }
});

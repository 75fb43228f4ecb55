// A server's watches in its picture are kept while the watch tables and connections stay the same
// (server-view.ts keys them on WatchManager stamps): at every step of runs full of watches —
// one-shot, persistent and recursive, fired, removed, dropped with their connection — the kept
// list equals one drawn from scratch.
import { afterEach, describe, expect, it } from 'vitest';
import { ZooKeeperServer } from '../../src/sim/server/server.ts';
import { hex } from '../../src/sim/trace/canonical.ts';
import { serverOwnView } from '../../src/sim/view/server-view.ts';
import { example, start, type ViewRun } from '../support/views.ts';

let run: ViewRun | null = null;
afterEach(() => {
  run?.close();
  run = null;
});

/** The watches drawn from the server's tables, sorted the way the picture sorts them. */
function fromScratch(server: ZooKeeperServer): string[] {
  const out = new Set<string>();
  for (const c of server.connections()) {
    if (c.session === null) continue;
    for (const w of server.db.watchesOf(c.watcher)) {
      const kind = w.mode === 'standard' ? w.table : w.mode;
      out.add(`${w.path} ${hex(c.session)} ${kind}`);
    }
  }
  return [...out].sort();
}

describe('a server picture keeps its watches only while nothing they show changed', () => {
  for (const file of [
    'lessons/lock-herd.json',
    'lessons/config-watch.json',
    'lessons/lock-persistent.json',
  ]) {
    it(file, async () => {
      run = await start(example(file));
      const world = run.sim.world;
      let checked = 0;
      let changes = 0;
      const last = new Map<string, string[]>();
      for (let steps = 0; steps < 6000 && world.step(); steps++) {
        for (const id of ['zk1', 'zk2', 'zk3']) {
          const node = world.node(id);
          if (!(node instanceof ZooKeeperServer)) continue;
          const shown = serverOwnView(node)
            .watches.map((w) => `${w.path} ${w.session} ${w.kind}`)
            .sort();
          const truth = fromScratch(node);
          expect(shown).toEqual(truth);
          if (JSON.stringify(last.get(id)) !== JSON.stringify(truth)) changes++;
          last.set(id, truth);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(1000);
      expect(changes).toBeGreaterThanOrEqual(3);
    });
  }
});

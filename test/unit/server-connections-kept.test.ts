// ZooKeeperServer#connections() keeps its list while no connection came, went or took a session
// (ServerCnxnFactory#stamp): at every step of runs with reconnects, a failover and expiries, the
// list equals one made from the connections as they are, and it is the same list object while
// they did not change.
import { afterEach, describe, expect, it } from 'vitest';
import { ZooKeeperServer } from '../../src/sim/server/server.ts';
import type { ServerCnxnFactory } from '../../src/sim/server/server-cnxn.ts';
import { example, start, type ViewRun } from '../support/views.ts';

let run: ViewRun | null = null;
afterEach(() => {
  run?.close();
  run = null;
});

/** The list made now from the server's own connections (its private factory). */
function fresh(server: ZooKeeperServer) {
  const cnxns = (server as unknown as { cnxns: ServerCnxnFactory }).cnxns;
  return cnxns.all().map((c) => ({ peer: c.peer, session: c.session, watcher: c.watcher }));
}

describe('a server keeps its connection list while its connections stay the same', () => {
  for (const file of ['ensemble-failover.json', 'session-expiry.json', 'lessons/lock-holder-crash.json']) {
    it(file, async () => {
      run = await start(example(file));
      const world = run.sim.world;
      const last = new Map<string, unknown>();
      let kept = 0;
      let made = 0;
      for (let steps = 0; steps < 8000 && world.step(); steps++) {
        for (const id of ['zk1', 'zk2', 'zk3']) {
          const node = world.node(id);
          if (!(node instanceof ZooKeeperServer)) continue;
          const list = node.connections();
          expect(list).toEqual(fresh(node));
          if (last.get(id) === list) kept++;
          else made++;
          last.set(id, list);
        }
      }
      expect(kept).toBeGreaterThan(made);
      expect(made).toBeGreaterThan(3);
    });
  }
});

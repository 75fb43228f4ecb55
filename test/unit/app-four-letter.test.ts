// The inspector's four-letter words (four-letter-facts.ts): the facts it rebuilds from the picture at
// the cursor and the trace up to it are the facts the server itself builds for zk.four_letter at that
// moment, so srvr/stat/mntr/cons/dump/wchc/wchs/conf read the same in the page as from Lua.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fourLetterFactsAt } from '../../src/app/views/log/four-letter-facts.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import { fourLetterWord } from '../../src/sim/server/four-letter-words.ts';
import type { ZooKeeperServer } from '../../src/sim/server/server.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { worldView } from '../../src/sim/view/world-view.ts';

const WORDS = ['srvr', 'stat', 'mntr', 'cons', 'dump', 'wchc', 'wchs', 'conf'] as const;
const field = (text: string, key: string) => text.split('\n').find((l) => l.startsWith(key));
/** The picture holds no requests in flight: the inspector's Outstanding is 0 (docs/ui.md). */
const withoutOutstanding = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.startsWith('Outstanding: ') && !l.startsWith('zk_outstanding_requests\t'))
    .join('\n');

/** Runs an example, comparing at each of `times` every up server's own facts with the inspector's. */
async function compare(example: string, times: number[]) {
  const v = parseScenarioJson(readFileSync(`examples/${example}`, 'utf8'));
  if (!v.ok) throw new Error(`${example} invalid`);
  const s = v.scenario;
  const lua = await LuaPool.prepare(s, nodeWasmSource(), nodeRecipeModules());
  try {
    const sim = createSimulation(s, { lua });
    const count = s.servers.count + (s.servers.observers ?? 0);
    const nodes = {
      servers: Array.from({ length: count }, (_, i) => `zk${i + 1}`),
      clients: s.clients.map((c) => c.name),
    };
    const seen = { outstanding: 0, compared: 0, received: 0, watches: 0, ephemerals: 0, leaders: 0 };
    for (const t of times) {
      sim.runUntil(t);
      const world = worldView(sim.world, nodes, t);
      for (const view of world.servers) {
        if (!view.up) continue;
        const own = (sim.world.node(view.node) as ZooKeeperServer).fourLetterFacts();
        const built = fourLetterFactsAt(view, world, sim.trace.events);
        expect(built, `${example}: ${view.node} at ${t} ms`).toEqual({ ...own, outstanding: 0 });
        for (const word of WORDS)
          expect(withoutOutstanding(fourLetterWord(word, built))).toBe(
            withoutOutstanding(fourLetterWord(word, own)),
          );
        seen.compared++;
        if (own.outstanding > 0) seen.outstanding++;
        if (own.received > 0) seen.received++;
        if (own.watchCount > 0) seen.watches++;
        if (own.ephemerals.length > 0) seen.ephemerals++;
        if (field(fourLetterWord('srvr', built), 'Mode:') === 'Mode: leader') seen.leaders++;
      }
    }
    return seen;
  } finally {
    lua.close();
  }
}

const every = (step: number, until: number) => Array.from({ length: until / step }, (_, i) => (i + 1) * step);

describe('the inspector four-letter words (issue #12 item 9)', () => {
  it('welcome: the facts from the picture and the trace equal the server’s own, every 500 ms', async () => {
    const seen = await compare('welcome.json', every(500, 20_000));
    expect(seen.compared).toBe(120);
    // Not vacuous: a leader, traffic, the lock's watches and ephemerals are there by then.
    expect(seen.leaders).toBeGreaterThan(30);
    expect(seen.received).toBeGreaterThan(30);
    expect(seen.watches).toBeGreaterThan(10);
    expect(seen.ephemerals).toBeGreaterThan(10);
    // The one counter left out: a server with a write in flight at the cursor is rare but happens.
    expect(seen.outstanding).toBeLessThan(seen.compared / 10);
  });

  it('ensemble-failover (a crash, a restart) and standalone-basics (watch order) agree too', async () => {
    const failover = await compare('ensemble-failover.json', every(500, 30_000));
    expect(failover.compared).toBeGreaterThan(150);
    const standalone = await compare('standalone-basics.json', every(250, 15_000));
    expect(standalone.watches).toBeGreaterThan(0);
  });
});

// The server inspector's four-letter words on the welcome run: after a seek, `srvr` for the leader
// and `mntr` for a follower read, line for line, what the same server answers zk.four_letter with at
// that time in a Node run of the same scenario, and srvr's Mode and Zxid are the ring's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import { type FourLetterWord, fourLetterWord } from '../../src/sim/server/four-letter-words.ts';
import type { ZooKeeperServer } from '../../src/sim/server/server.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { E2ETest } from './harness.ts';
import { seekTo, shot, waitForRun } from './views-page.ts';

const AT = 4500;
const MODE: Record<string, string> = { LEADING: 'leader', FOLLOWING: 'follower', OBSERVING: 'observer' };

/** What each server answers `word` with at virtual time `t` in a Node run of welcome. */
async function nodeAnswers(t: number, word: FourLetterWord): Promise<Record<string, string>> {
  const v = parseScenarioJson(readFileSync(join(import.meta.dirname, '../../examples/welcome.json'), 'utf8'));
  if (!v.ok) throw new Error('examples/welcome.json is not valid');
  const lua = await LuaPool.prepare(v.scenario, nodeWasmSource(), nodeRecipeModules());
  try {
    const sim = createSimulation(v.scenario, { lua });
    sim.runUntil(t);
    return Object.fromEntries(
      ['zk1', 'zk2', 'zk3'].map((id) => [
        id,
        fourLetterWord(word, (sim.world.node(id) as ZooKeeperServer).fourLetterFacts()),
      ]),
    );
  } finally {
    lua.close();
  }
}

async function answer(page: Page, node: string, word: FourLetterWord): Promise<string> {
  await page.click(`[data-testid="inspector-tab"]:has-text("${node}")`);
  await page.waitForSelector(`[data-testid="server-inspector"][data-node="${node}"]`);
  const section = page.locator('[data-testid="inspector-4lw"]');
  if (!(await section.evaluate((d) => (d as HTMLDetailsElement).open)))
    await section.locator('summary').click();
  await page.selectOption('[data-testid="inspector-4lw-word"]', word);
  const pre = page.locator('[data-testid="inspector-4lw-text"]');
  await page.waitForFunction((w) => {
    const text = document.querySelector('[data-testid="inspector-4lw-text"]')?.textContent ?? '';
    return w === 'srvr' ? text.startsWith('Zookeeper version') : text.startsWith('zk_version');
  }, word);
  return (await pre.textContent()) ?? '';
}

/** The picture holds no requests in flight: the inspector's Outstanding is 0 (docs/ui.md). */
const withoutOutstanding = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.startsWith('Outstanding: ') && !l.startsWith('zk_outstanding_requests\t'))
    .join('\n');

const field = (text: string, key: string) =>
  text
    .split('\n')
    .find((l) => l.startsWith(`${key}: `))
    ?.slice(key.length + 2);

export const tests: E2ETest[] = [
  {
    name: 'the inspector answers srvr and mntr at the cursor as the server answers zk.four_letter',
    timeoutMs: 90_000,
    async run({ page }) {
      const [srvr, mntr] = await Promise.all([nodeAnswers(AT, 'srvr'), nodeAnswers(AT, 'mntr')]);
      await waitForRun(page);
      await seekTo(page, AT);
      await page.click('[data-testid="tab-inspector"]');
      await page.waitForSelector('[data-testid="server-inspector"]');
      for (const node of ['zk1', 'zk2', 'zk3']) {
        const text = await answer(page, node, 'srvr');
        assert.equal(withoutOutstanding(text), withoutOutstanding(srvr[node] ?? ''), `${node}: srvr`);
        const ring = page.locator(`[data-testid="ring-server"][data-node="${node}"]`);
        assert.equal(field(text, 'Mode'), MODE[(await ring.getAttribute('data-role')) ?? '']);
        assert.equal(field(text, 'Zxid'), await ring.getAttribute('data-zxid'));
      }
      // the clients are connected and working by then: the counters are not all zero
      assert.ok(Object.values(srvr).some((t) => Number(field(t, 'Received')) > 0));
      assert.equal(field(srvr['zk3'] ?? '', 'Mode'), 'leader');
      await shot(page, 'inspector-4lw-srvr');
      for (const node of ['zk3', 'zk1'])
        assert.equal(
          withoutOutstanding(await answer(page, node, 'mntr')),
          withoutOutstanding(mntr[node] ?? ''),
          `${node}: mntr`,
        );
    },
  },
];

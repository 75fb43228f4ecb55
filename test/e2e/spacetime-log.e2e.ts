// The event log and the server inspector on the welcome run, against the same run in Node: the
// log lists every event (only the rows in view are in the DOM), filters by kind and searches as a
// scan of the trace does, and a click on a row moves the cursor to its time; the inspector shows
// the leader's state at the cursor.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { summarize } from '../../src/app/event-summary.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { hex } from '../../src/sim/trace/canonical.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import type { E2ETest } from './harness.ts';
import { cursorTime, seekTo, shot, waitForRun } from './views-page.ts';

const COUNT = '[data-testid="log-count"]';

async function welcomeTrace(): Promise<TraceEvent[]> {
  const v = parseScenarioJson(readFileSync(join(import.meta.dirname, '../../examples/welcome.json'), 'utf8'));
  if (!v.ok) throw new Error('examples/welcome.json is not valid');
  const lua = await LuaPool.prepare(v.scenario, nodeWasmSource(), nodeRecipeModules());
  return createSimulation(v.scenario, { lua }).runUntil(v.scenario.duration);
}

async function openTab(page: Page, name: 'log' | 'inspector'): Promise<void> {
  const tab = page.locator(`[data-testid="tab-${name}"]`);
  if ((await tab.count()) === 0) {
    throw new Error(
      `the ${name} is not on the page: App.svelte should mount it behind data-testid="tab-${name}"`,
    );
  }
  await tab.click();
}

async function rows(page: Page): Promise<{ shown: number; total: number }> {
  const [shown, total] = await page.$eval(COUNT, (e) => [
    Number(e.getAttribute('data-rows')),
    Number(e.getAttribute('data-total')),
  ]);
  return { shown: shown!, total: total! };
}

async function waitRows(page: Page, want: number): Promise<void> {
  await page.waitForFunction(
    ([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-rows')) === n,
    [COUNT, want] as const,
  );
}

export const tests: E2ETest[] = [
  {
    name: 'the log lists, filters and searches every event; a click on a row seeks to it',
    timeoutMs: 120_000,
    async run({ page }) {
      const trace = await welcomeTrace();
      await waitForRun(page);
      await seekTo(page, 120_000);
      await openTab(page, 'log');
      await waitRows(page, trace.length);
      assert.equal((await rows(page)).total, trace.length);
      const inDom = await page.locator('[data-testid="log-row"]').count();
      assert.ok(inDom > 5 && inDom < 100, `${inDom} rows in the DOM for ${trace.length} events`);

      // hide a kind
      await page.click('.filters summary');
      await page.click('[data-testid="log-kind-filter"] [data-key="net.send"]');
      await waitRows(page, trace.filter((e) => e.kind !== 'net.send').length);
      await page.click('[data-testid="log-kind-filter"] [data-key="net.send"]');
      await waitRows(page, trace.length);

      // search: kind and one-line summary, case-insensitive
      await page.fill('[data-testid="log-search"]', 'LOCK.ACQUIRED');
      const acquired = trace.filter((e) =>
        `${e.kind} ${summarize(e, 400)}`.toLowerCase().includes('lock.acquired'),
      );
      assert.ok(acquired.length > 5);
      await waitRows(page, acquired.length);
      await shot(page, 'log-search');

      // a click on a match (one of those in view) moves the cursor to its time
      const third = page.locator('[data-testid="log-row"]').nth(2);
      const index = Number(await third.getAttribute('data-index'));
      const t = Number(await third.getAttribute('data-t'));
      assert.ok(acquired.includes(trace[index]!), `row ${index} is not a match`);
      assert.equal(t, trace[index]!.t);
      await third.click();
      await page.waitForFunction(
        (want) =>
          Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-t')) === want,
        t,
      );
      assert.equal(await cursorTime(page), t);
      // the row of the cursor is marked, the later ones are not reached yet
      assert.equal(await page.locator('li.cursor [data-testid="log-row"]').getAttribute('data-t'), String(t));
    },
  },
  {
    name: "the inspector shows the leader's role, epochs, zxid, log tail, sessions and watches",
    timeoutMs: 90_000,
    async run({ page }) {
      const trace = await welcomeTrace();
      await waitForRun(page);
      await seekTo(page, 3000);
      await openTab(page, 'inspector');
      await page.waitForSelector('[data-testid="server-inspector"]');
      assert.equal(await page.getAttribute('[data-testid="server-inspector"]', 'data-node'), 'zk3');
      assert.match((await page.textContent('[data-testid="inspector-role"]')) ?? '', /zk3 · LEADING/);
      assert.equal((await page.textContent('[data-testid="inspector-zab"]'))?.trim(), 'BROADCAST');
      // the newest committed entry of its log is the last txn it applied by then
      const applied = trace.filter((e) => e.kind === 'txn.commit' && e['server'] === 3 && e.t <= 3000);
      const last = applied[applied.length - 1]!;
      const committed = await page.$$eval(
        '[data-testid="inspector-log"] li[data-committed="true"] code',
        (cs) => cs.map((c) => c.textContent),
      );
      assert.ok(committed.length > 0);
      const zxid = typeof last['zxid'] === 'bigint' ? hex(last['zxid']) : String(last['zxid']);
      assert.equal(committed[committed.length - 1], zxid);
      // three clients, three sessions; the waiters' exists watches on the lock nodes
      assert.equal(await page.locator('[data-testid="inspector-sessions"] li').count(), 3);
      await shot(page, 'inspector-leader');
      // another server by its tab
      await page.click('[data-testid="inspector-tab"]:has-text("zk1")');
      await page.waitForSelector('[data-testid="server-inspector"][data-node="zk1"]');
      assert.match((await page.textContent('[data-testid="inspector-role"]')) ?? '', /zk1 · FOLLOWING/);
    },
  },
];

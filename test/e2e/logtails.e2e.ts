// The Log tails tab (issue #15 item 16) on the page shows exactly what Node computes from the same
// run at the same cursor: every server's column (role, sync mode, syncLimit ticks), every row's
// per-server stage and the leader's ACK tally, and every countdown with the moment it ends.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { countdowns } from '../../src/app/views/countdowns/countdowns.ts';
import { EventIndex } from '../../src/app/views/event-index.ts';
import { logGrid } from '../../src/app/views/logtails/log-grid.ts';
import { sessionOwners } from '../../src/app/views/sessions.ts';
import { exactRun, pageFrame } from './exact-dom.ts';
import type { E2ETest } from './harness.ts';
import { openFresh } from './run-driver.ts';
import { seekTo, shot, waitForRun } from './views-page.ts';

interface Shown {
  columns: string[];
  rows: string[];
  cells: string[];
  tallies: string[];
  waits: string[];
}

async function readLogTails(page: Page): Promise<Shown> {
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(() => {
    const all = (sel: string) => [...document.querySelectorAll(sel)];
    const a = (e: Element, n: string) => e.getAttribute(`data-${n}`) ?? '';
    return {
      columns: all('[data-testid="logtail-column"]').map(
        (e) => `${a(e, 'node')} ${a(e, 'role')} ${a(e, 'synced-by')} ${a(e, 'ticks-left')}`,
      ),
      rows: all('[data-testid="logtail-row"]').map((e) => a(e, 'zxid')),
      cells: all('[data-testid="logtail-cell"]').map(
        (e) =>
          `${e.closest('tr')?.getAttribute('data-zxid')} ${a(e, 'node')} ${a(e, 'mark')} ${a(e, 'durable')} ${a(e, 'committed')}`,
      ),
      tallies: all('[data-testid="logtail-tally"]').map((e) => a(e, 'acks')),
      waits: all('[data-testid="countdown"]').map(
        (e) => `${a(e, 'kind')} ${a(e, 'node')} ${a(e, 'about')} ${a(e, 'at')}`,
      ),
    };
  });
}

async function expected(page: Page): Promise<Shown> {
  const frame = await pageFrame(page);
  const run = await exactRun(frame.scenario, frame.t);
  const view = { ...run.at(frame.cursorIndex), t: frame.t };
  const events = run.events.slice(0, frame.cursorIndex);
  const owners = sessionOwners(
    view.clients,
    events,
    new EventIndex((e) => e.kind === 'client.session').update(events),
  );
  const grid = logGrid(view.servers);
  const rows = [...grid.rows].reverse(); // the tab lists the newest first
  return {
    columns: grid.columns
      .filter((c) => c.up || true)
      .map((c) => `${c.node} ${c.role ?? ''} ${c.syncedBy ?? ''} ${c.ticksLeft ?? ''}`),
    rows: rows.map((r) => r.zxid),
    cells: rows.flatMap((r) =>
      r.cells.flatMap((c, i) =>
        c ? [`${r.zxid} ${grid.columns[i]!.node} ${c.mark} ${c.entry.durable} ${c.entry.committed}`] : [],
      ),
    ),
    tallies: rows.map((r) => r.tally?.acks.join(',') ?? ''),
    waits: countdowns(view, owners).map((w) => `${w.kind} ${w.node} ${w.about ?? ''} ${w.at}`),
  };
}

/** The ring has drawn the page's cursor. */
async function ringAtCursor(page: Page): Promise<void> {
  const frame = await pageFrame(page);
  await page.waitForSelector(`[data-testid="cluster-svg"][data-cursor-index="${frame.cursorIndex}"]`);
}

export const tests: E2ETest[] = [
  {
    name: 'log tails: ack-before-fsync at four moments, exactly as Node computes them; a commit without fsync is visible',
    blank: true,
    timeoutMs: 90_000,
    async run({ page, url }) {
      await openFresh(page, `${url}#example=lessons/ack-before-fsync`);
      await waitForRun(page);
      await page.click('[data-testid="tab-logtails"]');
      await page.waitForSelector('[data-testid="logtails"]');
      for (const t of [1305, 1320, 1600, 2300]) {
        await seekTo(page, t);
        await page.waitForSelector('[data-testid="logtails"]');
        const got = await readLogTails(page);
        assert.deepEqual(got, await expected(page), `at ${t} ms`);
        if (t === 1320) {
          // The lesson's point: committed on zk1 and zk2 while not on their disks yet.
          assert.ok(got.cells.includes('0x100000002 zk1 committed false true'), got.cells.join('\n'));
          assert.ok(
            (await page
              .locator('[data-testid="logtail-cell"][data-node="zk1"][data-durable="false"] .warn')
              .count()) > 0,
          );
          await shot(page, 'logtails-ack-before-fsync');
        }
        if (t === 1305) assert.ok(got.tallies.includes('3'), `the leader's own ACK only: ${got.tallies}`);
      }
    },
  },
  {
    name: 'countdowns: the finalize wait is what Node computes, and zk1 stops looking when it runs out',
    blank: true,
    async run({ page, url }) {
      await openFresh(page, `${url}#example=lessons/leader-election`);
      await waitForRun(page);
      await page.click('[data-testid="tab-logtails"]');
      // As every view, the countdowns are the pictures after the last event at or before the cursor:
      // a timer re-armed by an input that traces nothing shows from the next event on (docs/views.md).
      for (const t of [150, 208]) {
        await seekTo(page, t);
        assert.deepEqual(await readLogTails(page), await expected(page), `at ${t} ms`);
      }
      const wait = page.locator('[data-testid="countdown"][data-kind="finalize"][data-node="zk1"]');
      const at = Number(await wait.getAttribute('data-at'));
      assert.ok(at > 208, `due at ${at}`);
      await ringAtCursor(page);
      assert.equal(
        await page.getAttribute('[data-testid="ring-server"][data-node="zk1"]', 'data-role'),
        'LOOKING',
      );
      await seekTo(page, at);
      await ringAtCursor(page);
      assert.equal(
        await page.getAttribute('[data-testid="ring-server"][data-node="zk1"]', 'data-role'),
        'FOLLOWING',
      );
      assert.equal(await wait.count(), 0, 'its wait is over');
      await shot(page, 'logtails-election');
    },
  },
];

// Sharing: a link made on the page reopens the same run (branch included) at the same moment, and
// replays to the CLI's hash; a damaged link says what is wrong, opens the welcome run, and offers
// the user's saved work back.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { E2ETest } from './harness.ts';
import { act, nodeRun, openExample, openFresh } from './run-driver.ts';

const waitRun = (page: import('playwright-core').Page) =>
  page.waitForFunction(() => (globalThis as { __zkRun?: unknown }).__zkRun !== undefined, undefined, {
    timeout: 60_000,
  });

export const tests: E2ETest[] = [
  {
    name: 'a shared link reopens the branched run at its moment and replays to the CLI hash',
    blank: true,
    timeoutMs: 120_000,
    async run({ page, url }) {
      await openExample(page, url, 'recipes/lock');
      await act(page, { op: 'reset' });
      await act(page, { op: 'seek', t: 4_000 });
      await act(page, { op: 'inject', fault: { action: 'crash', target: 'c2' } });
      await page.click('[data-testid="tab-tree"]');
      await page.click('[data-testid="share-link"]');
      await page.waitForSelector('[data-testid="share-message"]');
      const link = await page.evaluate(() => location.href);
      assert.match(link, /#v1\./);
      assert.ok(link.length < 2_000 + url.length, `link of ${link.length} characters`);

      const other = await page.context().newPage();
      await other.goto(link);
      await waitRun(other);
      // The page opens a link at its moment, paused.
      await other.waitForFunction(
        () => document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-t') === '4000',
      );
      const opened = await act(other, { op: 'pause' });
      assert.equal(opened.t, 4_000);
      assert.deepEqual(opened.scenario.faults.at(-1), { at: 4_000, action: 'crash', target: 'c2' });
      assert.equal(
        await other.getAttribute('[data-testid="tab-tree"]', 'aria-selected'),
        'true',
        'the open panel',
      );
      const end = await act(other, { op: 'play', speed: 'max', until: 'done' });
      assert.equal(end.hash, (await nodeRun(end.scenario, 'shared lock')).hash);
      await other.close();
    },
  },
  {
    name: 'a damaged link shows what is wrong, opens the welcome run and offers the saved work back',
    blank: true,
    timeoutMs: 120_000,
    async run({ page, url }) {
      // Some work: a branch of the lock example, saved as a draft by the page.
      await openExample(page, url, 'recipes/lock');
      await act(page, { op: 'reset' });
      await act(page, { op: 'seek', t: 3_000 });
      await act(page, { op: 'inject', fault: { action: 'pause', target: 'zk1' } });
      await page.click('[data-testid="share-link"]');
      await page.waitForSelector('[data-testid="share-message"]');
      const link = await page.evaluate(() => location.hash);
      const damaged = `${link.slice(0, 40)}${link[40] === 'A' ? 'B' : 'A'}${link.slice(41)}`;

      await openFresh(page, `${url}${damaged}`);
      await page.waitForSelector('[data-testid="link-problem"]');
      const code = await page.getAttribute('[data-testid="link-problem"]', 'data-code');
      assert.equal(code, 'damaged');
      assert.equal(await page.inputValue('[data-testid="link-problem-text"]'), damaged.slice(1));
      await waitRun(page);
      assert.equal(await page.inputValue('[data-testid="example-select"]'), 'welcome');

      // The restored run is a new one: wait for its RunControl, not the welcome run's.
      await page.evaluate(() => {
        (globalThis as { __zkRun?: unknown }).__zkRun = undefined;
      });
      await page.click('[data-testid="restore-draft"]');
      await page.waitForSelector('[data-testid="link-problem"]', { state: 'detached' });
      await page.waitForFunction(() => location.hash.startsWith('#v1.'));
      await waitRun(page);
      const restored = await act(page, { op: 'pause' });
      assert.deepEqual(restored.scenario.faults.at(-1), { at: 3_000, action: 'pause', target: 'zk1' });
    },
  },
];

tests.push({
  name: 'exports: the trace .jsonl hashes to the run’s hash; the ring as a standalone .svg and a .png',
  blank: true,
  timeoutMs: 120_000,
  async run({ page, url }) {
    await openExample(page, url, 'recipes/lock');
    await act(page, { op: 'reset' });
    const end = await act(page, { op: 'play', speed: 'max', until: 'done' });
    const saved = async (testId: string) => {
      await page.$eval('[data-testid="share-menu"] details', (d) => {
        (d as HTMLDetailsElement).open = true;
      });
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`[data-testid="${testId}"]`),
      ]);
      const path = await file.path();
      return { name: file.suggestedFilename(), bytes: readFileSync(path) };
    };
    const trace = await saved('download-trace');
    assert.match(trace.name, /\.trace\.jsonl$/);
    assert.equal(createHash('sha256').update(trace.bytes).digest('hex'), end.hash);
    const svg = await saved('download-view-svg');
    const text = svg.bytes.toString('utf8');
    assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(text.includes('LEADING') && !text.includes('var(--'), 'roles drawn, styles resolved');
    // The messages on the wire are painted on a canvas: the file carries them as an image.
    assert.ok(!text.includes('foreignObject') && text.includes('href="data:image/png'), 'dots inlined');
    const png = await saved('download-view-png');
    assert.deepEqual([...png.bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG file');
    assert.ok(png.bytes.readUInt32BE(16) >= 600, `PNG width ${png.bytes.readUInt32BE(16)}`);
  },
});

tests.push({
  name: 'a link reopens in the language it was made in',
  blank: true,
  async run({ page, url }) {
    await openExample(page, url, 'recipes/lock', '&lang=zh');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh');
    await page.click('[data-testid="share-link"]');
    await page.waitForFunction(() => location.hash.startsWith('#v1.'));
    const link = await page.evaluate(() => location.href);
    assert.ok(!link.includes('lang='), 'the language is inside the link');
    const other = await page.context().newPage();
    await other.goto(link);
    await other.waitForFunction(() => (globalThis as { __zkRun?: unknown }).__zkRun !== undefined);
    assert.equal(await other.evaluate(() => document.documentElement.lang), 'zh');
    await other.close();
  },
});

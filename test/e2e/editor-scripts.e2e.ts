// The script editor on the welcome run: it shows each client's script (Lua coloured), marks a
// syntax error at its line before anything runs, applies an edit at the cursor and marks the
// runtime error the run then reports, highlights the line a client waits on, completes and
// documents the zk API, and never loses typed text (tab switch, panel closed, Reset).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { E2ETest } from './harness.ts';
import { seekTo, shot, waitForRun } from './views-page.ts';

const EDITOR = '[data-testid="script-editor"]';
const WELCOME = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../examples/welcome.json'), 'utf8'),
) as {
  clients: { name: string; script: string }[];
};
const scriptOf = (client: string) => WELCOME.clients.find((c) => c.name === client)!.script;

/** Opens the editor panel (a tab of the page) and waits for Monaco. */
async function openEditor(page: Page): Promise<void> {
  const tab = page.locator('[data-testid="tab-editor"]');
  await tab.waitFor({ timeout: 15_000 }).catch(() => {
    throw new Error(
      'the script editor is not on the page: App.svelte should mount ScriptEditor behind data-testid="tab-editor"',
    );
  });
  await tab.click();
  await page.waitForSelector(`${EDITOR}[data-ready="true"]`, { timeout: 30_000 });
  await page.waitForSelector(`${EDITOR} .monaco-editor .view-lines`);
}

/** The text Monaco shows (every line is rendered: the scripts are short). */
async function shownText(page: Page): Promise<string> {
  return page.$eval(`${EDITOR} .view-lines`, (el) =>
    [...el.querySelectorAll('.view-line')]
      .map((l) => ({ top: Number.parseFloat((l as HTMLElement).style.top), text: l.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text.replace(/\u00a0/g, ' '))
      .join('\n'),
  );
}

async function editorAttr(page: Page, name: string): Promise<string> {
  return (await page.getAttribute(EDITOR, name)) ?? '';
}

/** Replaces the whole text of the active tab by pasting it (typing would auto-indent it). */
async function replaceText(page: Page, text: string): Promise<void> {
  await page.click(`${EDITOR} .view-lines`);
  await page.keyboard.press('ControlOrMeta+A');
  // Monaco takes input through the focused element (an EditContext div in Chromium, else a textarea)
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    document.activeElement?.dispatchEvent(paste);
  }, text);
  await page.waitForFunction(
    ([sel, first]) =>
      document
        .querySelector(`${sel} .view-lines`)
        ?.textContent?.replace(/\u00a0/g, ' ')
        .includes(first!),
    [EDITOR, text.split('\n')[0]!.trim()] as const,
  );
}

/** The centre of the first occurrence of `word` in the rendered lines. */
async function wordBox(page: Page, word: string): Promise<{ x: number; y: number }> {
  return page.$eval(
    `${EDITOR} .view-lines`,
    (lines, w) => {
      const walker = document.createTreeWalker(lines, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent?.indexOf(w) ?? -1;
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i + 1);
        range.setEnd(n, i + w.length - 1);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      throw new Error(`no "${w}" on screen`);
    },
    word,
  );
}

const tabButton = (id: string) => `[data-testid="editor-tab"][data-tab="${id}"]`;

async function chooseTab(page: Page, id: string): Promise<void> {
  await page.click(tabButton(id));
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel!)?.getAttribute('data-tab') === want,
    [EDITOR, id],
  );
}

export const tests: E2ETest[] = [
  {
    name: "shows each client's script, coloured as Lua; recipe modules open read-only",
    timeoutMs: 90_000,
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 2000);
      await openEditor(page);
      const tabs = await page.$$eval('[data-testid="editor-tab"]', (ts) =>
        ts.map((t) => t.getAttribute('data-tab')),
      );
      assert.deepEqual(tabs, ['client/c1', 'client/c2', 'client/c3']);
      assert.equal(await shownText(page), scriptOf('c1'));
      await chooseTab(page, 'client/c2');
      await page.waitForFunction(
        (want) =>
          document.querySelector('[data-testid="script-editor"] .view-lines')?.textContent?.includes(want),
        '"c2"',
      );
      assert.equal(await shownText(page), scriptOf('c2'));
      // the Lua grammar arrives in its own chunk: keywords and names end up in different colours
      await page.waitForFunction(() => {
        const classes = new Set(
          [...document.querySelectorAll('[data-testid="script-editor"] .view-line span span')].map(
            (s) => s.className,
          ),
        );
        return classes.size >= 3;
      });
      await page.selectOption('[data-testid="editor-open-module"]', 'lock');
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.getAttribute('data-tab') === 'recipes/lock',
        EDITOR,
      );
      assert.match(await shownText(page), /^-- lock: an exclusive lock/);
      const before = await shownText(page);
      await page.click(`${EDITOR} .view-lines`);
      await page.keyboard.insertText('typed into a read-only tab');
      assert.equal(await shownText(page), before, 'a recipe module tab is read-only');
      await shot(page, 'editor-welcome');
    },
  },
  {
    name: 'a syntax error is marked at its line before running, and goes when fixed',
    timeoutMs: 90_000,
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 2000);
      await openEditor(page);
      const broken = scriptOf('c1').replace('local l = lock.new', 'local l = = lock.new');
      const line = broken.split('\n').findIndex((l) => l.includes('= = lock')) + 1;
      await replaceText(page, broken);
      await page.waitForFunction(
        ([sel, want]) => document.querySelector(sel!)?.getAttribute('data-markers') === want,
        [EDITOR, String(line)] as const,
      );
      await page.waitForSelector(`${EDITOR} .squiggly-error`);
      assert.match(
        (await page.textContent('[data-testid="editor-status"]')) ?? '',
        new RegExp(`syntax: line ${line}: unexpected symbol near '='`),
      );
      // the tab says it holds unapplied text
      assert.match((await page.textContent(tabButton('client/c1'))) ?? '', /●/);
      await shot(page, 'editor-syntax-error');
      await replaceText(page, scriptOf('c1'));
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.getAttribute('data-markers') === '',
        EDITOR,
      );
      assert.doesNotMatch((await page.textContent(tabButton('client/c1'))) ?? '', /●/);
    },
  },
  {
    name: "Apply restarts the client at the cursor; the run's runtime error is marked at its line",
    timeoutMs: 90_000,
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 2500);
      await openEditor(page);
      const script = 'zk.create("/edited", "yes")\nlocal t = nil\nprint(t.field)\n';
      await replaceText(page, script);
      assert.match((await page.textContent('[data-testid="editor-apply"]')) ?? '', /Apply at 2\.500 s/);
      await page.click('[data-testid="editor-apply"]');
      // the edit is now the script at the cursor: no draft left
      await page.waitForFunction(
        () =>
          !document
            .querySelector('[data-testid="editor-tab"][data-tab="client/c1"]')
            ?.textContent?.includes('●'),
      );
      assert.equal(await shownText(page), script.replace(/\n$/, '\n'));
      // run on: the new script fails at line 3, and the trace's lua.error becomes a marker there
      await page.evaluate(async () => {
        const run = (globalThis as unknown as { __zkRun: { seek(t: number): Promise<void> } }).__zkRun;
        await run.seek(4000);
      });
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.getAttribute('data-markers') === '3',
        EDITOR,
        { timeout: 30_000 },
      );
      const status = (await page.textContent('[data-testid="editor-status"]')) ?? '';
      assert.match(status, /line 3: attempt to index a nil value/);
      await page.locator(`${EDITOR} .view-line span:has-text("t.field")`).last().hover();
      await page.waitForSelector('.monaco-hover :text("attempt to index a nil value")');
      await shot(page, 'editor-runtime-error');
    },
  },
  {
    name: 'the line a client waits on is highlighted',
    timeoutMs: 90_000,
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 3000);
      await openEditor(page);
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.getAttribute('data-waiting-line') !== '',
        EDITOR,
      );
      const line = Number(await editorAttr(page, 'data-waiting-line'));
      const text = scriptOf('c1').split('\n')[line - 1] ?? '';
      // c1 is inside the lock recipe or sleeping: the line of its own script that called it
      assert.match(text, /l:acquire\(\)|l:hold\(|l:release\(\)|zk\.sleep\(/, `line ${line}: ${text}`);
      assert.equal(await page.locator(`${EDITOR} .zk-waiting-line`).count(), 1);
      assert.match(
        (await page.textContent('[data-testid="editor-status"]')) ?? '',
        new RegExp(`line ${line}: waits in zk\\.`),
      );
    },
  },
  {
    name: 'completes and documents the zk API and the recipe modules',
    timeoutMs: 90_000,
    async run({ page }) {
      await waitForRun(page);
      await openEditor(page);
      await page.click(`${EDITOR} .view-lines`);
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('zk.');
      await page.waitForSelector('.suggest-widget.visible .monaco-list-row');
      const labels = await page.$$eval('.suggest-widget .monaco-list-row', (rows) =>
        rows.map((r) => r.getAttribute('aria-label') ?? ''),
      );
      assert.ok(
        labels.some((l) => l.startsWith('add_auth')) || labels.some((l) => l.startsWith('add_watch')),
        labels.join(', '),
      );
      await page.keyboard.type('wait_e');
      await page.waitForFunction(() =>
        document
          .querySelector('.suggest-widget .monaco-list-row.focused')
          ?.getAttribute('aria-label')
          ?.startsWith('wait_event'),
      );
      await page.keyboard.press('Escape');
      // hover on a recipe method of the script
      const at = await wordBox(page, 'acquire');
      await page.mouse.move(at.x, at.y);
      await page.waitForSelector('.monaco-hover :text("Lock:acquire()")');
      assert.match((await page.textContent('.monaco-hover')) ?? '', /Block until the lock is held/);
    },
  },
  {
    name: 'typed text survives a tab switch, closing the panel, Reset and another example',
    timeoutMs: 90_000,
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 1000);
      await openEditor(page);
      const mine = `${scriptOf('c1')}-- my change\n`;
      await replaceText(page, mine);
      await chooseTab(page, 'client/c3');
      await chooseTab(page, 'client/c1');
      assert.equal(await shownText(page), mine);
      await page.click('[data-testid="tab-tree"]');
      await page.waitForSelector(EDITOR, { state: 'detached' });
      await openEditor(page);
      assert.equal(await shownText(page), mine);
      await page.evaluate(async () => {
        const run = (globalThis as unknown as { __zkRun: { reset(): Promise<void> } }).__zkRun;
        await run.reset();
      });
      await page.waitForTimeout(300);
      assert.equal(await shownText(page), mine);
      assert.match((await page.textContent(tabButton('client/c1'))) ?? '', /●/);
      // another example (its own c1), then back: the draft is still this example's c1
      const lock = JSON.parse(
        readFileSync(join(import.meta.dirname, '../../examples/recipes/lock.json'), 'utf8'),
      ) as {
        clients: { name: string; script: string }[];
      };
      await page.selectOption('[data-testid="example-select"]', 'recipes/lock');
      await openEditor(page);
      await page.waitForFunction(
        (want) =>
          document
            .querySelector('[data-testid="script-editor"] .view-lines')
            ?.textContent?.replace(/\u00a0/g, ' ')
            .startsWith(want),
        lock.clients[0]!.script.split('\n')[0]!,
      );
      assert.equal(await shownText(page), lock.clients[0]!.script);
      await page.selectOption('[data-testid="example-select"]', 'welcome');
      await openEditor(page);
      await page.waitForFunction(
        (want) =>
          document
            .querySelector('[data-testid="script-editor"] .view-lines')
            ?.textContent?.replace(/\u00a0/g, ' ')
            .includes(want),
        '-- my change',
      );
      assert.equal(await shownText(page), mine);
    },
  },
  {
    name: 'feedback (issue #15 item 7): Apply is off while a syntax error is known; the console shows print output with its tab and the whole error; the ring says the script failed',
    timeoutMs: 90_000,
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 2500);
      await openEditor(page);
      await replaceText(page, 'print("x" +\n');
      await page.waitForSelector(`${EDITOR} .squiggly-error`);
      await page.waitForSelector('[data-testid="editor-apply"]:disabled');
      const script = `print("a", 1)\nzk.sleep(50)\nerror("${'a long message that the footer must show whole '.repeat(2)}end")\n`;
      await replaceText(page, script);
      await page.waitForSelector('[data-testid="editor-apply"]:enabled');
      await page.click('[data-testid="editor-apply"]');
      await page.evaluate(async () => {
        const run = (globalThis as unknown as { __zkRun: { seek(t: number): Promise<void> } }).__zkRun;
        await run.seek(4000);
      });
      await page.waitForSelector('[data-testid="output-line"].error', { timeout: 30_000 });
      const lines = await page.$$eval('[data-testid="client-output"] .text', (ts) =>
        ts.map((t) => t.textContent),
      );
      assert.equal(lines[0], 'a\t1', 'the tab as printed, not "\\t"');
      assert.match(lines.at(-1) ?? '', /footer must show whole end/);
      // the footer's message is whole: not cut, and its title holds it too
      const error = page.locator('[data-testid="editor-error"]');
      assert.match((await error.textContent()) ?? '', /end"?\)? \(at/);
      assert.equal(await error.evaluate((e) => e.scrollWidth <= e.clientWidth + 1), true);
      assert.match((await error.getAttribute('title')) ?? '', /footer must show whole end/);
      // the ring: c1 is connected, and its script failed
      const c1 = page.locator('[data-testid="ring-client"][data-node="c1"]');
      assert.equal(await c1.getAttribute('data-script'), 'error');
      assert.equal(await c1.locator('[data-testid="ring-client-failed"]').count(), 1);
      assert.match((await c1.getAttribute('aria-label')) ?? '', /script failed/);
      const facts = page.locator('[data-testid="ring-client-facts"][data-node="c1"]');
      assert.match((await facts.textContent()) ?? '', /CONNECTED\s*script failed/);
      await shot(page, 'editor-feedback');
    },
  },
];

// The space-time diagram of the welcome run, checked against the same run in Node: the arrows it
// draws are exactly the net.send events whose flight crosses the window (also with a kind
// hidden), they show in the palette's colours, clicking on it moves the cursor, it stays within
// a frame's time when the whole run is in the window.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { MESSAGE_COLOR } from '../../src/app/theme/palette.ts';
import { messageKind } from '../../src/app/views/cluster/message-kind.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import type { E2ETest } from './harness.ts';
import { cursorTime, seekTo, shot, waitForRun } from './views-page.ts';

const CANVAS = '[data-testid="spacetime-canvas"]';
/** The lane-name column on the left of the canvas (SpaceTime.svelte's GUTTER). */
const GUTTER = 84;

let welcome: TraceEvent[] | null = null;

/** The welcome run, computed in Node: the page must show the same events. */
async function welcomeTrace(): Promise<TraceEvent[]> {
  if (welcome) return welcome;
  const v = parseScenarioJson(readFileSync(join(import.meta.dirname, '../../examples/welcome.json'), 'utf8'));
  if (!v.ok) throw new Error('examples/welcome.json is not valid');
  const lua = await LuaPool.prepare(v.scenario, nodeWasmSource(), nodeRecipeModules());
  welcome = createSimulation(v.scenario, { lua }).runUntil(v.scenario.duration);
  return welcome;
}

function sendsCrossing(
  trace: readonly TraceEvent[],
  start: number,
  end: number,
  hidden: string[] = [],
): number {
  return trace.filter(
    (e) =>
      e.kind === 'net.send' &&
      (e['at'] as number) >= start &&
      e.t <= end &&
      !hidden.includes(messageKind(String(e['type']))),
  ).length;
}

interface Drawn {
  start: number;
  end: number;
  arrows: number;
  frameMs: number;
}

async function drawn(page: Page): Promise<Drawn> {
  const d = await page.$eval(CANVAS, (c) => ({ ...(c as HTMLElement).dataset }));
  return {
    start: Number(d['start']),
    end: Number(d['end']),
    arrows: Number(d['arrows']),
    frameMs: Number(d['frameMs']),
  };
}

/** Waits until the canvas has been painted with something other than `before`'s arrow count. */
async function waitArrowsChange(page: Page, before: number): Promise<void> {
  await page.waitForFunction(
    ([sel, n]) => document.querySelector(sel as string)?.getAttribute('data-arrows') !== String(n),
    [CANVAS, before] as const,
  );
}

async function openSpaceTime(page: Page): Promise<void> {
  await page.click('[data-testid="tab-spacetime"]');
  await page.waitForSelector(CANVAS);
  await page.waitForFunction(
    (sel) => Number(document.querySelector(sel)?.getAttribute('data-arrows')) > 0,
    CANVAS,
  );
}

/** Pixels of the plot (right of the lane names, below the ruler) close to `hex`. */
async function pixelsNear(page: Page, hex: string): Promise<number> {
  return page.$eval(
    CANVAS,
    (c, [color, gutter]) => {
      const canvas = c as HTMLCanvasElement;
      const ratio = canvas.width / canvas.clientWidth;
      const n = Number.parseInt((color as string).slice(1), 16);
      const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
      const x0 = Math.ceil((gutter as number) * ratio);
      const y0 = Math.ceil(30 * ratio);
      const img = canvas.getContext('2d')!.getImageData(x0, y0, canvas.width - x0, canvas.height - y0).data;
      let count = 0;
      for (let i = 0; i < img.length; i += 4) {
        if (
          Math.abs(img[i]! - r) + Math.abs(img[i + 1]! - g) + Math.abs(img[i + 2]! - b) < 40 &&
          img[i + 3]! > 200
        )
          count++;
      }
      return count;
    },
    [hex, GUTTER] as const,
  );
}

export const tests: E2ETest[] = [
  {
    name: 'draws one arrow per net.send crossing the window, by kind, in the palette colours',
    timeoutMs: 90_000,
    async run({ page }) {
      const trace = await welcomeTrace();
      await waitForRun(page);
      await seekTo(page, 6000); // computed up to 6 s: the window below is all known
      await seekTo(page, 3000);
      await openSpaceTime(page);
      assert.equal(await page.getAttribute(CANVAS, 'data-lanes'), 'zk1 zk2 zk3 c1 c2 c3');
      const all = await drawn(page);
      assert.ok(all.start <= 3000 && 3000 <= all.end, `the window ${all.start}–${all.end} shows the cursor`);
      assert.equal(all.arrows, sendsCrossing(trace, all.start, all.end));
      assert.ok(all.arrows > 20, `only ${all.arrows} arrows`);
      await shot(page, 'spacetime-welcome-3s');

      // the drawn colours: proposals/acks/commits and client traffic are in the window
      assert.ok(
        sendsCrossing(trace, all.start, all.end, ['election', 'sync', 'ping', 'client', 'watch', 'other']) >
          0,
      );
      assert.ok((await pixelsNear(page, MESSAGE_COLOR.broadcast)) > 20, 'no broadcast-coloured arrows drawn');
      assert.ok((await pixelsNear(page, MESSAGE_COLOR.client)) > 20, 'no client-coloured arrows drawn');

      // hide pings, then proposals: the counts follow, and their colour leaves the plot
      await page.click('[data-testid="spacetime-kind-filter"] [data-key="ping"]');
      await waitArrowsChange(page, all.arrows);
      const noPing = await drawn(page);
      assert.equal(noPing.arrows, sendsCrossing(trace, noPing.start, noPing.end, ['ping']));
      await page.click('[data-testid="spacetime-kind-filter"] [data-key="broadcast"]');
      await waitArrowsChange(page, noPing.arrows);
      const neither = await drawn(page);
      assert.equal(neither.arrows, sendsCrossing(trace, neither.start, neither.end, ['ping', 'broadcast']));
      assert.equal(await pixelsNear(page, MESSAGE_COLOR.broadcast), 0, 'broadcast arrows still drawn');
      assert.ok((await pixelsNear(page, MESSAGE_COLOR.client)) > 20);
    },
  },
  {
    name: 'a click on the diagram moves the cursor to that time; the window follows the cursor',
    timeoutMs: 90_000,
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 6000);
      await seekTo(page, 3000);
      await openSpaceTime(page);
      const w = await drawn(page);
      const box = (await page.locator(CANVAS).boundingBox())!;
      const target = w.start + 0.25 * (w.end - w.start);
      const x = box.x + GUTTER + ((target - w.start) / (w.end - w.start)) * (box.width - GUTTER);
      await page.mouse.click(x, box.y + box.height / 2);
      await page.waitForFunction(
        (want) =>
          Math.abs(
            Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-t')) - want,
          ) <= 1,
        target,
      );
      assert.ok(Math.abs((await cursorTime(page)) - target) <= 1);
      // far away: the window moves to show the cursor again
      await seekTo(page, 5500);
      await page.waitForFunction(
        (sel) => Number(document.querySelector(sel)?.getAttribute('data-end')) >= 5500,
        CANVAS,
      );
      const moved = await drawn(page);
      assert.ok(moved.start <= 5500 && 5500 <= moved.end, `${moved.start}–${moved.end}`);
    },
  },
  {
    name: 'the whole run (all 120 s) is drawn within a frame',
    timeoutMs: 120_000,
    async run({ page }) {
      const trace = await welcomeTrace();
      await waitForRun(page);
      await seekTo(page, 120_000);
      await openSpaceTime(page);
      const before = await drawn(page);
      await page.click('[data-testid="spacetime-fit"]');
      await waitArrowsChange(page, before.arrows);
      const whole = await drawn(page);
      assert.equal(whole.start, 0);
      assert.equal(whole.arrows, sendsCrossing(trace, 0, whole.end));
      // repaint a few times (zoom out, in) and keep the slowest
      const times: number[] = [];
      for (let i = 0; i < 4; i++) {
        await page.click('[aria-label="Zoom in"]');
        await page.waitForTimeout(100);
        await page.click('[data-testid="spacetime-fit"]');
        await page.waitForFunction(
          (sel) => document.querySelector(sel)?.getAttribute('data-start') === '0',
          CANVAS,
        );
        await page.waitForTimeout(100);
        times.push((await drawn(page)).frameMs);
      }
      console.log(
        `space-time: ${trace.length} events, ${whole.arrows} arrows, paint ${times.join(' / ')} ms`,
      );
      assert.ok(Math.min(...times) < 50, `painting the whole run takes ${Math.min(...times)} ms`);
      await shot(page, 'spacetime-whole-run');
    },
  },
];

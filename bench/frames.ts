// Frame times of the page in headless Chromium under load: 5 servers, 10 clients, hundreds of
// messages on the wire and 2,000+ znodes (bench/scenarios/frames-5x10.json, opened from a link,
// nodes in workers). Two rows, each 4 s of wall time played at 1× with the znode tree open:
//  - `live`: the run is computed up to 6 s, then plays on while the workers compute it (what a
//    reader of a new run sees; on a busy machine the workers fall behind 1× and share its cores);
//  - `computed`: the run is computed up to 10.5 s first and plays from 6 s over what is computed
//    (the page's own cost: the workers are idle).
// The gaps between animation frames give p50/p95/p99 (scripts/check-frames.ts holds them to the
// budget); Chromium's own counters give the page thread's busy time per frame (all tasks, of which
// scripts, style and layout; wall time, so a loaded machine inflates them too).
// Expects a built site (dist/ unless named; bench/browser.ts builds dist/).
// Run alone: npx vite build && npx tsx bench/frames.ts [dist]
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../scripts/chromium.ts';
import { serveStatic } from '../scripts/serve-static.ts';
import { parseScenarioJson } from '../src/scenario/validate.ts';
import { linkFit } from '../src/share/fit.ts';
import { percentile } from './conductor.ts';

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

interface Run {
  pause(): void;
  play(speed: number): void;
  seek(t: number): Promise<void>;
}

const FROM_MS = 6_000;
/** How far the `computed` row computes before it plays: past the 4 s it plays. */
const AHEAD_MS = 10_500;
/** Chromium's counters (CDP Performance.getMetrics), seconds of the page thread's time. */
const COUNTERS = {
  task: 'TaskDuration',
  script: 'ScriptDuration',
  style: 'RecalcStyleDuration',
  layout: 'LayoutDuration',
};

/** `dist`: a built site (dist/ by default). The `live` row first. */
export async function benchFrames(dist = 'dist'): Promise<Record<string, unknown>[]> {
  const parsed = parseScenarioJson(
    readFileSync(new URL('./scenarios/frames-5x10.json', import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error('bench/scenarios/frames-5x10.json is invalid');
  const fit = linkFit({ scenario: parsed.scenario });
  if (!fit.fits) throw new Error('the frames scenario does not fit in a link');
  const server = await serveStatic({ root: dist });
  const browser = await launchChromium();
  try {
    const url = `${server.url}${fit.hash}`;
    return [await playFor(browser, url, 'live'), await playFor(browser, url, 'computed')];
  } finally {
    await browser.close();
    await server.close();
  }
}

async function playFor(
  browser: Browser,
  url: string,
  mode: 'live' | 'computed',
): Promise<Record<string, unknown>> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { __zkRun?: unknown }).__zkRun !== undefined, undefined, {
    timeout: 120_000,
  });
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate(
    async ([from, ahead]) => {
      const run = (globalThis as unknown as { __zkRun: Run }).__zkRun;
      run.pause();
      if (ahead !== null) await run.seek(ahead);
      await run.seek(from);
    },
    [FROM_MS, mode === 'computed' ? AHEAD_MS : null] as const,
  );
  await page.click('[data-testid="tab-tree"]');
  // The pointer off the page: hovering the clicked tab would hit-test every frame.
  await page.mouse.move(0, 0);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const counters = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return new Map(metrics.map((m) => [m.name, m.value]));
  };
  const before = await counters();
  const gaps = await page.evaluate(async () => {
    const run = (globalThis as unknown as { __zkRun: Run }).__zkRun;
    const out: number[] = [];
    run.play(1);
    let last = performance.now();
    const end = last + 4_000;
    await new Promise<void>((resolve) => {
      const frame = (now: number) => {
        out.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(frame);
        else resolve();
      };
      requestAnimationFrame(frame);
    });
    run.pause();
    return out;
  });
  const after = await counters();
  const reached = Number(await page.getAttribute('[data-testid="virtual-time"]', 'data-t'));
  const messages = Number(await page.getAttribute('[data-testid="ring-messages"]', 'data-count'));
  const znodes = await page.evaluate(
    () => document.querySelector('[data-testid="tree-count"]')?.textContent?.match(/\d+/)?.[0] ?? null,
  );
  await page.close();
  const perFrame = Object.fromEntries(
    Object.entries(COUNTERS).map(([k, name]) => [
      k,
      round((((after.get(name) ?? 0) - (before.get(name) ?? 0)) * 1000) / gaps.length, 2),
    ]),
  );
  return {
    bench: `browser.frame_ms_5x10_2000_znodes${mode === 'live' ? '' : '_computed'}`,
    unit: 'ms',
    p50: round(percentile(gaps, 50)),
    p95: round(percentile(gaps, 95)),
    p99: round(percentile(gaps, 99)),
    frames: gaps.length,
    // Virtual ms played in the 4 s at 1× (4,000 when computing kept up).
    played: reached - FROM_MS,
    messagesDrawn: messages,
    znodes: znodes === null ? null : Number(znodes),
    // The page thread's busy time per frame, ms (Chromium's counters, wall time).
    pageThreadPerFrame: perFrame,
  };
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const r of await benchFrames(process.argv[2])) process.stdout.write(JSON.stringify(r) + '\n');

// Benchmarks in headless Chromium (the page as users get it): the 5-server, 10-client lock scenario
// opened from a link, run to its end with every node in a Web Worker and on the page's thread
// (the worker/in-process ratio), then seek times over the finished run and the wait for a fault
// injected at 5 s (a branch computes the run again up to there). Builds dist/ first.
// The two modes alternate, BENCH_ROUNDS pairs (3 unless set), each pair in the other order than the
// one before, so both see the same load on a shared machine; the ratio is the median of the pairs'.
// Run alone: npx tsx bench/browser.ts

import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { launchChromium } from '../scripts/chromium.ts';
import { serveStatic } from '../scripts/serve-static.ts';
import { linkFit } from '../src/share/fit.ts';
import { benchScenario, percentile } from './conductor.ts';

const round1 = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

type Mode = 'workers' | 'in-process';

/** Where the branch bench injects its faults: 5 virtual s into the run. */
const BRANCH_AT = 5_000;

interface Run {
  play(speed: number): void;
  pause(): void;
  seek(t: number): Promise<void>;
  inject(fault: { action: string; target: string }): Promise<void>;
  subscribe(
    l: (f: { status: string; hash: string | null; from: number; events: unknown[] }) => void,
  ): () => void;
}

/** Opens the link, plays at full speed to the end; wall ms and event count. */
async function runToEnd(page: Page, url: string): Promise<{ ms: number; events: number; hash: string }> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { __zkRun?: unknown }).__zkRun !== undefined, undefined, {
    timeout: 120_000,
  });
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(
    () =>
      new Promise<{ ms: number; events: number; hash: string }>((resolve) => {
        const run = (globalThis as unknown as { __zkRun: Run }).__zkRun;
        run.pause();
        const t0 = performance.now();
        run.subscribe((f) => {
          if (f.status === 'done' && f.hash)
            resolve({ ms: performance.now() - t0, events: f.from + f.events.length, hash: f.hash });
        });
        run.play(Number.POSITIVE_INFINITY);
      }),
  );
}

/**
 * A branch's wait: a fault injected at `at` (a crash, then a restart, ...) rebuilds the run and
 * computes it again up to the cursor (docs/conductor.md "Time travel and branching"); ms until the
 * page can go on, `n` times.
 */
async function branchTimes(page: Page, at: number, n: number): Promise<number[]> {
  return page.evaluate(
    async ({ at, n }) => {
      const run = (globalThis as unknown as { __zkRun: Run }).__zkRun;
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        await run.seek(at);
        const t0 = performance.now();
        await run.inject({ action: i % 2 === 0 ? 'crash' : 'restart', target: 'zk1' });
        out.push(performance.now() - t0);
      }
      return out;
    },
    { at, n },
  );
}

async function seekTimes(page: Page, duration: number, n: number): Promise<number[]> {
  return page.evaluate(
    async ({ duration, n }) => {
      const run = (globalThis as unknown as { __zkRun: Run }).__zkRun;
      const out: number[] = [];
      let x = 12345;
      for (let i = 0; i < n; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const t0 = performance.now();
        await run.seek(x % duration);
        out.push(performance.now() - t0);
      }
      return out;
    },
    { duration, n },
  );
}

export async function benchBrowser(): Promise<Record<string, unknown>[]> {
  // BENCH_DIST names a site built already (to compare builds); otherwise build dist/ now.
  const dist = process.env['BENCH_DIST'] ?? 'dist';
  if (dist === 'dist') execFileSync('npx', ['vite', 'build'], { stdio: 'ignore' });
  const scenario = benchScenario();
  const fit = linkFit({ scenario });
  if (!fit.fits) throw new Error('the bench scenario does not fit in a link');
  const server = await serveStatic({ root: dist });
  const browser = await launchChromium();
  const out: Record<string, unknown>[] = [];
  try {
    const wall: Record<Mode, number[]> = { workers: [], 'in-process': [] };
    const ratios: number[] = [];
    let events = 0;
    const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
    for (let round = 0; round < rounds; round++) {
      const order: Mode[] = round % 2 === 0 ? ['workers', 'in-process'] : ['in-process', 'workers'];
      const ms: Partial<Record<Mode, number>> = {};
      for (const mode of order) {
        const page = await browser.newPage();
        const url = `${server.url}${fit.hash}${mode === 'in-process' ? '&mode=in-process' : ''}`;
        const r = await runToEnd(page, url);
        ms[mode] = r.ms;
        wall[mode].push(r.ms);
        events = r.events;
        if (mode === 'workers' && round === 0) {
          const times = await seekTimes(page, scenario.duration, 100);
          out.push({
            bench: 'browser.seek_5x10.workers',
            unit: 'ms',
            p50: round1(percentile(times, 50), 2),
            p95: round1(percentile(times, 95), 2),
            events: r.events,
          });
        }
        if (round === 0) {
          const times = await branchTimes(page, BRANCH_AT, 4);
          out.push({
            bench: `browser.branch_5x10.${mode}`,
            unit: 'ms',
            at: BRANCH_AT,
            median: Math.round(percentile(times, 50)),
            runs: times.map(Math.round),
          });
        }
        await page.close();
      }
      ratios.push(ms.workers! / ms['in-process']!);
    }
    for (const mode of ['workers', 'in-process'] as const) {
      const median = percentile(wall[mode], 50);
      out.push({
        bench: `browser.run_5x10.${mode}`,
        unit: 'ms',
        median: Math.round(median),
        runs: wall[mode].map(Math.round),
        events,
        eventsPerS: Math.round(events / (median / 1000)),
      });
    }
    out.push({
      bench: 'browser.workers_vs_in_process',
      unit: 'ratio',
      median: round1(percentile(ratios, 50), 2),
      pairs: ratios.map((r) => round1(r, 2)),
    });
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const r of await benchBrowser()) process.stdout.write(JSON.stringify(r) + '\n');

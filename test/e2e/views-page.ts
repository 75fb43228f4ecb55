// Helpers for the views' browser tests: drive the run through the page's RunControl (the page
// exposes it as globalThis.__zkRun), wait for the cursor, save screenshots for CI artifacts.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

export const SHOTS = 'test-results/screenshots';

interface PageRun {
  play(speed: number): void;
  pause(): void;
  seek(t: number): Promise<void>;
}

export async function waitForRun(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as { __zkRun?: unknown }).__zkRun !== undefined);
  await page.waitForSelector('[data-testid="ring-server"]');
}

/** Pauses and moves the cursor to virtual time t; resolves once the page shows it. */
export async function seekTo(page: Page, t: number): Promise<void> {
  await page.evaluate(async (at) => {
    const run = (globalThis as unknown as { __zkRun: PageRun }).__zkRun;
    run.pause();
    await run.seek(at);
  }, t);
  // exactly t: the run plays from the start, so "at least t" may be the moment before the seek
  await page.waitForFunction(
    (at) => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-t')) === at,
    t,
  );
}

export async function waitForTime(page: Page, t: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (at) => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-t')) >= at,
    t,
    { timeout },
  );
}

export async function cursorTime(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid="virtual-time"]', 'data-t'));
}

/** The role each server on the ring shows, by node. */
export async function ringRoles(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-testid="ring-server"]', (gs) =>
    Object.fromEntries(gs.map((g) => [g.getAttribute('data-node') ?? '', g.getAttribute('data-role') ?? ''])),
  );
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** Nothing sticks out sideways: no horizontal scrolling at this size. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

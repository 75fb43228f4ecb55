// Page helpers for the app shell: selectors by data-testid and the waits the tests share.
import type { Page } from 'playwright-core';

export const HASH_RE = /^[0-9a-f]{64}$/;
const RUN_LIMIT_MS = 45_000;

export const byTestId = (id: string) => `[data-testid="${id}"]`;

export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector(`${byTestId('status')}[data-status="idle"]`);
}

export async function status(page: Page): Promise<string> {
  return (await page.getAttribute(byTestId('status'), 'data-status')) ?? '';
}

export async function setSpeed(page: Page, label: string): Promise<void> {
  await page.selectOption(byTestId('speed-select'), { label });
}

/** Waits until the run is done (or failed: then throws with the page's error text). */
export async function waitDone(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid="status"]')?.getAttribute('data-status');
      return s === 'done' || s === 'error';
    },
    undefined,
    { timeout: RUN_LIMIT_MS },
  );
  if ((await status(page)) === 'error') {
    const why = await page.textContent(byTestId('run-error'));
    throw new Error(`the run failed in the page: ${why ?? '(no message)'}`);
  }
}

/** Clicks Run at the given speed and waits for the end of the run; returns the trace hash. */
export async function runToEnd(page: Page, speed = 'max'): Promise<string> {
  await setSpeed(page, speed);
  await page.click(byTestId('run-button'));
  await waitDone(page);
  return traceHash(page);
}

export async function traceHash(page: Page): Promise<string> {
  const hash = ((await page.textContent(byTestId('trace-hash'), { timeout: 5_000 })) ?? '').trim();
  if (!HASH_RE.test(hash)) throw new Error(`trace hash is not 64 hex digits: "${hash}"`);
  return hash;
}

/** Events seen per kind, from the tally beside the log. */
export async function kindCounts(page: Page): Promise<Map<string, number>> {
  const pairs = await page.$$eval(byTestId('kind-count'), (items) =>
    items.map((li) => [li.getAttribute('data-kind') ?? '', Number(li.getAttribute('data-count'))] as const),
  );
  return new Map(pairs);
}

export async function eventCount(page: Page): Promise<number> {
  return Number(await page.getAttribute(byTestId('event-count'), 'data-count'));
}

/** Resolves after the page has painted `n` more animation frames. */
export async function frames(page: Page, n: number): Promise<void> {
  await page.evaluate(async (count) => {
    for (let i = 0; i < count; i++) await new Promise((r) => requestAnimationFrame(() => r(null)));
  }, n);
}

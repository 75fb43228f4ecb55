// Frame times of the page in headless Chromium under load: 5 servers, 10 clients, hundreds of
// messages on the wire and 2,000+ znodes (bench/scenarios/frames-5x10.json, opened from a link,
// nodes in workers). The run is computed up to 6 s, then plays at 1× for 4 s of wall time with the
// znode tree open; the gaps between animation frames give p50/p95/p99 (scripts/check-frames.ts
// holds them to the budget). Expects a built site (dist/ unless named; bench/browser.ts builds
// dist/). Run alone: npx vite build && npx tsx bench/frames.ts [dist]
import { readFileSync } from 'node:fs';
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

/** `dist`: a built site (dist/ by default). */
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
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}${fit.hash}`);
    await page.waitForFunction(() => (globalThis as { __zkRun?: unknown }).__zkRun !== undefined, undefined, {
      timeout: 120_000,
    });
    await page.evaluate('globalThis.__name ??= (f) => f');
    await page.evaluate(async () => {
      const run = (globalThis as unknown as { __zkRun: Run }).__zkRun;
      run.pause();
      await run.seek(6_000);
    });
    await page.click('[data-testid="tab-tree"]');
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
    const reached = Number(await page.getAttribute('[data-testid="virtual-time"]', 'data-t'));
    const messages = Number(await page.getAttribute('[data-testid="ring-messages"]', 'data-count'));
    const znodes = await page.evaluate(
      () => document.querySelector('[data-testid="tree-count"]')?.textContent?.match(/\d+/)?.[0] ?? null,
    );
    await page.close();
    return [
      {
        bench: 'browser.frame_ms_5x10_2000_znodes',
        unit: 'ms',
        p50: round(percentile(gaps, 50)),
        p95: round(percentile(gaps, 95)),
        p99: round(percentile(gaps, 99)),
        frames: gaps.length,
        // Virtual ms played in the 4 s at 1× (4,000 when computing kept up).
        played: reached - 6_000,
        messagesDrawn: messages,
        znodes: znodes === null ? null : Number(znodes),
      },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const r of await benchFrames(process.argv[2])) process.stdout.write(JSON.stringify(r) + '\n');

// Saves a PNG of the built site in headless Chromium:
//   tsx scripts/screenshot.ts out.png [WIDTHxHEIGHT] [#hash] [--run] [--full] [--dist=DIR]
// Builds dist/ first when it is missing or older than the sources (unless --dist=DIR names a
// built site to use as it is). --run clicks Run at "max" speed and waits for the trace hash
// before the picture; --full captures the whole page.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './chromium.ts';
import { serveStatic } from './serve-static.ts';

const SOURCES = ['index.html', 'src', 'public', 'examples', 'workers', 'vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function ensureBuilt(): void {
  const built = join('dist', 'index.html');
  const stale = !existsSync(built) || Math.max(...SOURCES.map(newestMtime)) > statSync(built).mtimeMs;
  if (!stale) return;
  console.log('building dist/ …');
  const r = spawnSync(join('node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('vite build failed');
}

function parseArgs(argv: string[]) {
  const positional = argv.filter((a) => !a.startsWith('--'));
  const [out, size, hash] = positional;
  if (out === undefined || !out.endsWith('.png')) {
    throw new Error(
      'usage: tsx scripts/screenshot.ts out.png [WIDTHxHEIGHT] [#hash] [--run] [--full] [--dist=DIR]',
    );
  }
  const m = /^(\d+)x(\d+)$/.exec(size ?? '1280x800');
  if (m === null) throw new Error(`size must look like 1280x800, not "${size}"`);
  const h = hash === undefined ? '' : hash.startsWith('#') ? hash : `#${hash}`;
  return {
    out,
    viewport: { width: Number(m[1]), height: Number(m[2]) },
    hash: h,
    run: argv.includes('--run'),
    full: argv.includes('--full'),
    dist: argv.find((a) => a.startsWith('--dist='))?.slice('--dist='.length),
  };
}

const args = parseArgs(process.argv.slice(2));
if (args.dist === undefined) ensureBuilt();
const server = await serveStatic({ root: args.dist ?? 'dist' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: args.viewport });
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[page console.error] ${m.text()}`);
  });
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.goto(server.url + args.hash, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="status"]', { timeout: 20_000 });
  if (args.run) {
    await page.selectOption('[data-testid="speed-select"]', { label: 'max' });
    await page.click('[data-testid="run-button"]');
    await page.waitForSelector('[data-testid="trace-hash"], [data-testid="run-error"]', { timeout: 60_000 });
  }
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: args.out, fullPage: args.full });
  console.log(`saved ${args.out} (${args.viewport.width}x${args.viewport.height})`);
} finally {
  await browser.close();
  await server.close();
}

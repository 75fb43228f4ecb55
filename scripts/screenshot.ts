// Saves a PNG of the built site in headless Chromium:
//   tsx scripts/screenshot.ts out.png [WIDTHxHEIGHT] [#hash] [--at=MS] [--tab=NAME] [--dark] [--full] [--dist=DIR]
// Builds dist/ first when it is missing or older than the sources (unless --dist=DIR names a
// built site to use as it is). The page plays its scenario at once; --at=MS pauses it and moves
// the cursor to that virtual time before the picture (through the page's RunControl); --tab picks
// the right-hand view (clients, tree, spacetime); --dark the dark theme; --full the whole page.
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
      'usage: tsx scripts/screenshot.ts out.png [WIDTHxHEIGHT] [#hash] [--at=MS] [--tab=NAME] [--dark] [--full] [--dist=DIR]',
    );
  }
  const m = /^(\d+)x(\d+)$/.exec(size ?? '1280x800');
  if (m === null) throw new Error(`size must look like 1280x800, not "${size}"`);
  const h = hash === undefined ? '' : hash.startsWith('#') ? hash : `#${hash}`;
  return {
    out,
    viewport: { width: Number(m[1]), height: Number(m[2]) },
    hash: h,
    at: argv.find((a) => a.startsWith('--at='))?.slice('--at='.length),
    tab: argv.find((a) => a.startsWith('--tab='))?.slice('--tab='.length),
    dark: argv.includes('--dark'),
    full: argv.includes('--full'),
    dist: argv.find((a) => a.startsWith('--dist='))?.slice('--dist='.length),
  };
}

const args = parseArgs(process.argv.slice(2));
if (args.dist === undefined) ensureBuilt();
const server = await serveStatic({ root: args.dist ?? 'dist' });
const browser = await launchChromium();
try {
  // English unless the hash says `&lang=zh`: the page would otherwise follow this machine's locale.
  const page = await browser.newPage({
    viewport: args.viewport,
    colorScheme: args.dark ? 'dark' : 'light',
    locale: 'en-US',
  });
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[page console.error] ${m.text()}`);
  });
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.goto(server.url + args.hash, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="status"], [data-testid="run-error"]', { timeout: 30_000 });
  if (args.at !== undefined) {
    const at = Number(args.at);
    await page.evaluate(async (t) => {
      const run = (globalThis as { __zkRun?: { pause(): void; seek(t: number): Promise<void> } }).__zkRun;
      run?.pause();
      await run?.seek(t);
    }, at);
    await page.waitForFunction(
      (t) => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-t')) >= t,
      at,
      { timeout: 60_000 },
    );
  }
  if (args.tab !== undefined) await page.click(`[data-testid="tab-${args.tab}"]`);
  await page.waitForTimeout(300);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: args.out, fullPage: args.full });
  console.log(`saved ${args.out} (${args.viewport.width}x${args.viewport.height})`);
} finally {
  await browser.close();
  await server.close();
}

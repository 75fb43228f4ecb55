// Runs the browser tests (test/e2e/*.e2e.ts) against a built site in headless Chromium.
// Each test gets its own browser context and a page opened at the served URL; a test fails on
// a thrown error, its time limit, or any console error, page error, failed request or HTTP >= 400.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { E2ETest } from '../test/e2e/harness.ts';
import { launchChromium } from './chromium.ts';
import { printResult, type TestResult } from './results.ts';
import { normalizeBase, type StaticServer, serveStatic } from './serve-static.ts';

export const E2E_DIR = resolve('test/e2e');
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_JOBS = 2;

interface LoadedTest {
  file: string;
  test: E2ETest;
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** Imports every test file; a file that fails to load becomes one failed result. */
export async function loadTests(filter?: string): Promise<{ tests: LoadedTest[]; broken: TestResult[] }> {
  const files = (await readdir(E2E_DIR)).filter((f) => f.endsWith('.e2e.ts')).sort();
  const tests: LoadedTest[] = [];
  const broken: TestResult[] = [];
  for (const file of files) {
    try {
      const mod = (await import(pathToFileURL(join(E2E_DIR, file)).href)) as { tests?: unknown };
      if (!Array.isArray(mod.tests)) throw new Error('does not export `tests: E2ETest[]`');
      for (const test of mod.tests as E2ETest[]) {
        if (filter === undefined || `${file} ${test.name}`.includes(filter)) tests.push({ file, test });
      }
    } catch (err) {
      broken.push({ name: `${file}: load`, ok: false, ms: 0, output: errorText(err) });
    }
  }
  return { tests, broken };
}

/** Collects what the page reports; `problems` are the things that fail a test. */
function watchPage(page: Page): { problems: string[]; log: string[] } {
  const problems: string[] = [];
  const log: string[] = [];
  page.on('console', (msg) => {
    const loc = msg.location();
    const line = `[console.${msg.type()}] ${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`;
    log.push(line);
    if (msg.type() === 'error') problems.push(line);
  });
  page.on('pageerror', (err) => problems.push(`[pageerror] ${err.stack ?? err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`[http ${res.status()}] ${res.request().method()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText ?? 'failed';
    if (reason !== 'net::ERR_ABORTED') problems.push(`[requestfailed] ${req.url()}: ${reason}`);
  });
  return { problems, log };
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  work.catch(() => {}); // it may settle after the timeout; don't let that be unhandled
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runOne(browser: Browser, url: string, { file, test }: LoadedTest): Promise<TestResult> {
  const name = `${file} › ${test.name}`;
  const started = performance.now();
  // English whatever the machine's locale: the page follows the browser's language (src/app/i18n),
  // and the tests read its English text.
  // The page's service worker precaches the whole build (5.8 MB) in each fresh context, beside the
  // run's boot: about 3 s of a test on 2 cores (lessons: 215 -> 184 s). Only tests of offline
  // hosting let it register (E2ETest.serviceWorkers).
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    serviceWorkers: test.serviceWorkers ? 'allow' : 'block',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const { problems, log } = watchPage(page);
  let failure: string | null = null;
  try {
    const work = (async () => {
      if (!test.blank) await page.goto(url, { waitUntil: 'load' });
      await test.run({ page, url });
    })();
    await withTimeout(work, test.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'test');
  } catch (err) {
    failure = errorText(err);
  } finally {
    await context.close().catch(() => {});
  }
  const output: string[] = [];
  if (failure !== null) output.push(failure);
  // Problems a test provokes on purpose (E2ETest.expectedProblems) do not fail it.
  const unexpected = problems.filter((p) => !(test.expectedProblems ?? []).some((re) => re.test(p)));
  if (unexpected.length > 0) output.push('page problems:', ...unexpected);
  if (failure !== null && log.length > 0) output.push('console:', ...log.slice(-50));
  const ok = failure === null && unexpected.length === 0;
  return { name, ok, ms: performance.now() - started, output: output.join('\n') };
}

export interface E2EOptions {
  /** The built site. */
  distDir: string;
  /** Only tests whose "file name" contains this. */
  filter?: string;
  /** Print each result as it finishes, with this prefix. */
  prefix?: string;
}

export async function runE2E(opts: E2EOptions): Promise<TestResult[]> {
  const { tests, broken } = await loadTests(opts.filter);
  const results: TestResult[] = [...broken];
  for (const r of broken) printResult(r, opts.prefix);
  if (tests.length === 0) return results;

  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    const why = `Chromium did not start: ${errorText(err)}`;
    for (const { file, test } of tests) {
      const r = { name: `${file} › ${test.name}`, ok: false, ms: 0, output: why };
      printResult(r, opts.prefix);
      results.push(r);
    }
    return results;
  }
  const servers = new Map<string, StaticServer>();
  try {
    for (const t of tests) {
      const mount = normalizeBase(t.test.mount ?? '/');
      if (!servers.has(mount)) servers.set(mount, await serveStatic({ root: opts.distDir, base: mount }));
    }
    // Tests run E2E_JOBS at a time (default 2), each in its own browser context: much of a test is
    // waiting on the page, so two keep 2 cores busy; results print as they finish.
    const jobs = Math.max(1, Number(process.env.E2E_JOBS ?? DEFAULT_JOBS) || DEFAULT_JOBS);
    let next = 0;
    const lane = async () => {
      while (next < tests.length) {
        const t = tests[next++]!;
        const server = servers.get(normalizeBase(t.test.mount ?? '/'))!;
        const r = await runOne(browser, server.url, t);
        printResult(r, opts.prefix);
        results.push(r);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, tests.length) }, lane));
  } finally {
    await browser.close().catch(() => {});
    for (const s of servers.values()) await s.close();
  }
  return results;
}

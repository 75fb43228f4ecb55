// The contract between browser test files (test/e2e/*.e2e.ts) and their runner
// (scripts/e2e-runner.ts). A test file exports `tests: E2ETest[]`; each test gets a fresh page
// already opened at the served site (or blank, for a test that opens its own address first). The
// runner fails a test on any console error, uncaught page error, failed request or HTTP response
// with status >= 400, whatever the test itself checks.
import type { Page } from 'playwright-core';

export interface E2EContext {
  /** A fresh page (own browser context), already loaded at `url` (about:blank for `blank` tests). */
  page: Page;
  /** The URL of the served site, ending in '/'. */
  url: string;
}

export interface E2ETest {
  name: string;
  /** Serve the built site under this path prefix instead of '/', e.g. '/nested/app/'. */
  mount?: string;
  /**
   * The page starts at about:blank instead of the site: the test's first step opens an address of
   * its own (a lesson, an example). Opening the site first would boot the welcome run only to
   * throw it away (2-3 s of a test on 2 cores).
   */
  blank?: boolean;
  /**
   * Let the page register its service worker (offline mode, build/offline-plugin.ts). Other tests
   * block it: precaching the whole build in each fresh context slows every test for no check.
   */
  serviceWorkers?: boolean;
  /** Whole-test time limit in ms (default 60 000). */
  timeoutMs?: number;
  /**
   * Page problems the test provokes on purpose and must not fail it (a request to a bridge that is
   * not there: the browser logs the failed request). Only these; any other problem still fails.
   */
  expectedProblems?: RegExp[];
  run(ctx: E2EContext): Promise<void>;
}

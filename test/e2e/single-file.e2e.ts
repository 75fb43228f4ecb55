// The single-file build (npm run build:single) opens from file:// with nothing beside it: the
// welcome run plays, on the page's thread, and gives the CLI's trace hash.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { E2ETest } from './harness.ts';
import { act, loadScenario, nodeRun } from './run-driver.ts';

export const tests: E2ETest[] = [
  {
    name: 'the single-file build runs from file:// alone and hashes as the CLI',
    timeoutMs: 180_000,
    async run({ page }) {
      execFileSync('npx', ['vite', 'build', '--config', 'vite.singlefile.config.ts', '--logLevel', 'error'], {
        stdio: 'pipe',
      });
      const dir = mkdtempSync(join(tmpdir(), 'zk-single-'));
      copyFileSync('dist-single/index.html', join(dir, 'index.html'));
      await page.goto(`${pathToFileURL(join(dir, 'index.html')).href}#example=recipes/lock`);
      await page.waitForFunction(
        () => (globalThis as { __zkRun?: unknown }).__zkRun !== undefined,
        undefined,
        {
          timeout: 60_000,
        },
      );
      await act(page, { op: 'reset' });
      const end = await act(page, { op: 'play', speed: 'max', until: 'done' });
      const expected = await nodeRun(loadScenario('examples/recipes/lock.json'), 'lock');
      assert.equal(end.hash, expected.hash);
      assert.equal(page.workers().length, 0, 'no workers from file://: everything on the page thread');
    },
  },
];

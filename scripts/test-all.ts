// `npm test`: every check and test of the project, in order, counted one by one.
//   biome check · svelte-check (one test each) · vitest (one per case) ·
//   vite build (one test) · the bundle budget (one test) · browser tests in headless Chromium (one per test) ·
//   the frames budget (one test: scripts/check-frames.ts, alone after the browser tests) ·
//   the conformance suite: each scenario through the simulator and real ZooKeeper servers, diffed
//   (one per scenario; skipped with a notice where ZooKeeper is not installed) ·
//   the seed sweep: SWEEP_SEEDS random-fault runs of an ensemble, each checked (one test).
// Ends with the line `N passed, N failed`; exits non-zero if anything failed.
//
// Flags: --only a,b   run only these stages (biome, svelte-check, vitest, conformance, e2e, sweep; e2e builds first)
//        --filter s   only browser tests whose "file name" contains s
//        --dist dir   run the browser tests against this built site instead of building
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runConformance } from '../test/conformance/suite.ts';
import { runCommand } from './command.ts';
import { runE2E } from './e2e-runner.ts';
import { printResult, summary, type TestResult } from './results.ts';
import { runVitest } from './vitest-stage.ts';

const STAGES = ['biome', 'svelte-check', 'vitest', 'conformance', 'e2e', 'sweep'] as const;
/** Sized so that the whole of npm test stays under 10 minutes on CI's 2 cores (about a minute of sweep, ≈ 70 seeds/s with 2 jobs); SWEEP_SEEDS overrides. */
const SWEEP_SEEDS = process.env.SWEEP_SEEDS ?? '5000';
type Stage = (typeof STAGES)[number];
const MINUTE = 60_000;

const { values } = parseArgs({
  options: { only: { type: 'string' }, filter: { type: 'string' }, dist: { type: 'string' } },
  strict: true,
});
const only = values.only?.split(',').map((s) => s.trim());
for (const s of only ?? []) {
  if (!(STAGES as readonly string[]).includes(s)) {
    console.error(`unknown stage "${s}"; stages: ${STAGES.join(', ')}`);
    process.exit(2);
  }
}
const wanted = (s: Stage) => only === undefined || only.includes(s);

const all: TestResult[] = [];
const began = performance.now();

function heading(title: string): void {
  console.log(`\n== ${title} ==`);
}

function stageDone(title: string, results: TestResult[], ms: number): void {
  const { passed, failed } = summary(results);
  console.log(`-- ${title}: ${passed} passed, ${failed} failed (${(ms / 1000).toFixed(1)} s)`);
  all.push(...results);
}

/** A whole command that counts as one test. */
async function commandTest(name: string, cmd: string, args: string[], timeoutMs: number): Promise<boolean> {
  heading(name);
  const run = await runCommand(cmd, args, timeoutMs);
  const r: TestResult = { name, ok: run.code === 0, ms: run.ms, output: run.output };
  printResult(r);
  all.push(r);
  return r.ok;
}

/** Runs a stage; if it throws, the crash counts as one failed test. */
async function guarded(title: string, body: () => Promise<TestResult[]>): Promise<void> {
  heading(title);
  const started = performance.now();
  let results: TestResult[];
  try {
    results = await body();
  } catch (err) {
    const output = err instanceof Error ? (err.stack ?? err.message) : String(err);
    results = [{ name: `${title} (crashed)`, ok: false, ms: performance.now() - started, output }];
    printResult(results[0]!);
  }
  stageDone(title, results, performance.now() - started);
}

const bin = (name: string) => join('node_modules', '.bin', name);
const tmp = await mkdtemp(join(tmpdir(), 'zk-playground-test-'));
try {
  if (wanted('biome')) await commandTest('biome check .', bin('biome'), ['check', '.'], 5 * MINUTE);
  // svelte-check with --tsconfig type-checks every file tsconfig.json includes (.ts as well as
  // .svelte: src, workers, test, bench, scripts), so a separate `tsc --noEmit` would check the
  // same files twice (`npm run check` still runs both).
  if (wanted('svelte-check')) {
    const args = ['--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human'];
    await commandTest('svelte-check', bin('svelte-check'), args, 10 * MINUTE);
  }
  if (wanted('vitest')) {
    await guarded('vitest', async () => {
      const results = await runVitest(tmp, 30 * MINUTE);
      for (const r of results) if (!r.ok) printResult(r, '  ');
      return results;
    });
  }
  if (wanted('conformance')) {
    await guarded('conformance: the simulator against real ZooKeeper', async () => {
      const outcome = await runConformance({ report: (r) => printResult(r, '  ') });
      if (outcome.skipped !== null) {
        // Visible, not silent: the stage counts nothing, and says why.
        console.log(
          `  SKIPPED: ${outcome.skipped} — the conformance suite did not run (docs/conformance.md)`,
        );
        return [];
      }
      console.log(
        `  servers started in ${outcome.startSeconds.toFixed(1)} s; not run live: ${outcome.notRun.join(', ')}`,
      );
      for (const r of outcome.results) {
        if (!r.retried) continue;
        const first = r.retried.split('\n').slice(0, 4).join('\n      ');
        console.log(`  (${r.name}: passed on its second run; the first showed ${first})`);
      }
      return outcome.results.map(({ name, ok, ms, output }) => ({
        name: `conformance › ${name}`,
        ok,
        ms,
        output,
      }));
    });
  }
  if (wanted('e2e')) {
    // Built into a private directory so that concurrent runs (and `vite dev`) don't collide.
    let distDir = values.dist;
    if (distDir === undefined) {
      distDir = join(tmp, 'dist');
      const args = ['build', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn'];
      if (!(await commandTest('vite build', bin('vite'), args, 10 * MINUTE))) distDir = undefined;
    }
    if (distDir !== undefined) {
      const budget = ['scripts/check-bundle.ts', distDir];
      await commandTest('bundle budget: entry JS ≤ 250 KiB gzip', bin('tsx'), budget, 2 * MINUTE);
    }
    if (distDir !== undefined) {
      const options = { distDir, prefix: '  ', ...(values.filter ? { filter: values.filter } : {}) };
      await guarded('browser tests', () => runE2E(options));
      // Alone, after the browser tests (frame times mean nothing beside other pages), and only for
      // a whole run: a filtered one asked for some tests.
      if (values.filter === undefined) {
        const frames = ['scripts/check-frames.ts', distDir];
        await commandTest('frames budget: p95 ≤ 16.7 ms, p99 ≤ 33.3 ms', bin('tsx'), frames, 3 * MINUTE);
      }
    } else {
      console.log('  (browser tests not run: the build failed)');
    }
  }
  if (wanted('sweep')) {
    const args = [
      'src/cli/sweep.ts',
      '--seeds',
      `1-${SWEEP_SEEDS}`,
      '--jobs',
      '2',
      '--out',
      join(tmp, 'sweep-failures'),
    ];
    await commandTest(`sweep of ${SWEEP_SEEDS} seeds with random faults`, bin('tsx'), args, 15 * MINUTE);
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}

const { passed, failed } = summary(all);
console.log(`\nall stages: ${((performance.now() - began) / 1000).toFixed(1)} s`);
if (failed > 0) {
  console.log('\nFailed:');
  for (const r of all) if (!r.ok) console.log(`  ${r.name}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

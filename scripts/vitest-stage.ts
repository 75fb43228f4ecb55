// Runs vitest once and turns its JSON report into one result per test case. A test file that
// could not run (import error, crash) counts as one failed result; so does a run that failed
// without any failed case (unhandled error, no report).
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runCommand } from './command.ts';
import type { TestResult } from './results.ts';

interface Assertion {
  ancestorTitles: string[];
  title: string;
  status: string;
  duration?: number | null;
  failureMessages: string[];
}

interface FileResult {
  name: string;
  status: string;
  message: string;
  assertionResults: Assertion[];
}

interface Report {
  success: boolean;
  testResults: FileResult[];
}

/** Drops stack frames inside node_modules: they only bury the assertion. */
function cleanFailure(text: string): string {
  return text
    .split('\n')
    .filter((l) => !(l.trimStart().startsWith('at ') && l.includes('node_modules')))
    .join('\n');
}

export function resultsFromReport(report: Report): { results: TestResult[]; skipped: number } {
  const results: TestResult[] = [];
  let skipped = 0;
  for (const file of report.testResults) {
    const rel = relative(process.cwd(), file.name);
    let failedCases = 0;
    for (const a of file.assertionResults) {
      const name = [rel, ...a.ancestorTitles, a.title].join(' › ');
      const ms = a.duration ?? 0;
      if (a.status === 'passed') results.push({ name, ok: true, ms, output: '' });
      else if (a.status === 'failed') {
        failedCases++;
        results.push({ name, ok: false, ms, output: cleanFailure(a.failureMessages.join('\n')) });
      } else skipped++;
    }
    if (file.status === 'failed' && failedCases === 0) {
      results.push({ name: `${rel} (file)`, ok: false, ms: 0, output: file.message || 'test file failed' });
    }
  }
  return { results, skipped };
}

export async function runVitest(tmpDir: string, timeoutMs: number): Promise<TestResult[]> {
  const reportPath = join(tmpDir, 'vitest-report.json');
  const run = await runCommand(
    'node_modules/.bin/vitest',
    ['run', '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`],
    timeoutMs,
  );
  let report: Report | null = null;
  try {
    report = JSON.parse(await readFile(reportPath, 'utf8')) as Report;
  } catch {
    report = null;
  }
  if (report === null) {
    return [{ name: 'vitest (no report)', ok: false, ms: run.ms, output: run.output }];
  }
  const { results, skipped } = resultsFromReport(report);
  if (skipped > 0) console.log(`  (vitest: ${skipped} skipped or todo, not counted)`);
  const anyFailed = results.some((r) => !r.ok);
  if (run.code !== 0 && !anyFailed) {
    results.push({ name: `vitest (exit code ${run.code})`, ok: false, ms: run.ms, output: run.output });
  } else if (anyFailed) {
    // The per-case messages are printed with each failure; the full log helps with the rest.
    const failures = results.filter((r) => !r.ok);
    const last = failures[failures.length - 1]!;
    last.output += `\n--- vitest output ---\n${run.output}`;
  }
  return results;
}

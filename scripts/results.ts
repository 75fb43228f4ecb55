// One counted check or test, and how the test scripts print it.
export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  /** What to show when it failed (command output, error, page problems). */
  output: string;
}

const MAX_LINES = 400;

function tail(text: string): string {
  const lines = text.trimEnd().split('\n');
  if (lines.length <= MAX_LINES) return lines.join('\n');
  return [`… (${lines.length - MAX_LINES} earlier lines cut)`, ...lines.slice(-MAX_LINES)].join('\n');
}

export function indent(text: string, prefix = '    '): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

export function printResult(r: TestResult, prefix = ''): void {
  const secs = (r.ms / 1000).toFixed(1);
  console.log(`${prefix}${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${secs}s)`);
  if (!r.ok && r.output.trim() !== '') console.log(indent(tail(r.output), `${prefix}    `));
}

export function summary(results: TestResult[]): { passed: number; failed: number } {
  const failed = results.filter((r) => !r.ok).length;
  return { passed: results.length - failed, failed };
}

// Files the page hands to the user: the scenario document (.json) and the trace (.jsonl, the
// canonical lines whose SHA-256 is the run's hash, docs/trace.md).
import type { Scenario } from '../../sim/scenario-types.ts';
import { canonicalLine } from '../../sim/trace/canonical.ts';
import type { TraceEvent } from '../../sim/trace/event.ts';

export function scenarioFile(scenario: Scenario): Blob {
  return new Blob([`${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' });
}

export function traceFile(events: readonly TraceEvent[]): Blob {
  return new Blob(
    events.map((e) => `${canonicalLine(e)}\n`),
    { type: 'application/x-ndjson' },
  );
}

/** A file name from the scenario's name: letters, digits and dashes. */
export function fileStem(scenario: Scenario): string {
  const stem = (scenario.name ?? 'scenario')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${stem || 'scenario'}-seed${scenario.seed}`;
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

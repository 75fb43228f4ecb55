// npm run diff -- run-a.jsonl run-b.jsonl: every difference between two traces of one scenario
// (say a simulated run and a live one), client by client, after normalisation
// (src/cli/trace-diff.ts). Exit 0: no difference; 1: differences listed; 2: bad input.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { terminalSafe } from '../src/cli/text.ts';
import { diffNormalised, formatDifferences, normalise, parseTrace } from '../src/cli/trace-diff.ts';

const USAGE = 'usage: npm run diff -- <a.jsonl> <b.jsonl>';
const files = process.argv.slice(2);
if (files.length !== 2 || files.some((f) => f.startsWith('--'))) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const [fa, fb] = files as [string, string];
let traces: ReturnType<typeof parseTrace>[];
try {
  traces = [fa, fb].map((f) => parseTrace(readFileSync(f, 'utf8'), f));
} catch (e) {
  process.stderr.write(`error: ${terminalSafe((e as Error).message)}\n${USAGE}\n`);
  process.exit(2);
}
const names: [string, string] = [basename(fa), basename(fb)];
const a = normalise(traces[0]!);
const b = normalise(traces[1]!);
const diffs = diffNormalised(a, b);
for (const l of formatDifferences(diffs, names)) process.stdout.write(`${terminalSafe(l)}\n`);
const count = (m: Map<string, unknown[]>) => [...m.values()].reduce((n, l) => n + l.length, 0);
process.stdout.write(
  `${diffs.length} difference(s) over ${count(a)} / ${count(b)} client events of ${new Set([...a.keys(), ...b.keys()]).size} client(s)\n`,
);
process.exit(diffs.length === 0 ? 0 : 1);

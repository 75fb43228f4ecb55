// npx tsx scripts/checker-table.ts [--seeds A-B] [--jobs K] [--write]
// Sweeps seeds A-B (default 1-1000) once per deliberate protocol bug (src/sim/server/quorum/bugs.ts)
// and prints the "how many seeds a bug takes" table of docs/checker.md; with --write it replaces the
// table between the markers in docs/checker.md. test/unit/check-table.test.ts checks that the
// committed table is in this format and that each bug's first failing seed is what it says.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DEFAULT_SWEEP_OPTIONS, runSeed, type SweepOptions } from '../src/sim/check/sweep.ts';
import { PROTOCOL_BUG_NAMES, type ProtocolBug } from '../src/sim/server/quorum/bugs.ts';

/** The sweep options each bug is measured with: observers only matter to the observer bug. */
export function bugOptions(bug: ProtocolBug): SweepOptions {
  return { ...DEFAULT_SWEEP_OPTIONS, bugs: [bug], observers: bug === 'observer-acks-count' ? 1 : 'random' };
}

export interface BugRow {
  bug: ProtocolBug;
  /** Seeds with at least one violation. */
  failing: number;
  /** The first failing seed, or null. */
  first: number | null;
  /** Per invariant: seeds it fired on, and the first of them; most seeds first. */
  by: { invariant: string; seeds: number; first: number }[];
}

export interface Table {
  from: number;
  to: number;
  rows: BugRow[];
}

export const BEGIN = '<!-- checker-table:begin';
export const END = '<!-- checker-table:end -->';

/** The invariants each seed violated → one row. */
export function rowOf(bug: ProtocolBug, perSeed: ReadonlyMap<number, readonly string[]>): BugRow {
  const seeds = [...perSeed.keys()].sort((a, b) => a - b);
  const by = new Map<string, { seeds: number; first: number }>();
  let failing = 0;
  let first: number | null = null;
  for (const seed of seeds) {
    const invs = new Set(perSeed.get(seed));
    if (invs.size === 0) continue;
    failing++;
    first ??= seed;
    for (const inv of invs) {
      const b = by.get(inv);
      if (b) b.seeds++;
      else by.set(inv, { seeds: 1, first: seed });
    }
  }
  return {
    bug,
    failing,
    first,
    by: [...by]
      .map(([invariant, b]) => ({ invariant, ...b }))
      .sort((x, y) => y.seeds - x.seeds || x.first - y.first || (x.invariant < y.invariant ? -1 : 1)),
  };
}

/** The markdown block, markers included. */
export function renderTable(t: Table): string {
  const lines = [
    `${BEGIN} seeds ${t.from}-${t.to}; regenerate: npx tsx scripts/checker-table.ts --seeds ${t.from}-${t.to} --write -->`,
    `Seeds ${t.from}–${t.to}, default options (\`--observers 1\` for \`observer-acks-count\`):`,
    '',
    '| bug | failing seeds | first | caught by: seeds (first seed) |',
    '|---|---|---|---|',
  ];
  for (const r of t.rows) {
    const by = r.by.map((b) => `\`${b.invariant}\` ${b.seeds} (${b.first})`).join(', ') || '—';
    lines.push(`| \`${r.bug}\` | ${r.failing} | ${r.first ?? '—'} | ${by} |`);
  }
  lines.push(END);
  return lines.join('\n');
}

/** Reads a rendered block back (null if it is not in renderTable's format). */
export function parseTable(block: string): Table | null {
  const head = /^<!-- checker-table:begin seeds (\d+)-(\d+);/.exec(block);
  if (!head) return null;
  const rows: BugRow[] = [];
  for (const line of block.split('\n')) {
    const m = /^\| `([a-z-]+)` \| (\d+) \| (\d+|—) \| (.*) \|$/.exec(line);
    if (!m) continue;
    const by =
      m[4] === '—'
        ? []
        : m[4]!.split(', ').map((part) => {
            const b = /^`([a-z-]+)` (\d+) \((\d+)\)$/.exec(part);
            return b ? { invariant: b[1]!, seeds: Number(b[2]), first: Number(b[3]) } : null;
          });
    const bug = PROTOCOL_BUG_NAMES.find((name) => name === m[1]);
    if (by.some((b) => b === null) || bug === undefined) return null;
    rows.push({
      bug,
      failing: Number(m[2]),
      first: m[3] === '—' ? null : Number(m[3]),
      by: by as BugRow['by'],
    });
  }
  const t = { from: Number(head[1]), to: Number(head[2]), rows };
  return renderTable(t) === block ? t : null;
}

/** The block between (and including) the markers in a document, or null. */
export function tableBlock(doc: string): string | null {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  return a < 0 || b < a ? null : doc.slice(a, b + END.length);
}

// ── running the sweeps ────────────────────────────────────────────────────────

interface Job {
  bug: ProtocolBug;
  seed: number;
}
interface Done extends Job {
  invariants: string[];
}

async function violatedBy(job: Job): Promise<string[]> {
  try {
    return (await runSeed(job.seed, bugOptions(job.bug))).violations.map((v) => v.invariant);
  } catch {
    return ['run-error'];
  }
}

async function measure(from: number, to: number, jobs: number): Promise<Table> {
  const queue: Job[] = [];
  for (const bug of PROTOCOL_BUG_NAMES) for (let seed = from; seed <= to; seed++) queue.push({ bug, seed });
  const results = new Map<string, Map<number, string[]>>(PROTOCOL_BUG_NAMES.map((b) => [b, new Map()]));
  const record = (d: Done) => results.get(d.bug)!.set(d.seed, d.invariants);
  let done = 0;
  const progress = () => {
    if (process.stderr.isTTY) process.stderr.write(`\r${++done}/${queue.length}`);
  };
  if (jobs <= 1) {
    for (const job of queue) {
      record({ ...job, invariants: await violatedBy(job) });
      progress();
    }
  } else {
    let next = 0;
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const feed = (w: Worker) => {
        if (next >= queue.length) {
          void w.terminate();
          if (--running === 0) resolve();
          return;
        }
        w.postMessage(queue[next++]);
      };
      for (let i = 0; i < Math.min(jobs, queue.length); i++) {
        const w = newWorker();
        running++;
        w.on('message', (d: Done) => {
          record(d);
          progress();
          feed(w);
        });
        w.on('error', reject);
        feed(w);
      }
    });
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  return { from, to, rows: PROTOCOL_BUG_NAMES.map((bug) => rowOf(bug, results.get(bug)!)) };
}

/** A worker running this file under tsx (as src/cli/sweep.ts does). */
function newWorker(): Worker {
  const self = import.meta.url;
  const boot = `(async () => { const { register } = await import('tsx/esm/api'); register(); await import(${JSON.stringify(self)}); })().catch((e) => { console.error(e); process.exit(2); });`;
  return new Worker(boot, { eval: true, workerData: { worker: true }, execArgv: [] });
}

async function main(argv: string[]): Promise<void> {
  let from = 1;
  let to = 1000;
  let jobs = Math.min(8, availableParallelism());
  let write = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--write') write = true;
    else if (a === '--seeds') {
      const m = /^(\d+)-(\d+)$/.exec(argv[++i] ?? '');
      if (!m || Number(m[1]) > Number(m[2])) throw new Error('--seeds A-B');
      from = Number(m[1]);
      to = Number(m[2]);
    } else if (a === '--jobs') jobs = Math.max(1, Number(argv[++i]));
    else
      throw new Error(
        `usage: npx tsx scripts/checker-table.ts [--seeds A-B] [--jobs K] [--write] (got ${a})`,
      );
  }
  const t0 = performance.now();
  const block = renderTable(await measure(from, to, jobs));
  process.stdout.write(`${block}\n`);
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  if (!write) return;
  const file = join(import.meta.dirname, '../docs/checker.md');
  const doc = readFileSync(file, 'utf8');
  const old = tableBlock(doc);
  if (old === null) throw new Error(`docs/checker.md has no ${BEGIN} … ${END} markers`);
  writeFileSync(file, doc.replace(old, block));
  process.stderr.write('docs/checker.md updated\n');
}

if (!isMainThread && (workerData as { worker?: boolean } | null)?.worker) {
  parentPort!.on('message', async (job: Job) =>
    parentPort!.postMessage({ ...job, invariants: await violatedBy(job) }),
  );
} else if (isMainThread && process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  });
}

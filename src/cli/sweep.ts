// npm run sweep -- --seeds 1-1000 [--scenario file] [--faults random|none] [--servers 3|5|7]
//   [--observers N|random] [--bugs name,...] [--jobs K] [--out DIR] [--verbose]
// Runs one generated (or given) scenario with a random fault schedule per seed, checks each run with
// the offline checker and prints the failing seeds with the command that replays them. Results do
// not depend on --jobs: each seed is a pure function of (seed, options), printed in seed order.
// Exit codes: 0 no violation, 1 some violation, 2 bad input.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { nodeRecipeModules } from '../lua/recipes/load-node.ts';
import { nodeWasmSource } from '../lua/wasm-node.ts';
import { formatScenarioErrors, suggest, validateScenario } from '../scenario/validate.ts';
import {
  DEFAULT_SWEEP_OPTIONS,
  runSeed,
  type SeedResult,
  type SweepOptions,
  sweepScenario,
} from '../sim/check/sweep.ts';
import { PROTOCOL_BUG_NAMES, type ProtocolBug } from '../sim/server/quorum/bugs.ts';
import { readScenarioFile, safeLines, scenarioErrorLines, terminalSafe } from './text.ts';

const USAGE =
  'usage: npm run sweep -- --seeds A-B|N|A,B,... [--scenario file] [--faults random|none] [--servers 3|5|7] [--observers N|random] [--bugs name,...] [--jobs K] [--out DIR] [--verbose]';

interface Args {
  seeds: number[];
  seedsText: string;
  scenarioFile?: string;
  faults: 'random' | 'none';
  servers: number;
  observers: number | 'random';
  bugs: ProtocolBug[];
  jobs: number;
  out: string;
  verbose: boolean;
}

function fail(message: string): never {
  process.stderr.write(`error: ${safeLines(message)}\n${USAGE}\n`);
  process.exit(2);
}

function parseSeeds(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) fail(`--seeds: cannot read '${part}' (use 1-1000, 42 or 1,5,9)`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b > 0xffffffff) fail(`--seeds: bad range '${part}'`);
    for (let s = a; s <= b; s++) out.push(s);
  }
  return out;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    seeds: [],
    seedsText: '',
    faults: 'random',
    servers: DEFAULT_SWEEP_OPTIONS.servers,
    observers: DEFAULT_SWEEP_OPTIONS.observers,
    bugs: [],
    jobs: Math.min(availableParallelism(), 8),
    out: 'sweep-failures',
    verbose: false,
  };
  const value = (flag: string, v: string | undefined): string => v ?? fail(`${flag} needs a value`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--seeds') {
      args.seedsText = value(a, argv[++i]);
      args.seeds = parseSeeds(args.seedsText);
    } else if (a === '--scenario') args.scenarioFile = value(a, argv[++i]);
    else if (a === '--faults') {
      const f = value(a, argv[++i]);
      if (f !== 'random' && f !== 'none') fail(`--faults is random or none, got ${f}`);
      args.faults = f;
    } else if (a === '--servers') {
      const n = Number(value(a, argv[++i]));
      if (![3, 5, 7].includes(n)) fail('--servers is 3, 5 or 7');
      args.servers = n;
    } else if (a === '--observers') {
      const v = value(a, argv[++i]);
      if (v === 'random') args.observers = 'random';
      else if (/^[0-3]$/.test(v)) args.observers = Number(v);
      else fail('--observers is 0..3 or random');
    } else if (a === '--bugs') {
      const names = value(a, argv[++i])
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b !== '');
      args.bugs = names.map((b) => {
        if (isProtocolBug(b)) return b;
        const guess = suggest(b, PROTOCOL_BUG_NAMES);
        return fail(
          `--bugs: unknown protocol bug '${b}' (${guess ? `did you mean '${guess}'?` : `known: ${PROTOCOL_BUG_NAMES.join(', ')}`})`,
        );
      });
    } else if (a === '--jobs') {
      const v = value(a, argv[++i]);
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 64) fail('--jobs is 1..64');
      args.jobs = Number(v);
    } else if (a === '--out') args.out = value(a, argv[++i]);
    else if (a === '--verbose') args.verbose = true;
    else fail(`unknown argument ${a}`);
  }
  if (args.seeds.length === 0) fail('no --seeds given');
  return args;
}

function sweepOptions(args: Args): SweepOptions {
  const options: SweepOptions = {
    servers: args.servers,
    observers: args.observers,
    faults: args.faults,
    bugs: args.bugs,
  };
  if (args.scenarioFile !== undefined) {
    const read = readScenarioFile(args.scenarioFile);
    if (!read.ok) fail(read.message);
    if (!read.result.ok) {
      const lines = scenarioErrorLines(args.scenarioFile, read.result);
      process.stderr.write(`${lines.map(terminalSafe).join('\n')}\n`);
      process.exit(2);
    }
    options.base = read.result.scenario;
  }
  return options;
}

/** The same options, as command-line flags (for the replay command). */
function flags(args: Args): string {
  const f = [`--faults ${args.faults}`];
  if (args.scenarioFile !== undefined) f.push(`--scenario ${args.scenarioFile}`);
  else f.push(`--servers ${args.servers}`, `--observers ${args.observers}`);
  if (args.bugs.length > 0) f.push(`--bugs ${args.bugs.join(',')}`);
  return f.join(' ');
}

const isProtocolBug = (name: string): name is ProtocolBug =>
  (PROTOCOL_BUG_NAMES as readonly string[]).includes(name);

// ── workers ───────────────────────────────────────────────────────────────────

interface Job {
  seed: number;
}

interface WorkerData {
  options: SweepOptions;
  traceHash: boolean;
}

if (!isMainThread) {
  const data = workerData as WorkerData;
  parentPort!.on('message', async (job: Job) => {
    parentPort!.postMessage(await safeRun(job.seed, data.options, data.traceHash));
  });
} else {
  await main();
}

/** A seed whose run throws is reported as a violation of its own kind, not a crash of the sweep. */
async function safeRun(seed: number, options: SweepOptions, traceHash: boolean): Promise<SeedResult> {
  try {
    // Lua clients (scripts, or script edits by faults) get VMs as they (re)start, with the recipe
    // modules to require.
    return await runSeed(seed, options, {
      traceHash,
      lua: { wasm: nodeWasmSource(), modules: nodeRecipeModules() },
    });
  } catch (e) {
    return {
      seed,
      violations: [{ invariant: 'run-error', t: 0, message: String((e as Error).stack ?? e), events: [] }],
      events: 0,
      duration: 0,
      traceHash: '',
      referenced: {},
    };
  }
}

async function runAll(
  seeds: number[],
  data: WorkerData,
  jobs: number,
  onResult: (r: SeedResult) => void,
): Promise<void> {
  if (jobs <= 1) {
    for (const seed of seeds) onResult(await safeRun(seed, data.options, data.traceHash));
    return;
  }
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    let running = 0;
    const workers: Worker[] = [];
    const feed = (w: Worker) => {
      if (next >= seeds.length) {
        void w.terminate();
        if (--running === 0) resolve();
        return;
      }
      w.postMessage({ seed: seeds[next++]! } satisfies Job);
    };
    for (let i = 0; i < Math.min(jobs, seeds.length); i++) {
      const w = newWorker(data);
      workers.push(w);
      running++;
      w.on('message', (r: SeedResult) => {
        onResult(r);
        feed(w);
      });
      w.on('error', reject);
      feed(w);
    }
  });
}

/**
 * A worker running this file. Under tsx the worker needs the TypeScript loader too: it registers
 * tsx's ESM hooks first, then imports this module (which sees !isMainThread and serves jobs).
 */
function newWorker(data: WorkerData): Worker {
  const self = import.meta.url;
  if (self.endsWith('.js') || self.endsWith('.mjs')) return new Worker(new URL(self), { workerData: data });
  const boot = `(async () => { const { register } = await import('tsx/esm/api'); register(); await import(${JSON.stringify(self)}); })().catch((e) => { console.error(e); process.exit(2); });`;
  return new Worker(boot, { eval: true, workerData: data, execArgv: [] });
}

// ── main ──────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const options = sweepOptions(args);
  // The sweep builds complete scenarios itself; the validator checks the first as a document would
  // be checked, so a generator or option mistake stops the sweep before it runs.
  const first = validateScenario(JSON.parse(JSON.stringify(sweepScenario(args.seeds[0]!, options))));
  if (!first.ok)
    fail(`sweep seed ${args.seeds[0]}: invalid scenario:\n${formatScenarioErrors(first.errors)}`);
  const what = args.scenarioFile ?? `${args.servers} servers, observers ${args.observers}`;
  process.stdout.write(
    terminalSafe(
      `sweep: ${args.seeds.length} seed(s) (${args.seedsText}), ${what}, faults ${args.faults}, bugs ${args.bugs.join(',') || 'none'}, ${args.jobs} job(s)`,
    ) + '\n',
  );

  const t0 = performance.now();
  const results = new Map<number, SeedResult>();
  let printed = 0;
  let failing = 0;
  let events = 0;
  let virtualMs = 0;
  const byInvariant = new Map<string, number>();
  const progress = process.stderr.isTTY && !args.verbose;
  const report = (r: SeedResult) => {
    events += r.events;
    virtualMs += r.duration;
    if (r.violations.length === 0 && !args.verbose) return;
    if (r.violations.length > 0) {
      failing++;
      for (const inv of new Set(r.violations.map((v) => v.invariant)))
        byInvariant.set(inv, (byInvariant.get(inv) ?? 0) + 1);
    }
    const lines: string[] = [];
    lines.push(
      `seed ${r.seed}: ${r.violations.length} violation(s), ${r.events} events, trace ${r.traceHash.slice(0, 16)}`,
    );
    const shown = args.verbose ? r.violations : r.violations.slice(0, 5);
    for (const v of shown) {
      lines.push(`  ${v.invariant} at ${v.t} ms: ${v.message}`);
      if (args.verbose) for (const i of v.events) lines.push(`      #${i} ${r.referenced[i] ?? ''}`);
    }
    if (shown.length < r.violations.length) lines.push(`  … ${r.violations.length - shown.length} more`);
    if (r.violations.length > 0) {
      let file = '';
      try {
        mkdirSync(args.out, { recursive: true });
        file = join(args.out, `seed-${r.seed}.json`);
        writeFileSync(file, JSON.stringify(sweepScenario(r.seed, options), null, 2) + '\n');
      } catch (e) {
        file = `(could not write: ${(e as Error).message})`;
      }
      lines.push(`  replay: npm run sweep -- --seeds ${r.seed} ${flags(args)} --verbose`);
      lines.push(`      or: npm run sim -- ${file} --check`);
    }
    if (progress) process.stderr.write('\r\x1b[K');
    process.stdout.write(lines.map(terminalSafe).join('\n') + '\n');
  };

  // Print in seed order whatever the completion order.
  await runAll(args.seeds, { options, traceHash: args.verbose }, args.jobs, (r) => {
    results.set(r.seed, r);
    while (printed < args.seeds.length && results.has(args.seeds[printed]!)) {
      const seed = args.seeds[printed++]!;
      report(results.get(seed)!);
      results.delete(seed);
    }
    if (progress) process.stderr.write(`\r${printed}/${args.seeds.length} seeds, ${failing} failing`);
  });
  if (progress) process.stderr.write('\r\x1b[K');

  const secs = (performance.now() - t0) / 1000;
  const n = args.seeds.length;
  const out: string[] = [];
  out.push(`seeds: ${n}, failing: ${failing}${n > 0 ? ` (${((100 * failing) / n).toFixed(1)}%)` : ''}`);
  for (const [inv, count] of [...byInvariant].sort((a, b) => b[1] - a[1]))
    out.push(`  ${inv}: ${count} seed(s)`);
  out.push(
    `time: ${secs.toFixed(1)} s, ${(n / secs).toFixed(1)} seeds/s with ${args.jobs} job(s); ${events} events, ${(virtualMs / 1000).toFixed(0)} virtual s`,
  );
  process.stdout.write(out.map(terminalSafe).join('\n') + '\n');
  process.exit(failing > 0 ? 1 : 0);
}

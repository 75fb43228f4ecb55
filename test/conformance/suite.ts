// The differential conformance suite: each scenario of cases.ts runs through the simulator and
// against real ZooKeeper servers, and the two traces are compared (src/cli/trace-diff.ts). A
// difference must be listed in known-differences.json (with its reason; docs/conformance.md shows
// the list) or the scenario fails. Servers: two standalone (one with TTL nodes enabled) and a
// 3-server ensemble, started here and stopped by PID at the end (zk-servers.ts). Each server runs
// one scenario at a time, after a cleanup that deletes every node but /zookeeper, so the zxids a
// scenario sees are its own and its paths are the simulator's (no chroot: a chroot changes the
// server's hash orders, which depend on full paths); several standalone servers run side by side.
import { readFileSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { differenceText, diffNormalised, normalise, type TraceLine } from '../../src/cli/trace-diff.ts';
import { startBridge } from '../../src/live/bridge-server.ts';
import { LiveRun } from '../../src/live/live-run.ts';
import { TcpTransport } from '../../src/live/tcp-transport.ts';
import { parseConnectString } from '../../src/live/transport.ts';
import { type SocketLike, WsTransport } from '../../src/live/ws-transport.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { validateScenario } from '../../src/scenario/validate.ts';
import { LuaPool, needsLua, prepareVm } from '../../src/sim/lua-pool.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { canonicalLine } from '../../src/sim/trace/canonical.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { type ConformanceCase, docExamples, SUITE, type Target } from './cases.ts';
import { type Ensemble, fourLetterWord, startEnsemble, unavailable } from './zk-servers.ts';

export interface CaseResult {
  name: string;
  ok: boolean;
  ms: number;
  output: string;
  /** Differences matched by a known difference, by its id. */
  known: string[];
  /** Passed on its second run: what the first showed. */
  retried?: string;
}

export interface KnownDifference {
  id: string;
  /** A regular expression over a difference's line (formatDifferences with names sim / live). */
  match: string;
  /** Only in these scenarios (names, or their beginnings); everywhere when absent. */
  scenarios?: string[];
  reason: string;
}

export const KNOWN_PATH = new URL('./known-differences.json', import.meta.url);
const DOC_PATH = new URL('../../docs/lua-api.md', import.meta.url);
/** After every script has ended, a live run waits this long for late events (watch callbacks). */
const SETTLE_MS = 600;
/** Standalone servers running scenarios side by side (most scenarios need one). */
const STANDALONE_LANES = 3;

export function loadKnown(): KnownDifference[] {
  return JSON.parse(readFileSync(KNOWN_PATH, 'utf8')).differences as KnownDifference[];
}

export function allCases(): { cases: ConformanceCase[]; skipped: string[] } {
  const docs = docExamples(DOC_PATH);
  return { cases: [...docs.cases, ...SUITE], skipped: docs.skipped };
}

function scenarioOf(c: ConformanceCase): Scenario {
  const v = validateScenario({ version: 1, seed: 1, duration: 30_000, ...c.doc });
  if (!v.ok) throw new Error(`${c.name}: invalid scenario: ${JSON.stringify(v.errors)}`);
  return v.scenario;
}

/** Events as the trace file has them (bigints as hex), for the diff. */
const asLine = (e: TraceEvent): TraceLine => JSON.parse(canonicalLine(e)) as TraceLine;

async function simulate(scenario: Scenario, modules: Record<string, string>): Promise<TraceLine[]> {
  const lua = needsLua(scenario) ? await LuaPool.prepare(scenario, nodeWasmSource(), modules) : undefined;
  try {
    const sim = createSimulation(scenario, lua ? { lua } : {});
    sim.runUntil(scenario.duration);
    return sim.trace.events.map(asLine);
  } finally {
    lua?.close();
  }
}

/** Deletes every node but /zookeeper's: the server as the simulator's starts, but for zxids and the root's Stat. */
const CLEANUP = `local function rm(p)
  for _, c in ipairs(zk.children(p) or {}) do rm(p .. "/" .. c) end
  zk.delete(p)
end
for _, c in ipairs(zk.children("/")) do if c ~= "zookeeper" then rm("/" .. c) end end
zk.close()
`;

/** The cleanup, then the chroot (if any) made afresh. */
async function cleanup(transport: TcpTransport, seed: number, chroot: string | undefined): Promise<void> {
  const setup = {
    name: 'cleanup',
    seed,
    duration: 30_000,
    servers: { count: 1, tickTime: 2000, initLimit: 10, syncLimit: 5, extendedTypes: false },
    network: { latency: { distribution: 'uniform', min: 1, jitter: 0 }, detectMs: 1000 },
    clients: [
      {
        name: 'cleanup',
        connect: [1],
        start: 0,
        sessionTimeout: 10000,
        program: [],
        script:
          chroot === undefined
            ? CLEANUP
            : `${CLEANUP}`.replace('zk.close()', `zk.create("${chroot}")\nzk.close()`),
      },
    ],
    faults: [],
  } as unknown as Scenario;
  const vm = await prepareVm(seed, 'cleanup', 1, nodeWasmSource(), {});
  try {
    await new LiveRun(setup, { transport, vm: () => vm, onEvent: () => {} }).run();
  } finally {
    vm.vm.close();
  }
}

let chroots = 0;
/** The page's origin and token, as the bridge checks them. */
const PAGE = 'http://conformance.test';
const BRIDGE_TOKEN = 'conformance-token-0123456789abcdef';

/**
 * Waits (up to `withinMs`) until no session is open on the servers (`mntr`'s zk_global_sessions):
 * a session of an earlier scenario that ends late would put its closeSession among this one's zxids.
 */
async function quiet(ports: readonly number[], withinMs = 12_000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline) {
    const counts = await Promise.all(
      ports.map(async (p) =>
        Number(/zk_global_sessions\t(\d+)/.exec(await fourLetterWord(p, 'mntr'))?.[1] ?? 0),
      ),
    );
    if (counts.every((n) => n === 0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function live(
  scenario: Scenario,
  connect: string,
  modules: Record<string, string>,
  chrooted: boolean,
  viaBridge: boolean,
): Promise<TraceLine[]> {
  const { servers } = parseConnectString(connect);
  const tcp = new TcpTransport(servers);
  await quiet(servers.map((s) => s.port));
  await cleanup(tcp, scenario.seed, chrooted ? `/chroot-${++chroots}` : undefined);
  const bridge = viaBridge
    ? await startBridge({ servers, token: BRIDGE_TOKEN, origins: [PAGE], host: '127.0.0.1', port: 0 })
    : null;
  const transport = bridge
    ? new WsTransport(
        `ws://127.0.0.1:${bridge.port}`,
        BRIDGE_TOKEN,
        servers.length,
        (u) => new WebSocket(u, { origin: PAGE }) as unknown as SocketLike,
      )
    : tcp;
  const lua = needsLua(scenario) ? await LuaPool.lazy(scenario, nodeWasmSource(), modules) : undefined;
  const events: TraceLine[] = [];
  try {
    await new LiveRun(scenario, {
      transport,
      ...(chrooted ? { chroot: `/chroot-${chroots}` } : {}),
      settleMs: SETTLE_MS,
      ...(lua ? { vm: (c: string) => lua.take(c) } : {}),
      onEvent: (e) => events.push(asLine(e)),
    }).run();
  } finally {
    lua?.close();
    await bridge?.close();
  }
  return events;
}

export function matchKnown(
  line: string,
  scenario: string,
  known: readonly KnownDifference[],
): KnownDifference | null {
  for (const k of known) {
    if (k.scenarios && !k.scenarios.some((s) => scenario.startsWith(s))) continue;
    if (new RegExp(k.match).test(line)) return k;
  }
  return null;
}

/**
 * A scenario whose clients act on each other runs in real time on a machine that may be busy: when
 * a run shows differences, it runs once more, and the scenario passes if that run shows none (the
 * result says so). A difference of the engines shows in both runs.
 */
async function runCaseTwice(c: ConformanceCase, lane: Lane): Promise<CaseResult> {
  const first = await runCase(c, lane);
  if (first.ok) return first;
  const second = await runCase(c, lane);
  const ms = first.ms + second.ms;
  if (second.ok) return { ...second, ms, retried: first.output };
  return { ...second, ms, output: `${second.output}\n(the same in a second run)` };
}

/** What a scenario runs with: its lane's servers, the known differences, the recipe modules. */
interface Lane {
  connect: string;
  known: readonly KnownDifference[];
  modules: Record<string, string>;
  /** Where to write both traces of each scenario, if anywhere. */
  dump: string | undefined;
}

async function runCase(c: ConformanceCase, { connect, known, modules, dump }: Lane): Promise<CaseResult> {
  const started = performance.now();
  try {
    const scenario = scenarioOf(c);
    const sim = await simulate(scenario, modules);
    const real = await live(scenario, connect, modules, c.chroot === true, c.viaBridge === true);
    if (dump !== undefined) {
      const file = `${dump}/${c.name.replace(/[^\w.-]+/g, '_')}`;
      writeFileSync(`${file}.sim.jsonl`, sim.map((e) => `${JSON.stringify(e)}\n`).join(''));
      writeFileSync(`${file}.live.jsonl`, real.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
    const diffs = diffNormalised(normalise(sim), normalise(real));
    const unlisted: string[] = [];
    const matched: string[] = [];
    for (const d of diffs) {
      const line = differenceText(d, ['sim', 'live']);
      const k = matchKnown(line, c.name, known);
      if (k) matched.push(k.id);
      else unlisted.push(line);
    }
    return {
      name: c.name,
      ok: unlisted.length === 0,
      ms: performance.now() - started,
      output:
        unlisted.length === 0 ? '' : `${unlisted.length} unlisted difference(s):\n${unlisted.join('\n')}`,
      known: [...new Set(matched)],
    };
  } catch (e) {
    return {
      name: c.name,
      ok: false,
      ms: performance.now() - started,
      output: (e as Error).stack ?? String(e),
      known: [],
    };
  }
}

export interface SuiteOutcome {
  /** Why the suite did not run (ZooKeeper missing), or null. */
  skipped: string | null;
  results: CaseResult[];
  /** Doc examples not run live (they need faults). */
  notRun: string[];
  /** Seconds to start the servers. */
  startSeconds: number;
}

/** Runs the suite (or the cases whose name contains `filter`); `report` hears each result as it comes. */
export async function runConformance(
  options: { filter?: string; report?: (r: CaseResult) => void; dump?: string } = {},
): Promise<SuiteOutcome> {
  const missing = unavailable();
  const { cases, skipped } = allCases();
  if (missing !== null) return { skipped: missing, results: [], notRun: skipped, startSeconds: 0 };
  const chosen = cases.filter((c) => options.filter === undefined || c.name.includes(options.filter));
  const known = loadKnown();
  const modules = nodeRecipeModules();
  const t0 = performance.now();
  const wanted = new Set(chosen.map((c) => c.target));
  const lanes: { target: Target; ensemble: Ensemble }[] = [];
  try {
    const starting: Promise<void>[] = [];
    const start = (target: Target, count: number, extendedTypes: boolean, copies: number) => {
      if (!wanted.has(target)) return;
      for (let i = 0; i < copies; i++)
        starting.push(
          startEnsemble(count, { extendedTypes }).then((ensemble) => void lanes.push({ target, ensemble })),
        );
    };
    start('standalone', 1, false, STANDALONE_LANES);
    start('standalone-ttl', 1, true, 1);
    start('ensemble', 3, false, 1);
    const settled = await Promise.allSettled(starting);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const startSeconds = (performance.now() - t0) / 1000;
    // One lane per server (or ensemble): scenarios one after another, taken from its target's
    // queue; the lanes side by side.
    const queues = new Map<Target, ConformanceCase[]>();
    for (const c of chosen) queues.set(c.target, [...(queues.get(c.target) ?? []), c]);
    const results: CaseResult[] = [];
    await Promise.all(
      lanes.map(async ({ target, ensemble }) => {
        for (let c = queues.get(target)?.shift(); c; c = queues.get(target)?.shift()) {
          const r = await runCaseTwice(c, { connect: ensemble.connect, known, modules, dump: options.dump });
          results.push(r);
          options.report?.(r);
        }
      }),
    );
    const order = new Map(chosen.map((c, i) => [c.name, i]));
    results.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
    return { skipped: null, results, notRun: skipped, startSeconds };
  } finally {
    await Promise.all(lanes.map((l) => l.ensemble.stop()));
  }
}

// npm run sim -- <scenario.json> [--seed N] [--until MS] [--trace out.jsonl] [--check] [--live host:port,…]
// Exit codes: 0 ok, 1 invariant violation or a Lua script that failed (with --check), 2 bad input, 3 the run itself failed.
//
// The run is streamed: each event is hashed, written to --trace, fed to the checker and turned into
// its timeline line as it is recorded, and then dropped, so memory does not grow with the run.
import { closeSync, openSync, writeSync } from 'node:fs';
import { nodeRecipeModules } from '../lua/recipes/load-node.ts';
import { nodeWasmSource } from '../lua/wasm-node.ts';
import { Checker, liveServers } from '../sim/check/index.ts';
import { LuaPool, needsLua } from '../sim/lua-pool.ts';
import { serverNodeId } from '../sim/node-id.ts';
import type { Scenario } from '../sim/scenario-types.ts';
import { ZooKeeperServer } from '../sim/server/server.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import type { TraceEvent } from '../sim/trace/event.ts';
import { checkLive, runLive } from './live.ts';
import { timelineLine, treeLines } from './summary.ts';
import { readScenarioFile, scenarioErrorLines, terminalSafe } from './text.ts';

const USAGE =
  'usage: npm run sim -- <scenario.json> [--seed N] [--until MS] [--trace out.jsonl] [--check] [--live host:port[,host:port…][/chroot]]';
/** Output is written in pieces of about this many characters. */
const FLUSH_CHARS = 1 << 16;
/** Progress is considered every this many events, and shown at most this often (ms, wall clock). */
const PROGRESS_EVENTS = 4096;
const PROGRESS_MS = 250;

interface Args {
  file: string;
  seed?: number;
  until?: number;
  trace?: string;
  check: boolean;
  /** A real ensemble's connect string: run the clients against it (src/cli/live.ts). */
  live?: string;
}

function fail(message: string, code = 2): never {
  process.stderr.write(`error: ${terminalSafe(message)}\n${USAGE}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> & { check: boolean } = { check: false };
  const int = (flag: string, v: string | undefined, max: number): number => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) > max)
      fail(`${flag} needs an integer from 0 to ${max}, got ${v ?? 'nothing'}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--seed') args.seed = int(a, argv[++i], 0xffffffff);
    else if (a === '--until') args.until = int(a, argv[++i], Number.MAX_SAFE_INTEGER);
    else if (a === '--trace') args.trace = argv[++i] ?? fail('--trace needs a file name');
    else if (a === '--check') args.check = true;
    else if (a === '--live') args.live = argv[++i] ?? fail('--live needs a connect string (host:port,…)');
    else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else if (args.file === undefined) args.file = a;
    else fail(`unexpected argument ${a}`);
  }
  if (args.file === undefined) fail('no scenario file given');
  return args as Args;
}

/** Buffered writes to a file descriptor (synchronous: nothing piles up in memory behind a slow reader). */
class Output {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_CHARS) this.flush();
  }
  flush(): void {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
  }
}

/** Outputs are checked before the run: a bad --trace path is bad input, found in a moment. */
function openTrace(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (e) {
    fail(`cannot write the trace to ${path}: ${(e as Error).message}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const read = readScenarioFile(args.file);
  if (!read.ok) fail(read.message);
  if (!read.result.ok) {
    process.stderr.write(`${scenarioErrorLines(args.file, read.result).map(terminalSafe).join('\n')}\n`);
    process.exit(2);
  }
  const scenario = { ...read.result.scenario };
  if (args.seed !== undefined) scenario.seed = args.seed;
  if (args.until !== undefined) scenario.duration = args.until;
  if (args.live !== undefined) {
    const { problems } = checkLive(scenario, args.live);
    if (problems.length > 0) fail(`this scenario cannot run live:\n  ${problems.join('\n  ')}`);
  }
  const traceFd = args.trace === undefined ? undefined : openTrace(args.trace);

  const stdout = new Output(1);
  const line = (text: string) => stdout.write(`${terminalSafe(text)}\n`);
  line(
    `scenario: ${scenario.name ?? args.file} — seed ${scenario.seed}, ${scenario.servers.count} server(s), ${scenario.clients.length} client(s), ${scenario.duration} ms`,
  );
  line('');
  if (args.live !== undefined) {
    await live(args, args.live, scenario, traceFd, stdout, line);
    return;
  }

  // Lua VMs are made as incarnations come (one per client alive at a time), not all up front.
  const lua = needsLua(scenario)
    ? await LuaPool.lazy(scenario, nodeWasmSource(), nodeRecipeModules(), { recycle: true })
    : undefined;
  let sim: Simulation | undefined;
  let checker: Checker | undefined;
  let last: TraceEvent | undefined;
  // Scripts that died (lua.error): with --check they fail the run like a violation does.
  const failedScripts: string[] = [];
  try {
    const running = createSimulation(scenario, lua ? { lua } : {});
    sim = running;
    const trace = traceFd === undefined ? undefined : new Output(traceFd);
    running.trace.stream(trace ? (l) => trace.write(l) : undefined);
    if (args.check) checker = new Checker();
    const progress = progressLine(scenario, () => running.now);
    running.trace.onEvent((e, i) => {
      last = e;
      if (e.kind === 'lua.error') failedScripts.push(e.client);
      checker?.observe(e, i);
      const shown = timelineLine(e);
      if (shown !== null) line(shown);
      if (i % PROGRESS_EVENTS === 0) progress(i);
    });
    // Each Lua VM is made before the step that starts its incarnation (src/sim/lua-pool.ts).
    await running.advance(scenario.duration);
    progress.clear();
    trace?.flush();
  } catch (e) {
    stdout.flush();
    process.stderr.write('\n');
    fail(`the run failed at ${sim?.now ?? 0} ms: ${(e as Error).stack ?? String(e)}`, 3);
  } finally {
    lua?.close();
    if (traceFd !== undefined) closeSync(traceFd);
  }

  const done = sim;
  const servers = [...Array(scenario.servers.count).keys()]
    .map((i) => done.world.node(serverNodeId(i + 1)))
    .filter((n): n is ZooKeeperServer => n instanceof ZooKeeperServer);
  for (const s of servers) {
    line('');
    line(`final tree on ${s.id} (lastProcessedZxid 0x${s.database.lastProcessedZxid.toString(16)}):`);
    for (const l of treeLines(s)) line(l);
  }
  line('');
  line(`events: ${done.trace.length}`);
  line(`trace hash: ${done.traceHash()}`);

  if (checker) {
    // The final checks look only at the run's last event (its time), so only that one was kept.
    checker.finish({ events: last ? [last] : [], servers: liveServers(done), t: last?.t ?? 0 });
    for (const v of checker.violations) line(`VIOLATION ${v.invariant} at ${v.t} ms: ${v.message}`);
    line(`check: ${checker.violations.length} violation(s)`);
    if (failedScripts.length > 0)
      line(`check: ${failedScripts.length} script(s) failed: ${failedScripts.join(', ')}`);
    stdout.flush();
    if (checker.violations.length > 0 || failedScripts.length > 0) process.exit(1);
  }
  stdout.flush();
}

/** The run against a real ensemble: the same timeline lines, the trace and its hash, no server trees. */
async function live(
  args: Args,
  connect: string,
  scenario: Scenario,
  traceFd: number | undefined,
  stdout: Output,
  line: (text: string) => void,
): Promise<void> {
  const trace = traceFd === undefined ? undefined : new Output(traceFd);
  let result: Awaited<ReturnType<typeof runLive>>;
  try {
    result = await runLive(scenario, connect, {
      ...(trace ? { trace: (l: string) => trace.write(l) } : {}),
      event: (e) => {
        const shown = timelineLine(e);
        if (shown !== null) line(shown);
      },
    });
    trace?.flush();
  } catch (e) {
    stdout.flush();
    fail(`the live run failed: ${(e as Error).stack ?? String(e)}`, 3);
  } finally {
    if (traceFd !== undefined) closeSync(traceFd);
  }
  line('');
  line(`live run against ${connect}: ended when ${result.end}`);
  line(`events: ${result.events}`);
  line(`trace hash: ${result.hash}`);
  if (args.check) {
    // The invariants need the servers' side of the run, which a live trace does not have.
    const failed = result.failedScripts;
    if (failed.length > 0) line(`check: ${failed.length} script(s) failed: ${failed.join(', ')}`);
    else line('check: no script failed (server invariants are not checked live)');
    stdout.flush();
    if (failed.length > 0) process.exit(1);
  }
  stdout.flush();
  // Sockets and timers are closed; nothing should keep Node alive, but a live run ends here regardless.
  process.exit(0);
}

/** A progress line on stderr, only when stderr is a terminal, rewritten in place. */
function progressLine(scenario: Scenario, now: () => number): ((events: number) => void) & { clear(): void } {
  const tty = process.stderr.isTTY === true;
  let shownAt = performance.now();
  let shown = false;
  const show = (events: number) => {
    if (!tty || performance.now() - shownAt < PROGRESS_MS) return;
    shownAt = performance.now();
    shown = true;
    const pct = scenario.duration === 0 ? 100 : (100 * now()) / scenario.duration;
    process.stderr.write(
      `\r${now()} of ${scenario.duration} ms (${pct.toFixed(1)}%), ${events} events\x1b[K`,
    );
  };
  return Object.assign(show, {
    clear() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  });
}

await main();

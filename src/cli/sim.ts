// npm run sim -- <scenario.json> [--seed N] [--until MS] [--trace out.jsonl] [--check]
// Exit codes: 0 ok, 1 invariant violation, 2 bad input.
import { readFileSync, writeFileSync } from 'node:fs';
import { nodeRecipeModules } from '../lua/recipes/load-node.ts';
import { nodeWasmSource } from '../lua/wasm-node.ts';
import { parseScenarioJson } from '../scenario/validate.ts';
import { checkRun, liveServers } from '../sim/check/index.ts';
import { LuaPool } from '../sim/lua-pool.ts';
import { ZooKeeperServer } from '../sim/server/server.ts';
import { createSimulation } from '../sim/simulation.ts';
import { timeline, treeLines } from './summary.ts';

const USAGE = 'usage: npm run sim -- <scenario.json> [--seed N] [--until MS] [--trace out.jsonl] [--check]';

interface Args {
  file: string;
  seed?: number;
  until?: number;
  trace?: string;
  check: boolean;
}

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(2);
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
    else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else if (args.file === undefined) args.file = a;
    else fail(`unexpected argument ${a}`);
  }
  if (args.file === undefined) fail('no scenario file given');
  return args as Args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (e) {
    fail(`cannot read ${args.file}: ${(e as Error).message}`);
  }
  const parsed = parseScenarioJson(text);
  if (!parsed.ok) {
    process.stderr.write(`${args.file}: invalid scenario\n`);
    for (const e of parsed.errors) process.stderr.write(`  ${e.path}: ${e.message}\n`);
    process.exit(2);
  }
  const scenario = { ...parsed.scenario };
  if (args.seed !== undefined) scenario.seed = args.seed;
  if (args.until !== undefined) scenario.duration = args.until;
  const lua = scenario.clients.some((c) => c.script !== undefined)
    ? await LuaPool.prepare(scenario, nodeWasmSource(), nodeRecipeModules())
    : undefined;
  const sim = createSimulation(scenario, lua ? { lua } : {});
  sim.runUntil(scenario.duration);

  const out: string[] = [];
  out.push(
    `scenario: ${scenario.name ?? args.file} — seed ${scenario.seed}, ${scenario.servers.count} server(s), ${scenario.clients.length} client(s), ${scenario.duration} ms`,
  );
  out.push('', ...timeline(sim.trace.events));
  const servers = [...Array(scenario.servers.count).keys()]
    .map((i) => sim.world.node(`zk${i + 1}`))
    .filter((n): n is ZooKeeperServer => n instanceof ZooKeeperServer);
  for (const s of servers)
    out.push(
      '',
      `final tree on ${s.id} (lastProcessedZxid 0x${s.database.lastProcessedZxid.toString(16)}):`,
      ...treeLines(s),
    );
  out.push('', `events: ${sim.trace.events.length}`, `trace hash: ${sim.traceHash()}`);
  process.stdout.write(out.join('\n') + '\n');
  if (args.trace) writeFileSync(args.trace, sim.trace.jsonl());

  if (args.check) {
    const violations = checkRun(sim.trace.events, liveServers(sim));
    for (const v of violations) process.stdout.write(`VIOLATION ${v.invariant} at ${v.t} ms: ${v.message}\n`);
    process.stdout.write(`check: ${violations.length} violation(s)\n`);
    if (violations.length > 0) process.exit(1);
  }
}

await main();

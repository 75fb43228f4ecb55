// The seed sweep (docs/checker.md): for a seed, a scenario — a generated ensemble workload or a
// given base scenario — plus a random fault schedule drawn from the seed, run to the end and
// checked offline. Everything here is a pure function of (seed, options): the CLI may run seeds in
// any order, on any number of workers, and get the same results.

import { RngStream } from '../kernel/rng.ts';
import { type LuaEnv, LuaPool, needsLua } from '../lua-pool.ts';
import { serverNodeId } from '../node-id.ts';
import type { ClientConfig, Fault, ProgramStep, Scenario } from '../scenario-types.ts';
import type { ProtocolBug } from '../server/quorum/bugs.ts';
import { createSimulation } from '../simulation.ts';
import { canonicalLine } from '../trace/canonical.ts';
import { checkRun, liveServers } from './checker.ts';
import type { Violation } from './types.ts';

export interface SweepOptions {
  /** Voting servers of the generated ensemble (ignored with a base scenario). */
  servers: number;
  /** Observers of the generated ensemble: a number, or 'random' (one in a quarter of the seeds). */
  observers: number | 'random';
  faults: 'random' | 'none';
  /** Deliberate protocol bugs, passed through to `servers.bugs`. */
  bugs: readonly ProtocolBug[];
  /**
   * A scenario to start from instead of the generated one (its seed is replaced): validated by the
   * caller (src/cli/sweep.ts reads it with the scenario validator), defaults filled in.
   */
  base?: Scenario;
}

export const DEFAULT_SWEEP_OPTIONS: SweepOptions = {
  servers: 3,
  observers: 'random',
  faults: 'random',
  bugs: [],
};

export interface SeedResult {
  seed: number;
  violations: Violation[];
  events: number;
  /** Virtual ms simulated. */
  duration: number;
  /** SHA-256 of the trace (what `npm run sim` prints): for failing seeds, or when asked for. */
  traceHash: string;
  /** The canonical trace lines of the events the violations point at (the first 50 violations'), by index. */
  referenced: Record<number, string>;
}

/**
 * The scenario a seed runs, complete (every default filled in, as the validator would: the sweep
 * tests check that validating it changes nothing), so the sweep needs no document layer.
 */
export function sweepScenario(seed: number, options: SweepOptions): Scenario {
  const scenario = options.base ? fromBase(seed, options.base, options) : generated(seed, options);
  if (options.bugs.length > 0) scenario.servers.bugs = [...options.bugs];
  return scenario;
}

/**
 * A run that takes this many kernel steps without its clock moving is stopped and reported as a
 * `run-budget` violation: something loops at one virtual instant (messages ping-ponging over
 * zero-latency links, say) and the run would never end. So is one exceeding `maxSteps` in all.
 */
export const MAX_STEPS_PER_INSTANT = 50_000;
export const MAX_STEPS = 5_000_000;

/**
 * Run one seed to the end (or to a step budget) and check it. A scenario with Lua clients needs
 * `lua`, what its VMs are made from: each is made before the step that starts its incarnation and
 * closed when the next one starts (src/sim/lua-pool.ts), so restarts do not pile VMs up.
 */
export async function runSeed(
  seed: number,
  options: SweepOptions,
  run: { traceHash?: boolean; lua?: LuaEnv } = {},
): Promise<SeedResult> {
  const scenario = sweepScenario(seed, options);
  const pool =
    run.lua && needsLua(scenario)
      ? await LuaPool.lazy(scenario, run.lua.wasm, run.lua.modules, { recycle: true })
      : undefined;
  try {
    return await runScenario(seed, scenario, pool, run.traceHash ?? false);
  } finally {
    pool?.close();
  }
}

async function runScenario(
  seed: number,
  scenario: Scenario,
  pool: LuaPool | undefined,
  traceHash: boolean,
): Promise<SeedResult> {
  const sim = createSimulation(scenario, pool ? { lua: pool } : {});
  const world = sim.world;
  let steps = 0;
  let still = 0;
  let stuck: string | null = null;
  for (
    let next = world.nextTime();
    next !== undefined && next <= scenario.duration;
    next = world.nextTime()
  ) {
    still = next === world.now ? still + 1 : 0;
    if (still > MAX_STEPS_PER_INSTANT)
      stuck = `${MAX_STEPS_PER_INSTANT} kernel steps at ${world.now} ms without the clock moving`;
    else if (++steps > MAX_STEPS) stuck = `${MAX_STEPS} kernel steps`;
    if (stuck) break;
    if (pool?.needs(next)) await pool.ensure(next);
    world.step();
  }
  const violations = checkRun(sim.trace.events, liveServers(sim));
  if (stuck) {
    violations.push({
      invariant: 'run-budget',
      t: world.now,
      message: `stopped after ${stuck} (${world.now} of ${scenario.duration} ms, ${sim.trace.events.length} events): the run makes no progress`,
      events: [],
    });
  } else sim.runUntil(scenario.duration);
  const referenced: Record<number, string> = {};
  for (const v of violations.slice(0, 50))
    for (const i of v.events) {
      const e = sim.trace.events[i];
      if (e) referenced[i] = canonicalLine(e);
    }
  return {
    seed,
    violations,
    events: sim.trace.events.length,
    duration: scenario.duration,
    traceHash: traceHash || violations.length > 0 ? sim.traceHash() : '',
    referenced,
  };
}

// ── the generated scenario ────────────────────────────────────────────────────

/** Faults happen in [FAULTS_FROM, RECOVER_AT); then everything is healed and restarted. */
const DURATION = 40_000;
const FAULTS_FROM = 1_500;
const RECOVER_AT = 25_000;

function generated(seed: number, options: SweepOptions): Scenario {
  const rng = RngStream.named(seed, 'sweep');
  const count = options.servers;
  const observers =
    options.observers === 'random' ? (rng.int(0, 3) === 0 ? 1 : 0) : Math.max(0, options.observers);
  const tickTime = [250, 500, 500, 1000][rng.int(0, 3)]!;
  const sids = Array.from({ length: count + observers }, (_, i) => i + 1);
  const clients = generatedClients(RngStream.named(seed, 'sweep/clients'), sids, tickTime);
  const servers = sids.map(serverNodeId);
  const faults =
    options.faults === 'random'
      ? randomFaults(
          RngStream.named(seed, 'sweep/faults'),
          servers,
          clients.map((c) => c.name),
          {
            from: FAULTS_FROM,
            recoverAt: RECOVER_AT,
          },
        )
      : [];
  return {
    version: 1,
    name: `sweep seed ${seed}`,
    seed,
    duration: DURATION,
    servers: {
      count,
      ...(observers > 0 ? { observers } : {}),
      tickTime,
      initLimit: 10,
      syncLimit: 5,
      extendedTypes: false,
    },
    network: {
      latency: {
        distribution: rng.int(0, 3) === 0 ? 'exponential' : 'uniform',
        min: rng.int(0, 3),
        jitter: rng.int(1, 12),
      },
      detectMs: rng.int(100, 1500),
    },
    clients,
    faults,
  };
}

function fromBase(seed: number, base: Scenario, options: SweepOptions): Scenario {
  const scenario: Scenario = JSON.parse(JSON.stringify(base));
  scenario.seed = seed;
  if (options.faults === 'random') {
    const servers = Array.from({ length: base.servers.count + (base.servers.observers ?? 0) }, (_, i) =>
      serverNodeId(i + 1),
    );
    const d = base.duration;
    const random = randomFaults(
      RngStream.named(seed, 'sweep/faults'),
      servers.length > 1 ? servers : [],
      base.clients.map((c) => c.name),
      { from: Math.round(d * 0.05), recoverAt: Math.round(d * 0.6) },
    );
    scenario.faults = [...base.faults, ...random].sort((a, b) => a.at - b.at);
  }
  return scenario;
}

// ── client workloads ──────────────────────────────────────────────────────────

const SHARED = ['/s', '/s/a', '/s/b', '/t'];

function generatedClients(rng: RngStream, sids: number[], tickTime: number): ClientConfig[] {
  const n = rng.int(2, 4);
  return Array.from({ length: n }, (_, i) => {
    const name = `c${i + 1}`;
    return {
      name,
      connect: sids,
      start: rng.int(0, 3000),
      sessionTimeout: tickTime * rng.int(4, 16),
      program: program(rng, name),
    };
  });
}

function pick<T>(rng: RngStream, items: readonly T[]): T {
  return items[rng.int(0, items.length - 1)]!;
}

function program(rng: RngStream, name: string): ProgramStep[] {
  const own = `/${name}`;
  const steps: ProgramStep[] = [
    { op: 'create', path: own, data: name },
    { op: 'create', path: '/s', data: 'shared' },
    { op: 'create', path: '/e' },
  ];
  const length = rng.int(15, 45);
  let k = 0;
  for (let i = 0; i < length; i++) {
    const data = `${name}-${i}`;
    const path = rng.int(0, 1) === 0 ? pick(rng, SHARED) : `${own}/n${rng.int(0, 3)}`;
    switch (rng.int(0, 15)) {
      case 0:
      case 1:
        steps.push({ op: 'create', path, data });
        break;
      case 2:
        steps.push({ op: 'create', path: `${own}/q-`, data, mode: 'persistent_sequential' });
        break;
      case 3:
        steps.push({ op: 'create', path: `/e/${name}-${k++}`, data, mode: 'ephemeral' });
        break;
      case 4:
        steps.push({ op: 'create', path: `/e/${name}-`, mode: 'ephemeral_sequential' });
        break;
      case 5:
      case 6:
        steps.push(
          rng.int(0, 2) === 0 ? { op: 'set', path, data, version: rng.int(0, 3) } : { op: 'set', path, data },
        );
        break;
      case 7:
        steps.push({ op: 'delete', path });
        break;
      case 8:
        steps.push({ op: 'get', path, watch: rng.int(0, 1) === 0 });
        break;
      case 9:
        steps.push({ op: 'exists', path, watch: rng.int(0, 1) === 0 });
        break;
      case 10:
        steps.push({ op: 'children', path: pick(rng, ['/', '/s', '/e', own]), watch: rng.int(0, 1) === 0 });
        break;
      case 11:
        steps.push({ op: 'sync', path: '/' });
        break;
      case 12:
        steps.push({
          op: 'multi',
          ops: [
            { op: 'create', path: `${own}/m${rng.int(0, 3)}`, data },
            { op: 'set', path: own, data },
            { op: 'check', path: '/s' },
          ],
        });
        break;
      default:
        steps.push({ op: 'sleep', ms: rng.int(20, 1200) });
    }
  }
  steps.push({ op: 'sleep', ms: rng.int(0, 5000) });
  steps.push({ op: 'get', path: own });
  if (rng.int(0, 1) === 0) steps.push({ op: 'close' });
  return steps;
}

// ── fault schedules ───────────────────────────────────────────────────────────

/**
 * Random faults in [from, recoverAt): crashes (with and without keepUnsynced) and restarts,
 * power losses (a majority crashes at once and comes back one by one),
 * partitions into random groups and heals, pauses and resumes, cuts, per-link drop rates and
 * delays, the odd client crash. At recoverAt everything is undone (resume, heal, uncut, clean links,
 * restart every crashed node) so the rest of the run exercises recovery.
 */
export function randomFaults(
  rng: RngStream,
  servers: readonly string[],
  clients: readonly string[],
  window: { from: number; recoverAt: number },
): Fault[] {
  const faults: Fault[] = [];
  const down = new Set<string>();
  const paused = new Set<string>();
  const cuts = new Map<string, [string, string]>();
  const links = new Map<string, [string, string]>();
  let partitioned = false;
  const up = () => servers.filter((s) => !down.has(s));
  const nodes = [...servers, ...clients];
  const pair = (pool: readonly string[]): [string, string] | null => {
    if (pool.length < 2) return null;
    const [a, b] = rng.shuffle(pool);
    return [a!, b!];
  };
  const linkPool = () => (rng.int(0, 3) === 0 ? nodes : servers);

  const n = servers.length === 0 && clients.length === 0 ? 0 : rng.int(2, 10);
  let at = window.from;
  const span = Math.max(1, Math.floor((window.recoverAt - window.from) / Math.max(1, n)));
  for (let i = 0; i < n; i++) {
    at = Math.min(window.recoverAt - 1, at + rng.int(Math.floor(span / 4), span * 2));
    if (at >= window.recoverAt - 1) break;
    const choice = rng.int(0, 99);
    if (choice < 10 && servers.length > 1) {
      // power loss: several servers (a majority or more) die at once, unsynced writes lost; they
      // come back one by one, in a random order
      const k = rng.int(Math.floor(servers.length / 2) + 1, servers.length);
      for (const target of rng.shuffle(servers).slice(0, k)) {
        faults.push({ at, action: 'crash', target });
        paused.delete(target);
        const back = at + rng.int(200, 6000);
        if (back < window.recoverAt) faults.push({ at: back, action: 'restart', target });
        else down.add(target);
      }
    } else if (choice < 28 && servers.length > 0) {
      // crash a server that is up (sometimes one of two, sometimes the leader: whoever it is)
      const live = up();
      if (live.length === 0) continue;
      const target = pick(rng, live);
      const keepUnsynced = rng.int(0, 2) === 0;
      faults.push({ at, action: 'crash', target, ...(keepUnsynced ? { keepUnsynced: true } : {}) });
      down.add(target);
      paused.delete(target);
      // usually restarted a little later, within the window
      if (rng.int(0, 3) !== 0) {
        const back = at + rng.int(300, 8000);
        if (back < window.recoverAt) {
          faults.push({ at: back, action: 'restart', target });
          // the restart is scheduled: treat the node as up for later choices
          down.delete(target);
        }
      }
    } else if (choice < 40 && servers.length > 1) {
      // partition servers (and some clients) into 2 or 3 random groups, healed later or not
      const k = rng.int(2, Math.min(3, servers.length));
      const groups: string[][] = Array.from({ length: k }, () => []);
      for (const [j, s] of rng.shuffle(servers).entries()) groups[j < k ? j : rng.int(0, k - 1)]!.push(s);
      for (const c of clients) if (rng.int(0, 1) === 0) groups[rng.int(0, k - 1)]!.push(c);
      faults.push({ at, action: 'partition', groups });
      partitioned = true;
      if (rng.int(0, 2) !== 0) {
        const heal = at + rng.int(500, 10_000);
        if (heal < window.recoverAt) {
          faults.push({ at: heal, action: 'heal' });
          partitioned = false;
        }
      }
    } else if (choice < 52 && servers.length > 0) {
      const live = up().filter((s) => !paused.has(s));
      if (live.length === 0) continue;
      const target = pick(rng, live);
      faults.push({ at, action: 'pause', target });
      const resume = at + rng.int(200, 8000);
      if (resume < window.recoverAt) faults.push({ at: resume, action: 'resume', target });
      else paused.add(target);
    } else if (choice < 64) {
      const p = pair(linkPool());
      if (!p) continue;
      faults.push({ at, action: 'cut', from: p[0], to: p[1] });
      const uncut = at + rng.int(300, 8000);
      if (uncut < window.recoverAt && rng.int(0, 2) !== 0)
        faults.push({ at: uncut, action: 'uncut', from: p[0], to: p[1] });
      else cuts.set(`${p[0]}>${p[1]}`, p);
    } else if (choice < 76) {
      const p = pair(linkPool());
      if (!p) continue;
      faults.push({ at, action: 'drop', from: p[0], to: p[1], rate: pick(rng, [0.01, 0.05, 0.2, 0.5]) });
      links.set(`${p[0]}>${p[1]}`, p);
    } else if (choice < 88) {
      const p = pair(linkPool());
      if (!p) continue;
      faults.push({ at, action: 'delay', from: p[0], to: p[1], ms: rng.int(20, 3000) });
      links.set(`${p[0]}>${p[1]}`, p);
    } else if (choice < 94 && partitioned) {
      faults.push({ at, action: 'heal' });
      partitioned = false;
    } else if (clients.length > 0) {
      const target = pick(rng, clients);
      faults.push({ at, action: 'crash', target });
      if (rng.int(0, 1) === 0) faults.push({ at: at + rng.int(100, 5000), action: 'restart', target });
    }
  }

  // Recovery: undo everything, bring every node back.
  const r = window.recoverAt;
  const recovery: Fault[] = [];
  for (const s of [...paused].sort()) recovery.push({ at: r, action: 'resume', target: s });
  recovery.push({ at: r, action: 'heal' });
  for (const [, [from, to]] of [...cuts].sort(([a], [b]) => (a < b ? -1 : 1)))
    recovery.push({ at: r, action: 'uncut', from, to });
  for (const [, [from, to]] of [...links].sort(([a], [b]) => (a < b ? -1 : 1))) {
    recovery.push({ at: r, action: 'drop', from, to, rate: 0 });
    recovery.push({ at: r, action: 'delay', from, to, ms: 0 });
  }
  for (const s of nodes) recovery.push({ at: r, action: 'restart', target: s });
  return [...faults.filter((f) => f.at < r), ...recovery].sort((a, b) => a.at - b.at);
}

// Lua VMs are created asynchronously (each is its own WebAssembly instance), but the simulator
// runs synchronously: a VM must exist before the step that starts the incarnation running it.
//
// Which clients run Lua is one rule, luaClients(): a client with a `script`, or one that a `script`
// fault edits (it runs Lua from the edit on). The CLI, the sweep and the page all ask it, so a
// JSON-program client given a script by a fault gets its VM everywhere.
//
// The rule for making VMs (docs/lua.md, "VMs are made when needed"): a run's callers — the CLI, the
// sweep, the page's in-process engine — use lazy(), which makes each Lua client's first VM; before
// every world step at time t they ask needs(t) and, when it says so, await ensure(t), which makes
// at most one VM per client (the next one it may take). A world step starts at most one incarnation
// of a node (World.start is one action; a `script` fault is a crash and a start in one action), so
// one spare per client is always enough. With `recycle`, taking a client's next VM closes the one
// its previous incarnation ran (gone by then: the world starts a node only after its previous
// process ended), so a run with N restarts of a client holds at most two of its VMs, not N.
// prepare() makes every VM the run may need at once: for tests and benches that drive a short run
// with the synchronous Simulation.runUntil.
//
// Either way the k-th VM a client takes is seeded by `lua:<client>#<k>`, the same seed a worker
// hosting the client uses, so traces do not depend on how or when the VMs were made.
import type { LuaVm } from '../lua/types.ts';
import { createLuaVm } from '../lua/vm.ts';
import type { PreparedVm } from './client/lua-client.ts';
import { RngStream } from './kernel/rng.ts';
import type { Scenario } from './scenario-types.ts';

/** What a run needs to make Lua VMs: the wasm binary (URL or path) and the recipe modules by name. */
export interface LuaEnv {
  wasm: string;
  modules: Record<string, string>;
}

/** The clients that run Lua at some point of the run, each with the times it may start a new incarnation. */
export function luaClients(scenario: Scenario): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const c of scenario.clients) {
    const edited = scenario.faults.some((f) => f.action === 'script' && f.target === c.name);
    if (c.script === undefined && !edited) continue;
    // A restart and a script edit each start a new incarnation.
    const restarts = scenario.faults
      .filter((f) => (f.action === 'restart' || f.action === 'script') && f.target === c.name)
      .map((f) => f.at)
      .sort((a, b) => a - b);
    out.set(c.name, restarts);
  }
  return out;
}

/** Whether a run of this scenario needs Lua VMs at all (and so a LuaPool). */
export function needsLua(scenario: Scenario): boolean {
  return luaClients(scenario).size > 0;
}

interface ClientVms {
  /** Start times of incarnations after the first, ascending. */
  restarts: number[];
  /** VMs made so far (serials 1..made). */
  made: number;
  ready: PreparedVm[];
  /** The VM of the incarnation running now (recycle mode). */
  current?: PreparedVm;
}

/**
 * How many VMs the client may have taken by the end of virtual time t: its first incarnation, plus
 * one per restart or script fault by t. An upper bound (a restart of a node that is up starts
 * nothing; an edited JSON client's first incarnations run no Lua), so VMs are never late.
 */
function bound(c: ClientVms, t: number): number {
  let n = 1;
  while (n <= c.restarts.length && c.restarts[n - 1]! <= t) n++;
  return n;
}

/** The earliest time at which the client may take a VM it does not have yet (∞: never). */
function nextNeed(c: ClientVms): number {
  if (c.ready.length > 0 || c.made > c.restarts.length) return Number.POSITIVE_INFINITY;
  return c.made === 0 ? Number.NEGATIVE_INFINITY : c.restarts[c.made - 1]!;
}

export class LuaPool {
  /** needs(t) is true from this time on (the least nextNeed over the clients). */
  private horizon = Number.NEGATIVE_INFINITY;

  private constructor(
    private readonly clients: Map<string, ClientVms>,
    private readonly seed: number,
    private readonly wasm: string,
    private readonly modules: Record<string, string>,
    private readonly recycle: boolean,
  ) {}

  /**
   * Every VM the run may need, made now (one per Lua client and incarnation): for tests and benches
   * that run a short scenario with the synchronous Simulation.runUntil. A run's own callers use lazy().
   */
  static async prepare(
    scenario: Scenario,
    wasm: string,
    modules: Record<string, string> = {},
  ): Promise<LuaPool> {
    const pool = LuaPool.create(scenario, wasm, modules, false);
    for (const [name, c] of pool.clients) await pool.make(name, c, c.restarts.length + 1);
    pool.updateHorizon();
    return pool;
  }

  /**
   * Each Lua client's first VM now; later ones when needs(t) says so, on ensure(t). With `recycle`,
   * a client's previous VM is closed when it takes the next (for a simulation that only moves forward).
   */
  static async lazy(
    scenario: Scenario,
    wasm: string,
    modules: Record<string, string> = {},
    options: { recycle?: boolean } = {},
  ): Promise<LuaPool> {
    const pool = LuaPool.create(scenario, wasm, modules, options.recycle ?? false);
    await pool.ensure(Number.NEGATIVE_INFINITY);
    return pool;
  }

  private static create(
    scenario: Scenario,
    wasm: string,
    modules: Record<string, string>,
    recycle: boolean,
  ): LuaPool {
    const clients = new Map<string, ClientVms>();
    for (const [name, restarts] of luaClients(scenario)) clients.set(name, { restarts, made: 0, ready: [] });
    return new LuaPool(clients, scenario.seed, wasm, modules, recycle);
  }

  /**
   * Whether a world step at virtual time t may start a Lua incarnation whose VM is not made yet:
   * then await ensure(t) before the step. One comparison: cheap enough to ask before every step.
   */
  needs(t: number): boolean {
    return t >= this.horizon;
  }

  /** Makes, for each client that may take a VM by time t and has none ready, its next one. */
  async ensure(t: number): Promise<void> {
    for (const [name, c] of this.clients)
      if (c.ready.length === 0 && c.made < bound(c, t)) await this.make(name, c, c.made + 1);
    this.updateHorizon();
  }

  /** VMs alive now (made and not closed): what the pool holds in memory. */
  get live(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.ready.length + (c.current ? 1 : 0);
    return n;
  }

  /** The VM for this client's next incarnation. */
  take(client: string): PreparedVm {
    const c = this.clients.get(client);
    const vm = c?.ready.shift();
    if (!c || !vm)
      throw new Error(
        `no Lua VM made for client '${client}' (restarted more often than scheduled, or a step run without awaiting ensure() when needs() said so)`,
      );
    if (this.recycle) {
      c.current?.vm.close();
      c.current = vm;
    }
    this.horizon = Math.min(this.horizon, nextNeed(c));
    return vm;
  }

  close(): void {
    for (const c of this.clients.values()) {
      for (const p of c.ready) p.vm.close();
      c.current?.vm.close();
      c.ready = [];
      c.current = undefined;
    }
  }

  /** Makes the client's VMs up to serial `upTo`. */
  private async make(name: string, c: ClientVms, upTo: number): Promise<void> {
    for (; c.made < upTo; c.made++)
      c.ready.push(await prepareVm(this.seed, name, c.made + 1, this.wasm, this.modules));
  }

  private updateHorizon(): void {
    this.horizon = Number.POSITIVE_INFINITY;
    for (const c of this.clients.values()) this.horizon = Math.min(this.horizon, nextNeed(c));
  }
}

/**
 * The VM of a client's `serial`-th Lua incarnation. math.random draws from a stream of its own,
 * so Lua's dice never shift the client's; a worker hosting the client makes the same VM.
 */
export async function prepareVm(
  seed: number,
  client: string,
  serial: number,
  wasm: string,
  modules: Record<string, string>,
): Promise<PreparedVm> {
  const clock = { now: 0 };
  const vmSeed = RngStream.named(seed, `lua:${client}#${serial}`).int(0, 0x7fffffff);
  const vm: LuaVm = await createLuaVm(wasm, { seed: vmSeed, now: () => clock.now, modules });
  return { vm, clock };
}

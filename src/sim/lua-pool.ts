// Lua VMs are created asynchronously (each is its own WebAssembly instance), but the simulator
// runs synchronously: a VM must exist before the incarnation that runs it starts.
//
// Which clients run Lua is one rule, luaClients(): a client with a `script`, or one that a `script`
// fault edits (it runs Lua from the edit on). The CLI, the sweep and the page all ask it, so a
// JSON-program client given a script by a fault gets its VM everywhere.
//
// Two ways to have the VMs ready:
// - prepare(): every VM the run may need (one per Lua client and incarnation: a start, plus one per
//   `restart` or `script` fault aimed at it), made up front. For callers that run the whole
//   simulation in one synchronous go (the sweep, the page's in-process engine).
// - lazy(): the first incarnation's VMs only; the caller runs the simulation up to each time in
//   incarnationTimes() and awaits ensure(t) before it, so the VMs of incarnations starting by t
//   exist. With `recycle`, taking a client's next VM closes its previous one (that incarnation has
//   ended: the world starts a node only after its previous process is gone), so a run with many
//   restarts holds about one VM per client instead of one per restart.
//
// Either way the k-th VM a client takes is seeded by `lua:<client>#<k>`, the same seed a worker
// hosting the client uses, so traces do not depend on how the VMs were made.
import type { LuaVm } from '../lua/types.ts';
import { createLuaVm } from '../lua/vm.ts';
import type { PreparedVm } from './client/lua-client.ts';
import { RngStream } from './kernel/rng.ts';
import type { Scenario } from './scenario-types.ts';

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

export class LuaPool {
  private constructor(
    private readonly clients: Map<string, ClientVms>,
    private readonly seed: number,
    private readonly wasm: string,
    private readonly modules: Record<string, string>,
    private readonly recycle: boolean,
  ) {}

  /** Every VM the run may need, made now. */
  static async prepare(
    scenario: Scenario,
    wasm: string,
    modules: Record<string, string> = {},
  ): Promise<LuaPool> {
    const pool = LuaPool.create(scenario, wasm, modules, false);
    await pool.ensure(Number.POSITIVE_INFINITY);
    return pool;
  }

  /**
   * The VMs of first incarnations now; later ones on ensure(t). With `recycle`, a client's previous
   * VM is closed when it takes the next (only for a simulation that is not rewound or forked).
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

  /** The distinct times at which some Lua client may start a new incarnation, ascending. */
  incarnationTimes(): number[] {
    const times = new Set<number>();
    for (const c of this.clients.values()) for (const t of c.restarts) times.add(t);
    return [...times].sort((a, b) => a - b);
  }

  /** Makes the VMs of every incarnation that may start at or before virtual time `t`. */
  async ensure(t: number): Promise<void> {
    for (const [name, c] of this.clients) {
      let wanted = 1;
      while (wanted <= c.restarts.length && c.restarts[wanted - 1]! <= t) wanted++;
      for (; c.made < wanted; c.made++)
        c.ready.push(await prepareVm(this.seed, name, c.made + 1, this.wasm, this.modules));
    }
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
        `no Lua VM prepared for client '${client}' (restarted more often than scheduled, or ensure() not awaited?)`,
      );
    if (this.recycle) {
      c.current?.vm.close();
      c.current = vm;
    }
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

// Lua VMs are created asynchronously (each is its own WebAssembly instance), but the simulator
// runs synchronously: so every VM a run will need — one per Lua client and incarnation (a start,
// plus one per scheduled restart) — is made before the run begins.
import type { LuaVm } from '../lua/types.ts';
import { createLuaVm } from '../lua/vm.ts';
import type { Scenario } from '../scenario/types.ts';
import type { PreparedVm } from './client/lua-client.ts';
import { RngStream } from './kernel/rng.ts';

export class LuaPool {
  private constructor(private readonly vms: Map<string, PreparedVm[]>) {}

  static async prepare(
    scenario: Scenario,
    wasm: string,
    modules: Record<string, string> = {},
  ): Promise<LuaPool> {
    const vms = new Map<string, PreparedVm[]>();
    for (const c of scenario.clients) {
      const edited = scenario.faults.some((f) => f.action === 'script' && f.target === c.name);
      if (c.script === undefined && !edited) continue;
      // A restart and a script edit each start a new incarnation.
      const restarts = scenario.faults.filter(
        (f) => (f.action === 'restart' || f.action === 'script') && f.target === c.name,
      ).length;
      const list: PreparedVm[] = [];
      for (let serial = 1; serial <= 1 + restarts; serial++)
        list.push(await prepareVm(scenario.seed, c.name, serial, wasm, modules));
      vms.set(c.name, list);
    }
    return new LuaPool(vms);
  }

  /** The VM for this client's next incarnation. */
  take(client: string): PreparedVm {
    const vm = this.vms.get(client)?.shift();
    if (!vm)
      throw new Error(`no Lua VM prepared for client '${client}' (restarted more often than scheduled?)`);
    return vm;
  }

  close(): void {
    for (const list of this.vms.values()) for (const p of list) p.vm.close();
    this.vms.clear();
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

// Start a run in the page: a scenario with Lua clients first gets its VMs (each an instance of the
// bundled wasm), which is asynchronous; then the simulator runs synchronously as everywhere else.
import { browserRecipeModules } from '../lua/recipes/load-browser.ts';
import { browserWasmSource } from '../lua/wasm-browser.ts';
import type { Scenario } from '../scenario/types.ts';
import { LuaPool } from '../sim/lua-pool.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';

export async function startSimulation(scenario: Scenario): Promise<Simulation> {
  if (!scenario.clients.some((c) => c.script !== undefined)) return createSimulation(scenario);
  const lua = await LuaPool.prepare(scenario, browserWasmSource, browserRecipeModules);
  return createSimulation(scenario, { lua });
}

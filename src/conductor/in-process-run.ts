// A run with every node on the page's thread (`mode=in-process`, and the single-file build, which
// cannot start workers from file://). Its own module, loaded by page.ts only for that mode.
import { browserRecipeModules } from '../lua/recipes/load-browser.ts';
import { browserWasmSource } from '../lua/wasm-browser.ts';
import type { Scenario } from '../sim/scenario-types.ts';
import { Conductor } from './conductor.ts';
import { frameTicker } from './frame-ticker.ts';
import { createInProcessEngine } from './in-process-engine.ts';
import type { RunControl } from './run-control.ts';

export async function startInProcess(scenario: Scenario): Promise<RunControl> {
  const lua = { wasm: browserWasmSource, modules: browserRecipeModules };
  const conductor = new Conductor(scenario, (s) => createInProcessEngine(s, lua), frameTicker);
  await conductor.start();
  return conductor;
}

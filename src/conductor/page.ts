// The page's way in: a RunControl for a scenario, driven by animation frames. Browser only (Vite).
import { browserRecipeModules } from '../lua/recipes/load-browser.ts';
import { browserWasmSource } from '../lua/wasm-browser.ts';
import type { Scenario } from '../scenario/types.ts';
import { Conductor, type Ticker } from './conductor.ts';
import { createInProcessEngine } from './in-process-engine.ts';
import type { RunControl } from './run-control.ts';

const frames: Ticker = {
  now: () => performance.now(),
  request(tick) {
    const id = requestAnimationFrame(() => tick());
    return () => cancelAnimationFrame(id);
  },
};

/** A run of `scenario`, ready at time 0 and paused. */
export async function createRunControl(scenario: Scenario): Promise<RunControl> {
  const lua = { wasm: browserWasmSource, modules: browserRecipeModules };
  const conductor = new Conductor(scenario, (s) => createInProcessEngine(s, lua), frames);
  await conductor.start();
  return conductor;
}

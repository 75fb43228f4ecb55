// One run on the page: the RunControl for a scenario (the conductor, in workers by default) and the
// page's timeline of it. It starts playing at once: the first screen is a run in motion.
import { createRunControl, exposeRun, type RunMode } from '../../conductor/page.ts';
import type { Scenario } from '../../sim/scenario-types.ts';
import { Timeline } from '../timeline.svelte.ts';

export class RunSession {
  timeline = $state.raw<Timeline | null>(null);
  error = $state<string | null>(null);
  #disposed = false;

  /**
   * `startAt`: a shared link's viewed time — the run opens there, paused, instead of playing.
   * `mode`: the route's `mode=` (null: workers).
   */
  constructor(
    scenario: Scenario,
    speed: number,
    autoplay: boolean,
    startAt: number | null = null,
    mode: RunMode | null = null,
  ) {
    createRunControl(scenario, mode).then(
      (control) => {
        if (this.#disposed) {
          control.dispose();
          return;
        }
        exposeRun(control);
        this.timeline = new Timeline(control);
        if (startAt !== null) void control.seek(startAt);
        else if (autoplay) control.play(speed);
      },
      (err: unknown) => {
        console.error(err);
        this.error = err instanceof Error ? err.message : String(err);
      },
    );
  }

  dispose(): void {
    this.#disposed = true;
    this.timeline?.dispose();
  }
}

// The run on screen and what the reader does to it — play, pause, a step, a seek, a speed, a fault,
// a key — with the slow-motion intro those end (intro.svelte.ts). App.svelte lays the page out
// and hands the transport, the palette and the keys these methods.
import { untrack } from 'svelte';
import type { RunMode } from '../../conductor/page.ts';
import type { FaultNow, StepTarget } from '../../conductor/run-control.ts';
import type { Scenario } from '../../sim/scenario-types.ts';
import { INTRO_SPEED, Intro } from './intro.svelte.ts';
import type { KeyAction } from './keys.ts';
import { RunSession } from './run-session.svelte.ts';
import { DEFAULT_SPEED, nextSpeed } from './speeds.ts';

export interface RunStart {
  /** Play at once (the page's first screen is a run in motion); a lesson opens paused. */
  autoplay: boolean;
  /** A shared link's viewed time: the run opens there, paused. */
  startAt: number | null;
  /** The route's `mode=` (null: workers). */
  mode: RunMode | null;
}

export class PageRun {
  /** The speed Play plays at. */
  speed = $state(DEFAULT_SPEED);
  session = $state.raw<RunSession | null>(null);
  readonly intro = new Intro();
  readonly timeline = $derived(this.session?.timeline ?? null);
  readonly frame = $derived(this.timeline?.frame ?? null);
  readonly control = $derived(this.timeline?.control ?? null);

  /** A run of `scenario`; returns its disposer (its workers end). The page's first gets the intro. */
  start(scenario: Scenario, how: RunStart): () => void {
    if (this.intro.offer(how.autoplay && how.startAt === null)) this.speed = INTRO_SPEED;
    else this.#endIntro(true);
    const s = new RunSession(scenario, this.speed, how.autoplay, how.startAt, how.mode);
    this.session = s;
    return () => s.dispose();
  }

  /** No run (the scenario is invalid, or Live mode shows a real ensemble instead). */
  stop(): void {
    this.session = null;
  }

  /** Each frame: the intro goes on to the usual speed, or ends where the reader interrupted it. */
  followIntro(): void {
    const frame = this.frame;
    if (!frame) return;
    const next = this.intro.onFrame(frame);
    if (next === null) return;
    untrack(() => {
      this.#endIntro(true);
      if (next === 'done') this.control?.play(this.speed);
    });
  }

  play = (): void => {
    this.#endIntro(true);
    this.control?.play(this.speed);
  };

  pause = (): void => {
    this.#endIntro(true);
    this.control?.pause();
  };

  setSpeed = (s: number): void => {
    this.#endIntro(false);
    this.speed = s;
    if (this.frame?.status === 'playing') this.control?.play(s);
  };

  step = (target: StepTarget): void => {
    this.#endIntro(true);
    this.control?.pause();
    void this.control?.step(target);
  };

  seek = (t: number): void => {
    this.#endIntro(true);
    void this.control?.seek(t);
  };

  /** The cursor's previous moment: the time of the last event before the cursor's time. */
  back = (): void => {
    const frame = this.frame;
    const events = this.timeline?.events ?? [];
    if (!frame) return;
    this.control?.pause();
    let i = Math.min(frame.cursorIndex, events.length) - 1;
    while (i >= 0 && events[i]!.t >= frame.t) i--;
    this.seek(i >= 0 ? events[i]!.t : 0);
  };

  inject = (fault: FaultNow): void => {
    this.#endIntro(true);
    void this.control?.inject(fault);
  };

  reset = (): void => {
    this.#endIntro(true);
    void this.control?.reset();
  };

  /** A key's action on the run (keys.ts); 'deselect' also clears the page's selection (App's). */
  key(action: KeyAction): void {
    switch (action.type) {
      case 'toggle':
        if (this.frame?.status === 'playing') this.pause();
        else this.play();
        return;
      case 'step':
        this.step(action.target);
        return;
      case 'back':
        this.back();
        return;
      case 'speed':
        this.setSpeed(nextSpeed(this.speed, action.dir));
        return;
      case 'start':
        this.seek(0);
        return;
      case 'deselect':
        this.control?.cancelSearch();
        return;
    }
  }

  #endIntro(restoreSpeed: boolean): void {
    if (this.intro.end() && restoreSpeed) this.speed = DEFAULT_SPEED;
  }
}

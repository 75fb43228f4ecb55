// The conductor: RunControl over an engine. It keeps the run as a timeline (the engine's events and
// every node's picture after every event, ViewLog) with a cursor; playing moves the cursor by
// real time × speed and computes more only when the cursor reaches the frontier; a change at the
// cursor rebuilds the run from its document with the change as a timed input (docs/conductor.md).

import { Checker } from '../sim/check/checker.ts';
import { resolutionOf, US_PER_MS } from '../sim/kernel/time-grid.ts';
import type { Fault, Scenario } from '../sim/scenario-types.ts';
import type { TraceEvent } from '../sim/trace/event.ts';
import { indexAfter } from './bisect.ts';
import type { Engine } from './engine.ts';
import type {
  FaultNow,
  Frame,
  RunControl,
  RunStatus,
  StepNotice,
  StepSearch,
  StepTarget,
  ViolationMark,
} from './run-control.ts';
import { nodeIds } from './simulation-engine.ts';
import { isStepTarget } from './step-targets.ts';
import { ViewLog } from './view-log.ts';

/** Real time and frames: performance.now + requestAnimationFrame in the page, a fake in tests. */
export interface Ticker {
  now(): number;
  /** Call `tick` once, soon (next animation frame); returns a cancel function. */
  request(tick: () => void): () => void;
}

export type EngineFactory = (scenario: Scenario) => Promise<Engine>;

/** Events computed between two looks at the real clock (pictures are taken at every event anyway). */
const EVENTS_PER_SLICE = 64;
/** Real ms a frame may spend computing. */
const FRAME_BUDGET_MS = 12;
/**
 * At "max" the run is all the user waits for: a tick may compute longer (most of the thread goes to
 * computing; a pause still gets in between two slices).
 */
const MAX_SPEED_BUDGET_MS = 40;
/**
 * At "max" a frame goes to the page at most this often (10 a second): the picture changes completely
 * from one to the next anyway, and drawing each one took a quarter of the page's thread in process
 * and slowed the node workers by 24-35% in worker mode (a hidden page ran them that much faster).
 * Slices stay 40 ms, so a pause still gets in within one.
 */
const MAX_SPEED_FRAME_MS = 100;
/** A longer gap between frames (a hidden tab) is not made up for. */
const MAX_FRAME_GAP_MS = 100;
/**
 * Real ms a step may search beyond what was computed. Long enough for a typical next election or
 * commit even in a slow tab (seconds of virtual time per real second), short enough that a miss
 * answers before the presenter gives up on the button.
 */
export const SEARCH_BUDGET_MS = 5_000;
export const MIN_SPEED = 0.05;
export const MAX_SPEED = 1000;

export class Conductor implements RunControl {
  private engine: Engine | null = null;
  private scenario: Scenario;
  private history: ViewLog;
  private checker = new Checker();
  private checked = 0;
  private violations: ViolationMark[] = [];
  /** The cursor: an integer virtual time and how many events are at or before it. */
  private cursor = { t: 0, index: 0 };
  /** While playing, the fractional virtual time the cursor follows (at 0.05×, 0.8 ms a frame). */
  private playClock = 0;
  private status: RunStatus = 'preparing';
  private error: string | null = null;
  private speed = 1;
  private playing = false;
  private lastTick: number | null = null;
  private cancelTick: (() => void) | null = null;
  /** When a tick at "max" last published its frame (ticker time), and whether the tick under way skips its own. */
  private publishedAt = Number.NEGATIVE_INFINITY;
  private quietTick = false;
  private listeners = new Map<(f: Frame) => void, Listener>();
  /** Events before this index are unchanged since every listener last got them. */
  private cutAt = Number.POSITIVE_INFINITY;
  /** Operations run one at a time, in call order. */
  private chain: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** A step searching beyond the computed part, shown in frames; the flag asks it to stop. */
  private search: StepSearch | null = null;
  private stopSearch = false;
  private notice: StepNotice | null = null;
  /** The cursor's last move was a seek (Frame.jumped). */
  private jumped = false;

  constructor(
    private readonly original: Scenario,
    private readonly makeEngine: EngineFactory,
    private readonly ticker: Ticker,
  ) {
    this.scenario = original;
    this.history = new ViewLog(nodeIds(original));
  }

  /** Build the first engine; resolves when the run is ready at time 0. */
  start(): Promise<void> {
    return this.run(() => this.rebuild(this.original, 0));
  }

  play(speed: number): void {
    this.speed = Number.isFinite(speed) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) : speed;
    if (this.status === 'error' || this.disposed) return;
    this.interruptSearch();
    this.jumped = false;
    this.playing = true;
    this.lastTick = null;
    this.playClock = this.cursor.t;
    this.setStatus();
    this.publish();
    this.schedule();
  }

  pause(): void {
    this.stopPlaying();
    this.setStatus();
    this.publish();
  }

  step(target: StepTarget = 'event'): Promise<boolean> {
    this.interruptSearch();
    // Cleared before the pause's frame: views that animate are back in motion before the step's
    // change reaches them, so a step right after a seek slides like any other.
    this.jumped = false;
    this.pause();
    return this.run(() => this.searchFor(target));
  }

  cancelSearch(): void {
    if (this.search) this.stopSearch = true;
  }

  seek(t: number): Promise<void> {
    this.interruptSearch();
    return this.run(async () => {
      const to = this.grid(Math.max(0, Math.min(t, this.scenario.duration)), Math.round);
      if (to > this.engine!.now) await this.compute(to, Number.POSITIVE_INFINITY);
      this.cursor = { t: to, index: indexAfter(this.engine!.events, to) };
      this.jumped = true;
    });
  }

  inject(fault: FaultNow): Promise<void> {
    this.interruptSearch();
    return this.run(async () => {
      const at = this.cursor.t;
      // A branch replaces the future: changes made earlier at later times than the cursor go
      // (they belonged to the timeline being cut); the scenario's own faults stay.
      const own = this.original.faults;
      const kept = this.scenario.faults.slice(own.length).filter((f) => f.at <= at);
      const next: Scenario = { ...this.scenario, faults: [...own, ...kept, { ...fault, at } as Fault] };
      this.jumped = false;
      await this.rebuild(next, at);
    });
  }

  editScript(client: string, script: string): Promise<void> {
    return this.inject({ action: 'script', target: client, script });
  }

  reset(): Promise<void> {
    this.interruptSearch();
    this.pause();
    return this.run(() => {
      this.jumped = true;
      return this.rebuild(this.original, 0);
    });
  }

  /**
   * `treeChanges`: frames carry servers' trees as changes to what this listener was sent before
   * (Frame.trees), not whole in the view — for a listener across a worker boundary, where every
   * frame is copied.
   */
  subscribe(listener: (frame: Frame) => void, options: { treeChanges?: boolean } = {}): () => void {
    this.listeners.set(listener, { sent: 0, trees: options.treeChanges ? new Map() : null });
    if (this.engine) listener(this.frameFor(this.listeners.get(listener)!));
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.pause();
    this.engine?.dispose();
    this.engine = null;
    this.listeners.clear();
  }

  /** Resolves when every operation asked for so far (a frame's computing included) is over. */
  idle(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  /** The scenario document that reproduces the run as it is now, branch inputs included. */
  get document(): Scenario {
    return this.scenario;
  }

  // ── internals ──────────────────────────────────────────────────────────────

  /**
   * The next `target` event after the cursor. Beyond the computed part, computes on in slices of a
   * frame's budget, publishing between them (the page stays responsive and shows the search, and a
   * cancel can get in), for at most SEARCH_BUDGET_MS of real time. When none is found the cursor
   * stays where the user was and the notice says how far the search looked.
   */
  private async searchFor(target: StepTarget): Promise<boolean> {
    const engine = this.engine!;
    const events = engine.events;
    const from = this.cursor.t;
    this.notice = null;
    this.stopSearch = false;
    const started = this.ticker.now();
    let slice = started;
    // Looked at after the events just computed have been checked: a match found then still counts.
    let sliceOver = false;
    let outOfTime = false;
    const notFound = (until: number, complete: boolean) => {
      // A search stopped by the user (or another action) is not news.
      if (!this.stopSearch) this.notice = { kind: 'not-found', target, from, until, complete };
      return false;
    };
    try {
      for (let i = this.cursor.index; ; i++) {
        while (i >= events.length) {
          this.search ??= { target, from, searchedTo: engine.now };
          if (this.stopSearch || this.disposed) return false;
          if (outOfTime) return notFound(engine.now, false);
          if (sliceOver) {
            this.search = { target, from, searchedTo: engine.now };
            this.publish();
            await new Promise<void>((resolve) => this.ticker.request(resolve));
            slice = this.ticker.now();
            sliceOver = false;
            continue;
          }
          if (!(await engine.stepEvent())) return notFound(this.scenario.duration, true);
          this.observeFrontier();
          const now = this.ticker.now();
          outOfTime = now - started > SEARCH_BUDGET_MS;
          sliceOver = now - slice > FRAME_BUDGET_MS;
        }
        const e = events[i]!;
        if (target === 'violation' ? this.violations.some((v) => v.index === i) : isStepTarget(target, e)) {
          this.cursor = { t: e.t, index: i + 1 };
          return true;
        }
      }
    } finally {
      this.search = null;
    }
  }

  /** Any action the user takes ends a step's search and clears the last step's notice. */
  private interruptSearch(): void {
    this.cancelSearch();
    this.notice = null;
  }

  private run<T>(op: () => Promise<T>): Promise<T> {
    const result = this.chain.then(async () => {
      if (this.disposed) throw new Error('the run was disposed');
      try {
        return await op();
      } catch (e) {
        this.fail(e);
        throw e;
      } finally {
        this.setStatus();
        if (this.quietTick) this.quietTick = false;
        else this.publish();
      }
    });
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** No more frames of playing: the clock stops and no tick is pending. */
  private stopPlaying(): void {
    this.playing = false;
    this.cancelTick?.();
    this.cancelTick = null;
  }

  private fail(e: unknown): void {
    this.stopPlaying();
    this.status = 'error';
    this.error = e instanceof Error ? e.message : String(e);
  }

  /** A new engine for `scenario`, computed up to `at`; the timeline is kept up to the first event at `at`. */
  private async rebuild(scenario: Scenario, at: number): Promise<void> {
    this.status = 'preparing';
    this.publish();
    const keep = this.engine ? indexAfter(this.engine.events, at - 1) : 0;
    this.engine?.dispose();
    this.engine = null;
    this.scenario = scenario;
    this.engine = await this.makeEngine(scenario);
    this.cutAt = Math.min(this.cutAt, keep);
    this.history.cut(keep);
    // Tree positions sent before the cut may name other changes now.
    for (const state of this.listeners.values()) state.trees?.clear();
    this.checker = new Checker();
    this.checked = 0;
    this.violations = [];
    await this.compute(at, Number.POSITIVE_INFINITY);
    this.cursor = { t: at, index: indexAfter(this.engine.events, at) };
  }

  /** Compute up to time t (or for `budgetMs` of real time), taking pictures as it goes. */
  private async compute(t: number, budgetMs: number): Promise<void> {
    const engine = this.engine!;
    const started = this.ticker.now();
    for (;;) {
      const caughtUp = await engine.advance(t, EVENTS_PER_SLICE);
      this.observeFrontier();
      if (caughtUp || engine.done() || this.ticker.now() - started > budgetMs) return;
    }
  }

  /** New events at the frontier: check them and keep the pictures taken with them. */
  private observeFrontier(): void {
    const engine = this.engine!;
    const events = engine.events;
    for (; this.checked < events.length; this.checked++) {
      for (const v of this.checker.observe(events[this.checked]!, this.checked))
        this.violations.push({ index: this.checked, t: v.t, invariant: v.invariant, message: v.message });
    }
    this.history.add(engine.takePictures());
  }

  private schedule(): void {
    if (!this.playing || this.cancelTick) return;
    this.cancelTick = this.ticker.request(() => {
      this.cancelTick = null;
      void this.run(() => this.tick()).then(
        () => this.schedule(),
        () => undefined,
      );
    });
  }

  /**
   * `t` on the run's time grid: whole ms, or whole µs for a run with sub-ms latencies (the world's
   * times are on that grid, kernel/time-grid.ts), so a cursor can stop between two events a few µs
   * apart. `round` says which way (Math.round for a seek, Math.floor for playing).
   */
  private grid(t: number, round: (x: number) => number): number {
    return resolutionOf(this.scenario.network.latency) === 'us' ? round(t * US_PER_MS) / US_PER_MS : round(t);
  }

  private async tick(): Promise<void> {
    if (!this.playing) return;
    const engine = this.engine!;
    const now = this.ticker.now();
    const elapsed = this.lastTick === null ? 0 : Math.min(MAX_FRAME_GAP_MS, now - this.lastTick);
    this.lastTick = now;
    if (Number.isFinite(this.speed)) {
      this.playClock = Math.min(this.scenario.duration, this.playClock + elapsed * this.speed);
      const target = this.grid(this.playClock, Math.floor);
      if (target > engine.now) await this.compute(target, FRAME_BUDGET_MS);
      // Paused while computing: the cursor stays where the pause found it.
      if (!this.playing) return;
      const t = Math.min(target, engine.now);
      // Computing fell behind (the frame budget ran out): the clock waits for it.
      if (engine.now < target) this.playClock = engine.now;
      this.cursor = { t, index: indexAfter(engine.events, t) };
    } else {
      await this.compute(this.scenario.duration, MAX_SPEED_BUDGET_MS);
      if (!this.playing) return;
      this.cursor = { t: engine.now, index: engine.events.length };
      const now = this.ticker.now();
      this.quietTick = !this.atEnd() && now - this.publishedAt < MAX_SPEED_FRAME_MS;
      if (!this.quietTick) this.publishedAt = now;
    }
    if (this.atEnd()) this.playing = false;
  }

  private atEnd(): boolean {
    const engine = this.engine;
    return engine?.done() === true && this.cursor.index >= engine.events.length;
  }

  private setStatus(): void {
    if (this.status === 'error' || !this.engine) return;
    this.status = this.atEnd() ? 'done' : this.playing ? 'playing' : 'paused';
  }

  private publish(): void {
    if (!this.engine) {
      for (const [listener, state] of this.listeners) this.deliver(listener, this.preparingFrame(state));
      return;
    }
    for (const [listener, state] of this.listeners) {
      state.sent = Math.min(state.sent, this.cutAt);
      this.deliver(listener, this.frameFor(state));
    }
    this.cutAt = Number.POSITIVE_INFINITY;
  }

  /**
   * A listener that throws (a view's bug) stops the run with its message, which the next frame
   * carries to every listener, instead of leaving it "playing" with nothing moving.
   */
  private deliver(listener: (f: Frame) => void, frame: Frame): void {
    try {
      listener(frame);
    } catch (e) {
      if (this.status === 'error') return;
      this.fail(e);
      queueMicrotask(() => this.publish());
    }
  }

  private frameFor(state: Listener): Frame {
    const engine = this.engine!;
    const from = state.sent;
    const events = engine.events.slice(from) as TraceEvent[];
    state.sent = engine.events.length;
    const done = engine.done();
    return {
      status: this.status,
      t: this.cursor.t,
      frontier: engine.now,
      duration: this.scenario.duration,
      speed: this.speed,
      from,
      events,
      cursorIndex: this.cursor.index,
      view: this.history.at(this.cursor.index, this.cursor.t, state.trees === null),
      ...(state.trees ? { trees: this.history.treeUpdates(this.cursor.index, state.trees) } : {}),
      violations: this.violations,
      scenario: this.scenario,
      hash: done ? engine.hash() : null,
      error: this.error,
      search: this.search,
      notice: this.notice,
      jumped: this.jumped,
    };
  }

  /** While an engine is being built: nothing changes for the page but the status. */
  private preparingFrame(state: Listener): Frame {
    const sent = state.sent;
    return {
      status: this.status,
      t: this.cursor.t,
      frontier: this.cursor.t,
      duration: this.scenario.duration,
      speed: this.speed,
      from: sent,
      events: [],
      cursorIndex: this.cursor.index,
      view: this.history.at(this.cursor.index, this.cursor.t, state.trees === null),
      ...(state.trees ? { trees: this.history.treeUpdates(this.cursor.index, state.trees) } : {}),
      violations: [],
      scenario: this.scenario,
      hash: null,
      error: this.error,
      search: null,
      notice: this.notice,
      jumped: this.jumped,
    };
  }
}

interface Listener {
  /** Events it has been sent. */
  sent: number;
  /** With treeChanges: the tree position it holds per server. */
  trees: Map<string, number> | null;
}

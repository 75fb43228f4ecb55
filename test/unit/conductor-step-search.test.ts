// "Step to the next ..." with none computed yet (src/conductor/conductor.ts, searchFor): the
// conductor computes further in slices, publishing frames that carry the search, for a bounded real
// time; when nothing is found the cursor stays where it was and the frame says how far it looked.
// Real time is a ManualTicker: tests make the conductor's clock reads cost real time (onNow) and
// answer its frame requests as soon as a searching frame asks for one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEARCH_BUDGET_MS } from '../../src/conductor/conductor.ts';
import type { Frame, StepSearch } from '../../src/conductor/run-control.ts';
import { isStepTarget } from '../../src/conductor/step-targets.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { startConductor } from '../support/conductor.ts';

function failover(): Scenario {
  const parsed = parseScenarioJson(readFileSync('examples/ensemble-failover.json', 'utf8'));
  if (!parsed.ok) throw new Error('examples/ensemble-failover.json is invalid');
  return parsed.scenario;
}

type Run = Awaited<ReturnType<typeof startConductor>>;

/**
 * Every clock read costs `msPerRead` of real time, and each frame a search publishes is followed by
 * the animation frame it waits for (after `onSearch`, which may act in the middle of the search).
 */
function searchClock(run: Run, msPerRead: number, onSearch: (f: Frame) => void = () => {}): StepSearch[] {
  const seen: StepSearch[] = [];
  run.ticker.onNow = () => {
    run.ticker.time += msPerRead;
  };
  run.conductor.subscribe((f) => {
    if (!f.search) return;
    seen.push(f.search);
    onSearch(f);
    // The conductor asks for the frame right after publishing this one.
    queueMicrotask(() => run.ticker.fire(16));
  });
  return seen;
}

describe('conductor: step searches beyond the computed part', () => {
  it('finds the next election later on: frames during the search carry it, the cursor lands on it', async () => {
    const run = await startConductor(failover());
    const start = run.page.frame!;
    expect(run.page.events.length).toBe(start.cursorIndex); // nothing computed past the cursor
    const seen = searchClock(run, 5);

    expect(await run.conductor.step('election')).toBe(true);

    const f = run.page.frame!;
    const first = run.page.events.findIndex((e, i) => i >= start.cursorIndex && isStepTarget('election', e));
    expect(first).toBeGreaterThan(start.cursorIndex);
    expect(f.cursorIndex).toBe(first + 1);
    expect(f.t).toBe(run.page.events[first]!.t);
    expect(seen.length).toBeGreaterThan(1);
    for (const s of seen) expect(s).toMatchObject({ target: 'election', from: start.t });
    // searchedTo follows the frontier forward, never past the event found
    const to = seen.map((s) => s.searchedTo);
    expect(to).toEqual([...to].sort((a, b) => a - b));
    expect(to.at(-1)!).toBeLessThanOrEqual(f.t);
    expect(f.search).toBeNull();
    expect(f.notice).toBeNull();
    run.conductor.dispose();
  });

  it('searches the whole run for a violation that never comes: the cursor stays, the notice says so', async () => {
    const scenario = failover();
    const run = await startConductor(scenario);
    const start = run.page.frame!;

    expect(await run.conductor.step('violation')).toBe(false);

    const f = run.page.frame!;
    expect(f.frontier).toBe(scenario.duration); // the whole run was computed...
    expect(f.violations).toEqual([]);
    expect(f.t).toBe(start.t); // ...but the cursor is where the user left it
    expect(f.cursorIndex).toBe(start.cursorIndex);
    expect(f.status).toBe('paused');
    expect(f.search).toBeNull();
    expect(f.notice).toEqual({
      kind: 'not-found',
      target: 'violation',
      from: start.t,
      until: scenario.duration,
      complete: true,
    });

    // Asked again with everything computed: the same answer, at once.
    expect(await run.conductor.step('violation')).toBe(false);
    expect(run.page.frame!.notice).toMatchObject({ complete: true, until: scenario.duration });
    // Any other action clears the notice: play at once, a step or a seek when it runs.
    run.conductor.play(1);
    expect(run.page.frame!.notice).toBeNull();
    run.conductor.pause();
    await run.conductor.step('violation');
    await run.conductor.step('event');
    expect(run.page.frame!.notice).toBeNull();
    expect(run.page.frame!.cursorIndex).toBe(start.cursorIndex + 1);
    await run.conductor.step('violation');
    await run.conductor.seek(1_000);
    expect(run.page.frame!.notice).toBeNull();
    run.conductor.dispose();
  });

  it(`gives up after ${SEARCH_BUDGET_MS} ms of real time: the cursor stays, the notice says how far it looked`, async () => {
    const scenario = failover();
    const run = await startConductor(scenario);
    const start = run.page.frame!;
    const realStart = run.ticker.time;
    const seen = searchClock(run, 100);

    expect(await run.conductor.step('violation')).toBe(false);

    const f = run.page.frame!;
    expect(run.ticker.time - realStart).toBeGreaterThan(SEARCH_BUDGET_MS);
    // Stopped by the bound, not by the end of the run.
    expect(f.frontier).toBeGreaterThan(start.t);
    expect(f.frontier).toBeLessThan(scenario.duration);
    expect(f.t).toBe(start.t);
    expect(f.cursorIndex).toBe(start.cursorIndex);
    expect(f.notice).toEqual({
      kind: 'not-found',
      target: 'violation',
      from: start.t,
      until: f.frontier,
      complete: false,
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)!.searchedTo).toBeLessThanOrEqual(f.frontier);
    expect(f.search).toBeNull();
    run.conductor.dispose();
  });

  it('stops when cancelled mid-search, without waiting for queued work: cursor unchanged, no notice', async () => {
    const scenario = failover();
    const run = await startConductor(scenario);
    const start = run.page.frame!;
    let cancelledAt: number | null = null;
    searchClock(run, 5, (f) => {
      if (cancelledAt !== null) return;
      cancelledAt = f.search!.searchedTo;
      run.conductor.cancelSearch();
    });

    expect(await run.conductor.step('violation')).toBe(false);

    const f = run.page.frame!;
    expect(cancelledAt).not.toBeNull();
    // It stopped at the next slice: far from the end of the run.
    expect(f.frontier).toBeLessThan(scenario.duration);
    expect(f.t).toBe(start.t);
    expect(f.cursorIndex).toBe(start.cursorIndex);
    expect(f.notice).toBeNull();
    expect(f.search).toBeNull();
    // A later search is not cancelled by the earlier cancel.
    run.ticker.onNow = null;
    expect(await run.conductor.step('election')).toBe(true);
    run.conductor.dispose();
  });

  it('another action during a search ends it: a seek goes through, the cursor goes where it asked', async () => {
    const run = await startConductor(failover());
    let seek: Promise<void> | null = null;
    searchClock(run, 5, () => {
      seek ??= run.conductor.seek(500);
    });

    expect(await run.conductor.step('violation')).toBe(false);
    expect(seek).not.toBeNull();
    await seek;

    const f = run.page.frame!;
    expect(f.t).toBe(500);
    expect(f.notice).toBeNull();
    expect(f.search).toBeNull();
    run.conductor.dispose();
  });
});

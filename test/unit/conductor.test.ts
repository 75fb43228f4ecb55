// The conductor (src/conductor/conductor.ts) over in-process nodes: play, step, seek, branch, reset,
// and the rule that makes branches shareable: the run after a change equals a fresh run of the
// document the conductor says it is running.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { traceHash } from '../../src/sim/trace/recorder.ts';
import { nodeLua, startConductor } from '../support/conductor.ts';

function example(file: string): Scenario {
  const parsed = parseScenarioJson(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file} is invalid`);
  return parsed.scenario;
}

/** The trace hash and events of a fresh run of `scenario` to its end, without a conductor. */
async function fresh(scenario: Scenario) {
  const engine = await createInProcessEngine(scenario, nodeLua());
  await engine.advance(scenario.duration, Number.POSITIVE_INFINITY);
  const out = { hash: engine.hash(), events: engine.events.slice() };
  engine.dispose();
  return out;
}

async function playToEnd(run: Awaited<ReturnType<typeof startConductor>>) {
  run.conductor.play(Number.POSITIVE_INFINITY);
  while (run.ticker.fire()) await run.conductor.idle();
  await run.conductor.idle();
}

const lock = () => example('examples/recipes/lock.json');
const failover = () => example('examples/ensemble-failover.json');

describe('conductor', () => {
  it('plays to the end with the hash of a plain run, and the page holds every event', async () => {
    const scenario = lock();
    const run = await startConductor(scenario);
    await playToEnd(run);
    const expected = await fresh(scenario);
    const f = run.page.frame!;
    expect(f.status).toBe('done');
    expect(f.hash).toBe(expected.hash);
    expect(traceHash(run.page.events)).toBe(expected.hash);
    expect(f.cursorIndex).toBe(expected.events.length);
    run.conductor.dispose();
  });

  it('plays at a speed: 16 ms of real time at 10× moves the cursor 160 virtual ms', async () => {
    const run = await startConductor(failover());
    run.conductor.play(10);
    run.ticker.fire(16); // the first frame only starts the clock
    await run.conductor.idle();
    run.ticker.fire(16);
    await run.conductor.idle();
    expect(run.page.frame!.t).toBe(160);
    expect(run.page.frame!.status).toBe('playing');
    run.conductor.pause();
    expect(run.page.frame!.status).toBe('paused');
    expect(run.ticker.fire(16)).toBe(false);
    run.conductor.dispose();
  });

  it('a view that throws stops the run with its message instead of leaving it playing', async () => {
    const run = await startConductor(failover());
    run.conductor.subscribe((f) => {
      if (f.t >= 320) throw new Error('the ring could not draw zk9');
    });
    run.conductor.play(10);
    for (let i = 0; i < 10; i++) {
      run.ticker.fire(16);
      await run.conductor.idle();
    }
    await Promise.resolve();
    const f = run.page.frame!;
    expect(f.status).toBe('error');
    expect(f.error).toBe('the ring could not draw zk9');
    expect(f.t).toBe(320);
    expect(run.ticker.fire(16)).toBe(false);
    run.conductor.dispose();
  });

  it('a pause that comes while a frame is computing leaves the cursor where the pause found it', async () => {
    const run = await startConductor(failover());
    run.conductor.play(10);
    run.ticker.fire(16);
    await run.conductor.idle();
    const before = run.page.frame!.t;
    // This frame's tick computes 160 ms further; the pause arrives as it starts computing (the
    // conductor reads the clock at the tick's start, then as compute starts).
    let reads = 0;
    run.ticker.onNow = () => {
      if (++reads === 2) run.conductor.pause();
    };
    run.ticker.fire(16);
    await run.conductor.idle();
    expect(reads).toBe(2);
    expect(run.page.frame!.status).toBe('paused');
    expect(run.page.frame!.t).toBe(before);
    run.conductor.dispose();
  });

  it('at 0.05× the cursor still moves, in whole milliseconds, and a fault injected there is a valid input', async () => {
    const run = await startConductor(failover());
    run.conductor.play(0.05);
    for (let i = 0; i < 101; i++) {
      run.ticker.fire(16);
      await run.conductor.idle();
    }
    // 100 frames × 16 ms × 0.05 = 80 ms, give or take the floating-point sum.
    const t = run.page.frame!.t;
    expect(Number.isInteger(t) && t >= 79 && t <= 80).toBe(true);
    run.conductor.pause();
    await run.conductor.inject({ action: 'pause', target: 'zk1' });
    expect(run.conductor.document.faults.at(-1)).toEqual({ at: t, action: 'pause', target: 'zk1' });
    run.conductor.dispose();
  });

  it('steps one event at a time, and to the next election result and commit', async () => {
    const run = await startConductor(failover());
    // Ready at time 0: the cursor is past the events at 0 (the servers' starts).
    const start = run.page.frame!.cursorIndex;
    expect(start).toBe(run.page.events.filter((e) => e.t === 0).length);
    expect(await run.conductor.step()).toBe(true);
    expect(run.page.frame!.cursorIndex).toBe(start + 1);
    expect(await run.conductor.step('election')).toBe(true);
    const f = run.page.frame!;
    const e = run.page.events[f.cursorIndex - 1]!;
    expect(e.kind).toBe('server.state');
    expect(['LEADING', 'FOLLOWING']).toContain(e.state);
    expect(f.t).toBe(e.t);
    // Nothing before it was an election result.
    const earlier = run.page.events.slice(0, f.cursorIndex - 1);
    expect(earlier.some((x) => x.kind === 'server.state' && x.state !== 'LOOKING')).toBe(false);
    await run.conductor.step('commit');
    expect(run.page.events[run.page.frame!.cursorIndex - 1]!.kind).toBe('txn.commit');
    run.conductor.dispose();
  });

  it('seeks back without computing, and shows the picture taken then', async () => {
    const run = await startConductor(failover());
    await run.conductor.seek(8_000);
    const frontier = run.page.frame!.frontier;
    expect(frontier).toBe(8_000);
    const leaderAt8s = run.page.frame!.view.servers.filter((s) => s.role === 'LEADING').map((s) => s.sid);
    expect(leaderAt8s).toHaveLength(1);
    await run.conductor.seek(100);
    const f = run.page.frame!;
    expect(f.frontier).toBe(frontier);
    expect(f.t).toBe(100);
    expect(f.cursorIndex).toBe(run.page.events.filter((e) => e.t <= 100).length);
    expect(f.view.t).toBeLessThanOrEqual(100);
    expect(f.view.servers.every((s) => s.role !== 'LEADING')).toBe(true);
    await run.conductor.seek(8_000);
    expect(run.page.frame!.view.servers.filter((s) => s.role === 'LEADING').map((s) => s.sid)).toEqual(
      leaderAt8s,
    );
    run.conductor.dispose();
  });

  it('frames say when the cursor jumped (a seek or a reset) rather than stepped or played', async () => {
    const run = await startConductor(failover());
    const jumped = () => run.page.frame!.jumped;
    expect(jumped()).toBe(false);
    await run.conductor.seek(2_000);
    expect(jumped()).toBe(true);
    const frames: boolean[] = [];
    const stop = run.conductor.subscribe((f) => frames.push(f.jumped));
    frames.length = 0;
    await run.conductor.step();
    // The pause's frame, before the step moves the cursor, already says "not a jump".
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(frames.every((j) => !j)).toBe(true);
    stop();
    await run.conductor.seek(500);
    expect(jumped()).toBe(true);
    run.conductor.play(1);
    expect(jumped()).toBe(false);
    await run.conductor.seek(700);
    await run.conductor.inject({ action: 'crash', target: 'zk1' });
    expect(jumped()).toBe(false);
    await run.conductor.reset();
    expect(jumped()).toBe(true);
    run.conductor.dispose();
  });

  it('a crash injected at the cursor branches the run; the document replays it exactly', async () => {
    const run = await startConductor(lock());
    await run.conductor.seek(5_000);
    const before = run.page.events.slice();
    const leader = run.page.frame!.view.servers.find((s) => s.role === 'LEADING')!.node;
    await run.conductor.inject({ action: 'crash', target: leader });
    const doc = run.conductor.document;
    expect(doc.faults.at(-1)).toEqual({ at: 5_000, action: 'crash', target: leader });
    // Everything before 5 s is kept; the crash is right after it.
    const kept = before.filter((e) => e.t < 5_000).length;
    expect(run.page.events.slice(0, kept)).toEqual(before.slice(0, kept));
    expect(run.page.events.slice(kept).some((e) => e.kind === 'node.crash' && e.node === leader)).toBe(true);
    await playToEnd(run);
    const replay = await fresh(doc);
    expect(run.page.frame!.hash).toBe(replay.hash);
    expect(traceHash(run.page.events)).toBe(replay.hash);
    run.conductor.dispose();
  });

  it('two faults injected at one moment, even at time 0, both take effect at the cursor', async () => {
    for (const at of [0, 4_000]) {
      const run = await startConductor(failover());
      await run.conductor.seek(at);
      await run.conductor.inject({ action: 'partition', groups: [['zk1'], ['zk2', 'zk3']] });
      await run.conductor.inject({ action: 'heal' });
      const f = run.page.frame!;
      const seen = run.page.events
        .slice(0, f.cursorIndex)
        .filter((e) => e.kind === 'fault' && (e.action === 'partition' || e.action === 'heal'));
      expect(seen.map((e) => [e.t, e.action])).toEqual([
        [at, 'partition'],
        [at, 'heal'],
      ]);
      expect(f.t).toBe(at);
      run.conductor.dispose();
    }
  });

  it('a change made at an earlier moment replaces the changes made later in the old timeline', async () => {
    const scenario = lock();
    const run = await startConductor(scenario);
    await run.conductor.seek(6_000);
    await run.conductor.inject({ action: 'pause', target: 'zk1' });
    await run.conductor.seek(2_000);
    await run.conductor.inject({ action: 'pause', target: 'zk2' });
    expect(run.conductor.document.faults).toEqual([
      ...scenario.faults,
      { at: 2_000, action: 'pause', target: 'zk2' },
    ]);
    run.conductor.dispose();
  });

  it('a script edit restarts that client with the new script, recorded as a script fault', async () => {
    const run = await startConductor(lock());
    await run.conductor.seek(3_000);
    await run.conductor.editScript('c3', "zk.log('edited')");
    await playToEnd(run);
    const logs = run.page.events.filter((e) => e.kind === 'lua.log' && e.client === 'c3');
    expect(logs.map((e) => e.message)).toContain('edited');
    expect(logs.find((e) => e.message === 'edited')!.t).toBeGreaterThanOrEqual(3_000);
    const replay = await fresh(run.conductor.document);
    expect(run.page.frame!.hash).toBe(replay.hash);
    run.conductor.dispose();
  });

  it('reset goes back to time 0 and the document as loaded', async () => {
    const scenario = failover();
    const run = await startConductor(scenario);
    await run.conductor.seek(4_000);
    await run.conductor.inject({ action: 'pause', target: 'zk1' });
    await run.conductor.reset();
    const f = run.page.frame!;
    expect(f.t).toBe(0);
    expect(f.scenario).toEqual(scenario);
    expect(run.page.events).toEqual(run.page.events.filter((e) => e.t <= 0));
    await playToEnd(run);
    expect(run.page.frame!.hash).toBe((await fresh(scenario)).hash);
    run.conductor.dispose();
  });

  it('reports violations of a broken twin without changing the trace', async () => {
    const scenario = example('examples/recipes/counter_unsafe.json');
    const run = await startConductor(scenario);
    await playToEnd(run);
    const f = run.page.frame!;
    expect(f.violations.map((v) => v.invariant)).toContain('counter-lost-update');
    expect(f.hash).toBe((await fresh(scenario)).hash);
    await run.conductor.reset();
    expect(await run.conductor.step('violation')).toBe(true);
    const first = f.violations[0]!;
    expect(run.page.frame!.cursorIndex).toBe(first.index + 1);
    run.conductor.dispose();
  });
});

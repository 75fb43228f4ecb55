// A run with sub-ms latencies (times on the 1 µs grid, kernel/time-grid.ts) lets the cursor stop
// between events a few µs apart: a seek lands on the µs asked for, and playing slowly moves the
// cursor by fractions of a ms; a whole-ms run still seeks and plays by whole ms.
import { describe, expect, it } from 'vitest';
import { startConductor } from '../support/conductor.ts';
import { example } from '../support/views.ts';

describe('the cursor on a µs run', () => {
  it('seeks to a µs and shows exactly the events up to it', async () => {
    const run = await startConductor(example('loopback-lock.json'));
    await run.conductor.seek(1_100);
    const events = run.page.events;
    // Two consecutive events less than a ms apart, after the clients start.
    const i = events.findIndex(
      (e, k) => k > 0 && e.t > 1_000 && e.t - events[k - 1]!.t > 0.002 && e.t - events[k - 1]!.t < 1,
    );
    expect(i).toBeGreaterThan(0);
    const between = Math.round(((events[i - 1]!.t + events[i]!.t) / 2) * 1000) / 1000;
    expect(Number.isInteger(between)).toBe(false);
    await run.conductor.seek(between);
    const f = run.page.frame!;
    expect(f.t).toBe(between);
    expect(f.cursorIndex).toBe(events.filter((e) => e.t <= between).length);
    expect(f.cursorIndex).toBe(i);
    // A seek asks for at most µs: 1000.0004 is 1000.
    await run.conductor.seek(1_000.0004);
    expect(run.page.frame!.t).toBe(1_000);
    run.conductor.dispose();
  });

  it('plays slowly by fractions of a ms', async () => {
    const run = await startConductor(example('loopback-lock.json'));
    await run.conductor.seek(1_000);
    run.conductor.play(0.05);
    for (let k = 0; k < 5; k++) {
      run.ticker.fire(16);
      await run.conductor.idle();
    }
    run.conductor.pause();
    const t = run.page.frame!.t;
    expect(t).toBeGreaterThan(1_000);
    expect(t).toBeLessThan(1_005);
    expect(Number.isInteger(t)).toBe(false);
    run.conductor.dispose();
  });

  it('keeps whole ms on a whole-ms run', async () => {
    const run = await startConductor(example('welcome.json'));
    await run.conductor.seek(1_234.567);
    expect(run.page.frame!.t).toBe(1_235);
    run.conductor.dispose();
  });
});

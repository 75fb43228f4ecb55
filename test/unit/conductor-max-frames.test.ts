// At "max" the conductor publishes a frame at most every 100 ms of real time (it computes in 40 ms
// slices, so most slices end without one), and the run still ends with a last frame: done, with
// the hash of the run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { startConductor } from '../support/conductor.ts';

function welcome() {
  const parsed = parseScenarioJson(readFileSync('examples/welcome.json', 'utf8'));
  if (!parsed.ok) throw new Error('examples/welcome.json is invalid');
  return parsed.scenario;
}

describe('frames at "max"', () => {
  it('come at most every 100 ms while playing, and the last one says done', async () => {
    const { conductor, ticker } = await startConductor(welcome());
    // Each look at the clock costs 10 ms of real time, so a 40 ms slice ends after a few batches.
    ticker.onNow = () => {
      ticker.time += 10;
    };
    const playing: number[] = [];
    let last: { status: string; hash: string | null } | null = null;
    conductor.subscribe((f) => {
      if (f.status === 'playing') playing.push(ticker.time);
      last = f;
    });
    conductor.play(Number.POSITIVE_INFINITY);
    let ticks = 0;
    while (ticker.fire()) {
      await conductor.idle();
      ticks++;
    }
    await conductor.idle();
    expect(ticks).toBeGreaterThan(5);
    // The frame play() itself publishes, then one every 100 ms or more.
    expect(playing.length).toBeGreaterThan(1);
    expect(playing.length).toBeLessThan(ticks);
    for (let i = 2; i < playing.length; i++)
      expect(playing[i]! - playing[i - 1]!).toBeGreaterThanOrEqual(100);
    expect(last).toMatchObject({ status: 'done' });
    expect(last!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a pause at max is published at once', async () => {
    const { conductor, ticker, page } = await startConductor(welcome());
    ticker.onNow = () => {
      ticker.time++;
    };
    conductor.play(Number.POSITIVE_INFINITY);
    ticker.fire();
    await conductor.idle();
    const frames = page.frames;
    await conductor.pause();
    expect(page.frames).toBe(frames + 1);
    expect(page.frame!.status).toBe('paused');
  });
});

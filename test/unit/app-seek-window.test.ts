// The seek bar's zoom and keys (issue #15 item 4).
import { describe, expect, it } from 'vitest';
import { seekKey, timeAt, zoomedSpan } from '../../src/app/controls/seek-window.ts';

describe('zoomedSpan', () => {
  it('spans the cursor and the landmarks with room, in readable lengths, within the run', () => {
    expect(zoomedSpan(0, [{ t: 250 }], 120_000)).toBe(2_000);
    expect(zoomedSpan(1_600, [{ t: 250 }], 120_000)).toBe(2_000);
    expect(zoomedSpan(3_000, [{ t: 250 }], 120_000)).toBe(5_000);
    expect(zoomedSpan(3_000, [{ t: 9_000 }], 120_000)).toBe(20_000);
    expect(zoomedSpan(100_000, [], 120_000)).toBe(120_000);
    expect(zoomedSpan(0, [], 1_500)).toBe(1_500);
  });
});

describe('timeAt', () => {
  it('maps a pixel to time exactly as the track is drawn', () => {
    expect(timeAt(0, 800, 5_000)).toBe(0);
    expect(timeAt(256, 800, 5_000)).toBe(1_600);
    expect(timeAt(800, 800, 5_000)).toBe(5_000);
    expect(timeAt(900, 800, 5_000)).toBe(5_000);
    expect(timeAt(-5, 800, 5_000)).toBe(0);
  });
});

describe('seekKey', () => {
  it('moves by event, 100 ms and 1 s; Home and End go to the ends', () => {
    expect(seekKey('ArrowRight', false, 3_000, 120_000)).toEqual({ step: 1 });
    expect(seekKey('ArrowLeft', false, 3_000, 120_000)).toEqual({ step: -1 });
    expect(seekKey('ArrowUp', false, 3_000, 120_000)).toEqual({ to: 3_100 });
    expect(seekKey('ArrowDown', false, 3_000, 120_000)).toEqual({ to: 2_900 });
    expect(seekKey('ArrowRight', true, 3_000, 120_000)).toEqual({ to: 4_000 });
    expect(seekKey('ArrowLeft', true, 3_000, 120_000)).toEqual({ to: 2_000 });
    expect(seekKey('PageDown', false, 3_000, 120_000)).toEqual({ to: 4_000 });
    expect(seekKey('PageUp', false, 3_000, 120_000)).toEqual({ to: 2_000 });
    expect(seekKey('Home', false, 3_000, 120_000)).toEqual({ to: 0 });
    expect(seekKey('End', false, 3_000, 120_000)).toEqual({ to: 120_000 });
    expect(seekKey('PageUp', false, 300, 120_000)).toEqual({ to: 0 });
    expect(seekKey('x', false, 300, 120_000)).toBeNull();
  });
});

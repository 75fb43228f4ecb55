// The space-time diagram's time axis (time ↔ pixel, zoom, pan, follow, ticks) and its dense-mode
// line rasterizer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packColor, rasterLine } from '../../src/app/views/spacetime/raster-lines.ts';
import {
  clampWindow,
  follow,
  MIN_SPAN,
  panBy,
  span,
  tickLabel,
  ticks,
  timeToX,
  xToTime,
  zoomAt,
} from '../../src/app/views/spacetime/time-scale.ts';

describe('time ↔ pixel', () => {
  it('maps the window onto [0, width] and back', () => {
    const w = { start: 1000, end: 3000 };
    expect(timeToX(1000, w, 800)).toBe(0);
    expect(timeToX(3000, w, 800)).toBe(800);
    expect(timeToX(2000, w, 800)).toBe(400);
    expect(timeToX(500, w, 800)).toBe(-200);
    expect(xToTime(400, w, 800)).toBe(2000);
  });

  it('xToTime inverts timeToX', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e7, max: 1e7, noNaN: true }),
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.double({ min: -1e7, max: 1e7, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        (start, s, t, width) => {
          const w = { start, end: start + s };
          expect(xToTime(timeToX(t, w, width), w, width)).toBeCloseTo(t, 3);
        },
      ),
    );
  });
});

describe('zoom, pan, follow', () => {
  it('zooms around the anchor, keeping it at the same pixel', () => {
    const w = { start: 0, end: 1000 };
    const z = zoomAt(w, 250, 0.5, 0, 10_000);
    expect(span(z)).toBe(500);
    expect(timeToX(250, z, 1000)).toBeCloseTo(timeToX(250, w, 1000));
  });

  it('never zooms below MIN_SPAN nor beyond the run, and stays inside it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 9000, noNaN: true }),
        fc.double({ min: 5, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (start, s, anchor, factor) => {
          const z = zoomAt({ start, end: Math.min(10_000, start + s) }, anchor, factor, 0, 10_000);
          expect(span(z)).toBeGreaterThanOrEqual(MIN_SPAN - 1e-9);
          expect(span(z)).toBeLessThanOrEqual(10_000 + 1e-9);
          expect(z.start).toBeGreaterThanOrEqual(-1e-9);
          expect(z.end).toBeLessThanOrEqual(10_000 + 1e-6);
        },
      ),
    );
  });

  it('pans within the run', () => {
    expect(panBy({ start: 100, end: 200 }, 50, 0, 1000)).toEqual({ start: 150, end: 250 });
    expect(panBy({ start: 100, end: 200 }, -500, 0, 1000)).toEqual({ start: 0, end: 100 });
    expect(panBy({ start: 100, end: 200 }, 5000, 0, 1000)).toEqual({ start: 900, end: 1000 });
    expect(clampWindow({ start: -5, end: 2000 }, 0, 1000)).toEqual({ start: 0, end: 2005 });
  });

  it('follows the cursor only when it leaves the window', () => {
    const w = { start: 1000, end: 2000 };
    expect(follow(w, 1500, 0, 10_000)).toBe(w);
    const ahead = follow(w, 2500, 0, 10_000);
    expect(span(ahead)).toBe(1000);
    expect(2500).toBeGreaterThan(ahead.start);
    expect(2500).toBeLessThan(ahead.end);
    expect(follow(w, 10, 0, 10_000)).toEqual({ start: 0, end: 1000 });
  });
});

describe('ruler', () => {
  it('chooses 1-2-5 steps at least minPx apart', () => {
    const { step, times } = ticks({ start: 0, end: 1000 }, 1000, 90);
    expect(step).toBe(100);
    expect(times).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(ticks({ start: 0, end: 1_600_000 }, 1100, 90).step).toBe(200_000);
    expect(ticks({ start: 3, end: 13 }, 1000, 90).step).toBe(1);
    expect(tickLabel(1250, 50)).toBe('1.25 s');
    expect(tickLabel(200_000, 200_000)).toBe('200 s');
  });
});

describe('dense-mode lines', () => {
  const W = 20;
  const H = 10;
  const lit = (px: Uint32Array) =>
    [...px]
      .flatMap((c, i) => (c !== 0 ? [[i % W, Math.floor(i / W)]] : []))
      .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);

  it('packs #RRGGBB as RGBA bytes', () => {
    const px = new Uint32Array([packColor('#112233')]);
    expect([...new Uint8Array(px.buffer)]).toEqual([0x11, 0x22, 0x33, 0xff]);
  });

  it('draws a vertical span for a flight narrower than a pixel, and diagonals end to end', () => {
    const px = new Uint32Array(W * H);
    rasterLine(px, W, H, 5.2, 1, 5.4, 4, 1);
    expect(lit(px)).toEqual([
      [5, 1],
      [5, 2],
      [5, 3],
      [5, 4],
    ]);
    px.fill(0);
    rasterLine(px, W, H, 0, 0, 4, 4, 1);
    expect(lit(px)).toEqual([0, 1, 2, 3, 4].map((i) => [i, i]));
  });

  it('clips to the buffer and lets other colours paint over the background colour only', () => {
    const px = new Uint32Array(W * H);
    rasterLine(px, W, H, -5, -5, 30, 30, 7);
    expect(lit(px).length).toBe(10);
    px.fill(0);
    rasterLine(px, W, H, 3, 0, 3, 9, 2, 2); // a ping
    rasterLine(px, W, H, 3, 5, 3, 9, 9, 2); // a proposal over it
    rasterLine(px, W, H, 3, 0, 3, 9, 2, 2); // pings never cover it
    expect(px[5 * W + 3]).toBe(9);
    expect(px[0 * W + 3]).toBe(2);
  });
});

// The space-time diagram's time axis: a window of virtual time [start, end] drawn across `width`
// pixels. Pure functions, so that zooming, panning, following the cursor and hit-testing agree.

export interface TimeWindow {
  start: number;
  end: number;
}

/** The narrowest window (virtual ms): below this, one message fills the view. */
export const MIN_SPAN = 5;

export function span(w: TimeWindow): number {
  return w.end - w.start;
}

export function timeToX(t: number, w: TimeWindow, width: number): number {
  return ((t - w.start) / (w.end - w.start)) * width;
}

export function xToTime(x: number, w: TimeWindow, width: number): number {
  return w.start + (x / width) * (w.end - w.start);
}

/** The window moved (not resized) to lie within [lo, hi] if it can; a wider one is [lo, lo + span]. */
export function clampWindow(w: TimeWindow, lo: number, hi: number): TimeWindow {
  const s = span(w);
  if (s >= hi - lo) return { start: lo, end: lo + s };
  if (w.start < lo) return { start: lo, end: lo + s };
  if (w.end > hi) return { start: hi - s, end: hi };
  return w;
}

/** Zoom by `factor` (< 1 zooms in) keeping time `anchor` at the same pixel; span within [MIN_SPAN, hi - lo]. */
export function zoomAt(w: TimeWindow, anchor: number, factor: number, lo: number, hi: number): TimeWindow {
  const s = span(w);
  const next = Math.min(Math.max(s * factor, MIN_SPAN), Math.max(hi - lo, MIN_SPAN));
  const ratio = s > 0 ? (anchor - w.start) / s : 0.5;
  const start = anchor - ratio * next;
  return clampWindow({ start, end: start + next }, lo, Math.max(hi, lo + next));
}

export function panBy(w: TimeWindow, dt: number, lo: number, hi: number): TimeWindow {
  return clampWindow({ start: w.start + dt, end: w.end + dt }, lo, hi);
}

/**
 * Keep the cursor in view: when t leaves the middle part of the window (outside `margin` of the
 * span at either side), move the window so that t sits at `at` (a fraction of the span).
 */
export function follow(
  w: TimeWindow,
  t: number,
  lo: number,
  hi: number,
  margin = 0.05,
  at = 0.8,
): TimeWindow {
  const s = span(w);
  if (t >= w.start + margin * s && t <= w.end - margin * s) return w;
  const start = t - at * s;
  return clampWindow({ start, end: start + s }, lo, Math.max(hi, lo + s));
}

/** Tick times for a ruler: a 1-2-5 step that leaves at least `minPx` pixels between ticks. */
export function ticks(w: TimeWindow, width: number, minPx = 90): { step: number; times: number[] } {
  const s = span(w);
  if (!(s > 0) || !(width > 0)) return { step: 1, times: [] };
  const raw = (s * minPx) / width;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((x) => x >= raw) ?? 10 * pow;
  const times: number[] = [];
  for (let t = Math.ceil(w.start / step) * step; t <= w.end; t += step) times.push(t);
  return { step, times };
}

/** A tick label: seconds, with as many decimals as the step needs (step 50 ms → "1.25 s"). */
export function tickLabel(t: number, step: number): string {
  const decimals = step >= 1000 ? 0 : step >= 100 ? 1 : step >= 10 ? 2 : 3;
  return `${(t / 1000).toFixed(decimals)} s`;
}

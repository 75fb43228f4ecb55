// Virtual time is a number of milliseconds. A scenario whose latencies are whole milliseconds keeps
// every time as it always was (whole ms, and the halves an odd tickTime makes); a latency with a
// fraction (loopback: 0.05 ms) puts the run on a grid of 1 µs instead. On that grid every time the
// world computes is rounded to the nearest µs, so float rounding never accumulates (0.1 + 0.2 is not
// 0.3 in binary) and a time prints with at most 3 decimals. Math.round, × and ÷ are exact IEEE
// operations, so the grid is the same in every JavaScript engine.
import type { LatencyModel } from './network-config.ts';

/** 'ms': whole milliseconds, the engine's original time base; 'us': 1 µs steps. */
export type TimeResolution = 'ms' | 'us';

/** Microseconds per millisecond: the grid of a 'us' run. */
export const US_PER_MS = 1000;

/** `ms` rounded to the nearest µs (halves up): a whole µs count, divided back into ms. */
export function toMicroGrid(ms: number): number {
  return Math.round(ms * US_PER_MS) / US_PER_MS;
}

/** Is `ms` a whole number of µs (as the scenario's latency fields must be)? */
export function onMicroGrid(ms: number): boolean {
  return Number.isFinite(ms) && toMicroGrid(ms) === ms;
}

/** A latency model with a fraction of a ms in `min` or `jitter` runs on the µs grid. */
export function resolutionOf(model: LatencyModel): TimeResolution {
  return Number.isInteger(model.min) && Number.isInteger(model.jitter) ? 'ms' : 'us';
}

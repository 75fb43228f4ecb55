// The space-time diagram's data: every `net.send` of the trace as a row of typed arrays (time sent,
// time it arrives, sender, receiver, message type, trace index), appended as the trace grows and
// cut with it on a branch (TraceFeed). The trace is in time order, so `t` is ascending and the
// sends that can cross a window [start, end] are found by binary search: those sent in
// [start - maxFlight, end], where maxFlight is the longest flight seen.
import type { TraceEvent } from '../../../sim/trace/event.ts';
import { lowerBound } from '../log/log-index.ts';
import { TraceFeed } from '../log/trace-feed.ts';

function grow<T extends Float64Array | Int32Array | Uint16Array>(a: T, make: (n: number) => T): T {
  const b = make(a.length * 2);
  b.set(a);
  return b;
}

/** Names given small integer ids in order of first appearance (nodes, message types). */
export class Interner {
  readonly names: string[] = [];
  readonly #ids = new Map<string, number>();
  id(name: string): number {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.#ids.set(name, id);
    }
    return id;
  }
  get(name: string): number | undefined {
    return this.#ids.get(name);
  }
}

export class SendIndex {
  count = 0;
  t = new Float64Array(1024);
  at = new Float64Array(1024);
  from = new Uint16Array(1024);
  to = new Uint16Array(1024);
  type = new Uint16Array(1024);
  /** Index of the net.send event in the trace. */
  event = new Int32Array(1024);
  /** The longest flight (at - t) seen; only grows, which keeps range() correct after a cut. */
  maxFlight = 0;
  readonly nodes = new Interner();
  readonly types = new Interner();
  /** Sends per type id, for the filter chips. */
  readonly typeCounts: number[] = [];
  #feed = new TraceFeed();

  /** Catch up with `events`; true when anything changed. */
  update(events: readonly TraceEvent[]): boolean {
    const { keep, end, dropped } = this.#feed.sync(events);
    if (dropped.length > 0) {
      const n = lowerBound(this.event, keep, this.count);
      for (let k = n; k < this.count; k++) this.typeCounts[this.type[k]!]!--;
      this.count = n;
    }
    const before = this.count;
    for (let i = keep; i < end; i++) {
      const e = events[i]!;
      if (e.kind !== 'net.send') continue;
      const { from, to, type, at } = e;
      if (typeof from !== 'string' || typeof to !== 'string' || typeof at !== 'number') continue;
      this.#push(i, e.t, at, from, to, typeof type === 'string' ? type : '?');
    }
    return dropped.length > 0 || this.count !== before;
  }

  /** [lo, hi): the sends that may cross [start, end] (sent at most maxFlight before start). */
  range(start: number, end: number): [number, number] {
    const lo = lowerBound(this.t, start - this.maxFlight, this.count);
    return [lo, Math.max(lo, upperBound(this.t, end, this.count))];
  }

  #push(event: number, t: number, at: number, from: string, to: string, type: string): void {
    if (this.count === this.t.length) {
      this.t = grow(this.t, (n) => new Float64Array(n));
      this.at = grow(this.at, (n) => new Float64Array(n));
      this.from = grow(this.from, (n) => new Uint16Array(n));
      this.to = grow(this.to, (n) => new Uint16Array(n));
      this.type = grow(this.type, (n) => new Uint16Array(n));
      this.event = grow(this.event, (n) => new Int32Array(n));
    }
    const k = this.count++;
    const typeId = this.types.id(type);
    this.t[k] = t;
    this.at[k] = at;
    this.from[k] = this.nodes.id(from);
    this.to[k] = this.nodes.id(to);
    this.type[k] = typeId;
    this.event[k] = event;
    this.typeCounts[typeId] = (this.typeCounts[typeId] ?? 0) + 1;
    if (at - t > this.maxFlight) this.maxFlight = at - t;
  }
}

/** Index of the first element of ascending `xs[0..length)` that is > x. */
function upperBound(xs: ArrayLike<number>, x: number, length: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

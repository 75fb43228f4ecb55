// Collects a run's trace and hashes it: SHA-256 over the canonical JSONL (each line followed by
// "\n"), so the hash of a trace file on disk equals the hash printed by the run. Kept events are
// hashed when the hash is asked for (issue #13: a run whose hash nobody reads, such as the seed
// sweep or a benchmark's workload, writes no event line); streamed events as they come, since they
// are not kept.
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalLine } from './canonical.ts';
import type { TraceEvent } from './event.ts';
import { LineHasher } from './line-hasher.ts';

export class TraceRecorder {
  /** Every event recorded, in order, unless stream() was called: then none are kept. */
  readonly events: TraceEvent[] = [];
  /** Events recorded so far (kept or not). */
  private recorded = 0;
  /** Set by stream(): each event's canonical line goes here (and into the hash) as it is recorded. */
  private sink: ((line: string) => void) | undefined;
  private streaming = false;
  private hasher = new LineHasher();
  private listeners: ((e: TraceEvent, index: number) => void)[] = [];
  /** Events recorded by a listener while an event is being delivered: they follow it, in order. */
  private delivering = false;
  private pending: TraceEvent[] = [];

  record = (event: TraceEvent): void => {
    if (this.delivering) {
      this.pending.push(event);
      return;
    }
    this.delivering = true;
    try {
      this.append(event);
      while (this.pending.length > 0) this.append(this.pending.shift()!);
    } finally {
      this.delivering = false;
      // Only after a listener threw: the loop above empties it otherwise.
      if (this.pending.length > 0) this.pending.length = 0;
    }
  };

  private append(event: TraceEvent): void {
    const index = this.recorded++;
    if (this.streaming) {
      if (this.sink) {
        // Serialized once, for the hash and the sink alike: the same bytes as jsonl() would give.
        const line = canonicalLine(event) + '\n';
        this.hasher.add(line);
        this.sink(line);
      } else this.hasher.addEvent(event);
    } else this.events.push(event);
    for (const l of this.listeners) l(event, index);
  }

  /** How many events have been recorded (equal to events.length unless streaming). */
  get length(): number {
    return this.recorded;
  }

  /**
   * From now on keep no events in memory: each is hashed as it is recorded and its canonical line
   * (with its "\n") handed to `sink`, so a run of any length needs memory only for its state.
   * Events already kept are handed over first and dropped. `events` stays empty afterwards, so
   * whatever needs the events (a checker, a timeline) must listen with onEvent.
   */
  stream(sink?: (line: string) => void): void {
    this.hashUpTo(this.events.length);
    if (sink) for (const e of this.events) sink(canonicalLine(e) + '\n');
    this.events.length = 0;
    this.sink = sink;
    this.streaming = true;
  }

  /** Events [0, hashed) are in the hasher. */
  private hashed = 0;

  private hashUpTo(n: number): void {
    for (; this.hashed < n; this.hashed++) this.hasher.addEvent(this.events[this.hashed]!);
  }

  /**
   * Called with every event and its index in `events`, after it is appended. A listener may record
   * events itself: they are appended (and delivered to every listener) after the current event has
   * reached all listeners.
   */
  onEvent(listener: (e: TraceEvent, index: number) => void): void {
    this.listeners.push(listener);
  }

  /** Hash of everything recorded so far (the running hash is not disturbed). */
  hash(): string {
    this.hashUpTo(this.events.length);
    return bytesToHex(this.hasher.digest());
  }

  jsonl(): string {
    if (this.streaming) throw new Error('the trace is streamed: its events were not kept');
    return this.events.map((e) => canonicalLine(e) + '\n').join('');
  }
}

export function traceHash(events: readonly TraceEvent[]): string {
  const h = new LineHasher();
  for (const e of events) h.addEvent(e);
  return bytesToHex(h.digest());
}

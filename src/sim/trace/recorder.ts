// Collects a run's trace and hashes it as it grows: SHA-256 over the canonical JSONL (each line
// followed by "\n"), so the hash of a trace file on disk equals the hash printed by the run.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalLine } from './canonical.ts';
import type { TraceEvent } from './event.ts';

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  private hasher = sha256.create();
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
      this.pending.length = 0;
    }
  };

  private append(event: TraceEvent): void {
    const index = this.events.push(event) - 1;
    if (!this.deferred) this.hashUpTo(index + 1);
    for (const l of this.listeners) l(event, index);
  }

  /** Events [0, hashed) are in the hasher. */
  private hashed = 0;
  private deferred = false;

  private hashUpTo(n: number): void {
    for (; this.hashed < n; this.hashed++)
      this.hasher.update(utf8ToBytes(canonicalLine(this.events[this.hashed]!) + '\n'));
  }

  /**
   * Hash on demand (in hash()) instead of as each event is recorded: the same hash, and no
   * serialization work for a run whose hash nobody asks for (the seed sweep). A non-finite number
   * in an event then surfaces when the hash is computed rather than when the event is recorded.
   */
  deferHashing(): void {
    this.deferred = true;
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
    return bytesToHex(this.hasher.clone().digest());
  }

  jsonl(): string {
    return this.events.map((e) => canonicalLine(e) + '\n').join('');
  }
}

export function traceHash(events: readonly TraceEvent[]): string {
  const h = sha256.create();
  for (const e of events) h.update(utf8ToBytes(canonicalLine(e) + '\n'));
  return bytesToHex(h.digest());
}

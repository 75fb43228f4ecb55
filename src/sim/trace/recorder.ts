// Collects a run's trace and hashes it as it grows: SHA-256 over the canonical JSONL (each line
// followed by "\n"), so the hash of a trace file on disk equals the hash printed by the run.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalLine } from './canonical.ts';
import type { TraceEvent } from './event.ts';

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  private hasher = sha256.create();
  private listeners: ((e: TraceEvent) => void)[] = [];

  record = (event: TraceEvent): void => {
    this.events.push(event);
    this.hasher.update(utf8ToBytes(canonicalLine(event) + '\n'));
    for (const l of this.listeners) l(event);
  };

  onEvent(listener: (e: TraceEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Hash of everything recorded so far (the running hash is not disturbed). */
  hash(): string {
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

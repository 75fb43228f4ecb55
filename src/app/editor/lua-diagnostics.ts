// Lua errors as editor markers. Runtime errors come from the trace (`lua.error {client, message,
// line, reason}`); syntax errors are also found before running, by compiling the text in a Lua VM
// of the same build the simulator uses (syntax-check.ts). Both name a line of client.lua.
import type { TraceEvent } from '../../sim/trace/event.ts';
import { TraceFeed } from '../views/log/trace-feed.ts';

export interface LuaDiagnostic {
  client: string;
  /** 1-based line of client.lua, or null when the error names none (e.g. the budget ran out in a module). */
  line: number | null;
  message: string;
  reason: string;
  /** Virtual ms of the error; null for a check before running. */
  t: number | null;
  /** Index of the lua.error event in the trace. */
  index: number | null;
}

/** `client.lua:12: attempt to ...` → 12, for messages that carry the chunk's prefix. */
export function lineFromMessage(message: string): number | null {
  const m = /(?:^|[^\w.])client\.lua:(\d+):/.exec(message);
  return m ? Number(m[1]) : null;
}

/** The message without its `client.lua:N: ` prefix (the marker already sits on that line). */
export function bareMessage(message: string): string {
  return readableSizes(message.replace(/^client\.lua:\d+:\s*/, ''));
}

/** "33554432 bytes" → "32 MiB": whole KiB/MiB/GiB as a reader says them (the trace keeps bytes). */
export function readableSizes(text: string): string {
  return text.replace(/\b(\d{4,}) bytes\b/g, (all, digits: string) => {
    const n = Number(digits);
    for (const [unit, size] of [
      ['GiB', 2 ** 30],
      ['MiB', 2 ** 20],
      ['KiB', 2 ** 10],
    ] as const)
      if (n >= size && n % size === 0) return `${n / size} ${unit}`;
    return all;
  });
}

export function diagnosticOf(e: TraceEvent, index: number): LuaDiagnostic | null {
  if (e.kind !== 'lua.error' || typeof e['client'] !== 'string') return null;
  const message = typeof e['message'] === 'string' ? e['message'] : String(e['message']);
  const line = typeof e['line'] === 'number' ? e['line'] : lineFromMessage(message);
  const reason = typeof e['reason'] === 'string' ? e['reason'] : 'runtime';
  return { client: e['client'], line, message, reason, t: e.t, index };
}

/** Every lua.error of the trace, kept up to date incrementally (and cut with it on a branch). */
export class LuaErrorIndex {
  readonly errors: LuaDiagnostic[] = [];
  #feed = new TraceFeed();

  update(events: readonly TraceEvent[]): boolean {
    const { keep, end, dropped } = this.#feed.sync(events);
    const before = this.errors.length;
    if (dropped.length > 0) {
      while (this.errors.length > 0 && this.errors[this.errors.length - 1]!.index! >= keep) this.errors.pop();
    }
    for (let i = keep; i < end; i++) {
      const d = diagnosticOf(events[i]!, i);
      if (d) this.errors.push(d);
    }
    return dropped.length > 0 || this.errors.length !== before;
  }

  /** The errors of `client`'s script that started at `since`, up to time `until`. */
  forScript(client: string, since: number, until = Number.POSITIVE_INFINITY): LuaDiagnostic[] {
    return this.errors.filter((d) => d.client === client && d.t! >= since && d.t! <= until);
  }
}

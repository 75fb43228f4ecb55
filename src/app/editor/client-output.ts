// A client's output console (issue #15 item 7): what its script printed (`print`, `zk.log`: the
// trace's lua.log) and how it failed (lua.error), up to the cursor, newest last. The text is shown
// as printed — Lua's print separates its arguments with a tab, and the console shows a tab, not
// the "\t" a JSON trace line would.
import type { TraceEvent } from '../../sim/trace/event.ts';

export interface OutputLine {
  index: number;
  t: number;
  text: string;
  error: boolean;
}

export const isOutputEvent = (e: TraceEvent): boolean => e.kind === 'lua.log' || e.kind === 'lua.error';

/** The last `limit` lines of `client`'s output at or before the cursor (events[0..cursorIndex)). */
export function outputLines(
  events: readonly TraceEvent[],
  indexes: readonly number[],
  client: string,
  cursorIndex: number,
  limit = 200,
): OutputLine[] {
  const out: OutputLine[] = [];
  for (let k = indexes.length - 1; k >= 0 && out.length < limit; k--) {
    const i = indexes[k]!;
    if (i >= cursorIndex) continue;
    const e = events[i]!;
    if (e.kind === 'lua.log' && e.client === client)
      out.push({ index: i, t: e.t, text: e.message, error: false });
    else if (e.kind === 'lua.error' && e.client === client)
      out.push({ index: i, t: e.t, text: e.message, error: true });
  }
  return out.reverse();
}

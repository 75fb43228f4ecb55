// The script each Lua client runs at a moment of the run, as the scenario says: its `script`, or
// the last `script` fault (an edit applied at some time) at or before that moment — the text the
// editor's tab is based on. `since` is when that script started, so that errors and the waiting
// line are shown only for the script they belong to, not for another version of it.
import type { Scenario } from '../../sim/scenario-types.ts';

export interface ClientScript {
  client: string;
  source: string;
  /** Virtual ms from which this script is the one running (0 for the scenario's own). */
  since: number;
}

export function clientScripts(scenario: Scenario, at = Number.POSITIVE_INFINITY): ClientScript[] {
  const out: ClientScript[] = [];
  for (const c of scenario.clients) {
    let current: ClientScript | null =
      c.script !== undefined ? { client: c.name, source: c.script, since: 0 } : null;
    for (const f of scenario.faults) {
      if (f.action !== 'script' || f.target !== c.name || f.at > at) continue;
      if (current === null || f.at >= current.since)
        current = { client: c.name, source: f.script, since: f.at };
    }
    if (current) out.push(current);
  }
  return out;
}

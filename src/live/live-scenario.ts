// A scenario made to run against the ensemble a bridge relays to, for the page's Live mode. The
// command line refuses what a live run cannot do (liveProblems); the page adapts instead and says
// what it changed, so any example or lesson can be tried on a real ensemble as it stands.
import { serverNodeId } from '../sim/node-id.ts';
import type { Scenario } from '../sim/scenario-types.ts';

export interface LiveScenario {
  scenario: Scenario;
  /** What was changed, one sentence each. */
  notes: string[];
}

export function forBridge(scenario: Scenario, servers: number): LiveScenario {
  const notes: string[] = [];
  /** Clients moved alike, one note for them all: "c1, c2 connect to zk1 (…)". */
  const moved = new Map<string, string[]>();
  const clients = scenario.clients.map((c) => {
    const kept = c.connect.filter((id) => id >= 1 && id <= servers);
    if (kept.length === c.connect.length) return c;
    const connect = kept.length > 0 ? kept : Array.from({ length: servers }, (_, i) => i + 1);
    const how = `${connect.map(serverNodeId).join(', ')} (the scenario names ${c.connect.map(serverNodeId).join(', ')}; the bridge relays to ${servers} server${servers === 1 ? '' : 's'})`;
    moved.set(how, [...(moved.get(how) ?? []), c.name]);
    return { ...c, connect };
  });
  for (const [how, names] of moved)
    notes.push(`${names.join(', ')} connect${names.length === 1 ? 's' : ''} to ${how}`);
  const names = new Set(scenario.clients.map((c) => c.name));
  const faults = scenario.faults.filter((f) => {
    if (f.action === 'expire' && names.has(f.target)) return true;
    notes.push(
      `not run: ${f.action}${'target' in f ? ` ${String(f.target)}` : ''} at ${f.at} ms (it needs control of the servers or the network)`,
    );
    return false;
  });
  return { scenario: { ...scenario, clients, faults }, notes };
}

// One lane per node of the run: the servers (voters, then observers) in sid order, then the
// clients in the scenario's order — the order every other view lists them in.

import { serverNodeId } from '../../../sim/node-id.ts';
import type { Scenario } from '../../../sim/scenario-types.ts';

export interface Lane {
  node: string;
  kind: 'server' | 'client';
  /** Position among the clients (for clientColor), or among the servers. */
  ordinal: number;
}

export function lanesFor(scenario: Scenario): Lane[] {
  const servers = scenario.servers.count + (scenario.servers.observers ?? 0);
  const lanes: Lane[] = [];
  for (let sid = 1; sid <= servers; sid++)
    lanes.push({ node: serverNodeId(sid), kind: 'server', ordinal: sid - 1 });
  scenario.clients.forEach((c, i) => {
    lanes.push({ node: c.name, kind: 'client', ordinal: i });
  });
  return lanes;
}

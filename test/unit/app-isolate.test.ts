// "Isolate" a server (issue #15 item 1): the clients go with the other servers, so in the welcome
// run a client of the isolated server reconnects to the majority and every client keeps working.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { faultActions } from '../../src/app/controls/faults.ts';
import type { NetworkState } from '../../src/app/views/cluster/network-state.ts';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import { nodeIds } from '../../src/conductor/simulation-engine.ts';
import { ViewLog } from '../../src/conductor/view-log.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import type { Fault, Scenario } from '../../src/sim/scenario-types.ts';
import { nodeLua } from '../support/conductor.ts';

function welcome(): Scenario {
  const parsed = parseScenarioJson(readFileSync('examples/welcome.json', 'utf8'));
  if (!parsed.ok) throw new Error('invalid example');
  return parsed.scenario;
}

async function pictureAt(scenario: Scenario, t: number) {
  const engine = await createInProcessEngine(scenario, nodeLua());
  await engine.advance(t, Number.POSITIVE_INFINITY);
  const log = new ViewLog(nodeIds(scenario));
  log.add(engine.takePictures());
  const view = log.at(engine.events.length, t);
  engine.dispose();
  return view;
}

const NO_NETWORK: NetworkState = { groups: null, cuts: new Set(), links: new Map() };

describe('isolate a server', () => {
  it('puts the clients on the side of the other servers', async () => {
    const view = await pictureAt(welcome(), 3_000);
    const isolate = faultActions({ kind: 'server', node: 'zk3' }, view, NO_NETWORK).find(
      (a) => a.id === 'isolate',
    );
    expect(isolate?.fault).toEqual({
      action: 'partition',
      groups: [['zk3'], ['zk1', 'zk2', 'c1', 'c2', 'c3']],
    });
  });

  it('leaves every client of the welcome run connected 9 s after zk3 is isolated at 3 s', async () => {
    const base = welcome();
    const view = await pictureAt(base, 3_000);
    const isolate = faultActions({ kind: 'server', node: 'zk3' }, view, NO_NETWORK).find(
      (a) => a.id === 'isolate',
    )!;
    const scenario: Scenario = { ...base, faults: [{ at: 3_000, ...isolate.fault } as Fault] };
    const later = await pictureAt(scenario, 12_000);
    expect(later.clients.map((c) => [c.node, c.state])).toEqual([
      ['c1', 'CONNECTED'],
      ['c2', 'CONNECTED'],
      ['c3', 'CONNECTED'],
    ]);
    expect(later.clients.every((c) => c.server !== 'zk3')).toBe(true);
  });
});

// The fault palette's choices come from real pictures of a run (the lock example at 3 s).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { faultActions } from '../../src/app/controls/faults.ts';
import { NETWORK_KINDS, networkAt } from '../../src/app/views/cluster/network-state.ts';
import { EventIndex } from '../../src/app/views/event-index.ts';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import { nodeIds } from '../../src/conductor/simulation-engine.ts';
import { ViewLog } from '../../src/conductor/view-log.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { nodeLua } from '../support/conductor.ts';

async function pictureAt(t: number) {
  const parsed = parseScenarioJson(readFileSync('examples/recipes/lock.json', 'utf8'));
  if (!parsed.ok) throw new Error('invalid example');
  const engine = await createInProcessEngine(parsed.scenario, nodeLua());
  await engine.advance(t, Number.POSITIVE_INFINITY);
  const log = new ViewLog(nodeIds(parsed.scenario));
  log.add(engine.takePictures());
  const events = engine.events;
  const view = log.at(events.length, t);
  const net = networkAt(
    events,
    new EventIndex((e) => NETWORK_KINDS.has(e.kind)).update(events),
    events.length,
  );
  engine.dispose();
  return { view, net };
}

describe('fault palette', () => {
  it('offers to expire a connected client’s session, and not a server’s or a client’s without one', async () => {
    const { view, net } = await pictureAt(3_000);
    const ids = (node: string, kind: 'server' | 'client') =>
      faultActions({ kind, node }, view, net).map((a) => a.id);
    expect(ids('c1', 'client')).toContain('expire');
    expect(
      faultActions({ kind: 'client', node: 'c1' }, view, net).find((a) => a.id === 'expire')!.fault,
    ).toEqual({
      action: 'expire',
      target: 'c1',
    });
    expect(ids('zk1', 'server')).not.toContain('expire');
    const early = await pictureAt(1_000);
    expect(
      faultActions({ kind: 'client', node: 'c1' }, early.view, early.net).map((a) => a.id),
    ).not.toContain('expire');
  });
});

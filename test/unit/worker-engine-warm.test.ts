// The worker engine spawns a Lua client's host when the engine is made and warms its Lua there, one
// host at a time in start order, so the client's start does not wait for its worker to compile Lua;
// the run is the same trace, and a restart gets a host of its own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import { NodeHostCore } from '../../src/conductor/node-host.ts';
import { createWorkerEngine } from '../../src/conductor/worker-engine.ts';
import type { HostedNode, SpawnedHost } from '../../src/conductor/worker-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { nodeLua } from '../support/conductor.ts';

function lockScenario(): Scenario {
  const parsed = parseScenarioJson(readFileSync('examples/recipes/lock.json', 'utf8'));
  if (!parsed.ok) throw new Error('examples/recipes/lock.json is invalid');
  const scenario = parsed.scenario;
  // c1 comes back at 8 s: its second incarnation needs a host of its own.
  return {
    ...scenario,
    duration: 10_000,
    faults: [...scenario.faults, { at: 8000, action: 'restart', target: 'c1' }],
  };
}

/** Hosts in this thread that log what is asked of them, in order. */
function loggingSpawn(log: string[]): (node: HostedNode) => SpawnedHost {
  const lua = nodeLua();
  let serial = 0;
  return (node) => {
    const name = `${node.id}/${++serial}`;
    const core = new NodeHostCore(node.kind === 'client' ? lua : null);
    log.push(`spawn ${name}`);
    return {
      api: {
        warm: async () => {
          log.push(`warm ${name}`);
          await core.warm();
          log.push(`warmed ${name}`);
        },
        boot: (request) => {
          log.push(`boot ${name}`);
          return core.boot(request);
        },
        handleAll: (inputs) => core.handleAll(inputs),
      },
      terminate: () => log.push(`terminate ${name}`),
    };
  };
}

describe('worker engine: warm hosts', () => {
  it('spawns and warms the Lua clients ahead, one at a time, and runs the in-process trace', async () => {
    const scenario = lockScenario();
    const log: string[] = [];
    const engine = createWorkerEngine(scenario, loggingSpawn(log));
    // Made with the engine, before anything ran: the first client to start, warming.
    expect(log).toEqual(['spawn c1/1', 'warm c1/1']);
    await engine.advance(scenario.duration, Number.POSITIVE_INFINITY);
    const reference = await createInProcessEngine(scenario, nodeLua());
    await reference.advance(scenario.duration, Number.POSITIVE_INFINITY);
    expect(engine.hash()).toBe(reference.hash());
    engine.dispose();
    reference.dispose();

    const clientLog = log.filter((l) => / c\d/.test(l));
    // The next host is spawned only once the one before has warmed.
    for (const [a, b] of [
      ['c1/1', 'c2'],
      ['c2', 'c3'],
    ])
      expect(clientLog.indexOf(`warmed ${a}`)).toBeLessThan(
        clientLog.findIndex((l) => l.startsWith(`spawn ${b}`)),
      );
    // Every first incarnation booted on the host spawned for it ahead; the restart spawned anew.
    for (const c of ['c1', 'c2', 'c3'])
      expect(clientLog.filter((l) => l.startsWith(`spawn ${c}/`)).length).toBe(c === 'c1' ? 2 : 1);
    const restart = clientLog.filter((l) => l.startsWith('spawn c1/'))[1]!.slice('spawn '.length);
    expect(clientLog).toContain(`boot ${restart}`);
    expect(clientLog).not.toContain(`warm ${restart}`);
  });

  it('disposing the engine terminates the hosts it warmed for clients that never started', () => {
    const scenario = lockScenario();
    const log: string[] = [];
    const engine = createWorkerEngine(scenario, loggingSpawn(log));
    engine.dispose();
    expect(log).toEqual(['spawn c1/1', 'warm c1/1', 'terminate c1/1']);
  });
});

// The worker engine spawns a Lua client's host ahead, from the end of the start, and warms its Lua
// there, one host at a time in start order, so the client's start does not wait for its worker to compile Lua;
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

/** Hosts in this thread that log what is asked of them, in order; `warming` gets each warm-up. */
function loggingSpawn(log: string[], warming: Promise<void>[] = []): (node: HostedNode) => SpawnedHost {
  const lua = nodeLua();
  let serial = 0;
  return (node) => {
    const name = `${node.id}/${++serial}`;
    const core = new NodeHostCore(node.kind === 'client' ? lua : null);
    log.push(`spawn ${name}`);
    return {
      api: {
        warm: () => {
          log.push(`warm ${name}`);
          const done = core.warm().then(() => void log.push(`warmed ${name}`));
          warming.push(done);
          return done;
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
    expect(log).toEqual([]);
    // The start (time 0) boots the servers; then the first client to start is spawned, warming.
    await engine.advance(0, Number.POSITIVE_INFINITY);
    expect(log).toEqual([
      'spawn zk1/1',
      'boot zk1/1',
      'spawn zk2/2',
      'boot zk2/2',
      'spawn zk3/3',
      'boot zk3/3',
      'spawn c1/4',
      'warm c1/4',
    ]);
    await engine.advance(scenario.duration, Number.POSITIVE_INFINITY);
    const reference = await createInProcessEngine(scenario, nodeLua());
    await reference.advance(scenario.duration, Number.POSITIVE_INFINITY);
    expect(engine.hash()).toBe(reference.hash());
    engine.dispose();
    reference.dispose();

    const clientLog = log.filter((l) => / c\d/.test(l));
    // The next host is spawned only once the one before has warmed.
    for (const [a, b] of [
      ['c1/4', 'c2'],
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

  it('disposing the engine terminates the hosts it warmed for clients that never started, and warms no more', async () => {
    const scenario = lockScenario();
    const log: string[] = [];
    const warming: Promise<void>[] = [];
    const engine = createWorkerEngine(scenario, loggingSpawn(log, warming));
    await engine.advance(0, Number.POSITIVE_INFINITY);
    engine.dispose();
    expect(log.filter((l) => l.startsWith('terminate'))).toEqual([
      'terminate zk1/1',
      'terminate zk2/2',
      'terminate zk3/3',
      'terminate c1/4',
    ]);
    // c1's warm-up goes on after the dispose; when it is done, no next host is spawned.
    await Promise.all(warming);
    // Every promise chained on it settles before the next macrotask.
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toContain('warmed c1/4');
    expect(log.filter((l) => l.startsWith('spawn c'))).toEqual(['spawn c1/4']);
  });
});

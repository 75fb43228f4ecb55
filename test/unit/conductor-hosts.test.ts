// The conductor with every node behind an asynchronous host (what the page does with Web Workers,
// here with hosts in this thread): every example gives the in-process trace, branches included,
// and a host that fails takes only its node down.
import { describe, expect, it } from 'vitest';
import { Conductor } from '../../src/conductor/conductor.ts';
import { createWorkerEngine } from '../../src/conductor/worker-engine.ts';
import { exampleFiles } from '../../src/share/golden-node.ts';
import { ManualTicker, PageMirror, startConductor, threadSpawn } from '../support/conductor.ts';
import { example } from '../support/views.ts';

async function playToEnd(run: Awaited<ReturnType<typeof startConductor>>) {
  run.conductor.play(Number.POSITIVE_INFINITY);
  while (run.ticker.fire()) await run.conductor.idle();
  await run.conductor.idle();
  return run.page.frame!;
}

describe('conductor with hosted nodes', () => {
  for (const { name } of exampleFiles()) {
    it(`${name}: the same trace hash as in-process`, async () => {
      const scenario = example(`${name}.json`);
      const a = await startConductor(scenario, 'in-process');
      const b = await startConductor(scenario, 'hosts');
      const [fa, fb] = [await playToEnd(a), await playToEnd(b)];
      expect(fb.status).toBe('done');
      expect(fb.hash).toBe(fa.hash);
      expect(fb.view).toEqual(fa.view);
      a.conductor.dispose();
      b.conductor.dispose();
    });
  }

  it('a branch (crash at 6 s, then seek back to 2 s and forward) matches in-process', async () => {
    const scenario = example('recipes/lock.json');
    const runs = [await startConductor(scenario, 'in-process'), await startConductor(scenario, 'hosts')];
    for (const run of runs) {
      await run.conductor.seek(6_000);
      await run.conductor.inject({ action: 'crash', target: 'c1' });
      await run.conductor.seek(2_000);
      await run.conductor.seek(9_000);
    }
    expect(runs[1]!.page.frame!.view).toEqual(runs[0]!.page.frame!.view);
    const ends = [await playToEnd(runs[0]!), await playToEnd(runs[1]!)];
    expect(ends[1]!.hash).toBe(ends[0]!.hash);
    for (const r of runs) r.conductor.dispose();
  });

  it('a fault injected rebuilds the run on the hosts already made, with the in-process trace', async () => {
    const scenario = example('recipes/lock.json');
    const spawned = { count: 0 };
    const runs = [
      await startConductor(scenario, 'in-process'),
      await startConductor(scenario, 'hosts', spawned),
    ];
    const made: number[] = [];
    for (const run of runs) {
      await run.conductor.seek(6_000);
      made.push(spawned.count);
      // Twice: the second rebuild runs on hosts the first one has already reused.
      await run.conductor.inject({ action: 'crash', target: 'zk1' });
      await run.conductor.inject({ action: 'restart', target: 'zk1' });
    }
    expect(made[1]).toBeGreaterThanOrEqual(scenario.servers.count + scenario.clients.length);
    expect(spawned.count).toBe(made[1]);
    const ends = [await playToEnd(runs[0]!), await playToEnd(runs[1]!)];
    expect(ends[1]!.status).toBe('done');
    expect(ends[1]!.hash).toBe(ends[0]!.hash);
    expect(ends[1]!.view).toEqual(ends[0]!.view);
    for (const r of runs) r.conductor.dispose();
  });

  it('a host that throws takes down its node only: traced, crashed, the run goes on', async () => {
    const scenario = example('ensemble-failover.json');
    const spawn = threadSpawn();
    const ticker = new ManualTicker();
    const conductor = new Conductor(
      scenario,
      async (s) =>
        createWorkerEngine(s, (spec) => {
          const host = spawn(spec);
          if (spec.id !== 'zk2') return host;
          let calls = 0;
          const handleAll: typeof host.api.handleAll = (inputs) => {
            if (++calls === 40) return Promise.reject(new Error('worker blew up'));
            return host.api.handleAll(inputs);
          };
          return { ...host, api: { ...host.api, handleAll } };
        }),
      ticker,
    );
    await conductor.start();
    const page = new PageMirror();
    conductor.subscribe(page.apply);
    conductor.play(Number.POSITIVE_INFINITY);
    while (ticker.fire()) await conductor.idle();
    const f = page.frame!;
    expect(f.status).toBe('done');
    const fail = page.events.find((e) => e.kind === 'node.fail');
    expect(fail).toMatchObject({ node: 'zk2', reason: 'zk2: worker blew up' });
    const after = page.events.slice(page.events.indexOf(fail!));
    expect(after.some((e) => e.kind === 'node.crash' && e.node === 'zk2')).toBe(true);
    expect(after.some((e) => e.kind === 'txn.commit')).toBe(true);
    conductor.dispose();
  });
});

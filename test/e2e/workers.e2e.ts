// The lock scenario (3 servers, 3 Lua clients), every node in its own Web Worker, driven from the
// browser through the run-control API: play, pause, step, seek back, branch — and the trace hash
// equals the CLI's for the document the page says it ran, the branch computed on reused workers.
import assert from 'node:assert/strict';
import type { E2ETest } from './harness.ts';
import { act, nodeRun, openExample } from './run-driver.ts';

export const tests: E2ETest[] = [
  {
    name: 'lock scenario in workers: play, pause, step, seek back, branch; hash equals the CLI',
    blank: true,
    timeoutMs: 180_000,
    async run({ page, url }) {
      await openExample(page, url, 'recipes/lock');
      const start = await act(page, { op: 'reset' });
      assert.equal(start.t, 0);
      // A worker per node, plus the conductor's.
      const conductor = page.workers().find((w) => w.url().includes('conductor.worker'));
      assert.ok(conductor, 'the conductor runs in a worker');
      const loaded = await conductor.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => e.name),
      );
      // The engine `reset` made runs on the first one's workers (host-pool.ts): three in all.
      const servers = loaded.filter((n) => n.includes('server.worker')).length;
      assert.equal(servers, 3, 'a worker per server, kept through the reset');
      // The Lua clients' workers are spawned ahead, one warming at a time (worker-engine.ts). One
      // still warming or booting when the reset comes is not kept, so a few may load again.
      const clients = loaded.filter((n) => n.includes('client.worker')).length;
      assert.ok(clients <= 2 * 3, `at most a worker per Lua client per engine (${clients} loads)`);

      const played = await act(page, { op: 'play', speed: 100, until: 3_000 });
      assert.ok(played.t >= 3_000 && played.status === 'paused', `${played.status} at ${played.t}`);
      assert.deepEqual(
        Object.values(played.roles).sort(),
        ['FOLLOWING', 'FOLLOWING', 'LEADING'],
        'an elected ensemble at 3 s',
      );
      const step = await act(page, { op: 'step', target: 'event' });
      assert.equal(step.cursorIndex, played.cursorIndex + 1);
      const commit = await act(page, { op: 'step', target: 'commit' });
      assert.ok(commit.cursorIndex > step.cursorIndex);

      const back = await act(page, { op: 'seek', t: 200 });
      assert.equal(back.t, 200);
      assert.equal(back.frontier, commit.frontier, 'seeking back computes nothing');
      assert.ok(
        Object.values(back.roles).every((r) => r !== 'LEADING'),
        'no leader yet at 200 ms',
      );

      await act(page, { op: 'seek', t: 5_000 });
      const leader = Object.entries((await act(page, { op: 'pause' })).roles).find(
        ([, r]) => r === 'LEADING',
      )![0];
      const branched = await act(page, { op: 'inject', fault: { action: 'crash', target: leader } });
      assert.deepEqual(branched.scenario.faults.at(-1), { at: 5_000, action: 'crash', target: leader });
      const end = await act(page, { op: 'play', speed: 'max', until: 'done' });
      const cli = await nodeRun(end.scenario, 'branched lock');
      assert.equal(end.hash, cli.hash);
      assert.equal(end.events, cli.events);
      assert.notEqual(end.roles[leader], 'LEADING');
    },
  },
];

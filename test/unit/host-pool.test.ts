// Node hosts kept for reuse (host-pool.ts): a sound host terminated goes back and serves the next
// node of its kind; one busy or broken is terminated for good; a host is taken back once; no more
// than the cap are kept.
import { describe, expect, it } from 'vitest';
import { pooledSpawn } from '../../src/conductor/host-pool.ts';
import type { HostedNode, SpawnedHost } from '../../src/conductor/worker-node.ts';

interface FakeHost extends SpawnedHost {
  n: number;
  sound: boolean;
  terminated: boolean;
}

function fakes() {
  const made: FakeHost[] = [];
  const spawn = (_node: HostedNode): SpawnedHost => {
    const host: FakeHost = {
      n: made.length,
      sound: true,
      terminated: false,
      api: { boot: async () => undefined, handleAll: async () => ({ outputs: [], pictures: [] }) },
      terminate: () => {
        host.terminated = true;
      },
      reusable: () => host.sound,
    };
    made.push(host);
    return host;
  };
  return { made, spawn };
}

const server = (id: string): HostedNode => ({ id, kind: 'server' });
const client = (id: string): HostedNode => ({ id, kind: 'client' });

describe('pooledSpawn', () => {
  it('serves the next node of the same kind with a sound host let go, not a node of the other kind', () => {
    const { made, spawn } = fakes();
    const pool = pooledSpawn(spawn);
    const a = pool(server('zk1'));
    a.terminate();
    expect(made[0]!.terminated).toBe(false);
    const c = pool(client('c1'));
    expect(made).toHaveLength(2); // a client gets a host of its own kind
    const b = pool(server('zk2'));
    expect(made).toHaveLength(2); // zk2 reuses zk1's host
    expect(b.api).toBe(made[0]!.api);
    expect(c.api).toBe(made[1]!.api);
  });

  it('terminates a host that is busy or broken instead of keeping it', () => {
    const { made, spawn } = fakes();
    const pool = pooledSpawn(spawn);
    const a = pool(server('zk1'));
    made[0]!.sound = false;
    a.terminate();
    expect(made[0]!.terminated).toBe(true);
    pool(server('zk1'));
    expect(made).toHaveLength(2);
  });

  it('takes a host back once, however often it is terminated', () => {
    const { made, spawn } = fakes();
    const pool = pooledSpawn(spawn);
    const a = pool(server('zk1'));
    a.terminate();
    a.terminate();
    pool(server('zk2'));
    pool(server('zk3'));
    expect(made).toHaveLength(2); // zk3 could not get zk1's host a second time
  });

  it('keeps at most `keep` idle hosts of a kind', () => {
    const { made, spawn } = fakes();
    const pool = pooledSpawn(spawn, 2);
    const hosts = [1, 2, 3].map((i) => pool(client(`c${i}`)));
    for (const h of hosts) h.terminate();
    expect(made.map((h) => h.terminated)).toEqual([false, false, true]);
    for (let i = 0; i < 3; i++) pool(client(`d${i}`));
    expect(made).toHaveLength(4);
  });
});

// Issue #12 item 9, settings and addresses: the connect string kept in order (randomizeHosts:
// false), the container check interval as a server setting (znode.container.checkIntervalMs),
// and `ip` ACLs that match a client's address (10.0.1.N, N its place in `clients`).
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.ts';
import { logsOf, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

describe('fidelity: client and server settings (issue #12 item 9)', () => {
  it('randomizeHosts: false tries the servers in the connect string order', async () => {
    const order = async (randomizeHosts: boolean, seed: number) => {
      const { events } = await simulateLua({
        seed,
        duration: 20_000,
        // Five servers, so that the ensemble keeps a quorum with two of them crashed.
        servers: { count: 5 },
        clients: [{ name: 'c', connect: [3, 1, 2], randomizeHosts, start: 3000, script: 'zk.sleep(20000)' }],
        faults: [
          { at: 6000, action: 'crash', target: 'zk3' },
          { at: 12_000, action: 'crash', target: 'zk1' },
        ],
      });
      return ofKind(events, 'client.session', 'c')
        .filter((e) => e.state === 'SyncConnected')
        .map((e) => e.server);
    };
    for (const seed of [1, 2, 3, 4]) expect(await order(false, seed)).toEqual([3, 1, 2]);
    // Shuffled (the default), some seed starts elsewhere than the first listed server.
    const firsts = new Set<number | null>();
    for (const seed of [1, 2, 3, 4, 5, 6]) firsts.add((await order(true, seed))[0] ?? null);
    expect(firsts.size).toBeGreaterThan(1);
  });

  it('containerCheckIntervalMs: an emptied container goes at the next check of that interval', async () => {
    const script = `
zk.create("/box", "", { container = true })
zk.create("/box/x", "")
zk.sleep(100)
zk.delete("/box/x")
local t0 = zk.now()
while zk.exists("/box") do zk.sleep(100) end
print(zk.now() - t0)
`;
    const gone = async (interval?: number) => {
      const servers = interval === undefined ? {} : { containerCheckIntervalMs: interval };
      const { events } = await simulateLua({ servers, clients: [{ name: 'c', script }] });
      return Number(logsOf(events)[0]);
    };
    const byDefault = await gone();
    const slow = await gone(10_000);
    expect(byDefault).toBeLessThanOrEqual(1100);
    expect(slow).toBeGreaterThan(1100);
    expect(slow).toBeLessThanOrEqual(10_100);
    const bad = validateScenario({ version: 1, seed: 1, servers: { containerCheckIntervalMs: 0 } });
    expect(bad.ok).toBe(false);
  });

  it('an ip ACL matches the client connecting from that address', async () => {
    const owner = `
zk.create("/net", "n", { acl = { "r:ip:10.0.1.0/24", "cdrwa:ip:10.0.1.2" } })
zk.sleep(2000)
print(zk.get("/net") ~= nil, select(2, zk.set("/net", "x")))
`;
    const other = `
zk.sleep(1000)
print((zk.get("/net")), zk.set("/net", "y") ~= nil)
`;
    const { events } = await simulateLua({
      clients: [
        { name: 'a', script: owner },
        { name: 'b', script: other },
      ],
    });
    expect(logsOf(events, 'a')).toEqual(['true\tNoAuth']);
    expect(logsOf(events, 'b')).toEqual(['n\ttrue']);
  });
});

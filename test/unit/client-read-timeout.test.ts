// ClientCnxn's read timeout: a client that hears nothing from its server for 2/3 of the negotiated
// timeout drops the connection and moves its session to another server (before it can expire).
import { describe, expect, it } from 'vitest';
import { simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

describe('client read timeout', () => {
  it('leaves a paused server after 2/3 of the session timeout, keeping its session', async () => {
    const script = `
      zk.create('/e', '', { ephemeral = true })
      while true do zk.sleep(500) end`;
    const { events } = await simulateLua({
      duration: 20_000,
      servers: { count: 3 },
      clients: [{ name: 'c', start: 2_000, sessionTimeout: 6_000, script }],
    });
    const first = ofKind(events, 'client.session', 'c')[0]!;
    const server = `zk${String(first.server)}`;
    const paused = await simulateLua({
      duration: 20_000,
      servers: { count: 3 },
      clients: [{ name: 'c', start: 2_000, sessionTimeout: 6_000, script }],
      faults: [{ at: 5_000, action: 'pause', target: server }],
    });
    const timeout = ofKind(paused.events, 'client.timeout', 'c');
    expect(timeout).toHaveLength(1);
    // The last thing heard was a ping reply (pings every 2 s): silence for 4 s after it.
    const lastHeard = Math.max(
      ...ofKind(paused.events, 'net.send')
        .filter((e) => e.to === 'c' && e.from === server && (e.at as number) <= 5_000)
        .map((e) => e.at as number),
    );
    expect(timeout[0]!.t).toBe(lastHeard + 4_000);
    expect(timeout[0]!.idle).toBe(4_000);
    const moved = ofKind(paused.events, 'client.session', 'c').filter((e) => e.moved === true);
    expect(moved).toHaveLength(1);
    expect(moved[0]!.session).toBe(first.session);
    expect(`zk${String(moved[0]!.server)}`).not.toBe(server);
    expect(ofKind(paused.events, 'server.session').filter((e) => e.op === 'expire')).toEqual([]);
  });
});

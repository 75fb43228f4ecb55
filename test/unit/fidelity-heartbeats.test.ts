// Issue #12 item 9: a fault that stops a client's heartbeats while its socket stays open. The
// ensemble then expires a session whose connection never broke; the client learns it when the
// server closes the socket and its reconnect is answered "expired".
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.ts';
import { logsOf, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const HOLDER = `
zk.create("/lease", "", { ephemeral = true })
while true do
  local ev = zk.wait_event()
  if ev.type == "None" then print(zk.now(), ev.state) end
  if ev.state == "Expired" then break end
end
`;

const WATCHER = `
zk.exists("/lease", true)
local ev = zk.wait_event()
while ev.type == "None" do ev = zk.wait_event() end
print(zk.now(), ev.type, ev.path)
`;

describe('fidelity: stop-heartbeats (issue #12 item 9)', () => {
  it('the session expires although its connection stays open', async () => {
    const { events } = await simulateLua({
      clients: [
        { name: 'holder', script: HOLDER, sessionTimeout: 4000 },
        { name: 'watcher', script: WATCHER, start: 100 },
      ],
      faults: [{ at: 1000, action: 'stop-heartbeats', target: 'holder' }],
    });
    const expire = ofKind(events, 'server.session').find((e) => e.op === 'expire');
    // Silent from its last ping (≤ 1000 ms) for its 4000 ms timeout, rounded up to a tick.
    expect(expire?.t).toBeGreaterThanOrEqual(4000);
    expect(expire?.t).toBeLessThanOrEqual(1000 + 4000 + 2000);
    // No read timeout on the client: the connection was not the client's to drop.
    expect(ofKind(events, 'client.timeout', 'holder')).toEqual([]);
    const holder = logsOf(events, 'holder').map((l) => l.split('\t')[1]);
    expect(holder).toEqual(['SyncConnected', 'Disconnected', 'Expired']);
    const [at, type, path] = logsOf(events, 'watcher')[0]!.split('\t');
    expect([type, path]).toEqual(['NodeDeleted', '/lease']);
    // The watcher hears of it one network hop after the expiry.
    expect(Number(at) - expire!.t).toBeGreaterThanOrEqual(0);
    expect(Number(at) - expire!.t).toBeLessThan(10);
  });

  it('resume-heartbeats before the timeout keeps the session', async () => {
    const { events } = await simulateLua({
      clients: [{ name: 'holder', script: 'zk.sleep(8000)\nprint(zk.state())', sessionTimeout: 4000 }],
      faults: [
        { at: 1000, action: 'stop-heartbeats', target: 'holder' },
        { at: 3000, action: 'resume-heartbeats', target: 'holder' },
      ],
    });
    expect(ofKind(events, 'server.session').map((e) => e.op)).toEqual(['create']);
    expect(logsOf(events, 'holder')).toEqual(['CONNECTED']);
  });

  it('targets a client only', () => {
    const bad = validateScenario({
      version: 1,
      seed: 1,
      faults: [{ at: 1, action: 'stop-heartbeats', target: 'zk1' }],
    });
    expect(bad.ok).toBe(false);
  });
});

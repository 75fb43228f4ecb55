// The CLI's timeline names servers as the rest of the program does (src/sim/node-id.ts), and says
// nothing of a server when a session event has none (it used to print "on zknull").
import { describe, expect, it } from 'vitest';
import { timelineLine } from '../../src/cli/summary.ts';

describe('CLI timeline server names', () => {
  it('names the server a session is on, and none when it is on none', () => {
    const on = timelineLine({
      t: 5,
      kind: 'client.session',
      client: 'a',
      session: 0x100n,
      state: 'SyncConnected',
      server: 2,
      timeout: 4000,
    });
    expect(on).toBe('      5 ms  a: session 0x100 SyncConnected on zk2 (timeout 4000 ms)');
    const none = timelineLine({
      t: 9,
      kind: 'client.session',
      client: 'a',
      session: 0x100n,
      state: 'Closed',
      server: null,
      timeout: 4000,
    });
    expect(none).toBe('      9 ms  a: session 0x100 Closed (timeout 4000 ms)');
  });

  it('names the server that expired a session', () => {
    const line = timelineLine({
      t: 12,
      kind: 'server.session',
      server: 3,
      session: 0x100n,
      op: 'expire',
      timeout: 4000,
    });
    expect(line).toBe('     12 ms  zk3: session 0x100 expired');
  });
});

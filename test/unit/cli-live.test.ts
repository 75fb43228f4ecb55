import { describe, expect, it } from 'vitest';
import { tsxSync } from '../support/tsx-run.ts';

// `npm run sim -- … --live`: what a live run refuses is bad input (exit 2), found before any
// connection is tried (no ZooKeeper needed here; the conformance suite runs live against one).
const sim = (...args: string[]) => tsxSync('src/cli/sim.ts', args);

describe('npm run sim -- --live', () => {
  it('refuses a scenario with faults that need control of the servers, naming each', () => {
    const r = sim('examples/ensemble-failover.json', '--live', '127.0.0.1:1,127.0.0.1:2,127.0.0.1:3');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('this scenario cannot run live');
    expect(r.stderr).toMatch(/fault 'crash' at \d+ ms needs control of the servers/);
  });

  it('refuses a connect string that names fewer servers than the clients use, and a malformed one', () => {
    const fewer = sim('examples/ensemble-failover.json', '--live', '127.0.0.1:1');
    expect(fewer.status).toBe(2);
    expect(fewer.stderr).toMatch(/connects to server [23], but the connect string names 1/);
    const bad = sim('examples/standalone-basics.json', '--live', 'host:notaport');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--live: not host:port: 'host:notaport'");
    const none = sim('examples/standalone-basics.json', '--live');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--live needs a connect string');
  });
});

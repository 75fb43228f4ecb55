import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsxSync } from '../support/tsx-run.ts';

const sim = (...args: string[]) => tsxSync('src/cli/sim.ts', args);
const hashOf = (out: string) => /trace hash: ([0-9a-f]{64})/.exec(out)?.[1];

describe('npm run sim', () => {
  it('runs an example, prints the same hash twice, and the written trace hashes to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zk-sim-'));
    const file = join(dir, 'out.jsonl');
    const a = sim('examples/standalone-basics.json', '--trace', file, '--check');
    const b = sim('examples/standalone-basics.json');
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(hashOf(a.stdout)).toBeDefined();
    expect(hashOf(a.stdout)).toBe(hashOf(b.stdout));
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(hashOf(a.stdout));
    expect(a.stdout).toContain('final tree on zk1');
    expect(a.stdout).toContain('check: 0 violation(s)');
  });

  it('takes --seed and --until', () => {
    const base = sim('examples/session-expiry.json');
    const reseeded = sim('examples/session-expiry.json', '--seed', '99');
    const short = sim('examples/session-expiry.json', '--until', '2000');
    expect(hashOf(reseeded.stdout)).not.toBe(hashOf(base.stdout));
    expect(short.stdout).toContain('2000 ms');
    expect(short.stdout).not.toContain('expired');
  });

  it('exits 2 with a message naming the problem for bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zk-sim-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 1, seed: 1, clients: [{ name: 'a', connect: [4] }] }));
    const r = sim(bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('$.clients[0].connect[0]');
    const missing = sim(join(dir, 'nope.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    const flag = sim('examples/standalone-basics.json', '--seed', 'x');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('--seed');
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsxSync } from '../support/tsx-run.ts';

// Issue #15 item 19: a script's print output and its death are in `npm run sim`'s summary, and a
// script that died fails `--check`.
const sim = (...args: string[]) => tsxSync('src/cli/sim.ts', args);

function scenario(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zk-sim-lua-'));
  const file = join(dir, 'scenario.json');
  const doc = {
    version: 1,
    seed: 1,
    duration: 3000,
    servers: { count: 1 },
    clients: [{ name: 'c1', connect: [1], script }],
  };
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('npm run sim: Lua output and failures', () => {
  it('prints lua.log lines and a script that dies, and --check exits 1 naming the client', () => {
    const file = scenario('print("hello", 42)\nlocal x = nil\nx.boom = 1\n');
    const plain = sim(file);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('c1: hello  42');
    expect(plain.stdout).toMatch(/c1: SCRIPT FAILED \(runtime, line 3\): .*attempt to index/);
    const checked = sim(file, '--check');
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain('check: 1 script(s) failed: c1');
  });

  it('a script that ends normally passes --check', () => {
    const checked = sim(scenario('print("fine")\n'), '--check');
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain('c1: fine');
    expect(checked.stdout).not.toContain('script(s) failed');
  });
});

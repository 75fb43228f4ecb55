// The CLI against hostile input (issue #11): exit codes, messages, and what reaches the terminal.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsxSync } from '../support/tsx-run.ts';

const run = (cli: string, ...args: string[]) => tsxSync(`src/cli/${cli}.ts`, args);
const dir = mkdtempSync(join(tmpdir(), 'zk-cli-hostile-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
/** A scenario with a script fault aimed at a JSON-program client, and no client with a `script`. */
const edited = JSON.stringify({
  version: 1,
  seed: 1,
  duration: 3000,
  clients: [{ name: 'a', program: [{ op: 'create', path: '/x' }] }],
  faults: [{ at: 1000, action: 'script', target: 'a', script: "zk.create('/y', 'edited')" }],
});

describe('npm run sim, hostile input', () => {
  it('item 7: a script fault on a JSON-program client runs (its VM is made), exit 0', () => {
    const r = run('sim', file('edited.json', edited), '--check');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('a: create /y → /y');
    expect(r.stdout).toContain('check: 0 violation(s)');
  });

  it('item 9: an unwritable --trace is bad input, found before the run', () => {
    const r = run('sim', 'examples/welcome.json', '--trace', join(dir, 'no', 'such', 'dir', 't.jsonl'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `cannot write the trace to ${join(dir, 'no', 'such', 'dir', 't.jsonl')}: ENOENT`,
    );
    expect(r.stdout).toBe('');
  });

  it('item 10: escape codes in the name and the path are printed escaped', () => {
    const name = file(
      '\u001b[2Jx.json',
      JSON.stringify({ version: 1, seed: 1, duration: 10, name: '\u001b]0;pwned\u0007' }),
    );
    const r = run('sim', name);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('scenario: \\x1b]0;pwned\\x07 — seed 1');
    expect(r.stdout + r.stderr).not.toContain('\u001b');
    expect(r.stdout + r.stderr).not.toContain('\u0007');
    const bad = run('sim', file('\u001b[31mbad.json', '{"version":1,"seed":"\u001b[2J"}'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('\\x1b[31mbad.json: invalid scenario');
    expect(bad.stderr).not.toContain('\u001b');
  });

  it('item 11: a Latin-1 file is refused at its first bad byte', () => {
    const r = run(
      'sim',
      file(
        'latin1.json',
        new Uint8Array([...Buffer.from('{"version":1,"seed":1,"name":"caf'), 0xe9, 0x22, 0x7d]),
      ),
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not UTF-8 text: byte 0xE9 at line 1, column 34');
  });
});

describe('npm run sweep, hostile input', () => {
  it('item 11: an unknown --bugs name is a one-line message, not a JSON dump', () => {
    const r = run('sweep', '--seeds', '1', '--bugs', 'ack-before-fsnc');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "--bugs: unknown protocol bug 'ack-before-fsnc' (did you mean 'ack-before-fsync'?)",
    );
    expect(r.stderr).not.toContain('[{');
  });

  it('item 7: --scenario with a script fault on a JSON-program client has no violation', () => {
    const r = run(
      'sweep',
      '--seeds',
      '1-2',
      '--jobs',
      '1',
      '--faults',
      'none',
      '--scenario',
      file('edited.json', edited),
    );
    expect(r.stdout).toContain('seeds: 2, failing: 0');
    expect(r.status).toBe(0);
  });
});

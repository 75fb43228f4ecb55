// The seed sweep: scenarios are valid and a pure function of (seed, options), clean seeds pass,
// deliberate protocol bugs are caught, and the CLI's results do not depend on --jobs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioJson, validateScenario } from '../../src/scenario/validate.ts';
import {
  DEFAULT_SWEEP_OPTIONS,
  runSeed,
  type SeedResult,
  type SweepOptions,
  sweepScenario,
} from '../../src/sim/check/sweep.ts';
import { tsxSync } from '../support/tsx-run.ts';

const opts = (o: Partial<SweepOptions> = {}): SweepOptions => ({ ...DEFAULT_SWEEP_OPTIONS, ...o });
const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe('sweep scenarios', () => {
  it('are valid scenarios and the same for the same seed; different seeds differ', () => {
    const texts = new Set<string>();
    for (const seed of SEEDS) {
      const s = sweepScenario(seed, opts());
      // complete as built: validating it (as a document) fills in nothing and changes nothing
      const v = validateScenario(JSON.parse(JSON.stringify(s)));
      expect(v.ok && v.scenario).toEqual(s);
      const bugs = sweepScenario(seed, opts({ servers: 5, bugs: ['skip-epoch-agreement'] }));
      const vb = validateScenario(JSON.parse(JSON.stringify(bugs)));
      expect(vb.ok && vb.scenario).toEqual(bugs);
      expect(JSON.stringify(sweepScenario(seed, opts()))).toBe(JSON.stringify(s));
      texts.add(JSON.stringify(s));
      expect(s.seed).toBe(seed);
    }
    expect(texts.size).toBe(SEEDS.length);
  });

  it('have faults of every kind inside the window, then heal, clean links and restart everything at 25 s', () => {
    const actions = new Set<string>();
    for (const seed of SEEDS) {
      const faults = sweepScenario(seed, opts()).faults;
      for (const f of faults) actions.add(f.action + ('keepUnsynced' in f && f.keepUnsynced ? '+keep' : ''));
      const recovery = faults.filter((f) => f.at >= 25_000);
      expect(recovery.every((f) => f.at === 25_000)).toBe(true);
      expect(recovery.some((f) => f.action === 'heal')).toBe(true);
      for (const node of ['zk1', 'zk2', 'zk3', 'c1', 'c2'])
        expect(recovery.some((f) => f.action === 'restart' && f.target === node)).toBe(true);
      // every link that is cut gets uncut (within the window or at recovery)
      const pairs = (action: string) =>
        new Set(faults.flatMap((f) => (f.action === action && 'from' in f ? [`${f.from}>${f.to}`] : [])));
      const uncut = pairs('uncut');
      for (const p of pairs('cut')) expect(uncut).toContain(p);
    }
    for (const a of [
      'crash',
      'crash+keep',
      'restart',
      'partition',
      'heal',
      'pause',
      'resume',
      'cut',
      'uncut',
      'drop',
      'delay',
    ])
      expect(actions).toContain(a);
  });

  it('follow --servers and --faults none, and pass --bugs to servers.bugs', () => {
    const s = sweepScenario(
      7,
      opts({ servers: 5, observers: 0, faults: 'none', bugs: ['diff-instead-of-trunc'] }),
    );
    expect(s.servers.count).toBe(5);
    expect(s.servers.observers ?? 0).toBe(0);
    expect(s.faults).toEqual([]);
    expect(s.servers.bugs).toEqual(['diff-instead-of-trunc']);
    expect(s.clients.every((c) => c.connect.length === 5)).toBe(true);
  });

  it('keep a base scenario and add faults that name only its nodes', () => {
    const base = parseScenarioJson(readFileSync('examples/session-expiry.json', 'utf8'));
    if (!base.ok) throw new Error('example invalid');
    for (const seed of [1, 2, 3]) {
      const s = sweepScenario(seed, opts({ base: base.scenario }));
      expect(s.clients).toEqual(base.scenario.clients);
      expect(s.seed).toBe(seed);
      expect(s.faults.length).toBeGreaterThanOrEqual(base.scenario.faults.length);
      // a one-server scenario: random faults target its clients only
      for (const f of s.faults) if ('target' in f) expect(['holder', 'watcher']).toContain(f.target);
    }
  });
});

describe('running seeds', () => {
  it('finds no violation in clean seeds, each a 40 s run with hundreds of txns', async () => {
    for (const seed of SEEDS.slice(0, 15)) {
      const r = await runSeed(seed, opts());
      expect(r.violations).toEqual([]);
      expect(r.duration).toBe(40_000);
      expect(r.events).toBeGreaterThan(500);
    }
  });

  it('is deterministic: the same seed gives the same trace hash', async () => {
    const a = await runSeed(11, opts(), { traceHash: true });
    const b = await runSeed(11, opts(), { traceHash: true });
    expect(a.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.traceHash).toBe(a.traceHash);
  });

  it('catches a deliberate protocol bug: two leaders of one epoch (skip-epoch-agreement)', async () => {
    const runs: SeedResult[] = [];
    for (const seed of SEEDS) runs.push(await runSeed(seed, opts({ bugs: ['skip-epoch-agreement'] })));
    const failing = runs.filter((r) => r.violations.length > 0);
    expect(failing.length).toBeGreaterThan(3);
    expect(failing.some((r) => r.violations.some((v) => v.invariant === 'one-leader-per-epoch'))).toBe(true);
  });

  it('completes seed 72, whose LOOKING voter and observer answer each other: every packet takes ≥ 1 ms', async () => {
    const r = await runSeed(72, opts());
    expect(r.violations).toEqual([]);
    expect(r.duration).toBeGreaterThan(0);
  });
});

describe('npm run sweep', () => {
  const sweep = (...args: string[]) => {
    const r = tsxSync('src/cli/sweep.ts', args);
    return { code: r.status, out: r.stdout };
  };
  /** The output without the lines that mention the job count or the time. */
  const stable = (out: string) =>
    out
      .split('\n')
      .filter((l) => !l.startsWith('sweep:') && !l.startsWith('time:'))
      .join('\n');

  it('prints the same per-seed results with 1 and 2 jobs, and exits 0 when all pass', () => {
    const one = sweep('--seeds', '1-6', '--jobs', '1', '--verbose');
    const two = sweep('--seeds', '1-6', '--jobs', '2', '--verbose');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(stable(two.out)).toBe(stable(one.out));
    expect(one.out).toContain('seeds: 6, failing: 0');
    expect(one.out.match(/^seed \d+: 0 violation\(s\)/gm)).toHaveLength(6);
  });

  it('exits 1 on a violation and prints the replay commands', () => {
    const r = sweep(
      '--seeds',
      '4',
      '--bugs',
      'skip-epoch-agreement',
      '--jobs',
      '1',
      '--out',
      'node_modules/.cache/sweep-test',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('one-leader-per-epoch');
    expect(r.out).toContain(
      'replay: npm run sweep -- --seeds 4 --faults random --servers 3 --observers random --bugs skip-epoch-agreement --verbose',
    );
    expect(r.out).toContain('npm run sim -- node_modules/.cache/sweep-test/seed-4.json --check');
    // The scenario file replays the same run: same trace, same violation.
    const hash = /trace ([0-9a-f]{16})/.exec(r.out)?.[1];
    const replay = tsxSync('src/cli/sim.ts', ['node_modules/.cache/sweep-test/seed-4.json', '--check'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(replay.status).toBe(1);
    expect(replay.stdout).toContain('VIOLATION one-leader-per-epoch');
    expect(replay.stdout).toContain(`trace hash: ${hash}`);
  });
});

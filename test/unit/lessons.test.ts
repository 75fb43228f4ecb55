// The lesson gallery (src/lessons, docs/lessons.md): every lesson's scenario is valid and plays in
// Node through the conductor; every step is reachable (each stepTo moment comes); a deep link to a
// step lands where Next-Next-Next does; and what the narration claims is in the run.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ViolationMark } from '../../src/conductor/run-control.ts';
import { clampStep, LESSONS, lessonById, stepView } from '../../src/lessons/gallery.ts';
import { presenterKey } from '../../src/lessons/keys.ts';
import { LessonPlayer } from '../../src/lessons/player.ts';
import type { Lesson } from '../../src/lessons/types.ts';
import { formatScenarioErrors, parseScenarioJson, validateScenario } from '../../src/scenario/validate.ts';
import type { Fault, Scenario } from '../../src/sim/scenario-types.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { startConductor } from '../support/conductor.ts';

function scenarioOf(lesson: Lesson): Scenario {
  const parsed = parseScenarioJson(readFileSync(`examples/${lesson.scenario}.json`, 'utf8'));
  if (!parsed.ok) throw new Error(`${lesson.scenario}:\n${formatScenarioErrors(parsed.errors)}`);
  return parsed.scenario;
}

/** The run as a step left it: the events up to the cursor and the violations found before it. */
interface Snapshot {
  t: number;
  cursorIndex: number;
  events: TraceEvent[];
  violations: ViolationMark[];
  faults: Fault[];
}

async function play(lesson: Lesson) {
  const run = await startConductor(scenarioOf(lesson));
  const player = new LessonPlayer(run.conductor, lesson);
  const snapshot = (): Snapshot => {
    const f = run.page.frame!;
    return {
      t: f.t,
      cursorIndex: f.cursorIndex,
      events: run.page.events.slice(0, f.cursorIndex),
      violations: f.violations.filter((v) => v.index < f.cursorIndex),
      faults: run.conductor.document.faults,
    };
  };
  return { run, player, snapshot };
}

const logs = (s: Snapshot, client: string) =>
  s.events.filter((e) => e.kind === 'lua.log' && e.client === client).map((e) => String(e.message));
const marks = (s: Snapshot, name: string) => s.events.filter((e) => e.kind === 'lua.mark' && e.name === name);
/** Each server's last reported role and epoch (a crashed server keeps its last one). */
const lastState = (s: Snapshot) => {
  const roles = new Map<number, { state: string; epoch: number }>();
  for (const e of s.events)
    if (e.kind === 'server.state')
      roles.set(Number(e.server), { state: String(e.state), epoch: Number(e.epoch) });
  return roles;
};
const syncs = (s: Snapshot) =>
  s.events.filter((e) => e.kind === 'zab.sync').map((e) => `${e.learner}:${e.mode}`);
const invariants = (s: Snapshot) => new Set(s.violations.map((v) => v.invariant));
/** How many waiters each release of `lock` woke (wake-ups between a release and the next acquire). */
function wakeupsPerRelease(s: Snapshot): number[] {
  const out: number[] = [];
  let counting: number | null = null;
  for (const e of s.events) {
    if (e.kind !== 'lua.mark') continue;
    if (e.name === 'lock.released') counting = 0;
    else if (e.name === 'lock.wakeup' && counting !== null) counting++;
    else if (e.name === 'lock.acquired' && counting !== null) {
      out.push(counting);
      counting = null;
    }
  }
  return out;
}

/** What each lesson's narration says, checked on the snapshot of each step (by index). */
const CLAIMS: Record<string, (at: Snapshot[]) => void> = {
  'freshest-log-wins': (at) => {
    // The last election: zk1 (id 1) leads although zk3 (id 3) took part, and zk3 followed it.
    const last = lastState(at[3]!);
    expect(last.get(1)).toEqual({ state: 'LEADING', epoch: 3 });
    expect(last.get(3)?.state).toBe('FOLLOWING');
    expect(syncs(at[4]!).at(-1)).toMatch(/^3:/);
    expect(at[4]!.violations).toEqual([]);
  },
  'five-server-split': (at) => {
    expect(lastState(at[1]!).get(3)).toEqual({ state: 'LEADING', epoch: 2 });
    // Writes went on through the 2-3 split, and none commits after the 2-2-1 split.
    const ok = (s: Snapshot) => logs(s, 'writer').filter((l) => l.endsWith(': ok')).length;
    expect(ok(at[2]!)).toBeGreaterThan(ok(at[1]!));
    const commits = at[3]!.events.filter((e) => e.kind === 'txn.commit' && e.t > 5000);
    expect(commits).toEqual([]);
    expect([...lastState(at[3]!).values()].every((r) => r.state === 'LOOKING')).toBe(true);
  },
  'multi-all-or-nothing': (at) => {
    const multis = at[2]!.events.filter((e) => e.kind === 'client.reply' && e.op === 'multi');
    expect(multis.map((e) => [e.client, e.ok ? 'ok' : e.err])).toEqual([
      ['s2', 'ok'],
      ['s1', 'BadVersion'],
    ]);
    // Each multi is one transaction on every server: the committed one, and the failed one (an
    // error txn, as ZooKeeper logs a failed multi) that changes nothing.
    const txns = at[2]!.events.filter((e) => e.kind === 'txn.commit' && e.type === 'multi' && e.server === 1);
    expect(txns).toHaveLength(2);
  },
  'semaphore-pool': (at) => {
    // At most two holders at every moment.
    let holding = 0;
    let most = 0;
    for (const e of at[3]!.events) {
      if (e.kind !== 'lua.mark') continue;
      if (e.name === 'semaphore.acquired') holding++;
      if (e.name === 'semaphore.released') holding--;
      most = Math.max(most, holding);
    }
    expect(most).toBe(2);
    expect(at[3]!.violations).toEqual([]);
  },
  'acl-digest': (at) => {
    expect(logs(at[3]!, 'bob')).toEqual([
      'bob reads /payroll: NoAuth',
      'bob reads /menu: soup',
      'bob sets /menu: NoAuth',
      'bob with a wrong password reads /payroll: NoAuth',
      "bob with alice's password reads /payroll: salaries",
    ]);
  },
  'one-megabyte-limit': (at) => {
    // The oversized create never became a transaction; the session is the same before and after.
    expect(at[1]!.events.some((e) => e.kind === 'txn.commit' && e.type === 'create2' && e.t < 1300)).toBe(
      false,
    );
    const sessions = at[2]!.events.filter((e) => e.kind === 'client.session' && e.client === 'app');
    expect(new Set(sessions.map((e) => String(e.session))).size).toBe(1);
  },
  'naive-lock': (at) => {
    // c2 never held the lock, yet its delete at version -1 removed c1's node.
    const deletes = at[1]!.events.filter((e) => e.kind === 'client.reply' && e.op === 'delete' && e.ok);
    expect(deletes.map((e) => e.client)).toEqual(['c2']);
    expect(invariants(at[2]!)).toEqual(new Set(['lock-exclusive']));
    expect(marks(at[2]!, 'lock.acquired').map((e) => e.client)).toEqual(['c1', 'c3']);
  },
  'tutorial-lock': (at) => {
    expect(marks(at[2]!, 'lock.acquired').map((e) => (e.fields as { node: string }).node)).toEqual([
      '/lock/n-0000000000',
      '/lock/n-0000000001',
      '/lock/n-0000000002',
    ]);
    // Only one holder at a time: each acquire comes after the previous holder's release.
    const order = at[2]!.events
      .filter((e) => e.kind === 'lua.mark' && /^lock\.(acquired|released)$/.test(String(e.name)))
      .map((e) => `${e.client} ${e.name}`);
    expect(order.slice(0, 5)).toEqual([
      'c1 lock.acquired',
      'c1 lock.released',
      'c2 lock.acquired',
      'c2 lock.released',
      'c3 lock.acquired',
    ]);
    expect(at[2]!.violations).toEqual([]);
  },
  'lock-connectionloss': (at) => {
    // The create was applied (a txn) although the client heard ConnectionLoss.
    const creates = at[1]!.events.filter(
      (e) => e.kind === 'client.reply' && e.op === 'create' && e.path === '/lock',
    );
    expect(creates.map((e) => [e.client, e.ok ? 'ok' : e.err])).toEqual([['c1', 'ConnectionLoss']]);
    expect(logs(at[3]!, 'c1')).toEqual([
      'c1: create /lock: ConnectionLoss',
      'c1: create /lock: NodeExists',
      'c1: someone holds /lock, waiting',
    ]);
    expect(marks(at[3]!, 'lock.acquired')).toEqual([]);
  },
  'lock-protected-create': (at) => {
    // One create of c1's node reached the server; the recipe found it instead of creating another.
    const mine = at[2]!.events.filter(
      (e) =>
        e.kind === 'client.reply' &&
        e.client === 'c1' &&
        e.op === 'create' &&
        String(e.path).includes('__lock__'),
    );
    expect(mine.map((e) => (e.ok ? 'ok' : e.err))).toEqual(['ConnectionLoss']);
    expect((marks(at[2]!, 'lock.acquired')[0]!.fields as { node: string }).node).toBe(
      '/lock/2e42b9f839768be3__lock__0000000000',
    );
    // The disconnection was over before c1 held the lock (same session): no suspension, and one
    // exists only, for the adopted node's token.
    expect(marks(at[3]!, 'lock.suspended')).toEqual([]);
    const exists = at[3]!.events.filter(
      (e) => e.kind === 'client.request' && e.client === 'c1' && e.op === 'exists',
    );
    expect(exists.map((e) => e.path)).toEqual(['/lock/2e42b9f839768be3__lock__0000000000']);
    expect(at[3]!.violations).toEqual([]);
  },
  'server-crash-keeps-lock': (at) => {
    // The same session before and after the crash: no expiry, no closeSession.
    const sessions = at[3]!.events.filter((e) => e.kind === 'client.session' && e.client === 'c1');
    expect(new Set(sessions.map((e) => String(e.session))).size).toBe(1);
    expect(sessions.map((e) => e.server)).toEqual([2, 3]);
    expect(at[3]!.events.some((e) => e.kind === 'txn.commit' && e.type === 'closeSession')).toBe(false);
    expect(marks(at[3]!, 'lock.lost')).toEqual([]);
  },
  'version-timestamp': (at) => {
    const sets = at[1]!.events.filter((e) => e.kind === 'client.reply' && e.op === 'set');
    expect(sets.map((e) => [e.client, e.err])).toEqual([
      ['c1', 'BadVersion'],
      ['c2', 'BadVersion'],
    ]);
    expect(invariants(at[1]!)).toEqual(new Set(['lock-exclusive']));
  },
  'version-cas': (at) => {
    const sets = at[2]!.events.filter((e) => e.kind === 'client.reply' && e.op === 'set');
    expect(sets.slice(0, 2).map((e) => [e.client, e.ok ? 'ok' : e.err])).toEqual([
      ['c2', 'ok'],
      ['c1', 'BadVersion'],
    ]);
    expect(at[2]!.violations).toEqual([]);
  },
  'queue-unsorted': (at) => {
    const took = marks(at[2]!, 'queue.took').map((e) => (e.fields as { data: string }).data);
    expect(took).toHaveLength(8);
    expect(new Set(took).size).toBe(8);
    expect(took).not.toEqual([...took].sort());
    expect(took[0]).toBe('job-8');
  },
  'zookeeper-in-five-steps': (at) => {
    // The event carries no data: the reader learns the value only from its next read.
    const ev = at[2]!.events.at(-1)!;
    expect(ev).toMatchObject({ kind: 'client.event', client: 'reader', type: 'NodeDataChanged' });
    expect(Object.keys(ev).sort()).toEqual(['client', 'kind', 'path', 't', 'type']);
    expect(logs(at[3]!, 'reader')).toEqual([
      'config: color=blue',
      'event: NodeDataChanged /app/config',
      'read again: color=red',
    ]);
    // The worker's node outlives its crash by the session timeout, no more.
    const expired = at[6]!.events.find((e) => e.kind === 'txn.commit' && e.type === 'closeSession')!;
    expect(expired.t).toBeGreaterThanOrEqual(5000);
    expect(expired.t).toBeLessThan(5100);
  },
  'leader-election': (at) => {
    const roles = lastState(at[3]!);
    const leaders = [...roles].filter(([, r]) => r.state === 'LEADING');
    expect(leaders.map(([sid]) => sid)).toEqual([3]);
    expect(leaders[0]![1].epoch).toBe(1);
    expect(logs(at[4]!, 'c')).toEqual(['/hello']);
  },
  'leader-failover': (at) => {
    expect(lastState(at[2]!).get(2)?.state).toBe('LEADING');
    expect(logs(at[3]!, 'writer').at(-1)).toMatch(/zxid 0x2000000/);
    expect(lastState(at[5]!).get(3)?.state).toBe('FOLLOWING');
    expect(syncs(at[5]!)).toContain('3:DIFF');
  },
  'minority-partition': (at) => {
    const cut = at[1]!.t;
    const after = (s: Snapshot, c: string) =>
      s.events
        .filter((e) => e.kind === 'lua.log' && e.client === c && e.t > cut)
        .map((e) => String(e.message));
    // Step 2 is the brief moment with two leaders; zk3 gives up (and a's write fails) at step 3.
    expect(lastState(at[2]!).get(3)?.state).toBe('LEADING');
    expect(lastState(at[2]!).get(2)?.state).toBe('LEADING');
    expect(after(at[2]!, 'a')).not.toContain('a write 8: ConnectionLoss');
    expect(lastState(at[3]!).get(3)?.state).toBe('LOOKING');
    expect(after(at[4]!, 'a').some((m) => m.includes(': ok'))).toBe(false);
    expect(after(at[3]!, 'a')).toContain('a write 8: ConnectionLoss');
    expect(after(at[4]!, 'b').some((m) => /ok, zxid 0x2000000/.test(m))).toBe(true);
    expect(lastState(at[6]!).get(3)?.state).toBe('FOLLOWING');
  },
  'follower-rejoin': (at) => {
    expect(syncs(at[2]!).at(-1)).toBe('1:SNAP');
    expect(syncs(at[4]!).at(-1)).toBe('1:DIFF');
  },
  'rejoin-trunc': (at) => {
    expect(lastState(at[3]!).get(3)?.state).toBe('LEADING');
    expect(logs(at[4]!, 'a').at(-1)).toBe('set /x second: ConnectionLoss');
    expect(at[5]!.events.some((e) => e.kind === 'zab.trunc' && e.server === 3)).toBe(true);
    expect([...logs(at[6]!, 'a'), ...logs(at[6]!, 'b')].filter((m) => m.includes('reads'))).toEqual([
      'a reads /x: first',
      'b reads /x: first',
    ]);
  },
  'diff-instead-of-trunc': (at) => {
    expect(syncs(at[2]!).at(-1)).toBe('3:DIFF');
    expect(logs(at[3]!, 'a').at(-1)).toBe('a reads /x: second');
    expect(logs(at[3]!, 'b').at(-1)).toBe('b reads /x: first');
  },
  'fsync-before-ack': (at) => {
    expect(logs(at[1]!, 'writer')).toEqual(['create /important: /important']);
    expect(logs(at[4]!, 'reader')).toEqual(['reader reads /important: v1']);
    expect(at[4]!.violations).toEqual([]);
  },
  'ack-before-fsync': (at) => {
    expect(logs(at[1]!, 'writer')).toEqual(['create /important: /important']);
    expect(at[3]!.violations[0]?.invariant).toBe('durability');
    expect(logs(at[4]!, 'reader')).toEqual(['reader reads /important: NoNode']);
    expect(logs(at[4]!, 'writer').at(-1)).toBe('writer reads /important: NoNode');
  },
  'stale-read': (at) => {
    expect(logs(at[2]!, 'writer')).toEqual(['writer: /v = new acknowledged']);
    expect(logs(at[3]!, 'reader')).toEqual(['reader before sync: old']);
    expect(logs(at[4]!, 'reader')).toEqual(['reader before sync: old', 'reader after sync: new']);
  },
  lock: (at) => {
    expect(wakeupsPerRelease(at[4]!)).toEqual([1, 1, 1]);
    expect(marks(at[4]!, 'lock.acquired').map((e) => e.client)).toEqual(['c1', 'c2', 'c3', 'c4']);
  },
  'lock-herd': (at) => {
    expect(wakeupsPerRelease(at[1]!)[0]).toBeGreaterThan(1);
    expect(invariants(at[2]!)).toContain('lock-herd');
  },
  'lock-holder-crash': (at) => {
    const handover = marks(at[3]!, 'lock.acquired').at(-1)!;
    expect(handover.client).toBe('c2');
    expect(handover.t).toBeGreaterThan(at[1]!.t + 3_900); // only once c1's 4 s session expired
    expect(marks(at[4]!, 'lock.acquired').at(-1)!.client).toBe('c3');
  },
  'lock-persistent': (at) => {
    expect(marks(at[3]!, 'lock.acquired').map((e) => e.client)).toEqual(['c1']);
    expect(at[3]!.events.some((e) => e.kind === 'server.session' && e.op === 'expire')).toBe(true);
  },
  'lock-fencing': (at) => {
    expect(marks(at[2]!, 'lock.acquired').at(-1)!.client).toBe('c2');
    const writes = marks(at[3]!, 'resource.write').map((e) => e.fields as { token: number; value: string });
    const late = writes.find((w) => w.value === 'c1-3')!;
    expect(late.token).toBeLessThan(Math.max(...writes.map((w) => w.token)));
    expect(marks(at[4]!, 'lock.lost').map((e) => e.client)).toEqual(['c1']);
    expect(at[4]!.violations).toEqual([]);
  },
  'lock-unfenced': (at) => {
    expect(invariants(at[3]!)).toContain('resource-exclusive');
    expect(invariants(at[4]!)).toEqual(new Set(['lock-exclusive', 'resource-exclusive']));
  },
  'election-recipe': (at) => {
    const leader = marks(at[2]!, 'election.leader').at(-1)!;
    expect(leader.client).toBe('c2');
    expect(leader.t - at[1]!.t).toBeLessThan(100); // at once: the expire deleted c1's node
    expect(marks(at[3]!, 'election.lost').map((e) => e.client)).toEqual(['c1']);
    expect(marks(at[4]!, 'election.leader').at(-1)!.client).toBe('c3');
  },
  rwlock: (at) => {
    expect(marks(at[0]!, 'lock.acquired').map((e) => e.client)).toEqual(['r1', 'r2']);
    expect(marks(at[2]!, 'lock.acquired').at(-1)!.client).toBe('w1');
    expect(marks(at[3]!, 'lock.acquired').at(-1)!.client).toBe('r3');
  },
  barrier: (at) => {
    expect(marks(at[1]!, 'barrier.waiting')).toHaveLength(3);
    expect(marks(at[2]!, 'barrier.passed')).toHaveLength(0);
    expect(marks(at[3]!, 'barrier.passed')).toHaveLength(3);
  },
  'double-barrier': (at) => {
    expect(marks(at[1]!, 'barrier.entered')).toHaveLength(3);
    expect(marks(at[2]!, 'barrier.left')).toHaveLength(0);
    expect(marks(at[3]!, 'barrier.left')).toHaveLength(3);
  },
  'double-barrier-unsafe': (at) => {
    expect(at[1]!.violations.map((v) => v.invariant)).toEqual(['barrier-early']);
    expect(at[2]!.violations).toHaveLength(2);
  },
  queue: (at) => {
    const took = marks(at[2]!, 'queue.took').map((e) => (e.fields as { data: string }).data);
    expect(took).toEqual(['job-1', 'job-2', 'job-3', 'job-4', 'job-5', 'job-6']);
  },
  'priority-queue': (at) => {
    const took = marks(at[1]!, 'queue.took').map((e) => (e.fields as { data: string }).data);
    expect(took).toEqual(['urgent', 'a', 'b', 'c', 'late']);
  },
  counter: (at) => {
    expect(marks(at[2]!, 'counter.set').at(-1)!.fields).toMatchObject({ value: 15 });
    expect(marks(at[2]!, 'counter.retry').length).toBeGreaterThan(0);
    expect(at[2]!.violations).toEqual([]);
  },
  'counter-unsafe': (at) => {
    expect(at[1]!.violations[0]?.invariant).toBe('counter-lost-update');
    expect(marks(at[2]!, 'counter.set')).toHaveLength(15);
    expect(marks(at[2]!, 'counter.set').at(-1)!.fields).toMatchObject({ value: 5 });
  },
  'config-watch': (at) => {
    const done = marks(at[2]!, 'config.done').map((e) => e.fields as { mode: string; events: number });
    expect(done).toEqual([
      expect.objectContaining({ mode: 'oneshot', events: 4, value: 'v8' }),
      expect.objectContaining({ mode: 'persistent', events: 8, value: 'v8' }),
    ]);
  },
  'group-membership': (at) => {
    const views = (s: Snapshot) =>
      marks(s, 'group.view').map((e) => (e.fields as { members: string[] }).members);
    expect(views(at[0]!).at(-1)).toEqual(['m1', 'm2', 'm3']);
    // The watch fires only once m2's session expired (4 s after the crash); the new listing follows.
    expect(at[2]!.events.at(-1)).toMatchObject({
      kind: 'client.event',
      client: 'watcher',
      type: 'NodeChildrenChanged',
    });
    expect(at[2]!.t).toBeGreaterThan(at[1]!.t + 3_900);
    expect(views(at[3]!).slice(-2)).toEqual([['m1', 'm3'], ['m1']]);
  },
  'two-phase-commit': (at) => {
    const outcomes = (s: Snapshot) =>
      marks(s, '2pc.decision').map((e) => (e.fields as { tx: string; outcome: string }).outcome);
    expect(outcomes(at[1]!)).toEqual(['commit']);
    expect(marks(at[1]!, '2pc.applied')).toHaveLength(3);
    expect(outcomes(at[2]!)).toEqual(['commit', 'abort']);
  },
};

describe('the lesson gallery', () => {
  it('has at least 14 lessons with unique ids, both languages complete, twins that name each other', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(14);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const l of LESSONS) {
      const texts = [l.title, l.summary, ...l.steps.map((s) => s.text)];
      for (const t of texts) {
        expect(t.en.trim(), l.id).not.toBe('');
        expect(t.zh.trim(), l.id).not.toBe('');
        // Chinese text is written in Chinese, not left in English.
        expect(/[\u4e00-\u9fff]/.test(t.zh), `${l.id}: ${t.zh}`).toBe(true);
      }
      expect(l.steps.length, l.id).toBeGreaterThanOrEqual(2);
      if (l.broken) expect(l.twin, l.id).toBeDefined();
      if (l.twin) expect(lessonById(l.twin)?.twin, l.id).toBe(l.id);
    }
  });

  it('uses every scenario in examples/lessons, each valid, short, and valid with its injected faults', () => {
    const files = readdirSync('examples/lessons').map((f) => `lessons/${f.replace(/\.json$/, '')}`);
    expect(new Set(LESSONS.map((l) => l.scenario))).toEqual(new Set(files));
    for (const l of LESSONS) {
      const scenario = scenarioOf(l);
      expect(scenario.duration, l.id).toBeLessThanOrEqual(12_000);
      for (const s of l.steps)
        if (s.at !== undefined) expect(s.at, l.id).toBeLessThanOrEqual(scenario.duration);
      const injected = l.steps.flatMap((s) => (s.inject ? [{ ...s.inject, at: 0 } as Fault] : []));
      const withFaults = validateScenario({ ...scenario, faults: [...scenario.faults, ...injected] });
      expect(withFaults.ok ? [] : formatScenarioErrors(withFaults.errors), l.id).toEqual([]);
    }
  });

  it('every lesson has its claims checked below', () => {
    expect(Object.keys(CLAIMS).sort()).toEqual(LESSONS.map((l) => l.id).sort());
  });
});

describe('playing each lesson', () => {
  for (const lesson of LESSONS) {
    it(`${lesson.id}: every step is reached, a deep link lands where Next does, and the claims hold`, async () => {
      const { run, player, snapshot } = await play(lesson);
      const at: Snapshot[] = [];
      for (let i = 0; i < lesson.steps.length; i++) {
        const r = await player.goTo(i);
        expect(r.missed, `${lesson.id} step ${i}`).toEqual([]);
        at.push(snapshot());
      }
      // Every injected fault is in the run's document, in order.
      const injected = lesson.steps.flatMap((s) => (s.inject ? [s.inject] : []));
      const extra = run.conductor.document.faults.slice(scenarioOf(lesson).faults.length);
      expect(extra.map(({ at: _at, ...f }) => f)).toEqual(injected);
      CLAIMS[lesson.id]!(at);
      // A deep link (from the start) to the middle step and back to the last gives the same runs.
      for (const k of [Math.floor(lesson.steps.length / 2), lesson.steps.length - 1]) {
        await run.conductor.reset();
        const fresh = new LessonPlayer(run.conductor, lesson);
        const r = await fresh.goTo(k);
        expect(r.replayed).toBe(true);
        const s = snapshot();
        expect([s.t, s.cursorIndex, s.faults], `${lesson.id} deep link to ${k}`).toEqual([
          at[k]!.t,
          at[k]!.cursorIndex,
          at[k]!.faults,
        ]);
        fresh.dispose();
      }
      player.dispose();
      run.conductor.dispose();
    });
  }
});

describe('the player', () => {
  const failover = lessonById('leader-failover')!;

  it('takes the shortcut forward and replays from the start going back over an inject', async () => {
    const { run, player, snapshot } = await play(failover);
    expect((await player.goTo(0)).replayed).toBe(true);
    expect((await player.goTo(1)).replayed).toBe(false); // step 1 seeks: no need to start over
    const atInject = snapshot();
    await player.goTo(2);
    expect((await player.goTo(1)).replayed).toBe(true); // step 1 injected: rebuild, then redo 0..1
    expect(snapshot().faults).toEqual(atInject.faults);
    expect(snapshot().t).toBe(atInject.t);
    expect((await player.goTo(0)).replayed).toBe(true);
    expect(run.conductor.document.faults).toEqual([]);
    player.dispose();
    run.conductor.dispose();
  });

  it('drops a fault the user injected by hand when it goes to a step', async () => {
    const { run, player } = await play(failover);
    await player.goTo(0);
    await run.conductor.inject({ action: 'pause', target: 'zk1' });
    const r = await player.goTo(0);
    expect(r.replayed).toBe(true);
    expect(run.conductor.document.faults).toEqual([]);
    player.dispose();
    run.conductor.dispose();
  });

  it('Next twice in a row goes two steps; Prev and Next stay within the lesson', async () => {
    const { run, player } = await play(failover);
    const a = player.next();
    const b = player.next();
    expect((await a).index).toBe(0);
    expect((await b).index).toBe(1);
    expect((await player.prev()).index).toBe(0);
    expect((await player.prev()).index).toBe(0);
    expect((await player.goTo(99)).index).toBe(failover.steps.length - 1);
    player.dispose();
    run.conductor.dispose();
  });
});

describe('lesson helpers', () => {
  it('presenter keys: Space, ".", PageDown and the arrows move; k stays play/pause', () => {
    expect([' ', '.', 'PageDown', 'ArrowRight', 'ArrowDown'].map(presenterKey)).toEqual([
      'next',
      'next',
      'next',
      'next',
      'next',
    ]);
    expect(['PageUp', 'ArrowLeft', 'ArrowUp'].map(presenterKey)).toEqual(['prev', 'prev', 'prev']);
    expect(['k', 'Enter', 'a'].map(presenterKey)).toEqual([null, null, null]);
  });

  // The deep link's grammar (#lesson=<id>&step=<n>) is the page's route: test/unit/app-route.test.ts.
  it('clampStep: a step number from a link is clamped to the lesson', () => {
    expect(clampStep(lessonById('lock')!, 99)).toBe(lessonById('lock')!.steps.length - 1);
    expect(clampStep(lessonById('lock')!, 2)).toBe(2);
    expect(clampStep(lessonById('lock')!, -3)).toBe(0);
  });

  it('stepView: a step without a view keeps the one before it', () => {
    const lesson = lessonById('lock')!;
    expect(stepView(lesson, 0)).toBe('lock');
    expect(stepView(lesson, 1)).toBe('tree');
    expect(stepView({ ...lesson, steps: [{ text: { en: 'a', zh: '甲' } }] }, 0)).toBe('cluster');
  });
});

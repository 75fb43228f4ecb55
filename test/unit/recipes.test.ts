// The Lua recipe library (src/lua/recipes, docs/recipes.md): every example in examples/recipes runs
// with the recipe modules and its outcome is what the example says; the correct recipes break no
// invariant and every broken twin trips the one it is there to show.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserRecipeModules } from '../../src/lua/recipes/load-browser.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { formatScenarioErrors, parseScenarioJson } from '../../src/scenario/validate.ts';
import { checkRun, liveServers } from '../../src/sim/check/checker.ts';
import { barrierEarly } from '../../src/sim/check/invariants/recipe-barrier.ts';
import { counterLostUpdate } from '../../src/sim/check/invariants/recipe-counter.ts';
import { lockExclusive } from '../../src/sim/check/invariants/recipe-lock-exclusive.ts';
import { lockHerd } from '../../src/sim/check/invariants/recipe-lock-herd.ts';
import { lockOrphaned } from '../../src/sim/check/invariants/recipe-lock-orphaned.ts';
import { resourceExclusive } from '../../src/sim/check/invariants/recipe-resource-exclusive.ts';
import { semaphoreLimit } from '../../src/sim/check/invariants/recipe-semaphore.ts';
import { twoPhaseCommit } from '../../src/sim/check/invariants/recipe-two-phase-commit.ts';
import { INVARIANTS } from '../../src/sim/check/registry.ts';
import type { Violation } from '../../src/sim/check/types.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import type { ZooKeeperServer } from '../../src/sim/server/server.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent, TraceValue } from '../../src/sim/trace/event.ts';

const DIR = join(import.meta.dirname, '../../examples/recipes');
const RECIPE_INVARIANTS = [
  lockExclusive,
  resourceExclusive,
  lockHerd,
  lockOrphaned,
  counterLostUpdate,
  semaphoreLimit,
  barrierEarly,
  twoPhaseCommit,
];
/** Every invariant once, whether or not the registry lists the recipe ones already. */
const ALL = [...INVARIANTS, ...RECIPE_INVARIANTS.filter((f) => !INVARIANTS.includes(f))];

interface Mark {
  t: number;
  client: string;
  name: string;
  fields: { [k: string]: TraceValue };
}

interface Run {
  scenario: Scenario;
  events: TraceEvent[];
  marks: Mark[];
  violations: Violation[];
  servers: ZooKeeperServer[];
  /** Marks with this name, in trace order. */
  m(name: string): Mark[];
}

const runs = new Map<string, Run>();
const pools: LuaPool[] = [];
afterAll(() => {
  for (const p of pools) p.close();
});

function load(file: string): Scenario {
  const r = parseScenarioJson(readFileSync(join(DIR, file), 'utf8'));
  if (!r.ok) throw new Error(`${file}:\n${formatScenarioErrors(r.errors)}`);
  return r.scenario;
}

async function run(name: string): Promise<Run> {
  const cached = runs.get(name);
  if (cached) return cached;
  const scenario = load(`${name}.json`);
  const lua = await LuaPool.prepare(scenario, nodeWasmSource(), nodeRecipeModules());
  pools.push(lua);
  const sim = createSimulation(scenario, { lua });
  sim.runUntil(scenario.duration);
  const events = sim.trace.events;
  const marks = events
    .filter((e) => e.kind === 'lua.mark')
    .map((e) => ({
      t: e.t,
      client: e.client as string,
      name: e.name as string,
      fields: (e.fields ?? {}) as { [k: string]: TraceValue },
    }));
  const servers = liveServers(sim);
  const r: Run = {
    scenario,
    events,
    marks,
    violations: checkRun(events, servers, ALL),
    servers,
    m: (n) => marks.filter((x) => x.name === n),
  };
  runs.set(name, r);
  return r;
}

const clients = (ms: Mark[]) => ms.map((x) => x.client);
const field = (ms: Mark[], f: string) => ms.map((x) => x.fields[f]);
const invariants = (r: Run) => [...new Set(r.violations.map((v) => v.invariant))].sort();
const luaErrors = (r: Run) => r.events.filter((e) => e.kind === 'lua.error').map((e) => e.message);

/** What each example must end with: no violation, or exactly these invariants violated. */
const EXPECTED: Record<string, string[]> = {
  lock: [],
  lock_fenced: [],
  rwlock: [],
  semaphore: [],
  election: [],
  barrier: [],
  double_barrier: [],
  queue: [],
  priority_queue: [],
  counter: [],
  group: [],
  config: [],
  two_phase_commit: [],
  lock_herd: ['lock-herd'],
  lock_persistent: ['lock-orphaned'],
  lock_unfenced: ['lock-exclusive', 'resource-exclusive'],
  counter_unsafe: ['counter-lost-update'],
  semaphore_unsafe: ['semaphore-limit'],
  double_barrier_unsafe: ['barrier-early'],
};

describe('recipe modules', () => {
  it('load from src/lua/recipes: every recipe and every broken twin', () => {
    const names = Object.keys(nodeRecipeModules());
    for (const n of [
      'lock',
      'rwlock',
      'semaphore',
      'election',
      'barrier',
      'double_barrier',
      'queue',
      'priority_queue',
      'counter',
      'group',
      'config',
      'two_phase_commit',
      'fenced_resource',
      'lock_herd',
      'lock_persistent',
      'lock_unfenced',
      'counter_unsafe',
      'semaphore_unsafe',
      'double_barrier_unsafe',
      'recipe_util',
    ])
      expect(names).toContain(n);
  });

  it('the browser loader (Vite import.meta.glob) delivers the same modules as the Node one', () => {
    expect(browserRecipeModules).toEqual(nodeRecipeModules());
  });

  it('every example in examples/recipes is listed here with its expected outcome', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });
});

describe('examples/recipes: outcome and checker verdict', () => {
  it.each(Object.entries(EXPECTED))('%s → %j', async (name, expected) => {
    const r = await run(name);
    expect(luaErrors(r)).toEqual([]);
    expect(invariants(r)).toEqual(expected);
  });
});

describe('lock', () => {
  it('hands over c1 → c2 → c3, then, after c1 crashed holding it, to c2 when its session expires', async () => {
    const r = await run('lock');
    const acquired = r.m('lock.acquired');
    expect(clients(acquired)).toEqual(['c1', 'c2', 'c3', 'c1', 'c2', 'c3']);
    // c1 crashed at 6 s holding the lock; its 4 s session had to expire first
    expect(acquired[4]!.t).toBeGreaterThan(6000 + 4000);
    expect(r.m('lock.released').some((x) => x.client === 'c1' && x.t > 4000)).toBe(false);
    // fencing tokens rise with every hand-over
    const czxids = field(acquired, 'czxid') as number[];
    expect([...czxids].sort((a, b) => a - b)).toEqual(czxids);
  });

  it('each waiter watches only its predecessor, and each deletion wakes exactly one client', async () => {
    const r = await run('lock');
    const queued = new Map(r.m('lock.queued').map((x) => [x.fields.node, x]));
    const order = [...queued.keys()].sort((a, b) => String(a).slice(-10).localeCompare(String(b).slice(-10)));
    for (const w of r.m('lock.waiting')) {
      const mine = order.indexOf(w.fields.node as string);
      expect(w.fields.watch).toBe(order[mine - 1]);
    }
    const deleted = r.events.filter((e) => e.kind === 'client.event' && e.type === 'NodeDeleted');
    const byPath = new Map<string, string[]>();
    for (const e of deleted)
      byPath.set(e.path as string, [...(byPath.get(e.path as string) ?? []), e.client as string]);
    // Every acquire but c1's first waits for a deletion: c1 asks again while c3 still holds the
    // lock (an acquire is create + getChildren). Each deletion woke exactly one client.
    expect(byPath.size).toBe(5);
    for (const woken of byPath.values()) expect(woken).toHaveLength(1);
    expect(r.m('lock.wakeup')).toHaveLength(5);
  });

  it('an acquire sends what Curator sends: create, getChildren, an exists on the predecessor while waiting', async () => {
    const r = await run('lock');
    // Requests from a client's lock.queued mark (its create done) to its lock.acquired mark.
    const byClient = new Map<string, string[]>();
    const open = new Map<string, string>();
    for (const e of r.events) {
      const c = String(e.client);
      if (e.kind === 'lua.mark' && e.name === 'lock.queued')
        open.set(c, String((e.fields as { node: string }).node));
      else if (e.kind === 'lua.mark' && e.name === 'lock.acquired') open.delete(c);
      else if (e.kind === 'client.request' && open.has(c)) {
        const mine = e.path === open.get(c) ? ' (own node)' : '';
        byClient.set(c, [...(byClient.get(c) ?? []), `${e.op}${mine}`]);
      }
    }
    const all = [...byClient.values()].flat();
    expect(new Set(all)).toEqual(new Set(['children', 'exists']));
    // The token comes from the create's Stat: no read of the client's own node.
    expect(all.some((x) => x.endsWith('(own node)'))).toBe(false);
    // The parent is created once in the whole run (the first create answered NoNode), not per acquire.
    const parentCreates = r.events.filter(
      (e) => e.kind === 'client.request' && e.op === 'create' && e.path === '/lock',
    );
    expect(parentCreates).toHaveLength(1);
    expect(r.m('lock.acquired')).toHaveLength(6);
  });

  it('lock_herd: the same order, but each change wakes every waiter', async () => {
    const r = await run('lock_herd');
    expect(clients(r.m('lock.acquired'))).toEqual(['c1', 'c2', 'c3', 'c4']);
    const wakeups = r.m('lock.wakeup');
    // 3 releases and 3 new contenders while others wait: far more than one wake-up per release
    expect(wakeups.length).toBeGreaterThanOrEqual(2 * r.m('lock.released').length);
    expect(r.violations.some((v) => v.invariant === 'lock-herd')).toBe(true);
    expect(r.violations.some((v) => v.invariant === 'lock-exclusive')).toBe(false);
  });

  it('lock_persistent: after c1 crashes holding it nobody ever gets the lock (deadlock)', async () => {
    const r = await run('lock_persistent');
    expect(clients(r.m('lock.acquired'))).toEqual(['c1']);
    expect(new Set(clients(r.m('lock.waiting')))).toEqual(new Set(['c2', 'c3']));
    const v = r.violations.find((x) => x.invariant === 'lock-orphaned');
    expect(v?.message).toContain('c1');
  });
});

describe('fencing', () => {
  it('lock_fenced: the paused holder loses the lock; its one stale write carries an older token', async () => {
    const r = await run('lock_fenced');
    expect(clients(r.m('lock.acquired'))).toEqual(['c1', 'c2']);
    const [t1, t2] = field(r.m('lock.acquired'), 'czxid') as [number, number];
    expect(t2).toBeGreaterThan(t1);
    const c1writes = r.m('resource.write').filter((x) => x.client === 'c1');
    const stale = c1writes.filter((x) => x.t >= 12000);
    expect(stale).toHaveLength(1); // sent before c1 could see Disconnected
    expect(stale[0]!.fields.token).toBe(t1);
    expect(r.m('lock.lost').map((x) => [x.client, x.fields.reason])).toEqual([['c1', 'Expired']]);
  });

  it('lock_unfenced: the paused holder keeps writing after c2 took the lock', async () => {
    const r = await run('lock_unfenced');
    const c2acquired = r.m('lock.acquired').find((x) => x.client === 'c2')!;
    const stale = r.m('resource.write').filter((x) => x.client === 'c1' && x.t > c2acquired.t);
    expect(stale.length).toBeGreaterThan(1);
    expect(r.m('lock.lost')).toHaveLength(0);
    expect(r.violations.filter((v) => v.invariant === 'lock-exclusive')).toHaveLength(1);
    expect(r.violations.filter((v) => v.invariant === 'resource-exclusive')).toHaveLength(stale.length);
  });
});

describe('rwlock', () => {
  it('readers share, the writer waits for both, the late reader waits for the writer', async () => {
    const r = await run('rwlock');
    const at = (c: string, n: string) => r.marks.find((x) => x.client === c && x.name === n)!.t;
    expect(at('r2', 'lock.acquired')).toBeLessThan(at('r1', 'lock.released'));
    expect(at('w1', 'lock.acquired')).toBeGreaterThanOrEqual(
      Math.max(at('r1', 'lock.released'), at('r2', 'lock.released')),
    );
    expect(at('r3', 'lock.acquired')).toBeGreaterThanOrEqual(at('w1', 'lock.released'));
  });
});

/** The most holders at once, from acquired/released marks. */
function peak(ms: Mark[], on: string, off: string): number {
  let n = 0;
  let max = 0;
  for (const x of ms) {
    if (x.name === on) max = Math.max(max, ++n);
    if (x.name === off) n--;
  }
  return max;
}

describe('semaphore', () => {
  it('gives every client a lease, never more than 2 at once', async () => {
    const r = await run('semaphore');
    expect(new Set(clients(r.m('semaphore.acquired')))).toEqual(new Set(['c1', 'c2', 'c3', 'c4']));
    expect(peak(r.marks, 'semaphore.acquired', 'semaphore.released')).toBe(2);
  });

  it('semaphore_unsafe: more holders than leases', async () => {
    const r = await run('semaphore_unsafe');
    expect(peak(r.marks, 'semaphore.acquired', 'semaphore.released')).toBeGreaterThan(1);
  });
});

describe('election', () => {
  it('leaders c1, c2, c3; contenders [c1,c2,c3], [c2,c3], [c3]', async () => {
    const r = await run('election');
    expect(clients(r.m('election.leader'))).toEqual(['c1', 'c2', 'c3']);
    expect(field(r.m('election.contenders'), 'contenders')).toEqual([
      ['c1', 'c2', 'c3'],
      ['c2', 'c3'],
      ['c3'],
    ]);
  });
});

describe('barriers', () => {
  it('barrier: all three waiters pass only after the coordinator removed it', async () => {
    const r = await run('barrier');
    const removed = r.m('barrier.removed')[0]!.t;
    const passed = r.m('barrier.passed');
    expect(new Set(clients(passed))).toEqual(new Set(['w1', 'w2', 'w3']));
    for (const p of passed) expect(p.t).toBeGreaterThanOrEqual(removed);
  });

  it('double_barrier: nobody enters before the last arrives, nobody leaves before the last is done', async () => {
    const r = await run('double_barrier');
    const lastArrival = Math.max(...r.m('barrier.arrived').map((x) => x.t));
    const lastLeaving = Math.max(...r.m('barrier.leaving').map((x) => x.t));
    expect(r.m('barrier.entered')).toHaveLength(3);
    for (const x of r.m('barrier.entered')) expect(x.t).toBeGreaterThanOrEqual(lastArrival);
    expect(r.m('barrier.left')).toHaveLength(3);
    for (const x of r.m('barrier.left')) expect(x.t).toBeGreaterThanOrEqual(lastLeaving);
  });

  it('double_barrier_unsafe: p1 leaves while the others are still inside', async () => {
    const r = await run('double_barrier_unsafe');
    const p1left = r.m('barrier.left').find((x) => x.client === 'p1')!.t;
    expect(p1left).toBeLessThan(Math.max(...r.m('barrier.leaving').map((x) => x.t)));
  });
});

describe('queues', () => {
  it('queue: every job taken exactly once, in FIFO order', async () => {
    const r = await run('queue');
    expect(field(r.m('queue.took'), 'data')).toEqual(['job-1', 'job-2', 'job-3', 'job-4', 'job-5', 'job-6']);
    expect(new Set(clients(r.m('queue.took')))).toEqual(new Set(['k1', 'k2']));
  });

  it('priority_queue: by priority, then by arrival', async () => {
    const r = await run('priority_queue');
    expect(field(r.m('queue.took'), 'data')).toEqual(['urgent', 'a', 'b', 'c', 'late']);
  });
});

describe('counter', () => {
  it('counter: 3 × 10 concurrent increments make 30; retries on BadVersion', async () => {
    const r = await run('counter');
    expect(r.m('counter.set')).toHaveLength(30);
    expect(field(r.m('counter.final'), 'value')).toEqual([30, 30, 30]);
    expect(r.m('counter.retry').length).toBeGreaterThan(0);
    for (const s of r.servers) expect(s.database.peek('/counter')?.data).toBe('30');
  });

  it('counter_unsafe: 30 acknowledged increments, fewer counted', async () => {
    const r = await run('counter_unsafe');
    expect(r.m('counter.set')).toHaveLength(30);
    const final = Number(r.servers[0]!.database.peek('/counter')?.data);
    expect(final).toBeLessThan(30);
    expect(r.violations.some((v) => v.message.includes(`ends at ${final}`))).toBe(true);
  });
});

describe('group', () => {
  it('views follow joins, the crash (after the session expires) and the clean leave', async () => {
    const r = await run('group');
    expect(field(r.m('group.view'), 'members')).toEqual([
      [],
      ['m1'],
      ['m1', 'm2'],
      ['m1', 'm2', 'm3'],
      ['m1', 'm3'],
      ['m1'],
    ]);
    const m2gone = r.m('group.view')[4]!.t;
    expect(m2gone).toBeGreaterThan(4000 + 3000);
  });
});

describe('config', () => {
  it('both followers end on v8; the persistent watch reports every change, the one-shot fewer', async () => {
    const r = await run('config');
    const done = new Map(r.m('config.done').map((x) => [x.fields.mode, x.fields]));
    expect(done.get('oneshot')?.value).toBe('v8');
    expect(done.get('persistent')?.value).toBe('v8');
    expect(done.get('persistent')?.events).toBe(8);
    expect(done.get('oneshot')?.events as number).toBeLessThan(8);
  });
});

describe('two_phase_commit', () => {
  it('tx1 commits everywhere; tx2, with an abort vote, aborts everywhere', async () => {
    const r = await run('two_phase_commit');
    expect(r.m('2pc.decision').map((x) => [x.fields.tx, x.fields.outcome])).toEqual([
      ['/2pc/tx1', 'commit'],
      ['/2pc/tx2', 'abort'],
    ]);
    const applied = r.m('2pc.applied').map((x) => `${x.fields.tx} ${x.fields.site} ${x.fields.outcome}`);
    expect(applied.sort()).toEqual([
      '/2pc/tx1 s1 commit',
      '/2pc/tx1 s2 commit',
      '/2pc/tx1 s3 commit',
      '/2pc/tx2 s1 abort',
      '/2pc/tx2 s2 abort',
      '/2pc/tx2 s3 abort',
    ]);
  });
});

describe('recipe invariants on hand-made traces', () => {
  let t = 0;
  const mark = (client: string, name: string, fields: { [k: string]: TraceValue }): TraceEvent => ({
    t: t++,
    kind: 'lua.mark',
    client,
    name,
    fields,
  });
  const close = (session: string): TraceEvent => ({
    t: t++,
    kind: 'txn.commit',
    type: 'closeSession',
    session: BigInt(session),
    server: 1,
    zxid: '0x100000009',
    cxid: 0,
    digest: 'd',
  });
  const check = (events: TraceEvent[]) => checkRun(events, [], RECIPE_INVARIANTS).map((v) => v.invariant);
  const acquired = (c: string, s: string) =>
    mark(c, 'lock.acquired', { lock: '/l', node: `/l/${c}`, czxid: 1, session: s });

  it('lock-exclusive: a holder whose session expired is excused only if it then says it lost the lock', () => {
    const base = [acquired('c1', '0x1'), close('0x1'), acquired('c2', '0x2')];
    expect(check([...base, mark('c1', 'lock.lost', { lock: '/l' })])).toEqual([]);
    expect(check([...base, mark('c1', 'lock.suspended', { lock: '/l' })])).toEqual([]);
    expect(check([...base, mark('c1', 'lock.released', { lock: '/l' })])).toEqual(['lock-exclusive']);
    expect(check(base)).toEqual(['lock-exclusive']); // never noticed, to the end of the run
    // without the expiry: reported at once
    expect(check([acquired('c1', '0x1'), acquired('c2', '0x2')])).toEqual(['lock-exclusive']);
  });

  it('lock-exclusive: readers share, a writer does not', () => {
    const read = (c: string) => mark(c, 'lock.acquired', { lock: '/rw', node: `/rw/${c}`, mode: 'read' });
    const write = (c: string) => mark(c, 'lock.acquired', { lock: '/rw', node: `/rw/${c}`, mode: 'write' });
    expect(check([read('r1'), read('r2')])).toEqual([]);
    expect(check([read('r1'), write('w1')])).toEqual(['lock-exclusive']);
  });

  it('barrier-early: only a waiter that saw the barrier up and passes before its removal', () => {
    const b = { barrier: '/b' };
    expect(
      check([mark('c', 'barrier.set', b), mark('w', 'barrier.waiting', b), mark('w', 'barrier.passed', b)]),
    ).toEqual(['barrier-early']);
    expect(
      check([
        mark('c', 'barrier.set', b),
        mark('w', 'barrier.waiting', b),
        mark('c', 'barrier.removed', b),
        mark('w', 'barrier.passed', b),
      ]),
    ).toEqual([]);
    expect(check([mark('c', 'barrier.set', b), mark('w', 'barrier.passed', b)])).toEqual([]);
  });

  it('resource-exclusive: a fenced external write with an old token is refused, an unfenced one is taken', () => {
    const c1 = mark('c1', 'lock.acquired', { lock: '/l', node: '/l/a', czxid: 10, fence: '/r' });
    const c2 = mark('c2', 'lock.acquired', { lock: '/l', node: '/l/b', czxid: 20, fence: '/r' });
    const w2 = mark('c2', 'resource.write', { resource: '/r', token: 20, lock: '/l' });
    expect(
      check([c1, c2, w2, mark('c1', 'resource.write', { resource: '/r', token: 10, lock: '/l' })]),
    ).toEqual([]);
    expect(check([c1, c2, w2, mark('c1', 'resource.write', { resource: '/r', lock: '/l' })])).toEqual([
      'resource-exclusive',
    ]);
  });

  it('two-phase-commit: no commit without every commit vote', () => {
    const tx = '/2pc/t';
    expect(
      check([
        mark('co', '2pc.begin', { tx, sites: ['a', 'b'] }),
        mark('a', '2pc.vote', { tx, site: 'a', vote: 'commit' }),
        mark('co', '2pc.decision', { tx, outcome: 'commit' }),
      ]),
    ).toEqual(['two-phase-commit']);
  });
});

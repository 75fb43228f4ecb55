// Every lesson step's claims (src/lessons/claims.ts) hold in the run the player leaves at that step:
// the picture the page shows (frame.view, the state after the last event at or before the cursor)
// and the events before the cursor. Plus the evaluator itself on hand-made pictures, so a claim
// that could never fail would be noticed, and the lock-herd count shared by panel, banner and text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wakeUps } from '../../src/app/views/clients/herd.ts';
import { type Claim, checkClaims } from '../../src/lessons/claims.ts';
import { LESSONS, lessonById } from '../../src/lessons/gallery.ts';
import { LessonPlayer } from '../../src/lessons/player.ts';
import type { Lesson } from '../../src/lessons/types.ts';
import { formatScenarioErrors, parseScenarioJson } from '../../src/scenario/validate.ts';
import { isRoundEvent } from '../../src/sim/check/wake-rounds.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import type { ClientView, ServerView, WorldView, ZnodeView } from '../../src/sim/view/types.ts';
import { startConductor } from '../support/conductor.ts';
import { traceStat } from '../support/trace-stat.ts';

function scenarioOf(lesson: Lesson): Scenario {
  const parsed = parseScenarioJson(readFileSync(`examples/${lesson.scenario}.json`, 'utf8'));
  if (!parsed.ok) throw new Error(`${lesson.scenario}:\n${formatScenarioErrors(parsed.errors)}`);
  return parsed.scenario;
}

describe('lesson claims', () => {
  it('every lesson has steps with claims, and every step has its text in both languages', () => {
    for (const l of LESSONS) {
      expect(l.steps.filter((s) => (s.claims ?? []).length > 0).length, l.id).toBeGreaterThan(0);
      for (const s of l.steps) {
        expect(s.text.en.trim(), l.id).not.toBe('');
        expect(s.text.zh.trim(), l.id).not.toBe('');
      }
    }
  });

  for (const lesson of LESSONS) {
    it(`${lesson.id}: each step's claims hold at the step's cursor`, async () => {
      const run = await startConductor(scenarioOf(lesson));
      const player = new LessonPlayer(run.conductor, lesson);
      const failures: string[] = [];
      for (let i = 0; i < lesson.steps.length; i++) {
        const r = await player.goTo(i);
        expect(r.missed, `${lesson.id} step ${i}`).toEqual([]);
        await run.conductor.idle();
        const f = run.page.frame!;
        const claims = lesson.steps[i]!.claims ?? [];
        for (const m of checkClaims(claims, f.view, run.page.events, f.cursorIndex))
          failures.push(`step ${i} (t=${f.t}): ${m}`);
      }
      player.dispose();
      run.conductor.dispose();
      expect(failures).toEqual([]);
    });
  }

  it('lock-herd: the panel, the checker and the lesson count the same wake-ups', async () => {
    const lesson = lessonById('lock-herd')!;
    const run = await startConductor(scenarioOf(lesson));
    const player = new LessonPlayer(run.conductor, lesson);
    await player.goTo(2);
    const f = run.page.frame!;
    const events = run.page.events;
    const marks = events.flatMap((e, i) => (isRoundEvent(e) ? [i] : []));
    const last = wakeUps(events, marks, '/lock', f.cursorIndex).at(-1)!;
    const banner = f.violations.filter((v) => v.index < f.cursorIndex && v.invariant === 'lock-herd').at(-1)!;
    const claimed = lesson.steps[2]!.claims!.find((c): c is Extract<Claim, { lock: string }> => 'lock' in c)!;
    expect(last.clients.length).toBe(claimed.woke);
    expect(last.herd).toBe(true);
    expect(banner.message).toContain(`(${last.clients.join(', then ')})`);
    player.dispose();
    run.conductor.dispose();
  });
});

// ── the evaluator on hand-made pictures ──────────────────────────────────────────────────────

function znode(path: string, data: string | null, czxid = '0x100000002'): ZnodeView {
  return {
    path,
    data,
    stat: traceStat(czxid, czxid, { dataLength: data?.length ?? 0 }),
    kind: 'persistent',
    ttl: null,
    sequential: false,
    acl: [],
  };
}

function server(sid: number, role: ServerView['role'], leader: number | null, tree: ZnodeView[]): ServerView {
  return {
    node: `zk${sid}`,
    sid,
    up: role !== null,
    paused: false,
    observer: false,
    role,
    zabState: role === null ? null : 'BROADCAST',
    acceptedEpoch: 1,
    currentEpoch: 1,
    lastZxid: '0x100000002',
    leader,
    vote: null,
    logTail: [],
    sessions: [],
    clients: [],
    watches: [],
    tree: role === null ? [] : tree,
  };
}

const client: ClientView = {
  node: 'c1',
  up: true,
  paused: false,
  started: true,
  session: '0x100000000000000',
  state: 'CONNECTED',
  server: 'zk1',
  waitingOn: null,
  line: null,
  script: 'running',
  error: null,
};

const ephemeral = znode('/e', 'mine');
ephemeral.stat.ephemeralOwner = client.session!;
const tree = [
  znode('/', null, '0x0'),
  znode('/x', 'first'),
  znode('/x/a', null),
  znode('/x/b', null),
  ephemeral,
];
const picture: WorldView = {
  t: 100,
  servers: [server(1, 'FOLLOWING', 3, tree), server(2, null, null, tree), server(3, 'LEADING', 3, tree)],
  clients: [client],
};
const events: TraceEvent[] = [
  { t: 10, kind: 'lua.log', client: 'c1', message: 'one' },
  { t: 20, kind: 'lua.mark', client: 'c1', name: 'x.done', fields: {} },
  { t: 30, kind: 'client.event', client: 'c1', type: 'NodeDeleted', path: '/y' },
  { t: 40, kind: 'lua.log', client: 'c1', message: 'two' },
];

describe('checkClaims', () => {
  it('passes claims that the picture and the events before the cursor bear out', () => {
    const claims: Claim[] = [
      { server: 'zk1', role: 'FOLLOWING', leader: 3, currentEpoch: 1 },
      { server: 'zk2', up: false },
      { leaders: 1 },
      { client: 'c1', state: 'CONNECTED', connectedTo: 'zk1' },
      { znode: '/x', data: 'first', czxid: '0x100000002', children: ['b', 'a'] },
      { znode: '/x', mzxid: '0x100000002', version: 0 },
      { znode: '/e', owner: 'c1' },
      { znode: '/y', absent: true },
      { mark: 'x.done', by: ['c1'] },
      { notified: '/y', type: 'NodeDeleted', clients: ['c1'] },
      { log: 'c1', last: 'one' },
      { violations: [] },
    ];
    expect(checkClaims(claims, picture, events, 3)).toEqual([]);
  });

  it('reports each claim that does not hold with what the run shows instead', () => {
    const failures = checkClaims(
      [
        { server: 'zk1', role: 'LEADING' },
        { leaders: 2 },
        { client: 'c1', state: 'CONNECTING' },
        { client: 'c1', up: false },
        { znode: '/x', on: 'zk3', data: 'second' },
        { znode: '/x', absent: true },
        { znode: '/x', on: 'zk1', version: 2, mzxid: '0x100000005' },
        { znode: '/x', on: 'zk1', owner: 'c1' },
        { log: 'c1', last: 'two' },
        { mark: 'x.done', by: [] },
      ],
      picture,
      events,
      3,
    );
    expect(failures).toEqual([
      '{"server":"zk1","role":"LEADING"}: role is FOLLOWING',
      '{"leaders":2}: 1 leading (zk3)',
      '{"client":"c1","state":"CONNECTING"}: state is CONNECTED',
      '{"client":"c1","up":false}: up is true',
      '{"znode":"/x","on":"zk3","data":"second"}: zk3: data "first"',
      '{"znode":"/x","absent":true}: zk1 has it; zk3 has it',
      '{"znode":"/x","on":"zk1","version":2,"mzxid":"0x100000005"}: zk1: mzxid 0x100000002; zk1: version 0',
      '{"znode":"/x","on":"zk1","owner":"c1"}: zk1: owned by 0x0',
      '{"log":"c1","last":"two"}: last line "one"',
      '{"mark":"x.done","by":[]}: marked by [c1]',
    ]);
  });

  it('reads only the events before the cursor', () => {
    expect(checkClaims([{ log: 'c1', last: 'two' }], picture, events, 4)).toEqual([]);
    expect(checkClaims([{ mark: 'x.done', by: [] }], picture, events, 1)).toEqual([]);
  });
});

// Random op sequences over a small path alphabet with several sessions, checked against the invariants
// of docs/checker.md (final-tree: ephemerals, numChildren, cversion) and against each other (pipelined vs one-at-a-time, snapshot, replay).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CreateMode, MultiSubOp, SessionId } from '../../src/sim/server/protocol.ts';
import type {
  ProcessTxnResult,
  ReadRequest,
  RequestContext,
  Txn,
  WriteRequest,
} from '../../src/sim/server/zkdatabase.ts';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';
import { createOp, dumpTree, LOCAL } from '../support/db-harness.ts';

const CFG = { extendedTypes: true };
const SESSIONS: SessionId[] = [0x11n, 0x22n, 0x33n];

// ---- descriptors (what fast-check generates) ----

type Desc =
  | { k: 'create'; s: number; path: string; mode: CreateMode; data: string | null }
  | { k: 'delete'; s: number; path: string; version: number }
  | { k: 'deleteChild'; s: number; path: string; index: number }
  | { k: 'set'; s: number; path: string; version: number; data: string | null }
  | { k: 'check'; s: number; path: string; version: number }
  | { k: 'multi'; s: number; ops: MultiSubOp[] }
  | { k: 'close'; s: number }
  | { k: 'reap'; path: string }
  | { k: 'watch'; s: number; path: string; kind: 'get' | 'exists' | 'children' };

const name = fc.constantFrom('a', 'b', 'c');
const pathArb = fc.array(name, { minLength: 1, maxLength: 3 }).map((xs) => `/${xs.join('/')}`);
const versionArb = fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 2 }));
const modeArb = fc.constantFrom<CreateMode>(
  'persistent',
  'persistent',
  'ephemeral',
  'persistent_sequential',
  'ephemeral_sequential',
  'container',
);
const dataArb = fc.option(fc.constantFrom('', 'x', 'yy', 'é'), { nil: null });
const sArb = fc.integer({ min: 0, max: SESSIONS.length - 1 });

function seqPath(path: string, mode: CreateMode): string {
  return mode.includes('sequential') ? `${path}-` : path;
}

const subOpArb: fc.Arbitrary<MultiSubOp> = fc.oneof(
  fc
    .record({ path: pathArb, mode: modeArb, data: dataArb })
    .map(({ path, mode, data }) => createOp(seqPath(path, mode), { mode, data })),
  fc
    .record({ path: pathArb, version: versionArb })
    .map(({ path, version }) => ({ op: 'delete' as const, path, version })),
  fc
    .record({ path: pathArb, version: versionArb, data: dataArb })
    .map(({ path, version, data }) => ({ op: 'set' as const, path, version, data })),
  fc
    .record({ path: pathArb, version: versionArb })
    .map(({ path, version }) => ({ op: 'check' as const, path, version })),
);

const descArb: fc.Arbitrary<Desc> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({ s: sArb, path: pathArb, mode: modeArb, data: dataArb })
      .map((r) => ({ k: 'create' as const, ...r, path: seqPath(r.path, r.mode) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ s: sArb, path: pathArb, version: versionArb })
      .map((r) => ({ k: 'delete' as const, ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ s: sArb, path: fc.oneof(fc.constant('/'), pathArb), index: fc.nat(5) })
      .map((r) => ({ k: 'deleteChild' as const, ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ s: sArb, path: pathArb, version: versionArb, data: dataArb })
      .map((r) => ({ k: 'set' as const, ...r })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ s: sArb, path: pathArb, version: versionArb })
      .map((r) => ({ k: 'check' as const, ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ s: sArb, ops: fc.array(subOpArb, { maxLength: 4 }) })
      .map((r) => ({ k: 'multi' as const, ...r })),
  },
  { weight: 1, arbitrary: sArb.map((s) => ({ k: 'close' as const, s })) },
  { weight: 1, arbitrary: pathArb.map((path) => ({ k: 'reap' as const, path })) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        s: sArb,
        path: pathArb,
        kind: fc.constantFrom<'get' | 'exists' | 'children'>('get', 'exists', 'children'),
      })
      .map((r) => ({ k: 'watch' as const, ...r })),
  },
);

// ---- concrete actions (resolved against the state of the one-at-a-time run) ----

type Action =
  | { k: 'write'; s: number; req: WriteRequest }
  | { k: 'close'; s: number }
  | { k: 'reap'; path: string }
  | { k: 'read'; s: number; req: ReadRequest };

function ctxOf(s: number): RequestContext {
  return { sessionId: SESSIONS[s] as SessionId, cxid: 0, authIds: [LOCAL] };
}

/** Opens every session of SESSIONS at zxids 1, 2, …; returns the last zxid used. */
function openSessions(db: ZkDatabase): number {
  let zxid = 0;
  for (let i = 0; i < SESSIONS.length; i++) {
    db.processTxn(db.prepCreateSession(ctxOf(i), 4000, ++zxid, zxid * 10));
  }
  return zxid;
}

function childPath(parent: string, c: string): string {
  return parent === '/' ? `/${c}` : `${parent}/${c}`;
}

/** The creates and deletes a successfully applied txn performed, in order. */
function effects(
  txn: Txn,
  existedBefore: (p: string) => boolean,
): { created: string[]; deleted: string[]; order: ['c' | 'd', string][] } {
  const order: ['c' | 'd', string][] = [];
  const visit = (type: string, body: unknown) => {
    const b = body as { path?: string; paths2Delete?: string[]; txns?: { type: string; body: unknown }[] };
    if (type.startsWith('create') && type !== 'createSession') {
      order.push(['c', b.path as string]);
    } else if (type === 'delete' || type === 'deleteContainer') {
      order.push(['d', b.path as string]);
    } else if (type === 'closeSession') {
      for (const p of b.paths2Delete ?? []) {
        if (existedBefore(p)) order.push(['d', p]);
      }
    } else if (type === 'multi') {
      for (const t of b.txns ?? []) visit(t.type, t.body);
    }
  };
  visit(txn.hdr.type, txn.body);
  return {
    created: order.filter((x) => x[0] === 'c').map((x) => x[1]),
    deleted: order.filter((x) => x[0] === 'd').map((x) => x[1]),
    order,
  };
}

const parentOf = (p: string) => {
  const q = p.substring(0, p.lastIndexOf('/'));
  return q === '' ? '/' : q;
};

interface RunLog {
  actions: Action[];
  txns: Txn[];
  results: (ProcessTxnResult | { err: string | null; result: unknown })[];
  db: ZkDatabase;
}

/**
 * Runs the descriptors one at a time (prep, then apply), resolving each against the current tree and
 * checking the invariants after every step.
 */
function runSequential(descs: Desc[]): RunLog {
  const db = new ZkDatabase(CFG);
  let zxid = openSessions(db);
  const live = new Set(SESSIONS.keys());
  const actions: Action[] = [];
  const txns: Txn[] = [];
  const results: RunLog['results'] = [];
  // creates + deletes per node incarnation, and the sequence numbers handed out under it.
  const changes = new Map<string, number>([['/', 0]]);
  const lastSeq = new Map<string, number>();
  const createsUnder = new Map<string, number>([['/', 0]]);

  const apply = (txn: Txn) => {
    const before = dumpTree(db);
    const existed = new Set(db.paths());
    const r = db.processTxn(txn);
    txns.push(txn);
    results.push(r);
    expect(db.lastProcessedZxid).toBe(txn.hdr.zxid);
    const failed = txn.hdr.type === 'error' || (txn.hdr.type === 'multi' && r.err !== null);
    if (failed) {
      // A failed op changes nothing but lastProcessedZxid.
      expect(dumpTree(db)).toEqual(before);
      return r;
    }
    for (const [kind, p] of effects(txn, (x) => existed.has(x)).order) {
      const parent = parentOf(p);
      changes.set(parent, (changes.get(parent) ?? 0) + 1);
      if (kind === 'c') {
        changes.set(p, 0);
        createsUnder.set(p, 0);
        lastSeq.delete(p);
        const n = createsUnder.get(parent) ?? 0;
        createsUnder.set(parent, n + 1);
        const m = /-(\d{10})$/.exec(p);
        if (m) {
          // Only sequential creates make names ending in "-" + 10 digits with this alphabet.
          const seq = Number(m[1]);
          // The suffix is the number of children created under this parent incarnation so far…
          expect(seq).toBe(n);
          // …so it strictly increases and is never reused.
          expect(seq).toBeGreaterThan(lastSeq.get(parent) ?? -1);
          lastSeq.set(parent, seq);
        }
      }
    }
    return r;
  };

  for (const d of descs) {
    let action: Action | null = null;
    switch (d.k) {
      case 'create':
        action = {
          k: 'write',
          s: d.s,
          req: createOp(d.path, { mode: d.mode, data: d.data }),
        };
        break;
      case 'delete':
        action = { k: 'write', s: d.s, req: { op: 'delete', path: d.path, version: d.version } };
        break;
      case 'deleteChild': {
        const kids = db.peek(d.path)?.children ?? [];
        const kid = kids[d.index % Math.max(kids.length, 1)];
        if (kid !== undefined && !(d.path === '/' && kid === 'zookeeper')) {
          action = { k: 'write', s: d.s, req: { op: 'delete', path: childPath(d.path, kid), version: -1 } };
        }
        break;
      }
      case 'set':
        action = { k: 'write', s: d.s, req: { op: 'set', path: d.path, data: d.data, version: d.version } };
        break;
      case 'check':
        action = { k: 'write', s: d.s, req: { op: 'check', path: d.path, version: d.version } };
        break;
      case 'multi':
        action = { k: 'write', s: d.s, req: { op: 'multi', ops: d.ops } };
        break;
      case 'close':
        action = { k: 'close', s: d.s };
        break;
      case 'reap':
        action = { k: 'reap', path: d.path };
        break;
      case 'watch':
        action = { k: 'read', s: d.s, req: { op: d.kind, path: d.path, watch: true } };
        break;
    }
    if (action === null) continue;
    if ('s' in action && !live.has(action.s)) continue; // the server only preps for live sessions
    actions.push(action);
    ++zxid;
    if (action.k === 'write') apply(db.prepRequest(action.req, ctxOf(action.s), zxid, zxid * 10));
    else if (action.k === 'close') {
      apply(db.prepCloseSession(ctxOf(action.s), zxid, zxid * 10));
      live.delete(action.s);
    } else if (action.k === 'reap') apply(db.prepDeleteContainer(action.path, zxid, zxid * 10));
    else {
      --zxid; // reads take no zxid
      results.push(db.processRead(action.req, ctxOf(action.s), `W${action.s}`));
    }
    checkTree(db, changes);
    checkEphemerals(db, live);
  }
  return { actions, txns, results, db };
}

function checkTree(db: ZkDatabase, changes: Map<string, number>): void {
  for (const p of db.paths()) {
    const n = db.peek(p);
    if (!n) throw new Error(`listed path ${p} has no node`);
    expect(n.stat.numChildren).toBe(n.children.length);
    for (const c of n.children) expect(db.peek(childPath(p, c)), `${p} lists ${c}`).not.toBeNull();
    expect(n.stat.czxid).toBeLessThanOrEqual(n.stat.mzxid);
    expect(n.stat.czxid).toBeLessThanOrEqual(n.stat.pzxid);
    if (p.startsWith('/zookeeper')) continue;
    // Reported cversion = creates + deletes of children (the root's /zookeeper was never created).
    const expected = (changes.get(p) ?? 0) - (p === '/' ? 1 : 0);
    expect(n.stat.cversion, `cversion of ${p}`).toBe(expected);
  }
}

function checkEphemerals(db: ZkDatabase, live: Set<number>): void {
  const liveIds = new Set([...live].map((i) => SESSIONS[i]));
  expect(new Set(db.sessionsWithTimeouts().keys())).toEqual(liveIds);
  for (const p of db.paths()) {
    const n = db.peek(p);
    if (n && n.stat.ephemeralOwner !== 0n) {
      expect(liveIds.has(n.stat.ephemeralOwner), `${p} owned by a closed session`).toBe(true);
      expect(n.children).toEqual([]);
    }
  }
  SESSIONS.forEach((id, i) => {
    if (!live.has(i)) expect(db.getEphemerals(id)).toEqual([]);
  });
}

/**
 * Replays the actions with several writes prepped before any is applied (the leader's pipeline).
 * Reads and closeSessions drain the pipeline first: reads run against the applied tree, and a
 * closeSession's parent records keep their childCount in 3.8 (a digest-mode quirk), so a later
 * pipelined delete of that parent would legitimately differ.
 */
function runPipelined(actions: Action[], batches: number[]): RunLog {
  const db = new ZkDatabase(CFG);
  let zxid = openSessions(db);
  const txns: Txn[] = [];
  const results: RunLog['results'] = [];
  let pending: Txn[] = [];
  const drain = () => {
    for (const t of pending) results.push(db.processTxn(t));
    pending = [];
  };
  let b = 0;
  for (const a of actions) {
    if (a.k === 'read') {
      drain();
      results.push(db.processRead(a.req, ctxOf(a.s), `W${a.s}`));
      continue;
    }
    ++zxid;
    let t: Txn;
    if (a.k === 'close') {
      drain();
      t = db.prepCloseSession(ctxOf(a.s), zxid, zxid * 10);
    } else if (a.k === 'reap') t = db.prepDeleteContainer(a.path, zxid, zxid * 10);
    else t = db.prepRequest(a.req, ctxOf(a.s), zxid, zxid * 10);
    txns.push(t);
    pending.push(t);
    if (a.k === 'close' || pending.length >= (batches[b++ % batches.length] ?? 1)) drain();
  }
  drain();
  return { actions, txns, results, db };
}

const descsArb = fc.array(descArb, { minLength: 1, maxLength: 40 });

describe('DataTree properties', () => {
  it('keeps Stat, cversion, sequence and ephemeral invariants; failed ops change nothing', () => {
    fc.assert(
      fc.property(descsArb, (descs) => {
        runSequential(descs);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips snapshot → fromSnapshot to an identical tree that keeps behaving the same', () => {
    fc.assert(
      fc.property(descsArb, descsArb, (first, second) => {
        const { db } = runSequential(first);
        const copy = ZkDatabase.fromSnapshot(CFG, structuredClone(db.snapshot()));
        expect(dumpTree(copy)).toEqual(dumpTree(db));
        expect(copy.lastProcessedZxid).toBe(db.lastProcessedZxid);
        expect([...copy.sessionsWithTimeouts()]).toEqual([...db.sessionsWithTimeouts()]);
        for (const id of SESSIONS) expect(copy.getEphemerals(id)).toEqual(db.getEphemerals(id));
        // Watches belong to connections, not to the snapshot.
        expect(copy.watchCount()).toBe(0);
        SESSIONS.forEach((_, i) => {
          db.removeWatcher(`W${i}`);
        });
        // Continue both with the same txns: they must stay identical.
        const more = runSequential(second).txns.map((t) => ({
          ...t,
          hdr: { ...t.hdr, zxid: t.hdr.zxid + 1000 },
        })) as Txn[];
        for (const t of more) {
          expect(copy.processTxn(t)).toEqual(db.processTxn(t));
        }
        expect(dumpTree(copy)).toEqual(dumpTree(db));
      }),
      { numRuns: 150 },
    );
  });

  it('gives a replica that replays the txn log the same tree (replica determinism)', () => {
    fc.assert(
      fc.property(descsArb, (descs) => {
        const { db, txns } = runSequential(descs);
        const replica = new ZkDatabase(CFG);
        openSessions(replica);
        for (const t of structuredClone(txns)) replica.processTxn(t);
        expect(dumpTree(replica)).toEqual(dumpTree(db));
        for (const id of SESSIONS) expect(replica.getEphemerals(id)).toEqual(db.getEphemerals(id));
      }),
      { numRuns: 150 },
    );
  });

  it('prepping writes against the outstanding view gives the same txns and results as one at a time', () => {
    fc.assert(
      fc.property(
        descsArb,
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }),
        (descs, batches) => {
          const seq = runSequential(descs);
          const pip = runPipelined(seq.actions, batches);
          expect(pip.txns).toEqual(seq.txns);
          expect(pip.results).toEqual(seq.results);
          expect(dumpTree(pip.db)).toEqual(dumpTree(seq.db));
          expect(pip.db.outstandingChangeCount()).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

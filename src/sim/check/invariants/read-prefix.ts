// Reads are sequentially consistent (ZooKeeper Programmer's Guide, "Consistency Guarantees":
// sequential consistency, single system image): a read answered at zxid r (the reply header's zxid
// is the server's lastProcessedZxid, FinalRequestProcessor) returns the state after the committed
// writes up to r — all of them, and none after. The checker cannot replay the tree (txn bodies are
// not traced), so it checks each node a reply shows against every write to that path that any
// client has seen, whatever server or protocol path produced the state:
//   - a write w to path p (p's mzxid or czxid in any reply: the writer's own, or someone's read)
//     with mzxid < w ≤ r means the read missed it: once w is applied, p's mzxid is ≥ w, or p was
//     deleted and re-created later, making its czxid (≤ mzxid) > w;
//   - a delete d of p (a delete's OK reply) with czxid < d ≤ r means the node should be gone;
//   - the Stat itself is from the future if mzxid or pzxid > r, or czxid > mzxid.
// Checked both ways: a read against the writes known so far, and a write learned later against
// the reads before it — so two replicas that diverged show up as soon as one client reads the
// other's version at a zxid that should include it. Writes whose replies were lost (ConnectionLoss)
// and deletes nobody saw (closeSession's ephemerals) are simply unknown, so a node's absence (NoNode,
// a null `exists`) is checked only where nothing unseen can explain it: a persistent node
// (ephemeralOwner 0: no session close, container or TTL removes it) that no client ever asked to
// delete, in a run with no multi so far (a multi's sub-op paths are not traced), must not be
// missing at a zxid after its creation — an acknowledged create a new leader lost, say.
import { nodesSeen } from '../observed.ts';
import type { Invariant, Violation } from '../types.ts';
import { hexZxid, violation, zxidOf } from '../types.ts';
import { ZxidSet } from '../zxid-set.ts';

interface Evidence {
  /** The write or delete it shows. */
  z: number;
  client: string;
  op: string;
  path: string | null;
  index: number;
}

interface Read {
  client: string;
  r: number;
  mzxid: number;
  czxid: number;
  index: number;
}

/**
 * A path's zxids of one kind: none, one, or a set from the second on. Nearly every path has at
 * most one of each (100k paths created once each kept three sets of one and a map of one: ~630
 * bytes a path). The comparisons are ZxidSet's, so one member answers as a set of one would.
 */
type Zxids = number | ZxidSet | null;

const hasZxid = (zs: Zxids, z: number): boolean =>
  zs === null ? false : typeof zs === 'number' ? zs === z : zs.has(z);

/** `zs` with z added (the caller knows it is not there yet). */
function withZxid(zs: Zxids, z: number): Zxids {
  if (zs === null) return z;
  if (typeof zs === 'number') {
    const set = new ZxidSet();
    set.add(zs);
    set.add(z);
    return set;
  }
  zs.add(z);
  return zs;
}

/** The smallest member m with lo < m < hi. */
function firstBetween(zs: Zxids, lo: number, hi: number): number | undefined {
  if (zs === null || typeof zs !== 'number') return zs?.firstBetween(lo, hi);
  return !(zs < lo + 1) && zs < hi ? zs : undefined;
}

/** The greatest member m with 0 < m ≤ r. */
function lastCreation(zs: Zxids, r: number): number | undefined {
  if (zs === null || typeof zs !== 'number') return zs?.range(0, r).at(-1);
  return !(zs < 1) && zs <= r ? zs : undefined;
}

/** As a Map compares its keys (NaN, from a zxid that is not hex, equals itself). */
const sameZxid = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

class PathState {
  /** Creations of persistent nodes (ephemeralOwner 0) seen at this path. */
  persistent: Zxids = null;
  /** Some client sent a delete of this path (whatever became of it). */
  deleteAsked = false;
  writes: Zxids = null;
  deletes: Zxids = null;
  /** Where each write and delete was learned: the first inline, a map from the second on. */
  evidence: Evidence | Map<number, Evidence> | null = null;
  reads: Read[] | null = null;

  evidenceOf(z: number): Evidence | undefined {
    const ev = this.evidence;
    if (ev === null || ev instanceof Map) return ev?.get(z);
    return sameZxid(ev.z, z) ? ev : undefined;
  }

  /** Keeps `ev` for its zxid; over what was kept for that zxid only when `replace` (a delete's). */
  learned(ev: Evidence, replace: boolean): void {
    const kept = this.evidence;
    if (kept === null) this.evidence = ev;
    else if (kept instanceof Map) {
      if (replace || !kept.has(ev.z)) kept.set(ev.z, ev);
    } else if (sameZxid(kept.z, ev.z)) {
      if (replace) this.evidence = ev;
    } else
      this.evidence = new Map([
        [kept.z, kept],
        [ev.z, ev],
      ]);
  }
}

export function readPrefix(): Invariant {
  const name = 'read-prefix';
  const paths = new Map<string, PathState>();
  const stateOf = (p: string): PathState => {
    let s = paths.get(p);
    if (!s) {
      s = new PathState();
      paths.set(p, s);
    }
    return s;
  };
  const by = (ev: Evidence) =>
    `client ${ev.client}'s ${ev.path === null ? `${ev.op} reply` : `${ev.op} ${ev.path} reply`}`;
  let multiAsked = false;
  /** Path p reported missing at zxid r. */
  const absent = (p: string, r: number, client: string, what: string, i: number, e: { t: number }) => {
    const s = paths.get(p);
    if (!s || s.deleteAsked) return;
    const c = lastCreation(s.persistent, r);
    if (c === undefined || firstBetween(s.deletes, c, r + 1) !== undefined) return;
    const ev = s.evidenceOf(c)!;
    return [
      violation(
        name,
        e,
        `client ${client}: ${what} answered at ${hexZxid(r)} says ${p} does not exist, but ${by(ev)} shows it created at ${hexZxid(c)} (persistent) and no client ever deleted it`,
        [ev.index, i],
      ),
    ];
  };
  return {
    name,
    describe:
      'A read answered at zxid r shows each node as of r: no write or delete to it with a zxid ≤ r that any client saw is missing, and nothing after r.',
    kinds: ['client.request', 'client.reply'],
    observe(e, i) {
      if (e.kind === 'client.request') {
        if (e.op === 'multi') multiAsked = true;
        else if (e.op === 'delete' && e.path !== null) stateOf(e.path).deleteAsked = true;
        return;
      }
      if (e.kind !== 'client.reply' || e.zxid === undefined) return;
      const r = zxidOf(e.zxid);
      if (e.ok !== true) {
        if (e.err !== 'NoNode' || e.path === null || multiAsked || e.op === 'create' || e.op === 'multi')
          return;
        return absent(e.path, r, e.client, `${e.op} ${e.path}`, i, e);
      }
      if (e.op === 'exists' && e.result?.stat === null && e.path !== null && !multiAsked)
        return absent(e.path, r, e.client, `exists ${e.path}`, i, e);
      const out: Violation[] = [];
      const report = (message: string, events: number[]) => {
        out.push(violation(name, e, message, events));
      };
      const learn = (p: string, w: number, kind: 'write' | 'delete') => {
        const s = stateOf(p);
        if (w <= 0) return;
        if (kind === 'write') {
          if (hasZxid(s.writes, w)) return;
          s.writes = withZxid(s.writes, w);
        } else {
          if (hasZxid(s.deletes, w)) return;
          s.deletes = withZxid(s.deletes, w);
        }
        const ev: Evidence = { z: w, client: e.client, op: e.op, path: e.path, index: i };
        s.learned(ev, kind === 'delete');
        for (const rd of s.reads ?? []) {
          const seenBefore = kind === 'write' ? rd.mzxid : rd.czxid;
          if (seenBefore < w && w <= rd.r)
            report(
              kind === 'write'
                ? `client ${rd.client} read ${p} at ${hexZxid(rd.r)} with mzxid ${hexZxid(rd.mzxid)}, but ${by(ev)} shows a write to ${p} at ${hexZxid(w)}: that read missed it`
                : `client ${rd.client} read ${p} at ${hexZxid(rd.r)} (created at ${hexZxid(rd.czxid)}), but ${by(ev)} deleted it at ${hexZxid(w)}`,
              [rd.index, i],
            );
        }
      };
      const nodes = nodesSeen(e);
      for (const n of nodes) {
        if (n.path === null) continue;
        learn(n.path, n.mzxid, 'write');
        learn(n.path, n.czxid, 'write');
        if (n.persistent && n.czxid > 0) {
          const s = stateOf(n.path);
          if (!hasZxid(s.persistent, n.czxid)) s.persistent = withZxid(s.persistent, n.czxid);
        }
      }
      if (e.op === 'delete' && e.path !== null) learn(e.path, r, 'delete');
      for (const n of nodes) {
        if (n.mzxid > r || n.pzxid > r || n.czxid > n.mzxid) {
          report(
            `client ${e.client}: ${e.op} ${n.path ?? '(a multi sub-op)'} answered at ${e.zxid} shows czxid ${hexZxid(n.czxid)}, mzxid ${hexZxid(n.mzxid)}, pzxid ${hexZxid(n.pzxid)}: state after ${e.zxid}`,
            [i],
          );
          continue;
        }
        if (n.path === null) continue;
        const s = stateOf(n.path);
        const w = firstBetween(s.writes, n.mzxid, r + 1);
        if (w !== undefined) {
          const ev = s.evidenceOf(w)!;
          report(
            `client ${e.client}: ${e.op} ${n.path} answered at ${e.zxid} shows mzxid ${hexZxid(n.mzxid)}, missing the write at ${hexZxid(w)} that ${by(ev)} shows`,
            [ev.index, i],
          );
        }
        const d = firstBetween(s.deletes, n.czxid, r + 1);
        if (d !== undefined) {
          const ev = s.evidenceOf(d)!;
          report(
            `client ${e.client}: ${e.op} ${n.path} answered at ${e.zxid} shows the node created at ${hexZxid(n.czxid)}, deleted at ${hexZxid(d)} by ${by(ev)}`,
            [ev.index, i],
          );
        }
        // A read is reported only by a write in (mzxid, r] or a delete in (czxid, r]: one at its
        // node's own change (a create's or set's reply) never can be, and is not kept.
        if (!(n.mzxid < r || n.czxid < r)) continue;
        const read: Read = { client: e.client, r, mzxid: n.mzxid, czxid: n.czxid, index: i };
        if (s.reads === null) s.reads = [read];
        else s.reads.push(read);
      }
      return out;
    },
  };
}

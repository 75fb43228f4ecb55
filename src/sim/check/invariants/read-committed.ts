// A client only ever sees committed state (ZooKeeper Programmer's Guide, "Consistency Guarantees":
// reliability — what a client has seen is never rolled back — and sequential consistency). Every
// zxid a reply shows — the header zxid (a write's txn, a read's lastProcessedZxid) and the czxid,
// mzxid and pzxid of each Stat — must be committed when the client gets it, and must stay in the
// committed history: a later leader whose history leaves it out has rolled back what the client
// read (an acknowledged write rolled back is `durability`'s, reported at the same event).
// "Committed" is explicit (a `txn.commit` anywhere) or implicit (in the initial history of a leader
// that reached BROADCAST): see ../committed-zxids.ts.
//
// A server only answers clients once its leader is established (Learner#syncWithLeader serves
// after UPTODATE), so state it fast-forwarded over (ZooKeeperServer#shutdown applies logged,
// uncommitted txns) is either confirmed by that leader's history or cut off by its TRUNC before
// any client sees it. A learner kept in sync by a DIFF it should not have got (ZOOKEEPER-1154)
// serves such state: this catches it at the first read.
import { CONSENSUS_KINDS, CommittedZxids, isTxnZxid } from '../committed-zxids.ts';
import { nodesSeen } from '../observed.ts';
import type { Invariant, Violation } from '../types.ts';
import { hexZxid, violation, WRITE_OPS, zxidOf } from '../types.ts';

interface Seen {
  client: string;
  what: string;
  index: number;
}

export function readCommitted(): Invariant {
  const name = 'read-committed';
  const history = new CommittedZxids();
  /** First observation of each zxid by a client, to report it if it is rolled back later. */
  const seen = new Map<number, Seen>();
  let pending: Violation[] = [];
  history.onExclude = (x, wasCommitted) => {
    const s = seen.get(x.zxid);
    if (!s || !wasCommitted) return; // an uncommitted one was reported when it was seen
    pending.push({
      invariant: name,
      t: 0, // set below, to the establishing event's time
      message: `client ${s.client} saw ${hexZxid(x.zxid)} (${s.what}), but server ${x.leader} established epoch ${x.epoch} with lastLoggedZxid ${hexZxid(x.logged)}, without it: what the client saw is rolled back`,
      events: [s.index, x.index],
    });
  };
  const describeMissing = (z: number): string => {
    const x = history.exclusion(z);
    if (x)
      return `left out of the history server ${x.leader} established for epoch ${x.epoch} (lastLoggedZxid ${hexZxid(x.logged)})`;
    const p = history.proposal(z);
    return p ? `proposed by server ${p.server} but not committed` : 'never proposed or committed';
  };
  return {
    name,
    describe:
      'Every zxid a client sees (reply zxid; czxid, mzxid, pzxid of a Stat) is committed, and stays in the committed history.',
    kinds: [...CONSENSUS_KINDS, 'client.reply'],
    observe(e, i) {
      if (e.kind !== 'client.reply') {
        history.observe(e, i);
        if (pending.length === 0) return;
        const out = pending.map((v) => ({ ...v, t: e.t }));
        pending = [];
        return out;
      }
      const zxids: [number, string][] = [];
      for (const n of nodesSeen(e)) {
        const at = n.path ?? 'a multi sub-op';
        zxids.push([n.mzxid, `mzxid of ${at}`], [n.czxid, `czxid of ${at}`], [n.pzxid, `pzxid of ${at}`]);
      }
      if (e.zxid !== undefined) zxids.push([zxidOf(e.zxid), `the zxid of its ${e.op} ${e.path} reply`]);
      const out: Violation[] = [];
      const reported = new Set<number>();
      for (const [z, what] of zxids) {
        if (!isTxnZxid(z)) continue;
        // A write's own reply is durability's business (no rollback of acknowledged writes).
        if (!seen.has(z) && !WRITE_OPS.has(e.op)) seen.set(z, { client: e.client, what, index: i });
        if (history.isCommitted(z) || reported.has(z)) continue;
        reported.add(z);
        out.push(
          violation(name, e, `client ${e.client} saw ${hexZxid(z)} (${what}), ${describeMissing(z)}`, [
            ...(history.proposal(z) ? [history.proposal(z)!.index] : []),
            i,
          ]),
        );
      }
      return out;
    },
  };
}

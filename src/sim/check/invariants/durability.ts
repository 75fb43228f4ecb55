// ZAB primary integrity / no rollback (ZooKeeper Internals, "Guarantees, Properties, and
// Definitions": a committed transaction is never rolled back): a txn committed anywhere — in
// particular one acknowledged to a client — survives every later leader change.
//  - A server that establishes itself as leader (LEADING + BROADCAST) has logged every zxid
//    committed anywhere before: its lastLoggedZxid (`logged`) is ≥ each of them. (Whether it holds
//    exactly those txns is agreement's and no-skip's business, once they are committed under it.)
//  - A TRUNC never cuts a committed zxid off a learner, unless the leader syncing it proposed that
//    txn itself: LearnerHandler#syncFollower truncates to the leader's last *committed* zxid and
//    then forwards its outstanding proposals, so a txn still in flight comes straight back.
//  - A write acknowledged to a client (client.reply ok, with the txn's zxid) was committed first.

import type { Invariant, Violation } from '../types.ts';
import { hexZxid, violation, WRITE_OPS, zxidOf } from '../types.ts';
import { ZxidMap } from '../zxid-map.ts';
import { ZxidSet } from '../zxid-set.ts';

export function durability(): Invariant {
  const name = 'durability';
  const committed = new ZxidSet();
  const firstCommit = new ZxidMap<number>();
  /** The first OK reply with each zxid: its trace index (always set) and client. */
  const ackedAt = new ZxidMap<number>();
  const ackedBy = new ZxidMap<unknown>();
  /** zxid → the server that proposed it; learner → the leader that last synced it. */
  const proposer = new ZxidMap<unknown>();
  const syncedBy = new Map<unknown, unknown>();
  const what = (z: number): string => {
    return ackedAt.has(z) ? `${hexZxid(z)} (acknowledged to client ${ackedBy.get(z)})` : hexZxid(z);
  };
  const refs = (zs: number[], i: number): number[] => [
    ...zs.map((z) => ackedAt.get(z) ?? firstCommit.get(z)!),
    i,
  ];
  return {
    name,
    describe:
      'Every committed (or acknowledged) txn is logged by every later established leader and never truncated away.',
    kinds: ['txn.commit', 'client.reply', 'server.state', 'zab.trunc', 'zab.propose', 'zab.sync'],
    observe(e, i) {
      switch (e.kind) {
        case 'zab.propose':
          proposer.set(zxidOf(e.zxid), e.server);
          return;
        case 'zab.sync':
          syncedBy.set(e.learner, e.server);
          return;
        case 'txn.commit': {
          const z = zxidOf(e.zxid);
          if (committed.add(z)) firstCommit.set(z, i);
          return;
        }
        case 'client.reply': {
          if (e.ok !== true || e.zxid === undefined || typeof e.op !== 'string' || !WRITE_OPS.has(e.op))
            return;
          const z = zxidOf(e.zxid);
          if (!ackedAt.has(z)) {
            ackedAt.set(z, i);
            ackedBy.set(z, e.client);
          }
          if (committed.has(z)) return;
          return [
            violation(
              name,
              e,
              `client ${e.client} got OK for ${e.op} ${e.path} at ${e.zxid}, which no server committed`,
              [i],
            ),
          ];
        }
        case 'server.state': {
          if (e.state !== 'LEADING' || e.zabState !== 'BROADCAST' || e.logged === undefined) return;
          const logged = zxidOf(e.logged);
          const lost = committed.range(logged, Number.MAX_SAFE_INTEGER);
          if (lost.length === 0) return;
          const shown = lost.slice(0, 3).map(what).join(', ');
          return [
            violation(
              name,
              e,
              `server ${e.server} established epoch ${e.epoch} with lastLoggedZxid ${e.logged}, missing ${lost.length} committed txn(s): ${shown}${lost.length > 3 ? ', …' : ''}`,
              refs(lost.slice(0, 3), i),
            ),
          ];
        }
        case 'zab.trunc': {
          const leader = syncedBy.get(e.server);
          const lost = committed
            .range(zxidOf(e.to), zxidOf(e.from))
            .filter((z) => proposer.get(z) !== leader);
          if (lost.length === 0) return;
          const out: Violation[] = [
            violation(
              name,
              e,
              `TRUNC on server ${e.server} from ${e.from} to ${e.to} removes committed ${lost.slice(0, 3).map(what).join(', ')}${lost.length > 3 ? ', …' : ''}`,
              refs(lost.slice(0, 3), i),
            ),
          ];
          return out;
        }
      }
      return;
    },
  };
}

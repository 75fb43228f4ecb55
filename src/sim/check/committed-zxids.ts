// Which zxids are committed, as far as the trace shows, for the checks that ask "did the client
// see committed state?" (read-committed, sync-truncates).
//
// A txn is committed in two ways. Explicitly: some server applies it as committed (`txn.commit`;
// the leader only does so after a quorum's ACKs, a learner only after the leader's COMMIT).
// Implicitly: a new leader's initial history becomes committed when a quorum has acknowledged
// NEWLEADER (Leader#waitForNewLeaderAck, then `zabState` BROADCAST) — the txns it logged in an
// earlier epoch but never saw committed are then committed without any `txn.commit` (ZAB's
// "primary integrity": the new leader's history is the committed history up to its epoch).
//
// The leader's log is not traced, only its `logged` (lastLoggedZxid). Under ZAB a server's log
// holds, for each earlier epoch, a prefix of what that epoch's leader proposed, and for the epochs
// below the newest one in it, exactly the initial history of that newest epoch's leader. So when a
// leader of epoch e establishes itself with lastLoggedZxid L:
//   - every zxid of an epoch ≤ e above L is not in its history: it is *excluded*, never to be
//     committed (no later leader of epoch > e descends from anything but this history, and
//     nobody proposes an epoch-< e zxid again). Epoch e itself has no txn yet unless a second
//     leader established it (ZAB's Leadership: one established leader per epoch);
//   - every zxid proposed in an earlier epoch, at most L, and not excluded before, is in it: it
//     is committed now;
//   - a zxid of an earlier epoch proposed afterwards (by a deposed leader that has not noticed)
//     is excluded as soon as it is proposed: that history was fixed before it existed.
// A zxid a client observed that is excluded later (an acknowledged write a new leader lacks) was
// committed and then lost; callers get told through `onExclude`.
import type { TraceEvent } from '../trace/event.ts';
import { epochOfZxid, zxidOf } from './types.ts';
import { ZxidMap } from './zxid-map.ts';
import { ZxidSet } from './zxid-set.ts';

export const CONSENSUS_KINDS = ['txn.commit', 'zab.propose', 'server.state'] as const;

export interface Exclusion {
  zxid: number;
  /** The leader and epoch whose history left it out, and the trace index of its BROADCAST. */
  leader: number;
  epoch: number;
  logged: number;
  index: number;
}

export class CommittedZxids {
  /** Committed (explicitly or implicitly) → trace index of the event that committed it. */
  private readonly committed = new ZxidMap<number>();
  /** Every committed zxid, sorted: an establishment excludes those above its leader's log. */
  private readonly committedSorted = new ZxidSet();
  /** Proposed, neither committed nor excluded yet → index of the proposal. */
  private readonly tentative = new Map<number, number>();
  private readonly excluded = new Map<number, Exclusion>();
  /** The first proposal of each zxid: its trace index (always set) and server. */
  private readonly proposedAt = new ZxidMap<number>();
  private readonly proposedBy = new ZxidMap<number>();
  /** The establishment of the greatest epoch so far. */
  private newest: { leader: number; epoch: number; logged: number; index: number } | null = null;

  /** Called for each zxid an establishment leaves out (after it was committed or not). */
  onExclude: ((x: Exclusion, wasCommitted: boolean) => void) | null = null;

  observe(e: TraceEvent, i: number): void {
    switch (e.kind) {
      case 'zab.propose': {
        const z = zxidOf(e.zxid);
        if (!this.proposedAt.has(z)) {
          this.proposedAt.set(z, i);
          this.proposedBy.set(z, e.server);
        }
        if (this.committed.has(z) || this.excluded.has(z)) return;
        // A deposed leader that has not noticed yet still proposes: a newer epoch's history was
        // fixed before this txn existed, so it can never be part of it.
        const newest = this.newest;
        if (newest && newest.epoch > epochOfZxid(z)) this.exclude(z, newest, false);
        else this.tentative.set(z, i);
        return;
      }
      case 'txn.commit': {
        const z = zxidOf(e.zxid);
        // Applying an excluded txn does not make it committed: no quorum will ever hold it.
        if (this.committed.has(z) || this.excluded.has(z)) return;
        this.committed.set(z, i);
        this.committedSorted.add(z);
        this.tentative.delete(z);
        return;
      }
      case 'server.state': {
        if (e.state !== 'LEADING' || e.zabState !== 'BROADCAST' || e.logged === undefined) return;
        this.establish(e.server, e.epoch, zxidOf(e.logged), i);
        return;
      }
    }
  }

  private exclude(
    z: number,
    by: { leader: number; epoch: number; logged: number; index: number },
    wasCommitted: boolean,
  ): void {
    const x: Exclusion = { zxid: z, ...by };
    this.excluded.set(z, x);
    this.onExclude?.(x, wasCommitted);
  }

  private establish(leader: number, epoch: number, logged: number, index: number): void {
    const by = { leader, epoch, logged, index };
    if (!this.newest || epoch >= this.newest.epoch) this.newest = by;
    const exclude = (z: number, wasCommitted: boolean) => this.exclude(z, by, wasCommitted);
    for (const [z] of this.tentative) {
      if (epochOfZxid(z) > epoch) continue;
      this.tentative.delete(z);
      if (z <= logged) {
        this.committed.set(z, index);
        this.committedSorted.add(z);
      } else exclude(z, false);
    }
    // A committed txn above the new leader's log is lost (durability reports it too); reads of it
    // from now on are reads of a history that is not the committed one.
    const end = (epoch + 1) * 2 ** 32;
    if (logged + 1 < end)
      for (const z of this.committedSorted.range(logged, end - 1))
        if (!this.excluded.has(z)) exclude(z, true);
  }

  /** Committed (explicitly or implicitly) and not left out of a later leader's history since. */
  isCommitted(z: number): boolean {
    return this.committed.has(z) && !this.excluded.has(z);
  }

  exclusion(z: number): Exclusion | undefined {
    return this.excluded.get(z);
  }

  proposal(z: number): { server: number; index: number } | undefined {
    const index = this.proposedAt.get(z);
    return index === undefined ? undefined : { server: this.proposedBy.get(z)!, index };
  }
}

/** Not a txn: zxid 0 (the empty tree) and (e, 0), the zxid of an epoch before its first txn. */
export const isTxnZxid = (z: number): boolean => z > 0 && z % 2 ** 32 !== 0;

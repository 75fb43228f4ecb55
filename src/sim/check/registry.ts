// Every invariant the checker runs, in report order. Adding one: a file under ./invariants/ that
// exports an InvariantFactory, and one line here (docs/checker.md, "Adding an invariant").
import { agreement } from './invariants/agreement.ts';
import { commitOrder } from './invariants/commit-order.ts';
import { durability } from './invariants/durability.ts';
import { epochMonotonic } from './invariants/epoch-monotonic.ts';
import { epochOrder } from './invariants/epoch-order.ts';
import { finalTree } from './invariants/final-tree.ts';
import { integrity } from './invariants/integrity.ts';
import { monotonicReads } from './invariants/monotonic-reads.ts';
import { noSkip } from './invariants/no-skip.ts';
import { oneChangePerZxid } from './invariants/one-change-per-zxid.ts';
import { oneLeaderPerEpoch } from './invariants/one-leader-per-epoch.ts';
import { proposalOrder } from './invariants/proposal-order.ts';
import { readCommitted } from './invariants/read-committed.ts';
import { readPrefix } from './invariants/read-prefix.ts';
import { readYourWrites } from './invariants/read-your-writes.ts';
import { barrierEarly } from './invariants/recipe-barrier.ts';
import { counterLostUpdate } from './invariants/recipe-counter.ts';
import { lockExclusive } from './invariants/recipe-lock-exclusive.ts';
import { lockHerd } from './invariants/recipe-lock-herd.ts';
import { lockOrphaned } from './invariants/recipe-lock-orphaned.ts';
import { resourceExclusive } from './invariants/recipe-resource-exclusive.ts';
import { semaphoreLimit } from './invariants/recipe-semaphore.ts';
import { twoPhaseCommit } from './invariants/recipe-two-phase-commit.ts';
import { replicaDeterminism } from './invariants/replica-determinism.ts';
import { sessionClosed } from './invariants/session-closed.ts';
import { sessionLifecycle } from './invariants/session-lifecycle.ts';
import { sessionUnique } from './invariants/session-unique.ts';
import { syncTruncates } from './invariants/sync-truncates.ts';
import { writeLinearizable } from './invariants/write-linearizable.ts';
import type { InvariantFactory } from './types.ts';

export const INVARIANTS: readonly InvariantFactory[] = [
  oneLeaderPerEpoch,
  epochOrder,
  epochMonotonic,
  proposalOrder,
  integrity,
  agreement,
  commitOrder,
  noSkip,
  durability,
  syncTruncates,
  sessionUnique,
  sessionClosed,
  monotonicReads,
  readYourWrites,
  readCommitted,
  readPrefix,
  writeLinearizable,
  oneChangePerZxid,
  sessionLifecycle,
  finalTree,
  replicaDeterminism,
  lockExclusive,
  resourceExclusive,
  lockHerd,
  lockOrphaned,
  counterLostUpdate,
  semaphoreLimit,
  barrierEarly,
  twoPhaseCommit,
];

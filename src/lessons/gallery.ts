// The lesson gallery in teaching order (the on-ramp, the ensemble, then recipes; each broken twin
// right after the lesson it breaks), and lookups over it. The data lives in gallery/*.ts.
import * as basics from './gallery/basics.ts';
import * as ensemble from './gallery/ensemble.ts';
import * as locks from './gallery/locks.ts';
import * as mistakes from './gallery/mistakes.ts';
import * as recipes from './gallery/recipes.ts';
import * as truths from './gallery/truths.ts';
import type { Lesson, LessonView } from './types.ts';

export const LESSONS: readonly Lesson[] = [
  basics.fiveSteps,
  ensemble.leaderElection,
  ensemble.leaderFailover,
  ensemble.minorityPartition,
  ensemble.followerRejoin,
  ensemble.rejoinTrunc,
  ensemble.diffInsteadOfTrunc,
  ensemble.fsyncBeforeAck,
  ensemble.ackBeforeFsync,
  ensemble.staleRead,
  truths.freshestLogWins,
  truths.fiveServerSplit,
  locks.lock,
  locks.lockHerd,
  locks.lockHolderCrash,
  locks.lockPersistent,
  locks.lockFencing,
  locks.lockUnfenced,
  locks.electionRecipe,
  locks.rwlock,
  truths.semaphorePool,
  recipes.barrier,
  recipes.doubleBarrier,
  recipes.doubleBarrierUnsafe,
  recipes.queue,
  mistakes.queueUnsorted,
  recipes.priorityQueue,
  recipes.counter,
  recipes.counterUnsafe,
  recipes.configWatch,
  recipes.groupMembership,
  recipes.twoPhaseCommit,
  truths.multiAllOrNothing,
  truths.aclDigest,
  truths.oneMegabyteLimit,
  // the readers' own mistakes, each after its correct twin
  mistakes.tutorialLock,
  mistakes.naiveLock,
  mistakes.lockProtectedCreate,
  mistakes.lockConnectionLoss,
  mistakes.serverCrashKeepsLock,
  mistakes.versionCas,
  mistakes.versionTimestamp,
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** The panel a step is about: its own `view`, else the nearest earlier step's, else the cluster. */
export function stepView(lesson: Lesson, step: number): LessonView {
  for (let i = Math.min(step, lesson.steps.length - 1); i >= 0; i--) {
    const view = lesson.steps[i]!.view;
    if (view) return view;
  }
  return 'cluster';
}

/** A step number within the lesson (deep links may ask for anything). */
export function clampStep(lesson: Lesson, step: number): number {
  if (!Number.isFinite(step)) return 0;
  return Math.max(0, Math.min(lesson.steps.length - 1, Math.trunc(step)));
}

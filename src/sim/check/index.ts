// The safety checker (docs/checker.md).
export {
  attachChecker,
  Checker,
  checkRun,
  liveServers,
  type OnlineChecker,
  VIOLATION_KIND,
} from './checker.ts';
export { INVARIANTS } from './registry.ts';
export type { FinishContext, Invariant, InvariantFactory, Violation } from './types.ts';

// A JSON program step → the protocol request a client sends, with the defaults of ZooKeeper's Java
// API filled in (docs/scenario.md, "Program steps"). `sleep` and `close` are not requests: the
// client acts on them itself (wait; closeSession and stop).

import type { ProgramStep } from '../scenario-types.ts';
import { aclFromSpec } from '../server/acl-spec.ts';
import type {
  AddWatchMode,
  CreateMode,
  CreateOp,
  Request,
  WatcherType,
  WriteSubOp,
} from '../server/protocol.ts';

export type StepAction = Request | { op: 'sleep'; ms: number } | { op: 'close' };

/** The value an omitted optional step field takes. */
export const STEP_DEFAULTS = {
  /** create and set: no data (a null byte[] in the Java API; dataLength 0). */
  data: null,
  mode: 'persistent' as CreateMode,
  acl: 'open' as const,
  /** delete, set, check, set_acl: −1 = any version. */
  version: -1,
  watch: false,
  syncPath: '/',
  addWatchMode: 'persistent' as AddWatchMode,
  /** remove_watches: Any. */
  watcherType: 3 as WatcherType,
} as const;

type Step<O extends ProgramStep['op']> = Extract<ProgramStep, { op: O }>;

function createRequest(step: Step<'create'>): CreateOp {
  const request: CreateOp = {
    op: 'create',
    path: step.path,
    data: step.data === undefined ? STEP_DEFAULTS.data : step.data,
    acl: aclFromSpec(step.acl ?? STEP_DEFAULTS.acl),
    mode: step.mode ?? STEP_DEFAULTS.mode,
  };
  // The ttl goes along whatever the mode: a ttl without a TTL mode (or a TTL mode without one) is
  // the server's BadArguments to report.
  if (step.ttl !== undefined) request.ttl = step.ttl;
  return request;
}

/** A multi sub-op: only create, delete, set and check may appear inside a multi. */
function subOpToRequest(step: ProgramStep): WriteSubOp {
  switch (step.op) {
    case 'create':
      return createRequest(step);
    case 'delete':
    case 'check':
      return { op: step.op, path: step.path, version: step.version ?? STEP_DEFAULTS.version };
    case 'set':
      return {
        op: 'set',
        path: step.path,
        data: step.data === undefined ? STEP_DEFAULTS.data : step.data,
        version: step.version ?? STEP_DEFAULTS.version,
      };
    default:
      throw new Error(`op '${step.op}' cannot appear inside a multi (only create, delete, set, check)`);
  }
}

export function stepToRequest(step: ProgramStep): StepAction {
  switch (step.op) {
    case 'create':
    case 'delete':
    case 'set':
    case 'check':
      return subOpToRequest(step);
    case 'get':
    case 'exists':
    case 'children':
      return { op: step.op, path: step.path, watch: step.watch ?? STEP_DEFAULTS.watch };
    case 'multi':
      return { op: 'multi', ops: step.ops.map(subOpToRequest) };
    case 'sync':
      return { op: 'sync', path: step.path ?? STEP_DEFAULTS.syncPath };
    case 'get_acl':
      return { op: 'get_acl', path: step.path };
    case 'set_acl':
      return {
        op: 'set_acl',
        path: step.path,
        acl: aclFromSpec(step.acl),
        version: step.version ?? STEP_DEFAULTS.version,
      };
    case 'add_watch':
      return { op: 'add_watch', path: step.path, mode: step.mode ?? STEP_DEFAULTS.addWatchMode };
    case 'remove_watches':
      return {
        op: 'remove_watches',
        path: step.path,
        watcherType: step.watcherType ?? STEP_DEFAULTS.watcherType,
      };
    case 'add_auth':
      return { op: 'add_auth', scheme: step.scheme, auth: step.auth };
    case 'sleep':
      return { op: 'sleep', ms: step.ms };
    case 'close':
      return { op: 'close' };
  }
}

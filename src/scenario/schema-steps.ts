// A client's JSON program: its steps, one per ZooKeeper call (create, get, multi, …) or a sleep or
// close, each with exactly the fields its op takes (docs/scenario.md, ProgramStep).
import type { AclSpec, ProgramStep } from '../sim/scenario-types.ts';
import { isAclSpec, validateAclSpec } from '../sim/server/acl-spec.ts';
import {
  type AddWatchMode,
  CREATE_MODE_FLAGS,
  type CreateMode,
  type WatcherType,
} from '../sim/server/protocol.ts';
import {
  arrayOf,
  boolean,
  type Check,
  type Covers,
  fixed,
  guard,
  integer,
  oneOf,
  positiveInteger,
  string,
  time,
  withExtra,
} from './check-kit.ts';
import { type FieldRules, object, optional, required, tagged } from './check-object.ts';

export const STEP_OPS = [
  'create',
  'delete',
  'set',
  'check',
  'get',
  'exists',
  'children',
  'multi',
  'sync',
  'get_acl',
  'set_acl',
  'add_watch',
  'remove_watches',
  'add_auth',
  'sleep',
  'close',
] as const satisfies readonly ProgramStep['op'][];
type StepOp = (typeof STEP_OPS)[number];
const MULTI_OPS = ['create', 'delete', 'set', 'check'] as const satisfies readonly StepOp[];
const _coversStepOps: Covers<StepOp, ProgramStep['op']> = true;

const CREATE_MODES = Object.keys(CREATE_MODE_FLAGS).filter((mode): mode is CreateMode =>
  Object.hasOwn(CREATE_MODE_FLAGS, mode),
);

const version = integer(-1, 0x7fff_ffff, 'an integer in -1..2147483647 (-1 = any version)');
const znodePath = guard("a path string starting with '/'", (v): v is string => {
  return typeof v === 'string' && v.startsWith('/');
});
const data = guard('a string or null', (v): v is string | null => v === null || typeof v === 'string');

const aclSpec: Check<AclSpec> = {
  expects: "'open', 'creator_all', 'read' or an array of 'perms:scheme:id' strings",
  read(value, at, errors) {
    for (const problem of validateAclSpec(value)) {
      errors.push({ path: at + problem.path, message: problem.message });
    }
    if (!isAclSpec(value)) return undefined;
    return typeof value === 'string' ? value : [...value];
  },
};

const STEP_EXPECTS = `a step object like {"op": "create", "path": "/a"}`;

/** A step whose op is one of `ops` (all ops at the top of a program, create/delete/set/check in a multi). */
export function stepCheck(ops: readonly StepOp[]): Check<ProgramStep> {
  const opCheck = withExtra(oneOf(STEP_OPS, 'op'), (value, at, errors) => {
    const known = STEP_OPS.find((op) => op === value);
    if (known !== undefined && !ops.includes(known)) {
      errors.push({
        path: at,
        message: `op '${known}' cannot appear inside a multi (only ${ops.join(', ')})`,
      });
    }
  });
  return tagged(STEP_EXPECTS, 'op', opCheck, stepShape);
}

function stepShape(op: StepOp): Check<ProgramStep> {
  const step = <O extends StepOp>(o: O, rules: FieldRules<Extract<ProgramStep, { op: O }>, 'op'>) =>
    object(STEP_EXPECTS, { op: required(fixed(o)), ...rules }, `op '${o}' takes`);
  switch (op) {
    case 'create':
      return step(op, {
        path: required(znodePath),
        data: optional(data),
        mode: optional(oneOf(CREATE_MODES, 'mode')),
        acl: optional(aclSpec),
        ttl: optional(positiveInteger),
      });
    case 'delete':
    case 'check':
      return step(op, { path: required(znodePath), version: optional(version) });
    case 'set':
      return step(op, { path: required(znodePath), data: optional(data), version: optional(version) });
    case 'get':
    case 'exists':
    case 'children':
      return step(op, { path: required(znodePath), watch: optional(boolean) });
    case 'multi':
      return step(op, {
        ops: required(
          arrayOf(stepCheck(MULTI_OPS), { expects: 'an array of create, delete, set and check steps' }),
        ),
      });
    case 'sync':
      return step(op, { path: optional(znodePath) });
    case 'get_acl':
      return step(op, { path: required(znodePath) });
    case 'set_acl':
      return step(op, { path: required(znodePath), acl: required(aclSpec), version: optional(version) });
    case 'add_watch':
      return step(op, { path: required(znodePath), mode: optional(addWatchMode) });
    case 'remove_watches':
      return step(op, { path: required(znodePath), watcherType: optional(watcherType) });
    case 'add_auth':
      return step(op, { scheme: required(string), auth: required(string) });
    case 'sleep':
      return step(op, { ms: required(time) });
    case 'close':
      return step(op, {});
  }
}

const addWatchMode = oneOf(['persistent', 'persistent_recursive'] as const satisfies AddWatchMode[], 'mode');
const watcherType = oneOf(
  [1, 2, 3, 4, 5] as const satisfies WatcherType[],
  'watcherType',
  'a watcherType 1..5 (1 Children, 2 Data, 3 Any)',
);

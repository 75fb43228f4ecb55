// The scenario's `faults`: what happens to which node when (crash, partition, skew, expire a
// session, run a script, …), each with exactly the fields its action takes, naming nodes the
// document has (docs/scenario.md, Fault).
import type { Fault } from '../sim/scenario-types.ts';
import {
  arrayOf,
  boolean,
  type Check,
  type Covers,
  childPath,
  fixed,
  integer,
  isRecord,
  microTime,
  oneOf,
  own,
  probability,
  reportDuplicates,
  string,
  time,
  withExtra,
} from './check-kit.ts';
import { type FieldRules, object, optional, required, tagged } from './check-object.ts';
import { describe, quote } from './echo.ts';
import type { ErrorList } from './errors.ts';
import { isKnownServer, type KnownNodes, nodesText, SERVER_LIKE_NAME } from './known-nodes.ts';

/**
 * At most this many `restart` and `script` faults per scenario: each may start a Lua incarnation,
 * and each incarnation is a WebAssembly VM (tens of ms and about a MB to make).
 */
export const MAX_RESTARTS = 500;

const FAULT_ACTIONS = [
  'crash',
  'restart',
  'pause',
  'resume',
  'partition',
  'heal',
  'cut',
  'uncut',
  'delay',
  'drop',
  'skew',
  'script',
  'expire',
  'stop-heartbeats',
  'resume-heartbeats',
] as const satisfies readonly Fault['action'][];
type FaultAction = (typeof FAULT_ACTIONS)[number];
const _coversFaultActions: Covers<FaultAction, Fault['action']> = true;

const FAULT_EXPECTS = `a fault object like {"at": 1000, "action": "crash", "target": "zk1"}`;

/** A node id: a server 'zk1'..'zkN' or a client's name. */
function nodeIdCheck(nodes: KnownNodes): Check<string> {
  const expects = "a node id ('zk1'..'zkN' or a client name)";
  return {
    expects,
    read(value, at, errors) {
      if (typeof value !== 'string') {
        errors.push({ path: at, message: `expected ${expects}, got ${describe(value)}` });
        return undefined;
      }
      const known =
        isKnownServer(value, nodes.serverCount) ||
        (nodes.clients === undefined ? !SERVER_LIKE_NAME.test(value) : nodes.clients.has(value));
      if (known) return value;
      errors.push({ path: at, message: `unknown node ${quote(value)} (${nodesText(nodes)})` });
      return undefined;
    },
  };
}

export function faultCheck(nodes: KnownNodes): Check<Fault> {
  return tagged(FAULT_EXPECTS, 'action', oneOf(FAULT_ACTIONS, 'action'), (action) =>
    faultShape(action, nodes),
  );
}

function faultShape(action: FaultAction, nodes: KnownNodes): Check<Fault> {
  const node = nodeIdCheck(nodes);
  const fault = <A extends FaultAction>(
    a: A,
    rules: FieldRules<Extract<Fault, { action: A }>, 'at' | 'action'>,
  ) =>
    object(
      FAULT_EXPECTS,
      // `at` to the µs: the page branches a run at an event's time, which a sub-ms run has in µs.
      { at: required(microTime), action: required(fixed(a)), ...rules },
      `action '${a}' takes`,
    );
  const ends = { from: required(node), to: required(node) };
  switch (action) {
    case 'crash':
      return withExtra(
        fault(action, { target: required(node), keepUnsynced: optional(boolean) }),
        (value, at, errors) => checkKeepUnsyncedTarget(value, at, errors, nodes),
      );
    case 'restart':
    case 'pause':
    case 'resume':
      return fault(action, { target: required(node) });
    case 'partition':
      return fault(action, { groups: required(partitionGroups(node)) });
    case 'heal':
      return fault(action, {});
    case 'cut':
    case 'uncut':
      return withExtra(fault(action, ends), checkDistinctEnds);
    case 'delay':
      return withExtra(fault(action, { ...ends, ms: required(time) }), checkDistinctEnds);
    case 'drop':
      return withExtra(fault(action, { ...ends, rate: required(probability) }), checkDistinctEnds);
    case 'skew':
      return fault(action, { target: required(node), ms: required(integer(-86_400_000, 86_400_000)) });
    case 'expire':
    case 'stop-heartbeats':
    case 'resume-heartbeats':
      return withExtra(fault(action, { target: required(node) }), (value, at, errors) =>
        checkClientTarget(value, at, errors),
      );
    case 'script':
      return withExtra(
        fault(action, { target: required(node), script: required(string) }),
        (value, at, errors) => checkClientTarget(value, at, errors),
      );
  }
}

/** At most MAX_RESTARTS restart and script faults (each may cost a Lua VM). */
export function checkRestartCount(value: unknown, at: string, errors: ErrorList): void {
  if (!Array.isArray(value)) return;
  let restarts = 0;
  for (const f of value) {
    const action = isRecord(f) ? own(f, 'action') : undefined;
    if (action === 'restart' || action === 'script') restarts++;
  }
  if (restarts > MAX_RESTARTS)
    errors.push({
      path: at,
      message: `${restarts} restart and script faults; a scenario may have at most ${MAX_RESTARTS}`,
    });
}

/** A script runs on a client (a server's program is ZooKeeper itself); sessions are clients'. */
function checkClientTarget(value: unknown, at: string, errors: ErrorList): void {
  if (!isRecord(value)) return;
  const target = own(value, 'target');
  if (typeof target === 'string' && SERVER_LIKE_NAME.test(target))
    errors.push({
      path: childPath(at, 'target'),
      message: `${quote(target)} is a server: '${String(own(value, 'action'))}' takes a client`,
    });
}

function checkDistinctEnds(value: unknown, at: string, errors: ErrorList): void {
  if (!isRecord(value)) return;
  const from = own(value, 'from');
  if (typeof from === 'string' && from === own(value, 'to')) {
    errors.push({ path: childPath(at, 'to'), message: `from and to are the same node ${quote(from)}` });
  }
}

/** keepUnsynced is about a server's disk (unsynced writes survive the crash): a client has none. */
function checkKeepUnsyncedTarget(value: unknown, at: string, errors: ErrorList, nodes: KnownNodes): void {
  if (!isRecord(value) || own(value, 'keepUnsynced') === undefined) return;
  const target = own(value, 'target');
  if (typeof target === 'string' && nodes.clients?.has(target)) {
    errors.push({
      path: childPath(at, 'keepUnsynced'),
      message: `keepUnsynced applies to servers only (${quote(target)} is a client)`,
    });
  }
}

/** Groups of node ids; each node in at most one group. */
function partitionGroups(node: Check<string>): Check<string[][]> {
  const groups = arrayOf(arrayOf(node, { nonEmpty: 'expected a non-empty group of node ids' }), {
    expects: 'an array of groups (arrays of node ids)',
    nonEmpty: 'expected at least one group of node ids',
  });
  return withExtra(groups, (value, at, errors) => {
    if (!Array.isArray(value)) return;
    const entries = value.flatMap((group: unknown, g) =>
      Array.isArray(group)
        ? group.flatMap((id: unknown, i) =>
            typeof id === 'string' ? [{ key: id, path: childPath(childPath(at, g), i) }] : [],
          )
        : [],
    );
    reportDuplicates(entries, 'node', errors);
  });
}

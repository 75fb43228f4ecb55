// Every kind of trace event, with the fields its producer writes (docs/trace.md). Producers are
// checked against these interfaces, so a field nobody declared does not compile; consumers narrow
// on `kind` and read typed fields. Types only: the canonical form (canonical.ts) is unchanged.
import type { LuaErrorReason } from '../../lua/types.ts';
import type { KeeperState } from '../client/keeper-state.ts';
import type { KernelRecord } from '../kernel/records.ts';
import type { Fault } from '../scenario-types.ts';
import type { ErrorName } from '../server/errors.ts';
import type { EventType, Request, SessionId } from '../server/protocol.ts';
import type { DecidedState } from '../server/quorum/election.ts';
import type { PeerState, ZabState } from '../server/quorum/peer-state.ts';
import type { TraceResult } from './result.ts';
import type { TraceValue } from './value.ts';

/** Zxids in the trace are 0x-hex strings (canonical.ts `hex`). */
type Zxid = string;

export interface ClientRequestEvent {
  t: number;
  kind: 'client.request';
  client: string;
  op: Request['op'];
  path: string | null;
  xid: number;
}

export interface ClientReplyEvent {
  t: number;
  kind: 'client.reply';
  client: string;
  op: Request['op'];
  path: string | null;
  ok: boolean;
  err?: ErrorName;
  result?: TraceResult;
  /** The zxid of the reply header, when one came from a server. */
  zxid?: Zxid;
}

export interface ClientEventEvent {
  t: number;
  kind: 'client.event';
  client: string;
  type: EventType | 'None';
  /** null for a session state change (`type: 'None'`). */
  path: string | null;
  /** Only with `type: 'None'`. */
  state?: KeeperState;
}

export interface ClientSessionEvent {
  t: number;
  kind: 'client.session';
  client: string;
  session: SessionId;
  state: KeeperState;
  server: number | null;
  timeout: number;
  /** An existing session re-established on another connection. */
  moved?: true;
}

export interface ClientTimeoutEvent {
  t: number;
  kind: 'client.timeout';
  client: string;
  server: number | null;
  idle: number;
}

export interface ServerStateEvent {
  t: number;
  kind: 'server.state';
  server: number;
  state: PeerState | 'STANDALONE';
  epoch: number;
  zxid: Zxid;
  // An ensemble member's only; a standalone server has no Zab state.
  zabState?: ZabState;
  acceptedEpoch?: number;
  logged?: Zxid;
  leader?: number | null;
}

export interface ServerSessionEvent {
  t: number;
  kind: 'server.session';
  server: number;
  session: SessionId;
  op: 'create' | 'reopen' | 'expire';
  timeout: number;
}

export interface ServerRefuseEvent {
  t: number;
  kind: 'server.refuse';
  server: number;
  reason: string;
  zxid: Zxid;
}

export interface ServerLoadEvent {
  t: number;
  kind: 'server.load';
  server: number;
  how: 'boot' | 'snap' | 'trunc' | 'fastforward';
  zxid: Zxid;
}

export interface ServerAbdicateEvent {
  t: number;
  kind: 'server.abdicate';
  server: number;
  reason: string;
  epoch: number;
}

export interface ServerFatalEvent {
  t: number;
  kind: 'server.fatal';
  server: number;
  reason: string;
  zxid: Zxid;
}

export interface TxnCommitEvent {
  t: number;
  kind: 'txn.commit';
  server: number;
  zxid: Zxid;
  /** ZooKeeper's OpCode name of the txn. */
  type: string;
  session: SessionId;
  cxid: number;
  digest: string;
}

export interface ElectionDecidedEvent {
  t: number;
  kind: 'election.decided';
  server: number;
  state: DecidedState;
  leader: number;
  zxid: Zxid;
  peerEpoch: number;
  electionEpoch: number;
}

export interface ZabEpochEvent {
  t: number;
  kind: 'zab.epoch';
  server: number;
  epoch: number;
  /** The sids whose FOLLOWERINFO made the quorum. */
  from: number[];
}

export interface ZabRejectEvent {
  t: number;
  kind: 'zab.reject';
  server: number;
  learner: number;
  reason: string;
}

export interface ZabSyncEvent {
  t: number;
  kind: 'zab.sync';
  server: number;
  learner: number;
  mode: 'DIFF' | 'TRUNC' | 'SNAP';
  peerZxid: Zxid;
  zxid: Zxid;
}

export interface ZabTruncEvent {
  t: number;
  kind: 'zab.trunc';
  server: number;
  from: Zxid;
  to: Zxid;
}

export interface ZabProposeEvent {
  t: number;
  kind: 'zab.propose';
  server: number;
  epoch: number;
  zxid: Zxid;
  digest: string;
}

export interface LuaDoneEvent {
  t: number;
  kind: 'lua.done';
  client: string;
}

export interface LuaErrorEvent {
  t: number;
  kind: 'lua.error';
  client: string;
  message: string;
  line: number | null;
  reason: LuaErrorReason;
}

export interface LuaLogEvent {
  t: number;
  kind: 'lua.log';
  client: string;
  message: string;
}

export interface LuaMarkEvent {
  t: number;
  kind: 'lua.mark';
  client: string;
  name: string;
  fields: { [k: string]: TraceValue } | null;
}

/** What the kernel records (node.*, net.*; src/sim/kernel/records.ts), with its time. */
export type KernelEvent = KernelRecord & { t: number };

/** Recorded by the online checker (check/checker.ts) right after the event that revealed it. */
export interface CheckViolationEvent {
  t: number;
  kind: 'check.violation';
  invariant: string;
  message: string;
  /** Indexes in the trace of the events that make the violation. */
  events: number[];
}

/**
 * A scheduled fault as the scenario has it, without `at`; an expiry names the session it ends and
 * a script's text is replaced by its length (`"123 chars"`). The only kind that is a union: its
 * fields are those of its `action`.
 */
export type FaultEvent = { t: number; kind: 'fault' } & FaultFields<Fault>;

type FaultFields<F extends Fault> = F extends { action: 'expire' }
  ? Omit<F, 'at'> & { session: string | null }
  : Omit<F, 'at'>;

/** The kinds as declared, each with only its own fields. */
type Declared =
  | ClientRequestEvent
  | ClientReplyEvent
  | ClientEventEvent
  | ClientSessionEvent
  | ClientTimeoutEvent
  | ServerStateEvent
  | ServerSessionEvent
  | ServerRefuseEvent
  | ServerLoadEvent
  | ServerAbdicateEvent
  | ServerFatalEvent
  | TxnCommitEvent
  | ElectionDecidedEvent
  | ZabEpochEvent
  | ZabRejectEvent
  | ZabSyncEvent
  | ZabTruncEvent
  | ZabProposeEvent
  | LuaDoneEvent
  | LuaErrorEvent
  | LuaLogEvent
  | LuaMarkEvent
  | KernelEvent
  | FaultEvent
  | CheckViolationEvent;

type KeysOf<E> = E extends unknown ? keyof E : never;

// Every other kind's fields, as absent. Code that reads a field before narrowing (`e.client` of
// any event) then gets `T | undefined`; a field no kind declares still does not compile, and a
// producer cannot give a value to a field its kind lacks.
type Absent<E> = { [F in Exclude<KeysOf<Declared>, keyof E>]?: never };

/** One line of the trace. */
export type TraceEvent = Declared extends infer E ? (E extends unknown ? E & Absent<E> : never) : never;

export type TraceKind = TraceEvent['kind'];

export type EventOf<K extends TraceKind> = Extract<TraceEvent, { kind: K }>;

export function isKind<K extends TraceKind>(e: TraceEvent, kind: K): e is EventOf<K> {
  return e.kind === kind;
}

// What TRACE_FIELDS must say of a kind: each field but `t` and `kind`, 'required' when every
// event of the kind has it. Keys are collected across a union's members (fault's actions).
type Presence<E, F extends PropertyKey> = E extends unknown
  ? F extends keyof E
    ? Record<never, never> extends Pick<E, F>
      ? 'optional'
      : 'required'
    : 'absent'
  : never;
type FieldSpec<E> = {
  readonly [F in Exclude<KeysOf<E>, 't' | 'kind'>]-?: [Presence<E, F>] extends ['required']
    ? 'required'
    : 'optional';
};

/**
 * The fields of every kind at run time (test/unit/trace-kinds.test.ts compares real traces with
 * it). `satisfies` keeps it equal to the interfaces above: a kind or field missing here, extra
 * here, or optional on one side only, does not compile.
 */
export const TRACE_FIELDS = {
  'client.request': { client: 'required', op: 'required', path: 'required', xid: 'required' },
  'client.reply': {
    client: 'required',
    op: 'required',
    path: 'required',
    ok: 'required',
    err: 'optional',
    result: 'optional',
    zxid: 'optional',
  },
  'client.event': { client: 'required', type: 'required', path: 'required', state: 'optional' },
  'client.session': {
    client: 'required',
    session: 'required',
    state: 'required',
    server: 'required',
    timeout: 'required',
    moved: 'optional',
  },
  'client.timeout': { client: 'required', server: 'required', idle: 'required' },
  'server.state': {
    server: 'required',
    state: 'required',
    epoch: 'required',
    zxid: 'required',
    zabState: 'optional',
    acceptedEpoch: 'optional',
    logged: 'optional',
    leader: 'optional',
  },
  'server.session': { server: 'required', session: 'required', op: 'required', timeout: 'required' },
  'server.refuse': { server: 'required', reason: 'required', zxid: 'required' },
  'server.load': { server: 'required', how: 'required', zxid: 'required' },
  'server.abdicate': { server: 'required', reason: 'required', epoch: 'required' },
  'server.fatal': { server: 'required', reason: 'required', zxid: 'required' },
  'txn.commit': {
    server: 'required',
    zxid: 'required',
    type: 'required',
    session: 'required',
    cxid: 'required',
    digest: 'required',
  },
  'election.decided': {
    server: 'required',
    state: 'required',
    leader: 'required',
    zxid: 'required',
    peerEpoch: 'required',
    electionEpoch: 'required',
  },
  'zab.epoch': { server: 'required', epoch: 'required', from: 'required' },
  'zab.reject': { server: 'required', learner: 'required', reason: 'required' },
  'zab.sync': {
    server: 'required',
    learner: 'required',
    mode: 'required',
    peerZxid: 'required',
    zxid: 'required',
  },
  'zab.trunc': { server: 'required', from: 'required', to: 'required' },
  'zab.propose': { server: 'required', epoch: 'required', zxid: 'required', digest: 'required' },
  'lua.done': { client: 'required' },
  'lua.error': { client: 'required', message: 'required', line: 'required', reason: 'required' },
  'lua.log': { client: 'required', message: 'required' },
  'lua.mark': { client: 'required', name: 'required', fields: 'required' },
  'node.start': { node: 'required', incarnation: 'required' },
  'node.crash': { node: 'required', lostRecords: 'required' },
  'node.fail': { node: 'required', reason: 'required' },
  'node.skew': { node: 'required', ms: 'required' },
  'node.pause': { node: 'required' },
  'node.resume': { node: 'required', buffered: 'required' },
  'net.open': { conn: 'required', from: 'required', to: 'required' },
  'net.fail': { from: 'required', to: 'required', reason: 'required' },
  'net.send': { conn: 'required', from: 'required', to: 'required', type: 'required', at: 'required' },
  'net.drop': { conn: 'required', from: 'required', to: 'required', type: 'required' },
  'net.close': { conn: 'required', from: 'required', to: 'required' },
  'net.break': { conn: 'required', a: 'required', b: 'required' },
  'net.partition': { groups: 'required' },
  'net.heal': {},
  'net.cut': { from: 'required', to: 'required' },
  'net.uncut': { from: 'required', to: 'required' },
  fault: {
    action: 'required',
    target: 'optional',
    keepUnsynced: 'optional',
    groups: 'optional',
    from: 'optional',
    to: 'optional',
    ms: 'optional',
    rate: 'optional',
    session: 'optional',
    script: 'optional',
  },
  'check.violation': { invariant: 'required', message: 'required', events: 'required' },
} as const satisfies { readonly [K in TraceKind]: FieldSpec<Extract<Declared, { kind: K }>> };

// The checker's contract (docs/checker.md): an invariant is a small stateful observer of trace
// events. It sees every event it subscribed to, in trace order, with the event's index, and may
// report violations at once (online) or when the run is over (finish, with the final servers).
import type { ZooKeeperServer } from '../server/server.ts';
import type { TraceEvent } from '../trace/event.ts';

export interface Violation {
  /** The invariant's name. */
  invariant: string;
  /** Virtual time of the event that revealed it (the last event of the run for final checks). */
  t: number;
  message: string;
  /** Indexes into the trace of the events behind it (the revealing one last); may be empty. */
  events: number[];
}

/** What the final checks get: the events and the servers that are up when the run ends. */
export interface FinishContext {
  events: readonly TraceEvent[];
  servers: readonly ZooKeeperServer[];
  /** Time of the last event (or 0). */
  t: number;
}

export interface Invariant {
  readonly name: string;
  /** One sentence: what must hold. */
  readonly describe: string;
  /** The event kinds `observe` wants; every kind when omitted. */
  readonly kinds?: readonly string[];
  /** Sees one event (of `kinds`) with its index in the trace; returns what it violates, if anything. */
  observe(e: TraceEvent, index: number): Violation[] | undefined;
  /** After the last event: checks over the whole run and the final server states. */
  finish?(ctx: FinishContext): Violation[];
}

/** Every invariant is built fresh for each run: its state is the run's. */
export type InvariantFactory = () => Invariant;

/** A zxid or session id as traced (a 0x-hex string, or a number) → number (zxids stay below 2^53). */
export function zxidOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number.parseInt(v, 16);
  return Number.NaN;
}

/** A session id as traced (bigint in memory, 0x-hex in a trace file) → a canonical string key. */
export function sessionKey(v: unknown): string {
  if (typeof v === 'bigint') return '0x' + BigInt.asUintN(64, v).toString(16);
  if (typeof v === 'string') return '0x' + BigInt(v).toString(16);
  if (typeof v === 'number') return '0x' + v.toString(16);
  return String(v);
}

export const hexZxid = (z: number): string => '0x' + z.toString(16);

/** zxid = epoch << 32 | counter. */
export const epochOfZxid = (z: number): number => Math.floor(z / 2 ** 32);
export const counterOfZxid = (z: number): number => z % 2 ** 32;

export function violation(invariant: string, e: { t: number }, message: string, events: number[]): Violation {
  return { invariant, t: e.t, message, events };
}

/** Write ops (client.reply `op`) whose OK reply carries the zxid of their txn. */
export const WRITE_OPS: ReadonlySet<string> = new Set([
  'create',
  'delete',
  'set',
  'set_acl',
  'multi',
  'check',
]);

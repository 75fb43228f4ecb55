// Helpers for the recipe invariants (recipe-*.ts): the Lua recipes (src/lua/recipes, docs/recipes.md)
// report their key moments as `lua.mark {client, name, fields}`; these read them back.
import type { ZooKeeperServer } from '../../server/server.ts';
import type { TraceEvent, TraceValue } from '../../trace/event.ts';
import { sessionKey } from '../types.ts';

export interface Mark {
  client: string;
  name: string;
  fields: { [k: string]: TraceValue };
}

/** The mark carried by a `lua.mark` event, or null for any other event. */
export function markOf(e: TraceEvent): Mark | null {
  if (e.kind !== 'lua.mark') return null;
  return { client: e.client, name: e.name, fields: e.fields ?? {} };
}

export function str(v: TraceValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: TraceValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

/** `node.crash` / `node.start` of a node: its process ended (a restart is a new process). */
export function processEnded(e: TraceEvent): string | null {
  return e.kind === 'node.crash' || e.kind === 'node.start' ? e.node : null;
}

/** The live server that has applied the most (the freshest final tree), if any. */
export function freshest(servers: readonly ZooKeeperServer[]): ZooKeeperServer | undefined {
  let best: ZooKeeperServer | undefined;
  for (const s of servers)
    if (!best || s.database.lastProcessedZxid > best.database.lastProcessedZxid) best = s;
  return best;
}

/**
 * The sessions the ensemble has closed (first `txn.commit closeSession` on any server), for the
 * "belief" invariants: a holder whose session is gone no longer holds in ZooKeeper's eyes, but
 * only learns it when it next hears from the ensemble (a paused process, a paused server, a
 * partition). Such a holder is excused if the next thing it says about the hold is that it lost
 * it (or suspended it); if it goes on as if nothing happened, it held alongside the next holder.
 */
export class ClosedSessions {
  private readonly closed = new Map<string, number>();

  /** Feed a `txn.commit`; true if it was a closeSession. */
  observe(e: TraceEvent, index: number): boolean {
    if (e.kind !== 'txn.commit' || e.type !== 'closeSession') return false;
    const s = sessionKey(e.session);
    if (!this.closed.has(s)) this.closed.set(s, index);
    return true;
  }

  /** Was `session` (as marked by zk.session_id()) closed after trace index `since`? */
  closedSince(session: TraceValue | undefined, since: number): boolean {
    if (session === undefined || session === null) return false;
    const at = this.closed.get(sessionKey(session));
    return at !== undefined && at > since;
  }
}

/** What a holder's next mark about a hold it may have lost says: it noticed (lost/suspended). */
export const NOTICED = new Set(['lost', 'suspended', 'failed']);

// How many clients one release wakes. A release deletes the holder's node; the watch notifications
// it causes reach the waiters within a few ms of each other. The lock recipe wakes exactly one
// waiter (it watches its predecessor); the broken herd twin wakes every waiter (they watch the
// parent). So: group the lock's watch notifications (client.event, not session events) that
// arrive close together, and count the clients in each group.
import type { TraceEvent } from '../../../sim/trace/event.ts';

export interface WakeUp {
  t: number;
  /** Distinct clients woken. */
  clients: string[];
  /** The trace index of the first notification: where "go there" seeks. */
  index: number;
}

/** Notifications this close together (virtual ms) count as the same release. */
export const HERD_WINDOW_MS = 50;

export function isWatchNotification(e: TraceEvent): boolean {
  return e.kind === 'client.event' && e.type !== 'None' && typeof e.path === 'string';
}

export function wakeUps(
  events: readonly TraceEvent[],
  notificationIndexes: readonly number[],
  lockPath: string,
  cursorIndex: number,
): WakeUp[] {
  const prefix = `${lockPath}/`;
  const out: WakeUp[] = [];
  let current: WakeUp | null = null;
  for (const i of notificationIndexes) {
    if (i >= cursorIndex) break;
    const e = events[i]!;
    const path = String(e.path);
    if (path !== lockPath && !path.startsWith(prefix)) continue;
    if (current === null || e.t - current.t > HERD_WINDOW_MS) {
      current = { t: e.t, clients: [], index: i };
      out.push(current);
    }
    const client = String(e.client);
    if (!current.clients.includes(client)) current.clients.push(client);
  }
  return out;
}

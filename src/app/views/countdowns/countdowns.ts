// "Nothing happens yet" made visible: the waits the protocol is in at the cursor, each with when it
// ends. All from the pictures (docs/views.md): a node's pending timers as the host knows them
// (World#timers: exact due times) and the session tracker's expiry times. (A leader's count of ticks
// left per learner is in the Log tails columns: it is in ticks, not at a time one can state exactly.)
import { serverNodeId } from '../../../sim/node-id.ts';
import type { ServerView, WorldView } from '../../../sim/view/types.ts';

export type CountdownKind = 'expiry' | 'read' | 'sync' | 'init' | 'finalize';

export interface Countdown {
  kind: CountdownKind;
  /** Who waits (the node whose timer or table it is). */
  node: string;
  /** Who or what it is about (a client, a session, a leader, a learner), or null. */
  about: string | null;
  /** When it ends (virtual ms) and how long the whole wait is, for the bar. */
  at: number;
  total: number;
}

/** Every wait at the cursor, soonest first. `owners`: session → client name. */
export function countdowns(view: WorldView, owners: ReadonlyMap<string, string>): Countdown[] {
  const out: Countdown[] = [];
  const timeouts = new Map<string, number>();
  for (const s of view.servers) for (const x of s.sessions) timeouts.set(x.session, x.timeout);
  for (const s of view.servers) if (s.up) serverWaits(s, timeouts, owners, out);
  for (const c of view.clients) {
    if (!c.up) continue;
    const read = c.timers?.find((x) => x.name === 'session.read');
    // ClientCnxn: readTimeout is 2/3 of the negotiated session timeout.
    const timeout = c.session ? timeouts.get(c.session) : undefined;
    if (read && c.server)
      out.push({
        kind: 'read',
        node: c.node,
        about: c.server,
        at: read.at,
        total: readTimeout(timeout, read.at - view.t),
      });
  }
  return out.sort((a, b) => a.at - b.at || a.node.localeCompare(b.node) || a.kind.localeCompare(b.kind));
}

function readTimeout(sessionTimeout: number | undefined, left: number): number {
  return sessionTimeout === undefined ? left : Math.floor((sessionTimeout * 2) / 3);
}

function serverWaits(
  s: ServerView,
  timeouts: ReadonlyMap<string, number>,
  owners: ReadonlyMap<string, string>,
  out: Countdown[],
): void {
  const timers = s.timers ?? [];
  const limits = s.limits ?? { tickTime: 0, initLimit: 0, syncLimit: 0 };
  for (const x of timers) {
    if (x.name.startsWith('fle.finalize.'))
      // FastLeaderElection.finalizeWait: a quorum agrees; wait 200 ms for a better vote.
      out.push({ kind: 'finalize', node: s.node, about: null, at: x.at, total: 200 });
    else if (x.name === 'q.timeout') {
      // Learner: the leader's socket read timeout, syncLimit ticks once synced (initLimit before).
      const ticks = s.zabState === 'BROADCAST' ? limits.syncLimit : limits.initLimit;
      const leader = s.leader === null ? null : serverNodeId(s.leader);
      out.push({ kind: 'sync', node: s.node, about: leader, at: x.at, total: ticks * limits.tickTime });
    } else if (x.name === 'q.init')
      out.push({
        kind: 'init',
        node: s.node,
        about: null,
        at: x.at,
        total: limits.initLimit * limits.tickTime,
      });
  }
  // The tracker is checked on each tick: a session due at `at` expires at the first tick at or after it.
  const tick = timers.find((x) => x.name === 'tick');
  for (const e of s.expiries ?? []) {
    const at = tick && limits.tickTime > 0 ? firstTickFrom(tick.at, limits.tickTime, e.at) : e.at;
    const total = timeouts.get(e.session) ?? at;
    out.push({ kind: 'expiry', node: s.node, about: owners.get(e.session) ?? e.session, at, total });
  }
}

function firstTickFrom(next: number, tickTime: number, due: number): number {
  return due <= next ? next : next + Math.ceil((due - next) / tickTime) * tickTime;
}

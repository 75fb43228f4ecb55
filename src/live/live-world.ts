// The page's view state in Live mode: a WorldView — the very type the simulator's pictures fill
// (src/sim/view/types.ts) — built from what a real ensemble reveals to a client, so the ring, the
// tree, the lock view and the clients table draw it unchanged:
//   servers  ← srvr (mode, zxid and the epoch in its high 32 bits), cons (sessions with their
//              negotiated timeouts, and which of the run's clients are connected), wchc (watches);
//   the tree ← a session of the page's own reading getData / getChildren / getACL (live-reader.ts);
//   clients  ← the run's own client state machines (LiveRun#clientViews).
// What a client cannot see stays empty: votes, ZAB states, txn log tails, learners, timers.
import { serverNodeId } from '../sim/node-id.ts';
import type { TraceEvent } from '../sim/trace/event.ts';
import type {
  ClientView,
  ServerRole,
  ServerView,
  WatchView,
  WorldView,
  ZnodeView,
} from '../sim/view/types.ts';
import type { ConnectionInfo, WatchEntry } from './four-letter-text.ts';
import type { ServerStatus } from './live-link.ts';

/** One server as the page last read it. */
export interface ServerRead {
  status: ServerStatus;
  /** `cons`, or null when the server refused the word (or is down). */
  cons: ConnectionInfo[] | null;
  /** `wchc`, or null when refused. */
  wchc: WatchEntry[] | null;
}

export interface LiveWorldInput {
  /** Milliseconds since the live run began. */
  t: number;
  servers: readonly ServerRead[];
  /** The tree the page's reader read, and from which server (1-based); null before the first read. */
  tree: { server: number; znodes: ZnodeView[] } | null;
  clients: ClientView[];
  /** The page's reader's own session: not one of the run's, left out of sessions and watches. */
  readerSession: string | null;
  /** The run's trace so far (which client asked getChildren where: a watch's kind). */
  events: readonly TraceEvent[];
}

/** srvr's Mode as the simulator names the role (QuorumPeer.ServerState). */
const ROLES: Record<string, ServerRole> = {
  standalone: 'STANDALONE',
  leader: 'LEADING',
  follower: 'FOLLOWING',
  observer: 'OBSERVING',
};

const hex = (n: number | null) => `0x${(n ?? 0).toString(16)}`;

export function liveWorldView(input: LiveWorldInput): WorldView {
  const leader = input.servers.find((s) => s.status.mode === 'leader')?.status.server ?? null;
  const clientOf = new Map<string, string>();
  for (const c of input.clients) if (c.session !== null) clientOf.set(c.session, c.node);
  const asksChildren = childReads(input.events);
  const servers = input.servers.map((read): ServerView => {
    const { status } = read;
    const role = status.mode === null ? null : (ROLES[status.mode] ?? null);
    const up = role !== null;
    const mine = (session: string | null) => session !== null && session !== input.readerSession;
    const cons = (read.cons ?? []).filter((c) => mine(c.session));
    const watches: WatchView[] = (read.wchc ?? [])
      .filter((w) => mine(w.session))
      .map((w) => ({
        path: w.path,
        session: w.session,
        kind:
          w.table === 'child' || asksChildren.get(clientOf.get(w.session) ?? '')?.has(w.path) === true
            ? 'child'
            : 'data',
      }));
    const epoch = status.epoch ?? 0;
    return {
      node: serverNodeId(status.server),
      sid: status.server,
      up,
      paused: false,
      observer: role === 'OBSERVING',
      role,
      zabState: role === null || role === 'STANDALONE' ? null : 'BROADCAST',
      acceptedEpoch: epoch,
      currentEpoch: epoch,
      lastZxid: hex(status.zxid),
      leader: role === 'LEADING' ? status.server : role === null || role === 'STANDALONE' ? null : leader,
      vote: null,
      logTail: [],
      sessions: cons.map((c) => ({ session: c.session!, timeout: c.timeout ?? 0 })),
      clients: cons.flatMap((c) => {
        const client = clientOf.get(c.session!);
        return client === undefined ? [] : [{ client, session: c.session }];
      }),
      watches,
      learners: [],
      syncedBy: null,
      expiries: [],
      timers: [],
      tree: up && input.tree?.server === status.server ? input.tree.znodes : [],
    };
  });
  return { t: input.t, servers, clients: input.clients };
}

/**
 * Paths each client read with getChildren and never with getData / exists: a watch the server
 * lists there for that client's session is a child watch (wchc does not say which table it is in
 * until a session repeats: four-letter-text.ts).
 */
function childReads(events: readonly TraceEvent[]): Map<string, Set<string>> {
  const children = new Map<string, Set<string>>();
  const data = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, client: string, path: string) => {
    const s = m.get(client) ?? new Set<string>();
    m.set(client, s);
    s.add(path);
  };
  for (const e of events) {
    if (e.kind !== 'client.request' || e.path === null) continue;
    if (e.op === 'children') add(children, e.client, e.path);
    else if (e.op === 'get' || e.op === 'exists') add(data, e.client, e.path);
  }
  for (const [client, paths] of children) for (const p of data.get(client) ?? []) paths.delete(p);
  return children;
}

// What a server's four-letter words would answer at the cursor, for the inspector: the FourLetterFacts
// that ZooKeeperServer#fourLetterFacts builds from its live state, rebuilt here from the picture at
// the cursor (a ServerView) plus the trace up to it, so the texts come from the same functions as
// zk.four_letter (four-letter-words.ts). Pure: no DOM, no clock.
import { isServerNodeId } from '../../../sim/node-id.ts';
import type { FourLetterFacts } from '../../../sim/server/four-letter-words.ts';
import { JavaHashSet } from '../../../sim/server/java-hashset.ts';
import type { TraceEvent } from '../../../sim/trace/event.ts';
import type { ServerView, WorldView } from '../../../sim/view/types.ts';

/** Client packets per connection since the server's last start (ServerStats' Received / Sent). */
interface Counts {
  received: number;
  sent: number;
}

/**
 * ServerCnxn's packet counters, replayed from the trace: a client's message counts as received when
 * it arrives (its `at`) by the cursor's time, a server's reply as sent when it is sent; four-letter
 * words are not packets (NIOServerCnxn#checkFourLetterWord answers them before the request path).
 * Counting restarts with each incarnation of the server, as its counters live in memory.
 */
function packetCounts(node: string, events: readonly TraceEvent[], t: number): Map<number, Counts> {
  let counts = new Map<number, Counts>();
  const of = (conn: number) => {
    const c = counts.get(conn) ?? { received: 0, sent: 0 };
    counts.set(conn, c);
    return c;
  };
  for (const e of events) {
    if (e.kind === 'node.start' && e.node === node) counts = new Map();
    if (e.kind !== 'net.send') continue;
    if (e.to === node && !isServerNodeId(e.from) && e.type !== 'FourLetterWord' && e.at <= t)
      of(e.conn).received++;
    if (e.from === node && !isServerNodeId(e.to) && e.type !== 'FourLetterWordReply') of(e.conn).sent++;
  }
  return counts;
}

/** The connection each of the server's clients is on now: the last one it opened to the server. */
function connOf(node: string, events: readonly TraceEvent[]): Map<string, number> {
  const conns = new Map<string, number>();
  for (const e of events)
    if (e.kind === 'net.open' && e.to === node && !isServerNodeId(e.from)) conns.set(e.from, e.conn);
  return conns;
}

/** The FourLetterFacts of `server` at the cursor: `world` is the picture, `events` the trace up to it. */
export function fourLetterFactsAt(
  server: ServerView,
  world: WorldView,
  events: readonly TraceEvent[],
): FourLetterFacts {
  const counts = packetCounts(server.node, events, world.t);
  const conns = connOf(server.node, events);
  const timeoutOf = new Map(server.sessions.map((s) => [s.session, s.timeout]));
  // simulation.ts gives the i-th client 10.0.1.(i+1); ZooKeeperServer#fourLetterFacts gives the
  // client end of the socket an ephemeral port of 32768 + the connection's number.
  const clientIndex = new Map(world.clients.map((c, i) => [c.node, i]));
  const connections = server.clients.map((c) => {
    const conn = conns.get(c.client) ?? 0;
    const n = counts.get(conn);
    return {
      address: `10.0.1.${(clientIndex.get(c.client) ?? 0) + 1}:${32768 + conn}`,
      session: c.session,
      received: n?.received ?? 0,
      sent: n?.sent ?? 0,
      timeout: c.session === null ? 0 : (timeoutOf.get(c.session) ?? 0),
    };
  });
  let received = 0;
  let sent = 0;
  for (const n of counts.values()) {
    received += n.received;
    sent += n.sent;
  }
  // WatchView merges a persistent (or recursive) watch's two entries (DataTree#addWatch puts it in
  // the data and the child table); DataTree#getWatchCount counts both.
  const watchCount = server.watches.reduce(
    (n, w) => n + (w.kind === 'data' || w.kind === 'child' ? 1 : 2),
    0,
  );
  const watchesBySession = server.clients
    .filter((c): c is { client: string; session: string } => c.session !== null)
    .map((c) => ({
      session: c.session,
      // DataTree#getWatches lists the data table's paths, then the child table's; within a table
      // the server keeps the order they were added, which the picture (sorted by path) does not hold.
      paths: [
        ...new Set(
          [
            ...server.watches.filter((w) => w.kind !== 'child'),
            ...server.watches.filter((w) => w.kind === 'child'),
          ]
            .filter((w) => w.session === c.session)
            .map((w) => w.path),
        ),
      ],
    }))
    .filter((w) => w.paths.length > 0);
  const ephemerals = server.sessions
    .map((s) => {
      // DataTree#getEphemerals iterates a HashSet: rebuilt here from the tree, in its order.
      const set = new JavaHashSet();
      for (const z of server.tree)
        if (z.kind === 'ephemeral' && z.stat.ephemeralOwner === s.session) set.add(z.path);
      return { session: s.session, paths: [...set] };
    })
    .filter((e) => e.paths.length > 0);
  const limits = server.limits ?? { tickTime: 2000, initLimit: 10, syncLimit: 5 };
  return {
    view: {
      role: server.role ?? 'LOOKING',
      lastZxid: server.lastZxid,
      sessions: server.sessions,
      learners: server.learners ?? [],
    },
    // ZooKeeperServer#isRunning: a standalone server, or a quorum peer in BROADCAST.
    serving: server.up && (server.role === 'STANDALONE' || server.zabState === 'BROADCAST'),
    // DataTree#getNodeCount counts the root twice (under "" and "/").
    nodeCount: server.tree.length + 1,
    watchCount,
    ephemerals,
    connections,
    received,
    sent,
    // The picture does not hold the requests in flight; the inspector shows none (docs/ui.md).
    outstanding: 0,
    watchesBySession,
    config: {
      clientPort: 2181,
      sid: server.sid,
      ...limits,
      // The scenario's own bounds are not in the picture: ZooKeeper's defaults (2 and 20 ticks).
      minSessionTimeout: 2 * limits.tickTime,
      maxSessionTimeout: 20 * limits.tickTime,
      servers: world.servers.map((s) => ({ sid: s.sid, address: `10.0.0.${s.sid}`, observer: s.observer })),
    },
  };
}

// A server's picture (ServerView without up/paused, which only the host knows): role and ZAB phase,
// epochs, its vote while LOOKING, the tail of its log, sessions, connections, watches and the tree.
// Built from read accessors only, so taking it changes nothing the server does later. The server
// does not draw itself: it exposes its state (its role, database and connections) and this reads it.
import type { SimNode } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import { QuorumPeer } from '../server/quorum/quorum-peer.ts';
import { NO_VOTE } from '../server/quorum/vote.ts';
import { ZooKeeperServer } from '../server/server.ts';
import { type Txn, txnBody } from '../server/txn.ts';
import type { WatcherMode } from '../server/watchmanager.ts';
import type { ZkDatabase } from '../server/zkdatabase.ts';
import { hex } from '../trace/canonical.ts';
import type { LogEntryView, ServerOwnView, ServerView, WatchView } from './types.ts';
import { byPath, treeView } from './znode-view.ts';

/** A client connection as the server lists it (ZooKeeperServer#connections). */
type Connection = ReturnType<ZooKeeperServer['connections']>[number];

/** How many log entries a picture carries. */
export const LOG_TAIL = 20;

/** A node's own picture: a server's drawn here, a client's by itself (SimNode#view). */
export function pictureOf(node: SimNode<ZkMessage> | null | undefined, now: number): unknown {
  return node instanceof ZooKeeperServer ? serverView(node) : node?.view?.(now);
}

/** The server's QuorumPeer, or null for a standalone server. */
export function peerOf(server: ZooKeeperServer): QuorumPeer | null {
  return server.role instanceof QuorumPeer ? server.role : null;
}

export function serverView(server: ZooKeeperServer): ServerOwnView & Pick<ServerView, 'tree'> {
  return { ...serverOwnView(server), tree: treeView(server.db, server.config.extendedTypes) };
}

/** Everything but the tree, which views take by what changed (tree-changes.ts). */
export function serverOwnView(server: ZooKeeperServer): ServerOwnView {
  const peer = peerOf(server);
  const cfg = server.config;
  const connections = server.connections();
  return {
    node: server.id,
    sid: cfg.sid,
    observer: cfg.observers.includes(cfg.sid),
    role: peer ? peer.state : 'STANDALONE',
    zabState: peer ? peer.zabState : null,
    acceptedEpoch: peer?.acceptedEpoch ?? 0,
    currentEpoch: peer?.currentEpoch ?? 0,
    // As server.state traces it (what `srvr` calls Zxid): a leader's last proposed zxid.
    lastZxid: hex(peer?.leaderRole?.lastProposedZxid ?? server.db.lastProcessedZxid),
    leader: peer && peer.state !== 'LOOKING' ? peer.currentVote.leader : null,
    vote: voteView(peer),
    logTail: logTail(server),
    sessions: sessionsView(server.db),
    clients: connections.map((c) => ({
      client: c.peer,
      session: c.session === null ? null : hex(c.session),
    })),
    watches: watchesView(server, connections),
    learners: peer?.leaderRole?.learners ?? [],
    syncedBy: peer?.learnerRole?.syncedBy ?? null,
    expiries: expiriesView(server),
    limits: { tickTime: cfg.tickTime, initLimit: cfg.initLimit, syncLimit: cfg.syncLimit },
  };
}

/**
 * The server that expires sessions — the serving leader (QuorumPeer#tracker) or a standalone
 * server — and when each session is due (SessionTrackerImpl's expiry queue, checked every tick).
 */
function expiriesView(server: ZooKeeperServer): ServerOwnView['expiries'] {
  const tracker = server.role.tracker;
  if (!tracker) return [];
  const out: ServerOwnView['expiries'] = [];
  for (const id of tracker.ids()) {
    const at = tracker.expiresAt(id);
    if (at !== undefined && tracker.isLive(id)) out.push({ session: hex(id), at });
  }
  return out;
}

/** While LOOKING: the proposal FLE currently sends and its round. Observers propose nobody. */
function voteView(peer: QuorumPeer | null): ServerView['vote'] {
  if (peer?.state !== 'LOOKING') return null;
  const { proposal, logicalclock } = peer.election;
  if (proposal.leader === NO_VOTE) return null;
  return {
    leader: proposal.leader,
    zxid: hex(proposal.zxid),
    peerEpoch: proposal.peerEpoch,
    electionEpoch: logicalclock,
  };
}

/**
 * Views draw a server after every input it handles: the parts that change only with a txn are
 * kept while their inputs stay the same, so an unchanged part is the same object (cheap to compare).
 */
const drawnTails = new WeakMap<ZooKeeperServer, { log: unknown; key: string; tail: LogEntryView[] }>();
const drawnSessions = new WeakMap<ZkDatabase, { zxid: number; sessions: ServerOwnView['sessions'] }>();
/** The watches change with the watch tables (their stamps) and the connections' sessions. */
const drawnWatches = new WeakMap<ZooKeeperServer, { key: string; watches: WatchView[] }>();

/** The session table changes only when a txn is applied (or the database is replaced). */
function sessionsView(db: ZkDatabase): ServerOwnView['sessions'] {
  const last = drawnSessions.get(db);
  if (last?.zxid === db.lastProcessedZxid) return last.sessions;
  const sessions = [...db.sessionsWithTimeouts()].map(([id, timeout]) => ({ session: hex(id), timeout }));
  drawnSessions.set(db, { zxid: db.lastProcessedZxid, sessions });
  return sessions;
}

/** The last applied txns (committedLog) followed by the proposals not applied yet, by zxid. */
function logTail(server: ZooKeeperServer): LogEntryView[] {
  const proposals = peerOf(server)?.proposals ?? [];
  const log = server.db.committedLog;
  let committed = 0;
  let logged = 0;
  let acks = 0; // ACKs only grow while a proposal is outstanding: their count tells a new one
  for (const p of proposals) {
    if (p.committed) committed++;
    if (p.logged !== false) logged++;
    acks += p.acks?.length ?? 0;
  }
  const key = `${log.length}:${log.at(-1)?.hdr.zxid}:${proposals.length}:${proposals[0]?.txn.hdr.zxid}:${proposals.at(-1)?.txn.hdr.zxid}:${committed}:${logged}:${acks}`;
  const last = drawnTails.get(server);
  if (last?.key === key && last.log === log) return last.tail;
  const tail = drawTail(server);
  drawnTails.set(server, { log, key, tail });
  return tail;
}

function drawTail(server: ZooKeeperServer): LogEntryView[] {
  const entries = new Map<number, LogEntryView>();
  for (const txn of server.db.committedLog.slice(-LOG_TAIL)) entries.set(txn.hdr.zxid, entry(txn, true));
  for (const p of peerOf(server)?.proposals ?? []) {
    if (!entries.has(p.txn.hdr.zxid))
      entries.set(p.txn.hdr.zxid, entry(p.txn, p.committed, p.logged ?? true, p.acks ?? null));
  }
  return [...entries]
    .sort(([a], [b]) => a - b)
    .slice(-LOG_TAIL)
    .map(([, e]) => e);
}

/** `durable` is what the node knows; the host marks its unsynced records (world-view.ts). */
function entry(txn: Txn, committed: boolean, logged = true, acks: number[] | null = null): LogEntryView {
  return {
    zxid: hex(txn.hdr.zxid),
    type: txn.hdr.type,
    path: txnPath(txn),
    committed,
    logged,
    durable: logged,
    acks,
  };
}

/** The path a txn touches: its own, or a multi's first sub-txn that has one. */
function txnPath(txn: Txn): string | null {
  if (txn.hdr.type === 'multi') {
    for (const sub of txnBody(txn, 'multi').txns) {
      const p = pathIn(sub.body);
      if (p !== null) return p;
    }
    return null;
  }
  return pathIn(txn.body);
}

function pathIn(body: unknown): string | null {
  const p = (body as { path?: unknown }).path;
  return typeof p === 'string' ? p : null;
}

/**
 * One entry per (path, session, kind). A persistent watch sits in both tables; a 3.8.0 quirk can
 * leave a one-shot watch in one table and the persistent one in the other, so both are shown.
 */
function watchesView(server: ZooKeeperServer, connections: readonly Connection[]): WatchView[] {
  let key = server.db.watchStamp();
  for (const c of connections) key += `|${c.watcher}:${c.session}`;
  const last = drawnWatches.get(server);
  if (last?.key === key) return last.watches;
  const watches = drawWatches(server.db, connections);
  drawnWatches.set(server, { key, watches });
  return watches;
}

function drawWatches(db: ZkDatabase, connections: readonly Connection[]): WatchView[] {
  const out = new Map<string, WatchView>();
  for (const c of connections) {
    if (c.session === null) continue;
    const session = hex(c.session);
    for (const w of db.watchesOf(c.watcher)) {
      const kind = watchKind(w.table, w.mode);
      out.set(`${w.path}\u0000${session}\u0000${kind}`, { path: w.path, session, kind });
    }
  }
  return [...out.values()].sort(
    (a, b) => byPath(a.path, b.path) || cmp(a.session, b.session) || cmp(a.kind, b.kind),
  );
}

function watchKind(table: 'data' | 'child', mode: WatcherMode): WatchView['kind'] {
  if (mode === 'standard') return table;
  return mode;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

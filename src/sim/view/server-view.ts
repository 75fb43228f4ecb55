// A server's picture (ServerView without up/paused, which only the host knows): role and ZAB phase,
// epochs, its vote while LOOKING, the tail of its log, sessions, connections, watches and the tree.
// Built from read accessors only, so taking it changes nothing the server does later. The server
// does not draw itself: it exposes its state (its role, database and connections) and this reads it.
import type { SimNode } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import type { SessionId } from '../server/protocol.ts';
import { QuorumPeer } from '../server/quorum/quorum-peer.ts';
import { NO_VOTE } from '../server/quorum/vote.ts';
import { type OpenConnection, ZooKeeperServer } from '../server/server.ts';
import type { Txn } from '../server/txn.ts';
import type { WatcherMode } from '../server/watchmanager.ts';
import type { ZkDatabase } from '../server/zkdatabase.ts';
import { hex } from '../trace/canonical.ts';
import { DrawnList, KeyedList } from './drawn-list.ts';
import { flatEqual, keepEqual } from './same-items.ts';
import { TailEntries } from './tail-entries.ts';
import type { LogEntryView, ServerOwnView, ServerView, WatchView } from './types.ts';
import { byPath, treeView } from './znode-view.ts';

/** How many log entries a picture carries. */
export const LOG_TAIL = 20;

/**
 * A node's own picture: a server's drawn here, a client's by itself (SimNode#view). `fresh`: drawn
 * from scratch, sharing nothing with earlier pictures (the reference tests hold kept ones to).
 */
export function pictureOf(node: SimNode<ZkMessage> | null | undefined, now: number, fresh = false): unknown {
  return node instanceof ZooKeeperServer ? serverView(node, fresh) : node?.view?.(now);
}

/** The server's QuorumPeer, or null for a standalone server. */
export function peerOf(server: ZooKeeperServer): QuorumPeer | null {
  return server.role instanceof QuorumPeer ? server.role : null;
}

export function serverView(server: ZooKeeperServer, fresh = false): ServerOwnView & Pick<ServerView, 'tree'> {
  return {
    ...serverOwnView(server, fresh ? newMemo(server) : memoOf(server)),
    tree: treeView(server.db, server.config.extendedTypes),
  };
}

/** Everything but the tree, which views take by what changed (tree-changes.ts). */
export function serverOwnView(server: ZooKeeperServer, memo = memoOf(server)): ServerOwnView {
  const peer = peerOf(server);
  const cfg = server.config;
  const connections = server.connections();
  // As server.state traces it (what `srvr` calls Zxid): a leader's last proposed zxid.
  const zxid = peer?.leaderRole?.lastProposedZxid ?? server.db.lastProcessedZxid;
  if (zxid !== memo.zxid) {
    memo.zxid = zxid;
    memo.lastZxid = hex(zxid);
  }
  const vote = voteView(peer);
  if (vote === null || memo.vote === null || !flatEqual(memo.vote, vote)) memo.vote = vote;
  memo.learners = keepEqual(memo.learners, peer?.leaderRole?.learners ?? NO_LEARNERS);
  const role = peer ? peer.state : 'STANDALONE';
  const zabState = peer ? peer.zabState : null;
  const acceptedEpoch = peer?.acceptedEpoch ?? 0;
  const currentEpoch = peer?.currentEpoch ?? 0;
  const leader = peer && peer.state !== 'LOOKING' ? peer.currentVote.leader : null;
  const tail = logTail(server, memo);
  const sessions = sessionsView(server.db, memo);
  const clients = clientsView(connections, memo);
  const watches = watchesView(server, connections, memo);
  const syncedBy = peer?.learnerRole?.syncedBy ?? null;
  const expiries = expiriesView(server, memo);
  // Nothing changed (a ping, a tick with nothing due): the last picture, so whoever holds it can
  // tell, and no new one made. Each list and record is the same object while it is unchanged.
  const last = memo.view;
  if (
    last !== undefined &&
    last.role === role &&
    last.zabState === zabState &&
    last.acceptedEpoch === acceptedEpoch &&
    last.currentEpoch === currentEpoch &&
    last.lastZxid === memo.lastZxid &&
    last.leader === leader &&
    last.vote === memo.vote &&
    last.logTail === tail &&
    last.sessions === sessions &&
    last.clients === clients &&
    last.watches === watches &&
    last.learners === memo.learners &&
    last.syncedBy === syncedBy &&
    last.expiries === expiries
  )
    return last;
  memo.view = {
    node: server.id,
    sid: cfg.sid,
    observer: cfg.observers.includes(cfg.sid),
    role,
    zabState,
    acceptedEpoch,
    currentEpoch,
    lastZxid: memo.lastZxid,
    leader,
    vote: memo.vote,
    logTail: tail,
    sessions,
    clients,
    watches,
    learners: memo.learners,
    syncedBy,
    expiries,
    limits: memo.limits,
  };
  return memo.view;
}

const NO_LEARNERS: NonNullable<ServerOwnView['learners']> = [];

/**
 * What a server's last picture drew, kept so that an unchanged part is the same object as before
 * (cheap to compare, picture-patch.ts) and a txn's log entry is drawn once.
 */
interface Memo {
  view?: ServerOwnView;
  zxid: number;
  lastZxid: string;
  vote: ServerView['vote'];
  limits: NonNullable<ServerOwnView['limits']>;
  clients: DrawnList<ServerOwnView['clients'][number]>;
  learners?: NonNullable<ServerOwnView['learners']>;
  expiries: KeyedList<SessionId, NonNullable<ServerOwnView['expiries']>[number]>;
  expiriesAt?: {
    tracker: unknown;
    stamp: number | undefined;
    expiries: NonNullable<ServerOwnView['expiries']>;
  };
  tail: DrawnList<LogEntryView>;
  entries: TailEntries;
  sessions: KeyedList<SessionId, ServerOwnView['sessions'][number]>;
  sessionsAt?: { stamp: number; sessions: ServerOwnView['sessions'] };
  watches: DrawnList<WatchView>;
  /** Where each list's raw values are read into, after every input (DrawnList copies them when they changed). */
  raw: { clients: unknown[]; watches: unknown[]; tail: unknown[] };
}

const memos = new WeakMap<ZooKeeperServer, Memo>();

function memoOf(server: ZooKeeperServer): Memo {
  let memo = memos.get(server);
  if (memo === undefined) {
    memo = newMemo(server);
    memos.set(server, memo);
  }
  return memo;
}

function newMemo(server: ZooKeeperServer): Memo {
  const { tickTime, initLimit, syncLimit } = server.config;
  return {
    zxid: -1,
    lastZxid: '',
    vote: null,
    limits: { tickTime, initLimit, syncLimit },
    clients: new DrawnList(),
    expiries: new KeyedList(),
    sessions: new KeyedList(),
    tail: new DrawnList(),
    entries: new TailEntries(),
    watches: new DrawnList(),
    raw: { clients: [null], watches: [0, null], tail: new Array(9).fill(null) },
  };
}

/**
 * The server that expires sessions — the serving leader (QuorumPeer#tracker) or a standalone
 * server — and when each session is due (SessionTrackerImpl's expiry queue, checked every tick).
 */
function expiriesView(server: ZooKeeperServer, memo: Memo): NonNullable<ServerOwnView['expiries']> {
  const tracker = server.role.tracker;
  // Drawn again only when the tracker's stamp moved (a session tracked, removed, closing, or due later).
  const last = memo.expiriesAt;
  if (last !== undefined && last.tracker === tracker && last.stamp === tracker?.stamp) return last.expiries;
  const ids: SessionId[] = [];
  const due: number[] = [];
  for (const id of tracker?.ids() ?? []) {
    const at = tracker!.expiresAt(id);
    if (at === undefined || !tracker!.isLive(id)) continue;
    ids.push(id);
    due.push(at);
  }
  const expiries = memo.expiries.get(ids, due, drawExpiry);
  memo.expiriesAt = { tracker, stamp: tracker?.stamp, expiries };
  return expiries;
}

const drawExpiry = (id: SessionId, at: unknown) => ({ session: hex(id), at: at as number });

/**
 * Drawn again only when a connection came, went or got its session: ZooKeeperServer#connections()
 * gives the same list until then.
 */
function clientsView(connections: readonly OpenConnection[], memo: Memo): ServerOwnView['clients'] {
  const raw = memo.raw.clients;
  raw[0] = connections;
  return memo.clients.get(raw) ?? memo.clients.keep(raw, connections.map(drawClient));
}

const drawClient = (c: OpenConnection) => ({
  client: c.peer,
  session: c.session === null ? null : hex(c.session),
});

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

/** The session table is drawn again only when its stamp moves (a session created or closed, a new database). */
function sessionsView(db: ZkDatabase, memo: Memo): ServerOwnView['sessions'] {
  const stamp = db.sessionsStamp();
  const last = memo.sessionsAt;
  if (last?.stamp === stamp) return last.sessions;
  const ids: SessionId[] = [];
  const timeouts: number[] = [];
  for (const [id, timeout] of db.sessionsWithTimeouts()) {
    ids.push(id);
    timeouts.push(timeout);
  }
  const sessions = memo.sessions.get(ids, timeouts, drawSession);
  memo.sessionsAt = { stamp, sessions };
  return sessions;
}

const drawSession = (id: SessionId, timeout: unknown) => ({ session: hex(id), timeout: timeout as number });

type Proposals = QuorumPeer['proposals'];
const NO_PROPOSALS: Proposals = [];

/** The last applied txns (committedLog) followed by the proposals not applied yet, by zxid. */
function logTail(server: ZooKeeperServer, memo: Memo): LogEntryView[] {
  const proposals = peerOf(server)?.proposals ?? NO_PROPOSALS;
  const log = server.db.committedLog;
  let committed = 0;
  let logged = 0;
  let acks = 0; // ACKs only grow while a proposal is outstanding: their count tells a new one
  for (const p of proposals) {
    if (p.committed) committed++;
    if (p.logged !== false) logged++;
    acks += p.acks?.length ?? 0;
  }
  const raw = memo.raw.tail;
  raw[0] = log;
  raw[1] = log.length;
  raw[2] = log.at(-1)?.hdr.zxid;
  raw[3] = proposals.length;
  raw[4] = proposals[0]?.txn.hdr.zxid;
  raw[5] = proposals.at(-1)?.txn.hdr.zxid;
  raw[6] = committed;
  raw[7] = logged;
  raw[8] = acks;
  return memo.tail.get(raw) ?? memo.tail.keep(raw, drawTail(log, proposals, memo.entries));
}

function drawTail(log: readonly Txn[], proposals: Proposals, drawn: TailEntries): LogEntryView[] {
  drawn.begin();
  const tail = tailOf(log, proposals, drawn);
  drawn.end();
  return tail;
}

function tailOf(log: readonly Txn[], proposals: Proposals, drawn: TailEntries): LogEntryView[] {
  const start = Math.max(0, log.length - LOG_TAIL);
  // Zxids rising throughout (every run but those of the bugs that break log agreement): nothing to
  // merge, the entries in order.
  let last = -1;
  let rising = true;
  for (let i = start; i < log.length && rising; i++) {
    rising = log[i]!.hdr.zxid > last;
    last = log[i]!.hdr.zxid;
  }
  for (let i = 0; i < proposals.length && rising; i++) {
    rising = proposals[i]!.txn.hdr.zxid > last;
    last = proposals[i]!.txn.hdr.zxid;
  }
  if (!rising) return mergeTail(log, start, proposals, drawn);
  const from = Math.max(start, log.length + proposals.length - LOG_TAIL);
  const first = Math.max(0, proposals.length - LOG_TAIL);
  // Sized once: pushing grows an array several times on its way to 20.
  const tail = new Array<LogEntryView>(Math.max(0, log.length - from) + proposals.length - first);
  let n = 0;
  for (let i = from; i < log.length; i++) tail[n++] = drawn.entry(log[i]!, true);
  for (let i = first; i < proposals.length; i++) {
    const p = proposals[i]!;
    tail[n++] = drawn.entry(p.txn, p.committed, p.logged ?? true, p.acks ?? null);
  }
  return tail;
}

/** The tail when zxids repeat or go back: one entry per zxid, the last 20 by zxid. */
function mergeTail(
  log: readonly Txn[],
  start: number,
  proposals: Proposals,
  drawn: TailEntries,
): LogEntryView[] {
  const zxids: number[] = [];
  const tail: LogEntryView[] = [];
  // One entry per zxid: a txn applied twice (only under a deliberate bug) shows its last copy.
  const at = new Map<number, number>();
  for (let i = start; i < log.length; i++) {
    const txn = log[i]!;
    const j = at.get(txn.hdr.zxid);
    if (j === undefined) {
      at.set(txn.hdr.zxid, zxids.push(txn.hdr.zxid) - 1);
      tail.push(drawn.entry(txn, true));
    } else tail[j] = drawn.entry(txn, true);
  }
  for (const p of proposals) {
    if (at.has(p.txn.hdr.zxid)) continue;
    at.set(p.txn.hdr.zxid, zxids.push(p.txn.hdr.zxid) - 1);
    tail.push(drawn.entry(p.txn, p.committed, p.logged ?? true, p.acks ?? null));
  }
  // Both lists are in zxid order except under the bugs that break log agreement.
  let ordered = true;
  for (let i = 1; i < zxids.length && ordered; i++) ordered = zxids[i - 1]! < zxids[i]!;
  if (!ordered) {
    const order = zxids.map((_, i) => i).sort((i, j) => zxids[i]! - zxids[j]!);
    return order.slice(-LOG_TAIL).map((i) => tail[i]!);
  }
  return tail.length > LOG_TAIL ? tail.slice(-LOG_TAIL) : tail;
}

/**
 * One entry per (path, session, kind). A persistent watch sits in both tables; a 3.8.0 quirk can
 * leave a one-shot watch in one table and the persistent one in the other, so both are shown.
 */
function watchesView(
  server: ZooKeeperServer,
  connections: readonly OpenConnection[],
  memo: Memo,
): WatchView[] {
  // The connections' list is the same while none came, went or changed its watcher or session.
  const raw = memo.raw.watches;
  raw[0] = server.db.watchStamp();
  raw[1] = connections;
  return memo.watches.get(raw) ?? memo.watches.keep(raw, drawWatches(server.db, connections));
}

function drawWatches(db: ZkDatabase, connections: readonly OpenConnection[]): WatchView[] {
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

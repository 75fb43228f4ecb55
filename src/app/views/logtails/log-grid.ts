// The Log tails view's model: every server's log tail side by side, one row per zxid (the union of
// what the servers hold), so a glance across a row shows who has a txn, who logged it, who committed
// it and — on the leader — who ACKed it. Built only from the servers' pictures at the cursor.
import type { LogEntryView, ServerView } from '../../../sim/view/types.ts';

export interface GridColumn {
  node: string;
  sid: number;
  up: boolean;
  role: ServerView['role'];
  observer: boolean;
  lastZxid: string;
  /** How this server was last brought up to date by its leader (its own picture, or the leader's). */
  syncedBy: 'DIFF' | 'TRUNC' | 'SNAP' | null;
  /** The leader's ticks left before it counts this follower out of touch (syncLimit); null if none. */
  ticksLeft: number | null;
}

/** What a server has of one zxid. */
export type CellMark = 'proposed' | 'logged' | 'durable' | 'committed';

export interface GridCell {
  entry: LogEntryView;
  /** The strongest thing true of the txn on this server (committed > durable > logged > proposed). */
  mark: CellMark;
}

export interface GridRow {
  zxid: string;
  /** Epoch and counter, as the ring prints zxids. */
  epoch: number;
  counter: number;
  cells: (GridCell | null)[];
  /** On the leader's outstanding proposal: the voters that ACKed and how many make a quorum. */
  tally: { acks: number[]; quorum: number } | null;
}

export interface LogGrid {
  columns: GridColumn[];
  rows: GridRow[];
  /** Rows left out above (older zxids). */
  hidden: number;
}

export function cellMark(e: LogEntryView): CellMark {
  if (e.committed) return 'committed';
  if (!e.logged) return 'proposed';
  return e.durable ? 'durable' : 'logged';
}

/** The grid of the servers' tails, newest `limit` zxids, oldest first. */
export function logGrid(servers: readonly ServerView[], limit = 14): LogGrid {
  const leader = servers.find((s) => s.up && s.role === 'LEADING');
  const learners = new Map((leader?.learners ?? []).map((l) => [l.sid, l]));
  const voters = servers.filter((s) => !s.observer).length;
  const columns = servers.map((s) => ({
    node: s.node,
    sid: s.sid,
    up: s.up,
    role: s.role,
    observer: s.observer,
    lastZxid: s.lastZxid,
    syncedBy: s.syncedBy ?? learners.get(s.sid)?.sync ?? null,
    ticksLeft: learners.get(s.sid)?.ticksLeft ?? null,
  }));
  const zxids = new Map<bigint, string>();
  for (const s of servers) for (const e of s.logTail) zxids.set(BigInt(e.zxid), e.zxid);
  const sorted = [...zxids].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const shown = sorted.slice(-limit);
  const byServer = servers.map((s) => new Map(s.logTail.map((e) => [e.zxid, e])));
  const rows = shown.map(([v, zxid]) => {
    const cells = byServer.map((m) => {
      const entry = m.get(zxid);
      return entry ? { entry, mark: cellMark(entry) } : null;
    });
    const mine = leader?.logTail.find((e) => e.zxid === zxid);
    const tally = mine?.acks ? { acks: mine.acks, quorum: Math.floor(voters / 2) + 1 } : null;
    return { zxid, epoch: Number(v >> 32n), counter: Number(v & 0xffffffffn), cells, tally };
  });
  return { columns, rows, hidden: sorted.length - shown.length };
}

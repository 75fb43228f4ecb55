// A server's on-disk layout (FileTxnSnapLog): snapshots named by the last zxid they contain, txn
// logs named by the first zxid they hold, and the epoch files. The log is rolled at every
// snapshot; the newest three snapshots are kept (PurgeTxnLog's snapRetainCount) with the logs
// still needed to replay them. The server keeps a copy of what it wrote (its page cache), so a
// TRUNC can reload the tree without a restart.
import type { DiskImage, NodeOutput } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import type { Txn } from './txn.ts';
import { ZkDatabase } from './zkdatabase.ts';

const SNAP = 'snapshot.';
const LOG = 'log.';
const RETAIN = 3;

const name = (prefix: string, zxid: number) => prefix + zxid.toString(16).padStart(16, '0');
const zxidOf = (n: string) => Number.parseInt(n.slice(n.indexOf('.') + 1), 16);

type Out = NodeOutput<ZkMessage>;

export interface Restored {
  db: ZkDatabase;
  /** Logged txns after the snapshot, committed or not, in zxid order. */
  txns: Txn[];
}

export class ServerDisk {
  private currentLog: string | null = null;
  private sinceSnapshot = 0;
  private snapshots = new Map<string, unknown>();
  private logs = new Map<string, Txn[]>();

  constructor(private readonly snapCount: number) {}

  /** ZKDatabase#loadDataBase: the newest snapshot and every logged txn after it. Null on a fresh disk. */
  load(image: DiskImage, extendedTypes: boolean): Restored | null {
    this.snapshots = new Map(
      Object.keys(image.files)
        .filter((f) => f.startsWith(SNAP))
        .sort()
        .map((f) => [f, image.files[f]]),
    );
    this.logs = new Map(
      Object.keys(image.logs)
        .filter((f) => f.startsWith(LOG))
        .sort()
        .map((f) => [f, ((image.logs[f] ?? []) as Txn[]).slice()]),
    );
    if (this.snapshots.size === 0 && this.logs.size === 0) return null;
    return this.restore(Number.POSITIVE_INFINITY, extendedTypes);
  }

  /** The tree as of `upTo`: the newest snapshot at or below it, plus the logged txns up to it. */
  private restore(upTo: number, extendedTypes: boolean): Restored {
    const snap = [...this.snapshots.keys()].filter((s) => zxidOf(s) <= upTo).at(-1);
    const db =
      snap === undefined
        ? new ZkDatabase({ extendedTypes })
        : ZkDatabase.fromSnapshot({ extendedTypes }, this.snapshots.get(snap));
    const from = db.lastProcessedZxid;
    const txns = [...this.logs.values()]
      .flat()
      .filter((t) => t.hdr.zxid > from && t.hdr.zxid <= upTo)
      .sort((a, b) => a.hdr.zxid - b.hdr.zxid);
    return { db, txns };
  }

  log(txn: Txn, fsync = true): Out[] {
    if (this.currentLog === null) {
      this.currentLog = name(LOG, txn.hdr.zxid);
      this.logs.set(this.currentLog, []);
    }
    this.logs.get(this.currentLog)!.push(txn);
    this.sinceSnapshot++;
    const append: Out = { type: 'disk.append', log: this.currentLog, record: txn };
    return fsync ? [append, { type: 'disk.fsync', log: this.currentLog }] : [append];
  }

  /** Make everything appended so far durable. */
  fsync(): Out[] {
    return this.currentLog === null ? [] : [{ type: 'disk.fsync', log: this.currentLog }];
  }

  maybeSnapshot(db: ZkDatabase): Out[] {
    return this.sinceSnapshot >= this.snapCount ? this.snapshot(db) : [];
  }

  /** Write a snapshot, roll the log, and purge what the retained snapshots no longer need. */
  snapshot(db: ZkDatabase): Out[] {
    const snap = name(SNAP, db.lastProcessedZxid);
    const data = db.snapshot();
    const out: Out[] = [{ type: 'disk.write', file: snap, data }];
    this.snapshots.set(snap, data);
    this.currentLog = null;
    this.sinceSnapshot = 0;
    const names = [...this.snapshots.keys()].sort();
    for (const old of names.slice(0, Math.max(0, names.length - RETAIN))) {
      this.snapshots.delete(old);
      out.push({ type: 'disk.delete', name: old });
    }
    const oldestKept = zxidOf([...this.snapshots.keys()].sort()[0]!);
    const logs = [...this.logs.keys()].sort();
    // A log is needed while the next log starts after the oldest kept snapshot's zxid.
    for (let i = 0; i + 1 < logs.length && zxidOf(logs[i + 1]!) <= oldestKept + 1; i++) {
      this.logs.delete(logs[i]!);
      out.push({ type: 'disk.delete', name: logs[i]! });
    }
    return out;
  }

  /** TRUNC(z): cut every log back to z, drop newer snapshots, and reload the tree as of z. */
  truncate(zxid: number, extendedTypes: boolean): { out: Out[]; restored: Restored } {
    const out: Out[] = [];
    for (const [log, records] of this.logs) {
      const keep = records.filter((t) => t.hdr.zxid <= zxid).length;
      if (keep === records.length) continue;
      records.length = keep;
      out.push({ type: 'disk.truncate', log, length: keep });
    }
    for (const snap of [...this.snapshots.keys()]) {
      if (zxidOf(snap) > zxid) {
        this.snapshots.delete(snap);
        out.push({ type: 'disk.delete', name: snap });
      }
    }
    this.currentLog = null;
    return { out, restored: this.restore(zxid, extendedTypes) };
  }

  /** The durable epoch files (QuorumPeer#writeLongToFile: temp file + rename). */
  static readEpoch(image: DiskImage, file: 'acceptedEpoch' | 'currentEpoch'): number {
    const v = image.files[file];
    return typeof v === 'number' ? v : 0;
  }
}

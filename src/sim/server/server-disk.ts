// A server's on-disk layout (FileTxnSnapLog): snapshots named by the last zxid they contain, txn
// logs named by the first zxid they hold. The log is rolled at every snapshot; the newest three
// snapshots are kept (PurgeTxnLog's snapRetainCount), with the logs still needed to replay them.
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

export class ServerDisk {
  private currentLog: string | null = null;
  private sinceSnapshot = 0;
  private snapshots: string[] = [];
  private logs: string[] = [];

  constructor(private readonly snapCount: number) {}

  /** ZKDatabase#loadDataBase: the newest snapshot and every logged txn after it, committed or not. */
  load(image: DiskImage, extendedTypes: boolean): { db: ZkDatabase; txns: Txn[] } | null {
    this.snapshots = Object.keys(image.files)
      .filter((f) => f.startsWith(SNAP))
      .sort();
    this.logs = Object.keys(image.logs)
      .filter((f) => f.startsWith(LOG))
      .sort();
    const newest = this.snapshots.at(-1);
    if (newest === undefined && this.logs.length === 0) return null;
    const db =
      newest === undefined
        ? new ZkDatabase({ extendedTypes })
        : ZkDatabase.fromSnapshot({ extendedTypes }, image.files[newest]);
    const from = db.lastProcessedZxid;
    const txns = this.logs
      .flatMap((l) => (image.logs[l] ?? []) as Txn[])
      .filter((t) => t.hdr.zxid > from)
      .sort((a, b) => a.hdr.zxid - b.hdr.zxid);
    return { db, txns };
  }

  log(txn: Txn): Out[] {
    const out: Out[] = [];
    if (this.currentLog === null) {
      this.currentLog = name(LOG, txn.hdr.zxid);
      this.logs.push(this.currentLog);
    }
    out.push({ type: 'disk.append', log: this.currentLog, record: txn });
    out.push({ type: 'disk.fsync', log: this.currentLog });
    this.sinceSnapshot++;
    return out;
  }

  maybeSnapshot(db: ZkDatabase): Out[] {
    return this.sinceSnapshot >= this.snapCount ? this.snapshot(db) : [];
  }

  /** Write a snapshot, roll the log, and purge what the retained snapshots no longer need. */
  snapshot(db: ZkDatabase): Out[] {
    const snap = name(SNAP, db.lastProcessedZxid);
    const out: Out[] = [{ type: 'disk.write', file: snap, data: db.snapshot() }];
    if (!this.snapshots.includes(snap)) this.snapshots.push(snap);
    this.currentLog = null;
    this.sinceSnapshot = 0;
    while (this.snapshots.length > RETAIN) out.push({ type: 'disk.delete', name: this.snapshots.shift()! });
    const oldestKept = zxidOf(this.snapshots[0]!);
    // A log is needed while the next log starts after the oldest kept snapshot's zxid.
    while (this.logs.length > 1 && zxidOf(this.logs[1]!) <= oldestKept + 1) {
      out.push({ type: 'disk.delete', name: this.logs.shift()! });
    }
    return out;
  }
}

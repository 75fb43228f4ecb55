// A server's simulated disk. Files are replaced atomically and durably (ZooKeeper writes its epoch
// files with temp file + rename + fsync); logs are appended and become durable only when fsynced.
// A crash keeps what was synced — and, for a process kill that spares the OS page cache, the rest.
import type { DiskImage } from './types.ts';

interface Log {
  records: unknown[];
  synced: number;
}

export class SimDisk {
  private files = new Map<string, unknown>();
  private logs = new Map<string, Log>();

  write(file: string, data: unknown): void {
    this.files.set(file, data);
  }

  append(log: string, record: unknown): void {
    let l = this.logs.get(log);
    if (!l) {
      l = { records: [], synced: 0 };
      this.logs.set(log, l);
    }
    l.records.push(record);
  }

  /** Returns how many records this fsync made durable. */
  fsync(log: string): number {
    const l = this.logs.get(log);
    if (!l) return 0;
    const n = l.records.length - l.synced;
    l.synced = l.records.length;
    return n;
  }

  truncate(log: string, length: number): void {
    const l = this.logs.get(log);
    if (!l) return;
    l.records.length = Math.min(l.records.length, length);
    l.synced = l.records.length;
  }

  delete(name: string): void {
    this.files.delete(name);
    this.logs.delete(name);
  }

  crash(keepUnsynced: boolean): number {
    let lost = 0;
    for (const l of this.logs.values()) {
      if (keepUnsynced) l.synced = l.records.length;
      lost += l.records.length - l.synced;
      l.records.length = l.synced;
    }
    return lost;
  }

  unsynced(): number {
    let n = 0;
    for (const l of this.logs.values()) n += l.records.length - l.synced;
    return n;
  }

  /** What a (re)starting node reads back, in a fixed key order. */
  image(): DiskImage {
    const files: Record<string, unknown> = {};
    for (const k of [...this.files.keys()].sort()) files[k] = this.files.get(k);
    const logs: Record<string, unknown[]> = {};
    for (const k of [...this.logs.keys()].sort()) logs[k] = this.logs.get(k)!.records.slice();
    return { files, logs };
  }
}

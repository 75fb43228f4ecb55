// A server's log tail is drawn again after every input that moved its log (a proposal, an ACK, a
// commit), and most of its 20 entries are the ones drawn last time: a txn's entry is drawn once and
// kept while the txn stays in the tail in the same state. The last tail is searched in order from
// where the previous match was (both tails go up by zxid), which costs a few comparisons per entry
// where a lookup table keyed by txn cost a hash lookup, and a write for every new one.
import type { Txn } from '../server/txn.ts';
import { txnBody } from '../server/txn.ts';
import { hex } from '../trace/canonical.ts';
import { flatEqual } from './same-items.ts';
import type { LogEntryView } from './types.ts';

export class TailEntries {
  // Two pairs of buffers, swapped after each tail and written by index (emptying an array by its
  // length lets its storage go, to be allocated again for the next tail).
  private txns: Txn[] = [];
  private entries: LogEntryView[] = [];
  private count = 0;
  private nextTxns: Txn[] = [];
  private nextEntries: LogEntryView[] = [];
  private nextCount = 0;
  /** Where the search for the next txn starts in the last tail. */
  private from = 0;

  /** A new tail starts: its entries follow, in order. */
  begin(): void {
    this.from = 0;
    this.nextCount = 0;
  }

  /**
   * `txn`'s entry in this state. `durable` is what the node knows; the host marks its unsynced
   * records (world-view.ts).
   */
  entry(txn: Txn, committed: boolean, logged = true, acks: number[] | null = null): LogEntryView {
    let e: LogEntryView | undefined;
    const txns = this.txns;
    for (let j = this.from; j < this.count; j++) {
      if (txns[j] !== txn) continue;
      this.from = j + 1;
      const last = this.entries[j]!;
      if (
        last.committed === committed &&
        last.logged === logged &&
        (last.acks === acks || (last.acks !== null && acks !== null && flatEqual(last.acks, acks)))
      )
        e = last;
      break;
    }
    e ??= drawEntry(txn, committed, logged, acks);
    this.nextTxns[this.nextCount] = txn;
    this.nextEntries[this.nextCount++] = e;
    return e;
  }

  /** The tail is drawn: it is the last one for the next. */
  end(): void {
    const txns = this.txns;
    const entries = this.entries;
    this.txns = this.nextTxns;
    this.entries = this.nextEntries;
    this.count = this.nextCount;
    this.nextTxns = txns;
    this.nextEntries = entries;
  }
}

function drawEntry(txn: Txn, committed: boolean, logged: boolean, acks: number[] | null): LogEntryView {
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

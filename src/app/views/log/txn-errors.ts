// Which error an `error` txn in a server's log stands for (issue #15 item 12). ZooKeeper logs a
// failed write as an ErrorTxn (PrepRequestProcessor#pRequest catches the KeeperException and
// logs `new ErrorTxn(e.code())` under the request's zxid); the page's pictures name the txn type
// only, and the reply the client got carries the same zxid and the error's name.
import type { TraceEvent } from '../../../sim/trace/event.ts';

/** Writes: their reply's zxid is the txn's own (a read's is only the server's last zxid). */
const WRITES = new Set(['create', 'delete', 'set', 'check', 'multi', 'set_acl']);

export const isFailedWriteReply = (e: TraceEvent): boolean =>
  e.kind === 'client.reply' && !e.ok && e.err !== undefined && e.zxid !== undefined && WRITES.has(e.op);

/** zxid (as the pictures write it, "0x3") → the error name, from failed writes' replies. */
export function txnErrors(events: readonly TraceEvent[], indexes: readonly number[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of indexes) {
    const e = events[i]!;
    if (e.kind === 'client.reply' && e.err !== undefined && e.zxid !== undefined) out.set(e.zxid, e.err);
  }
  return out;
}

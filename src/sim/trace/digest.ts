// A short fingerprint of a txn (header + body), so the checker can tell whether two servers
// committed the same txn under one zxid without the trace carrying whole txns.
import type { Txn } from '../server/txn.ts';
import { canonicalLine } from './canonical.ts';
import type { TraceEvent } from './event.ts';

export function txnDigest(txn: Txn): string {
  const line = canonicalLine({ t: 0, kind: 'txn', hdr: txn.hdr, body: txn.body } as unknown as TraceEvent);
  let h = 0x811c9dc5;
  for (let i = 0; i < line.length; i++) {
    h ^= line.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

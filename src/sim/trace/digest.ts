// A short fingerprint of a txn (header + body), so the checker can tell whether two servers
// committed the same txn under one zxid without the trace carrying whole txns.
import type { Txn } from '../server/txn.ts';
import { canonicalLine } from './canonical.ts';
import type { TraceEvent } from './event.ts';

/**
 * Digests by txn object. Txns are immutable once prepped, and in one thread the leader's proposal,
 * every follower's copy and each server's commit are the same object, so a txn is serialized once
 * per run instead of once per server and again at commit (issue #13). Weak: a txn nobody holds
 * any more takes its digest with it.
 */
const digests = new WeakMap<Txn, string>();

export function txnDigest(txn: Txn): string {
  let d = digests.get(txn);
  if (d === undefined) {
    d = fnv1a(canonicalLine({ t: 0, kind: 'txn', hdr: txn.hdr, body: txn.body } as unknown as TraceEvent));
    digests.set(txn, d);
  }
  return d;
}

function fnv1a(line: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < line.length; i++) {
    h ^= line.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

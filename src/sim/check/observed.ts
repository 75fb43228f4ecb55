// What a client observes in a reply, for the client-side checks (read-committed, read-prefix):
// the reply header's zxid and the zxids and paths of the Stats it carries.
import type { EventOf } from '../trace/event.ts';
import type { TraceStat } from '../trace/format.ts';
import { zxidOf } from './types.ts';

export type Reply = EventOf<'client.reply'>;

/** A node as one reply shows it: its path (null when the reply does not say), czxid, mzxid, pzxid. */
export interface NodeSeen {
  path: string | null;
  czxid: number;
  mzxid: number;
  pzxid: number;
  /** ephemeralOwner 0: no session close, container or TTL removes it. */
  persistent: boolean;
}

/**
 * The nodes a reply shows. A create's stat is the created node's (its path with the sequential
 * suffix); a multi's creates name their paths, its sets do not (the request's sub-op paths are
 * not traced), so their stats come without a path.
 */
export function nodesSeen(e: Reply): NodeSeen[] {
  const r = e.result;
  if (!r) return [];
  const out: NodeSeen[] = [];
  const add = (path: string | null, s: TraceStat) =>
    out.push({
      path,
      czxid: zxidOf(s.czxid),
      mzxid: zxidOf(s.mzxid),
      pzxid: zxidOf(s.pzxid),
      persistent: zxidOf(s.ephemeralOwner) === 0,
    });
  if (r.stat) add(e.op === 'create' ? (r.path ?? null) : e.path, r.stat);
  for (const sub of r.results ?? []) {
    if (sub.op === 'create' && sub.stat) add(sub.path, sub.stat);
    else if (sub.op === 'set') add(null, sub.stat);
  }
  return out;
}

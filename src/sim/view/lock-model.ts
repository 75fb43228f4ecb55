// The lock recipe's queue as the tree shows it: the sequential children of the lock's path, sorted
// by sequence number (the lowest holds), each with its owner, and whom each waiter watches — read
// from the servers' watch tables, the real thing, not from what the scripts say they do.
import type { WatchView, ZnodeView } from './types.ts';

export interface Contender {
  path: string;
  name: string;
  seq: number;
  session: string;
  /** The owning client, when known. */
  client: string | null;
  holds: boolean;
  /** Paths (in the lock) this contender's session watches. */
  watches: string[];
}

const SEQ = /(\d{10})$/;

export function sequenceOf(name: string): number | null {
  const m = SEQ.exec(name);
  return m ? Number(m[1]) : null;
}

export function contenders(
  tree: readonly ZnodeView[],
  lockPath: string,
  watches: readonly WatchView[],
  owners: ReadonlyMap<string, string>,
): Contender[] {
  const prefix = lockPath === '/' ? '/' : `${lockPath}/`;
  const out: Contender[] = [];
  for (const z of tree) {
    if (!z.path.startsWith(prefix) || z.path.slice(prefix.length).includes('/')) continue;
    const name = z.path.slice(prefix.length);
    const seq = sequenceOf(name);
    if (seq === null || name === '') continue;
    const session = z.stat.ephemeralOwner;
    out.push({
      path: z.path,
      name,
      seq,
      session,
      client: owners.get(session) ?? null,
      holds: false,
      watches: [],
    });
  }
  out.sort((a, b) => a.seq - b.seq || (a.name < b.name ? -1 : 1));
  if (out[0]) out[0].holds = true;
  const bySession = new Map<string, Contender>();
  for (const c of out) bySession.set(c.session, c);
  for (const w of watches) {
    const c = bySession.get(w.session);
    if (c && (w.path === lockPath || w.path.startsWith(prefix)) && !c.watches.includes(w.path))
      c.watches.push(w.path);
  }
  return out;
}

/** Where the lock recipe lives: the parent of the most sequential children (default /lock). */
export function guessLockPath(tree: readonly ZnodeView[], fallback = '/lock'): string {
  const counts = new Map<string, number>();
  for (const z of tree) {
    if (!z.sequential || z.path.startsWith('/zookeeper')) continue;
    const parent = z.path.slice(0, z.path.lastIndexOf('/')) || '/';
    counts.set(parent, (counts.get(parent) ?? 0) + 1);
  }
  if (counts.has(fallback)) return fallback;
  let best = fallback;
  let most = 0;
  for (const [p, n] of counts) if (n > most) [best, most] = [p, n];
  return best;
}

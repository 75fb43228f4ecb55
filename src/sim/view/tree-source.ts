// Whose tree the view shows: the leader's by default (what every server will converge to), else the
// first server that is up; or the one the reader picked, to see a lagging follower.
import type { ServerView, WatchView, WorldView } from './types.ts';

export const AUTO = 'auto';

export function treeServer(view: WorldView, choice: string): ServerView | null {
  if (choice !== AUTO) return view.servers.find((s) => s.node === choice) ?? null;
  const up = view.servers.filter((s) => s.up);
  return up.find((s) => s.role === 'LEADING') ?? up.find((s) => s.role === 'STANDALONE') ?? up[0] ?? null;
}

/**
 * Watches live on the server each client is connected to, so the tree shows every up server's
 * watches together, once each.
 */
export function allWatches(view: WorldView): WatchView[] {
  const seen = new Set<string>();
  const out: WatchView[] = [];
  for (const s of view.servers) {
    if (!s.up) continue;
    for (const w of s.watches) {
      const key = `${w.path}\u0000${w.session}\u0000${w.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(w);
    }
  }
  return out;
}

/** Watches by path. */
export function watchesByPath(watches: readonly WatchView[]): Map<string, WatchView[]> {
  const m = new Map<string, WatchView[]>();
  for (const w of watches) {
    const list = m.get(w.path);
    if (list) list.push(w);
    else m.set(w.path, [w]);
  }
  return m;
}

// Replica determinism (DataTree#processTxn is deterministic: replicas that applied the same txns
// agree): two live servers that have applied the same history hold identical trees. At the end of
// the run, servers with the same lastProcessedZxid must agree on every node (path, data, ACL, stat,
// children) and on the session table. This is what catches replicas that diverged without a
// conflicting txn.commit (e.g. a learner that kept txns the leader never had).
import type { ZooKeeperServer } from '../../server/server.ts';
import type { Invariant, Violation } from '../types.ts';
import { hexZxid } from '../types.ts';

export function replicaDeterminism(): Invariant {
  const name = 'replica-determinism';
  return {
    name,
    describe:
      'At the end, live servers with the same lastProcessedZxid have identical trees and session tables.',
    kinds: [],
    observe: () => undefined,
    finish(ctx) {
      const out: Violation[] = [];
      const byZxid = new Map<number, { server: ZooKeeperServer; image: Map<string, string> }[]>();
      for (const server of ctx.servers) {
        const z = server.database.lastProcessedZxid;
        const group = byZxid.get(z) ?? [];
        group.push({ server, image: treeImage(server) });
        byZxid.set(z, group);
      }
      for (const [z, group] of byZxid) {
        const [first, ...rest] = group;
        if (!first) continue;
        for (const other of rest) {
          const diff = firstDifference(first.image, other.image);
          if (diff === null) continue;
          out.push({
            invariant: name,
            t: ctx.t,
            message: `${first.server.id} and ${other.server.id} are both at ${hexZxid(z)} but differ at ${diff}`,
            events: [],
          });
        }
      }
      return out;
    },
  };
}

/** path → canonical description of the node; plus the session table under a key no path can have. */
export function treeImage(server: ZooKeeperServer): Map<string, string> {
  const db = server.database;
  const image = new Map<string, string>();
  const sessions = [...db.sessionsWithTimeouts()].map(([id, t]) => `${id.toString(16)}:${t}`).sort();
  image.set('(sessions)', sessions.join(','));
  const stack = ['/'];
  while (stack.length > 0) {
    const path = stack.pop()!;
    const node = db.peek(path);
    if (!node) continue;
    const children = [...node.children].sort();
    image.set(
      path,
      JSON.stringify([node.data, node.acl, statLine(node.stat), children], (_k, v) =>
        typeof v === 'bigint' ? v.toString(16) : v,
      ),
    );
    for (const c of children) stack.push(path === '/' ? `/${c}` : `${path}/${c}`);
  }
  return image;
}

function statLine(stat: object): string {
  return Object.entries(stat)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

function firstDifference(a: Map<string, string>, b: Map<string, string>): string | null {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const k of keys) {
    const x = a.get(k);
    const y = b.get(k);
    if (x === y) continue;
    if (x === undefined) return `${k} (only on the second)`;
    if (y === undefined) return `${k} (only on the first)`;
    return `${k} (${x} vs ${y})`;
  }
  return null;
}

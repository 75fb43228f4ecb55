// The final data tree of every server that is up at the end (DataTree#killSession,
// DataTree#createNode): no ephemeral node belongs to a session missing from that server's session
// table (closed or expired), ephemerals have no children, and every node's numChildren matches its
// children.
import type { ZooKeeperServer } from '../../server/server.ts';
import type { Invariant } from '../types.ts';

export function finalTree(): Invariant {
  const name = 'final-tree';
  return {
    name,
    describe:
      'At the end, each live server holds no ephemeral of a closed session, no ephemeral with children, and consistent numChildren.',
    kinds: [],
    observe: () => undefined,
    finish(ctx) {
      return ctx.servers.flatMap((s) =>
        treeProblems(s).map((message) => ({ invariant: name, t: ctx.t, message, events: [] })),
      );
    },
  };
}

function treeProblems(server: ZooKeeperServer): string[] {
  const out: string[] = [];
  const db = server.database;
  const live = db.sessionsWithTimeouts();
  const stack = ['/'];
  while (stack.length > 0) {
    const path = stack.pop()!;
    const node = db.peek(path);
    if (!node) continue;
    if (node.stat.numChildren !== node.children.length)
      out.push(
        `${server.id} ${path}: numChildren ${node.stat.numChildren} ≠ ${node.children.length} children`,
      );
    const owner = node.stat.ephemeralOwner;
    if (owner !== 0n && !live.has(owner))
      out.push(`${server.id} ${path}: ephemeral of session 0x${owner.toString(16)}, which is not open there`);
    if (owner !== 0n && node.children.length > 0) out.push(`${server.id} ${path}: ephemeral with children`);
    for (const c of node.children) stack.push(path === '/' ? `/${c}` : `${path}/${c}`);
  }
  return out;
}

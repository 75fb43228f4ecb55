// Invariants checked over a finished run (reference section 10): on the trace, and on each live
// server's final data tree. A violation names the rule and the moment or node it concerns.
import type { ZooKeeperServer } from '../server/server.ts';
import type { TraceEvent } from '../trace/event.ts';

export interface Violation {
  rule: string;
  t: number | null;
  detail: string;
}

/** Each server commits txns in strictly increasing zxid order, without gaps within an epoch. */
function commitOrder(events: readonly TraceEvent[]): Violation[] {
  const out: Violation[] = [];
  const last = new Map<unknown, number>();
  for (const e of events) {
    if (e.kind === 'node.start' && typeof e.node === 'string') last.delete(Number(e.node.replace(/^zk/, '')));
    if (e.kind !== 'txn.commit') continue;
    const zxid = Number.parseInt(String(e.zxid), 16);
    const prev = last.get(e.server);
    if (
      prev !== undefined &&
      zxid !== prev + 1 &&
      Math.floor(zxid / 2 ** 32) === Math.floor(prev / 2 ** 32)
    ) {
      out.push({
        rule: 'zxid order',
        t: e.t,
        detail: `server ${e.server} committed ${e.zxid} after 0x${prev.toString(16)}`,
      });
    }
    last.set(e.server, zxid);
  }
  return out;
}

/** A client's session events follow the lifecycle: nothing is established after Closed or Expired. */
function sessionLifecycle(events: readonly TraceEvent[]): Violation[] {
  const out: Violation[] = [];
  const ended = new Set<unknown>();
  for (const e of events) {
    if (e.kind !== 'client.session') continue;
    if (ended.has(e.client))
      out.push({
        rule: 'session lifecycle',
        t: e.t,
        detail: `${e.client}: ${e.state} after its session ended`,
      });
    if (e.state === 'Closed' || e.state === 'Expired') ended.add(e.client);
  }
  return out;
}

/** Walks a server's tree: numChildren matches, ephemerals belong to live sessions, none has children. */
function treeConsistency(server: ZooKeeperServer): Violation[] {
  const out: Violation[] = [];
  const db = server.database;
  const live = db.sessionsWithTimeouts();
  const stack = ['/'];
  while (stack.length > 0) {
    const path = stack.pop()!;
    const node = db.peek(path);
    if (!node) continue;
    if (node.stat.numChildren !== node.children.length) {
      out.push({
        rule: 'numChildren',
        t: null,
        detail: `${server.id} ${path}: numChildren ${node.stat.numChildren} ≠ ${node.children.length}`,
      });
    }
    const owner = node.stat.ephemeralOwner;
    if (owner !== 0n && !live.has(owner)) {
      out.push({
        rule: 'ephemeral owner',
        t: null,
        detail: `${server.id} ${path}: owner 0x${owner.toString(16)} is not a live session`,
      });
    }
    if (owner !== 0n && node.children.length > 0) {
      out.push({
        rule: 'ephemeral children',
        t: null,
        detail: `${server.id} ${path} is ephemeral and has children`,
      });
    }
    for (const c of node.children) stack.push(path === '/' ? `/${c}` : `${path}/${c}`);
  }
  return out;
}

export function checkRun(events: readonly TraceEvent[], servers: readonly ZooKeeperServer[]): Violation[] {
  return [...commitOrder(events), ...sessionLifecycle(events), ...servers.flatMap(treeConsistency)];
}

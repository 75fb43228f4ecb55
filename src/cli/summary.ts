// The CLI's readable account of a run: who did what, and the final tree of each live server.
import { serverNodeId } from '../sim/node-id.ts';
import type { ZooKeeperServer } from '../sim/server/server.ts';
import { hex } from '../sim/trace/canonical.ts';
import type { TraceEvent } from '../sim/trace/event.ts';

/** One line of the timeline for an event, or null for an event the timeline leaves out. */
export function timelineLine(e: TraceEvent): string | null {
  const at = `${String(e.t).padStart(7)} ms`;
  switch (e.kind) {
    case 'client.reply': {
      const r = e.result;
      const shown = !e.ok
        ? `✗ ${e.err}`
        : r?.path && e.op === 'create'
          ? `→ ${r.path}`
          : r?.children
            ? `→ [${r.children.join(', ')}]`
            : r && 'data' in r
              ? `→ ${JSON.stringify(r.data)}`
              : '✓';
      return `${at}  ${e.client}: ${e.op} ${e.path ?? ''} ${shown}`;
    }
    case 'client.event':
      return e.type === 'None'
        ? `${at}  ${e.client}: session ${e.state}`
        : `${at}  ${e.client}: watch ${e.type} ${e.path}`;
    case 'client.session':
      return `${at}  ${e.client}: session ${hex(e.session)} ${e.state}${e.server === null ? '' : ` on ${serverNodeId(e.server)}`} (timeout ${e.timeout} ms)`;
    case 'server.session':
      return e.op === 'expire' ? `${at}  ${serverNodeId(e.server)}: session ${hex(e.session)} expired` : null;
    // A script's own output and its death belong in the account: a script that dies at line 2 must
    // not read like a quiet success (issue #15 item 19).
    case 'lua.log':
      // print() separates its arguments with tabs; a terminal-safe line would show them as \x09.
      return `${at}  ${e.client}: ${e.message.replaceAll('\t', '  ')}`;
    case 'lua.error':
      return `${at}  ${e.client}: SCRIPT FAILED (${e.reason}${e.line === null ? '' : `, line ${e.line}`}): ${e.message}`;
    case 'fault':
      return `${at}  fault: ${e.action} ${e.target ?? ''}`;
    case 'node.crash':
    case 'node.start':
      return `${at}  ${e.node}: ${e.kind === 'node.crash' ? 'crashed' : 'started'}`;
    default:
      return null;
  }
}

export function timeline(events: readonly TraceEvent[]): string[] {
  return events.map(timelineLine).filter((l): l is string => l !== null);
}

export function treeLines(server: ZooKeeperServer): string[] {
  const db = server.database;
  const lines: string[] = [];
  const walk = (path: string, name: string, depth: number) => {
    const node = db.peek(path);
    if (!node) return;
    const owner = node.ephemeralOwnerRaw;
    const tag = owner === 0n ? '' : owner < 0n ? ' [container/ttl]' : ` [ephemeral 0x${owner.toString(16)}]`;
    const data = node.data === null || node.data === '' ? '' : ` = ${JSON.stringify(node.data)}`;
    lines.push(`${'  '.repeat(depth)}${name}${data}${tag}`);
    for (const c of node.children) walk(path === '/' ? `/${c}` : `${path}/${c}`, c, depth + 1);
  };
  walk('/', '/', 0);
  return lines;
}

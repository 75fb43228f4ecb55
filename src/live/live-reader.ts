// A session of its own that reads the real ensemble for the page's views in Live mode: the znode
// tree with each node's Stat, data and ACL. It is not one of the scenario's clients (no script, no
// watches, no trace): a plain request/reply loop over the same codec, pipelined as ZooKeeper's
// ClientCnxn pipelines (requests written back to back, replies matched to xids in order), and
// closed with closeSession when the page is done with it, so it leaves nothing on the server.
import type { ErrorName } from '../sim/server/errors.ts';
import type { OpResult, Request } from '../sim/server/protocol.ts';
import { statForTrace } from '../sim/trace/format.ts';
import type { ZnodeView } from '../sim/view/types.ts';
import { byPath, permLetters } from '../sim/view/znode-view.ts';
import { WireCodec } from './codec.ts';
import { FrameSplitter } from './jute.ts';
import type { Connection, Transport } from './transport.ts';

export interface Answer {
  err: ErrorName | null;
  result: OpResult | null;
}

/** The session the reader asks for: long enough that a paused tab does not lose it between reads. */
const READER_TIMEOUT_MS = 30_000;
const CLOSE_XID = 0x7ffffff1;

export class LiveReader {
  private readonly codec = new WireCodec();
  private readonly frames = new FrameSplitter();
  private readonly waiting = new Map<number, (a: Answer) => void>();
  private nextXid = 1;
  private conn: Connection | null = null;
  private closed = false;
  /** The reader's own session (0x-hex), to leave it out of the views' client sessions. */
  session: string | null = null;

  private constructor(readonly server: number) {}

  /** Connects to server `server` (0-based) and resolves once the session is established. */
  static open(transport: Transport, server: number, withinMs = 5000): Promise<LiveReader> {
    const r = new LiveReader(server);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        r.close();
        reject(new Error(`server ${server + 1} did not answer a session request within ${withinMs} ms`));
      }, withinMs);
      r.conn = transport.connect(server, {
        open: () =>
          r.conn?.send(
            r.codec.encode({
              type: 'ConnectRequest',
              protocolVersion: 0,
              lastZxidSeen: 0,
              timeOut: READER_TIMEOUT_MS,
              sessionId: 0n,
              passwd: '',
            }),
          ),
        data: (bytes) => {
          for (const f of r.frames.push(bytes)) {
            const msg = r.codec.decode(f);
            if (msg?.type === 'ConnectResponse') {
              clearTimeout(timer);
              r.session = `0x${msg.sessionId.toString(16)}`;
              resolve(r);
            } else if (msg?.type === 'Reply') {
              r.waiting.get(msg.xid)?.({ err: msg.err, result: msg.result });
              r.waiting.delete(msg.xid);
            }
          }
        },
        close: () => {
          clearTimeout(timer);
          r.fail();
          reject(new Error(`server ${server + 1} closed the connection`));
        },
      });
    });
  }

  /** Whether the connection is still up (reads fail with ConnectionLoss once it is not). */
  get alive(): boolean {
    return !this.closed;
  }

  request(request: Request): Promise<Answer> {
    if (this.closed || !this.conn) return Promise.resolve({ err: 'ConnectionLoss', result: null });
    const xid = this.nextXid++;
    const answer = new Promise<Answer>((resolve) => this.waiting.set(xid, resolve));
    this.conn.send(this.codec.encode({ type: 'Request', xid, request }));
    return answer;
  }

  /** Ends the session on the server (its ephemerals, if any, go) and the connection. */
  close(): void {
    if (this.closed) return;
    if (this.conn && this.session !== null)
      this.conn.send(this.codec.encode({ type: 'CloseSession', xid: CLOSE_XID }));
    this.conn?.close();
    this.fail();
  }

  private fail(): void {
    this.closed = true;
    for (const w of this.waiting.values()) w({ err: 'ConnectionLoss', result: null });
    this.waiting.clear();
  }
}

export interface TreeRead {
  /** A parent before its children, siblings in code-unit order (as the simulator draws a tree). */
  tree: ZnodeView[];
  /** More znodes exist than were read (`limit`). */
  truncated: boolean;
  /** Each znode's children as read: what the next read may reuse (`previous`). */
  children: Map<string, string[]>;
}

/**
 * The tree under `root`, level by level: a level's getData requests go out together, then the
 * getChildren and getACL requests of the nodes that need them, so reading a tree takes two round
 * trips per level. With the `previous` read, a node whose Stat says its children and ACL are as
 * they were (same czxid, cversion and pzxid; same aversion) is not asked for them again: on an
 * idle tree a read is one getData per znode. A node deleted between the reads of its parent and
 * its own is left out (NoNode), as a later read would not show it either. Containers and TTL nodes
 * read as persistent: the server gives a client 0 as their ephemeralOwner
 * (DataTree#getClientEphemeralOwner), which is all a client can know of them.
 */
export async function readTree(
  reader: LiveReader,
  root = '/',
  limit = 2000,
  previous: TreeRead | null = null,
): Promise<TreeRead> {
  const before = new Map((previous?.tree ?? []).map((z) => [z.path, z]));
  const out: ZnodeView[] = [];
  const children = new Map<string, string[]>();
  let level = [root];
  let truncated = false;
  while (level.length > 0) {
    const room = limit - out.length;
    if (level.length > room) {
      truncated = true;
      level = level.slice(0, Math.max(0, room));
    }
    const data = await Promise.all(level.map((path) => reader.request({ op: 'get', path, watch: false })));
    const found: { path: string; stat: ZnodeView['stat']; data: string | null }[] = [];
    data.forEach((answer, i) => {
      const path = level[i]!;
      const stat = answer.result?.stat;
      if (answer.err !== null || !stat) {
        if (answer.err !== 'NoNode') throw new Error(`getData ${path}: ${answer.err ?? 'no Stat'}`);
        return;
      }
      found.push({ path, stat: statForTrace(stat), data: answer.result?.data ?? null });
    });
    const rest = await Promise.all(
      found.map(({ path, stat }) => {
        const was = before.get(path);
        const same = was !== undefined && was.stat.czxid === stat.czxid;
        const kids = previous?.children.get(path);
        const sameKids = same && kids && was.stat.cversion === stat.cversion && was.stat.pzxid === stat.pzxid;
        return Promise.all([
          sameKids ? kids : reader.request({ op: 'children', path, watch: false }).then(childrenOf(path)),
          same && was.stat.aversion === stat.aversion
            ? was.acl
            : reader.request({ op: 'get_acl', path }).then((a) =>
                (a.result?.acl ?? []).map((x) => ({
                  perms: permLetters(x.perms),
                  scheme: x.scheme,
                  id: x.id,
                })),
              ),
        ] as const);
      }),
    );
    const next: string[] = [];
    found.forEach(({ path, stat, data }, i) => {
      const [names, acl] = rest[i]!;
      out.push({
        path,
        data,
        stat,
        kind: stat.ephemeralOwner === '0x0' ? 'persistent' : 'ephemeral',
        ttl: null,
        sequential: /\d{10}$/.test(path),
        acl,
      });
      children.set(path, names);
      for (const name of names) next.push(path === '/' ? `/${name}` : `${path}/${name}`);
    });
    level = next;
  }
  out.sort((a, b) => byPath(a.path, b.path));
  return { tree: out, truncated, children };
}

/** getChildren's names; none when the node went in between (NoNode), as a later read would show. */
function childrenOf(path: string): (a: Answer) => string[] {
  return (a) => {
    if (a.err !== null && a.err !== 'NoNode') throw new Error(`getChildren ${path}: ${a.err}`);
    return a.result?.children ?? [];
  };
}

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
}

/**
 * The tree under `root`, level by level: each level's getData, getChildren and getACL requests go
 * out together, so reading a tree takes one round trip per level. A node deleted between the
 * reads of its parent and its own is left out (NoNode), as a later read would not show it either.
 * Containers and TTL nodes read as persistent: the server gives a client 0 as their
 * ephemeralOwner (DataTree#getClientEphemeralOwner), which is all a client can know of them.
 */
export async function readTree(reader: LiveReader, root = '/', limit = 2000): Promise<TreeRead> {
  const out: ZnodeView[] = [];
  let level = [root];
  let truncated = false;
  while (level.length > 0) {
    const room = limit - out.length;
    if (level.length > room) {
      truncated = true;
      level = level.slice(0, Math.max(0, room));
    }
    const answers = await Promise.all(
      level.map((path) =>
        Promise.all([
          reader.request({ op: 'get', path, watch: false }),
          reader.request({ op: 'children', path, watch: false }),
          reader.request({ op: 'get_acl', path }),
        ]),
      ),
    );
    const next: string[] = [];
    answers.forEach(([data, children, acl], i) => {
      const path = level[i]!;
      const stat = data.result?.stat;
      if (data.err !== null || !stat) {
        if (data.err !== 'NoNode') throw new Error(`getData ${path}: ${data.err ?? 'no Stat'}`);
        return;
      }
      const owner = statForTrace(stat).ephemeralOwner;
      out.push({
        path,
        data: data.result?.data ?? null,
        stat: statForTrace(stat),
        kind: owner === '0x0' ? 'persistent' : 'ephemeral',
        ttl: null,
        sequential: /\d{10}$/.test(path),
        acl: (acl.result?.acl ?? []).map((a) => ({
          perms: permLetters(a.perms),
          scheme: a.scheme,
          id: a.id,
        })),
      });
      for (const name of children.result?.children ?? [])
        next.push(path === '/' ? `/${name}` : `${path}/${name}`);
    });
    level = next;
  }
  out.sort((a, b) => byPath(a.path, b.path));
  return { tree: out, truncated };
}

// Sessions a live run leaves behind are closed on the server, not left to expire: a session whose
// script ended with it open, one whose connection the server dropped (AuthFailed), one cut off by
// the run's end. Each gets a connection of its own that takes the session over (ConnectRequest
// with its id and password, as ClientCnxn does on a reconnect) and sends closeSession, so its
// ephemerals go now and no expiry lands in whatever runs on the ensemble next.
import type { SessionId } from '../sim/server/protocol.ts';
import { WireCodec } from './codec.ts';
import { FrameSplitter } from './jute.ts';
import type { Transport } from './transport.ts';

export interface OpenSession {
  sessionId: SessionId;
  passwd: string;
  /** The server (0-based) it was last connected to. */
  server: number;
  timeout: number;
}

/** An xid no client uses. */
const CLOSE_XID = 0x7ffffff0;

/** Closes each session; resolves when all are closed or `withinMs` has passed. */
export function closeSessions(
  transport: Transport,
  sessions: readonly OpenSession[],
  withinMs = 3000,
): Promise<void> {
  return new Promise((resolve) => {
    let left = sessions.length;
    if (left === 0) {
      resolve();
      return;
    }
    const conns: { close(): void }[] = [];
    const timer = setTimeout(finish, withinMs);
    function finish(): void {
      clearTimeout(timer);
      for (const c of conns) c.close();
      resolve();
    }
    const done = () => {
      left--;
      if (left === 0) finish();
    };
    for (const s of sessions) {
      const codec = new WireCodec();
      const frames = new FrameSplitter();
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        done();
      };
      const conn = transport.connect(s.server, {
        open: () =>
          conn.send(
            codec.encode({
              type: 'ConnectRequest',
              protocolVersion: 0,
              lastZxidSeen: 0,
              timeOut: s.timeout,
              sessionId: s.sessionId,
              passwd: s.passwd,
            }),
          ),
        data: (bytes) => {
          for (const f of frames.push(bytes)) {
            const msg = codec.decode(f);
            if (msg?.type === 'ConnectResponse') {
              // timeOut ≤ 0: the session had already expired; nothing to close.
              if (msg.timeOut <= 0) end();
              else conn.send(codec.encode({ type: 'CloseSession', xid: CLOSE_XID }));
            } else if (msg?.type === 'CloseSessionReply') end();
          }
        },
        close: end,
      });
      conns.push(conn);
    }
  });
}

// The parts of a client's picture that do not depend on what drives it (a JSON program or a Lua
// script): its session, the session's state and the server it is connected to.
import { type ClientSession, pathOf } from '../client/client-session.ts';
import type { Request } from '../server/protocol.ts';
import { hex } from '../trace/canonical.ts';
import type { ClientView } from './types.ts';

export type SessionPart = Pick<ClientView, 'session' | 'state' | 'server'>;

export function sessionView(s: ClientSession): SessionPart {
  return {
    // 0 until the first ConnectResponse gives the client its session.
    session: s.session === 0n ? null : hex(s.session),
    state: s.state === 'CLOSED' ? (s.expired ? 'EXPIRED' : 'CLOSED') : s.state,
    server: s.connectedTo,
  };
}

/** What a client waits for while `action` is outstanding. */
export function waitingOn(action: Request | { op: 'sleep' | 'close' }): NonNullable<ClientView['waitingOn']> {
  if (action.op === 'sleep' || action.op === 'close') return { op: action.op, path: null };
  return { op: action.op, path: pathOf(action as Request) };
}

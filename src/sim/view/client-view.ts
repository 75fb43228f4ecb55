// A client's own picture, whatever drives it (a JSON program or a Lua script): its session, the
// session's state, the server it is connected to, and where its program is.
import { type ClientSession, pathOf } from '../client/client-session.ts';
import type { Request } from '../server/protocol.ts';
import { hex } from '../trace/canonical.ts';
import type { ClientOwnView, ClientView } from './types.ts';

/**
 * The client's picture, or `last` when nothing in it changed: pictures are taken after every input
 * a client handles, and an unchanged client then costs no new object and compares by identity.
 * Composed field by field: one shape for every client picture. Where its program is: what it waits
 * on, at which line, and how its script is doing.
 */
export function clientOwnView(
  node: string,
  s: ClientSession,
  w: ClientView['waitingOn'],
  line: number | null,
  script: ClientView['script'],
  error: string | null,
  last: ClientOwnView | undefined,
): ClientOwnView {
  // 0 until the first ConnectResponse gives the client its session.
  const session = s.session === 0n ? null : hex(s.session);
  const state = s.state === 'CLOSED' ? (s.expired ? 'EXPIRED' : 'CLOSED') : s.state;
  if (
    last !== undefined &&
    last.session === session &&
    last.state === state &&
    last.server === s.connectedTo &&
    last.line === line &&
    last.script === script &&
    last.error === error &&
    (last.waitingOn === w ||
      (last.waitingOn !== null && w !== null && last.waitingOn.op === w.op && last.waitingOn.path === w.path))
  )
    return last;
  return {
    node,
    session,
    state,
    server: s.connectedTo,
    waitingOn: w === null ? null : { op: w.op, path: w.path },
    line,
    script,
    error,
  };
}

/** What a client waits for while `action` is outstanding. */
export function waitingOn(action: Request | { op: 'sleep' | 'close' }): NonNullable<ClientView['waitingOn']> {
  if (action.op === 'sleep' || action.op === 'close') return { op: action.op, path: null };
  return { op: action.op, path: pathOf(action as Request) };
}

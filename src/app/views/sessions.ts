// Which client owns a session, and each client's colour: ephemeral nodes carry only the owner's
// session id, watches only the watcher's. Current sessions come from the clients' pictures; older
// ones (a client that restarted or moved on) from the trace's client.session events.
import { hex } from '../../sim/trace/canonical.ts';
import type { TraceEvent } from '../../sim/trace/event.ts';
import type { ClientView } from '../../sim/view/types.ts';
import { clientColor } from '../theme/palette.ts';

export function sessionOwners(
  clients: readonly ClientView[],
  events: readonly TraceEvent[],
  sessionIndexes: readonly number[],
): Map<string, string> {
  const owners = new Map<string, string>();
  for (const i of sessionIndexes) {
    const e = events[i]!;
    if (e.kind === 'client.session') owners.set(hex(e.session), e.client);
  }
  for (const c of clients) if (c.session !== null) owners.set(c.session, c.node);
  return owners;
}

/** A colour per client name, in the order the world lists the clients (the scenario's order). */
export function clientColors(clients: readonly { node: string }[]): Map<string, string> {
  return new Map(clients.map((c, i) => [c.node, clientColor(i)]));
}

/** 0x200000000000001 → 0x2…01: enough to tell sessions apart on a projector. */
export function shortSession(session: string): string {
  const hex = session.replace(/^0x/, '');
  if (hex.length <= 6) return session;
  return `0x${hex.slice(0, 1)}…${hex.slice(-2)}`;
}

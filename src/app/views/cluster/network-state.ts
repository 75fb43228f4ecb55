// The network as the trace says it is at the cursor: partition groups, one-way cuts, and links with
// extra delay or a drop rate (faults stay on a link until changed; `heal` clears partitions and
// cuts only, as src/sim/kernel/network.ts does).
import type { EventOf, TraceEvent } from '../../../sim/trace/event.ts';

export interface LinkFault {
  from: string;
  to: string;
  delay: number;
  drop: number;
}

export interface NetworkState {
  /** The partition's groups as the fault listed them, or null when the network is whole. */
  groups: string[][] | null;
  /** One-way cuts "from>to". */
  cuts: Set<string>;
  /** Links with a delay or drop rate, keyed "from>to". */
  links: Map<string, LinkFault>;
}

export const NETWORK_KINDS = new Set(['net.partition', 'net.heal', 'net.cut', 'net.uncut', 'fault']);

export const linkKey = (from: string, to: string) => `${from}>${to}`;

/** Folds the network-changing events (in trace order) up to and including `cursorIndex - 1`. */
export function networkAt(events: readonly TraceEvent[], indexes: readonly number[], cursorIndex: number) {
  const state: NetworkState = { groups: null, cuts: new Set(), links: new Map() };
  for (const i of indexes) {
    if (i >= cursorIndex) break;
    apply(state, events[i]!);
  }
  return state;
}

function apply(s: NetworkState, e: TraceEvent): void {
  switch (e.kind) {
    case 'net.partition':
      s.groups = e.groups.map((g) => [...g]);
      return;
    case 'net.heal':
      s.groups = null;
      s.cuts.clear();
      return;
    case 'net.cut':
      s.cuts.add(linkKey(e.from, e.to));
      return;
    case 'net.uncut':
      s.cuts.delete(linkKey(e.from, e.to));
      return;
    case 'fault':
      if (e.action === 'delay' || e.action === 'drop') linkFault(s, e);
      return;
  }
}

function linkFault(s: NetworkState, e: Extract<EventOf<'fault'>, { action: 'delay' | 'drop' }>): void {
  const { from, to } = e;
  const key = linkKey(from, to);
  const old = s.links.get(key) ?? { from, to, delay: 0, drop: 0 };
  const next = e.action === 'delay' ? { ...old, delay: e.ms } : { ...old, drop: e.rate };
  if (next.delay === 0 && next.drop === 0) s.links.delete(key);
  else s.links.set(key, next);
}

/** The partition group a node is in (nodes no group lists share one implicit group, -1). */
export function groupOf(state: NetworkState, node: string): number {
  if (state.groups === null) return -1;
  return state.groups.findIndex((g) => g.includes(node));
}

/** Can `a` and `b` talk (both directions, as a TCP connection needs)? */
export function connected(state: NetworkState, a: string, b: string): boolean {
  if (groupOf(state, a) !== groupOf(state, b)) return false;
  return !state.cuts.has(linkKey(a, b)) && !state.cuts.has(linkKey(b, a));
}

// What a lesson step points at (Step.highlight), made concrete at the cursor: each named server,
// client, znode or message with what the picture says of it there, and the page-wide emphasis —
// a style sheet outlining that server or client wherever a view draws it (by the data attributes
// the views already carry), so no view needs to know about lessons.

import type { Highlight, Lang } from '../../lessons/types.ts';
import type { TraceEvent } from '../../sim/trace/event.ts';
import type { WorldView } from '../../sim/view/types.ts';
import { messagesOf } from '../i18n/catalogs.ts';
import { type FlightPattern, flightMatches, flightsAt } from '../views/cluster/in-flight.ts';
import { zxidShort } from '../views/cluster/zxid.ts';

export interface SpotItem {
  kind: 'server' | 'client' | 'znode' | 'message';
  /** What the step names (zk1, c2, /lock, PROPOSAL zk3→zk1). */
  name: string;
  /** Its state at the cursor, in a few words. */
  facts: string;
}

export function spotItems(
  highlights: readonly Highlight[],
  view: WorldView,
  events: readonly TraceEvent[],
  cursorIndex: number,
  lang: Lang,
): SpotItem[] {
  const w = messagesOf(lang).spotlight;
  return highlights.map((h) => {
    if ('server' in h) {
      const s = view.servers.find((x) => x.node === h.server);
      const facts = !s?.up
        ? w.down
        : [s.role, `e${s.currentEpoch}`, zxidShort(s.lastZxid)].filter(Boolean).join(' · ');
      return { kind: 'server', name: h.server, facts };
    }
    if ('client' in h) {
      const c = view.clients.find((x) => x.node === h.client);
      const facts = !c?.up ? w.down : [c.state, c.server].filter(Boolean).join(' · ');
      return { kind: 'client', name: h.client, facts };
    }
    if ('znode' in h) {
      // As the servers that are up agree on it: the leader's (or the first up server's) tree.
      const s = view.servers.find((x) => x.up && x.role === 'LEADING') ?? view.servers.find((x) => x.up);
      const z = s?.tree.find((n) => n.path === h.znode);
      const facts = !z
        ? w.absent
        : `${z.data === null ? w.noData : JSON.stringify(z.data)} · ${w.version} ${z.stat.version}`;
      return { kind: 'znode', name: h.znode, facts };
    }
    const t = view.t;
    const on = flightsAt(events, cursorIndex, t, { minFlight: 0 }).filter((f) =>
      flightMatches(f, messagePattern(h)),
    );
    const link = h.from || h.to ? ` ${h.from ?? '*'}→${h.to ?? '*'}` : '';
    return {
      kind: 'message',
      name: `${h.message}${link}`,
      facts: on.length > 0 ? w.wire(on.length) : w.none,
    };
  });
}

/** A step's message highlight as the ring matches it. */
export function messagePattern(h: Extract<Highlight, { message: string }>): FlightPattern {
  return { type: h.message, ...(h.from ? { from: h.from } : {}), ...(h.to ? { to: h.to } : {}) };
}

/** The messages a step points at, for the ring to ring them (none for a step that names none). */
export function messagePatterns(highlights: readonly Highlight[] | undefined): FlightPattern[] {
  return (highlights ?? []).flatMap((h) => ('message' in h ? [messagePattern(h)] : []));
}

/** Only names a CSS attribute selector can carry safely (node ids are like zk1, c2, writer). */
const SAFE = /^[A-Za-z0-9_.-]+$/;
const SAFE_PATH = /^\/[A-Za-z0-9_.\-/]*$/;

/**
 * A style sheet that outlines each named server and client wherever the page draws it: the ring
 * (ring-server, ring-client), the clients table, the lock queue, the Log tails columns and countdowns,
 * and each named znode's row in the tree.
 */
export function spotlightCss(highlights: readonly Highlight[]): string {
  const rules: string[] = [];
  for (const h of highlights) {
    if ('server' in h && SAFE.test(h.server)) {
      rules.push(
        `[data-testid="ring-server"][data-node="${h.server}"]{filter:drop-shadow(0 0 6px var(--focus)) drop-shadow(0 0 2px var(--focus))}`,
        `[data-testid="logtail-column"][data-node="${h.server}"],[data-testid="countdown"][data-node="${h.server}"]{outline:3px solid var(--focus);outline-offset:-3px}`,
      );
    }
    if ('client' in h && SAFE.test(h.client)) {
      rules.push(
        `[data-testid="ring-client"][data-node="${h.client}"]{filter:drop-shadow(0 0 6px var(--focus)) drop-shadow(0 0 2px var(--focus))}`,
        `[data-testid="client-row"][data-client="${h.client}"],[data-testid="lock-contender"][data-client="${h.client}"],[data-testid="countdown"][data-node="${h.client}"]{outline:3px solid var(--focus);outline-offset:-3px}`,
      );
    }
    if ('znode' in h && SAFE_PATH.test(h.znode))
      rules.push(
        `[data-testid="tree-row"][data-path="${h.znode}"]{filter:drop-shadow(0 0 4px var(--focus)) drop-shadow(0 0 2px var(--focus))}`,
      );
  }
  return rules.join('\n');
}

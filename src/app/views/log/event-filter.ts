// The log's filter: which kinds and which nodes are hidden, and a text to search for. Hidden sets
// (rather than shown ones) so that a kind or a node that appears later is shown by default.
import type { TraceEvent } from '../../../sim/trace/event.ts';
import { eventNodes } from './event-nodes.ts';

export interface EventFilter {
  hiddenKinds: ReadonlySet<string>;
  hiddenNodes: ReadonlySet<string>;
  /** Searched, case-insensitively, in the event's kind and its one-line summary. */
  text: string;
}

export const NO_FILTER: EventFilter = { hiddenKinds: new Set(), hiddenNodes: new Set(), text: '' };

export function isFiltering(f: EventFilter): boolean {
  return f.hiddenKinds.size > 0 || f.hiddenNodes.size > 0 || f.text.trim() !== '';
}

/** An event that names no node passes the node filter; one that does passes if any of them is shown. */
export function passesNodes(e: TraceEvent, hidden: ReadonlySet<string>): boolean {
  if (hidden.size === 0) return true;
  const nodes = eventNodes(e);
  return nodes.length === 0 || nodes.some((n) => !hidden.has(n));
}

/**
 * `searchText` gives the lower-cased text of the event (kind and summary); it is only asked for
 * when the other filters pass and there is a text to search.
 */
export function matchesFilter(e: TraceEvent, f: EventFilter, searchText: () => string): boolean {
  if (f.hiddenKinds.has(e.kind)) return false;
  if (!passesNodes(e, f.hiddenNodes)) return false;
  const needle = f.text.trim().toLowerCase();
  return needle === '' || searchText().includes(needle);
}

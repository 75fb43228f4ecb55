// One toggle of a filter row (FilterChips.svelte) and the set operations behind the toggles.
export interface Chip {
  key: string;
  label: string;
  /** A swatch in the item's colour (the palette's), next to the label. */
  color?: string;
  count?: number;
}

/** Show a hidden key, hide a shown one. */
export function toggled(hidden: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(hidden);
  if (!next.delete(key)) next.add(key);
  return next;
}

/** Show only `key` — or, when it is already the only one shown, show everything again. */
export function soloed(hidden: ReadonlySet<string>, key: string, all: readonly string[]): Set<string> {
  const alone = all.every((k) => (k === key ? !hidden.has(k) : hidden.has(k)));
  return alone ? new Set() : new Set(all.filter((k) => k !== key));
}

// "Did you mean …?": the known word closest to a misspelt one (an unknown key, op, action or bug
// name), by an edit distance that counts a swap of neighbours as one edit.

/** "Did you mean …?" looks only at words up to this long (every key and name it offers is shorter). */
const MAX_SUGGEST_CHARS = 64;

/** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, at(i - 2, j - 2) + 1);
      rows[i]![j] = d;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate closest to `word` (case-insensitively), if it is close enough to be a likely typo.
 * The distance is quadratic in the lengths, so only short words are compared: a word whose length
 * differs from a candidate's by more than the allowed distance cannot be within it anyway.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_SUGGEST_CHARS) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const limit = Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3));
    if (candidate.length > MAX_SUGGEST_CHARS || Math.abs(word.length - candidate.length) > limit) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

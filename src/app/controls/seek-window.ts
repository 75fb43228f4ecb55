// The seek bar's scale and keys (issue #15 item 4). A run of 120 s whose story is told in its first
// seconds gets a bar that spans where things happen — the cursor and the landmarks, with room to
// spare, rounded to a readable length — so a pixel is milliseconds, not a tenth of a second; the
// reader can switch to the whole run. Keys move by event, by 100 ms and by 1 s.

/** Readable lengths for the zoomed bar (ms). */
const NICE = [2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

/** The end of the zoomed bar: the cursor and the last landmark fit with a quarter to spare. */
export function zoomedSpan(t: number, landmarks: readonly { t: number }[], duration: number): number {
  let last = t;
  for (const m of landmarks) if (m.t > last) last = m.t;
  const want = Math.max(NICE[0]!, last * 1.25);
  return Math.min(duration, NICE.find((n) => n >= want) ?? duration);
}

/** The time under a pointer x pixels from the bar's left edge, on a bar `width` px wide. */
export function timeAt(x: number, width: number, span: number): number {
  if (width <= 0) return 0;
  return Math.round(Math.min(1, Math.max(0, x / width)) * span);
}

export type SeekMove = { to: number } | { step: 1 | -1 };

/**
 * What a key does on the focused seek bar: ←/→ the previous/next event (a step, which computes
 * further when needed), ↓/↑ 100 ms, PageUp/PageDown and Shift+←/→ 1 s (PageDown forward, as a
 * presenter's clicker means it), Home/End the start and the end of the run.
 */
export function seekKey(key: string, shift: boolean, t: number, duration: number): SeekMove | null {
  const to = (ms: number) => ({ to: Math.min(duration, Math.max(0, ms)) });
  switch (key) {
    case 'ArrowRight':
      return shift ? to(t + 1_000) : { step: 1 };
    case 'ArrowLeft':
      return shift ? to(t - 1_000) : { step: -1 };
    case 'ArrowUp':
      return to(t + 100);
    case 'ArrowDown':
      return to(t - 100);
    case 'PageDown':
      return to(t + 1_000);
    case 'PageUp':
      return to(t - 1_000);
    case 'Home':
      return to(0);
    case 'End':
      return to(duration);
  }
  return null;
}

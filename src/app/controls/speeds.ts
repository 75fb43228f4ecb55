// Play speeds: virtual ms per real ms. Slow motion for elections (a vote takes a few ms), fast for
// sessions expiring; "max" computes as fast as the machine can.
export interface Speed {
  label: string;
  value: number;
}

export const SPEEDS: Speed[] = [
  { label: '0.05×', value: 0.05 },
  { label: '0.1×', value: 0.1 },
  { label: '0.25×', value: 0.25 },
  { label: '0.5×', value: 0.5 },
  { label: '1×', value: 1 },
  { label: '2×', value: 2 },
  { label: '5×', value: 5 },
  { label: '10×', value: 10 },
  { label: '100×', value: 100 },
  { label: '1000×', value: 1000 },
  { label: 'max', value: Number.POSITIVE_INFINITY },
];

/** The welcome run starts slow enough to watch the election's messages. */
export const DEFAULT_SPEED = 0.25;

/** The next speed up (+1) or down (-1) from `value`, staying within the list. */
export function nextSpeed(value: number, dir: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s.value >= value);
  const at = i < 0 ? SPEEDS.length - 1 : i;
  const j = Math.max(0, Math.min(SPEEDS.length - 1, at + dir));
  return SPEEDS[j]!.value;
}

export function speedLabel(value: number): string {
  return SPEEDS.find((s) => s.value === value)?.label ?? `${value}×`;
}

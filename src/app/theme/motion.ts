// prefers-reduced-motion: when the reader asks for less motion, transitions take no time (state
// still changes; nothing slides, fades or pulses). Messages still sit where the cursor time puts
// them: their position is data, not decoration.
import { MediaQuery } from 'svelte/reactivity';

const reduce = new MediaQuery('prefers-reduced-motion: reduce', false);

export function reducedMotion(): boolean {
  return reduce.current;
}

/** `ms`, or 0 when motion is reduced. */
export function motionMs(ms: number): number {
  return reduce.current ? 0 : ms;
}

/**
 * Above this speed, views that animate a change (the lock queue sliding up) show it at once: the
 * next change comes before an animation could end, and measuring rows for one costs every frame.
 */
export const MAX_ANIMATED_SPEED = 4;

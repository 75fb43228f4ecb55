// The keyboard, for a presenter: Space and "." toggle play (a clicker's "blank screen" key sends
// "."), the arrows and PageUp/PageDown (a clicker's back/next) step, letters step to the next
// moment of a kind. Keys typed into a field, or meant for a focused button, are left alone.

import type { StepTarget } from '../../conductor/run-control.ts';
import { isActivationKey } from './activate.ts';

export type KeyAction =
  | { type: 'toggle' }
  | { type: 'step'; target: StepTarget }
  | { type: 'back' }
  | { type: 'speed'; dir: 1 | -1 }
  | { type: 'start' }
  | { type: 'deselect' };

const TARGET_KEYS: Record<string, StepTarget> = {
  e: 'election',
  c: 'commit',
  w: 'watch',
  h: 'handover',
  v: 'violation',
};

export function keyAction(
  key: string,
  mods: { ctrl: boolean; meta: boolean; alt: boolean },
): KeyAction | null {
  if (mods.ctrl || mods.meta || mods.alt) return null;
  switch (key) {
    case ' ':
    case '.':
    case 'k':
      return { type: 'toggle' };
    case 'ArrowRight':
    case 'PageDown':
      return { type: 'step', target: 'event' };
    case 'ArrowLeft':
    case 'PageUp':
      return { type: 'back' };
    case '+':
    case '=':
    case ']':
      return { type: 'speed', dir: 1 };
    case '-':
    case '[':
      return { type: 'speed', dir: -1 };
    case 'Home':
      return { type: 'start' };
    case 'Escape':
      return { type: 'deselect' };
  }
  const target = TARGET_KEYS[key.toLowerCase()];
  return target ? { type: 'step', target } : null;
}

/** Keys go to the page unless the focus is where typing or pressing means something else. */
export function ownsKeys(target: EventTarget | null, key: string): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  if (el.closest('input, select, textarea, [contenteditable], .monaco-editor')) return true;
  // Space and Enter press a focused button or pick a focused node; other keys still work there.
  return isActivationKey(key) && el.closest('button, [role="button"], a, summary') !== null;
}

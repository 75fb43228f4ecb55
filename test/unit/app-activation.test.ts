// Enter and Space activate what the page draws as a button (src/app/controls/activate.ts), as they
// do a native <button>; other keys pass through untouched.
import { describe, expect, it } from 'vitest';
import { isActivationKey, onActivationKey } from '../../src/app/controls/activate.ts';

function press(key: string): { event: KeyboardEvent; prevented: () => boolean } {
  let prevented = false;
  const event = { key, preventDefault: () => (prevented = true) } as unknown as KeyboardEvent;
  return { event, prevented: () => prevented };
}

describe('activation keys', () => {
  it('Enter and Space run the handler and keep their default (a scroll) from happening', () => {
    for (const key of ['Enter', ' ']) {
      let ran = 0;
      const p = press(key);
      onActivationKey(() => ran++)(p.event);
      expect(ran, key).toBe(1);
      expect(p.prevented(), key).toBe(true);
      expect(isActivationKey(key)).toBe(true);
    }
  });

  it('any other key does nothing and is left to the page (arrows, Escape, letters)', () => {
    for (const key of ['ArrowLeft', 'Escape', 'a', 'Tab', 'Spacebar']) {
      let ran = 0;
      const p = press(key);
      onActivationKey(() => ran++)(p.event);
      expect(ran, key).toBe(0);
      expect(p.prevented(), key).toBe(false);
    }
  });
});

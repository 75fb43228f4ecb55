// Real time for the conductor: animation frames where there are any (the page, and dedicated
// workers in Chromium), else a 16 ms timer.
import type { Ticker } from './conductor.ts';

export const frameTicker: Ticker = {
  now: () => performance.now(),
  request(tick) {
    if (typeof requestAnimationFrame === 'function') {
      const id = requestAnimationFrame(() => tick());
      return () => cancelAnimationFrame(id);
    }
    const id = setTimeout(tick, 16);
    return () => clearTimeout(id);
  },
};

// SessionTracker#stamp (view-only): it moves exactly when what a picture of the sessions shows may
// have changed, so the views draw the session table again only then.
import { describe, expect, it } from 'vitest';
import { SessionTracker } from '../../src/sim/server/session-tracker.ts';

describe('SessionTracker stamp', () => {
  it('moves on every change of a session, and only then', () => {
    const t = new SessionTracker(1, 0, 100);
    const moved = (f: () => unknown) => {
      const before = t.stamp;
      f();
      return t.stamp !== before;
    };
    expect(moved(() => t.track(1n, 1000, 0))).toBe(true); // due at 1100
    expect(moved(() => t.touch(1n, 50))).toBe(false); // still due at 1100
    expect(moved(() => t.touch(1n, 250))).toBe(true); // due at 1300
    expect(moved(() => [t.isLive(1n), t.expiresAt(1n), t.timeout(1n), t.ids()])).toBe(false);
    expect(moved(() => t.touch(2n, 250))).toBe(false); // unknown session
    expect(moved(() => t.expireAt(1n, 400))).toBe(true);
    expect(moved(() => t.expire(300))).toBe(false); // nothing due yet
    expect(moved(() => t.expire(400))).toBe(true);
    expect(moved(() => t.setClosing(1n))).toBe(false); // already closing
    expect(moved(() => t.remove(1n))).toBe(true);
    expect(moved(() => t.remove(1n))).toBe(false);
    t.track(3n, 1000, 0);
    expect(moved(() => t.setClosing(3n))).toBe(true);
    expect(moved(() => t.reset(new Map([[4n, 1000]]), 0))).toBe(true);
  });
});

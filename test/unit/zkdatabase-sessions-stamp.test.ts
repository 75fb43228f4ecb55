// ZkDatabase#sessionsStamp moves exactly when the replicated session table may have changed, and
// differs between databases, so a view can key its session list on it (issue #13, the views' cost).
import { describe, expect, it } from 'vitest';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';
import { DbHarness } from '../support/db-harness.ts';

describe('ZkDatabase#sessionsStamp', () => {
  it('moves on createSession and closeSession txns, not on other txns', () => {
    const h = new DbHarness();
    const s0 = h.db.sessionsStamp();
    const ctx = h.session(0x100n);
    const s1 = h.db.sessionsStamp();
    expect(s1).not.toBe(s0);
    h.create(ctx, '/a');
    h.set(ctx, '/a');
    h.del(ctx, '/a');
    expect(h.db.sessionsStamp()).toBe(s1);
    h.close(ctx);
    expect(h.db.sessionsStamp()).not.toBe(s1);
    expect(h.db.sessionsWithTimeouts().size).toBe(0);
  });

  it('differs between databases, one loaded from a snapshot included', () => {
    const h = new DbHarness();
    h.session(0x200n);
    const loaded = ZkDatabase.fromSnapshot(h.cfg, h.db.snapshot());
    expect(loaded.sessionsWithTimeouts()).toEqual(h.db.sessionsWithTimeouts());
    expect(loaded.sessionsStamp()).not.toBe(h.db.sessionsStamp());
    expect(new ZkDatabase(h.cfg).sessionsStamp()).not.toBe(loaded.sessionsStamp());
  });
});

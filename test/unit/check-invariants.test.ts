import { describe, expect, it } from 'vitest';
import { checkRun } from '../../src/sim/check/invariants.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';

describe('run checker', () => {
  it('accepts gap-free increasing commits and flags a skipped or repeated zxid', () => {
    const commits = (zxids: string[]): TraceEvent[] =>
      zxids.map((zxid, t) => ({ t, kind: 'txn.commit', server: 1, zxid, type: 'create2' }));
    expect(checkRun(commits(['0x1', '0x2', '0x3']), [])).toEqual([]);
    expect(checkRun(commits(['0x1', '0x3']), []).map((v) => v.rule)).toEqual(['zxid order']);
    expect(checkRun(commits(['0x1', '0x2', '0x2']), []).map((v) => v.rule)).toEqual(['zxid order']);
  });

  it('flags a session re-established after it ended', () => {
    const ev = (t: number, state: string): TraceEvent => ({ t, kind: 'client.session', client: 'a', state });
    expect(checkRun([ev(1, 'SyncConnected'), ev(2, 'Closed')], [])).toEqual([]);
    expect(checkRun([ev(1, 'SyncConnected'), ev(2, 'Expired'), ev(3, 'SyncConnected')], [])[0]?.rule).toBe(
      'session lifecycle',
    );
  });
});

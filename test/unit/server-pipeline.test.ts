// The pipeline stages on their own: CommitProcessor's per-session order (a read waits for the
// session's earlier writes, never for another session's) and its pending requests.
import { describe, expect, it } from 'vitest';
import { CommitProcessor } from '../../src/sim/server/commit-processor.ts';

describe('CommitProcessor', () => {
  it('runs a read only after the writes its session sent before it are completed', () => {
    const cp = new CommitProcessor();
    const ran: string[] = [];
    cp.sequenced(1n, true, () => ran.push('w1'));
    cp.sequenced(1n, false, () => ran.push('r1 after w1'));
    cp.sequenced(1n, true, () => ran.push('w2'));
    cp.sequenced(1n, false, () => ran.push('r2 after w2'));
    // Writes go down the pipeline at once; reads wait.
    expect(ran).toEqual(['w1', 'w2']);
    cp.completed(1n);
    expect(ran).toEqual(['w1', 'w2', 'r1 after w1']);
    cp.completed(1n);
    expect(ran).toEqual(['w1', 'w2', 'r1 after w1', 'r2 after w2']);
  });

  it('keeps reads in order behind a waiting read, and never makes one session wait for another', () => {
    const cp = new CommitProcessor();
    const ran: string[] = [];
    cp.sequenced(1n, true, () => ran.push('w'));
    cp.sequenced(1n, false, () => ran.push('r1'));
    cp.sequenced(2n, false, () => ran.push('other session'));
    expect(ran).toEqual(['w', 'other session']);
    cp.completed(1n);
    cp.sequenced(1n, false, () => ran.push('r2'));
    expect(ran).toEqual(['w', 'other session', 'r1', 'r2']);
  });

  it('hands a pending request to the txn that answers it once, and only of the kind asked for', () => {
    const cp = new CommitProcessor();
    cp.expect(1n, 5, { kind: 'reply', conn: 3, xid: 5, op: 'create' });
    cp.expect(1n, 0, { kind: 'connect', conn: 3, timeout: 4000 });
    expect(cp.outstanding()).toBe(1);
    expect(cp.take(1n, 0, 'reply')).toBeUndefined();
    expect(cp.take(1n, 5)).toEqual({ kind: 'reply', conn: 3, xid: 5, op: 'create' });
    expect(cp.take(1n, 5)).toBeUndefined();
    expect(cp.outstanding()).toBe(0);
    cp.clear();
    expect(cp.take(1n, 0)).toBeUndefined();
  });

  it('drops a closed session’s queued reads', () => {
    const cp = new CommitProcessor();
    const ran: string[] = [];
    cp.sequenced(1n, true, () => ran.push('w'));
    cp.sequenced(1n, false, () => ran.push('r'));
    cp.forget(1n);
    cp.completed(1n);
    expect(ran).toEqual(['w']);
  });
});

// TailEntries: a txn's log entry is the one drawn last time while the txn stays in the tail in the
// same state, and is drawn anew when its state changes, after it left the tail, or in a tail that
// goes back.
import { describe, expect, it } from 'vitest';
import type { Txn } from '../../src/sim/server/txn.ts';
import { TailEntries } from '../../src/sim/view/tail-entries.ts';

const txn = (zxid: number): Txn => ({
  hdr: { clientId: 1n, cxid: zxid, zxid, time: 0, type: 'setData' },
  body: { path: `/n${zxid}`, data: '', version: zxid },
});

function draw(tails: TailEntries, items: [Txn, boolean, number[] | null][]) {
  tails.begin();
  const out = items.map(([t, committed, acks]) => tails.entry(t, committed, true, acks));
  tails.end();
  return out;
}

describe('TailEntries', () => {
  it('keeps an entry while its txn stays in the tail in the same state', () => {
    const tails = new TailEntries();
    const [a, b, c] = [txn(1), txn(2), txn(3)];
    const first = draw(tails, [
      [a, true, null],
      [b, false, [1]],
    ]);
    expect(first[0]).toMatchObject({
      zxid: '0x1',
      type: 'setData',
      path: '/n1',
      committed: true,
      acks: null,
    });
    // The tail moved on by one txn: a left, b is the same, c is new.
    const second = draw(tails, [
      [b, false, [1]],
      [c, false, [1]],
    ]);
    expect(second[0]).toBe(first[1]);
    expect(second[1]).toMatchObject({ zxid: '0x3', committed: false, acks: [1] });
    // b got an ACK, then was committed: drawn anew each time; c stays.
    const third = draw(tails, [
      [b, false, [1, 2]],
      [c, false, [1]],
    ]);
    expect(third[0]).not.toBe(second[0]);
    expect(third[0]!.acks).toEqual([1, 2]);
    expect(third[1]).toBe(second[1]);
    const fourth = draw(tails, [
      [b, true, [1, 2]],
      [c, false, [1]],
    ]);
    expect(fourth[0]).toMatchObject({ zxid: '0x2', committed: true });
    expect(fourth[1]).toBe(second[1]);
  });

  it('draws a txn that left the tail anew, and finds entries in a tail that goes back', () => {
    const tails = new TailEntries();
    const [a, b] = [txn(1), txn(2)];
    const first = draw(tails, [
      [a, true, null],
      [b, true, null],
    ]);
    draw(tails, [[b, true, null]]);
    expect(draw(tails, [[a, true, null]])[0]).not.toBe(first[0]);
    const [x, y] = draw(tails, [
      [a, true, null],
      [b, true, null],
    ]);
    // Out of zxid order (only under the bugs that break log agreement): still equal, maybe redrawn.
    const back = draw(tails, [
      [b, true, null],
      [a, true, null],
    ]);
    expect(back[0]).toBe(y);
    expect(back[1]).toEqual(x);
  });
});

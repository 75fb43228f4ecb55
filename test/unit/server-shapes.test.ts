// Objects the server copies are written out field by field rather than spread (a configuration, a
// stat, a txn header with another type), so that V8 keeps one hidden class for each across runs
// (issue #13). These copies must still be whole: every field, the same order, nothing shared.
import { describe, expect, it } from 'vitest';
import { copyStat, createStat } from '../../src/sim/server/datatree.ts';
import { startServer } from '../../src/sim/server/server-main.ts';
import { DbHarness } from '../support/db-harness.ts';
import { fakeConfig } from '../support/fake-role-host.ts';

describe('server copies', () => {
  it('startServer keeps every field of the configuration it is given', () => {
    const given = fakeConfig(2, { voters: [1, 2, 3], observers: [4], extendedTypes: true });
    const server = startServer('zk2', given);
    expect(Object.keys(server.config)).toEqual(Object.keys(given));
    for (const k of Object.keys(given) as (keyof typeof given)[]) expect(server.config[k]).toBe(given[k]);
  });

  it('copyStat copies every field, in createStat’s order, into a new object', () => {
    const s = createStat(0x100000005, 1234, 0x200000000000001n);
    s.version = 3;
    s.cversion = 7;
    s.aversion = 1;
    s.mzxid = 0x100000009;
    s.pzxid = 0x10000000a;
    const c = copyStat(s);
    expect(c).not.toBe(s);
    expect(Object.keys(c)).toEqual(Object.keys(s));
    expect(c).toEqual(s);
  });

  it('an error txn and a multi keep the header they were prepped with, fields in the usual order', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const error = h.db.prepRequest({ op: 'delete', path: '/nope', version: -1 }, c, 7, 99);
    expect(Object.keys(error.hdr)).toEqual(['clientId', 'cxid', 'zxid', 'time', 'type']);
    expect(error.hdr).toEqual({ clientId: 1n, cxid: 0, zxid: 7, time: 99, type: 'error' });
    const multi = h.db.prepRequest(
      { op: 'multi', ops: [{ op: 'check', path: '/', version: -1 }] },
      c,
      8,
      100,
    );
    expect(Object.keys(multi.hdr)).toEqual(['clientId', 'cxid', 'zxid', 'time', 'type']);
    expect(multi.hdr).toEqual({ clientId: 1n, cxid: 0, zxid: 8, time: 100, type: 'multi' });
  });
});

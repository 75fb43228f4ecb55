// The client-history and sync invariants (read-committed, sync-truncates, read-prefix,
// write-linearizable): minimal hand-written traces that violate exactly one of them, and the
// legitimate variants that must pass.
import { describe, expect, it } from 'vitest';
import { checkRun } from '../../src/sim/check/index.ts';
import type { Request } from '../../src/sim/server/protocol.ts';
import type { BodyOf, TraceBody, TraceEvent } from '../../src/sim/trace/event.ts';
import type { TraceStat } from '../../src/sim/trace/format.ts';
import { traceStat } from '../support/trace-stat.ts';

const trace = (...events: TraceBody[]): TraceEvent[] => events.map((e, t) => ({ t, ...e }) as TraceEvent);
const violated = (events: readonly TraceEvent[]): string[] =>
  [...new Set(checkRun(events, []).map((v) => v.invariant))].sort();
const messages = (events: readonly TraceEvent[], invariant: string): string[] =>
  checkRun(events, [])
    .filter((v) => v.invariant === invariant)
    .map((v) => v.message);

const leading = (server: number, epoch: number, logged: string): BodyOf<'server.state'> => ({
  kind: 'server.state',
  server,
  state: 'LEADING',
  zabState: 'BROADCAST',
  epoch,
  acceptedEpoch: epoch,
  zxid: `0x${(epoch * 2 ** 32).toString(16)}`,
  logged,
  leader: server,
});
const propose = (server: number, zxid: string): BodyOf<'zab.propose'> => ({
  kind: 'zab.propose',
  server,
  epoch: Math.floor(Number.parseInt(zxid, 16) / 2 ** 32),
  zxid,
  digest: `d${zxid}`,
});
const commit = (server: number, zxid: string): BodyOf<'txn.commit'> => ({
  kind: 'txn.commit',
  server,
  zxid,
  type: 'setData',
  session: 1n,
  cxid: 1,
  digest: `d${zxid}`,
});
const stat = (czxid: string, mzxid = czxid, ephemeralOwner = '0x0') =>
  traceStat(czxid, mzxid, { ephemeralOwner });
const request = (client: string, op: Request['op'], path: string): BodyOf<'client.request'> => ({
  kind: 'client.request',
  client,
  op,
  path,
  xid: 1,
});
/** An OK reply at `zxid`, showing `s` for `path` (a create shows the created path). */
const reply = (
  client: string,
  op: Request['op'],
  path: string,
  zxid: string,
  s?: TraceStat | null,
): BodyOf<'client.reply'> => ({
  kind: 'client.reply',
  client,
  op,
  path,
  ok: true,
  zxid,
  ...(s === undefined ? {} : { result: op === 'create' && s ? { path, stat: s } : { stat: s } }),
});
const noNode = (client: string, op: Request['op'], path: string, zxid: string): BodyOf<'client.reply'> => ({
  kind: 'client.reply',
  client,
  op,
  path,
  ok: false,
  err: 'NoNode',
  zxid,
});

/** Leader 3 of epoch 1 commits 0x100000001 (a create of /x) and proposes 0x100000002 (a set), uncommitted. */
const epoch1 = (): TraceBody[] => [
  leading(3, 1, '0x0'),
  propose(3, '0x100000001'),
  commit(3, '0x100000001'),
  propose(3, '0x100000002'),
];

describe('read-committed', () => {
  it('a read showing a txn no quorum committed', () => {
    const t = trace(...epoch1(), reply('a', 'get', '/x', '0x100000002', stat('0x100000001', '0x100000002')));
    expect(violated(t)).toEqual(['read-committed']);
    expect(messages(t, 'read-committed')[0]).toBe(
      'client a saw 0x100000002 (mzxid of /x), proposed by server 3 but not committed',
    );
  });

  it('names the leader whose history left it out', () => {
    const t = trace(
      ...epoch1(),
      leading(2, 2, '0x100000001'),
      reply('a', 'get', '/x', '0x100000002', stat('0x100000001', '0x100000002')),
    );
    expect(messages(t, 'read-committed')[0]).toContain(
      'left out of the history server 2 established for epoch 2 (lastLoggedZxid 0x100000001)',
    );
  });

  it('accepts a txn committed implicitly, in the initial history of a new leader (no txn.commit)', () => {
    const t = trace(
      ...epoch1(),
      leading(2, 2, '0x100000002'),
      reply('a', 'get', '/x', '0x100000002', stat('0x100000001', '0x100000002')),
    );
    expect(violated(t)).toEqual([]);
  });

  it('excludes at once what a deposed leader proposes after a newer epoch is established', () => {
    const t = trace(
      leading(3, 1, '0x0'),
      leading(2, 2, '0x0'),
      propose(3, '0x100000001'),
      commit(3, '0x100000001'),
      reply('a', 'get', '/x', '0x100000001', stat('0x100000001')),
    );
    expect(violated(t)).toEqual(['read-committed']);
  });

  it('a committed txn a client read, rolled back by a later leader (and durability for the lost txn)', () => {
    const t = trace(
      ...epoch1(),
      commit(3, '0x100000002'),
      reply('b', 'get', '/x', '0x100000002', stat('0x100000001', '0x100000002')),
      leading(2, 2, '0x100000001'),
    );
    expect(violated(t)).toEqual(['durability', 'read-committed']);
    expect(messages(t, 'read-committed')[0]).toContain('what the client saw is rolled back');
  });
});

describe('sync-truncates', () => {
  const sync = (mode: 'DIFF' | 'TRUNC', peerZxid: string, zxid: string): BodyOf<'zab.sync'> => ({
    kind: 'zab.sync',
    server: 2,
    learner: 3,
    mode,
    peerZxid,
    zxid,
  });

  it('a DIFF to a learner ahead of the leader', () => {
    expect(violated(trace(sync('DIFF', '0x100000004', '0x100000003')))).toEqual(['sync-truncates']);
    expect(violated(trace(sync('TRUNC', '0x100000004', '0x100000003')))).toEqual([]);
  });

  it('a DIFF from a zxid an established leader left out, though the leader is further on', () => {
    const t = trace(...epoch1(), leading(2, 2, '0x100000001'), sync('DIFF', '0x100000002', '0x200000005'));
    expect(violated(t)).toEqual(['sync-truncates']);
  });

  it('accepts a DIFF from a zxid in the history, and a learner at (e, 0)', () => {
    expect(violated(trace(...epoch1(), sync('DIFF', '0x100000001', '0x100000001')))).toEqual([]);
    expect(violated(trace(sync('DIFF', '0x200000000', '0x100000003')))).toEqual([]);
  });
});

describe('read-prefix', () => {
  const committed = (...zxids: string[]): TraceBody[] => zxids.flatMap((z) => [propose(1, z), commit(1, z)]);
  const base = () => [leading(1, 1, '0x0'), ...committed('0x100000001', '0x100000002', '0x100000003')];

  it('a read at r that misses a write to the node at a zxid ≤ r', () => {
    const t = trace(
      ...base(),
      reply('a', 'set', '/x', '0x100000002', stat('0x100000001', '0x100000002')),
      reply('b', 'get', '/x', '0x100000003', stat('0x100000001', '0x100000001')),
    );
    expect(violated(t)).toEqual(['read-prefix']);
  });

  it('also when the write is seen only after the read', () => {
    const t = trace(
      ...base(),
      reply('b', 'get', '/x', '0x100000003', stat('0x100000001', '0x100000001')),
      reply('a', 'get', '/x', '0x100000002', stat('0x100000001', '0x100000002')),
    );
    expect(messages(t, 'read-prefix')[0]).toBe(
      "client b read /x at 0x100000003 with mzxid 0x100000001, but client a's get /x reply shows a write to /x at 0x100000002: that read missed it",
    );
  });

  it('accepts a stale read from behind the write (sequential consistency, not linearizability)', () => {
    const t = trace(
      ...base(),
      reply('a', 'set', '/x', '0x100000002', stat('0x100000001', '0x100000002')),
      reply('b', 'get', '/x', '0x100000001', stat('0x100000001', '0x100000001')),
    );
    expect(violated(t)).toEqual([]);
  });

  it('a node that a read at r shows although a delete ≤ r removed it', () => {
    const t = trace(
      ...base(),
      reply('a', 'delete', '/x', '0x100000002'),
      reply('b', 'exists', '/x', '0x100000003', stat('0x100000001')),
    );
    expect(violated(t)).toEqual(['read-prefix']);
  });

  it('a persistent node nobody deleted, missing after its creation', () => {
    const t = trace(
      ...base(),
      reply('a', 'create', '/x', '0x100000001', stat('0x100000001')),
      noNode('b', 'get', '/x', '0x100000003'),
    );
    expect(violated(t)).toEqual(['read-prefix']);
  });

  it('accepts a missing node that was asked to be deleted, or is ephemeral, or a run with a multi', () => {
    const created = reply('a', 'create', '/x', '0x100000001', stat('0x100000001'));
    const gone = noNode('b', 'get', '/x', '0x100000003');
    expect(violated(trace(...base(), created, request('c', 'delete', '/x'), gone))).toEqual([]);
    expect(violated(trace(...base(), request('c', 'multi', '/y'), created, gone))).toEqual([]);
    const ephemeral = reply('a', 'create', '/x', '0x100000001', stat('0x100000001', '0x100000001', '0x5'));
    expect(violated(trace(...base(), ephemeral, gone))).toEqual([]);
  });

  it('a Stat from after the reply’s zxid', () => {
    const t = trace(...base(), reply('b', 'get', '/x', '0x100000001', stat('0x100000001', '0x100000003')));
    expect(violated(t)).toEqual(['read-prefix']);
  });
});

describe('write-linearizable', () => {
  const base = () => [leading(1, 1, '0x0'), propose(1, '0x100000001'), commit(1, '0x100000001')];
  const set = (client: string, zxid: string) => reply(client, 'set', '/x', zxid, stat('0x100000001', zxid));

  it('a write sent after another was acknowledged, with a smaller zxid', () => {
    const t = trace(
      ...base(),
      propose(1, '0x100000002'),
      commit(1, '0x100000002'),
      request('a', 'set', '/x'),
      set('a', '0x100000002'),
      request('b', 'set', '/x'),
      set('b', '0x100000001'),
    );
    expect(violated(t)).toContain('write-linearizable');
    expect(messages(t, 'write-linearizable')[0]).toBe(
      "client b's set /x got zxid 0x100000001, but it was sent after client a's write at 0x100000002 had been acknowledged",
    );
  });

  it('accepts concurrent writes in either zxid order', () => {
    const t = trace(
      ...base(),
      propose(1, '0x100000002'),
      commit(1, '0x100000002'),
      request('a', 'set', '/x'),
      request('b', 'set', '/x'),
      set('a', '0x100000002'),
      set('b', '0x100000001'),
    );
    expect(violated(t)).not.toContain('write-linearizable');
  });
});

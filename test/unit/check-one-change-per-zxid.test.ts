// one-change-per-zxid (src/sim/check/invariants/one-change-per-zxid.ts): a zxid names one change,
// as clients see it. Hand-written client replies that break each rule, the legitimate variants
// that must pass (a multi's one zxid on several nodes, a node read again unchanged), and the
// scenario where two leaders of one epoch (skip-epoch-agreement) give one zxid to two creates.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { checkRun, liveServers } from '../../src/sim/check/index.ts';
import { oneChangePerZxid } from '../../src/sim/check/invariants/one-change-per-zxid.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import type { Request } from '../../src/sim/server/protocol.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { BodyOf, TraceBody, TraceEvent } from '../../src/sim/trace/event.ts';
import type { TraceResult, TraceStat } from '../../src/sim/trace/format.ts';
import { traceStat } from '../support/trace-stat.ts';

const FIXTURE = 'test/fixtures/checker/two-leaders-one-epoch.json';

const trace = (...events: TraceBody[]): TraceEvent[] => events.map((e, t) => ({ t, ...e }) as TraceEvent);
const found = (events: readonly TraceEvent[]): string[] =>
  checkRun(events, [], [oneChangePerZxid]).map((v) => v.message);

const stat = traceStat;
const reply = (
  client: string,
  op: Request['op'],
  path: string,
  zxid: string,
  result?: TraceResult,
): BodyOf<'client.reply'> => ({
  kind: 'client.reply',
  client,
  op,
  path,
  ok: true,
  zxid,
  ...(result ? { result } : {}),
});
const created = (client: string, path: string, zxid: string) =>
  reply(client, 'create', path, zxid, { path, stat: stat(zxid) });
const got = (client: string, path: string, at: string, s: TraceStat, data = 'd') =>
  reply(client, 'get', path, at, { data, stat: s });

describe('one-change-per-zxid', () => {
  it('two writes acknowledged with one zxid', () => {
    expect(found(trace(created('a', '/x', '0x200000001'), created('b', '/y', '0x200000001')))).toEqual([
      '0x200000001 was acknowledged to client a for create /x and to client b for create /y',
    ]);
    // a delete and a set too: every acknowledged write is its own txn
    expect(
      found(
        trace(
          reply('a', 'delete', '/x', '0x5'),
          reply('b', 'set', '/y', '0x5', { stat: stat('0x2', '0x5') }),
        ),
      ),
    ).toHaveLength(1);
  });

  it('a node created by a zxid that was acknowledged for another path, in either order', () => {
    const msg =
      '0x200000001 was acknowledged to client a for create /x, but client b saw /y created by 0x200000001 (czxid)';
    expect(
      found(trace(created('a', '/x', '0x200000001'), got('b', '/y', '0x200000003', stat('0x200000001')))),
    ).toEqual([msg]);
    expect(
      found(trace(got('b', '/y', '0x200000003', stat('0x200000001')), created('a', '/x', '0x200000001'))),
    ).toEqual([msg]);
  });

  it('a node modified by a zxid that was a delete, or a set of another path', () => {
    expect(
      found(trace(reply('a', 'delete', '/x', '0x7'), got('b', '/y', '0x9', stat('0x2', '0x7')))),
    ).toEqual([
      '0x7 was acknowledged to client a for delete /x, but client b saw /y modified by 0x7 (mzxid)',
    ]);
    expect(
      found(
        trace(
          reply('a', 'set', '/x', '0x7', { stat: stat('0x2', '0x7') }),
          got('b', '/y', '0x9', stat('0x3', '0x7')),
        ),
      ),
    ).toHaveLength(1);
  });

  it('a node left in two states by one change', () => {
    const v = found(
      trace(
        got('a', '/x', '0x9', stat('0x2', '0x7', { version: 1, dataLength: 1 }), 'a'),
        got('b', '/x', '0x9', stat('0x2', '0x7', { version: 1, dataLength: 1 }), 'b'),
      ),
    );
    expect(v).toEqual(['/x as left by 0x7 (mzxid) differs between client a and client b: data "a" vs "b"']);
    expect(
      found(
        trace(
          got('a', '/x', '0x9', stat('0x2', '0x7', { mtime: 5 })),
          got('b', '/x', '0x9', stat('0x2', '0x7', { mtime: 6 })),
        ),
      ),
    ).toHaveLength(1);
  });

  it('passes a multi whose one zxid created several nodes, and a node read again unchanged', () => {
    const multi = reply('a', 'multi', '/', '0x4', {
      results: [
        { op: 'create', path: '/m1', stat: stat('0x4') },
        { op: 'create', path: '/m2', stat: stat('0x4') },
      ],
    });
    expect(
      found(
        trace(
          multi,
          got('b', '/m1', '0x4', stat('0x4')),
          got('b', '/m2', '0x4', stat('0x4')),
          created('a', '/x', '0x5'),
          reply('a', 'set', '/x', '0x6', { stat: stat('0x5', '0x6', { version: 1 }) }),
          got('b', '/x', '0x6', stat('0x5', '0x6', { version: 1 })),
          // exists and children show the same Stat without the data
          reply('c', 'exists', '/x', '0x8', {
            stat: stat('0x5', '0x6', { version: 1, cversion: 2, pzxid: '0x8' }),
          }),
          got('c', '/x', '0x8', stat('0x5', '0x6', { version: 1 })),
        ),
      ),
    ).toEqual([]);
  });
});

async function run(s: Scenario) {
  const pool = await LuaPool.lazy(s, nodeWasmSource(), nodeRecipeModules(), { recycle: true });
  try {
    const sim = createSimulation(s, { lua: pool });
    await sim.advance(s.duration);
    return checkRun(sim.trace.events, liveServers(sim));
  } finally {
    pool.close();
  }
}

describe('two leaders of one epoch (skip-epoch-agreement) give one zxid to two creates', () => {
  const read = parseScenarioJson(readFileSync(FIXTURE, 'utf8'));
  if (!read.ok) throw new Error(`${FIXTURE} invalid`);
  const withBug = read.scenario;

  it('clients see it: cx was acknowledged /x at 0x200000001, cy reads /y created by 0x200000001', async () => {
    expect(withBug.servers.bugs).toEqual(['skip-epoch-agreement']);
    const mine = (await run(withBug)).filter((v) => v.invariant === 'one-change-per-zxid');
    expect(mine.map((v) => v.message)).toEqual([
      '0x200000001 was acknowledged to client cx for create /x, but client cy saw /y created by 0x200000001 (czxid)',
    ]);
  });

  it('without the bug the same scenario breaks nothing (zk2 takes epoch 3, /y is truncated away)', async () => {
    const clean: Scenario = { ...withBug, servers: { ...withBug.servers, bugs: [] } };
    expect(await run(clean)).toEqual([]);
  });
});

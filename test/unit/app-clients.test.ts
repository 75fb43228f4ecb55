// Pure helpers of the clients and lock view: the queue of contenders, whom each watches, where the
// lock is, herd wake-ups counted per release (from real runs of the lock examples).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isWatchNotification, wakeUps } from '../../src/app/views/clients/herd.ts';
import { EventIndex } from '../../src/app/views/event-index.ts';
import { shortSession } from '../../src/app/views/sessions.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { contenders, guessLockPath, sequenceOf } from '../../src/sim/view/lock-model.ts';
import type { WatchView, ZnodeView } from '../../src/sim/view/types.ts';

async function runLua(file: string): Promise<TraceEvent[]> {
  const r = parseScenarioJson(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(`${file} is not valid`);
  const lua = await LuaPool.prepare(r.scenario, nodeWasmSource(), nodeRecipeModules());
  try {
    return createSimulation(r.scenario, { lua }).runUntil(r.scenario.duration);
  } finally {
    lua.close();
  }
}

// Synthetic znodes in ServerView.tree's shape.
function lockNode(path: string, owner: string, sequential = true): ZnodeView {
  return {
    path,
    data: null,
    stat: {
      czxid: '0x1',
      mzxid: '0x1',
      pzxid: '0x1',
      ctime: 0,
      mtime: 0,
      version: 0,
      cversion: 0,
      aversion: 0,
      ephemeralOwner: owner,
      dataLength: 0,
      numChildren: 0,
    },
    kind: owner === '0x0' ? 'persistent' : 'ephemeral',
    ttl: null,
    sequential,
    acl: [],
  };
}

describe('contenders', () => {
  const tree = [
    lockNode('/lock', '0x0', false),
    lockNode('/lock/bbb__lock__0000000002', '0x3'),
    lockNode('/lock/aaa__lock__0000000010', '0x1'),
    lockNode('/lock/ccc__lock__0000000001', '0x2'),
    lockNode('/other/x__lock__0000000000', '0x9'),
  ];
  const watches: WatchView[] = [
    { path: '/lock/ccc__lock__0000000001', session: '0x3', kind: 'data' },
    { path: '/lock/bbb__lock__0000000002', session: '0x1', kind: 'data' },
    { path: '/elsewhere', session: '0x1', kind: 'data' },
  ];
  const owners = new Map([
    ['0x1', 'c1'],
    ['0x2', 'c2'],
    ['0x3', 'c3'],
  ]);

  it('sorts by sequence number (not name), the lowest holds, each watches its predecessor', () => {
    const q = contenders(tree, '/lock', watches, owners);
    expect(q.map((c) => c.client)).toEqual(['c2', 'c3', 'c1']);
    expect(q.map((c) => c.holds)).toEqual([true, false, false]);
    expect(q[1]!.watches).toEqual(['/lock/ccc__lock__0000000001']);
    expect(q[2]!.watches).toEqual(['/lock/bbb__lock__0000000002']);
  });

  it('finds the lock path and reads sequence numbers', () => {
    expect(guessLockPath(tree)).toBe('/lock');
    expect(guessLockPath([lockNode('/q/n__0000000003', '0x1')])).toBe('/q');
    expect(sequenceOf('x__lock__0000000042')).toBe(42);
    expect(sequenceOf('plain')).toBeNull();
  });

  it('shortens session ids for the projector', () => {
    expect(shortSession('0x200000000000001')).toBe('0x2…01');
    expect(shortSession('0x0')).toBe('0x0');
  });
});

describe('wakeUps', () => {
  it('the lock recipe wakes one client per release; the herd twin wakes every waiter', async () => {
    const count = async (file: string) => {
      const events = await runLua(file);
      const idx = new EventIndex(isWatchNotification).update(events);
      return wakeUps(events, idx, '/lock', events.length).map((w) => w.clients.length);
    };
    const lock = await count('examples/recipes/lock.json');
    expect(lock.length).toBeGreaterThan(0);
    expect(lock.every((n) => n === 1)).toBe(true);
    const herd = await count('examples/recipes/lock_herd.json');
    expect(Math.max(...herd)).toBeGreaterThan(1);
  });
});

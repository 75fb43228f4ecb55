// An object the host passes to Lua becomes a table whose keys were inserted in sorted order, so
// `pairs` sees the same order whatever order the host built the object in — also when the sorted
// keys come from Marshal's cache of recent shapes, and after the cache has dropped a shape.
import { describe, expect, it } from 'vitest';
import { createLuaVm, drive, logs } from '../../src/lua/index.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';

const STAT_KEYS = [
  'version',
  'mzxid',
  'czxid',
  'ctime',
  'mtime',
  'cversion',
  'aversion',
  'pzxid',
  'dataLength',
];

function objectWith(keys: string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, k.length]));
}

describe('objects pushed to Lua', () => {
  it('give one pairs order per key set, whatever the insertion order, through and past the shape cache', async () => {
    // the same key set in three insertion orders, with more other shapes between than the cache keeps
    const others = Array.from({ length: 12 }, (_, i) => objectWith([`k${i}`, `j${i}`, 'version']));
    const replies = [
      objectWith(STAT_KEYS),
      objectWith([...STAT_KEYS].reverse()),
      objectWith(STAT_KEYS.map((k) => `${k}2`)),
      ...others,
      objectWith([...STAT_KEYS.slice(4), ...STAT_KEYS.slice(0, 4)]),
      objectWith(STAT_KEYS),
      ...others,
      objectWith([...STAT_KEYS].reverse()),
    ];
    const vm = await createLuaVm(nodeWasmSource(), { seed: 3, now: () => 0 });
    vm.load(`
      for i = 1, ${replies.length} do
        local t = zk.get("/x")
        local keys = {}
        for k, v in pairs(t) do keys[#keys + 1] = k .. "=" .. v end
        print(table.concat(keys, " "))
      end`);
    let n = 0;
    const run = drive(vm.main!, (c) => (c.name === 'get' ? [replies[n++]!] : []));
    vm.close();
    const lines = logs(run.calls);
    expect(lines).toHaveLength(replies.length);
    const statLines = [0, 1, 15, 16, 29].map((i) => lines[i]);
    // every value arrived under its key, and the order is the same each time
    expect(
      statLines[0]!
        .split(' ')
        .map((kv) => kv.split('=')[0])
        .sort(),
    ).toEqual([...STAT_KEYS].sort());
    expect(new Set(statLines).size).toBe(1);
    expect(lines[3]).toBe(lines[17]);
    // a shape with as many keys, other names: its own keys, not a cached shape's
    expect(
      lines[2]!
        .split(' ')
        .map((kv) => kv.split('=')[0])
        .sort(),
    ).toEqual(STAT_KEYS.map((k) => `${k}2`).sort());
  });
});

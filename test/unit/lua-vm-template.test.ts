// A VM copied from the template (vm-template.ts) is the VM a setup from nothing with the same seed
// makes: same addresses (tostring of tables and functions), same string-hash seed (pairs order over
// string keys), same pointer hashes (pairs order over table keys), same heap, same random sequence.
// And VMs made side by side, in any order, do not see each other.
import { afterEach, describe, expect, it } from 'vitest';
import { createLuaVm, drive, type LuaVm, type LuaVmOptions, logs } from '../../src/lua/index.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';

const wasm = nodeWasmSource();
const open: LuaVm[] = [];

afterEach(() => {
  for (const vm of open.splice(0)) vm.close();
});

/** Everything about a VM that depends on its memory and seed, as logged lines. */
const PROBE = `
  local t, f = {}, function() end
  zk.log(tostring(t), tostring(f), tostring(zk))
  local words = {}
  for i = 1, 40 do words["k" .. i * 7919 % 1000] = i end
  local order = {}
  for k in pairs(words) do order[#order + 1] = k end
  zk.log(table.concat(order, ","))
  local keyed = {}
  for i = 1, 30 do keyed[{}] = i end
  local seen = {}
  for _, v in pairs(keyed) do seen[#seen + 1] = v end
  zk.log(table.concat(seen, ","))
  zk.log(math.random(1, 1000000), math.random(), math.random(1, 6))
  zk.log(collectgarbage("count"))
  local ok, m = pcall(require, "mod")
  zk.log(ok, m and m.name)
`;

async function probe(opts: Partial<LuaVmOptions>): Promise<string[]> {
  const vm = await createLuaVm(wasm, {
    seed: 1,
    now: () => 0,
    modules: { mod: 'return { name = "mod" }' },
    ...opts,
  });
  open.push(vm);
  const err = vm.load(PROBE);
  if (err) throw new Error(err.message);
  const { calls, end } = drive(vm.main!, () => []);
  expect(end).toEqual({ kind: 'done' });
  return logs(calls);
}

describe('VM template', () => {
  it.each([1, 7, 123456789])(
    'copied from the template equals set up from nothing (seed %i)',
    async (seed) => {
      const scratch = await probe({ seed, fromScratch: true });
      const copied = await probe({ seed });
      expect(copied).toEqual(scratch);
      expect(copied[0]).toMatch(/^table: 0x[0-9a-f]+\tfunction: 0x[0-9a-f]+\ttable: 0x[0-9a-f]+$/);
    },
  );

  it('gives each seed its own random sequence, and the same addresses and orders', async () => {
    const [a, b] = await Promise.all([probe({ seed: 1 }), probe({ seed: 2 })]);
    expect(a[3]).not.toEqual(b[3]);
    // Lines 3 and 4: the random numbers, and the heap size after logging them (their lengths differ).
    const rest = (lines: string[]) => lines.filter((_, i) => i !== 3 && i !== 4);
    expect(rest(a)).toEqual(rest(b));
  });

  it('keeps VMs apart: one that ran first, or alongside, changes nothing in the next', async () => {
    const first = await probe({ seed: 5 });
    const busy = await createLuaVm(wasm, {
      seed: 5,
      now: () => 0,
      modules: { mod: 'return { name = "mod" }' },
    });
    open.push(busy);
    busy.load('local t = {} for i = 1, 20000 do t[i] = tostring(i) end zk.log(#t)');
    drive(busy.main!, () => []);
    const again = await probe({ seed: 5 });
    expect(again).toEqual(first);
  });

  it('makes a template per module set', async () => {
    const withMod = await probe({ seed: 3 });
    const other = await probe({ seed: 3, modules: { mod: 'return { name = "other" }' } });
    expect(withMod[5]).toBe('true\tmod');
    expect(other[5]).toBe('true\tother');
  });
});

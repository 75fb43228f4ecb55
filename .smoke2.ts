import { createLuaVm } from './src/lua/index.ts';
import { nodeWasmSource } from './src/lua/wasm-node.ts';
const w = nodeWasmSource();
async function run(src: string, o: Partial<{instructionBudget:number; memoryLimitBytes:number}> = {}) {
  const vm = await createLuaVm(w, { seed: 1, now: () => 0, ...o });
  const l = vm.load(src); if (l) { console.log('LOAD', l); return; }
  const t0 = performance.now();
  let s = vm.start(); let n = 0;
  while (s.kind === 'call' && n++ < 20) { if (s.name === 'log') console.log('  log:', s.args[0]); s = vm.resume([]); }
  const { traceback, ...rest } = s as any;
  console.log(JSON.stringify(rest), (performance.now()-t0).toFixed(0)+'ms'); vm.close();
}
await run('local t = {}\nlocal s = "x"\nwhile true do t[#t+1] = s .. #t end', { memoryLimitBytes: 4 << 20 });
await run('local s = string.rep("x", 1 << 30)');
await run('print(pcall(string.rep, "x", 1 << 26))\nprint(collectgarbage("count"))', { memoryLimitBytes: 4 << 20 });
await run('local function f(n) if n == 0 then return 0 end return coroutine.wrap(f)(n - 1) end\nprint(pcall(f, 250))');
await run('local function f(n) if n == 0 then return 0 end return select(2, pcall(f, n - 1)) end\nprint(pcall(f, 250))');
await run('local function f(n) return 1 + f(n) end\nprint(pcall(f, 1))');
await run('local t = setmetatable({}, {__index = function(t, k) return t[k] end})\nprint(pcall(function() return t.x end))');
await run('x = \nfoo(');
await run('local a = nil\nlocal b = a.b');
await run('error({})');
await run('local co = coroutine.create(function() local t = {} for i = 1, 1e9 do t[i] = i end end)\nprint(coroutine.resume(co))\nprint("still")', { memoryLimitBytes: 4 << 20 });
await run('print(("a"):rep(22):find(("a*"):rep(22) .. "b"))');
await run('local t = {} for i = 1, 1e6 do t[i] = (i * 7919) % 1000003 end table.sort(t) print(t[1])', {memoryLimitBytes: 64<<20});

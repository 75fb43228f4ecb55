// glue.wasm compiled in one thread and handed to another (the conductor's worker to each client's):
// a host given the module neither reads nor compiles the wasm — its source here names no file, so
// reading it would fail — and its VM runs a script as one made from the file does.
import { describe, expect, it } from 'vitest';
import { NodeHostCore } from '../../src/conductor/node-host.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { compiledLua, instantiateLua, useCompiledLua } from '../../src/lua/wasm-runtime.ts';
import { SimDisk } from '../../src/sim/kernel/disk.ts';
import type { ClientSpec } from '../../src/sim/node-spec.ts';

const NOWHERE = '/nonexistent/compiled-elsewhere/glue.wasm';

describe('glue.wasm compiled once and shared', () => {
  it('an instance comes from the module given for a source, without reading it', async () => {
    await expect(instantiateLua(`${NOWHERE}.missing`)).rejects.toThrow();
    const module = await compiledLua(nodeWasmSource());
    useCompiledLua(NOWHERE, module);
    const rt = await instantiateLua(NOWHERE);
    expect(rt.HEAPU32.length).toBeGreaterThan(0);
  });

  it("a client's host warms and boots with a posted module, and its script runs", async () => {
    const module = await compiledLua(nodeWasmSource());
    const host = new NodeHostCore({ wasm: `${NOWHERE}.host`, modules: nodeRecipeModules() });
    await host.warm(module);
    const spec: ClientSpec = {
      kind: 'client',
      id: 'c1',
      session: { name: 'c1', hosts: ['zk1'], sessionTimeout: 4000 },
      program: [],
      script: 'print("from a shared module")',
    };
    await host.boot({ spec, seed: 1, stream: 'c1#1', luaSerial: 1, luaModule: module });
    const { outputs } = await host.handleAll([
      { now: 0, input: { type: 'start', disk: new SimDisk().image() } },
    ]);
    const traced = outputs[0]!.flatMap((o) => (o.type === 'trace' ? [o.event] : []));
    expect(traced).toContainEqual(
      expect.objectContaining({ kind: 'lua.log', message: 'from a shared module' }),
    );
  });
});

// What runs inside a node's Web Worker (workers/server.worker.ts, workers/client.worker.ts): one
// node at a time, built from its spec, answering the conductor's inputs. A worker kept for reuse
// (host-pool.ts) is booted again for another node, from nothing of the last one. No protocol logic
// lives here.

import { useCompiledLua } from '../lua/wasm-runtime.ts';
import type { PreparedVm } from '../sim/client/lua-client.ts';
import { type BatchInput, handleInRow } from '../sim/kernel/in-row.ts';
import { RngStream } from '../sim/kernel/rng.ts';
import type { NodeOutput, SimNode } from '../sim/kernel/types.ts';
import { prepareVm } from '../sim/lua-pool.ts';
import type { ZkMessage } from '../sim/messages.ts';
import { buildNode, type NodeSpec } from '../sim/node-spec.ts';
import { type PictureChange, PictureTaker } from '../sim/view/picture-taker.ts';

export interface BootRequest {
  spec: NodeSpec;
  seed: number;
  /** The name of the node's random stream for this incarnation (`<id>#<incarnation>`). */
  stream: string;
  /** For a Lua client: which of its Lua incarnations this is (seeds its VM). */
  luaSerial: number;
  /** glue.wasm compiled by the conductor's worker, so this worker does not compile it again. */
  luaModule?: WebAssembly.Module;
}

/**
 * Each input's outputs, and the node's picture change after each (docs/views.md): for the inputs
 * handled, which may stop short of the last (src/sim/kernel/in-row.ts).
 */
export interface Handled {
  outputs: NodeOutput<ZkMessage>[][];
  pictures: PictureChange[];
}

/** The worker's API, called through a NodePort (node-port.ts), or directly in Node tests. */
export interface NodeHostApi {
  /**
   * Get ready for a node before it starts (optional: a host in this thread has nothing to do),
   * with glue.wasm compiled elsewhere when it is given.
   */
  warm?(luaModule?: WebAssembly.Module): Promise<void>;
  boot(request: BootRequest): Promise<void>;
  handleAll(inputs: BatchInput<ZkMessage>[]): Promise<Handled>;
}

export class NodeHostCore implements NodeHostApi {
  private node: SimNode<ZkMessage> | null = null;
  private vm: PreparedVm | null = null;
  private pictures = new PictureTaker();

  constructor(private readonly lua: { wasm: string; modules: Record<string, string> } | null) {}

  /**
   * Compile the Lua wasm and set up the VM template (src/lua/vm-template.ts) on a VM thrown away,
   * so that booting a client makes its VM from the template in about a millisecond instead of
   * stalling the run while this worker fetches and compiles (84-1231 ms per client on lock-5x10
   * at load 11-14).
   * A VM from the template is the VM a setup from scratch makes, so warming changes no trace.
   */
  async warm(luaModule?: WebAssembly.Module): Promise<void> {
    if (!this.lua) return;
    if (luaModule) useCompiledLua(this.lua.wasm, luaModule);
    const { vm } = await prepareVm(0, 'warm', 0, this.lua.wasm, this.lua.modules);
    vm.close();
  }

  async boot({ spec, seed, stream, luaSerial, luaModule }: BootRequest): Promise<void> {
    // A host booted again (reused for another node, or the same one restarted) starts as a new one:
    // the last node's VM closed, and a whole picture first.
    this.vm?.vm.close();
    this.vm = null;
    this.node = null;
    this.pictures = new PictureTaker();
    if (spec.kind === 'client' && spec.script !== undefined) {
      if (!this.lua) throw new Error(`${spec.id}: this host has no Lua`);
      if (luaModule) useCompiledLua(this.lua.wasm, luaModule);
      this.vm = await prepareVm(seed, spec.id, luaSerial, this.lua.wasm, this.lua.modules);
    }
    this.node = buildNode(spec, RngStream.named(seed, stream), this.vm ?? undefined);
  }

  async handleAll(inputs: BatchInput<ZkMessage>[]): Promise<Handled> {
    const node = this.node;
    if (!node) throw new Error('input before boot');
    const pictures: PictureChange[] = [];
    const outputs = handleInRow(inputs, (now, input) => {
      const out = node.handle(now, input);
      pictures.push(this.pictures.take(node, now));
      return out;
    });
    return { outputs, pictures };
  }
}

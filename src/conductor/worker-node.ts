// The conductor's side of a node hosted elsewhere: a NodeHost for the world that forwards a node's
// inputs to its host (a Web Worker behind comlink, or a NodeHostCore in this thread for tests).
// A host that throws or stops answering is reported, and the node counts as crashed.

import type { NodeInput, NodeOutput } from '../sim/kernel/types.ts';
import type { NodeHost } from '../sim/kernel/world.ts';
import type { ZkMessage } from '../sim/messages.ts';
import type { NodeSpec } from '../sim/node-spec.ts';
import { TreeInterner } from '../sim/view/tree-interner.ts';
import type { ZnodeView } from '../sim/view/types.ts';
import type { NodeHostApi } from './node-host.ts';

export interface SpawnedHost {
  api: NodeHostApi;
  terminate(): void;
}

/** How long a host may take to answer one batch (Lua budgets stop runaway scripts long before). */
export const HOST_TIMEOUT_MS = 10_000;

export class HostFailure extends Error {
  constructor(
    readonly node: string,
    message: string,
  ) {
    super(`${node}: ${message}`);
  }
}

export class WorkerNode implements NodeHost<ZkMessage> {
  readonly remote = true;
  private readonly host: SpawnedHost;
  private readonly booted: Promise<void>;
  private readonly trees = new TreeInterner();

  constructor(
    readonly id: string,
    spec: NodeSpec,
    seed: number,
    stream: string,
    luaSerial: number,
    spawn: (spec: NodeSpec) => SpawnedHost,
  ) {
    this.host = spawn(spec);
    this.booted = this.host.api.boot({ spec, seed, stream, luaSerial });
  }

  async handleAll(
    inputs: { now: number; input: NodeInput<ZkMessage> }[],
  ): Promise<NodeOutput<ZkMessage>[][]> {
    return this.guard(this.booted.then(() => this.host.api.handleAll(inputs)));
  }

  /** The node's picture; a server's tree shares the znodes that did not change (TreeInterner). */
  async view(now: number): Promise<unknown> {
    const picture = await this.guard(this.booted.then(() => this.host.api.view(now)));
    const tree = (picture as { tree?: ZnodeView[] } | null)?.tree;
    return tree ? { ...(picture as object), tree: this.trees.intern(tree) } : picture;
  }

  dispose(): void {
    this.host.terminate();
  }

  private guard<T>(work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new HostFailure(this.id, `no answer in ${HOST_TIMEOUT_MS} ms`)),
        HOST_TIMEOUT_MS,
      );
    });
    return Promise.race([
      work.catch((e: unknown) => {
        throw new HostFailure(this.id, e instanceof Error ? e.message : String(e));
      }),
      timeout,
    ]).finally(() => clearTimeout(timer));
  }
}

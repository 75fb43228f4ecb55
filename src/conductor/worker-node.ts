// The conductor's side of a node hosted elsewhere: a NodeHost for the world that forwards a node's
// inputs to its host (a Web Worker behind comlink, or a NodeHostCore in this thread for tests).
// A host that throws or stops answering is reported, and the node counts as crashed.

import type { NodeInput, NodeOutput } from '../sim/kernel/types.ts';
import type { NodeHost } from '../sim/kernel/world.ts';
import type { ZkMessage } from '../sim/messages.ts';
import type { NodeSpec } from '../sim/node-spec.ts';
import type { PictureChange } from '../sim/view/picture-taker.ts';
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
  /** Picture changes sent with the outputs, one per input, taken as the world applies them. */
  private pictures: PictureChange[] = [];

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
    const handled = await this.guard(this.booted.then(() => this.host.api.handleAll(inputs)));
    this.pictures.push(...handled.pictures);
    return handled.outputs;
  }

  /** The picture change after the next input whose outputs the world applies. */
  takePicture(): PictureChange | undefined {
    return this.pictures.shift();
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

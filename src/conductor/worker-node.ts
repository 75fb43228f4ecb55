// The conductor's side of a node hosted elsewhere: a NodeHost for the world that forwards a node's
// inputs to its host (a Web Worker, or a NodeHostCore in this thread for tests).
// A host that throws or stops answering is reported, and the node counts as crashed.

import type { BatchInput } from '../sim/kernel/in-row.ts';
import type { NodeOutput } from '../sim/kernel/types.ts';
import type { NodeHost } from '../sim/kernel/world.ts';
import type { ZkMessage } from '../sim/messages.ts';
import type { NodeSpec } from '../sim/node-spec.ts';
import type { PictureChange } from '../sim/view/picture-taker.ts';
import type { BootRequest, NodeHostApi } from './node-host.ts';

export interface SpawnedHost {
  api: NodeHostApi;
  terminate(): void;
  /** Whether it could serve another node now: no call waiting, never failed (host-pool.ts). */
  reusable?(): boolean;
}

/** What a host is spawned for: a server's worker or a client's (which has Lua). */
export type HostedNode = Pick<NodeSpec, 'id' | 'kind'>;

export type Spawn = (node: HostedNode) => SpawnedHost;

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
  /** Booting until the host has answered its boot; null after (calls then go straight to it). */
  private booting: Promise<void> | null;
  /** Picture changes sent with the outputs, one per input, taken as the world applies them. */
  private readonly pictures: PictureChange[] = [];
  private readonly watchdog: Watchdog;

  constructor(
    readonly id: string,
    private readonly host: SpawnedHost,
    boot: BootRequest,
  ) {
    this.watchdog = new Watchdog(id);
    this.booting = host.api.boot(boot).then(() => {
      this.booting = null;
    });
  }

  async handleAll(inputs: BatchInput<ZkMessage>[]): Promise<NodeOutput<ZkMessage>[][]> {
    const api = this.host.api;
    const call = this.booting ? this.booting.then(() => api.handleAll(inputs)) : api.handleAll(inputs);
    const handled = await this.watchdog.guard(call);
    this.pictures.push(...handled.pictures);
    return handled.outputs;
  }

  /** The picture change after the next input whose outputs the world applies. */
  takePicture(): PictureChange | undefined {
    return this.pictures.shift();
  }

  dispose(): void {
    this.watchdog.stop();
    this.host.terminate();
  }
}

/**
 * Fails a host's call that is not answered within HOST_TIMEOUT_MS. One timer covers a host's calls
 * in a row (re-armed when it fires, for the oldest call still waiting) instead of a timer set and
 * cleared per call: a run makes ~18,000 calls, and in a worker each timer is a task scheduled.
 */
class Watchdog {
  private readonly waiting = new Map<number, { since: number; fail: (e: Error) => void }>();
  private serial = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly node: string) {}

  guard<T>(work: Promise<T>): Promise<T> {
    const id = this.serial++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { since: performance.now(), fail: reject });
      this.arm(HOST_TIMEOUT_MS);
      work.then(
        (value) => {
          this.waiting.delete(id);
          resolve(value);
        },
        (e: unknown) => {
          this.waiting.delete(id);
          reject(new HostFailure(this.node, e instanceof Error ? e.message : String(e)));
        },
      );
    });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => this.check(), ms);
    // In Node (tests, benches) a timer left armed after the last answer must not hold the process.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private check(): void {
    this.timer = undefined;
    const now = performance.now();
    let oldest = Number.POSITIVE_INFINITY;
    for (const [id, call] of this.waiting) {
      if (now - call.since >= HOST_TIMEOUT_MS) {
        this.waiting.delete(id);
        call.fail(new HostFailure(this.node, `no answer in ${HOST_TIMEOUT_MS} ms`));
      } else oldest = Math.min(oldest, call.since);
    }
    if (Number.isFinite(oldest)) this.arm(oldest + HOST_TIMEOUT_MS - now);
  }
}

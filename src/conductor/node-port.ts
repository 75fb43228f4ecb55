// The conductor's calls to a node's worker, and the worker's answers: one message each way per call
// on the worker's own port, matched by a number. A run makes ~16,000 calls (lock-5x10) and waits for
// each, so the per-call cost is the run's speed in worker mode: comlink's (an id of four random
// numbers, a message listener added and removed per call) made a two-node round trip 234-256 µs
// in Chromium on 2 cores where this takes 137-148 µs (paired, load 8.5).
import type { NodeHostApi } from './node-host.ts';

type Method = 'warm' | 'boot' | 'handleAll';

interface Call {
  id: number;
  method: Method;
  arg: unknown;
}

type Answer = { id: number; value: unknown } | { id: number; error: string };

/** What both ends post on: a Worker on the conductor's side, the worker's global scope on the other. */
export interface PortLike {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** The conductor's end: a NodeHostApi whose calls go to the worker behind `port`. */
export class NodePort {
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failed = false;
  readonly api: Required<NodeHostApi>;

  constructor(private readonly port: PortLike) {
    port.onmessage = (e: MessageEvent<Answer>) => {
      const answer = e.data;
      const call = this.pending.get(answer.id);
      if (!call) return;
      this.pending.delete(answer.id);
      if ('error' in answer) call.reject(new Error(answer.error));
      else call.resolve(answer.value);
    };
    this.api = {
      warm: (luaModule) => this.call('warm', luaModule) as Promise<void>,
      boot: (request) => this.call('boot', request) as Promise<void>,
      handleAll: (inputs) => this.call('handleAll', inputs) as ReturnType<NodeHostApi['handleAll']>,
    };
  }

  /** No call is waiting for its answer and the worker never failed: it could serve another node. */
  get idle(): boolean {
    return !this.failed && this.pending.size === 0;
  }

  /** The worker failed (its script did not load, or threw outside a call): every waiting call fails with it. */
  fail(message: string): void {
    this.failed = true;
    for (const call of this.pending.values()) call.reject(new Error(message));
    this.pending.clear();
  }

  private call(method: Method, arg: unknown): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ id, method, arg } satisfies Call);
    });
  }
}

/** The worker's end: answers each call with `host`'s result, or the message of what it threw. */
export function serveNodeHost(port: PortLike, host: Required<NodeHostApi>): void {
  port.onmessage = async (e: MessageEvent<Call>) => {
    const { id, method, arg } = e.data;
    try {
      const value = await (host[method] as (a: unknown) => Promise<unknown>).call(host, arg);
      port.postMessage({ id, value } satisfies Answer);
    } catch (err) {
      port.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies Answer);
    }
  };
}

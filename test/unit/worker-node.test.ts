// The conductor's proxy for a node in a worker: a host that does not answer within HOST_TIMEOUT_MS
// fails (and the world crashes the node), with one timer for a host's calls rather than one each.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NodeHostApi } from '../../src/conductor/node-host.ts';
import { HOST_TIMEOUT_MS, HostFailure, WorkerNode } from '../../src/conductor/worker-node.ts';
import type { ClientSpec } from '../../src/sim/node-spec.ts';

const spec: ClientSpec = {
  kind: 'client',
  id: 'c1',
  session: { name: 'c1', hosts: ['zk1'], sessionTimeout: 4000 },
  program: [],
};
const boot = { spec, seed: 1, stream: 'c1#1', luaSerial: 0 };
const input = [{ now: 0, input: { type: 'timer' as const, name: 't' } }];

function nodeWith(handleAll: NodeHostApi['handleAll']): WorkerNode {
  const api: NodeHostApi = { boot: async () => undefined, handleAll };
  return new WorkerNode('c1', { api, terminate: () => undefined }, boot);
}

describe('WorkerNode', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails a call its host does not answer within HOST_TIMEOUT_MS', async () => {
    vi.useFakeTimers();
    const node = nodeWith(() => new Promise(() => undefined));
    const call = node.handleAll(input);
    const failed = expect(call).rejects.toThrow(new HostFailure('c1', `no answer in ${HOST_TIMEOUT_MS} ms`));
    await vi.advanceTimersByTimeAsync(HOST_TIMEOUT_MS - 1);
    let settled = false;
    void call.then(
      () => (settled = true),
      () => (settled = true),
    );
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await failed;
    node.dispose();
  });

  it('a call answered in time, after others, is not failed by a timer armed for an earlier call', async () => {
    vi.useFakeTimers();
    let answer: (() => void) | null = null;
    const node = nodeWith(
      () =>
        new Promise((resolve) => {
          answer = () => resolve({ outputs: [[]], pictures: [{}] });
        }),
    );
    for (let i = 0; i < 100; i++) {
      const call = node.handleAll(input);
      await vi.advanceTimersByTimeAsync(HOST_TIMEOUT_MS / 200);
      answer!();
      await expect(call).resolves.toEqual([[]]);
      expect(node.takePicture()).toEqual({});
    }
    // 100 calls over half the timeout: one timer, not one per call.
    expect(vi.getTimerCount()).toBe(1);
    // The last call waits 1.5 timeouts after the first was made: it fails at its own deadline.
    const slow = node.handleAll(input);
    const failed = expect(slow).rejects.toBeInstanceOf(HostFailure);
    await vi.advanceTimersByTimeAsync(HOST_TIMEOUT_MS);
    await failed;
    node.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a host that throws fails the call with its message, named by the node', async () => {
    const node = nodeWith(() => Promise.reject(new Error('worker blew up')));
    await expect(node.handleAll(input)).rejects.toThrow('c1: worker blew up');
    node.dispose();
  });
});

// The conductor's calls to a node's worker (node-port.ts), over a real MessageChannel: each call
// gets its own answer whatever order they come in, a host's error comes back as the call's error
// with its message, a worker that fails fails every call still waiting, and a port is idle (its
// worker reusable) only between calls of a worker that never failed.
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeHostApi } from '../../src/conductor/node-host.ts';
import { NodePort, type PortLike, serveNodeHost } from '../../src/conductor/node-port.ts';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

function pair(host: Required<NodeHostApi>): NodePort {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  serveNodeHost(port2 as unknown as PortLike, host);
  return new NodePort(port1 as unknown as PortLike);
}

/** A host whose handleAll answers after `delays[n]` turns of the event loop, echoing its inputs. */
function slowHost(delays: number[]): Required<NodeHostApi> {
  let n = 0;
  return {
    warm: async () => undefined,
    boot: async (r) => {
      if (r.spec.id === 'bad') throw new Error('bad: no such node');
    },
    handleAll: async (inputs) => {
      for (let i = delays[n++] ?? 0; i > 0; i--) await new Promise((r) => setImmediate(r));
      return { outputs: inputs.map(() => []), pictures: inputs.map((x) => ({ now: x.now }) as never) };
    },
  };
}

const inputs = (now: number) => [{ now, input: { type: 'timer' as const, name: 't' } }];

describe('NodePort', () => {
  it('matches each answer to its call, answered out of order', async () => {
    const port = pair(slowHost([3, 0, 1]));
    const answers = await Promise.all([1, 2, 3].map((now) => port.api.handleAll(inputs(now))));
    expect(answers.map((a) => (a.pictures[0] as unknown as { now: number }).now)).toEqual([1, 2, 3]);
  });

  it("passes a host's error back with its message", async () => {
    const port = pair(slowHost([]));
    const boot = { spec: { id: 'bad' }, seed: 1, stream: 'bad#1', luaSerial: 0 } as never;
    await expect(port.api.boot(boot)).rejects.toThrow('bad: no such node');
    // The port still works after an error.
    await expect(port.api.warm()).resolves.toBeUndefined();
  });

  it('is idle (could serve another node) only with no call waiting and no failure', async () => {
    const port = pair(slowHost([2]));
    expect(port.idle).toBe(true);
    const waiting = port.api.handleAll(inputs(1));
    expect(port.idle).toBe(false);
    await waiting;
    expect(port.idle).toBe(true);
    port.fail('its worker failed: boom');
    expect(port.idle).toBe(false);
  });

  it('fails every waiting call when the worker fails', async () => {
    const port = pair(slowHost([1000]));
    const waiting = port.api.handleAll(inputs(1));
    port.fail('its worker failed: boom');
    await expect(waiting).rejects.toThrow('its worker failed: boom');
  });
});

// The generated service worker (build/offline-plugin.ts) run against a fake CacheStorage: two
// deployments under one origin must not delete each other's offline copies (issue #11, item 16).
import { describe, expect, it } from 'vitest';
import { serviceWorker } from '../../build/offline-plugin.ts';

type Handler = (event: { waitUntil(p: Promise<unknown>): void }) => void;

/** Installs and activates the worker of a build served at `scope`, over a shared set of caches. */
async function deploy(scope: string, version: string, caches: Set<string>): Promise<void> {
  const handlers: Record<string, Handler> = {};
  const self = {
    registration: { scope },
    location: new URL(scope),
    addEventListener: (type: string, h: Handler) => {
      handlers[type] = h;
    },
    skipWaiting: async () => {},
    clients: { claim: async () => {} },
  };
  const storage = {
    keys: async () => [...caches],
    delete: async (k: string) => caches.delete(k),
    open: async (k: string) => {
      caches.add(k);
      return { addAll: async () => {}, match: async () => undefined };
    },
  };
  new Function('self', 'caches', serviceWorker(['./'], version))(self, storage);
  for (const type of ['install', 'activate']) {
    let pending: Promise<unknown> = Promise.resolve();
    handlers[type]!({ waitUntil: (p) => (pending = p) });
    await pending;
  }
}

describe('the offline service worker', () => {
  it('keeps other deployments’ caches and drops its own older ones', async () => {
    const caches = new Set<string>();
    await deploy('https://example.org/main/', 'v1', caches);
    await deploy('https://example.org/pr-42/', 'v1', caches);
    expect(caches.size).toBe(2);
    await deploy('https://example.org/main/', 'v2', caches);
    expect([...caches].sort()).toEqual([
      'zk-playground@https://example.org/main/@v2',
      'zk-playground@https://example.org/pr-42/@v1',
    ]);
  });
});

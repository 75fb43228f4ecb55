// The static server the browser tests rely on: MIME types, 404s, sub-path mounting, no escape
// from its root. (Plain HTTP from Node; the page the runner opens is not used.)
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../../scripts/serve-static.ts';
import type { E2ETest } from './harness.ts';

const FILES: Record<string, string> = {
  'index.html': 'text/html',
  'a.js': 'text/javascript',
  'b.css': 'text/css',
  'c.json': 'application/json',
  'd.svg': 'image/svg+xml',
  'e.wasm': 'application/wasm',
  'sub/index.html': 'text/html',
};

/** Status of a GET sent with this exact request path (fetch would normalize the dots away). */
function rawStatus(url: string, path: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    get({ hostname, port, path }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    }).on('error', fail);
  });
}

async function withSite(base: string, body: (url: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'serve-static-'));
  const root = join(dir, 'site');
  await mkdir(join(root, 'sub'), { recursive: true });
  await writeFile(join(dir, 'secret.txt'), 'outside the root');
  for (const f of Object.keys(FILES)) await writeFile(join(root, f), f);
  const server = await serveStatic({ root, base });
  try {
    await body(server.url);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const tests: E2ETest[] = [
  {
    name: 'static server: MIME types, index files, 404',
    async run() {
      await withSite('/', async (url) => {
        for (const [file, type] of Object.entries(FILES)) {
          const res = await fetch(new URL(file, url));
          assert.equal(res.status, 200, file);
          assert.equal(res.headers.get('content-type')?.split(';')[0], type, file);
          assert.equal(await res.text(), file);
        }
        assert.equal(await (await fetch(new URL('sub/', url))).text(), 'sub/index.html');
        assert.equal((await fetch(new URL('missing.js', url))).status, 404);
        assert.equal(await rawStatus(url, '/../secret.txt'), 404);
        assert.equal(await rawStatus(url, '/..%2fsecret.txt'), 404);
        assert.equal(await rawStatus(url, '/%2e%2e/secret.txt'), 404);
      });
    },
  },
  {
    name: 'static server: mounted under a sub-path',
    async run() {
      await withSite('/nested/app/', async (url) => {
        assert.ok(url.endsWith('/nested/app/'));
        assert.equal(await (await fetch(new URL('a.js', url))).text(), 'a.js');
        const bare = await fetch(url.slice(0, -1), { redirect: 'manual' });
        assert.equal(bare.status, 301);
        assert.equal(bare.headers.get('location'), '/nested/app/');
        assert.equal((await fetch(new URL('/a.js', url))).status, 404, 'nothing outside the mount');
      });
    },
  },
];

// A tiny static file server for the built site: serves a directory under a path prefix on
// 127.0.0.1, with correct MIME types and a plain 404 for anything missing. Used by the browser
// tests and the screenshot script; also runnable by hand:
//   tsx scripts/serve-static.ts [dir=dist] [--base /nested/app/] [--port 0]
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.lua': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticServer {
  /** Absolute URL of the mounted site, ending in '/', e.g. http://127.0.0.1:41234/nested/app/ */
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Directory to serve. */
  root: string;
  /** Path prefix the site is mounted under; '/' by default. */
  base?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

/** Normalizes a mount prefix to the form '/a/b/' (or '/'). */
export function normalizeBase(base: string): string {
  const parts = base.split('/').filter((p) => p !== '');
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}

async function fileFor(root: string, base: string, urlPath: string): Promise<string | null> {
  if (!urlPath.startsWith(base)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.slice(base.length));
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const file = resolve(root, rel);
  if (file !== root && !file.startsWith(root + sep)) return null;
  const st = await stat(file).catch(() => null);
  if (st?.isFile()) return file;
  if (st?.isDirectory()) {
    const index = join(file, 'index.html');
    const ist = await stat(index).catch(() => null);
    return ist?.isFile() ? index : null;
  }
  return null;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

async function handle(root: string, base: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
    return;
  }
  const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
  // A directory URL without its trailing slash would break relative asset URLs: redirect.
  if (base !== '/' && urlPath === base.slice(0, -1)) {
    send(res, 301, 'moved\n', { location: base });
    return;
  }
  const file = await fileFor(root, base, urlPath);
  if (file === null) {
    send(res, 404, 'not found\n');
    return;
  }
  const st = await stat(file);
  res.writeHead(200, {
    'content-type': mimeType(file),
    'content-length': String(st.size),
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

export async function serveStatic(opts: ServeOptions): Promise<StaticServer> {
  const root = resolve(opts.root);
  const base = normalizeBase(opts.base ?? '/');
  const server = createServer((req, res) => {
    handle(root, base, req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `${String(err)}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

async function main(argv: string[]): Promise<void> {
  let dir = 'dist';
  let base = '/';
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--base') base = argv[++i] ?? '/';
    else if (a === '--port') port = Number(argv[++i] ?? 0);
    else dir = a;
  }
  const server = await serveStatic({ root: dir, base, port });
  console.log(`serving ${resolve(dir)} at ${server.url} (Ctrl-C to stop)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}

// npm run bridge -- --zk 127.0.0.1:2181[,host:port…] [--port 8765] [--host 127.0.0.1] [--origin URL]…
// The page's way to a real ZooKeeper (src/live/bridge-server.ts, docs/live.md): prints the token
// and the link that opens the playground in Live mode.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startBridge } from '../src/live/bridge-server.ts';
import { parseConnectString } from '../src/live/transport.ts';

const USAGE =
  'usage: npm run bridge -- --zk host:port[,host:port…] [--port 8765] [--host 127.0.0.1] [--origin http://127.0.0.1:5173]…';

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: { zk?: string; port?: string; host?: string; origin?: string[] };
try {
  ({ values } = parseArgs({
    options: {
      zk: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      origin: { type: 'string', multiple: true },
    },
    strict: true,
  }));
} catch (e) {
  fail((e as Error).message);
}
if (values.zk === undefined) fail('--zk is required');
let servers: ReturnType<typeof parseConnectString>['servers'];
try {
  const parsed = parseConnectString(values.zk);
  if (parsed.chroot !== '') fail('the bridge relays connections; give the chroot to the page, not here');
  servers = parsed.servers;
} catch (e) {
  fail((e as Error).message);
}
const port = Number(values.port ?? 8765);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port ${values.port}`);
const host = values.host ?? '127.0.0.1';
const origins = values.origin ?? ['http://127.0.0.1:5173', 'http://localhost:5173', 'http://127.0.0.1:4173'];
const token = randomBytes(24).toString('hex');

const bridge = await startBridge({ servers, token, origins, host, port }).catch((e: Error) =>
  fail(`cannot listen on ${host}:${port}: ${e.message}`),
);
const ws = `ws://${host}:${bridge.port}`;
process.stdout.write(
  [
    `bridge to ZooKeeper ${values.zk} listening on ${ws}`,
    `token: ${token}`,
    `pages allowed: ${origins.join(', ')}`,
    `open: ${origins[0]}/#live=${encodeURIComponent(ws)}&token=${token}`,
    host === '127.0.0.1' || host === 'localhost'
      ? 'only this machine can connect (--host to change it)'
      : `WARNING: listening on ${host}: anyone who can reach it and has the token can use your ZooKeeper`,
    '',
  ].join('\n'),
);
const stop = () => void bridge.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

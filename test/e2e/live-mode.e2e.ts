// Live mode in the page (issue #14 item 3): a real ZooKeeper 3.8 (Debian's, started as the
// conformance suite starts it) behind the bridge, the page opened with #live=…&token=…, a small
// scenario (create, set, a lock taken by one client while another waits) run from the page's Lua
// VMs; the ring, the tree, the clients table and the lock view must show the real server's mode,
// zxid, nodes and sessions. And a clear message for each way it cannot run: no bridge, a wrong
// token, ZooKeeper down. ZooKeeper not installed fails the first test with the reason (no skip).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { type Bridge, startBridge } from '../../src/live/bridge-server.ts';
import { LiveReader, readTree } from '../../src/live/live-reader.ts';
import { TcpTransport } from '../../src/live/tcp-transport.ts';
import { parseConnectString } from '../../src/live/transport.ts';
import { validateScenario } from '../../src/scenario/validate.ts';
import { DRAFTS_STORAGE_KEY } from '../../src/share/drafts.ts';
import { encodeLink } from '../../src/share/link.ts';
import type { ZnodeView } from '../../src/sim/view/types.ts';
import { fourLetterWord, startEnsemble, unavailable } from '../conformance/zk-servers.ts';
import type { E2ETest } from './harness.ts';
import { SHOTS } from './views-page.ts';

const TOKEN = 'e2e'.repeat(16);
/** A script edit made while the bridge is unreachable: it must survive (drafts). */
const EDITED = 'print("kept while the bridge is away")';

const LOCK = `local lock = require("lock")`;
/** app writes, then holds the lock for a while; b queues behind it. */
const SCENARIO = {
  version: 1,
  name: 'live: create, set, a lock',
  seed: 1,
  duration: 20000,
  servers: { count: 1 },
  clients: [
    {
      name: 'app',
      connect: [1],
      sessionTimeout: 10000,
      script: [
        'print(zk.create("/app", "v1"))',
        'print(zk.set("/app", "v2").version)',
        LOCK,
        'local l = lock.new("/lock", { id = "app" })',
        'assert(l:acquire())',
        'l:hold(6000)',
        'l:release()',
        'zk.close()',
      ].join('\n'),
    },
    {
      name: 'b',
      connect: [1],
      start: 500,
      sessionTimeout: 10000,
      script: [
        LOCK,
        'local l = lock.new("/lock", { id = "b" })',
        'assert(l:acquire())',
        'l:hold(200)',
        'l:release()',
        'zk.close()',
      ].join('\n'),
    },
  ],
  faults: [],
};

function scenarioLink(): string {
  const v = validateScenario(SCENARIO);
  if (!v.ok) throw new Error(`the test's scenario: ${JSON.stringify(v.errors)}`);
  const link = encodeLink({ scenario: v.scenario });
  if (!link.ok) throw new Error(`the test's scenario has no link: ${link.error.message}`);
  return link.link;
}

/** Opens the page afresh on `hash` (a hash change alone does not reload it). */
async function openLive(
  page: Page,
  url: string,
  bridge: string,
  hashStart = 'example=lua-basics',
): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${url}#${hashStart}&live=${encodeURIComponent(bridge)}&token=${TOKEN}`);
  await page.waitForSelector('[data-testid="live-page"]');
}

async function withBridge<T>(zk: string, url: string, body: (b: Bridge) => Promise<T>): Promise<T> {
  const bridge = await startBridge({
    servers: parseConnectString(zk).servers,
    token: TOKEN,
    origins: [new URL(url).origin],
    host: '127.0.0.1',
    port: 0,
  });
  try {
    return await body(bridge);
  } finally {
    await bridge.close();
  }
}

/** The real server's tree, read from Node over TCP (not through the page). */
async function realTree(connect: string): Promise<ZnodeView[]> {
  const reader = await LiveReader.open(new TcpTransport(parseConnectString(connect).servers), 0);
  try {
    return (await readTree(reader)).tree;
  } finally {
    reader.close();
  }
}

const attr = (page: Page, sel: string, name: string) => page.getAttribute(sel, name);

/** A loopback port nobody listens on (the OS's pick, released): a bridge that is not there. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export const tests: E2ETest[] = [
  {
    name: 'live mode: a script runs against a real ZooKeeper, and the views show its mode, zxids, nodes and sessions',
    timeoutMs: 150_000,
    async run({ page, url }) {
      const why = unavailable();
      if (why !== null) throw new Error(`Live mode's browser test needs ZooKeeper: ${why}`);
      const zk = await startEnsemble(1, { extendedTypes: false });
      try {
        await withBridge(zk.connect, url, async (bridge) => {
          await page.setViewportSize({ width: 1280, height: 720 });
          await openLive(page, url, `ws://127.0.0.1:${bridge.port}`, scenarioLink());
          // The ring: the real server, as srvr says before anything runs.
          await page.waitForSelector('[data-testid="ring-server"][data-node="zk1"][data-role="STANDALONE"]');
          await page.waitForSelector('[data-testid="live-page"][data-phase="ready"]');
          assert.match((await page.textContent('[data-testid="live-badge"]')) ?? '', /LIVE/);
          assert.match(
            (await page.textContent('[data-testid="live-caption"]')) ?? '',
            /messages between servers/,
          );

          await page.click('[data-testid="live-run"]');
          // app holds the lock, b waits behind it: two contenders, app first.
          await page.waitForSelector('[data-testid="lock-contender"][data-client="b"]', { timeout: 30_000 });
          const holder = await attr(page, '[data-testid="lock-contender"][data-holds="true"]', 'data-client');
          assert.equal(holder, 'app');
          // The clients table's sessions are the ones the real server lists (cons).
          const cons = await fourLetterWord(zk.ports[0]!, 'cons');
          for (const c of ['app', 'b']) {
            const row = `[data-testid="client-row"][data-client="${c}"]`;
            assert.equal(await attr(page, row, 'data-state'), 'CONNECTED', `${c} is connected`);
            const session = (await attr(page, row, 'data-session')) ?? '';
            assert.ok(session !== '' && cons.includes(`sid=${session}`), `${c}'s session ${session} in cons`);
          }
          mkdirSync(SHOTS, { recursive: true });
          await page.screenshot({ path: `${SHOTS}/live-mode.png` });

          // The tree: the real server's nodes, the lock's sequential nodes included.
          await page.click('[data-testid="tab-tree"]');
          await page.waitForSelector('[data-testid="tree-row"][data-path="/app"]');
          const real = await realTree(zk.connect);
          const lockNodes = real.map((z) => z.path).filter((p) => p.startsWith('/lock/'));
          assert.equal(lockNodes.length, 2, `two lock nodes on the server: ${lockNodes.join(' ')}`);
          for (const p of lockNodes) await page.waitForSelector(`[data-testid="tree-row"][data-path="${p}"]`);
          // Stat details: /app's as the server has it (written, then set once).
          const app = real.find((z) => z.path === '/app');
          assert.ok(
            app && app.data === 'v2' && app.stat.version === 1,
            `the server's /app: ${JSON.stringify(app)}`,
          );
          await page.click('[data-testid="tree-row"][data-path="/app"]');
          assert.equal(await page.textContent('[data-testid="znode-data"]'), 'v2');
          const stat = await page.$$eval('[data-testid="znode-stat"] dt', (dts) =>
            Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent?.trim()])),
          );
          for (const k of ['czxid', 'mzxid', 'pzxid', 'version'] as const)
            assert.equal(stat[k], String(app.stat[k]), `${k} in the details`);
          // ctime and mtime are the real server's wall clock: shown as a UTC time, the ms kept.
          for (const k of ['ctime', 'mtime'] as const) {
            const ms = await page.getAttribute(
              `[data-testid="znode-stat"] dt:text-is("${k}") + dd`,
              'data-ms',
            );
            assert.equal(ms, String(app.stat[k]), `${k} in the details`);
            assert.equal(
              stat[k],
              new Date(Number(app.stat[k])).toISOString().replace('T', ' ').replace('Z', ' UTC'),
            );
          }
          await page.screenshot({ path: `${SHOTS}/live-mode-tree.png` });

          // When the run is over, the ring's zxid is the server's own (srvr), and the lock is gone.
          await page.waitForSelector('[data-testid="live-page"][data-phase="done"]', { timeout: 60_000 });
          const srvr = await fourLetterWord(zk.ports[0]!, 'srvr');
          const zxid = /Zxid: (0x[0-9a-f]+)/.exec(srvr)?.[1];
          assert.ok(zxid, `srvr has a zxid: ${srvr}`);
          await page.waitForSelector(`[data-testid="ring-server"][data-node="zk1"][data-zxid="${zxid}"]`);
          await page.waitForFunction(
            () => document.querySelectorAll('[data-testid="tree-row"][data-path^="/lock/"]').length === 0,
          );
          // The space-time lanes and the log have the clients' events.
          await page.click('[data-testid="tab-spacetime"]');
          const lanes = (await attr(page, '[data-testid="spacetime-canvas"]', 'data-lanes')) ?? '';
          assert.ok(
            ['app', 'b'].every((c) => lanes.split(' ').includes(c)),
            `lanes for both clients: ${lanes}`,
          );
          await page.click('[data-testid="tab-log"]');
          const total = Number(await attr(page, '[data-testid="log-count"]', 'data-total'));
          assert.ok(total > 10, `the log has the run's events (${total})`);
          // Leave the page before the bridge goes (it would say the bridge has gone).
          await page.goto('about:blank');
        });
      } finally {
        await zk.stop();
      }
    },
  },
  {
    name: 'live mode: a bridge that is not there says so, and the page keeps working',
    expectedProblems: [/ERR_CONNECTION_REFUSED/],
    async run({ page, url }) {
      const port = await closedPort();
      await openLive(page, url, `ws://127.0.0.1:${port}`);
      const alert = page.locator('[data-testid="live-problem"]');
      await alert.waitFor();
      assert.match(
        (await alert.textContent()) ?? '',
        new RegExp(`No bridge answers at ws://127.0.0.1:${port}: start it with npm run bridge`),
      );
      assert.match((await alert.textContent()) ?? '', /your scripts stay/);
      assert.equal(await page.isDisabled('[data-testid="live-run"]'), true);
      // The scripts are still there to read and edit, and an applied edit is kept on this device.
      await page.click('[data-testid="tab-editor"]');
      const editor = '[data-testid="script-editor"]';
      await page.waitForSelector(`${editor}[data-ready="true"]`, { timeout: 30_000 });
      await page.click(`${editor} .view-lines`);
      await page.keyboard.press('ControlOrMeta+A');
      await page.evaluate((t) => {
        const data = new DataTransfer();
        data.setData('text/plain', t);
        document.activeElement?.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      }, EDITED);
      await page.click('[data-testid="editor-apply"]');
      await page.waitForFunction(
        ([key, text]) =>
          (JSON.parse(localStorage.getItem(key) ?? '[]') as { scenarioText: string }[]).some((d) =>
            (JSON.parse(d.scenarioText) as { clients: { script?: string }[] }).clients.some(
              (c) => c.script === text,
            ),
          ),
        [DRAFTS_STORAGE_KEY, EDITED] as const,
      );
    },
  },
  {
    name: 'live mode: a wrong token says to open the link the bridge printed',
    expectedProblems: [/401/],
    async run({ page, url }) {
      await withBridge(`127.0.0.1:${await closedPort()}`, url, async (bridge) => {
        await page.goto('about:blank');
        await page.goto(`${url}#example=lua-basics&live=ws://127.0.0.1:${bridge.port}&token=wrong`);
        const alert = page.locator('[data-testid="live-problem"]');
        await alert.waitFor();
        assert.match(
          (await alert.textContent()) ?? '',
          /refused the token: open the link the bridge printed/,
        );
      });
    },
  },
  {
    name: 'live mode: ZooKeeper down behind the bridge says so',
    async run({ page, url }) {
      await withBridge(`127.0.0.1:${await closedPort()}`, url, async (bridge) => {
        await openLive(page, url, `ws://127.0.0.1:${bridge.port}`);
        const alert = page.locator('[data-testid="live-problem"]');
        await alert.waitFor();
        assert.match(
          (await alert.textContent()) ?? '',
          /none of its 1 ZooKeeper server does \(zk1: down\): is ZooKeeper running\?/,
        );
        await page.waitForSelector('[data-testid="ring-server"][data-node="zk1"][data-role="CRASHED"]');
        await page.goto('about:blank');
      });
    },
  },
];

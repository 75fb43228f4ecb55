// Real ZooKeeper servers for the conformance suite: Debian's `zookeeper` package (3.8), started as
// plain JVM processes on loopback ports with their data in a temporary directory, and stopped by
// PID. A standalone server and a 3-server ensemble; `.ci/run` installs the package when missing.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's zookeeper package puts its jar (its dependencies come with its manifest's Class-Path). */
export const ZOOKEEPER_JAR = process.env.ZOOKEEPER_JAR ?? '/usr/share/java/zookeeper.jar';
const JAVA = process.env.JAVA ?? '/usr/bin/java';

/** Why real servers cannot be started here, or null when they can. */
export function unavailable(): string | null {
  if (!existsSync(JAVA)) return `no Java at ${JAVA}`;
  if (!existsSync(ZOOKEEPER_JAR)) return `no ZooKeeper at ${ZOOKEEPER_JAR} (apt-get install zookeeper)`;
  return null;
}

export interface ServerOptions {
  /** zookeeper.extendedTypesEnabled: TTL nodes (the simulator's servers.extendedTypes). */
  extendedTypes: boolean;
}

export interface Ensemble {
  /** "127.0.0.1:port,…", server 1 first. */
  readonly connect: string;
  readonly ports: number[];
  stop(): Promise<void>;
}

/** A port nobody listens on now (the OS picks it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A four-letter word's answer ('' when the server does not answer). */
export function fourLetterWord(port: number, word: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = createConnection({ host: '127.0.0.1', port });
    const done = () => {
      s.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    s.setTimeout(timeoutMs, done);
    s.on('connect', () => s.write(word));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', done);
    s.on('close', done);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Servers not stopped yet: killed if this process ends first (a crash, an interrupt, an exit). */
const running = new Set<ChildProcess>();
let exitHook = false;
function track(p: ChildProcess): ChildProcess {
  running.add(p);
  p.once('exit', () => running.delete(p));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const q of running) q.kill('SIGKILL');
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        for (const q of running) q.kill('SIGKILL');
        process.exit(130);
      });
  }
  return p;
}

/** Waits until something answers a four-letter word on `port` (a server up, serving or not). */
async function answering(port: number, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while ((await fourLetterWord(port, 'srvr', 500)) === '') {
    if (Date.now() > deadline) throw new Error(`nothing answers on port ${port}`);
    await sleep(100);
  }
}

/**
 * Starts `count` servers (1: standalone; 3: an ensemble) and resolves once every one serves
 * (standalone / leader / follower in `srvr`). The simulator's matching settings: tickTime 2000,
 * initLimit 10, syncLimit 5, containers checked every second (znode.container.checkIntervalMs).
 */
export async function startEnsemble(
  count: number,
  options: ServerOptions,
  readyMs = 60_000,
): Promise<Ensemble> {
  const dir = await mkdtemp(join(tmpdir(), 'zk-conformance-'));
  const ports: number[] = [];
  const quorum: string[] = [];
  for (let i = 1; i <= count; i++) {
    ports.push(await freePort());
    if (count > 1) quorum.push(`server.${i}=127.0.0.1:${await freePort()}:${await freePort()}`);
  }
  const procs: ChildProcess[] = [];
  const stop = async () => {
    for (const p of procs) if (p.pid !== undefined && p.exitCode === null) process.kill(p.pid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    for (const p of procs) {
      while (p.exitCode === null && p.signalCode === null && Date.now() < deadline) await sleep(50);
      if (p.pid !== undefined && p.exitCode === null && p.signalCode === null) process.kill(p.pid, 'SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // The highest id first, and the others once it answers: the first election then has it and the
    // next highest, and elects the highest id, as the simulator's ensemble (all starting at once)
    // does — whichever JVM happens to start first.
    for (let i = count; i >= 1; i--) {
      if (count > 1 && i === count - 1) await answering(ports[count - 1]!, readyMs);
      const data = join(dir, `zk${i}`);
      await mkdir(data, { recursive: true });
      if (count > 1) await writeFile(join(data, 'myid'), `${i}\n`);
      const cfg = join(data, 'zoo.cfg');
      await writeFile(
        cfg,
        [
          'tickTime=2000',
          'initLimit=10',
          'syncLimit=5',
          `dataDir=${data}`,
          `clientPort=${ports[i - 1]}`,
          'clientPortAddress=127.0.0.1',
          'admin.enableServer=false',
          '4lw.commands.whitelist=*',
          ...quorum,
          '',
        ].join('\n'),
      );
      const main =
        count > 1
          ? 'org.apache.zookeeper.server.quorum.QuorumPeerMain'
          : 'org.apache.zookeeper.server.ZooKeeperServerMain';
      const args = [
        '-Xmx256m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Dznode.container.checkIntervalMs=1000',
        // No fsync of the txn log: ordering and answers are the same, writes are not slowed by the
        // disk of a busy machine (durability is not what the suite compares).
        '-Dzookeeper.forceSync=no',
        `-Dzookeeper.extendedTypesEnabled=${options.extendedTypes}`,
        '-Dzookeeper.admin.enableServer=false',
        '-cp',
        ZOOKEEPER_JAR,
        main,
        cfg,
      ];
      procs.push(track(spawn(JAVA, args, { stdio: 'ignore' })));
    }
    const deadline = Date.now() + readyMs;
    for (const port of ports) {
      for (;;) {
        const mode = /Mode: (\w+)/.exec(await fourLetterWord(port, 'srvr'))?.[1];
        if (mode === 'standalone' || mode === 'leader' || mode === 'follower') break;
        if (procs.some((p) => p.exitCode !== null))
          throw new Error('a ZooKeeper server exited while starting');
        if (Date.now() > deadline)
          throw new Error(`ZooKeeper on port ${port} did not start within ${readyMs} ms`);
        await sleep(100);
      }
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { connect: ports.map((p) => `127.0.0.1:${p}`).join(','), ports, stop };
}

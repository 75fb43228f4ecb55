// The page's Live mode without the page: a RunControl (the API the page's views and editor already
// drive) whose frames come from a real ensemble through the bridge instead of the simulator. It
// probes the bridge (a message a person can act on when it fails), reads every server's srvr, cons
// and wchc and the znode tree every `pollMs`, and on play runs the scenario's clients in this
// process's Lua VMs against the real servers (LiveRun over WebSockets). There is no time travel:
// the cursor is now, since the real ensemble moves on; seek and step do nothing.

import type { Frame, RunControl, RunStatus, StepTarget } from '../conductor/run-control.ts';
import type { PreparedVm } from '../sim/client/lua-client.ts';
import { serverNodeId } from '../sim/node-id.ts';
import type { Fault, Scenario } from '../sim/scenario-types.ts';
import type { TraceEvent } from '../sim/trace/event.ts';
import type { ClientView, ZnodeView } from '../sim/view/types.ts';
import { emptyClientView } from '../sim/view/world-view.ts';
import { parseCons, parseWchc, refusedWord } from './four-letter-text.ts';
import {
  fourLetterText,
  type LiveLink,
  probeBridge,
  type ServerStatus,
  serverStatuses,
} from './live-link.ts';
import { LiveReader, readTree, type TreeRead } from './live-reader.ts';
import { type LiveEnd, LiveRun } from './live-run.ts';
import { forBridge } from './live-scenario.ts';
import { liveWorldView, type ServerRead } from './live-world.ts';
import { type SocketFactory, WsTransport } from './ws-transport.ts';

/** Where the page stands with the bridge and the ensemble. */
export type LivePhase = 'connecting' | 'ready' | 'running' | 'done' | 'failed';

export interface LiveState {
  phase: LivePhase;
  /** Why nothing can run (bridge unreachable, wrong token, ZooKeeper down); null when all is well. */
  problem: string | null;
  /** How many servers the bridge relays to (0 before the probe). */
  servers: number;
  /** What the page changed in the scenario to run it here (live-scenario.ts). */
  notes: string[];
  /** Words a server refused (not whitelisted): what the views cannot show. */
  refused: string[];
  /** The tree was cut at the reader's limit. */
  truncated: boolean;
  /** How the last run ended. */
  end: LiveEnd | null;
}

/** A pool of Lua VMs for a scenario (LuaPool.lazy with the page's wasm and recipe modules). */
export interface VmSource {
  take(client: string): PreparedVm;
  close(): void;
}

export interface LiveSessionOptions {
  open: SocketFactory;
  fetch?: typeof fetch;
  /** Makes the VMs of a run (null when the scenario has no Lua client). */
  lua(scenario: Scenario): Promise<VmSource | null>;
  pollMs?: number;
  /** Frames at most this often while a run streams events. */
  frameMs?: number;
  /** The tree is read up to this many znodes. */
  treeLimit?: number;
}

const WORDS = ['cons', 'wchc'] as const;
/** Above this many znodes the tree is read every BIG_TREE_EVERY_MS rather than at every poll. */
const BIG_TREE = 200;
const BIG_TREE_EVERY_MS = 5000;

export class LiveSession implements RunControl {
  state: LiveState = {
    phase: 'connecting',
    problem: null,
    servers: 0,
    notes: [],
    refused: [],
    truncated: false,
    end: null,
  };
  private document: Scenario;
  private readonly listeners = new Set<(f: Frame) => void>();
  private readonly stateListeners = new Set<(s: LiveState) => void>();
  private events: TraceEvent[] = [];
  /** How many events the page has been sent; below `events.length` a frame carries the rest. */
  private sent = 0;
  private cut = false;
  private reads: ServerRead[] = [];
  private tree: { server: number; znodes: ZnodeView[] } | null = null;
  /** The last tree read (what the next may reuse) and when it was made (Date.now). */
  private lastRead: TreeRead | null = null;
  private readAt = 0;
  private reader: LiveReader | null = null;
  private run: LiveRun | null = null;
  private lastClients: ClientView[] = [];
  private runT = 0;
  private poller: ReturnType<typeof setTimeout> | undefined;
  private frameTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private polling = false;

  constructor(
    private readonly link: LiveLink,
    scenario: Scenario,
    private readonly options: LiveSessionOptions,
  ) {
    this.document = scenario;
    this.lastClients = idleClients(scenario);
    void this.connect();
  }

  /** The scenario as it will run (scripts edited in the page included). */
  get scenario(): Scenario {
    return this.document;
  }

  onState(listener: (s: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  private setState(change: Partial<LiveState>): void {
    this.state = { ...this.state, ...change };
    for (const l of this.stateListeners) l(this.state);
    this.publish();
  }

  private async connect(): Promise<void> {
    const probe = await probeBridge(this.link, this.options.fetch);
    if (this.disposed) return;
    if (!probe.ok) {
      this.setState({ phase: 'failed', problem: probe.message });
      return;
    }
    const { notes } = forBridge(this.document, probe.servers);
    this.setState({ servers: probe.servers, notes });
    await this.poll();
  }

  /** Reads every server and the tree, then again in `pollMs`; `fresh`: the tree now, whatever its size. */
  private async poll(fresh = false): Promise<void> {
    if (this.disposed || this.polling) return;
    this.polling = true;
    try {
      const statuses = await serverStatuses(this.link, this.state.servers, this.options.open);
      const refused = new Set<string>();
      this.reads = await Promise.all(statuses.map((s) => this.readServer(s, refused)));
      if (this.disposed) return;
      const serving = statuses.filter((s) => s.mode !== null);
      let problem: string | null = null;
      if (serving.length === 0) {
        // No server answers: ZooKeeper is down, or the bridge itself has gone.
        const probe = await probeBridge(this.link, this.options.fetch);
        problem = probe.ok
          ? `The bridge answers, but none of its ${statuses.length} ZooKeeper server${statuses.length === 1 ? '' : 's'} does (${statuses.map((s) => `${serverNodeId(s.server)}: ${s.problem ?? 'down'}`).join(', ')}): is ZooKeeper running?`
          : probe.message;
      }
      // The tree is one more view: when it cannot be read, the servers' state still shows.
      const tree = await this.readTree(serving, fresh || this.state.phase === 'running').then(
        () => null,
        (e: Error) => `Reading the tree failed: ${e.message}`,
      );
      const phase =
        this.state.phase === 'connecting' || this.state.phase === 'failed' ? 'ready' : this.state.phase;
      // No server serving blocks a run; a tree that cannot be read does not.
      this.setState({
        problem: problem ?? tree,
        refused: [...refused],
        phase: problem !== null && phase !== 'running' ? 'failed' : phase,
      });
    } catch (e) {
      this.setState({ problem: `Reading the ensemble failed: ${(e as Error).message}` });
    } finally {
      this.polling = false;
      if (!this.disposed) this.poller = setTimeout(() => void this.poll(), this.options.pollMs ?? 1000);
    }
  }

  private async readServer(status: ServerStatus, refused: Set<string>): Promise<ServerRead> {
    if (status.mode === null) return { status, cons: null, wchc: null };
    const [cons, wchc] = await Promise.all(
      WORDS.map((w) => fourLetterText(this.link, status.server - 1, w, this.options.open)),
    );
    const no = (word: string, text: string) => {
      const why = refusedWord(text);
      if (why) refused.add(`${word} (${why})`);
      return why !== null;
    };
    return {
      status,
      cons: no('cons', cons!) ? null : parseCons(cons!),
      wchc: no('wchc', wchc!) ? null : parseWchc(wchc!),
    };
  }

  /** The tree from the leader (or a standalone server): the state every server converges to. */
  private async readTree(serving: ServerStatus[], force: boolean): Promise<void> {
    const best = serving.find((s) => s.mode === 'leader' || s.mode === 'standalone') ?? serving[0] ?? null;
    if (best === null) {
      this.reader?.close();
      this.reader = null;
      this.tree = null;
      return;
    }
    if (this.reader && (!this.reader.alive || this.reader.server !== best.server - 1)) {
      this.reader.close();
      this.reader = null;
    }
    if (!this.reader) {
      const transport = new WsTransport(
        this.link.bridge,
        this.link.token,
        this.state.servers,
        this.options.open,
      );
      this.reader = await LiveReader.open(transport, best.server - 1);
      if (this.disposed) this.reader.close();
    }
    // A large tree is read less often: each read asks the server for every znode's data.
    const every = (this.lastRead?.tree.length ?? 0) > BIG_TREE ? BIG_TREE_EVERY_MS : 0;
    const now = Date.now();
    if (!force && this.tree?.server === best.server && now - this.readAt < every) return;
    const read = await readTree(this.reader, '/', this.options.treeLimit ?? 2000, this.lastRead);
    this.lastRead = read;
    this.readAt = now;
    this.tree = { server: best.server, znodes: read.tree };
    if (read.truncated !== this.state.truncated) this.state = { ...this.state, truncated: read.truncated };
  }

  // RunControl -------------------------------------------------------------------------------

  /** Runs the scenario's clients against the real ensemble (a fresh run each time). */
  play(_speed: number): void {
    if (this.run || this.state.phase === 'connecting' || this.state.phase === 'failed') return;
    void this.start();
  }

  private async start(): Promise<void> {
    const { scenario, notes } = forBridge(this.document, this.state.servers);
    this.events = [];
    this.cut = true;
    this.sent = 0;
    this.runT = 0;
    this.setState({ phase: 'running', notes, end: null });
    let lua: VmSource | null = null;
    try {
      lua = await this.options.lua(scenario);
      const transport = new WsTransport(
        this.link.bridge,
        this.link.token,
        this.state.servers,
        this.options.open,
      );
      const pool = lua;
      const run = new LiveRun(scenario, {
        transport,
        ...(pool ? { vm: (c: string) => pool.take(c) } : {}),
        onEvent: (e) => {
          this.events.push(e);
          this.runT = e.t;
          this.schedule();
        },
        // A script that ends with its session open (a lock holder that never closes) ends the run
        // once it has been quiet for this long, rather than at the scenario's duration.
        settleMs: 1500,
      });
      this.run = run;
      const end = await run.run();
      this.lastClients = run.clientViews();
      this.runT = run.now;
      this.setState({ phase: 'done', end });
    } catch (e) {
      this.setState({ phase: 'done', problem: `The run could not start: ${(e as Error).message}` });
    } finally {
      this.run = null;
      lua?.close();
      // What the run left on the servers, read now rather than at the next poll.
      void this.poll(true);
    }
  }

  pause(): void {
    this.run?.stop();
  }

  step(_target?: StepTarget): Promise<boolean> {
    return Promise.resolve(false);
  }

  cancelSearch(): void {}

  seek(_t: number): Promise<void> {
    return Promise.resolve();
  }

  inject(_fault: unknown): Promise<void> {
    return Promise.resolve();
  }

  /** Takes effect at the next run: a running client keeps the script it started with. */
  editScript(client: string, script: string): Promise<void> {
    this.document = {
      ...this.document,
      clients: this.document.clients.map((c) => (c.name === client ? { ...c, script } : c)),
      faults: this.document.faults.filter((f: Fault) => !(f.action === 'script' && f.target === client)),
    };
    this.publish();
    return Promise.resolve();
  }

  /** Replaces the scenario (another example picked): the next run runs it. */
  load(scenario: Scenario): void {
    this.run?.stop();
    this.document = scenario;
    this.lastClients = idleClients(scenario);
    this.events = [];
    this.cut = true;
    this.sent = 0;
    this.setState({ notes: forBridge(scenario, this.state.servers).notes, end: null });
  }

  reset(): Promise<void> {
    this.load(this.document);
    return Promise.resolve();
  }

  subscribe(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    listener(this.frame(true));
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.poller);
    clearTimeout(this.frameTimer);
    this.run?.stop();
    this.reader?.close();
    this.listeners.clear();
    this.stateListeners.clear();
  }

  private schedule(): void {
    if (this.frameTimer !== undefined) return;
    this.frameTimer = setTimeout(() => {
      this.frameTimer = undefined;
      this.publish();
    }, this.options.frameMs ?? 50);
  }

  private publish(): void {
    if (this.listeners.size === 0) return;
    const f = this.frame(false);
    for (const l of this.listeners) l(f);
  }

  /** A frame of the views' state now; `all`: every event (a new subscriber). */
  private frame(all: boolean): Frame {
    const from = all || this.cut ? 0 : this.sent;
    this.cut = false;
    const events = this.events.slice(from);
    this.sent = this.events.length;
    const clients = this.run ? this.run.clientViews() : this.lastClients;
    const t = this.run ? this.run.now : this.runT;
    const status: RunStatus =
      this.state.phase === 'running' ? 'playing' : this.state.phase === 'done' ? 'done' : 'paused';
    return {
      status,
      t,
      frontier: t,
      duration: this.document.duration,
      speed: 1,
      from,
      events,
      cursorIndex: this.events.length,
      view: liveWorldView({
        t,
        servers: this.reads,
        tree: this.tree,
        clients,
        readerSession: this.reader?.session ?? null,
        events: this.events,
      }),
      violations: [],
      scenario: this.document,
      hash: null,
      error: null,
      search: null,
      notice: null,
      jumped: false,
    };
  }
}

/** Clients before a run: not started. */
function idleClients(scenario: Scenario): ClientView[] {
  return scenario.clients.map((c) => ({
    ...emptyClientView(c.name),
    up: false,
    paused: false,
    started: false,
  }));
}

// A scenario document → a running world: one server node per id, one client per script, the
// fault schedule, and the trace. The same code runs in Node (CLI, tests) and in the browser.

import { stepToRequest } from './client/program-steps.ts';
import { applyFault, type FaultContext } from './faults.ts';
import { type NodeHost, World } from './kernel/world.ts';
import type { LuaPool } from './lua-pool.ts';
import type { ZkMessage } from './messages.ts';
import { serverNodeId } from './node-id.ts';
import { buildNode, type ClientSpec, type NodeSpec, type ServerSpec } from './node-spec.ts';
import type { Scenario } from './scenario-types.ts';
import { DEFAULT_MAX_BUFFER } from './server/request-size.ts';
import type { TraceEvent } from './trace/event.ts';
import { TraceRecorder } from './trace/recorder.ts';

export interface Simulation {
  readonly now: number;
  /**
   * Process every event up to and including virtual time t; returns the events recorded by this
   * call. Synchronous: every Lua VM the run takes must be made already (LuaPool.prepare).
   */
  runUntil(t: number): TraceEvent[];
  /**
   * The same run as runUntil(t), for a pool that makes VMs when needed (LuaPool.lazy): before each
   * step that may start a Lua incarnation it awaits the VM, so the trace is runUntil's.
   */
  advance(t: number): Promise<void>;
  /** True once the clock has reached the scenario's duration or nothing is left to happen. */
  done(): boolean;
  /** SHA-256 (hex) of the canonical trace so far. */
  traceHash(): string;
  readonly trace: TraceRecorder;
  readonly world: World<ZkMessage>;
}

// Callers that assemble runs still import the naming rule from here; it lives in node-id.ts.
export { serverNodeId };

/** Container check interval: the observed 3.8 server ran with 1 s (ZooKeeper's default is 60 s). */
const CONTAINER_CHECK_MS = 1000;
const SNAP_COUNT = 100_000;

export interface SimulationOptions {
  /** The VMs of the scenario's Lua clients (src/sim/lua-pool.ts); required when any client runs Lua. */
  lua?: LuaPool;
  /**
   * Host every node elsewhere (a Web Worker): called at each start with the node's spec and the
   * name of its random stream; run the world with stepBatch then. `luaSerial` counts the Lua
   * incarnations of a client (1, 2, ...), which is what LuaPool seeds their VMs by.
   */
  host?: (spec: NodeSpec, stream: string, luaSerial: number) => NodeHost<ZkMessage>;
}

export function createSimulation(scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const trace = new TraceRecorder();
  const world = new World<ZkMessage>(scenario.seed, scenario.network, trace.record);
  const addresses: Record<string, string> = {};
  const s = scenario.servers;
  const voters = range(1, s.count);
  const observers = range(s.count + 1, s.count + (s.observers ?? 0));
  const specs = new Map<string, () => NodeSpec>();
  for (const sid of [...voters, ...observers]) {
    const id = serverNodeId(sid);
    addresses[id] = `10.0.0.${sid}`;
    const spec: ServerSpec = {
      kind: 'server',
      id,
      config: {
        sid,
        tickTime: s.tickTime,
        initLimit: s.initLimit,
        syncLimit: s.syncLimit,
        voters,
        observers,
        bugs: [...(s.bugs ?? [])],
        minSessionTimeout: s.minSessionTimeout ?? 2 * s.tickTime,
        maxSessionTimeout: s.maxSessionTimeout ?? 20 * s.tickTime,
        extendedTypes: s.extendedTypes,
        containerCheckMs: s.containerCheckIntervalMs ?? CONTAINER_CHECK_MS,
        snapCount: SNAP_COUNT,
        maxBuffer: s.maxBuffer ?? DEFAULT_MAX_BUFFER,
      },
      addresses,
    };
    specs.set(id, () => spec);
  }
  // The script each client runs from its next start on: a `script` fault replaces it.
  const scripts = new Map<string, string>();
  scenario.clients.forEach((c, i) => {
    addresses[c.name] = `10.0.1.${i + 1}`;
    if (c.script !== undefined) scripts.set(c.name, c.script);
    const session = {
      name: c.name,
      hosts: c.connect.map(serverNodeId),
      sessionTimeout: c.sessionTimeout,
      ...(c.randomizeHosts === false ? { randomizeHosts: false } : {}),
    };
    const program = c.program.map(stepToRequest);
    specs.set(c.name, (): ClientSpec => {
      const script = scripts.get(c.name);
      return script === undefined
        ? { kind: 'client', id: c.name, session, program }
        : { kind: 'client', id: c.name, session, program, script };
    });
  });
  const luaSerial = new Map<string, number>();
  for (const [id, spec] of specs) {
    const client = scenario.clients.find((c) => c.name === id);
    world.add(
      id,
      (nodeId, rng, incarnation) => {
        const current = spec();
        const lua = current.kind === 'client' && current.script !== undefined;
        const serial = lua ? (luaSerial.get(id) ?? 0) + 1 : 0;
        if (lua) luaSerial.set(id, serial);
        if (options.host) return options.host(current, `${nodeId}#${incarnation}`, serial);
        return buildNode(current, rng, lua ? takeVm(options.lua, id) : undefined);
      },
      client ? client.start : 0,
    );
  }
  // Each client's session as the trace tells it (client.session), for the `expire` fault; only
  // runs that have one pay for watching every event.
  const sessions = new Map<string, string | null>();
  if (scenario.faults.some((f) => f.action === 'expire'))
    trace.onEvent((e) => {
      if (e.kind !== 'client.session') return;
      const live = e.state === 'SyncConnected';
      sessions.set(String(e.client), live ? sessionHex(e.session) : null);
    });
  const faultContext: FaultContext = {
    servers: [...voters, ...observers].map(serverNodeId),
    sessionOf: (client) => (world.isUp(client) ? (sessions.get(client) ?? null) : null),
  };
  for (const fault of scenario.faults)
    world.at(fault.at, () => {
      if (fault.action === 'script') scripts.set(fault.target, fault.script);
      applyFault(world, fault, faultContext);
    });

  return {
    get now() {
      return world.now;
    },
    runUntil(t: number): TraceEvent[] {
      const from = trace.events.length;
      world.runUntil(Math.min(t, scenario.duration));
      return trace.events.slice(from);
    },
    async advance(t: number): Promise<void> {
      const until = Math.min(t, scenario.duration);
      const pool = options.lua;
      if (pool)
        for (let next = world.nextTime(); next !== undefined && next <= until; next = world.nextTime()) {
          if (pool.needs(next)) await pool.ensure(next);
          world.step();
        }
      world.runUntil(until);
    },
    done(): boolean {
      const next = world.nextTime();
      return world.now >= scenario.duration || next === undefined || next > scenario.duration;
    },
    traceHash: () => trace.hash(),
    trace,
    world,
  };
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

function takeVm(pool: LuaPool | undefined, client: string) {
  if (!pool)
    throw new Error(`client '${client}' runs Lua: the run needs a LuaPool (options.lua) for its VMs`);
  return pool.take(client);
}

const sessionHex = (v: unknown): string =>
  typeof v === 'bigint' ? `0x${BigInt.asUintN(64, v).toString(16)}` : String(v);

// A scenario document → a running world: one server node per id, one client per script, the
// fault schedule, and the trace. The same code runs in Node (CLI, tests) and in the browser.

import { stepToRequest } from '../scenario/steps.ts';
import type { Scenario } from '../scenario/types.ts';
import { LuaClient } from './client/lua-client.ts';
import { ProgramClient } from './client/program-client.ts';
import { applyFault } from './faults.ts';
import { World } from './kernel/world.ts';
import type { LuaPool } from './lua-pool.ts';
import type { ZkMessage } from './messages.ts';
import { ZooKeeperServer } from './server/server.ts';
import type { TraceEvent } from './trace/event.ts';
import { TraceRecorder } from './trace/recorder.ts';

export interface Simulation {
  readonly now: number;
  /** Process every event up to and including virtual time t; returns the events recorded by this call. */
  runUntil(t: number): TraceEvent[];
  /** True once the clock has reached the scenario's duration or nothing is left to happen. */
  done(): boolean;
  /** SHA-256 (hex) of the canonical trace so far. */
  traceHash(): string;
  readonly trace: TraceRecorder;
  readonly world: World<ZkMessage>;
}

export const serverNodeId = (sid: number) => `zk${sid}`;

/** Container check interval: the observed 3.8 server ran with 1 s (ZooKeeper's default is 60 s). */
const CONTAINER_CHECK_MS = 1000;
const SNAP_COUNT = 100_000;

export interface SimulationOptions {
  /** The VMs of the scenario's Lua clients (LuaPool.prepare); required when any client has a script. */
  lua?: LuaPool;
}

export function createSimulation(scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const trace = new TraceRecorder();
  const world = new World<ZkMessage>(scenario.seed, scenario.network, trace.record);
  const addresses = new Map<string, string>();
  const s = scenario.servers;
  const voters = range(1, s.count);
  const observers = range(s.count + 1, s.count + (s.observers ?? 0));
  for (const sid of [...voters, ...observers]) {
    const id = serverNodeId(sid);
    addresses.set(id, `10.0.0.${sid}`);
    world.add(
      id,
      (nodeId) =>
        new ZooKeeperServer(nodeId, {
          sid,
          tickTime: s.tickTime,
          initLimit: s.initLimit,
          syncLimit: s.syncLimit,
          voters,
          observers,
          bugs: new Set(s.bugs ?? []),
          minSessionTimeout: s.minSessionTimeout ?? 2 * s.tickTime,
          maxSessionTimeout: s.maxSessionTimeout ?? 20 * s.tickTime,
          extendedTypes: s.extendedTypes,
          containerCheckMs: CONTAINER_CHECK_MS,
          snapCount: SNAP_COUNT,
          addressOf: (peer) => addresses.get(peer) ?? '0.0.0.0',
        }),
      0,
    );
  }
  // The script each client runs from its next start on: a `script` fault replaces it.
  const scripts = new Map<string, string>();
  scenario.clients.forEach((c, i) => {
    addresses.set(c.name, `10.0.1.${i + 1}`);
    const base = { name: c.name, hosts: c.connect.map(serverNodeId), sessionTimeout: c.sessionTimeout };
    if (c.script !== undefined) scripts.set(c.name, c.script);
    const program = c.program.map(stepToRequest);
    world.add(
      c.name,
      (nodeId, rng) => {
        const script = scripts.get(c.name);
        if (script === undefined) return new ProgramClient(nodeId, { ...base, program }, rng);
        const pool = options.lua;
        if (!pool)
          throw new Error(`client '${c.name}' has a Lua script: prepare its VMs with LuaPool.prepare first`);
        return new LuaClient(nodeId, { ...base, script }, rng, pool.take(c.name));
      },
      c.start,
    );
  });
  for (const fault of scenario.faults)
    world.at(fault.at, () => {
      if (fault.action === 'script') scripts.set(fault.target, fault.script);
      applyFault(world, fault);
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

// The checker: runs a set of invariants over a trace, offline (a finished run) or online (attached
// to a running simulation, recording each violation into the trace as `check.violation`).
import type { World } from '../kernel/world.ts';
import type { ZkMessage } from '../messages.ts';
import { serverNodeId } from '../node-id.ts';
import { ZooKeeperServer } from '../server/server.ts';
import type { TraceEvent } from '../trace/event.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import { INVARIANTS } from './registry.ts';
import type { FinishContext, Invariant, InvariantFactory, Violation } from './types.ts';

/** The kind of the events the online checker records; the checker itself ignores them. */
export const VIOLATION_KIND = 'check.violation';

export class Checker {
  readonly violations: Violation[] = [];
  private readonly invariants: Invariant[];
  private readonly byKind = new Map<string, Invariant[]>();
  private readonly everyKind: Invariant[] = [];
  private finished = false;

  constructor(factories: readonly InvariantFactory[] = INVARIANTS) {
    this.invariants = factories.map((f) => f());
    for (const inv of this.invariants) {
      if (inv.kinds === undefined) {
        this.everyKind.push(inv);
        continue;
      }
      for (const k of inv.kinds) {
        const list = this.byKind.get(k) ?? [];
        list.push(inv);
        this.byKind.set(k, list);
      }
    }
  }

  /** Names and descriptions, in order. */
  get rules(): { name: string; describe: string }[] {
    return this.invariants.map((i) => ({ name: i.name, describe: i.describe }));
  }

  /** Feed one event (with its index in the trace); returns the violations it revealed. */
  observe(e: TraceEvent, index: number): Violation[] {
    if (e.kind === VIOLATION_KIND) return [];
    const found: Violation[] = [];
    for (const inv of this.byKind.get(e.kind) ?? []) {
      const v = inv.observe(e, index);
      if (v && v.length > 0) found.push(...v);
    }
    for (const inv of this.everyKind) {
      const v = inv.observe(e, index);
      if (v && v.length > 0) found.push(...v);
    }
    this.violations.push(...found);
    return found;
  }

  /** The final checks (once): over the whole run and the servers that are up at its end. */
  finish(ctx: FinishContext): Violation[] {
    if (this.finished) return [];
    this.finished = true;
    const found = this.invariants.flatMap((inv) => inv.finish?.(ctx) ?? []);
    this.violations.push(...found);
    return found;
  }
}

/** Offline: check a finished run's events and the servers that are up at its end. */
export function checkRun(
  events: readonly TraceEvent[],
  servers: readonly ZooKeeperServer[],
  factories: readonly InvariantFactory[] = INVARIANTS,
): Violation[] {
  const checker = new Checker(factories);
  for (let i = 0; i < events.length; i++) checker.observe(events[i]!, i);
  checker.finish({ events, servers, t: events.at(-1)?.t ?? 0 });
  return checker.violations;
}

/**
 * What the checker reads of a running simulation: its clock, its trace and its nodes. A
 * Simulation (src/sim/simulation.ts, the layer above) is one; the checker does not import it.
 */
export interface CheckedRun {
  readonly now: number;
  readonly trace: TraceRecorder;
  readonly world: Pick<World<ZkMessage>, 'node' | 'disk'>;
}

/** The servers (zk<sid> nodes) that are up right now. */
export function liveServers(sim: Pick<CheckedRun, 'world'>): ZooKeeperServer[] {
  const out: ZooKeeperServer[] = [];
  for (let sid = 1; ; sid++) {
    const id = serverNodeId(sid);
    if (sim.world.disk(id) === undefined) return out;
    const node = sim.world.node(id);
    if (node instanceof ZooKeeperServer) out.push(node);
  }
}

export interface OnlineChecker {
  readonly checker: Checker;
  readonly violations: readonly Violation[];
  /** Run the final checks against the simulation's current state and record what they find. */
  finish(): Violation[];
}

/**
 * Online: check every event as the simulation records it; each violation is recorded right after
 * the event that revealed it as `check.violation {invariant, message, events}` (the recorder
 * delivers events recorded from inside a listener after the current one, in order).
 */
export function attachChecker(sim: CheckedRun, factories?: readonly InvariantFactory[]): OnlineChecker {
  const checker = new Checker(factories);
  const record = (v: Violation) =>
    sim.trace.record({
      t: v.t,
      kind: VIOLATION_KIND,
      invariant: v.invariant,
      message: v.message,
      events: v.events,
    });
  // What was recorded before attaching is checked first.
  const before = sim.trace.events.slice();
  for (let i = 0; i < before.length; i++) for (const v of checker.observe(before[i]!, i)) record(v);
  sim.trace.onEvent((e, i) => {
    for (const v of checker.observe(e, i)) record(v);
  });
  return {
    checker,
    get violations() {
      return checker.violations;
    },
    finish() {
      const events = sim.trace.events;
      const found = checker.finish({ events, servers: liveServers(sim), t: sim.now });
      for (const v of found) record(v);
      return found;
    },
  };
}

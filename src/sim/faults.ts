// Scenario faults → what the world does. Every fault is traced as `fault` with its own fields, so a
// reader of the trace sees the cause before the effects.

import type { Message, World } from './kernel/world.ts';
import type { Fault } from './scenario-types.ts';

/** What a fault may need to know of the run beyond the world. */
export interface FaultContext {
  servers: readonly string[];
  /** The client's current session id (0x-hex), if it has one. */
  sessionOf(client: string): string | null;
}

export function applyFault<M extends Message>(world: World<M>, fault: Fault, ctx: FaultContext): void {
  const { at: _at, ...fields } = fault;
  // An expiry names the session it ends; a script's text is in the scenario, the trace says only
  // that it changed.
  const session = fault.action === 'expire' ? ctx.sessionOf(fault.target) : null;
  const traced =
    fields.action === 'expire'
      ? { ...fields, session }
      : fields.action === 'script'
        ? { ...fields, script: `${fields.script.length} chars` }
        : fields;
  world.trace({ kind: 'fault', ...traced });
  switch (fault.action) {
    case 'crash':
      world.crash(fault.target, fault.keepUnsynced ?? false);
      return;
    case 'restart':
      world.start(fault.target);
      return;
    case 'pause':
      world.pause(fault.target);
      return;
    case 'resume':
      world.resume(fault.target);
      return;
    case 'partition':
      world.partition(fault.groups);
      return;
    case 'heal':
      world.heal();
      return;
    case 'cut':
    case 'uncut':
      world.cut(fault.from, fault.to, fault.action === 'cut');
      return;
    case 'delay':
      world.network.setDelay(fault.from, fault.to, fault.ms);
      return;
    case 'drop':
      world.network.setDropRate(fault.from, fault.to, fault.rate);
      return;
    case 'skew':
      world.skew(fault.target, fault.ms);
      return;
    case 'expire':
      // Every server is told; only the one that tracks sessions (leader, standalone) acts on it.
      if (session !== null) for (const id of ctx.servers) world.command(id, 'expireSession', session);
      return;
    case 'stop-heartbeats':
    case 'resume-heartbeats':
      world.command(fault.target, 'heartbeats', fault.action === 'stop-heartbeats' ? 'off' : 'on');
      return;
    case 'script':
      // The new script was handed to the client's factory (simulation.ts): a new process runs it.
      world.crash(fault.target, false);
      world.start(fault.target);
      return;
  }
}

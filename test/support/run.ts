// Run a scenario (given as a partial document, validated with defaults) to its end, for tests.
import { validateScenario } from '../../src/scenario/validate.ts';
import { createSimulation, type Simulation } from '../../src/sim/simulation.ts';
import { type EventOf, isKind, type TraceEvent, type TraceKind } from '../../src/sim/trace/event.ts';

export function simulate(doc: Record<string, unknown>): { sim: Simulation; events: TraceEvent[] } {
  const v = validateScenario({ version: 1, seed: 1, duration: 30_000, ...doc });
  if (!v.ok) throw new Error(`test scenario invalid: ${JSON.stringify(v.errors)}`);
  const sim = createSimulation(v.scenario);
  sim.runUntil(v.scenario.duration);
  return { sim, events: sim.trace.events };
}

export const ofKind = <K extends TraceKind>(events: readonly TraceEvent[], kind: K, client?: string) =>
  events.filter((e): e is EventOf<K> => isKind(e, kind) && (client === undefined || e.client === client));

export const replies = (events: readonly TraceEvent[], client: string) =>
  ofKind(events, 'client.reply', client);

/** The events a client saw (replies and watch/session events), in order, as compact strings. */
export function seenBy(events: readonly TraceEvent[], client: string): string[] {
  return events
    .filter((e) => e.client === client && (e.kind === 'client.reply' || e.kind === 'client.event'))
    .map((e) =>
      e.kind === 'client.reply'
        ? `reply ${e.op} ${e.path} ${e.ok ? 'ok' : e.err}`
        : `event ${e.type} ${e.type === 'None' ? e.state : e.path}`,
    );
}

// The values omitted optional fields of a scenario take (docs/scenario.md). A link made with
// engine 1 relies on them (share/compact.ts keeps its own copy, so changing these never changes
// what an old link means).
import type { ClientConfig, NetworkConfig, ServersConfig } from '../sim/scenario-types.ts';

/** The values omitted optional fields take (docs/scenario.md). */
export const SCENARIO_DEFAULTS: {
  readonly duration: number;
  readonly servers: Readonly<ServersConfig>;
  readonly network: Readonly<NetworkConfig>;
  readonly client: Readonly<Pick<ClientConfig, 'start' | 'sessionTimeout'>>;
} = {
  duration: 60_000,
  servers: { count: 1, tickTime: 2000, initLimit: 10, syncLimit: 5, extendedTypes: false },
  network: { latency: { distribution: 'uniform', min: 1, jitter: 2 }, detectMs: 2000 },
  client: { start: 0, sessionTimeout: 10_000 },
};

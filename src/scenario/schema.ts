// The scenario document (docs/scenario.md): its version, seed, duration, servers, network,
// clients and faults, each field checked and the omitted ones filled with their defaults.
import { SCENARIO_VERSION, type Scenario } from '../sim/scenario-types.ts';
import { arrayOf, type Check, string, time, uint32, withExtra } from './check-kit.ts';
import { defaulted, object, optional, required } from './check-object.ts';
import { SCENARIO_DEFAULTS } from './defaults.ts';
import { describe } from './echo.ts';
import type { KnownNodes } from './known-nodes.ts';
import { clientsCheck } from './schema-clients.ts';
import { checkRestartCount, faultCheck } from './schema-faults.ts';
import { networkCheck } from './schema-network.ts';
import { serversCheck } from './schema-servers.ts';

const formatVersion: Check<typeof SCENARIO_VERSION> = {
  expects: `the format version, ${SCENARIO_VERSION}`,
  read(value, at, errors) {
    if (value === SCENARIO_VERSION) return SCENARIO_VERSION;
    errors.push({
      path: at,
      message: `unsupported version ${describe(value)} (the supported version is ${SCENARIO_VERSION})`,
    });
    return undefined;
  },
};

export function scenarioCheck(nodes: KnownNodes) {
  return object('a scenario object', {
    version: required(formatVersion),
    name: optional(string),
    description: optional(string),
    seed: required(uint32),
    duration: defaulted(time, SCENARIO_DEFAULTS.duration),
    servers: defaulted(serversCheck, SCENARIO_DEFAULTS.servers),
    network: defaulted(networkCheck, SCENARIO_DEFAULTS.network),
    clients: defaulted(clientsCheck(nodes.serverCount), []),
    faults: defaulted(withExtra(arrayOf(faultCheck(nodes)), checkRestartCount), []),
  }) satisfies Check<Scenario>;
}

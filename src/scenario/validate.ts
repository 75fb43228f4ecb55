// Validation of a scenario document (docs/scenario.md): checks every field, reports every error
// with the JSON path of the offending value ($.clients[2].program[0].path), and fills the defaults
// of omitted optional fields. Hand-written on purpose: a handful of small checks composed.
//
// The entry points are here. The schema is in schema*.ts (the document, servers, network, clients,
// program steps, faults), written in a small validation kit (check-kit.ts, check-object.ts) whose
// messages echo values safely (echo.ts), suggest the likely typo (suggest.ts) and are counted and
// capped (errors.ts); malformed JSON is located by json-errors.ts.
import type { Scenario } from '../sim/scenario-types.ts';
import { ErrorList, type ScenarioError } from './errors.ts';
import { jsonErrorMessage } from './json-errors.ts';
import { knownNodes } from './known-nodes.ts';
import { scenarioCheck } from './schema.ts';

// Callers import the validator's limits, defaults and message helpers from here.
export { SCENARIO_DEFAULTS } from './defaults.ts';
export { clip, printable } from './echo.ts';
export { formatScenarioErrors, MAX_REPORTED_ERRORS, type ScenarioError } from './errors.ts';
export { findJsonError } from './json-errors.ts';
export { CLIENT_NAME_PATTERN } from './known-nodes.ts';
export { MAX_RESTARTS } from './schema-faults.ts';
export { MAX_SERVERS } from './schema-servers.ts';
export { suggest } from './suggest.ts';

export type ScenarioValidation = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** Validates a parsed scenario document; on success the scenario has every default filled in. */
export function validateScenario(input: unknown): ScenarioValidation {
  const errors = new ErrorList();
  const scenario = scenarioCheck(knownNodes(input)).read(input, '$', errors);
  if (scenario === undefined || errors.count > 0) return { ok: false, errors: errors.list() };
  return { ok: true, scenario };
}

/** Parses and validates scenario JSON text; malformed JSON is one error at `$` naming line and column. */
export function parseScenarioJson(text: string): ScenarioValidation {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let input: unknown;
  try {
    input = JSON.parse(source);
  } catch (e) {
    return { ok: false, errors: [{ path: '$', message: jsonErrorMessage(source, e) }] };
  }
  return validateScenario(input);
}

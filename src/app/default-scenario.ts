// The scenario the page runs when it opens: examples/standalone-basics.json, validated.
import defaultScenario from '../../examples/standalone-basics.json';
import { validateScenario } from '../scenario/validate.ts';

export type LoadedScenario = ReturnType<typeof validateScenario>;

export function loadDefaultScenario(): LoadedScenario {
  return validateScenario(defaultScenario);
}

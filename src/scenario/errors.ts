// The errors a scenario document gets: each with the JSON path of the offending value, at most
// MAX_REPORTED_ERRORS of them kept, and how they print.

export interface ScenarioError {
  /** JSON path of the offending value (or of the missing key), like `$.clients[2].program[0].path`. */
  path: string;
  message: string;
}

/**
 * At most this many errors are kept (then one more saying how many were left out): a hostile
 * document with a million bad fields gets a readable answer, not a million lines.
 */
export const MAX_REPORTED_ERRORS = 50;

/** Counts every error but keeps only the first MAX_REPORTED_ERRORS (checks compare counts). */
export class ErrorList {
  count = 0;
  private readonly kept: ScenarioError[] = [];
  push(error: ScenarioError): void {
    if (this.count++ < MAX_REPORTED_ERRORS) this.kept.push(error);
  }
  list(): ScenarioError[] {
    const left = this.count - this.kept.length;
    if (left === 0) return [...this.kept];
    const more = { path: '$', message: `… and ${left} more error(s) not shown` };
    return [...this.kept, more];
  }
}

/** One line per error: `$.seed: missing required key 'seed': …`. */
export function formatScenarioErrors(errors: readonly ScenarioError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}

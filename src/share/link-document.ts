// What a scenario link carries: the scenario (which fully determines the run) and, optionally,
// where the page was looking (view). The view never changes the run; it is checked as strictly as
// the scenario anyway, so a damaged or hand-edited link is refused rather than half-understood.

import { clip, printable } from '../scenario/echo.ts';
import type { ScenarioError } from '../scenario/errors.ts';
import type { Scenario } from '../sim/scenario-types.ts';

export interface LinkView {
  /** The timeline cursor, virtual ms. */
  t: number;
  /** Panels open on the page, by the page's own names. */
  panels?: string[];
  /** A lesson id and the step within it. */
  lesson?: string;
  step?: number;
  /** The page's language, a BCP 47 tag such as "en". */
  lang?: string;
}

export interface LinkDocument {
  scenario: Scenario;
  view?: LinkView;
  /**
   * The engine version the link was made with (src/sim/engine-version.ts). Links made before
   * versions existed have none and mean engine 1; encodeLink stamps the running engine.
   */
  engine?: number;
}

const DOCUMENT_KEYS = ['scenario', 'view', 'engine'];
const VIEW_KEYS = ['t', 'panels', 'lesson', 'step', 'lang'];

/** Errors in the document's own shape and in its view, with JSON paths; the scenario is not looked at. */
export function documentShapeErrors(doc: unknown): ScenarioError[] {
  if (!isRecord(doc)) return [{ path: '$', message: 'expected an object {"scenario": …, "view"?: …}' }];
  const errors = unknownKeys(doc, '$', DOCUMENT_KEYS);
  if (doc.scenario === undefined)
    errors.push({ path: '$.scenario', message: "missing required key 'scenario'" });
  if (doc.view !== undefined) errors.push(...viewErrors(doc.view));
  if (doc.engine !== undefined && !(isTime(doc.engine) && doc.engine !== 0)) {
    errors.push({ path: '$.engine', message: 'expected a positive integer (the engine version)' });
  }
  return errors;
}

function viewErrors(view: unknown): ScenarioError[] {
  if (!isRecord(view)) return [{ path: '$.view', message: 'expected an object {"t": …}' }];
  const errors = unknownKeys(view, '$.view', VIEW_KEYS);
  const expect = (key: string, ok: (v: unknown) => boolean, what: string, required = false) => {
    const value = view[key];
    if (value === undefined ? required : !ok(value)) {
      errors.push({ path: `$.view.${key}`, message: `expected ${what}` });
    }
  };
  expect('t', isTime, 'a non-negative integer (virtual ms)', true);
  expect('panels', (v) => Array.isArray(v) && v.every((p) => typeof p === 'string'), 'an array of strings');
  expect('lesson', (v) => typeof v === 'string', 'a string');
  expect('step', isTime, 'a non-negative integer');
  expect('lang', (v) => typeof v === 'string', 'a string');
  return errors;
}

function unknownKeys(record: Record<string, unknown>, at: string, allowed: string[]): ScenarioError[] {
  return Object.keys(record)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({
      path: childPath(at, key),
      message: `unknown key '${clip(printable(key))}' (allowed: ${allowed.join(', ')})`,
    }));
}

/** `$.view.t`, or `$.view["odd key"]` for a key that is not an identifier (as validate.ts writes paths). */
function childPath(at: string, key: string): string {
  const shown = clip(key);
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(shown) ? `${at}.${shown}` : `${at}[${JSON.stringify(shown)}]`;
}

function isTime(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

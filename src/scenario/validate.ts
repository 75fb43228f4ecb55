// Validation of a scenario document (docs/scenario.md): checks every field, reports every error
// with the JSON path of the offending value ($.clients[2].program[0].path), and fills the defaults
// of omitted optional fields. Hand-written on purpose: a handful of small checks composed below.
//
// A check reads a raw value and returns the validated value, or undefined after reporting at least
// one error. Objects are read against a table of rules (required / optional / defaulted fields),
// and every key a table does not name is reported as unknown, with a suggestion for a likely typo.

import {
  type AclSpec,
  type ClientConfig,
  type Fault,
  type LatencyModel,
  type NetworkConfig,
  type ProgramStep,
  SCENARIO_VERSION,
  type Scenario,
  type ServersConfig,
} from '../sim/scenario-types.ts';
import { isAclSpec, validateAclSpec } from '../sim/server/acl-spec.ts';
import {
  type AddWatchMode,
  CREATE_MODE_FLAGS,
  type CreateMode,
  type WatcherType,
} from '../sim/server/protocol.ts';
import { PROTOCOL_BUG_NAMES } from '../sim/server/quorum/bugs.ts';

export interface ScenarioError {
  /** JSON path of the offending value (or of the missing key), like `$.clients[2].program[0].path`. */
  path: string;
  message: string;
}

export type ScenarioValidation = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/**
 * At most this many errors are kept (then one more saying how many were left out): a hostile
 * document with a million bad fields gets a readable answer, not a million lines.
 */
export const MAX_REPORTED_ERRORS = 50;
/**
 * At most this many `restart` and `script` faults per scenario: each may start a Lua incarnation,
 * and each incarnation is a WebAssembly VM (tens of ms and about a MB to make).
 */
export const MAX_RESTARTS = 500;
/** Echoed values (unknown keys, ops, node names) are cut to this many characters. */
const ECHO_CHARS = 40;
/** "Did you mean …?" looks only at words up to this long (every key and name it offers is shorter). */
const MAX_SUGGEST_CHARS = 64;

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

export const MAX_SERVERS = 9;
export const CLIENT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
/** Node ids of servers: zk1..zkN. Client names of this form are refused. */
const SERVER_NODE_ID = /^zk(\d+)$/i;

const STEP_OPS = [
  'create',
  'delete',
  'set',
  'check',
  'get',
  'exists',
  'children',
  'multi',
  'sync',
  'get_acl',
  'set_acl',
  'add_watch',
  'remove_watches',
  'add_auth',
  'sleep',
  'close',
] as const satisfies readonly ProgramStep['op'][];
type StepOp = (typeof STEP_OPS)[number];
const MULTI_OPS = ['create', 'delete', 'set', 'check'] as const satisfies readonly StepOp[];
/** Compile-time guard: fails to type-check if types.ts gains a value this file does not list. */
type Covers<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never;
const _coversStepOps: Covers<StepOp, ProgramStep['op']> = true;

const FAULT_ACTIONS = [
  'crash',
  'restart',
  'pause',
  'resume',
  'partition',
  'heal',
  'cut',
  'uncut',
  'delay',
  'drop',
  'skew',
  'script',
  'expire',
  'stop-heartbeats',
  'resume-heartbeats',
] as const satisfies readonly Fault['action'][];
type FaultAction = (typeof FAULT_ACTIONS)[number];
const _coversFaultActions: Covers<FaultAction, Fault['action']> = true;

const DISTRIBUTIONS = ['uniform', 'normal', 'exponential'] as const satisfies LatencyModel['distribution'][];
const _coversDistributions: Covers<(typeof DISTRIBUTIONS)[number], LatencyModel['distribution']> = true;

const CREATE_MODES = Object.keys(CREATE_MODE_FLAGS).filter((mode): mode is CreateMode =>
  Object.hasOwn(CREATE_MODE_FLAGS, mode),
);

// ---------------------------------------------------------------------------------------------
// Entry points

/** Validates a parsed scenario document; on success the scenario has every default filled in. */
export function validateScenario(input: unknown): ScenarioValidation {
  const errors = new ErrorList();
  const scenario = scenarioCheck(knownNodes(input)).read(input, '$', errors);
  if (scenario === undefined || errors.count > 0) return { ok: false, errors: errors.list() };
  return { ok: true, scenario };
}

/** Counts every error but keeps only the first MAX_REPORTED_ERRORS (checks compare counts). */
class ErrorList {
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

/** One line per error: `$.seed: missing required key 'seed': …`. */
export function formatScenarioErrors(errors: readonly ScenarioError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}

function jsonErrorMessage(text: string, e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const where = jsonErrorPosition(text, raw);
  if (where !== undefined) {
    const detail = raw.replace(/ (?:in JSON )?at position \d+(?: \(line \d+ column \d+\))?$/, '');
    return `invalid JSON at line ${where.line}, column ${where.column}: ${clip(printable(detail), 200)}`;
  }
  // The engine gave no position (V8 says only `Unexpected token 'N', "NaN" is not valid JSON`):
  // find the first error ourselves, so every message says where.
  const found = findJsonError(text);
  if (found === undefined) return `invalid JSON: ${clip(printable(raw), 200)}`;
  const at = offsetToLineColumn(text, found.offset);
  return `invalid JSON at line ${at.line}, column ${at.column}: ${found.problem}`;
}

/** Control characters as \uXXXX, so a message quoting binary input cannot drive a terminal. */
export function printable(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** V8 says "at position N" (newer ones add "(line L column C)"), Firefox "at line L column C". */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } | undefined {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (position) return offsetToLineColumn(text, Number(position[1]));
  if (/unexpected end of (?:JSON )?(?:input|data)/i.test(message)) {
    return offsetToLineColumn(text, text.length);
  }
  return undefined;
}

type JsonWant = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The offset and nature of the first syntax error in `text` (RFC 8259), or undefined if there is
 * none. Iterative, with an explicit stack: deeply nested input cannot overflow the call stack.
 */
export function findJsonError(text: string): { offset: number; problem: string } | undefined {
  const stack: string[] = [];
  let want: JsonWant = 'value';
  let i = 0;
  const afterValue = (): JsonWant => (stack.length === 0 ? 'end' : 'comma-or-close');
  const bad = (offset: number, problem: string) => ({ offset, problem });
  while (true) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
      i++;
    if (i >= text.length) return want === 'end' ? undefined : bad(i, 'unexpected end of input');
    const c = text[i]!;
    switch (want) {
      case 'end':
        return bad(i, `unexpected ${charText(text, i)} after the end of the JSON value`);
      case 'colon':
        if (c !== ':') return bad(i, `expected ':' after a property name, got ${charText(text, i)}`);
        i++;
        want = 'value';
        continue;
      case 'comma-or-close': {
        const close = stack.at(-1) === '{' ? '}' : ']';
        if (c === ',') want = close === '}' ? 'key' : 'value';
        else if (c === close) {
          stack.pop();
          want = afterValue();
        } else return bad(i, `expected ',' or '${close}', got ${charText(text, i)}`);
        i++;
        continue;
      }
      case 'key':
      case 'key-or-close':
        if (want === 'key-or-close' && c === '}') {
          stack.pop();
          i++;
          want = afterValue();
          continue;
        }
        if (c !== '"') return bad(i, `expected a double-quoted property name, got ${charText(text, i)}`);
        {
          const end = scanJsonString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        }
        want = 'colon';
        continue;
      case 'value':
      case 'value-or-close':
        if (want === 'value-or-close' && c === ']') {
          stack.pop();
          i++;
          want = afterValue();
          continue;
        }
        if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          want = c === '{' ? 'key-or-close' : 'value-or-close';
          continue;
        }
        if (c === '"') {
          const end = scanJsonString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          JSON_NUMBER.lastIndex = i;
          const m = JSON_NUMBER.exec(text);
          if (m === null || m[0] === '-')
            return bad(i, `${clip(printable(text.slice(i, i + 12)), 12)} is not a JSON number`);
          i += m[0].length;
        } else {
          const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
          if (word === undefined) return bad(i, unexpectedValue(text, i));
          i += word.length;
        }
        want = afterValue();
    }
  }
}

/** The end of the string starting at `start` (a '"'), or the error in it. */
function scanJsonString(text: string, start: number): number | { offset: number; problem: string } {
  for (let j = start + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20)
      return { offset: j, problem: `${charText(text, j)} inside a string (write it as an escape)` };
    if (code === 0x5c) {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6)))
          return { offset: j, problem: 'bad \\u escape: expected four hex digits' };
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) j++;
      else
        return {
          offset: j,
          problem: `bad escape in a string: \\${next === undefined ? '' : printable(next)}`,
        };
    }
  }
  return { offset: text.length, problem: 'unterminated string (cut short?)' };
}

function unexpectedValue(text: string, i: number): string {
  for (const word of ['NaN', 'Infinity', '-Infinity', 'undefined'])
    if (text.startsWith(word, i)) return `${word} is not a JSON value (use a number or null)`;
  if (text[i] === "'") return "strings in JSON take double quotes, not '";
  return `unexpected ${charText(text, i)} where a value should be`;
}

/** A character for a message: 'x', or U+0001 for one that does not print. */
function charText(text: string, i: number): string {
  const code = text.codePointAt(i) ?? 0;
  const c = String.fromCodePoint(code);
  return printable(c) !== c || code === 0xfffd || code > 0xffff
    ? `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
    : `'${c}'`;
}

function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

// ---------------------------------------------------------------------------------------------
// Paths, descriptions, suggestions

function childPath(at: string, key: string | number): string {
  if (typeof key === 'number') return `${at}[${key}]`;
  const shown = clip(key);
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(shown) ? `${at}.${shown}` : `${at}[${JSON.stringify(shown)}]`;
}

/**
 * A string from the document as a message may echo it: at most ECHO_CHARS characters, so a
 * megabyte-long key makes a short message (the cut is marked with '…').
 */
export function clip(text: string, max = ECHO_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function quote(value: string | number): string {
  return typeof value === 'string' ? `'${clip(printable(value))}'` : String(value);
}

/** A short description of a received value for "got …". */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, at(i - 2, j - 2) + 1);
      rows[i]![j] = d;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate closest to `word` (case-insensitively), if it is close enough to be a likely typo.
 * The distance is quadratic in the lengths, so only short words are compared: a word whose length
 * differs from a candidate's by more than the allowed distance cannot be within it anyway.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_SUGGEST_CHARS) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const limit = Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3));
    if (candidate.length > MAX_SUGGEST_CHARS || Math.abs(word.length - candidate.length) > limit) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Checks

interface Check<T> {
  /** What a valid value looks like, for messages ("expected …"). */
  readonly expects: string;
  /** The validated value, or undefined after pushing at least one error. */
  read(value: unknown, at: string, errors: ErrorList): T | undefined;
}

/** A check by a type guard; a rejected value gets "expected <expects>, got <value>". */
function guard<T>(expects: string, accept: (value: unknown) => value is T): Check<T> {
  return {
    expects,
    read(value, at, errors) {
      if (accept(value)) return value;
      errors.push({ path: at, message: `expected ${expects}, got ${describe(value)}` });
      return undefined;
    },
  };
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER, expects = integerText(min, max)): Check<number> {
  return guard(
    expects,
    (v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max,
  );
}

function integerText(min: number, max: number): string {
  if (max !== Number.MAX_SAFE_INTEGER) return `an integer in ${min}..${max}`;
  if (min === 0) return 'a non-negative integer';
  if (min === 1) return 'a positive integer';
  return `an integer ≥ ${min}`;
}

const string = guard('a string', (v): v is string => typeof v === 'string');
const boolean = guard('a boolean', (v): v is boolean => typeof v === 'boolean');
const time = integer(0, Number.MAX_SAFE_INTEGER, 'a non-negative integer (ms)');
const positiveTime = integer(1, Number.MAX_SAFE_INTEGER, 'a positive integer (ms)');
const positiveInteger = integer(1);
const uint32 = integer(0, 0xffff_ffff, 'an integer in 0..4294967295 (uint32)');
const version = integer(-1, 0x7fff_ffff, 'an integer in -1..2147483647 (-1 = any version)');
const znodePath = guard("a path string starting with '/'", (v): v is string => {
  return typeof v === 'string' && v.startsWith('/');
});
const data = guard('a string or null', (v): v is string | null => v === null || typeof v === 'string');
const probability = guard('a number in [0, 1]', (v): v is number => {
  return typeof v === 'number' && v >= 0 && v <= 1;
});

/** One of a fixed set of values; an unknown string gets a "did you mean" suggestion. */
function oneOf<T extends string | number>(
  values: readonly T[],
  noun: string,
  expects = `one of ${values.map(quote).join(', ')}`,
): Check<T> {
  return {
    expects,
    read(value, at, errors) {
      const found = values.find((v) => v === value);
      if (found !== undefined) return found;
      const names = values.filter((v): v is T & string => typeof v === 'string');
      const guess = typeof value === 'string' ? suggest(value, names) : undefined;
      const message =
        typeof value === 'string' && names.length > 0
          ? `unknown ${noun} ${quote(value)} (${guess ? `did you mean '${guess}'?` : `expected ${expects}`})`
          : `expected ${expects}, got ${describe(value)}`;
      errors.push({ path: at, message });
      return undefined;
    },
  };
}

/** A check that always yields `value`: the discriminant of an object already dispatched on it. */
function fixed<T extends string>(value: T): Check<T> {
  return { expects: quote(value), read: () => value };
}

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

const aclSpec: Check<AclSpec> = {
  expects: "'open', 'creator_all', 'read' or an array of 'perms:scheme:id' strings",
  read(value, at, errors) {
    for (const problem of validateAclSpec(value)) {
      errors.push({ path: at + problem.path, message: problem.message });
    }
    if (!isAclSpec(value)) return undefined;
    return typeof value === 'string' ? value : [...value];
  },
};

/** Runs `extra` on the raw value after `check`; the value fails if either reported an error. */
function withExtra<T>(
  check: Check<T>,
  extra: (value: unknown, at: string, errors: ErrorList) => void,
): Check<T> {
  return {
    expects: check.expects,
    read(value, at, errors) {
      const before = errors.count;
      const result = check.read(value, at, errors);
      extra(value, at, errors);
      return errors.count === before ? result : undefined;
    },
  };
}

function arrayOf<T>(item: Check<T>, options: { expects?: string; nonEmpty?: string } = {}): Check<T[]> {
  const expects = options.expects ?? 'an array';
  return {
    expects,
    read(value, at, errors) {
      if (!Array.isArray(value)) {
        errors.push({ path: at, message: `expected ${expects}, got ${describe(value)}` });
        return undefined;
      }
      if (value.length === 0 && options.nonEmpty !== undefined) {
        errors.push({ path: at, message: options.nonEmpty });
        return undefined;
      }
      const before = errors.count;
      const items = value.map((v: unknown, i) => item.read(v, childPath(at, i), errors));
      return errors.count === before ? items.filter((v): v is T => v !== undefined) : undefined;
    },
  };
}

/** Reports every value that repeats an earlier one, pointing at the first. */
function reportDuplicates(
  entries: readonly { key: string | number; path: string }[],
  what: string,
  errors: ErrorList,
): void {
  const first = new Map<string | number, string>();
  for (const { key, path } of entries) {
    const seen = first.get(key);
    if (seen === undefined) first.set(key, path);
    else errors.push({ path, message: `duplicate ${what} ${quote(key)} (also at ${seen})` });
  }
}

// ---------------------------------------------------------------------------------------------
// Objects

type Kind = 'required' | 'optional' | 'default';
interface Rule<T, K extends Kind = Kind> {
  kind: K;
  check: Check<T>;
  /** For 'default': the value an omitted field takes (read through `check`, so it is a fresh copy). */
  fallback?: T;
}
type Rules = Record<string, Rule<unknown>>;
type RuleValue<R> = R extends Rule<infer T> ? T : never;
type Shape<S extends Rules> = {
  [K in keyof S as S[K] extends Rule<unknown, 'optional'> ? never : K]: RuleValue<S[K]>;
} & { [K in keyof S as S[K] extends Rule<unknown, 'optional'> ? K : never]?: RuleValue<S[K]> };

/**
 * The rules for the fields of a variant `T` of ProgramStep or Fault other than `Omit`ted ones: one
 * rule per field, of the field's type, optional exactly when the field is, and no other key. Tying
 * the rules to types.ts this way makes a change there a compile error here.
 */
type FieldRules<T, Omitted extends PropertyKey> = {
  [K in Exclude<keyof T, Omitted>]: Rule<
    Exclude<T[K], undefined>,
    undefined extends T[K] ? 'optional' : 'required'
  >;
};

const required = <T>(check: Check<T>): Rule<T, 'required'> => ({ kind: 'required', check });
const optional = <T>(check: Check<T>): Rule<T, 'optional'> => ({ kind: 'optional', check });
const defaulted = <T>(check: Check<T>, fallback: T): Rule<T, 'default'> => ({
  kind: 'default',
  check,
  fallback,
});

/**
 * An object with exactly the keys of `rules`. `owner` names the object in the unknown-key message
 * ("op 'get' takes: …"). A key whose value is undefined counts as omitted.
 */
function object<S extends Rules>(expects: string, rules: S, owner = 'allowed keys'): Check<Shape<S>> {
  return {
    expects,
    read(value, at, errors) {
      if (!isRecord(value)) {
        errors.push({ path: at, message: `expected ${expects}, got ${describe(value)}` });
        return undefined;
      }
      const before = errors.count;
      reportUnknownKeys(value, at, Object.keys(rules), owner, errors);
      const out: Record<string, unknown> = {};
      for (const [key, rule] of Object.entries(rules)) {
        const raw = own(value, key);
        const path = childPath(at, key);
        if (raw !== undefined) out[key] = rule.check.read(raw, path, errors);
        else if (rule.kind === 'default') out[key] = rule.check.read(rule.fallback, path, errors);
        else if (rule.kind === 'required') {
          errors.push({ path, message: `missing required key '${key}': expected ${rule.check.expects}` });
        }
      }
      // Every rule was applied and none reported an error, so `out` has the shape of the rules.
      return errors.count === before ? (out as Shape<S>) : undefined;
    },
  };
}

function reportUnknownKeys(
  value: Record<string, unknown>,
  at: string,
  allowed: readonly string[],
  owner: string,
  errors: ErrorList,
): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const guess = suggest(
      key,
      allowed.filter((k) => !Object.hasOwn(value, k)),
    );
    const hint = guess ? `did you mean '${guess}'?` : `${owner}: ${allowed.join(', ')}`;
    errors.push({ path: childPath(at, key), message: `unknown key ${quote(key)} (${hint})` });
  }
}

/**
 * An object dispatched on a discriminant key (`op` of a step, `action` of a fault): reads the
 * discriminant with `tag`, then the whole object with the check `shapeOf` gives for it.
 */
function tagged<D extends string, T>(
  expects: string,
  key: string,
  tag: Check<D>,
  shapeOf: (discriminant: D) => Check<T>,
): Check<T> {
  return {
    expects,
    read(value, at, errors) {
      if (!isRecord(value)) {
        errors.push({ path: at, message: `expected ${expects}, got ${describe(value)}` });
        return undefined;
      }
      const raw = own(value, key);
      const path = childPath(at, key);
      if (raw === undefined) {
        errors.push({ path, message: `missing required key '${key}': expected ${tag.expects}` });
        return undefined;
      }
      const discriminant = tag.read(raw, path, errors);
      return discriminant === undefined ? undefined : shapeOf(discriminant).read(value, at, errors);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The document

/** What faults may name, peeked from the raw document so one bad field does not hide the rest. */
interface KnownNodes {
  /** Undefined when `servers.count` itself is invalid: server ids are then not range-checked. */
  serverCount: number | undefined;
  /** Undefined when `clients` is not an array: client names are then not checked. */
  clients: ReadonlySet<string> | undefined;
}

function knownNodes(input: unknown): KnownNodes {
  const root = isRecord(input) ? input : {};
  const servers = own(root, 'servers');
  const count = servers === undefined ? undefined : isRecord(servers) ? own(servers, 'count') : null;
  const validCount =
    typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= MAX_SERVERS;
  // Observers take the ids after the voters; clients and faults may name them too. The count
  // derives a default connect list, so it is bounded first: an out-of-range count (10^9, say) is
  // only reported, never used to build anything.
  const rawObservers = isRecord(servers) ? own(servers, 'observers') : undefined;
  const observers =
    typeof rawObservers === 'number' && Number.isInteger(rawObservers) && rawObservers >= 0
      ? rawObservers
      : 0;
  const validObservers = observers <= MAX_SERVERS;
  const clients = own(root, 'clients') ?? [];
  return {
    serverCount: !validObservers
      ? undefined
      : count === undefined
        ? SCENARIO_DEFAULTS.servers.count + observers
        : validCount
          ? count + observers
          : undefined,
    clients: Array.isArray(clients)
      ? new Set(
          rawClientNames(clients)
            .map((c) => c.name)
            .filter(isClientName),
        )
      : undefined,
  };
}

/** The string `name`s of raw client entries, with their indexes. */
function rawClientNames(clients: readonly unknown[]): { name: string; index: number }[] {
  return clients.flatMap((client, index) => {
    const name = isRecord(client) ? own(client, 'name') : undefined;
    return typeof name === 'string' ? [{ name, index }] : [];
  });
}

function isClientName(name: string): boolean {
  return CLIENT_NAME_PATTERN.test(name) && !SERVER_NODE_ID.test(name);
}

function scenarioCheck(nodes: KnownNodes) {
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

/**
 * servers.maxBuffer (jute.maxbuffer): at least 1 KiB, so that every connect, ping and ordinary
 * request fits; at most 16 MiB, 16 times ZooKeeper's default, so that a run stays within memory.
 */
const MIN_MAX_BUFFER = 1024;
const MAX_MAX_BUFFER = 16 * 1024 * 1024;

const serversCheck: Check<ServersConfig> = withExtra(
  object('a servers object', {
    count: defaulted(integer(1, MAX_SERVERS), SCENARIO_DEFAULTS.servers.count),
    observers: optional(integer(0, MAX_SERVERS)),
    bugs: optional(arrayOf(oneOf(PROTOCOL_BUG_NAMES, 'protocol bug'))),
    tickTime: defaulted(positiveTime, SCENARIO_DEFAULTS.servers.tickTime),
    initLimit: defaulted(positiveInteger, SCENARIO_DEFAULTS.servers.initLimit),
    syncLimit: defaulted(positiveInteger, SCENARIO_DEFAULTS.servers.syncLimit),
    extendedTypes: defaulted(boolean, SCENARIO_DEFAULTS.servers.extendedTypes),
    minSessionTimeout: optional(positiveTime),
    maxSessionTimeout: optional(positiveTime),
    maxBuffer: optional(
      integer(MIN_MAX_BUFFER, MAX_MAX_BUFFER, `an integer in ${MIN_MAX_BUFFER}..${MAX_MAX_BUFFER} (bytes)`),
    ),
    containerCheckIntervalMs: optional(positiveTime),
  }),
  checkSessionTimeoutBounds,
);

/** min ≤ max, where an omitted bound is the server's default (2·tickTime, 20·tickTime). */
function checkSessionTimeoutBounds(value: unknown, at: string, errors: ErrorList): void {
  if (!isRecord(value)) return;
  const positive = (v: unknown) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;
  const rawTick = own(value, 'tickTime');
  const tick = rawTick === undefined ? SCENARIO_DEFAULTS.servers.tickTime : positive(rawTick);
  const min = positive(own(value, 'minSessionTimeout'));
  const max = positive(own(value, 'maxSessionTimeout'));
  const effectiveMin = min ?? (tick === undefined ? undefined : 2 * tick);
  const effectiveMax = max ?? (tick === undefined ? undefined : 20 * tick);
  if (effectiveMin === undefined || effectiveMax === undefined || effectiveMin <= effectiveMax) return;
  const minText = min === undefined ? `the default 2·tickTime = ${effectiveMin}` : `${min}`;
  const maxText = max === undefined ? `the default 20·tickTime = ${effectiveMax}` : `${max}`;
  errors.push({
    path: childPath(at, min === undefined ? 'maxSessionTimeout' : 'minSessionTimeout'),
    message: `minSessionTimeout must not exceed maxSessionTimeout (${minText} > ${maxText})`,
  });
}

const networkCheck: Check<NetworkConfig> = object('a network object', {
  latency: defaulted(
    object('a latency object', {
      distribution: defaulted(
        oneOf(DISTRIBUTIONS, 'distribution'),
        SCENARIO_DEFAULTS.network.latency.distribution,
      ),
      min: defaulted(time, SCENARIO_DEFAULTS.network.latency.min),
      jitter: defaulted(time, SCENARIO_DEFAULTS.network.latency.jitter),
    }),
    SCENARIO_DEFAULTS.network.latency,
  ),
  detectMs: defaulted(time, SCENARIO_DEFAULTS.network.detectMs),
});

// ---------------------------------------------------------------------------------------------
// Clients

const CLIENT_NAME_EXPECTS = 'a client name: a letter, then up to 31 letters, digits, _ or -';
const clientName: Check<string> = {
  expects: CLIENT_NAME_EXPECTS,
  read(value, at, errors) {
    if (typeof value !== 'string' || !CLIENT_NAME_PATTERN.test(value)) {
      errors.push({ path: at, message: `expected ${CLIENT_NAME_EXPECTS}, got ${describe(value)}` });
      return undefined;
    }
    if (SERVER_NODE_ID.test(value)) {
      errors.push({ path: at, message: `client name '${value}' is reserved: zk<digits> names a server` });
      return undefined;
    }
    return value;
  },
};

function serverIds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

function connectCheck(serverCount: number | undefined): Check<number[]> {
  const id =
    serverCount === undefined
      ? integer(1, MAX_SERVERS, 'a server id')
      : integer(1, serverCount, `a server id in 1..${serverCount}`);
  return withExtra(arrayOf(id, { nonEmpty: 'expected at least one server id' }), (value, at, errors) => {
    if (!Array.isArray(value)) return;
    const entries = value.map((v: unknown, i) => ({ key: v, path: childPath(at, i) }));
    reportDuplicates(
      entries.filter((e): e is { key: number; path: string } => typeof e.key === 'number'),
      'server id',
      errors,
    );
  });
}

function clientsCheck(serverCount: number | undefined): Check<ClientConfig[]> {
  const client = object('a client object', {
    name: required(clientName),
    connect: defaulted(connectCheck(serverCount), serverIds(serverCount ?? 1)),
    start: defaulted(time, SCENARIO_DEFAULTS.client.start),
    sessionTimeout: defaulted(positiveTime, SCENARIO_DEFAULTS.client.sessionTimeout),
    randomizeHosts: optional(boolean),
    program: defaulted(arrayOf(stepCheck(STEP_OPS)), []),
    script: optional(string),
  });
  const oneProgram = withExtra(client, (value, at, errors) => {
    const program = isRecord(value) ? own(value, 'program') : undefined;
    const hasProgram = program !== undefined && !(Array.isArray(program) && program.length === 0);
    if (isRecord(value) && own(value, 'script') !== undefined && hasProgram) {
      errors.push({
        path: childPath(at, 'script'),
        message: "a client has either a Lua 'script' or a JSON 'program', not both",
      });
    }
  });
  return withExtra(arrayOf(oneProgram), (value, at, errors) => {
    if (!Array.isArray(value)) return;
    const entries = rawClientNames(value).map(({ name, index }) => ({
      key: name,
      path: childPath(childPath(at, index), 'name'),
    }));
    reportDuplicates(entries, 'client name', errors);
  });
}

// ---------------------------------------------------------------------------------------------
// Program steps

const STEP_EXPECTS = `a step object like {"op": "create", "path": "/a"}`;

/** A step whose op is one of `ops` (all ops at the top of a program, create/delete/set/check in a multi). */
function stepCheck(ops: readonly StepOp[]): Check<ProgramStep> {
  const opCheck = withExtra(oneOf(STEP_OPS, 'op'), (value, at, errors) => {
    const known = STEP_OPS.find((op) => op === value);
    if (known !== undefined && !ops.includes(known)) {
      errors.push({
        path: at,
        message: `op '${known}' cannot appear inside a multi (only ${ops.join(', ')})`,
      });
    }
  });
  return tagged(STEP_EXPECTS, 'op', opCheck, stepShape);
}

function stepShape(op: StepOp): Check<ProgramStep> {
  const step = <O extends StepOp>(o: O, rules: FieldRules<Extract<ProgramStep, { op: O }>, 'op'>) =>
    object(STEP_EXPECTS, { op: required(fixed(o)), ...rules }, `op '${o}' takes`);
  switch (op) {
    case 'create':
      return step(op, {
        path: required(znodePath),
        data: optional(data),
        mode: optional(oneOf(CREATE_MODES, 'mode')),
        acl: optional(aclSpec),
        ttl: optional(positiveInteger),
      });
    case 'delete':
    case 'check':
      return step(op, { path: required(znodePath), version: optional(version) });
    case 'set':
      return step(op, { path: required(znodePath), data: optional(data), version: optional(version) });
    case 'get':
    case 'exists':
    case 'children':
      return step(op, { path: required(znodePath), watch: optional(boolean) });
    case 'multi':
      return step(op, {
        ops: required(
          arrayOf(stepCheck(MULTI_OPS), { expects: 'an array of create, delete, set and check steps' }),
        ),
      });
    case 'sync':
      return step(op, { path: optional(znodePath) });
    case 'get_acl':
      return step(op, { path: required(znodePath) });
    case 'set_acl':
      return step(op, { path: required(znodePath), acl: required(aclSpec), version: optional(version) });
    case 'add_watch':
      return step(op, { path: required(znodePath), mode: optional(addWatchMode) });
    case 'remove_watches':
      return step(op, { path: required(znodePath), watcherType: optional(watcherType) });
    case 'add_auth':
      return step(op, { scheme: required(string), auth: required(string) });
    case 'sleep':
      return step(op, { ms: required(time) });
    case 'close':
      return step(op, {});
  }
}

const addWatchMode = oneOf(['persistent', 'persistent_recursive'] as const satisfies AddWatchMode[], 'mode');
const watcherType = oneOf(
  [1, 2, 3, 4, 5] as const satisfies WatcherType[],
  'watcherType',
  'a watcherType 1..5 (1 Children, 2 Data, 3 Any)',
);

// ---------------------------------------------------------------------------------------------
// Faults

const FAULT_EXPECTS = `a fault object like {"at": 1000, "action": "crash", "target": "zk1"}`;

function isServerNodeId(id: string, serverCount: number | undefined): boolean {
  const match = SERVER_NODE_ID.exec(id);
  if (match === null || id !== `zk${Number(match[1])}`) return false;
  const n = Number(match[1]);
  return n >= 1 && n <= (serverCount ?? Number.MAX_SAFE_INTEGER);
}

function nodesText(nodes: KnownNodes): string {
  const servers =
    nodes.serverCount === undefined
      ? 'zk1..'
      : nodes.serverCount === 1
        ? 'zk1'
        : `zk1..zk${nodes.serverCount}`;
  const clients = nodes.clients === undefined ? '' : `; clients: ${listText([...nodes.clients])}`;
  return `servers: ${servers}${clients}`;
}

/** Names for a message: the first few, then how many more (a scenario may have thousands of clients). */
function listText(names: readonly string[], shown = 10): string {
  if (names.length === 0) return 'none';
  const head = names.slice(0, shown).join(', ');
  return names.length > shown ? `${head}, … (${names.length - shown} more)` : head;
}

/** A node id: a server 'zk1'..'zkN' or a client's name. */
function nodeIdCheck(nodes: KnownNodes): Check<string> {
  const expects = "a node id ('zk1'..'zkN' or a client name)";
  return {
    expects,
    read(value, at, errors) {
      if (typeof value !== 'string') {
        errors.push({ path: at, message: `expected ${expects}, got ${describe(value)}` });
        return undefined;
      }
      const known =
        isServerNodeId(value, nodes.serverCount) ||
        (nodes.clients === undefined ? !SERVER_NODE_ID.test(value) : nodes.clients.has(value));
      if (known) return value;
      errors.push({ path: at, message: `unknown node ${quote(value)} (${nodesText(nodes)})` });
      return undefined;
    },
  };
}

function faultCheck(nodes: KnownNodes): Check<Fault> {
  return tagged(FAULT_EXPECTS, 'action', oneOf(FAULT_ACTIONS, 'action'), (action) =>
    faultShape(action, nodes),
  );
}

function faultShape(action: FaultAction, nodes: KnownNodes): Check<Fault> {
  const node = nodeIdCheck(nodes);
  const fault = <A extends FaultAction>(
    a: A,
    rules: FieldRules<Extract<Fault, { action: A }>, 'at' | 'action'>,
  ) =>
    object(
      FAULT_EXPECTS,
      { at: required(time), action: required(fixed(a)), ...rules },
      `action '${a}' takes`,
    );
  const ends = { from: required(node), to: required(node) };
  switch (action) {
    case 'crash':
      return withExtra(
        fault(action, { target: required(node), keepUnsynced: optional(boolean) }),
        (value, at, errors) => checkKeepUnsyncedTarget(value, at, errors, nodes),
      );
    case 'restart':
    case 'pause':
    case 'resume':
      return fault(action, { target: required(node) });
    case 'partition':
      return fault(action, { groups: required(partitionGroups(node)) });
    case 'heal':
      return fault(action, {});
    case 'cut':
    case 'uncut':
      return withExtra(fault(action, ends), checkDistinctEnds);
    case 'delay':
      return withExtra(fault(action, { ...ends, ms: required(time) }), checkDistinctEnds);
    case 'drop':
      return withExtra(fault(action, { ...ends, rate: required(probability) }), checkDistinctEnds);
    case 'skew':
      return fault(action, { target: required(node), ms: required(integer(-86_400_000, 86_400_000)) });
    case 'expire':
    case 'stop-heartbeats':
    case 'resume-heartbeats':
      return withExtra(fault(action, { target: required(node) }), (value, at, errors) =>
        checkClientTarget(value, at, errors),
      );
    case 'script':
      return withExtra(
        fault(action, { target: required(node), script: required(string) }),
        (value, at, errors) => checkClientTarget(value, at, errors),
      );
  }
}

/** At most MAX_RESTARTS restart and script faults (each may cost a Lua VM). */
function checkRestartCount(value: unknown, at: string, errors: ErrorList): void {
  if (!Array.isArray(value)) return;
  let restarts = 0;
  for (const f of value) {
    const action = isRecord(f) ? own(f, 'action') : undefined;
    if (action === 'restart' || action === 'script') restarts++;
  }
  if (restarts > MAX_RESTARTS)
    errors.push({
      path: at,
      message: `${restarts} restart and script faults; a scenario may have at most ${MAX_RESTARTS}`,
    });
}

/** A script runs on a client (a server's program is ZooKeeper itself); sessions are clients'. */
function checkClientTarget(value: unknown, at: string, errors: ErrorList): void {
  if (!isRecord(value)) return;
  const target = own(value, 'target');
  if (typeof target === 'string' && SERVER_NODE_ID.test(target))
    errors.push({
      path: childPath(at, 'target'),
      message: `${quote(target)} is a server: '${String(own(value, 'action'))}' takes a client`,
    });
}

function checkDistinctEnds(value: unknown, at: string, errors: ErrorList): void {
  if (!isRecord(value)) return;
  const from = own(value, 'from');
  if (typeof from === 'string' && from === own(value, 'to')) {
    errors.push({ path: childPath(at, 'to'), message: `from and to are the same node ${quote(from)}` });
  }
}

/** keepUnsynced is about a server's disk (unsynced writes survive the crash): a client has none. */
function checkKeepUnsyncedTarget(value: unknown, at: string, errors: ErrorList, nodes: KnownNodes): void {
  if (!isRecord(value) || own(value, 'keepUnsynced') === undefined) return;
  const target = own(value, 'target');
  if (typeof target === 'string' && nodes.clients?.has(target)) {
    errors.push({
      path: childPath(at, 'keepUnsynced'),
      message: `keepUnsynced applies to servers only (${quote(target)} is a client)`,
    });
  }
}

/** Groups of node ids; each node in at most one group. */
function partitionGroups(node: Check<string>): Check<string[][]> {
  const groups = arrayOf(arrayOf(node, { nonEmpty: 'expected a non-empty group of node ids' }), {
    expects: 'an array of groups (arrays of node ids)',
    nonEmpty: 'expected at least one group of node ids',
  });
  return withExtra(groups, (value, at, errors) => {
    if (!Array.isArray(value)) return;
    const entries = value.flatMap((group: unknown, g) =>
      Array.isArray(group)
        ? group.flatMap((id: unknown, i) =>
            typeof id === 'string' ? [{ key: id, path: childPath(childPath(at, g), i) }] : [],
          )
        : [],
    );
    reportDuplicates(entries, 'node', errors);
  });
}

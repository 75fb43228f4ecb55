// The validation kit the schema is written in. A check reads a raw value and returns the validated
// value, or undefined after reporting at least one error at the value's JSON path; checks compose
// (arrays of, one of, with an extra rule). Objects are in check-object.ts.

import { onMicroGrid } from '../sim/kernel/time-grid.ts';
import { clip, describe, quote } from './echo.ts';
import type { ErrorList } from './errors.ts';
import { suggest } from './suggest.ts';

export interface Check<T> {
  /** What a valid value looks like, for messages ("expected …"). */
  readonly expects: string;
  /** The validated value, or undefined after pushing at least one error. */
  read(value: unknown, at: string, errors: ErrorList): T | undefined;
}

/** A check by a type guard; a rejected value gets "expected <expects>, got <value>". */
export function guard<T>(expects: string, accept: (value: unknown) => value is T): Check<T> {
  return {
    expects,
    read(value, at, errors) {
      if (accept(value)) return value;
      errors.push({ path: at, message: `expected ${expects}, got ${describe(value)}` });
      return undefined;
    },
  };
}

export function integer(
  min: number,
  max = Number.MAX_SAFE_INTEGER,
  expects = integerText(min, max),
): Check<number> {
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

export const string = guard('a string', (v): v is string => typeof v === 'string');
export const boolean = guard('a boolean', (v): v is boolean => typeof v === 'boolean');
export const time = integer(0, Number.MAX_SAFE_INTEGER, 'a non-negative integer (ms)');
export const positiveTime = integer(1, Number.MAX_SAFE_INTEGER, 'a positive integer (ms)');
/** A latency: ms to the µs (loopback is ~0.05 ms), a whole number of µs (docs/kernel.md, "Time"). */
export const microTime = guard(
  'a non-negative number of ms with at most 3 decimals (whole µs)',
  (v): v is number =>
    typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER / 1000 && onMicroGrid(v),
);
export const positiveInteger = integer(1);
export const uint32 = integer(0, 0xffff_ffff, 'an integer in 0..4294967295 (uint32)');
export const probability = guard('a number in [0, 1]', (v): v is number => {
  return typeof v === 'number' && v >= 0 && v <= 1;
});

/** One of a fixed set of values; an unknown string gets a "did you mean" suggestion. */
export function oneOf<T extends string | number>(
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
export function fixed<T extends string>(value: T): Check<T> {
  return { expects: quote(value), read: () => value };
}

/** Runs `extra` on the raw value after `check`; the value fails if either reported an error. */
export function withExtra<T>(
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

export function arrayOf<T>(
  item: Check<T>,
  options: { expects?: string; nonEmpty?: string } = {},
): Check<T[]> {
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
export function reportDuplicates(
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

export function childPath(at: string, key: string | number): string {
  if (typeof key === 'number') return `${at}[${key}]`;
  const shown = clip(key);
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(shown) ? `${at}.${shown}` : `${at}[${JSON.stringify(shown)}]`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Compile-time guard: fails to type-check if types.ts gains a value this file does not list. */
export type Covers<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never;

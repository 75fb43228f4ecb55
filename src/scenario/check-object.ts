// Objects in the validation kit: a table of rules (required, optional or defaulted fields) read
// against an object, every key the table does not name reported as unknown with a suggestion for a
// likely typo; and objects dispatched on a discriminant key (a step's op, a fault's action).
import { type Check, childPath, isRecord, own } from './check-kit.ts';
import { describe, quote } from './echo.ts';
import type { ErrorList } from './errors.ts';
import { suggest } from './suggest.ts';

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
export type FieldRules<T, Omitted extends PropertyKey> = {
  [K in Exclude<keyof T, Omitted>]: Rule<
    Exclude<T[K], undefined>,
    undefined extends T[K] ? 'optional' : 'required'
  >;
};

export const required = <T>(check: Check<T>): Rule<T, 'required'> => ({ kind: 'required', check });
export const optional = <T>(check: Check<T>): Rule<T, 'optional'> => ({ kind: 'optional', check });
export const defaulted = <T>(check: Check<T>, fallback: T): Rule<T, 'default'> => ({
  kind: 'default',
  check,
  fallback,
});

/** Whether `value` is a JSON object; if not, says what was expected at `at`. */
function isObjectAt(
  value: unknown,
  at: string,
  expects: string,
  errors: ErrorList,
): value is Record<string, unknown> {
  if (isRecord(value)) return true;
  errors.push({ path: at, message: `expected ${expects}, got ${describe(value)}` });
  return false;
}

/**
 * An object with exactly the keys of `rules`. `owner` names the object in the unknown-key message
 * ("op 'get' takes: …"). A key whose value is undefined counts as omitted.
 */
export function object<S extends Rules>(expects: string, rules: S, owner = 'allowed keys'): Check<Shape<S>> {
  return {
    expects,
    read(value, at, errors) {
      if (!isObjectAt(value, at, expects, errors)) return undefined;
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
export function tagged<D extends string, T>(
  expects: string,
  key: string,
  tag: Check<D>,
  shapeOf: (discriminant: D) => Check<T>,
): Check<T> {
  return {
    expects,
    read(value, at, errors) {
      if (!isObjectAt(value, at, expects, errors)) return undefined;
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

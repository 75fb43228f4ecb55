// The compact form of a scenario inside a v1 link: every field equal to its default is left out,
// and put back before validation. The defaults are pinned here, as they were when link format v1
// was made, rather than read from SCENARIO_DEFAULTS: if the validator's defaults ever change, an old
// link still means what it meant when it was made (docs/links.md).
import type { ClientConfig, Scenario } from '../sim/scenario-types.ts';

/** Link format v1 defaults. Never edit: old links depend on them. A new default needs a new format. */
export const V1_DEFAULTS = Object.freeze({
  version: 1,
  duration: 60_000,
  servers: Object.freeze({ count: 1, tickTime: 2000, initLimit: 10, syncLimit: 5, extendedTypes: false }),
  network: Object.freeze({
    latency: Object.freeze({ distribution: 'uniform', min: 1, jitter: 2 }),
    detectMs: 2000,
  }),
  client: Object.freeze({ start: 0, sessionTimeout: 10_000 }),
});

type Json = Record<string, unknown>;

/** The scenario (already validated) without the fields a v1 link fills back in. */
export function stripDefaults(scenario: Scenario): Json {
  const out: Json = { ...scenario };
  dropIf(out, 'version', V1_DEFAULTS.version);
  dropIf(out, 'duration', V1_DEFAULTS.duration);
  const servers = strip({ ...scenario.servers }, V1_DEFAULTS.servers);
  setOrDrop(out, 'servers', servers);
  const latency = strip({ ...scenario.network.latency }, V1_DEFAULTS.network.latency);
  const network = strip({ ...scenario.network, latency }, { detectMs: V1_DEFAULTS.network.detectMs });
  if (Object.keys(latency).length === 0) delete network.latency;
  setOrDrop(out, 'network', network);
  const ids = connectDefault(scenario.servers.count, scenario.servers.observers);
  out.clients = scenario.clients.map((c) => stripClient(c, ids));
  for (const key of ['clients', 'faults'] as const) if (isEmptyArray(out[key])) delete out[key];
  return out;
}

function stripClient(client: ClientConfig, connect: number[]): Json {
  const out = strip({ ...client }, V1_DEFAULTS.client);
  dropIf(out, 'connect', connect);
  if (isEmptyArray(out.program)) delete out.program;
  return out;
}

/**
 * The compact form (untrusted JSON) with the v1 defaults put back where a key is absent. Anything
 * that is not the expected shape is left alone, for the validator to report with its JSON path.
 */
export function fillDefaults(compact: unknown): unknown {
  if (!isRecord(compact)) return compact;
  const out = fill(compact, { version: V1_DEFAULTS.version, duration: V1_DEFAULTS.duration });
  const servers = fill(orEmpty(out.servers, {}), V1_DEFAULTS.servers);
  const network = fill(orEmpty(out.network, {}), { detectMs: V1_DEFAULTS.network.detectMs });
  if (isRecord(network)) network.latency = fill(orEmpty(network.latency, {}), V1_DEFAULTS.network.latency);
  out.servers = servers;
  out.network = network;
  out.faults = orEmpty(out.faults, []);
  const clients = orEmpty(out.clients, []);
  const count = isRecord(servers) ? servers.count : undefined;
  const observers = isRecord(servers) ? servers.observers : undefined;
  out.clients = !Array.isArray(clients)
    ? clients
    : clients.map((client: unknown) => {
        const c = fill(client, { ...V1_DEFAULTS.client, program: [] });
        // The connect default depends on the server count: only computable when that is sound.
        if (isRecord(c) && c.connect === undefined && isCount(count) && isCount(orEmpty(observers, 0))) {
          c.connect = connectDefault(count, observers as number | undefined);
        }
        return c;
      });
  return out;
}

/** All server ids, observers included: what the validator gives a client without `connect`. */
function connectDefault(count: number, observers: number | undefined): number[] {
  return Array.from({ length: count + (observers ?? 0) }, (_, i) => i + 1);
}

/** `fallback` for an absent value; unlike `??`, a null stays null for the validator to refuse. */
function orEmpty<T>(value: unknown, fallback: T): unknown {
  return value === undefined ? fallback : value;
}

/** A plausible server or observer count; the bound keeps a hostile link from building a huge array (the validator allows 9). */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 64;
}

function strip(record: Json, defaults: Readonly<Json>): Json {
  for (const [key, value] of Object.entries(defaults)) dropIf(record, key, value);
  return record;
}

/** A copy of `value` with each absent key of `defaults` added; a non-object is returned as it is. */
function fill<T>(value: T, defaults: Readonly<Json>): T | Json {
  if (!isRecord(value)) return value;
  const out: Json = { ...value };
  // `undefined` is absent, as the validator sees it; `null` is a value, left for it to refuse.
  for (const [key, fallback] of Object.entries(defaults)) if (out[key] === undefined) out[key] = fallback;
  return out;
}

function dropIf(record: Json, key: string, value: unknown): void {
  if (Object.hasOwn(record, key) && sameJson(record[key], value)) delete record[key];
}

function setOrDrop(record: Json, key: string, value: Json): void {
  if (Object.keys(value).length === 0) delete record[key];
  else record[key] = value;
}

/** Equality of the JSON values a scenario holds (numbers, strings, booleans, arrays of them). */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function isEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

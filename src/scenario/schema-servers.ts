// The scenario's `servers` object: how many voters and observers, ZooKeeper's tick and limits,
// session timeout bounds, jute.maxbuffer, the deliberate protocol bugs (docs/scenario.md).
import type { ServersConfig } from '../sim/scenario-types.ts';
import { PROTOCOL_BUG_NAMES } from '../sim/server/quorum/bugs.ts';
import {
  arrayOf,
  boolean,
  type Check,
  childPath,
  integer,
  isRecord,
  oneOf,
  own,
  positiveInteger,
  positiveTime,
  withExtra,
} from './check-kit.ts';
import { defaulted, object, optional } from './check-object.ts';
import { SCENARIO_DEFAULTS } from './defaults.ts';
import type { ErrorList } from './errors.ts';

export const MAX_SERVERS = 9;

/**
 * servers.maxBuffer (jute.maxbuffer): at least 1 KiB, so that every connect, ping and ordinary
 * request fits; at most 16 MiB, 16 times ZooKeeper's default, so that a run stays within memory.
 */
const MIN_MAX_BUFFER = 1024;
const MAX_MAX_BUFFER = 16 * 1024 * 1024;

export const serversCheck: Check<ServersConfig> = withExtra(
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

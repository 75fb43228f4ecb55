// The scenario's `clients`: each a name, the servers it may connect to, when it starts, its session
// timeout, and what it runs (a JSON program or a Lua script, not both) (docs/scenario.md).
import type { ClientConfig } from '../sim/scenario-types.ts';
import {
  arrayOf,
  boolean,
  type Check,
  childPath,
  integer,
  isRecord,
  own,
  positiveTime,
  reportDuplicates,
  string,
  time,
  withExtra,
} from './check-kit.ts';
import { defaulted, object, optional, required } from './check-object.ts';
import { SCENARIO_DEFAULTS } from './defaults.ts';
import { describe } from './echo.ts';
import { CLIENT_NAME_PATTERN, rawClientNames, SERVER_LIKE_NAME } from './known-nodes.ts';
import { MAX_SERVERS } from './schema-servers.ts';
import { STEP_OPS, stepCheck } from './schema-steps.ts';

const CLIENT_NAME_EXPECTS = 'a client name: a letter, then up to 31 letters, digits, _ or -';
const clientName: Check<string> = {
  expects: CLIENT_NAME_EXPECTS,
  read(value, at, errors) {
    if (typeof value !== 'string' || !CLIENT_NAME_PATTERN.test(value)) {
      errors.push({ path: at, message: `expected ${CLIENT_NAME_EXPECTS}, got ${describe(value)}` });
      return undefined;
    }
    if (SERVER_LIKE_NAME.test(value)) {
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

export function clientsCheck(serverCount: number | undefined): Check<ClientConfig[]> {
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

import { describe, expect, it } from 'vitest';
import {
  formatScenarioErrors,
  parseScenarioJson,
  SCENARIO_DEFAULTS,
  type ScenarioError,
  suggest,
  validateScenario,
} from '../../src/scenario/validate.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';

const MINIMAL = { version: 1, seed: 1 };

function valid(input: unknown): Scenario {
  const result = validateScenario(input);
  if (!result.ok) throw new Error(`expected a valid scenario, got:\n${formatScenarioErrors(result.errors)}`);
  return result.scenario;
}

function errorsOf(input: unknown): ScenarioError[] {
  const result = validateScenario(input);
  if (result.ok) throw new Error('expected validation errors, the scenario was accepted');
  return result.errors;
}

/** The errors' paths, in report order. */
function pathsOf(input: unknown): string[] {
  return errorsOf(input).map((e) => e.path);
}

/** Asserts exactly one error, at `path`, whose message matches `message`. */
function expectOneError(input: unknown, path: string, message: RegExp | string): void {
  const errors = errorsOf(input);
  expect(errors, formatScenarioErrors(errors)).toHaveLength(1);
  expect(errors[0]?.path).toBe(path);
  if (typeof message === 'string') expect(errors[0]?.message).toBe(message);
  else expect(errors[0]?.message).toMatch(message);
}

const withClients = (...clients: unknown[]) => ({ ...MINIMAL, clients });
const withProgram = (...program: unknown[]) => withClients({ name: 'c', program });
const withFaults = (...faults: unknown[]) => ({
  ...MINIMAL,
  servers: { count: 3 },
  clients: [{ name: 'alice' }, { name: 'bob' }],
  faults,
});

describe('defaults', () => {
  it('fills every omitted optional field of a minimal document', () => {
    expect(valid(MINIMAL)).toEqual({
      version: 1,
      seed: 1,
      duration: 60000,
      servers: { count: 1, tickTime: 2000, initLimit: 10, syncLimit: 5, extendedTypes: false },
      network: { latency: { distribution: 'uniform', min: 1, jitter: 2 }, detectMs: 2000 },
      clients: [],
      faults: [],
    });
  });

  it('SCENARIO_DEFAULTS matches the documented values', () => {
    expect(SCENARIO_DEFAULTS).toEqual({
      duration: 60000,
      servers: { count: 1, tickTime: 2000, initLimit: 10, syncLimit: 5, extendedTypes: false },
      network: { latency: { distribution: 'uniform', min: 1, jitter: 2 }, detectMs: 2000 },
      client: { start: 0, sessionTimeout: 10000 },
    });
  });

  it('fills the omitted fields of a partial servers object and leaves session bounds unset', () => {
    const { servers } = valid({ ...MINIMAL, servers: { count: 3, tickTime: 200 } });
    expect(servers).toEqual({ count: 3, tickTime: 200, initLimit: 10, syncLimit: 5, extendedTypes: false });
    expect('minSessionTimeout' in servers).toBe(false);
  });

  it('fills the omitted fields of partial network and latency objects', () => {
    expect(valid({ ...MINIMAL, network: { latency: { jitter: 10 } } }).network).toEqual({
      latency: { distribution: 'uniform', min: 1, jitter: 10 },
      detectMs: 2000,
    });
    expect(valid({ ...MINIMAL, network: { detectMs: 500 } }).network).toEqual({
      latency: { distribution: 'uniform', min: 1, jitter: 2 },
      detectMs: 500,
    });
  });

  it('fills a client: connect = all server ids, start 0, sessionTimeout 10000, program []', () => {
    const { clients } = valid({ ...MINIMAL, servers: { count: 3 }, clients: [{ name: 'alice' }] });
    expect(clients).toEqual([
      { name: 'alice', connect: [1, 2, 3], start: 0, sessionTimeout: 10000, program: [] },
    ]);
  });

  it('keeps given values and optional name/description', () => {
    const input = {
      version: 1,
      name: 'n',
      description: 'd',
      seed: 4294967295,
      duration: 0,
      servers: {
        count: 9,
        tickTime: 100,
        initLimit: 2,
        syncLimit: 1,
        extendedTypes: true,
        minSessionTimeout: 200,
        maxSessionTimeout: 200,
      },
      network: { latency: { distribution: 'exponential', min: 0, jitter: 0 }, detectMs: 0 },
      clients: [{ name: 'c', connect: [9, 1], start: 5, sessionTimeout: 1, program: [{ op: 'close' }] }],
      faults: [{ at: 0, action: 'heal' }],
    };
    expect(valid(input)).toEqual(input);
  });

  it('keeps program steps as written (steps.ts fills their defaults)', () => {
    const program = [{ op: 'create', path: '/a' }, { op: 'get', path: '/a' }, { op: 'sync' }];
    expect(valid(withProgram(...program)).clients[0]?.program).toEqual(program);
  });

  it('treats a key whose value is undefined as omitted', () => {
    expect(valid({ ...MINIMAL, duration: undefined }).duration).toBe(60000);
  });

  it('returns a copy: changing the input afterwards does not change the scenario', () => {
    const input = {
      ...MINIMAL,
      clients: [
        { name: 'c', connect: [1], program: [{ op: 'create', path: '/a', acl: ['r:world:anyone'] }] },
      ],
    };
    const scenario = valid(input);
    input.clients[0]!.connect.push(2);
    input.clients[0]!.program[0]!.acl.push('w:world:anyone');
    expect(scenario.clients[0]?.connect).toEqual([1]);
    expect(scenario.clients[0]?.program[0]).toEqual({ op: 'create', path: '/a', acl: ['r:world:anyone'] });
  });
});

describe('the document and its top-level fields', () => {
  it('rejects a non-object document at $', () => {
    for (const input of [null, [], 'scenario', 42]) {
      expect(pathsOf(input)).toEqual(['$']);
    }
    expectOneError([], '$', 'expected a scenario object, got an array');
  });

  it('requires version, naming the supported version', () => {
    expectOneError(
      { seed: 1 },
      '$.version',
      "missing required key 'version': expected the format version, 1",
    );
  });

  it('rejects any other version, naming the supported one', () => {
    expectOneError(
      { ...MINIMAL, version: 2 },
      '$.version',
      'unsupported version 2 (the supported version is 1)',
    );
    expectOneError(
      { ...MINIMAL, version: '1' },
      '$.version',
      /unsupported version '1'.*supported version is 1/,
    );
  });

  it('requires seed as a uint32 integer', () => {
    expectOneError({ version: 1 }, '$.seed', /missing required key 'seed'/);
    for (const seed of [-1, 2 ** 32, 1.5, '7', null]) {
      expectOneError({ version: 1, seed }, '$.seed', /expected an integer in 0\.\.4294967295/);
    }
    expect(valid({ version: 1, seed: 0 }).seed).toBe(0);
    expect(valid({ version: 1, seed: 2 ** 32 - 1 }).seed).toBe(2 ** 32 - 1);
  });

  it('requires duration to be a non-negative integer', () => {
    expectOneError(
      { ...MINIMAL, duration: -1 },
      '$.duration',
      'expected a non-negative integer (ms), got -1',
    );
    expectOneError({ ...MINIMAL, duration: 10.5 }, '$.duration', /got 10\.5/);
    expectOneError(
      { ...MINIMAL, duration: Number.MAX_SAFE_INTEGER + 1 },
      '$.duration',
      /non-negative integer/,
    );
  });

  it('requires name and description to be strings', () => {
    expectOneError({ ...MINIMAL, name: 5 }, '$.name', 'expected a string, got 5');
    expectOneError({ ...MINIMAL, description: ['x'] }, '$.description', 'expected a string, got an array');
  });
});

describe('unknown keys', () => {
  it("suggests a close key: unknown key 'sead' (did you mean 'seed'?)", () => {
    expect(errorsOf({ version: 1, sead: 1 })).toEqual([
      { path: '$.sead', message: "unknown key 'sead' (did you mean 'seed'?)" },
      {
        path: '$.seed',
        message: "missing required key 'seed': expected an integer in 0..4294967295 (uint32)",
      },
    ]);
  });

  it('lists the allowed keys when nothing is close', () => {
    expectOneError(
      { ...MINIMAL, colour: 'blue' },
      '$.colour',
      "unknown key 'colour' (allowed keys: version, name, description, seed, duration, servers, network, clients, faults)",
    );
  });

  it('does not suggest a key that is already present', () => {
    expectOneError({ ...MINIMAL, seeds: 2 }, '$.seeds', /^unknown key 'seeds' \(allowed keys: /);
  });

  it('catches typos at every depth', () => {
    expect(
      errorsOf({
        ...MINIMAL,
        servers: { tikTime: 100 },
        network: { latency: { jiter: 1 } },
        clients: [{ name: 'c', sesionTimeout: 5, program: [{ op: 'get', path: '/a', wacth: true }] }],
        faults: [{ at: 1, action: 'crash', targt: 'zk1' }],
      }),
    ).toEqual([
      { path: '$.servers.tikTime', message: "unknown key 'tikTime' (did you mean 'tickTime'?)" },
      { path: '$.network.latency.jiter', message: "unknown key 'jiter' (did you mean 'jitter'?)" },
      {
        path: '$.clients[0].sesionTimeout',
        message: "unknown key 'sesionTimeout' (did you mean 'sessionTimeout'?)",
      },
      { path: '$.clients[0].program[0].wacth', message: "unknown key 'wacth' (did you mean 'watch'?)" },
      { path: '$.faults[0].targt', message: "unknown key 'targt' (did you mean 'target'?)" },
      {
        path: '$.faults[0].target',
        message: "missing required key 'target': expected a node id ('zk1'..'zkN' or a client name)",
      },
    ]);
  });

  it('quotes keys that are not identifiers in the path', () => {
    expect(pathsOf({ ...MINIMAL, 'my key': 1, '0': 2 })).toEqual(['$["0"]', '$["my key"]']);
  });

  it('does not take inherited properties for fields', () => {
    expectOneError({ ...MINIMAL, constructor: 1 }, '$.constructor', /unknown key 'constructor'/);
  });

  it('suggest() only proposes likely typos', () => {
    expect(suggest('sead', ['seed', 'servers'])).toBe('seed');
    expect(suggest('Seed', ['seed'])).toBe('seed');
    expect(suggest('watcher', ['watch', 'path'])).toBe('watch');
    expect(suggest('wacth', ['watch', 'path'])).toBe('watch');
    expect(suggest('colour', ['seed', 'servers', 'version'])).toBeUndefined();
    expect(suggest('to', ['at'])).toBeUndefined();
  });
});

describe('servers', () => {
  it('accepts count 1..9 and rejects others', () => {
    expect(valid({ ...MINIMAL, servers: { count: 9 } }).servers.count).toBe(9);
    for (const count of [0, 10, 2.5, '3']) {
      expectOneError({ ...MINIMAL, servers: { count } }, '$.servers.count', /expected an integer in 1\.\.9/);
    }
  });

  it('requires positive tickTime, initLimit, syncLimit and a boolean extendedTypes', () => {
    expect(
      errorsOf({ ...MINIMAL, servers: { tickTime: 0, initLimit: 0, syncLimit: -1, extendedTypes: 'yes' } }),
    ).toEqual([
      { path: '$.servers.tickTime', message: 'expected a positive integer (ms), got 0' },
      { path: '$.servers.initLimit', message: 'expected a positive integer, got 0' },
      { path: '$.servers.syncLimit', message: 'expected a positive integer, got -1' },
      { path: '$.servers.extendedTypes', message: "expected a boolean, got 'yes'" },
    ]);
  });

  it('rejects a servers value that is not an object', () => {
    expectOneError({ ...MINIMAL, servers: 3 }, '$.servers', 'expected a servers object, got 3');
  });

  it('requires min/maxSessionTimeout > 0', () => {
    expect(pathsOf({ ...MINIMAL, servers: { minSessionTimeout: 0, maxSessionTimeout: -5 } })).toEqual([
      '$.servers.minSessionTimeout',
      '$.servers.maxSessionTimeout',
    ]);
  });

  it('requires minSessionTimeout ≤ maxSessionTimeout', () => {
    expect(
      valid({ ...MINIMAL, servers: { minSessionTimeout: 3000, maxSessionTimeout: 3000 } }).servers,
    ).toMatchObject({
      minSessionTimeout: 3000,
      maxSessionTimeout: 3000,
    });
    expectOneError(
      { ...MINIMAL, servers: { minSessionTimeout: 5000, maxSessionTimeout: 4000 } },
      '$.servers.minSessionTimeout',
      'minSessionTimeout must not exceed maxSessionTimeout (5000 > 4000)',
    );
  });

  it('compares a single bound with the default of the other (2·tickTime, 20·tickTime)', () => {
    expectOneError(
      { ...MINIMAL, servers: { tickTime: 1000, minSessionTimeout: 25000 } },
      '$.servers.minSessionTimeout',
      'minSessionTimeout must not exceed maxSessionTimeout (25000 > the default 20·tickTime = 20000)',
    );
    expectOneError(
      { ...MINIMAL, servers: { maxSessionTimeout: 3000 } },
      '$.servers.maxSessionTimeout',
      'minSessionTimeout must not exceed maxSessionTimeout (the default 2·tickTime = 4000 > 3000)',
    );
    expect(
      valid({ ...MINIMAL, servers: { tickTime: 1000, minSessionTimeout: 20000 } }).servers.minSessionTimeout,
    ).toBe(20000);
  });
});

describe('network', () => {
  it('accepts the three distributions and suggests on a typo', () => {
    for (const distribution of ['uniform', 'normal', 'exponential']) {
      expect(valid({ ...MINIMAL, network: { latency: { distribution } } }).network.latency.distribution).toBe(
        distribution,
      );
    }
    expectOneError(
      { ...MINIMAL, network: { latency: { distribution: 'gaussian' } } },
      '$.network.latency.distribution',
      "unknown distribution 'gaussian' (expected one of 'uniform', 'normal', 'exponential')",
    );
    expectOneError(
      { ...MINIMAL, network: { latency: { distribution: 'normall' } } },
      '$.network.latency.distribution',
      "unknown distribution 'normall' (did you mean 'normal'?)",
    );
  });

  it('requires min and jitter in whole µs (≥ 0) and detectMs in whole ms', () => {
    expect(pathsOf({ ...MINIMAL, network: { latency: { min: -1, jitter: 0.0005 }, detectMs: 0.5 } })).toEqual(
      ['$.network.latency.min', '$.network.latency.jitter', '$.network.detectMs'],
    );
    expectOneError(
      { ...MINIMAL, network: { latency: { min: 0.0501 } } },
      '$.network.latency.min',
      'expected a non-negative number of ms with at most 3 decimals (whole µs), got 0.0501',
    );
  });

  it('takes cores only as a positive integer, and only with handleMs', () => {
    expect('cores' in valid(MINIMAL).network).toBe(false);
    expect(valid({ ...MINIMAL, network: { handleMs: 0.15, cores: 2 } }).network.cores).toBe(2);
    expectOneError(
      { ...MINIMAL, network: { handleMs: 0.15, cores: 0 } },
      '$.network.cores',
      'expected a positive integer, got 0',
    );
    expectOneError(
      { ...MINIMAL, network: { cores: 2 } },
      '$.network.cores',
      'cores shares out the time set by handleMs: give handleMs too (e.g. "handleMs": 0.15)',
    );
  });

  it('keeps handleMs only when given, in whole µs', () => {
    expect('handleMs' in valid(MINIMAL).network).toBe(false);
    expect(valid({ ...MINIMAL, network: { handleMs: 0.297 } }).network.handleMs).toBe(0.297);
    expectOneError(
      { ...MINIMAL, network: { handleMs: -0.1 } },
      '$.network.handleMs',
      'expected a non-negative number of ms with at most 3 decimals (whole µs), got -0.1',
    );
  });

  it('accepts sub-ms latencies for loopback, as given', () => {
    const latency = valid({ ...MINIMAL, network: { latency: { min: 0.05, jitter: 0.1 } } }).network.latency;
    expect(latency).toEqual({ distribution: 'uniform', min: 0.05, jitter: 0.1 });
  });
});

describe('clients', () => {
  it('requires clients to be an array of objects', () => {
    expectOneError({ ...MINIMAL, clients: {} }, '$.clients', 'expected an array, got an object');
    expectOneError(withClients('alice'), '$.clients[0]', "expected a client object, got 'alice'");
  });

  it('requires a name', () => {
    expectOneError(withClients({}), '$.clients[0].name', /missing required key 'name'/);
  });

  it('requires names to match /^[A-Za-z][A-Za-z0-9_-]{0,31}$/', () => {
    for (const name of ['a', 'Alice_2', 'b-1', `x${'y'.repeat(31)}`]) {
      expect(valid(withClients({ name })).clients[0]?.name).toBe(name);
    }
    for (const name of ['', '1abc', '_a', 'a b', 'a.b', `x${'y'.repeat(32)}`, 7]) {
      expectOneError(withClients({ name }), '$.clients[0].name', /^expected a client name/);
    }
  });

  it('refuses names of the form zk<digits>, which are server ids', () => {
    for (const name of ['zk1', 'zk12', 'ZK3']) {
      expectOneError(
        withClients({ name }),
        '$.clients[0].name',
        `client name '${name}' is reserved: zk<digits> names a server`,
      );
    }
    expect(valid(withClients({ name: 'zkclient' })).clients[0]?.name).toBe('zkclient');
  });

  it('requires unique names, pointing at the first use', () => {
    expect(errorsOf(withClients({ name: 'a' }, { name: 'b' }, { name: 'a' }, { name: 'a' }))).toEqual([
      { path: '$.clients[2].name', message: "duplicate client name 'a' (also at $.clients[0].name)" },
      { path: '$.clients[3].name', message: "duplicate client name 'a' (also at $.clients[0].name)" },
    ]);
  });

  it('requires connect ids within 1..count, non-empty, without duplicates', () => {
    const base = { ...MINIMAL, servers: { count: 3 } };
    expect(valid({ ...base, clients: [{ name: 'c', connect: [3, 1] }] }).clients[0]?.connect).toEqual([3, 1]);
    expect(errorsOf({ ...base, clients: [{ name: 'c', connect: [0, 4, 2, 2, 'zk1'] }] })).toEqual([
      { path: '$.clients[0].connect[0]', message: 'expected a server id in 1..3, got 0' },
      { path: '$.clients[0].connect[1]', message: 'expected a server id in 1..3, got 4' },
      { path: '$.clients[0].connect[4]', message: "expected a server id in 1..3, got 'zk1'" },
      { path: '$.clients[0].connect[3]', message: 'duplicate server id 2 (also at $.clients[0].connect[2])' },
    ]);
    expectOneError(
      { ...base, clients: [{ name: 'c', connect: [] }] },
      '$.clients[0].connect',
      'expected at least one server id',
    );
    expectOneError(
      { ...base, clients: [{ name: 'c', connect: 1 }] },
      '$.clients[0].connect',
      'expected an array, got 1',
    );
  });

  it('requires start ≥ 0 and sessionTimeout > 0', () => {
    expect(pathsOf(withClients({ name: 'c', start: -1, sessionTimeout: 0 }))).toEqual([
      '$.clients[0].start',
      '$.clients[0].sessionTimeout',
    ]);
    expect(valid(withClients({ name: 'c', start: 0, sessionTimeout: 1 })).clients[0]?.sessionTimeout).toBe(1);
  });

  it('requires program to be an array', () => {
    expectOneError(
      withClients({ name: 'c', program: { op: 'close' } }),
      '$.clients[0].program',
      /expected an array/,
    );
  });
});

describe('program steps', () => {
  it('accepts every op in its full form', () => {
    const program = [
      {
        op: 'create',
        path: '/a',
        data: 'x',
        mode: 'persistent_sequential_ttl',
        acl: ['cdrwa:auth:'],
        ttl: 1,
      },
      { op: 'create', path: '/b', data: null, acl: 'creator_all' },
      { op: 'delete', path: '/a', version: -1 },
      { op: 'set', path: '/a', data: '', version: 2147483647 },
      { op: 'check', path: '/a', version: 0 },
      { op: 'get', path: '/a', watch: true },
      { op: 'exists', path: '/a', watch: false },
      { op: 'children', path: '/', watch: true },
      {
        op: 'multi',
        ops: [
          { op: 'create', path: '/m' },
          { op: 'set', path: '/m' },
          { op: 'check', path: '/m' },
          { op: 'delete', path: '/m' },
        ],
      },
      { op: 'multi', ops: [] },
      { op: 'sync', path: '/a' },
      { op: 'sync' },
      { op: 'get_acl', path: '/a' },
      { op: 'set_acl', path: '/a', acl: 'read', version: 1 },
      { op: 'add_watch', path: '/a', mode: 'persistent_recursive' },
      { op: 'remove_watches', path: '/a', watcherType: 5 },
      { op: 'add_auth', scheme: 'digest', auth: 'u:p' },
      { op: 'sleep', ms: 0 },
      { op: 'close' },
    ];
    expect(valid(withProgram(...program)).clients[0]?.program).toEqual(program);
  });

  it('accepts every CreateMode', () => {
    const modes = [
      'persistent',
      'ephemeral',
      'persistent_sequential',
      'ephemeral_sequential',
      'container',
      'persistent_ttl',
      'persistent_sequential_ttl',
    ];
    valid(withProgram(...modes.map((mode) => ({ op: 'create', path: '/n', mode }))));
  });

  it("requires paths to be strings starting with '/' and leaves deeper rules to the server", () => {
    expectOneError(
      withProgram({ op: 'get', path: 'a/b' }),
      '$.clients[0].program[0].path',
      "expected a path string starting with '/', got 'a/b'",
    );
    expectOneError(withProgram({ op: 'delete', path: 5 }), '$.clients[0].program[0].path', /got 5/);
    expectOneError(
      withProgram({ op: 'create' }),
      '$.clients[0].program[0].path',
      /missing required key 'path'/,
    );
    valid(withProgram({ op: 'create', path: '/a//b/' }, { op: 'get', path: '/zookeeper/..' }));
  });

  it('requires version to be an integer ≥ -1', () => {
    for (const version of [-2, 1.5, '1', 2 ** 31]) {
      expectOneError(
        withProgram({ op: 'set', path: '/a', version }),
        '$.clients[0].program[0].version',
        /-1\.\.2147483647/,
      );
    }
  });

  it('checks mode, ttl, watch, data, watcherType and add_watch mode', () => {
    expect(
      errorsOf(
        withProgram(
          { op: 'create', path: '/a', mode: 'ephemeral_sequental', ttl: 0, data: 5 },
          { op: 'get', path: '/a', watch: 'yes' },
          { op: 'remove_watches', path: '/a', watcherType: 6 },
          { op: 'remove_watches', path: '/a', watcherType: 0 },
          { op: 'add_watch', path: '/a', mode: 'recursive' },
        ),
      ),
    ).toEqual([
      { path: '$.clients[0].program[0].data', message: 'expected a string or null, got 5' },
      {
        path: '$.clients[0].program[0].mode',
        message: "unknown mode 'ephemeral_sequental' (did you mean 'ephemeral_sequential'?)",
      },
      { path: '$.clients[0].program[0].ttl', message: 'expected a positive integer, got 0' },
      { path: '$.clients[0].program[1].watch', message: "expected a boolean, got 'yes'" },
      {
        path: '$.clients[0].program[2].watcherType',
        message: 'expected a watcherType 1..5 (1 Children, 2 Data, 3 Any), got 6',
      },
      {
        path: '$.clients[0].program[3].watcherType',
        message: 'expected a watcherType 1..5 (1 Children, 2 Data, 3 Any), got 0',
      },
      {
        path: '$.clients[0].program[4].mode',
        message: "unknown mode 'recursive' (expected one of 'persistent', 'persistent_recursive')",
      },
    ]);
  });

  it('requires op, and suggests on an unknown op', () => {
    expectOneError(
      withProgram({ path: '/a' }),
      '$.clients[0].program[0].op',
      /^missing required key 'op': expected one of 'create'/,
    );
    expectOneError(
      withProgram({ op: 'crate', path: '/a' }),
      '$.clients[0].program[0].op',
      "unknown op 'crate' (did you mean 'create'?)",
    );
    expectOneError(
      withProgram({ op: 7 }),
      '$.clients[0].program[0].op',
      /^expected one of 'create', .*got 7$/,
    );
    expectOneError(withProgram('close'), '$.clients[0].program[0]', /^expected a step object/);
  });

  it("reports keys the op does not take, listing the op's keys", () => {
    expectOneError(
      withProgram({ op: 'get', path: '/a', version: 1 }),
      '$.clients[0].program[0].version',
      "unknown key 'version' (op 'get' takes: op, path, watch)",
    );
    expectOneError(
      withProgram({ op: 'close', path: '/a' }),
      '$.clients[0].program[0].path',
      "unknown key 'path' (op 'close' takes: op)",
    );
  });

  it('requires the fields of set_acl, add_auth and sleep', () => {
    expect(
      errorsOf(
        withProgram(
          { op: 'set_acl', path: '/a' },
          { op: 'add_auth', scheme: 1 },
          { op: 'sleep' },
          { op: 'sleep', ms: -5 },
        ),
      ),
    ).toEqual([
      {
        path: '$.clients[0].program[0].acl',
        message:
          "missing required key 'acl': expected 'open', 'creator_all', 'read' or an array of 'perms:scheme:id' strings",
      },
      { path: '$.clients[0].program[1].scheme', message: 'expected a string, got 1' },
      { path: '$.clients[0].program[1].auth', message: "missing required key 'auth': expected a string" },
      {
        path: '$.clients[0].program[2].ms',
        message: "missing required key 'ms': expected a non-negative integer (ms)",
      },
      { path: '$.clients[0].program[3].ms', message: 'expected a non-negative integer (ms), got -5' },
    ]);
  });

  it('reports bad ACL entries at their own index', () => {
    expect(
      errorsOf(
        withProgram({ op: 'create', path: '/a', acl: ['cdrwa:world:anyone', 'rx:world:anyone', 'r:ip'] }),
      ),
    ).toEqual([
      {
        path: '$.clients[0].program[0].acl[1]',
        message: "unknown perms letter 'x' (perms are a subset of 'cdrwa')",
      },
      {
        path: '$.clients[0].program[0].acl[2]',
        message: "expected 'perms:scheme:id' (like 'cdrwa:world:anyone'), got 'r:ip'",
      },
    ]);
    expectOneError(
      withProgram({ op: 'set_acl', path: '/a', acl: 'public' }),
      '$.clients[0].program[0].acl',
      /unknown ACL name 'public'/,
    );
  });

  it('allows only create, delete, set and check inside a multi, validated like top-level steps', () => {
    expect(
      errorsOf(
        withProgram({
          op: 'multi',
          ops: [
            { op: 'create', path: '/ok' },
            { op: 'get', path: '/a' },
            { op: 'multi', ops: [] },
            { op: 'set', path: 'x' },
            { op: 'sleep', ms: 1 },
          ],
        }),
      ),
    ).toEqual([
      {
        path: '$.clients[0].program[0].ops[1].op',
        message: "op 'get' cannot appear inside a multi (only create, delete, set, check)",
      },
      {
        path: '$.clients[0].program[0].ops[2].op',
        message: "op 'multi' cannot appear inside a multi (only create, delete, set, check)",
      },
      {
        path: '$.clients[0].program[0].ops[3].path',
        message: "expected a path string starting with '/', got 'x'",
      },
      {
        path: '$.clients[0].program[0].ops[4].op',
        message: "op 'sleep' cannot appear inside a multi (only create, delete, set, check)",
      },
    ]);
    expectOneError(withProgram({ op: 'multi' }), '$.clients[0].program[0].ops', /missing required key 'ops'/);
  });
});

describe('faults', () => {
  it('accepts every action with valid fields', () => {
    const faults = [
      { at: 0, action: 'crash', target: 'zk1' },
      { at: 5, action: 'crash', target: 'zk2', keepUnsynced: true },
      { at: 10, action: 'restart', target: 'zk1' },
      { at: 10, action: 'restart', target: 'alice' },
      { at: 20, action: 'pause', target: 'zk3' },
      { at: 30, action: 'resume', target: 'zk3' },
      { at: 40, action: 'crash', target: 'bob' },
      {
        at: 50,
        action: 'partition',
        groups: [
          ['zk1', 'alice'],
          ['zk2', 'zk3'],
        ],
      },
      { at: 51, action: 'partition', groups: [['zk1']] },
      { at: 60, action: 'heal' },
      { at: 70, action: 'cut', from: 'zk1', to: 'zk2' },
      { at: 80, action: 'uncut', from: 'zk1', to: 'zk2' },
      { at: 90, action: 'delay', from: 'alice', to: 'zk2', ms: 0 },
      { at: 100, action: 'drop', from: 'zk2', to: 'zk3', rate: 0 },
      { at: 110, action: 'drop', from: 'zk2', to: 'zk3', rate: 1 },
      { at: 120, action: 'drop', from: 'zk2', to: 'zk3', rate: 0.25 },
    ];
    expect(valid(withFaults(...faults)).faults).toEqual(faults);
  });

  it("requires at ≥ 0 in whole µs (a sub-ms run is branched at its events' times)", () => {
    expectOneError(withFaults({ action: 'heal' }), '$.faults[0].at', /missing required key 'at'/);
    expectOneError(
      withFaults({ at: -1, action: 'heal' }),
      '$.faults[0].at',
      'expected a non-negative number of ms with at most 3 decimals (whole µs), got -1',
    );
    expectOneError(withFaults({ at: 1.0005, action: 'heal' }), '$.faults[0].at', /got 1\.0005/);
    expect(valid(withFaults({ at: 1028.321, action: 'heal' })).faults[0]!.at).toBe(1028.321);
  });

  it('requires a known action, suggesting on a typo', () => {
    expectOneError(withFaults({ at: 1 }), '$.faults[0].action', /^missing required key 'action'/);
    expectOneError(
      withFaults({ at: 1, action: 'partiton' }),
      '$.faults[0].action',
      "unknown action 'partiton' (did you mean 'partition'?)",
    );
    expectOneError(
      withFaults({ at: 1, action: 'explode' }),
      '$.faults[0].action',
      /^unknown action 'explode' \(expected one of 'crash'/,
    );
  });

  it('requires targets to name an existing server or client', () => {
    expectOneError(
      withFaults({ at: 1, action: 'crash', target: 'zk4' }),
      '$.faults[0].target',
      "unknown node 'zk4' (servers: zk1..zk3; clients: alice, bob)",
    );
    expectOneError(
      withFaults({ at: 1, action: 'pause', target: 'carol' }),
      '$.faults[0].target',
      /unknown node 'carol'/,
    );
    expectOneError(
      withFaults({ at: 1, action: 'resume', target: 'zk0' }),
      '$.faults[0].target',
      /unknown node 'zk0'/,
    );
    expectOneError(
      withFaults({ at: 1, action: 'restart', target: 'zk01' }),
      '$.faults[0].target',
      /unknown node 'zk01'/,
    );
    expectOneError(
      withFaults({ at: 1, action: 'crash', target: 1 }),
      '$.faults[0].target',
      /^expected a node id/,
    );
    expectOneError(
      { ...MINIMAL, faults: [{ at: 1, action: 'crash', target: 'zk2' }] },
      '$.faults[0].target',
      "unknown node 'zk2' (servers: zk1; clients: none)",
    );
  });

  it('refuses keepUnsynced on a client target and requires it to be a boolean', () => {
    expectOneError(
      withFaults({ at: 1, action: 'crash', target: 'alice', keepUnsynced: false }),
      '$.faults[0].keepUnsynced',
      "keepUnsynced applies to servers only ('alice' is a client)",
    );
    expectOneError(
      withFaults({ at: 1, action: 'crash', target: 'zk1', keepUnsynced: 1 }),
      '$.faults[0].keepUnsynced',
      /expected a boolean/,
    );
  });

  it('takes keepUnsynced on crash only', () => {
    expectOneError(
      withFaults({ at: 1, action: 'restart', target: 'zk1', keepUnsynced: true }),
      '$.faults[0].keepUnsynced',
      "unknown key 'keepUnsynced' (action 'restart' takes: at, action, target)",
    );
  });

  it('requires partition groups of node ids, each node at most once', () => {
    expectOneError(
      withFaults({ at: 1, action: 'partition' }),
      '$.faults[0].groups',
      /missing required key 'groups'/,
    );
    expectOneError(
      withFaults({ at: 1, action: 'partition', groups: [] }),
      '$.faults[0].groups',
      'expected at least one group of node ids',
    );
    expectOneError(
      withFaults({ at: 1, action: 'partition', groups: ['zk1'] }),
      '$.faults[0].groups[0]',
      "expected an array, got 'zk1'",
    );
    expect(
      errorsOf(
        withFaults({
          at: 1,
          action: 'partition',
          groups: [['zk1', 'alice'], [], ['zk2', 'zk1', 'zk9', 'zk2']],
        }),
      ),
    ).toEqual([
      { path: '$.faults[0].groups[1]', message: 'expected a non-empty group of node ids' },
      {
        path: '$.faults[0].groups[2][2]',
        message: "unknown node 'zk9' (servers: zk1..zk3; clients: alice, bob)",
      },
      {
        path: '$.faults[0].groups[2][1]',
        message: "duplicate node 'zk1' (also at $.faults[0].groups[0][0])",
      },
      {
        path: '$.faults[0].groups[2][3]',
        message: "duplicate node 'zk2' (also at $.faults[0].groups[2][0])",
      },
    ]);
  });

  it('requires from ≠ to on cut, uncut, delay and drop', () => {
    for (const fault of [
      { at: 1, action: 'cut', from: 'zk1', to: 'zk1' },
      { at: 1, action: 'uncut', from: 'zk1', to: 'zk1' },
      { at: 1, action: 'delay', from: 'alice', to: 'alice', ms: 5 },
      { at: 1, action: 'drop', from: 'zk2', to: 'zk2', rate: 0.5 },
    ]) {
      expectOneError(withFaults(fault), '$.faults[0].to', `from and to are the same node '${fault.from}'`);
    }
  });

  it('requires delay ms ≥ 0 and drop rate in [0, 1]', () => {
    expect(
      errorsOf(
        withFaults(
          { at: 1, action: 'delay', from: 'zk1', to: 'zk2', ms: -1 },
          { at: 1, action: 'drop', from: 'zk1', to: 'zk2', rate: 1.5 },
          { at: 1, action: 'drop', from: 'zk1', to: 'zk2', rate: -0.1 },
          { at: 1, action: 'drop', from: 'zk1', to: 'zk2' },
          { at: 1, action: 'cut', from: 'zk1' },
        ),
      ),
    ).toEqual([
      { path: '$.faults[0].ms', message: 'expected a non-negative integer (ms), got -1' },
      { path: '$.faults[1].rate', message: 'expected a number in [0, 1], got 1.5' },
      { path: '$.faults[2].rate', message: 'expected a number in [0, 1], got -0.1' },
      { path: '$.faults[3].rate', message: "missing required key 'rate': expected a number in [0, 1]" },
      {
        path: '$.faults[4].to',
        message: "missing required key 'to': expected a node id ('zk1'..'zkN' or a client name)",
      },
    ]);
  });

  it('reports keys the action does not take', () => {
    expectOneError(
      withFaults({ at: 1, action: 'heal', target: 'zk1' }),
      '$.faults[0].target',
      "unknown key 'target' (action 'heal' takes: at, action)",
    );
  });

  it('still checks server ids against count when other servers fields are invalid', () => {
    expect(
      errorsOf({
        ...MINIMAL,
        servers: { count: 2, tickTime: -1 },
        faults: [{ at: 1, action: 'crash', target: 'zk3' }],
      }),
    ).toEqual([
      { path: '$.servers.tickTime', message: 'expected a positive integer (ms), got -1' },
      { path: '$.faults[0].target', message: "unknown node 'zk3' (servers: zk1..zk2; clients: none)" },
    ]);
  });

  it('accepts a client as a target even when that client has errors of its own', () => {
    expect(
      pathsOf({
        ...MINIMAL,
        clients: [{ name: 'eve', start: -1 }],
        faults: [{ at: 1, action: 'crash', target: 'eve' }],
      }),
    ).toEqual(['$.clients[0].start']);
  });
});

describe('every error is reported', () => {
  it('collects errors from all parts of one document, in document order', () => {
    const errors = errorsOf({
      version: 3,
      seed: -4,
      duration: 'long',
      servers: { count: 12 },
      network: { detectMs: -1 },
      clients: [
        { name: '9lives', program: [{ op: 'get', path: 'nope' }] },
        { name: 'ok', start: -3, connect: [] },
      ],
      faults: [{ at: -1, action: 'crash', target: 'nobody' }],
    });
    expect(errors.map((e) => e.path)).toEqual([
      '$.version',
      '$.seed',
      '$.duration',
      '$.servers.count',
      '$.network.detectMs',
      '$.clients[0].name',
      '$.clients[0].program[0].path',
      '$.clients[1].connect',
      '$.clients[1].start',
      '$.faults[0].at',
      '$.faults[0].target',
    ]);
  });

  it('gives the messages docs/scenario.md shows for its error example', () => {
    const errors = errorsOf({
      version: 1,
      sead: 42,
      clients: [{ name: 'alice', program: [{ op: 'crate', path: '/a' }] }],
      faults: [{ at: 1000, action: 'crash', target: 'zk2' }],
    });
    expect(formatScenarioErrors(errors).split('\n')).toEqual([
      "$.sead: unknown key 'sead' (did you mean 'seed'?)",
      "$.seed: missing required key 'seed': expected an integer in 0..4294967295 (uint32)",
      "$.clients[0].program[0].op: unknown op 'crate' (did you mean 'create'?)",
      "$.faults[0].target: unknown node 'zk2' (servers: zk1; clients: alice)",
    ]);
  });

  it('formatScenarioErrors prints one "path: message" line per error', () => {
    const errors = errorsOf({ version: 1, sead: 2, duration: -1 });
    expect(formatScenarioErrors(errors)).toBe(
      "$.sead: unknown key 'sead' (did you mean 'seed'?)\n" +
        "$.seed: missing required key 'seed': expected an integer in 0..4294967295 (uint32)\n" +
        '$.duration: expected a non-negative integer (ms), got -1',
    );
  });
});

describe('parseScenarioJson', () => {
  it('parses and validates like validateScenario', () => {
    const text = JSON.stringify({ ...MINIMAL, clients: [{ name: 'c' }] });
    expect(parseScenarioJson(text)).toEqual(validateScenario(JSON.parse(text)));
    expect(parseScenarioJson('{"version": 1}')).toEqual(validateScenario({ version: 1 }));
  });

  it('reports malformed JSON as one error at $ with line and column', () => {
    const result = parseScenarioJson('{\n  "version": 1,\n  "seed": 1\n  "clients": []\n}');
    expect(result).toEqual({
      ok: false,
      errors: [{ path: '$', message: expect.stringMatching(/^invalid JSON at line 4, column 3: /) }],
    });
  });

  it('locates a trailing comma and an unterminated document', () => {
    const trailing = parseScenarioJson('{"version": 1,}');
    expect(trailing.ok ? [] : trailing.errors).toEqual([
      { path: '$', message: expect.stringMatching(/^invalid JSON at line 1, column 15: /) },
    ]);
    const unterminated = parseScenarioJson('{\n  "version": 1');
    expect(unterminated.ok ? [] : unterminated.errors).toEqual([
      { path: '$', message: expect.stringMatching(/^invalid JSON at line 2, column \d+: /) },
    ]);
  });

  it('reports empty text as invalid JSON', () => {
    const result = parseScenarioJson('');
    expect(result.ok ? [] : result.errors.map((e) => [e.path, e.message.startsWith('invalid JSON')])).toEqual(
      [['$', true]],
    );
  });

  it('ignores a leading byte-order mark', () => {
    expect(parseScenarioJson(`\uFEFF${JSON.stringify(MINIMAL)}`).ok).toBe(true);
  });
});

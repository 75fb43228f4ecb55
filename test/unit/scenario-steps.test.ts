import { describe, expect, it } from 'vitest';
import { STEP_DEFAULTS, stepToRequest } from '../../src/sim/client/program-steps.ts';
import type { ProgramStep } from '../../src/sim/scenario-types.ts';
import { aclFromSpec } from '../../src/sim/server/acl-spec.ts';
import { OPEN_ACL_UNSAFE, READ_ACL_UNSAFE } from '../../src/sim/server/protocol.ts';

describe('stepToRequest: defaults of omitted fields', () => {
  it('create: data null, mode persistent, acl open, no ttl', () => {
    expect(stepToRequest({ op: 'create', path: '/a' })).toEqual({
      op: 'create',
      path: '/a',
      data: null,
      acl: OPEN_ACL_UNSAFE,
      mode: 'persistent',
    });
  });

  it('delete, set and check: version -1 (any); set data null', () => {
    expect(stepToRequest({ op: 'delete', path: '/a' })).toEqual({ op: 'delete', path: '/a', version: -1 });
    expect(stepToRequest({ op: 'check', path: '/a' })).toEqual({ op: 'check', path: '/a', version: -1 });
    expect(stepToRequest({ op: 'set', path: '/a' })).toEqual({
      op: 'set',
      path: '/a',
      data: null,
      version: -1,
    });
  });

  it('get, exists and children: watch false', () => {
    for (const op of ['get', 'exists', 'children'] as const) {
      expect(stepToRequest({ op, path: '/a' })).toEqual({ op, path: '/a', watch: false });
    }
  });

  it("sync: path '/'", () => {
    expect(stepToRequest({ op: 'sync' })).toEqual({ op: 'sync', path: '/' });
  });

  it('set_acl: version -1; add_watch: mode persistent; remove_watches: watcherType 3 (Any)', () => {
    expect(stepToRequest({ op: 'set_acl', path: '/a', acl: 'read' })).toEqual({
      op: 'set_acl',
      path: '/a',
      acl: READ_ACL_UNSAFE,
      version: -1,
    });
    expect(stepToRequest({ op: 'add_watch', path: '/a' })).toEqual({
      op: 'add_watch',
      path: '/a',
      mode: 'persistent',
    });
    expect(stepToRequest({ op: 'remove_watches', path: '/a' })).toEqual({
      op: 'remove_watches',
      path: '/a',
      watcherType: 3,
    });
  });

  it('STEP_DEFAULTS documents the same values', () => {
    expect(STEP_DEFAULTS).toEqual({
      data: null,
      mode: 'persistent',
      acl: 'open',
      version: -1,
      watch: false,
      syncPath: '/',
      addWatchMode: 'persistent',
      watcherType: 3,
    });
  });
});

describe('stepToRequest: given fields are kept', () => {
  it('create with data, mode, acl entries and ttl', () => {
    expect(
      stepToRequest({
        op: 'create',
        path: '/t',
        data: 'x',
        mode: 'persistent_ttl',
        acl: ['cdrwa:digest:bob:h=', 'r:world:anyone'],
        ttl: 500,
      }),
    ).toEqual({
      op: 'create',
      path: '/t',
      data: 'x',
      mode: 'persistent_ttl',
      acl: aclFromSpec(['cdrwa:digest:bob:h=', 'r:world:anyone']),
      ttl: 500,
    });
  });

  it('explicit null data and empty-string data stay as given', () => {
    expect(stepToRequest({ op: 'set', path: '/a', data: null, version: 3 })).toEqual({
      op: 'set',
      path: '/a',
      data: null,
      version: 3,
    });
    expect(stepToRequest({ op: 'create', path: '/a', data: '' })).toMatchObject({ data: '' });
  });

  it('watch, sync path, add_watch mode, watcherType, add_auth', () => {
    expect(stepToRequest({ op: 'get', path: '/a', watch: true })).toEqual({
      op: 'get',
      path: '/a',
      watch: true,
    });
    expect(stepToRequest({ op: 'sync', path: '/b' })).toEqual({ op: 'sync', path: '/b' });
    expect(stepToRequest({ op: 'add_watch', path: '/a', mode: 'persistent_recursive' })).toEqual({
      op: 'add_watch',
      path: '/a',
      mode: 'persistent_recursive',
    });
    expect(stepToRequest({ op: 'remove_watches', path: '/a', watcherType: 1 })).toEqual({
      op: 'remove_watches',
      path: '/a',
      watcherType: 1,
    });
    expect(stepToRequest({ op: 'add_auth', scheme: 'digest', auth: 'u:p' })).toEqual({
      op: 'add_auth',
      scheme: 'digest',
      auth: 'u:p',
    });
    expect(stepToRequest({ op: 'get_acl', path: '/a' })).toEqual({ op: 'get_acl', path: '/a' });
  });

  it('multi maps its sub-ops with the same defaults', () => {
    expect(
      stepToRequest({
        op: 'multi',
        ops: [
          { op: 'create', path: '/m', mode: 'ephemeral' },
          { op: 'set', path: '/m', data: 'd' },
          { op: 'check', path: '/m', version: 1 },
          { op: 'delete', path: '/m' },
        ],
      }),
    ).toEqual({
      op: 'multi',
      ops: [
        { op: 'create', path: '/m', data: null, acl: OPEN_ACL_UNSAFE, mode: 'ephemeral' },
        { op: 'set', path: '/m', data: 'd', version: -1 },
        { op: 'check', path: '/m', version: 1 },
        { op: 'delete', path: '/m', version: -1 },
      ],
    });
  });

  it('a sub-op other than create/delete/set/check inside a multi throws', () => {
    const step = { op: 'multi', ops: [{ op: 'get', path: '/a' }] } as ProgramStep;
    expect(() => stepToRequest(step)).toThrow(/cannot appear inside a multi/);
  });

  it('sleep and close are markers for the client, not requests', () => {
    expect(stepToRequest({ op: 'sleep', ms: 250 })).toEqual({ op: 'sleep', ms: 250 });
    expect(stepToRequest({ op: 'close' })).toEqual({ op: 'close' });
  });
});

// createArgs builds the create request field by field (a spread's copies got a new hidden class in
// every run: issue #13); the request is the same: its fields, their order, the optional ones only
// when given.
import { describe, expect, it } from 'vitest';
import { createArgs } from '../../src/sim/client/lua-values.ts';

describe('createArgs', () => {
  it('gives op, path, data, acl and mode, then ttl, flags and opcode only when given', () => {
    const plain = createArgs('create', '/a', 'x', { ephemeral: true, sequential: true });
    expect(Object.keys(plain)).toEqual(['op', 'path', 'data', 'acl', 'mode']);
    expect(plain).toMatchObject({ op: 'create', path: '/a', data: 'x', mode: 'ephemeral_sequential' });
    const raw = createArgs('create', '/b', null, { ttl: 500, flags: 5, opcode: 'createTTL' });
    expect(Object.keys(raw)).toEqual(['op', 'path', 'data', 'acl', 'mode', 'ttl', 'flags', 'opcode']);
    expect(raw).toMatchObject({ mode: 'persistent_ttl', ttl: 500, flags: 5, opcode: 'createTTL' });
    expect(Object.keys(createArgs('create', '/c', null, { opcode: 'create2' }))).toEqual([
      'op',
      'path',
      'data',
      'acl',
      'mode',
      'opcode',
    ]);
  });
});

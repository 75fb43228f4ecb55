import { describe, expect, it } from 'vitest';
import { aclFromSpec, isAclSpec, validateAclSpec } from '../../src/sim/server/acl-spec.ts';
import { CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, Perms, READ_ACL_UNSAFE } from '../../src/sim/server/protocol.ts';

describe('aclFromSpec: predefined names', () => {
  it("maps 'open', 'creator_all' and 'read' to ZooDefs.Ids lists", () => {
    expect(aclFromSpec('open')).toEqual(OPEN_ACL_UNSAFE);
    expect(aclFromSpec('creator_all')).toEqual(CREATOR_ALL_ACL);
    expect(aclFromSpec('read')).toEqual(READ_ACL_UNSAFE);
  });

  it('returns fresh copies, so a caller cannot corrupt the shared constants', () => {
    const acl = aclFromSpec('open');
    expect(acl).not.toBe(OPEN_ACL_UNSAFE);
    expect(acl[0]).not.toBe(OPEN_ACL_UNSAFE[0]);
  });
});

describe('aclFromSpec: perms:scheme:id entries', () => {
  it('maps each letter to its bit: c=CREATE d=DELETE r=READ w=WRITE a=ADMIN', () => {
    const perms = (letters: string) => aclFromSpec([`${letters}:world:anyone`])[0]?.perms;
    expect(perms('c')).toBe(Perms.CREATE);
    expect(perms('d')).toBe(Perms.DELETE);
    expect(perms('r')).toBe(Perms.READ);
    expect(perms('w')).toBe(Perms.WRITE);
    expect(perms('a')).toBe(Perms.ADMIN);
    expect(perms('cdrwa')).toBe(Perms.ALL);
    expect(perms('ar')).toBe(Perms.ADMIN | Perms.READ);
    expect(perms('')).toBe(0);
  });

  it("keeps every ':' after the scheme in the id (digest user:hash, ip ranges)", () => {
    expect(aclFromSpec(['cdrwa:digest:bob:Ix0abc=', 'r:ip:10.0.0.0/8', 'rw:x:a:b:c'])).toEqual([
      { perms: Perms.ALL, scheme: 'digest', id: 'bob:Ix0abc=' },
      { perms: Perms.READ, scheme: 'ip', id: '10.0.0.0/8' },
      { perms: Perms.READ | Perms.WRITE, scheme: 'x', id: 'a:b:c' },
    ]);
  });

  it("allows an empty id ('cdrwa:auth:') and keeps entries in order", () => {
    expect(aclFromSpec(['cdrwa:auth:', 'r:world:anyone'])).toEqual([
      { perms: Perms.ALL, scheme: 'auth', id: '' },
      { perms: Perms.READ, scheme: 'world', id: 'anyone' },
    ]);
  });

  it('maps an empty list to an empty ACL (the server answers InvalidACL)', () => {
    expect(aclFromSpec([])).toEqual([]);
  });

  it('throws on an invalid spec', () => {
    expect(() => aclFromSpec('public' as 'open')).toThrow(/unknown ACL name 'public'/);
    expect(() => aclFromSpec(['rx:world:anyone'])).toThrow(/unknown perms letter 'x'/);
  });
});

describe('validateAclSpec', () => {
  it('accepts the names, valid entry lists and the empty list', () => {
    for (const spec of ['open', 'creator_all', 'read', [], ['cdrwa:world:anyone', 'r:ip:10.0.0.0/8']]) {
      expect(validateAclSpec(spec)).toEqual([]);
      expect(isAclSpec(spec)).toBe(true);
    }
  });

  it('rejects an unknown name at the spec itself', () => {
    expect(validateAclSpec('public')).toEqual([
      { path: '', message: "unknown ACL name 'public' (expected 'open', 'creator_all' or 'read')" },
    ]);
  });

  it('rejects a spec that is neither a name nor an array', () => {
    for (const spec of [5, null, { perms: 31 }, undefined]) {
      const problems = validateAclSpec(spec);
      expect(problems).toHaveLength(1);
      expect(problems[0]?.path).toBe('');
      expect(isAclSpec(spec)).toBe(false);
    }
  });

  it('reports every bad entry with its index', () => {
    const problems = validateAclSpec([
      'cdrwa:world:anyone',
      'R:world:anyone',
      'rr:world:anyone',
      'r:world',
      'r',
      'r::x',
      7,
      'cdrwx:ip:1.2.3.4',
    ]);
    expect(problems).toEqual([
      { path: '[1]', message: "unknown perms letter 'R' (perms are a subset of 'cdrwa')" },
      { path: '[2]', message: "perms letter 'r' appears twice" },
      { path: '[3]', message: "expected 'perms:scheme:id' (like 'cdrwa:world:anyone'), got 'r:world'" },
      { path: '[4]', message: "expected 'perms:scheme:id' (like 'cdrwa:world:anyone'), got 'r'" },
      { path: '[5]', message: "empty scheme in 'r::x'" },
      { path: '[6]', message: "expected a 'perms:scheme:id' string" },
      { path: '[7]', message: "unknown perms letter 'x' (perms are a subset of 'cdrwa')" },
    ]);
  });
});

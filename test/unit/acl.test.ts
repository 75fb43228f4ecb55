import { describe, expect, it } from 'vitest';
import {
  aclAllows,
  base64,
  checkAcl,
  digestId,
  digestIsValid,
  fixupAcl,
  generateDigest,
  ipIsValid,
  ipMatches,
  redactAcl,
} from '../../src/sim/server/acl.ts';
import { KeeperError } from '../../src/sim/server/errors.ts';
import type { Acl, Id } from '../../src/sim/server/protocol.ts';
import { Perms } from '../../src/sim/server/protocol.ts';

function errorOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof KeeperError) return e.code;
    throw e;
  }
}

const ip: Id = { scheme: 'ip', id: '127.0.0.1' };

describe('digest ids', () => {
  it('are user:base64(sha1("user:password")), matching the ZooKeeper documentation example', () => {
    expect(digestId('test:test')).toEqual({ scheme: 'digest', id: 'test:V28q/NynI4JI3Rk54h0r8O5kMug=' });
    expect(generateDigest('super:superpw')).toBe('super:g9oN2HttPfn8MMWJZ2r45Np/LIA=');
  });

  it('hash the whole string but keep only the part before the first colon as the user', () => {
    expect(generateDigest('a:b:c').startsWith('a:')).toBe(true);
    expect(generateDigest('a:b:c')).not.toBe(generateDigest('a:b'));
    expect(generateDigest('nocolon').startsWith('nocolon:')).toBe(true);
  });

  it('base64 pads like the Java encoder', () => {
    const enc = (s: string) => base64(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('Zg==');
    expect(enc('fo')).toBe('Zm8=');
    expect(enc('foo')).toBe('Zm9v');
    expect(enc('foob')).toBe('Zm9vYg==');
    expect(base64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
  });

  it('a digest id is valid only as exactly user:hash', () => {
    expect(digestIsValid('u:h')).toBe(true);
    expect(digestIsValid(':h')).toBe(true);
    expect(digestIsValid('u')).toBe(false);
    expect(digestIsValid('u:')).toBe(false);
    expect(digestIsValid('u:h:x')).toBe(false);
  });
});

describe('ip ids', () => {
  it('match an exact IPv4 address', () => {
    expect(ipMatches('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(ipMatches('127.0.0.2', '127.0.0.1')).toBe(false);
  });

  it('match addr/bits by prefix', () => {
    expect(ipMatches('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(ipMatches('10.1.2.3', '10.0.0.0/16')).toBe(false);
    expect(ipMatches('10.1.2.3', '10.1.2.0/24')).toBe(true);
    expect(ipMatches('192.168.1.129', '192.168.1.128/25')).toBe(true);
    expect(ipMatches('192.168.1.127', '192.168.1.128/25')).toBe(false);
    expect(ipMatches('1.2.3.4', '0.0.0.0/0')).toBe(true);
  });

  it('never match bad expressions or non-IPv4 clients', () => {
    expect(ipMatches('10.1.2.3', '10.0.0.0/33')).toBe(false);
    expect(ipMatches('10.1.2.3', '10.0.0/8')).toBe(false);
    expect(ipMatches('::1', '127.0.0.1')).toBe(false);
  });

  it('validate addresses and prefix lengths', () => {
    expect(ipIsValid('127.0.0.1')).toBe(true);
    expect(ipIsValid('10.0.0.0/8')).toBe(true);
    expect(ipIsValid('10.0.0.0/32')).toBe(true);
    expect(ipIsValid('10.0.0.0/33')).toBe(false);
    expect(ipIsValid('10.0.0.0/x')).toBe(false);
    expect(ipIsValid('256.0.0.1')).toBe(false);
    expect(ipIsValid('localhost')).toBe(false);
    expect(ipIsValid('1.2.3.')).toBe(false);
  });
});

describe('fixupACL', () => {
  const world: Acl = { perms: Perms.ALL, scheme: 'world', id: 'anyone' };

  it('rejects an empty list', () => {
    expect(errorOf(() => fixupAcl([ip], []))).toBe('InvalidACL');
  });

  it('removes duplicates, keeping the first', () => {
    expect(fixupAcl([ip], [world, { ...world }, { perms: 1, scheme: 'world', id: 'anyone' }])).toEqual([
      world,
      { perms: 1, scheme: 'world', id: 'anyone' },
    ]);
  });

  it('expands auth into every digest id of the caller, with the entry perms', () => {
    const alice = digestId('alice:pw');
    const bob = digestId('bob:pw');
    expect(fixupAcl([ip, alice, bob], [{ perms: Perms.READ, scheme: 'auth', id: '' }])).toEqual([
      { perms: Perms.READ, ...alice },
      { perms: Perms.READ, ...bob },
    ]);
  });

  it('refuses auth when the caller has no authenticated id (the ip id does not count)', () => {
    expect(errorOf(() => fixupAcl([ip], [{ perms: Perms.ALL, scheme: 'auth', id: '' }]))).toBe('InvalidACL');
  });

  it('refuses ids no provider accepts', () => {
    for (const bad of [
      { perms: 31, scheme: 'world', id: 'someone' },
      { perms: 31, scheme: 'nosuch', id: 'x' },
      { perms: 31, scheme: 'digest', id: 'nohash' },
      { perms: 31, scheme: 'ip', id: '1.2.3' },
      { perms: 31, scheme: 'super', id: '' },
    ]) {
      expect(
        errorOf(() => fixupAcl([ip], [world, bad])),
        JSON.stringify(bad),
      ).toBe('InvalidACL');
    }
  });

  it('accepts valid digest and ip entries as they are', () => {
    const acl: Acl[] = [
      { perms: Perms.READ, scheme: 'ip', id: '10.0.0.0/8' },
      { perms: Perms.ALL, scheme: 'digest', id: 'u:abc=' },
    ];
    expect(fixupAcl([], acl)).toEqual(acl);
  });
});

describe('checkACL', () => {
  const readOnly: Acl[] = [{ perms: Perms.READ, scheme: 'world', id: 'anyone' }];

  it('allows everything on an empty ACL', () => {
    expect(aclAllows([], Perms.ADMIN, [])).toBe(true);
  });

  it('needs an entry that carries the permission bit', () => {
    expect(aclAllows(readOnly, Perms.READ, [ip])).toBe(true);
    expect(aclAllows(readOnly, Perms.WRITE, [ip])).toBe(false);
    expect(aclAllows(readOnly, Perms.READ | Perms.ADMIN, [ip])).toBe(true);
    expect(errorOf(() => checkAcl(readOnly, Perms.DELETE, [ip]))).toBe('NoAuth');
  });

  it('matches digest ids exactly and ip ids by address', () => {
    const alice = digestId('alice:pw');
    const acl: Acl[] = [
      { perms: Perms.ALL, ...alice },
      { perms: Perms.READ, scheme: 'ip', id: '127.0.0.0/8' },
    ];
    expect(aclAllows(acl, Perms.WRITE, [ip, alice])).toBe(true);
    expect(aclAllows(acl, Perms.WRITE, [ip, digestId('alice:wrong')])).toBe(false);
    expect(aclAllows(acl, Perms.READ, [ip])).toBe(true);
    expect(aclAllows(acl, Perms.READ, [{ scheme: 'ip', id: '10.0.0.1' }])).toBe(false);
  });

  it('lets a super id through anything', () => {
    expect(aclAllows(readOnly, Perms.ADMIN, [{ scheme: 'super', id: '' }])).toBe(true);
  });
});

describe('getACL redaction', () => {
  it('shows digest ids as user:x and leaves other schemes alone', () => {
    const acl: Acl[] = [
      { perms: Perms.ALL, scheme: 'digest', id: 'alice:V28q/NynI4JI3Rk54h0r8O5kMug=' },
      { perms: Perms.READ, scheme: 'ip', id: '127.0.0.1' },
      { perms: Perms.READ, scheme: 'world', id: 'anyone' },
    ];
    expect(redactAcl(acl)).toEqual([
      { perms: Perms.ALL, scheme: 'digest', id: 'alice:x' },
      { perms: Perms.READ, scheme: 'ip', id: '127.0.0.1' },
      { perms: Perms.READ, scheme: 'world', id: 'anyone' },
    ]);
  });
});

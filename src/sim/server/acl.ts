// ACL checks and ACL-list fixup as a 3.8 server does them, with the two built-in authentication
// providers (digest and ip) that ProviderRegistry registers by default.
import { sha1 } from '@noble/hashes/legacy.js';
import { KeeperError } from './errors.ts';
import type { Acl, Id } from './protocol.ts';

const encoder = new TextEncoder();

/** UTF-8 bytes (String#getBytes(UTF_8)). */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with '=' padding (what DigestAuthenticationProvider#base64Encode produces). */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const v = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0);
    out += B64[(v >> 18) & 63];
    out += B64[(v >> 12) & 63];
    out += b1 === undefined ? '=' : B64[(v >> 6) & 63];
    out += b2 === undefined ? '=' : B64[v & 63];
  }
  return out;
}

/** DigestAuthenticationProvider#generateDigest: "user:password" → "user:base64(sha1(user:password))". */
export function generateDigest(idPassword: string): string {
  const colon = idPassword.indexOf(':');
  const user = colon === -1 ? idPassword : idPassword.substring(0, colon);
  return `${user}:${base64(sha1(utf8Bytes(idPassword)))}`;
}

/** The id an `addAuth("digest", "user:password")` adds to a connection. */
export function digestId(userPassword: string): Id {
  return { scheme: 'digest', id: generateDigest(userPassword) };
}

/** Java's String#split(regex) for a single-character literal separator: trailing empty strings dropped. */
function javaSplit(s: string, sep: string, limit = 0): string[] {
  let parts: string[];
  if (limit > 0) {
    parts = [];
    let rest = s;
    while (parts.length < limit - 1) {
      const at = rest.indexOf(sep);
      if (at === -1) break;
      parts.push(rest.substring(0, at));
      rest = rest.substring(at + sep.length);
    }
    parts.push(rest);
    return parts;
  }
  parts = s.split(sep);
  if (limit === 0) {
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    if (parts.length === 1 && parts[0] === '' && s.length > 0) return [];
  }
  return parts;
}

/** Integer#parseInt for the decimal strings that can occur here (sign allowed, 32-bit range). */
function parseJavaInt(s: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const v = Number(s);
  if (v > 2147483647 || v < -2147483648) return null;
  return v;
}

/** IPAuthenticationProvider#v4addr2Bytes (IPv6 is not supported by the 3.8 provider either). */
function v4Bytes(addr: string): number[] | null {
  const parts = addr.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    const v = parseJavaInt(p);
    if (v === null || v < 0 || v > 255) return null;
    out.push(v);
  }
  return out;
}

function maskBytes(b: number[], bits: number): void {
  let start = Math.trunc(bits / 8);
  let startMask = ~((1 << (8 - (bits % 8))) - 1);
  while (start < b.length) {
    b[start] = (b[start] ?? 0) & startMask & 0xff;
    startMask = 0;
    start++;
  }
}

/** IPAuthenticationProvider#isValid: "a.b.c.d" or "a.b.c.d/bits" with 0 ≤ bits ≤ 32. */
export function ipIsValid(id: string): boolean {
  const parts = javaSplit(id, '/', 2);
  const addr = v4Bytes(parts[0] ?? '');
  if (addr === null) return false;
  if (parts.length === 2) {
    const bits = parseJavaInt(parts[1] ?? '');
    if (bits === null || bits < 0 || bits > 32) return false;
  }
  return true;
}

/** IPAuthenticationProvider#matches: the client's address against "addr[/bits]". */
export function ipMatches(clientAddr: string, aclExpr: string): boolean {
  const parts = javaSplit(aclExpr, '/', 2);
  const aclAddr = v4Bytes(parts[0] ?? '');
  if (aclAddr === null) return false;
  let bits = 32;
  if (parts.length === 2) {
    const b = parseJavaInt(parts[1] ?? '');
    if (b === null || b < 0 || b > 32) return false;
    bits = b;
  }
  maskBytes(aclAddr, bits);
  const remote = v4Bytes(clientAddr);
  if (remote === null) return false;
  maskBytes(remote, bits);
  return remote.every((v, i) => v === aclAddr[i]);
}

/** DigestAuthenticationProvider#isValid: exactly "user:hash" once trailing empties are dropped. */
export function digestIsValid(id: string): boolean {
  return javaSplit(id, ':').length === 2;
}

/** Schemes whose ids count as "authenticated" for the `auth` ACL scheme (ip does not). */
function isAuthenticatedScheme(scheme: string): boolean {
  return scheme === 'digest';
}

function providerIsValid(scheme: string, id: string): boolean {
  if (scheme === 'digest') return digestIsValid(id);
  if (scheme === 'ip') return ipIsValid(id);
  return false;
}

function providerMatches(scheme: string, clientId: string, aclId: string): boolean {
  if (scheme === 'digest') return clientId === aclId;
  if (scheme === 'ip') return ipMatches(clientId, aclId);
  return false;
}

export function aclEquals(a: Acl, b: Acl): boolean {
  return a.perms === b.perms && a.scheme === b.scheme && a.id === b.id;
}

/**
 * PrepRequestProcessor#fixupACL: drop duplicates, reject an empty list or ids no provider accepts, and
 * expand `auth` into every authenticated id of the caller. Throws KeeperError('InvalidACL').
 */
export function fixupAcl(authIds: readonly Id[], acls: readonly Acl[]): Acl[] {
  const unique: Acl[] = [];
  for (const a of acls) {
    if (!unique.some((u) => aclEquals(u, a))) unique.push(a);
  }
  if (unique.length === 0) throw new KeeperError('InvalidACL');
  const out: Acl[] = [];
  for (const a of unique) {
    if (a.scheme === 'world' && a.id === 'anyone') {
      out.push({ perms: a.perms, scheme: a.scheme, id: a.id });
    } else if (a.scheme === 'auth') {
      let any = false;
      for (const cid of authIds) {
        if (isAuthenticatedScheme(cid.scheme)) {
          any = true;
          out.push({ perms: a.perms, scheme: cid.scheme, id: cid.id });
        }
      }
      if (!any) throw new KeeperError('InvalidACL');
    } else {
      if (!providerIsValid(a.scheme, a.id)) throw new KeeperError('InvalidACL');
      out.push({ perms: a.perms, scheme: a.scheme, id: a.id });
    }
  }
  return out;
}

/**
 * ZooKeeperServer#checkACL: an empty list allows everything, a `super` id bypasses the check, otherwise
 * some entry must carry one of the `perm` bits and match world:anyone or one of the caller's ids.
 */
export function aclAllows(acl: readonly Acl[], perm: number, authIds: readonly Id[]): boolean {
  if (acl.length === 0) return true;
  if (authIds.some((id) => id.scheme === 'super')) return true;
  for (const a of acl) {
    if ((a.perms & perm) === 0) continue;
    if (a.scheme === 'world' && a.id === 'anyone') return true;
    for (const cid of authIds) {
      if (cid.scheme === a.scheme && providerMatches(a.scheme, cid.id, a.id)) return true;
    }
  }
  return false;
}

/** checkACL that throws KeeperError('NoAuth'), as the request processors use it. */
export function checkAcl(acl: readonly Acl[], perm: number, authIds: readonly Id[]): void {
  if (!aclAllows(acl, perm, authIds)) throw new KeeperError('NoAuth');
}

/** FinalRequestProcessor getACL for a caller without ADMIN: digest ids become "user:x" (replaceAll(":.*", ":x")). */
export function redactAcl(acl: readonly Acl[]): Acl[] {
  return acl.map((a) => {
    if (a.scheme !== 'digest') return { ...a };
    const colon = a.id.indexOf(':');
    return { perms: a.perms, scheme: a.scheme, id: colon === -1 ? a.id : `${a.id.substring(0, colon)}:x` };
  });
}

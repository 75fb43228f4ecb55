// ACL specs of the scenario document (docs/scenario.md, "ACL specs") and their protocol form.
// A spec is a predefined list by name, or explicit entries "perms:scheme:id" as ZooKeeper's CLI
// writes them ("cdrwa:digest:bob:Ix0…=", "r:ip:10.0.0.0/8"). Whether an id suits its scheme is the
// server's call (an unknown scheme or a malformed digest is InvalidACL, a legitimate thing to try);
// only the shape is checked here.

import type { AclSpec } from '../scenario-types.ts';
import { type Acl, CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, Perms, READ_ACL_UNSAFE } from './protocol.ts';

/** The predefined ACL lists by their scenario names (ZooDefs.Ids). */
export const NAMED_ACLS: Readonly<Record<'open' | 'creator_all' | 'read', readonly Acl[]>> = {
  open: OPEN_ACL_UNSAFE,
  creator_all: CREATOR_ALL_ACL,
  read: READ_ACL_UNSAFE,
};

/** Perms letters as ZooKeeper's CLI spells them (ZooKeeperMain#getPermFromString). */
export const PERM_LETTERS: Readonly<Record<string, number>> = {
  c: Perms.CREATE,
  d: Perms.DELETE,
  r: Perms.READ,
  w: Perms.WRITE,
  a: Perms.ADMIN,
};

/** A problem in an ACL spec; `path` is relative to the spec ('' for the spec itself, '[2]' for an entry). */
export interface AclSpecProblem {
  path: string;
  message: string;
}

type EntryParse = { ok: true; acl: Acl } | { ok: false; message: string };

function isNamedAcl(spec: string): spec is keyof typeof NAMED_ACLS {
  return Object.hasOwn(NAMED_ACLS, spec);
}

function parsePerms(letters: string): { ok: true; perms: number } | { ok: false; message: string } {
  let perms = 0;
  for (const letter of letters) {
    const bit = PERM_LETTERS[letter];
    if (bit === undefined) {
      return { ok: false, message: `unknown perms letter '${letter}' (perms are a subset of 'cdrwa')` };
    }
    if (perms & bit) return { ok: false, message: `perms letter '${letter}' appears twice` };
    perms |= bit;
  }
  return { ok: true, perms };
}

/** Parses one "perms:scheme:id" entry; the id is everything after the second ':' and may contain ':'. */
function parseEntry(entry: string): EntryParse {
  const first = entry.indexOf(':');
  const second = first < 0 ? -1 : entry.indexOf(':', first + 1);
  if (second < 0) {
    return { ok: false, message: `expected 'perms:scheme:id' (like 'cdrwa:world:anyone'), got '${entry}'` };
  }
  const perms = parsePerms(entry.slice(0, first));
  if (!perms.ok) return perms;
  const scheme = entry.slice(first + 1, second);
  if (scheme === '') return { ok: false, message: `empty scheme in '${entry}'` };
  return { ok: true, acl: { perms: perms.perms, scheme, id: entry.slice(second + 1) } };
}

/** Every problem in an ACL spec (empty when the spec is valid). */
export function validateAclSpec(spec: unknown): AclSpecProblem[] {
  if (typeof spec === 'string') {
    if (isNamedAcl(spec)) return [];
    return [{ path: '', message: `unknown ACL name '${spec}' (expected 'open', 'creator_all' or 'read')` }];
  }
  if (!Array.isArray(spec)) {
    return [
      {
        path: '',
        message: "expected 'open', 'creator_all', 'read' or an array of 'perms:scheme:id' strings",
      },
    ];
  }
  const problems: AclSpecProblem[] = [];
  spec.forEach((entry: unknown, i) => {
    if (typeof entry !== 'string') {
      problems.push({ path: `[${i}]`, message: "expected a 'perms:scheme:id' string" });
      return;
    }
    const parsed = parseEntry(entry);
    if (!parsed.ok) problems.push({ path: `[${i}]`, message: parsed.message });
  });
  return problems;
}

/** The protocol ACL list of a spec. Throws on a spec that `validateAclSpec` rejects. */
export function aclFromSpec(spec: AclSpec): Acl[] {
  if (typeof spec === 'string') {
    if (!isNamedAcl(spec)) throw new Error(`invalid ACL spec: unknown ACL name '${spec}'`);
    return NAMED_ACLS[spec].map((acl) => ({ ...acl }));
  }
  return spec.map((entry) => {
    const parsed = parseEntry(entry);
    if (!parsed.ok) throw new Error(`invalid ACL spec: ${parsed.message}`);
    return parsed.acl;
  });
}

/** True when `spec` is a valid ACL spec. */
export function isAclSpec(spec: unknown): spec is AclSpec {
  return validateAclSpec(spec).length === 0;
}

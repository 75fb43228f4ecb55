// The zk API's argument and result shapes (docs/lua-api.md): Lua values ⇄ protocol requests and
// results. Everything here is plain translation; the session and the script driver live elsewhere.
import type { LuaValue } from '../../lua/types.ts';
import type { AclSpec } from '../scenario-types.ts';
import { aclFromSpec, validateAclSpec } from '../server/acl-spec.ts';
import type {
  Acl,
  CreateMode,
  CreateOp,
  MultiResult,
  MultiSubOp,
  Stat,
  WatchedEvent,
  WatcherType,
} from '../server/protocol.ts';
import { hex } from '../trace/canonical.ts';

/** An argument the script got wrong: raised as a Lua error at the script's line. */
export class ArgError extends Error {}

type Table = { [k: string]: LuaValue };

/** A table with string keys. An empty Lua table crosses as [] and counts as one too. */
export function isTable(v: LuaValue | undefined): v is Table {
  if (Array.isArray(v)) return v.length === 0;
  return v !== null && v !== undefined && typeof v === 'object';
}

/** The table, with an empty one as {} (Lua's {} arrives as an empty list). */
export function asTable(v: Table | LuaValue[]): Table {
  return Array.isArray(v) ? {} : v;
}

/** A finite, non-negative number of milliseconds. */
export function msArg(fn: string, v: LuaValue | undefined): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new ArgError(`zk.${fn}: ms must be a finite number ≥ 0, got ${typeName(v)}`);
  return Math.round(v);
}

/** zk.mark fields: plain data of finite numbers (the trace has no NaN or infinity). */
export function markFields(v: LuaValue | undefined): Table | null {
  if (v === null || v === undefined) return null;
  if (!isTable(v)) throw new ArgError('zk.mark: fields must be a table');
  checkFinite(v);
  return asTable(v);
}

function checkFinite(x: LuaValue): void {
  if (typeof x === 'number' && !Number.isFinite(x))
    throw new ArgError('zk.mark: numbers in fields must be finite');
  if (Array.isArray(x)) for (const y of x) checkFinite(y);
  else if (x !== null && typeof x === 'object') for (const y of Object.values(x)) checkFinite(y);
}

function rejectUnknown(fn: string, t: Table, known: readonly string[]): void {
  for (const k of Object.keys(t))
    if (!known.includes(k)) throw new ArgError(`zk.${fn}: unknown key '${k}' (${known.join(', ')})`);
}

export function pathArg(fn: string, v: LuaValue | undefined): string {
  if (typeof v !== 'string') throw new ArgError(`zk.${fn}: path must be a string, got ${typeName(v)}`);
  return v;
}

export function dataArg(fn: string, v: LuaValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ArgError(`zk.${fn}: data must be a string or nil, got ${typeName(v)}`);
}

export function versionArg(fn: string, v: LuaValue | undefined): number {
  if (v === null || v === undefined) return -1;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new ArgError(`zk.${fn}: version must be an integer, got ${typeName(v)}`);
  return v;
}

export function aclArg(fn: string, v: LuaValue | undefined): Acl[] {
  const spec = (v ?? 'open') as AclSpec;
  const problems = validateAclSpec(spec);
  if (problems.length > 0)
    throw new ArgError(`zk.${fn}: bad acl${problems[0]!.path}: ${problems[0]!.message}`);
  return aclFromSpec(spec);
}

/** opts of zk.create: ephemeral, sequential, container, ttl, acl. */
export function createArgs(
  fn: string,
  path: LuaValue | undefined,
  data: LuaValue | undefined,
  opts: LuaValue | undefined,
): CreateOp {
  if (opts !== null && opts !== undefined && !isTable(opts))
    throw new ArgError(`zk.${fn}: opts must be a table, got ${typeName(opts)}`);
  const o = opts ? asTable(opts) : {};
  const known = new Set(['ephemeral', 'sequential', 'container', 'ttl', 'acl', 'flags', 'opcode']);
  for (const k of Object.keys(o))
    if (!known.has(k))
      throw new ArgError(
        `zk.${fn}: unknown option '${k}' (ephemeral, sequential, container, ttl, acl, flags, opcode)`,
      );
  const seq = o.sequential === true;
  const ttl = o.ttl;
  let mode: CreateMode;
  if (o.container === true) mode = 'container';
  else if (ttl !== undefined && ttl !== null) mode = seq ? 'persistent_sequential_ttl' : 'persistent_ttl';
  else if (o.ephemeral === true) mode = seq ? 'ephemeral_sequential' : 'ephemeral';
  else mode = seq ? 'persistent_sequential' : 'persistent';
  // Built field by field, not spread: a spread's copy got a hidden class V8 made again in each run,
  // and the server code reading requests was compiled again for it (issue #13).
  const req: ReturnType<typeof createArgs> = {
    op: 'create',
    path: pathArg(fn, path),
    data: dataArg(fn, data),
    acl: aclArg(fn, o.acl),
    mode,
  };
  const raw = rawCreate(fn, o.flags, o.opcode);
  if (ttl !== undefined && ttl !== null) {
    if (typeof ttl !== 'number') throw new ArgError(`zk.${fn}: ttl must be a number of ms`);
    req.ttl = ttl;
  }
  if (raw.flags !== undefined) req.flags = raw.flags;
  if (raw.opcode !== undefined) req.opcode = raw.opcode;
  return req;
}

const CREATE_OPCODES = ['create', 'create2', 'createContainer', 'createTTL'] as const;

/**
 * opts.flags / opts.opcode: a create as raw as the wire allows (ZooKeeper's CreateMode flag, any
 * integer, and the opcode), for trying the server's own checks; the flag replaces the mode the
 * other options name.
 */
function rawCreate(
  fn: string,
  flags: LuaValue | undefined,
  opcode: LuaValue | undefined,
): { flags?: number; opcode?: (typeof CREATE_OPCODES)[number] } {
  const out: { flags?: number; opcode?: (typeof CREATE_OPCODES)[number] } = {};
  if (flags !== undefined && flags !== null) {
    if (typeof flags !== 'number' || !Number.isInteger(flags) || flags < -(2 ** 31) || flags >= 2 ** 31)
      throw new ArgError(`zk.${fn}: flags must be a 32-bit integer (a CreateMode flag)`);
    out.flags = flags;
  }
  if (opcode !== undefined && opcode !== null) {
    const known = CREATE_OPCODES.find((c) => c === opcode);
    if (!known) throw new ArgError(`zk.${fn}: opcode must be one of ${CREATE_OPCODES.join(', ')}`);
    out.opcode = known;
  }
  return out;
}

/** zk.multi's ops: { op = "create" | "delete" | "set" | "check", path = ..., ... }. */
/**
 * The ops of zk.multi / zk.multi_read. Reads ("get", "children") and writes may be given to either:
 * the record carries what it is given and the server answers as ZooKeeper does (a read inside a
 * multi, a write inside a multiRead: MarshallingError).
 */
export function multiArgs(v: LuaValue | undefined, name = 'multi'): MultiSubOp[] {
  if (!Array.isArray(v)) throw new ArgError(`zk.${name}: ops must be a list of tables, got ${typeName(v)}`);
  return v.map((op, i) => {
    if (!isTable(op) || Array.isArray(op)) throw new ArgError(`zk.${name}: op ${i + 1} must be a table`);
    const fn = `${name} (op ${i + 1})`;
    switch (op.op) {
      case 'get':
      case 'children':
        rejectUnknown(fn, op, ['op', 'path']);
        return { op: op.op, path: pathArg(fn, op.path) };
      case 'create':
        rejectUnknown(fn, op, ['op', 'path', 'data', 'opts']);
        return createArgs(fn, op.path, op.data, op.opts);
      case 'delete':
      case 'check':
        rejectUnknown(fn, op, ['op', 'path', 'version']);
        return { op: op.op, path: pathArg(fn, op.path), version: versionArg(fn, op.version) };
      case 'set':
        rejectUnknown(fn, op, ['op', 'path', 'data', 'version']);
        return {
          op: 'set',
          path: pathArg(fn, op.path),
          data: dataArg(fn, op.data),
          version: versionArg(fn, op.version),
        };
      default:
        throw new ArgError(`zk.${fn}: op must be "create", "delete", "set", "check", "get" or "children"`);
    }
  });
}

const WATCHER_TYPES: Record<string, WatcherType> = { children: 1, data: 2, any: 3 };

export function watcherTypeArg(v: LuaValue | undefined): WatcherType {
  if (v === null || v === undefined) return 3;
  if (typeof v === 'string' && v in WATCHER_TYPES) return WATCHER_TYPES[v]!;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5) return v as WatcherType;
  throw new ArgError(`zk.remove_watches: kind must be "children", "data" or "any", got ${typeName(v)}`);
}

/** A Stat as a Lua table: zxids as integers (compare them: fencing tokens), the owner as hex. */
export function statToLua(stat: Stat): Table {
  return {
    czxid: stat.czxid,
    mzxid: stat.mzxid,
    pzxid: stat.pzxid,
    ctime: stat.ctime,
    mtime: stat.mtime,
    version: stat.version,
    cversion: stat.cversion,
    aversion: stat.aversion,
    ephemeralOwner: hex(stat.ephemeralOwner),
    dataLength: stat.dataLength,
    numChildren: stat.numChildren,
  };
}

export function aclToLua(acl: Acl[]): LuaValue[] {
  // In ZooKeeper's CLI order (cdrwa), the same form the acl argument takes.
  const letters = (p: number) =>
    (
      [
        ['c', 4],
        ['d', 8],
        ['r', 1],
        ['w', 2],
        ['a', 16],
      ] as const
    )
      .filter(([, bit]) => p & bit)
      .map(([l]) => l)
      .join('');
  return acl.map((a) => `${letters(a.perms)}:${a.scheme}:${a.id}`);
}

export function multiResultsToLua(results: MultiResult[]): LuaValue[] {
  return results.map((r): LuaValue => {
    switch (r.op) {
      case 'create':
        return r.stat
          ? { op: 'create', path: r.path, stat: statToLua(r.stat) }
          : { op: 'create', path: r.path };
      case 'set':
        return { op: 'set', stat: statToLua(r.stat) };
      case 'get':
        return { op: 'get', data: r.data, stat: statToLua(r.stat) };
      case 'children':
        return { op: 'children', children: r.children };
      case 'error':
        return { op: 'error', err: r.err };
      default:
        return { op: r.op };
    }
  });
}

export function eventToLua(e: WatchedEvent): Table {
  return { type: e.type, path: e.path };
}

function typeName(v: LuaValue | undefined): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a table';
  return typeof v;
}

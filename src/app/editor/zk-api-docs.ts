// The one source of the editor's knowledge of the `zk` table: completions, hover docs and
// signature help are all generated from this list. test/unit/editor-zk-api-docs.test.ts keeps it
// equal to docs/lua-api.md (every documented call, same signature) and to the VM's ZK_FUNCTIONS.

export interface ZkApiDoc {
  /** The function's name in the `zk` table. */
  name: string;
  /** As docs/lua-api.md's quick reference writes it: `?` marks an optional parameter. */
  signature: string;
  /** What a successful call returns (the quick reference's second column). */
  returns: string;
  /** One line: what the call does. */
  summary: string;
  /** True when the call goes to the server (takes a round trip of virtual time). */
  remote: boolean;
}

export const ZK_API_DOCS: readonly ZkApiDoc[] = [
  {
    name: 'create',
    signature: 'zk.create(path, data?, opts?)',
    returns: 'the created path (with its sequential suffix)',
    summary:
      'Creates a node; opts: ephemeral, sequential, container, ttl, acl. Fails with nil, err (NodeExists, NoNode…).',
    remote: true,
  },
  {
    name: 'create2',
    signature: 'zk.create2(path, data?, opts?)',
    returns: 'path, stat',
    summary:
      "zk.create that also returns the new node's Stat (OpCode create2): its czxid is a lock's fencing token.",
    remote: true,
  },
  {
    name: 'get',
    signature: 'zk.get(path, watch?)',
    returns: 'data, stat',
    summary: "Reads a node's data and Stat; watch (true or a function) sets a one-shot data watch.",
    remote: true,
  },
  {
    name: 'set',
    signature: 'zk.set(path, data, version?)',
    returns: 'stat',
    summary:
      "Replaces a node's data; with version, only if the node's version is still that (else BadVersion).",
    remote: true,
  },
  {
    name: 'delete',
    signature: 'zk.delete(path, version?)',
    returns: 'true',
    summary: 'Deletes a node without children (NotEmpty otherwise); version as for zk.set.',
    remote: true,
  },
  {
    name: 'exists',
    signature: 'zk.exists(path, watch?)',
    returns: 'stat, or nil when there is no node',
    summary: "Returns the node's Stat or a single nil; a watch on a missing node fires NodeCreated.",
    remote: true,
  },
  {
    name: 'children',
    signature: 'zk.children(path, watch?)',
    returns: 'names, stat',
    summary: "Lists child names (server's order: sort when it matters); watch fires NodeChildrenChanged.",
    remote: true,
  },
  {
    name: 'multi',
    signature: 'zk.multi(ops)',
    returns: 'results (failure: nil, err, results)',
    summary: 'Runs create/set/delete/check ops atomically: all of them or none.',
    remote: true,
  },
  {
    name: 'multi_read',
    signature: 'zk.multi_read(ops)',
    returns: 'results, one per op (a failed op is {op = "error", err = …})',
    summary:
      'Reads several nodes in one request (multiRead): get/children ops, each answered on its own, no watches.',
    remote: true,
  },
  {
    name: 'get_ephemerals',
    signature: 'zk.get_ephemerals(prefix?)',
    returns: "the session's ephemeral paths",
    summary: 'Lists the ephemerals this session owns whose path starts with prefix (a plain string prefix).',
    remote: true,
  },
  {
    name: 'get_all_children_number',
    signature: 'zk.get_all_children_number(path)',
    returns: 'how many nodes lie below `path`',
    summary: 'Counts every node below path, at any depth (getAllChildrenNumber); needs READ on path.',
    remote: true,
  },
  {
    name: 'sync',
    signature: 'zk.sync(path?)',
    returns: 'true',
    summary: "Makes the connected server catch up with the leader before this client's next reads.",
    remote: true,
  },
  {
    name: 'add_watch',
    signature: 'zk.add_watch(path, mode?, watch?)',
    returns: 'true',
    summary: 'Sets a persistent watch: mode "persistent" (default) or "persistent_recursive".',
    remote: true,
  },
  {
    name: 'remove_watches',
    signature: 'zk.remove_watches(path, kind?)',
    returns: 'true',
    summary: 'Removes this client\'s watches on path: kind "children", "data" or "any" (default).',
    remote: true,
  },
  {
    name: 'get_acl',
    signature: 'zk.get_acl(path)',
    returns: 'acl, stat',
    summary: 'Returns the ACL as entry strings "perms:scheme:id" and the Stat.',
    remote: true,
  },
  {
    name: 'set_acl',
    signature: 'zk.set_acl(path, acl, version?)',
    returns: 'stat',
    summary:
      'Replaces the ACL ("open", "creator_all", "read" or a list of entries); version checks aversion.',
    remote: true,
  },
  {
    name: 'add_auth',
    signature: 'zk.add_auth(scheme, credential)',
    returns: 'true',
    summary: 'Adds an id to the session: scheme "digest", credential "user:password".',
    remote: true,
  },
  {
    name: 'close',
    signature: 'zk.close()',
    returns: 'true',
    summary:
      'Closes the session: its ephemeral nodes go at once; every later call fails with SessionExpired.',
    remote: true,
  },
  {
    name: 'four_letter',
    signature: 'zk.four_letter(server, word)',
    returns: "the command's text",
    summary:
      'Sends a four-letter word (ruok, srvr, stat, mntr, conf, cons, dump, wchc, wchs) to a server on its own connection.',
    remote: true,
  },
  {
    name: 'reconnect',
    signature: 'zk.reconnect()',
    returns: 'true',
    summary:
      'Opens a new session after the old one expired or was closed (as kazoo on LOST): new id, no old watches, credentials sent again.',
    remote: true,
  },
  {
    name: 'wait_event',
    signature: 'zk.wait_event(timeout_ms?)',
    returns: 'the next event, or nil after the timeout',
    summary: 'Takes the next event of the queue ({type, path} or {type = "None", state}), waiting if empty.',
    remote: false,
  },
  {
    name: 'sleep',
    signature: 'zk.sleep(ms)',
    returns: 'nothing',
    summary: 'Suspends this task for ms virtual milliseconds; callbacks and the session go on.',
    remote: false,
  },
  {
    name: 'now',
    signature: 'zk.now()',
    returns: 'virtual time in ms',
    summary: 'The virtual clock in ms (an integer); os.time() and os.clock() read the same clock.',
    remote: false,
  },
  {
    name: 'log',
    signature: 'zk.log(...)',
    returns: 'nothing',
    summary: 'Formats its arguments as print does and records a lua.log event (print is the same function).',
    remote: false,
  },
  {
    name: 'mark',
    signature: 'zk.mark(name, fields?)',
    returns: 'nothing',
    summary: 'Records a lua.mark event: a fact for the checker and the views (a lock taken, a value).',
    remote: false,
  },
  {
    name: 'session_id',
    signature: 'zk.session_id()',
    returns: 'the session id as a hex string',
    summary: 'The session id ("0x100000000000000"), "0x0" before the first connection.',
    remote: false,
  },
  {
    name: 'state',
    signature: 'zk.state()',
    returns: '"CONNECTING", "CONNECTED" or "CLOSED"',
    summary: "The session's state; CLOSED (closed or expired) is final.",
    remote: false,
  },
];

const BY_NAME = new Map(ZK_API_DOCS.map((d) => [d.name, d]));

export function zkApiDoc(name: string): ZkApiDoc | undefined {
  return BY_NAME.get(name);
}

/** The parameter names of a signature, without the `?` of optional ones. */
export function signatureParams(signature: string): string[] {
  const inside = /\(([^)]*)\)/.exec(signature)?.[1] ?? '';
  return inside
    .split(',')
    .map((p) => p.trim().replace(/\?$/, ''))
    .filter((p) => p !== '');
}

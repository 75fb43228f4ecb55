// ZooKeeper's path rules (common/PathUtils#validatePath), checked over UTF-16 code units as Java does,
// so any character outside the BMP (a surrogate pair) is rejected.

/**
 * PathUtils#validatePath(path, isSequential). Returns why the path is invalid, or null when it is valid.
 * A sequential create is checked as `path + "1"` by the client, so a trailing "/" is accepted there.
 */
export function validatePath(path: string, isSequential = false): string | null {
  const p = isSequential ? `${path}1` : path;
  if (p.length === 0) return 'Path length must be > 0';
  if (p.charCodeAt(0) !== 0x2f) return 'Path must start with / character';
  if (p.length === 1) return null;
  if (p.charCodeAt(p.length - 1) === 0x2f) return 'Path must not end with / character';
  let lastc = 0x2f;
  for (let i = 1; i < p.length; lastc = p.charCodeAt(i), i++) {
    const c = p.charCodeAt(i);
    const atSegmentEnd = i + 1 === p.length || p.charCodeAt(i + 1) === 0x2f;
    if (c === 0) return `null character not allowed @${i}`;
    if (c === 0x2f && lastc === 0x2f) return `empty node name specified @${i}`;
    if (c === 0x2e && lastc === 0x2e) {
      // ".." as a whole segment; Java's branch structure means "..x" never reaches the char checks,
      // which is harmless since '.' is a valid character.
      if (p.charCodeAt(i - 2) === 0x2f && atSegmentEnd) return `relative paths not allowed @${i}`;
    } else if (c === 0x2e) {
      if (p.charCodeAt(i - 1) === 0x2f && atSegmentEnd) return `relative paths not allowed @${i}`;
    } else if (
      (c > 0x0000 && c <= 0x001f) ||
      (c >= 0x007f && c <= 0x009f) ||
      (c >= 0xd800 && c <= 0xf8ff) ||
      (c >= 0xfff0 && c <= 0xffff)
    ) {
      return `invalid character @${i}`;
    }
  }
  return null;
}

/**
 * An empty path is what a jute null string becomes on the simulated wire: kazoo's `write_string`
 * sends "" as length −1 (null), as most clients that do not validate paths client-side do; the
 * Java client refuses "" before sending (PathUtils#validatePath). The server then fails on the null
 * path where Java would throw a NullPointerException: FinalRequestProcessor and
 * PrepRequestProcessor#pRequest catch it as MarshallingError (docs/server.md, "The empty path").
 */
export function isNullPath(path: string): boolean {
  return path.length === 0;
}

export function isValidPath(path: string, isSequential = false): boolean {
  return validatePath(path, isSequential) === null;
}

/** `path.substring(0, path.lastIndexOf('/'))` as ZooKeeper computes parents: "" for children of "/". */
export function rawParent(path: string): string {
  return path.substring(0, path.lastIndexOf('/'));
}

/** The last segment (`path.substring(lastSlash + 1)`). */
export function childName(path: string): string {
  return path.substring(path.lastIndexOf('/') + 1);
}

/** The parent as a watch path: DataTree fires NodeChildrenChanged on "/" for top-level nodes. */
export function parentForWatch(path: string): string {
  const p = rawParent(path);
  return p === '' ? '/' : p;
}

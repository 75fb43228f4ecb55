// Issue #12 item 8: watch mode replacement on one path of one client (3.8's WatcherModeManager keeps
// one mode per watcher and path in each table: the newest registration wins), one notification per
// event however many of a client's watches cover the path, no NodeChildrenChanged for a recursive
// watch, and removeWatches(Children) finding a recursive watch (it sits in the child table too).
import { describe, expect, it } from 'vitest';
import { logsOf, runScript } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const SCRIPT = `
for _, p in ipairs({ "/p", "/q", "/r", "/r/a" }) do zk.create(p, "") end
zk.log("1: persistent, then one-shot get")
zk.add_watch("/p", "persistent")
zk.get("/p", true)
zk.set("/p", "1"); zk.set("/p", "2")
zk.create("/p/x", "")
zk.sleep(10)
zk.log("2: one-shot get, then persistent")
zk.get("/q", true)
zk.add_watch("/q", "persistent")
zk.set("/q", "1"); zk.set("/q", "2")
zk.sleep(10)
zk.log("3: recursive on /r, one-shot on /r/a")
zk.add_watch("/r", "persistent_recursive")
zk.get("/r/a", true)
zk.set("/r/a", "1")
zk.sleep(10)
zk.log("4: a child of a recursive watch")
zk.create("/r/b", "")
zk.sleep(10)
zk.log("5: remove Children on a recursive watch")
zk.log(tostring(zk.remove_watches("/r", 1)))
zk.set("/r/a", "2")
zk.sleep(10)
zk.log(tostring(zk.remove_watches("/r", 3)))
zk.set("/r/a", "3")
zk.sleep(10)
`;

describe('fidelity: watch modes on one path (issue #12 item 8)', () => {
  it('the newest mode wins per table; one notification per event; recursive never gets CHILD', async () => {
    const { events } = await runScript(SCRIPT);
    // The log lines and the events on the wire, in the order they happened.
    const seen = events
      .filter(
        (e) =>
          (e.kind === 'lua.log' && e.client === 'c') ||
          (e.kind === 'client.event' && e.client === 'c' && e.type !== 'None'),
      )
      .map((e) => (e.kind === 'lua.log' ? e.message : `${e.type} ${e.path}`));
    expect(seen).toEqual([
      '1: persistent, then one-shot get',
      // the data entry turned one-shot: one CHANGED for two sets; the child entry stayed persistent
      'NodeDataChanged /p',
      'NodeChildrenChanged /p',
      '2: one-shot get, then persistent',
      // the entry turned persistent: both sets notify
      'NodeDataChanged /q',
      'NodeDataChanged /q',
      '3: recursive on /r, one-shot on /r/a',
      // two of c's watches cover /r/a: one notification
      'NodeDataChanged /r/a',
      '4: a child of a recursive watch',
      // CREATED for the child, no NodeChildrenChanged on /r
      'NodeCreated /r/b',
      '5: remove Children on a recursive watch',
      'true',
      // only the child-table entry went; the data-table entry still fires until Any removes it
      'NodeDataChanged /r/a',
      'true',
    ]);
    expect(logsOf(events)).toHaveLength(7);
    expect(ofKind(events, 'lua.error')).toEqual([]);
  });
});

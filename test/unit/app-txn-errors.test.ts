// An `error` txn in a server's log names its error (issue #15 item 12), from a real run: the Lua
// basics example's failed create (NodeExists) and set (BadVersion) are logged as ErrorTxns.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isFailedWriteReply, txnErrors } from '../../src/app/views/log/txn-errors.ts';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import { nodeIds } from '../../src/conductor/simulation-engine.ts';
import { ViewLog } from '../../src/conductor/view-log.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { nodeLua } from '../support/conductor.ts';

describe('txn errors', () => {
  it('names every error txn of the log by the failed write that made it, and nothing else', async () => {
    const parsed = parseScenarioJson(readFileSync('examples/lua-basics.json', 'utf8'));
    if (!parsed.ok) throw new Error('invalid example');
    const engine = await createInProcessEngine(parsed.scenario, nodeLua());
    await engine.advance(8_000, Number.POSITIVE_INFINITY);
    const log = new ViewLog(nodeIds(parsed.scenario));
    log.add(engine.takePictures());
    const events = engine.events;
    const view = log.at(events.length, 8_000);
    engine.dispose();
    const errors = txnErrors(
      events,
      events.flatMap((e, i) => (isFailedWriteReply(e) ? [i] : [])),
    );
    const logged = view.servers[0]!.logTail.filter((e) => e.type === 'error');
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(logged.map((e) => errors.get(e.zxid))).toEqual(['NodeExists', 'BadVersion']);
    // a read's failure (NoAuth on a get) names no txn
    expect([...errors.values()]).not.toContain('NoAuth');
  });
});

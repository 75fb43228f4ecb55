// The tree lists a lock's sequential children by sequence number (issue #15 item 9), from a real
// picture: the welcome run's /lock at 3 s, whose children's random prefixes sort otherwise.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/app/views/tree/tree-index.ts';
import type { TreeNode } from '../../src/app/views/tree/tree-model.ts';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import { nodeIds } from '../../src/conductor/simulation-engine.ts';
import { ViewLog } from '../../src/conductor/view-log.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { nodeLua } from '../support/conductor.ts';

async function treeAt(t: number) {
  const parsed = parseScenarioJson(readFileSync('examples/welcome.json', 'utf8'));
  if (!parsed.ok) throw new Error('invalid example');
  const engine = await createInProcessEngine(parsed.scenario, nodeLua());
  await engine.advance(t, Number.POSITIVE_INFINITY);
  const log = new ViewLog(nodeIds(parsed.scenario));
  log.add(engine.takePictures());
  const view = log.at(engine.events.length, t);
  engine.dispose();
  return view.servers.find((s) => s.node === 'zk1')!.tree;
}

const child = (n: TreeNode, name: string) => n.children.find((c) => c.name === name)!;
const seq = (name: string) => Number(name.slice(-10));

describe('tree order', () => {
  it('lists /lock’s sequential children by sequence number, not by their random prefix', async () => {
    const tree = await treeAt(1_500);
    const names = child(buildTree(tree), 'lock').children.map((c) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(2);
    // the picture is a case where name order differs (else this test would prove nothing)
    expect([...names].sort()).not.toEqual([...names].sort((a, b) => seq(a) - seq(b)));
    expect(names.map(seq)).toEqual([...names.map(seq)].sort((a, b) => a - b));
    // plain children still in name order: /lock before /zookeeper
    expect(buildTree(tree).children.map((c) => c.name)).toEqual(['lock', 'zookeeper']);
  });
});

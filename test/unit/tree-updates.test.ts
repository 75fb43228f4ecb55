// Frames across a worker boundary carry servers' trees as changes (Conductor#subscribe with
// treeChanges, TreeHolder on the page's side): put back together they are the very views a listener
// with whole trees gets, frame by frame, through playing, stepping, seeking back and a branch.
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/conductor/run-control.ts';
import { TreeHolder } from '../../src/conductor/tree-updates.ts';
import { startConductor } from '../support/conductor.ts';
import { example } from '../support/views.ts';

describe('tree updates', () => {
  it('whole trees and trees sent as changes give the same views in every frame', async () => {
    const run = await startConductor(example('recipes/lock.json'));
    const holder = new TreeHolder();
    const whole: Frame[] = [];
    const rebuilt: Frame[] = [];
    const sizes: number[] = [];
    run.conductor.subscribe((f) => whole.push(f));
    run.conductor.subscribe(
      (f) => {
        sizes.push((f.trees ?? []).reduce((n, u) => n + ('tree' in u ? u.tree.length : u.changes.length), 0));
        rebuilt.push(holder.assemble(f));
      },
      { treeChanges: true },
    );
    const c = run.conductor;
    c.play(4);
    for (let i = 0; i < 60; i++) {
      run.ticker.fire(16);
      await c.idle();
    }
    c.pause();
    for (let i = 0; i < 40; i++) await c.step('event');
    await c.step('commit');
    await c.seek(1_200);
    await c.seek(2_500);
    await c.seek(400);
    await c.inject({ action: 'crash', target: 'zk3' });
    await c.seek(6_000);
    await c.step('handover');
    expect(rebuilt.length).toBe(whole.length);
    expect(whole.length).toBeGreaterThan(100);
    for (const [i, f] of whole.entries()) expect(rebuilt[i]!.view, `frame ${i}`).toEqual(f.view);
    // Most frames while playing forward carry a few changes, not whole trees.
    const trees = whole.at(-1)!.view.servers.reduce((n, s) => n + s.tree.length, 0);
    expect(sizes.filter((n) => n > 0 && n < trees).length).toBeGreaterThan(10);
    c.dispose();
  });
});

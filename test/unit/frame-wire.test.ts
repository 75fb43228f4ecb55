// Frames across a worker boundary (frame-wire.ts): the conductor's worker sends what changed —
// trees as changes, nodes whose picture is not the one sent before, the scenario and violations
// when they changed — through a copy, and the page puts them back together into the very frames a
// listener in the same thread gets, frame by frame, through playing, stepping, seeking back and a
// branch; an unchanged node stays the same object from one frame to the next.
import { describe, expect, it } from 'vitest';
import { FrameReceiver, FrameSender, type WireFrame } from '../../src/conductor/frame-wire.ts';
import type { Frame } from '../../src/conductor/run-control.ts';
import { startConductor } from '../support/conductor.ts';
import { example } from '../support/views.ts';

describe('frames across a worker boundary', () => {
  it('rebuild the frames a listener in the same thread gets, sending a fraction of the nodes', async () => {
    const run = await startConductor(example('recipes/lock.json'));
    const sender = new FrameSender();
    const receiver = new FrameReceiver();
    const whole: Frame[] = [];
    const rebuilt: Frame[] = [];
    const wires: WireFrame[] = [];
    run.conductor.subscribe((f) => whole.push(f));
    run.conductor.subscribe(
      (f) => {
        // What a worker's postMessage does to it.
        const wire = structuredClone(sender.wire(f));
        wires.push(wire);
        rebuilt.push(receiver.receive(wire));
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
    for (const [i, f] of whole.entries()) {
      const { trees: _, ...expected } = f;
      expect({ ...rebuilt[i]!, trees: undefined }, `frame ${i}`).toEqual({ ...expected, trees: undefined });
    }

    // Most frames while playing forward carry a few tree changes, not whole trees.
    const trees = whole.at(-1)!.view.servers.reduce((n, s) => n + s.tree.length, 0);
    const sizes = wires.map((w) =>
      (w.trees ?? []).reduce((n, u) => n + ('tree' in u ? u.tree.length : u.changes.length), 0),
    );
    expect(sizes.filter((n) => n > 0 && n < trees).length).toBeGreaterThan(10);
    // Nodes are sent only when their picture changed, and the scenario only when it did (the branch).
    const nodes = whole[0]!.view.servers.length + whole[0]!.view.clients.length;
    const sent = wires.reduce(
      (n, w) => n + [...w.view.servers, ...w.view.clients].filter((v) => v !== null).length,
      0,
    );
    expect(sent).toBeLessThan(wires.length * nodes * 0.6);
    expect(wires.filter((w) => w.scenario !== undefined).length).toBeLessThan(5);
    // What was not sent is the object of the frame before.
    let kept = 0;
    for (let i = 1; i < wires.length; i++)
      wires[i]!.view.clients.forEach((v, j) => {
        if (v !== null) return;
        expect(rebuilt[i]!.view.clients[j]).toBe(rebuilt[i - 1]!.view.clients[j]);
        kept++;
      });
    expect(kept).toBeGreaterThan(100);
    c.dispose();
  });
});

// Narration tooling (issue #15 item 17): what a step highlights is real at the step's cursor (every
// named server and client is in the run, every named znode exists there, every named message is on
// the wire), predict prompts sit where the page can hold the run before them, and the spotlight's
// style sheet only carries safe node ids.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spotItems, spotlightCss } from '../../src/app/lessons/spotlight.ts';
import { LESSONS } from '../../src/lessons/gallery.ts';
import { LessonPlayer } from '../../src/lessons/player.ts';
import type { Lesson } from '../../src/lessons/types.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { startConductor } from '../support/conductor.ts';

function scenarioOf(lesson: Lesson) {
  const parsed = parseScenarioJson(readFileSync(`examples/${lesson.scenario}.json`, 'utf8'));
  if (!parsed.ok) throw new Error(lesson.scenario);
  return parsed.scenario;
}

const withTools = LESSONS.filter((l) => l.steps.some((s) => s.highlight || s.predict));

describe('lesson tools', () => {
  it('some lessons use highlights and predict prompts', () => {
    expect(LESSONS.filter((l) => l.steps.some((s) => s.highlight)).length).toBeGreaterThanOrEqual(4);
    expect(LESSONS.filter((l) => l.steps.some((s) => s.predict)).length).toBeGreaterThanOrEqual(2);
  });

  it('a predict prompt is never on the first step (no earlier state to hold) nor the last', () => {
    for (const l of LESSONS)
      l.steps.forEach((s, i) => {
        if (!s.predict) return;
        expect(i, `${l.id} step ${i}`).toBeGreaterThan(0);
        expect(i, `${l.id} step ${i}`).toBeLessThan(l.steps.length - 1);
        expect(s.predict.en.trim()).not.toBe('');
        expect(s.predict.zh.trim()).not.toBe('');
      });
  });

  for (const lesson of withTools) {
    it(`${lesson.id}: what each step highlights is there at the step's cursor`, async () => {
      const run = await startConductor(scenarioOf(lesson));
      const player = new LessonPlayer(run.conductor, lesson);
      const problems: string[] = [];
      for (let i = 0; i < lesson.steps.length; i++) {
        const highlights = lesson.steps[i]!.highlight;
        if (!highlights) continue;
        await player.goTo(i);
        await run.conductor.idle();
        const f = run.page.frame!;
        const items = spotItems(highlights, f.view, run.page.events, f.cursorIndex, 'en');
        highlights.forEach((h, k) => {
          const facts = items[k]!.facts;
          const where = `step ${i} (t=${f.t}) ${items[k]!.name}: ${facts}`;
          if ('server' in h && !f.view.servers.some((s) => s.node === h.server)) problems.push(where);
          if ('client' in h && !f.view.clients.some((c) => c.node === h.client)) problems.push(where);
          if ('znode' in h && facts === 'does not exist') problems.push(where);
          if ('message' in h && !/^\d+ on the wire$/.test(facts)) problems.push(where);
        });
      }
      player.dispose();
      run.conductor.dispose();
      expect(problems).toEqual([]);
    });
  }

  it("spot items state what the picture says: a server's role and zxid, a znode's data and version", async () => {
    const lesson = LESSONS.find((l) => l.id === 'ack-before-fsync')!;
    const run = await startConductor(scenarioOf(lesson));
    const player = new LessonPlayer(run.conductor, lesson);
    await player.goTo(1);
    await run.conductor.idle();
    const f = run.page.frame!;
    const items = spotItems(lesson.steps[1]!.highlight!, f.view, run.page.events, f.cursorIndex, 'en');
    expect(items).toEqual([
      { kind: 'server', name: 'zk1', facts: 'FOLLOWING · e1 · 1:2' },
      { kind: 'server', name: 'zk2', facts: 'FOLLOWING · e1 · 1:2' },
      { kind: 'znode', name: '/important', facts: '"v1" · version 0' },
    ]);
    player.dispose();
    run.conductor.dispose();
  });

  it('the spotlight style outlines named servers and clients, and drops names a selector cannot carry', () => {
    const css = spotlightCss([
      { server: 'zk1' },
      { client: 'c2' },
      { client: 'x"]{}*{color:red' },
      { znode: '/a' },
    ]);
    expect(css).toContain('[data-testid="ring-server"][data-node="zk1"]');
    expect(css).toContain('[data-testid="client-row"][data-client="c2"]');
    expect(css).not.toContain('color:red');
    expect(spotlightCss([{ znode: '/a"]{}*{color:red' }, { message: 'ACK' }])).toBe('');
    expect(spotlightCss([{ znode: '/lock/x-0000000001' }])).toContain('[data-path="/lock/x-0000000001"]');
  });
});

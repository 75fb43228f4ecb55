// What the page shows, read from its data attributes, and what it must show: the exact view at the
// cursor's event computed in Node (an in-process engine and a ViewLog, as the conductor keeps it).
// Browser tests compare the two at many cursors (exact-views.e2e.ts, lessons.e2e.ts).
import type { Page } from 'playwright-core';
import { EventIndex } from '../../src/app/views/event-index.ts';
import { sessionOwners } from '../../src/app/views/sessions.ts';
import type { Engine } from '../../src/conductor/engine.ts';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import type { Frame } from '../../src/conductor/run-control.ts';
import { nodeIds } from '../../src/conductor/simulation-engine.ts';
import { ViewLog } from '../../src/conductor/view-log.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { contenders, guessLockPath } from '../../src/sim/view/lock-model.ts';
import { treeDigest } from '../../src/sim/view/tree-digest.ts';
import { AUTO, allWatches, treeServer } from '../../src/sim/view/tree-source.ts';
import type { WorldView } from '../../src/sim/view/types.ts';
import { nodeLua } from '../support/conductor.ts';

export interface DomState {
  index: number;
  servers: string[];
  clients: string[] | null;
  lock: string[] | null;
  tree: string | null;
}

/** A run computed in Node up to time `until`, with every node's picture after every event. */
export async function exactRun(scenario: Scenario, until = scenario.duration) {
  const runs = new ExactRuns();
  try {
    return await runs.upTo(scenario, until);
  } finally {
    runs.dispose();
  }
}

/**
 * Exact runs that grow with the cursor: a test that walks forward through one scenario (a lesson's
 * steps) extends one run instead of computing a new one from the start at every step.
 */
export class ExactRuns {
  private current: { key: string; engine: Engine; log: ViewLog; until: number } | null = null;

  async upTo(scenario: Scenario, until: number) {
    const key = JSON.stringify(scenario);
    if (this.current?.key !== key || this.current.until > until) {
      this.dispose();
      this.current = {
        key,
        engine: await createInProcessEngine(scenario, nodeLua()),
        log: new ViewLog(nodeIds(scenario)),
        until: 0,
      };
    }
    const { engine, log } = this.current;
    while (!(await engine.advance(until, 4096))) log.add(engine.takePictures());
    log.add(engine.takePictures());
    this.current.until = until;
    const events = [...engine.events] as TraceEvent[];
    return { events, at: (index: number) => log.at(index, index === 0 ? 0 : events[index - 1]!.t) };
  }

  dispose(): void {
    this.current?.engine.dispose();
    this.current = null;
  }
}

/** What the ring, the clients table, the lock view and the tree must show for this view. */
export function expectedDom(view: WorldView, events: readonly TraceEvent[], index: number): DomState {
  const owners = sessionOwners(
    view.clients,
    events,
    new EventIndex((e) => e.kind === 'client.session').update(events),
  );
  const shown = treeServer(view, AUTO);
  const tree = shown?.tree ?? [];
  const path = guessLockPath(tree);
  return {
    index,
    servers: view.servers.map((s) =>
      [
        s.node,
        s.up ? (s.role ?? '') : 'CRASHED',
        s.paused,
        s.zabState ?? '',
        s.currentEpoch,
        s.acceptedEpoch,
        s.lastZxid,
        s.leader ?? '',
        s.vote ? `${s.vote.leader}:${s.vote.zxid}:${s.vote.peerEpoch}:${s.vote.electionEpoch}` : '',
      ].join(' '),
    ),
    clients: view.clients.map((c) =>
      [
        c.node,
        c.up,
        c.state,
        c.session ?? '',
        c.server ?? '',
        c.waitingOn ? `${c.waitingOn.op} ${c.waitingOn.path ?? ''}` : '',
        c.line ?? '',
        c.script,
      ].join(' '),
    ),
    lock: contenders(tree, path, allWatches(view), owners).map(
      (c) => `${c.client ?? ''} ${c.holds} ${c.watches.length}`,
    ),
    tree: `${shown?.node ?? ''} ${treeDigest(tree)}`,
  };
}

/** The same, read from the page (null for a panel that is not open). */
export async function readDom(page: Page): Promise<DomState> {
  // tsx names inner functions with esbuild's `__name` helper: the page needs it too.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(() => {
    const attr = (e: Element, name: string) => e.getAttribute(`data-${name}`) ?? '';
    const all = (sel: string) => [...document.querySelectorAll(sel)];
    const svg = document.querySelector('[data-testid="cluster-svg"]');
    const table = document.querySelector('[data-testid="clients-table"]');
    const lock = document.querySelector('[data-testid="lock-view"]');
    const tree = document.querySelector('[data-testid="tree-view"]');
    return {
      index: Number(svg ? attr(svg, 'cursor-index') : -1),
      servers: all('[data-testid="ring-server"]').map((g) =>
        ['node', 'role', 'paused', 'zab', 'epoch', 'accepted-epoch', 'zxid', 'leader', 'vote']
          .map((a) => attr(g, a))
          .join(' '),
      ),
      clients: table
        ? all('[data-testid="client-row"]').map((r) =>
            ['client', 'up', 'state', 'session', 'server', 'waiting', 'line', 'script']
              .map((a) => attr(r, a))
              .join(' '),
          )
        : null,
      lock: lock
        ? all('[data-testid="lock-contender"]').map(
            (li) =>
              `${attr(li, 'client')} ${attr(li, 'holds')} ${li.querySelectorAll('[data-testid="lock-watch"]').length}`,
          )
        : null,
      tree: tree ? `${attr(tree, 'server')} ${attr(tree, 'digest')}` : null,
    };
  });
}

/** The panels the page has open keep their expectation; the others are left out. */
export function comparable(want: DomState, got: DomState): DomState {
  return {
    index: want.index,
    servers: want.servers,
    clients: got.clients === null ? null : want.clients,
    lock: got.lock === null ? null : want.lock,
    tree: got.tree === null ? null : want.tree,
  };
}

/** The page's latest frame (its document, cursor and time), through its RunControl. */
export async function pageFrame(page: Page): Promise<Pick<Frame, 'scenario' | 'cursorIndex' | 't'>> {
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(() => {
    type Run = { subscribe(l: (f: Frame) => void): () => void };
    const run = (globalThis as unknown as { __zkRun: Run }).__zkRun;
    let latest: Frame | null = null;
    run.subscribe((f) => {
      latest = f;
    })();
    const f = latest as Frame | null;
    if (!f) throw new Error('no frame yet');
    return { scenario: f.scenario, cursorIndex: f.cursorIndex, t: f.t };
  });
}

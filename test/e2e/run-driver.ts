// Browser tests drive runs through the page's own RunControl (globalThis.__zkRun, set by
// src/conductor/page.ts) — the API the page's controls use — and compare with Node runs.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { FaultNow, StepTarget } from '../../src/conductor/run-control.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';

export const HASH_RE = /^[0-9a-f]{64}$/;

export function loadScenario(file: string): Scenario {
  const parsed = parseScenarioJson(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file} does not validate`);
  return parsed.scenario;
}

/** The CLI's run of a document: trace hash and event count; throws if a script failed. */
export async function nodeRun(scenario: Scenario, label: string): Promise<{ hash: string; events: number }> {
  const lua = await LuaPool.prepare(scenario, nodeWasmSource(), nodeRecipeModules());
  const sim = createSimulation(scenario, { lua });
  sim.runUntil(scenario.duration);
  lua.close();
  // A script that fails the same way in both places would still hash equal: make sure none failed.
  const failed = sim.trace.events.find((e) => e.kind === 'lua.error');
  if (failed) throw new Error(`${label}: ${String(failed.client)} failed in Node: ${String(failed.message)}`);
  return { hash: sim.traceHash(), events: sim.trace.events.length };
}

/** What a test reads of a frame. */
export interface FrameInfo {
  status: string;
  t: number;
  frontier: number;
  cursorIndex: number;
  events: number;
  hash: string | null;
  scenario: Scenario;
  roles: Record<string, string | null>;
}

/**
 * Loads `address` afresh. From a page of the site, going to another hash of it is a navigation
 * within the document (the page would route to it, not start anew), so the page is reloaded; from
 * a blank page the first load is already fresh.
 */
export async function openFresh(page: Page, address: string): Promise<void> {
  const blank = page.url() === 'about:blank';
  await page.goto(address);
  if (!blank) await page.reload();
}

/** Opens the page at `#example=<id>` (plus extra hash parameters) and waits for its run. */
export async function openExample(page: Page, url: string, id: string, extra = ''): Promise<void> {
  await openFresh(page, `${url}#example=${encodeURIComponent(id)}${extra}`);
  await page.waitForFunction(() => (globalThis as { __zkRun?: unknown }).__zkRun !== undefined, undefined, {
    timeout: 60_000,
  });
}

type Action =
  | { op: 'reset' }
  | { op: 'pause' }
  | { op: 'play'; speed: number | 'max'; until: 'done' | number }
  | { op: 'step'; target: StepTarget }
  | { op: 'seek'; t: number }
  | { op: 'inject'; fault: FaultNow };

/** Runs one action on the page's RunControl and resolves with the frame that follows it. */
export async function act(page: Page, action: Action): Promise<FrameInfo> {
  if (process.env['E2E_DEBUG']) console.log('act', JSON.stringify(action));
  // tsx compiles this file with esbuild's keepNames, which wraps inner functions in `__name(...)`:
  // the page needs that helper for the function below to run there.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(async (a: Action) => {
    interface F {
      status: string;
      t: number;
      frontier: number;
      cursorIndex: number;
      from: number;
      events: unknown[];
      hash: string | null;
      scenario: unknown;
      view: { servers: { node: string; role: string | null }[] };
      error: string | null;
    }
    interface Run {
      play(speed: number): void;
      pause(): void;
      step(target: string): Promise<boolean>;
      seek(t: number): Promise<void>;
      inject(fault: unknown): Promise<void>;
      reset(): Promise<void>;
      subscribe(l: (f: F) => void): () => void;
    }
    const run = (globalThis as unknown as { __zkRun: Run }).__zkRun;
    let last: F | null = null;
    let waiter: ((f: F) => void) | null = null;
    const off = run.subscribe((f) => {
      last = f;
      waiter?.(f);
    });
    const next = (done: (f: F) => boolean) =>
      new Promise<F>((resolve, reject) => {
        waiter = (f) => {
          if (f.status === 'error') reject(new Error(f.error ?? 'run failed'));
          else if (done(f)) resolve(f);
        };
        if (last) waiter(last);
      });
    // Frames come over their own channel: wait for the one that shows the action done.
    const before = await next(() => true);
    let shows: (f: F) => boolean;
    try {
      switch (a.op) {
        case 'reset':
          run.pause();
          await run.reset();
          shows = (f) => f.t === 0 && f.status !== 'playing' && f.status !== 'preparing';
          break;
        case 'pause':
          run.pause();
          shows = (f) => f.status !== 'playing';
          break;
        case 'play': {
          const until = a.until;
          const reached = next((f) =>
            until === 'done' ? f.status === 'done' && f.hash !== null : f.t >= until,
          );
          run.play(a.speed === 'max' ? Number.POSITIVE_INFINITY : a.speed);
          await reached;
          run.pause();
          shows = (f) => f.status === 'paused' || f.status === 'done';
          break;
        }
        case 'step':
          await run.step(a.target);
          shows = (f) => f.cursorIndex !== before.cursorIndex || f.status === 'done';
          break;
        case 'seek':
          await run.seek(a.t);
          shows = (f) => f.t === a.t;
          break;
        case 'inject': {
          const faults = (before.scenario as { faults: unknown[] }).faults.length;
          await run.inject(a.fault);
          shows = (f) =>
            (f.scenario as { faults: unknown[] }).faults.length > faults && f.status !== 'preparing';
          break;
        }
      }
      const f = await next(shows);
      return {
        status: f.status,
        t: f.t,
        frontier: f.frontier,
        cursorIndex: f.cursorIndex,
        events: f.from + f.events.length,
        hash: f.hash,
        scenario: f.scenario,
        roles: Object.fromEntries(f.view.servers.map((s) => [s.node, s.role])),
      } as never;
    } finally {
      off();
    }
  }, action) as Promise<FrameInfo>;
}

// Structure checks (docs/architecture.md, "Layers" and "Determinism"):
// - a file imports only from its own layer or lower ones; the imports that still go up are listed
//   below as known debt (issue #16): a new one fails, and so does a listed one that is gone (strike
//   it from the list), so the list only shrinks;
// - no file joins an import cycle beyond the ones listed;
// - nothing under src/sim or src/lua reads a wall clock, Math.random, timers, the DOM or the network.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, sourceFiles } from '../support/import-graph.ts';
import { LAYERS, layerOf } from '../support/layers.ts';

/** Imports that go up a layer today, each to be removed (issue #16 item 1). */
const KNOWN_UPWARD: [string, string][] = [];

/** Files in an import cycle today: none (issue #16 item 2 took the server's roles out of theirs). */
const KNOWN_IN_CYCLES = new Set<string>([]);

/** What the deterministic core must not touch, and the one place allowed to (with why). */
const NONDETERMINISM =
  /\b(Date\.now|new Date\b|performance\.now|Math\.random|setTimeout|setInterval|setImmediate|requestAnimationFrame|queueMicrotask|fetch\(|XMLHttpRequest|WebSocket|getRandomValues|randomUUID|process\.hrtime|document\.|navigator\.|localStorage|sessionStorage)/;
const ALLOWED_NONDETERMINISM = new Map([
  // wasmoon seeds Lua's string hashing from Date.now() while a VM starts; vm.ts pins it to a
  // constant for that moment so table iteration order is the same in every run.
  ['src/lua/vm.ts', /Date\.now/],
  // Loading the Lua VM's wasm binary in a browser, before any run starts.
  ['src/lua/wasm-runtime.ts', /fetch\(/],
]);

const graph = importGraph('src');

describe('layers', () => {
  it('every source file belongs to a layer', () => {
    expect([...graph.keys()].filter((f) => layerOf(f) === undefined)).toEqual([]);
  });

  it('imports go down the layers, except the known ones still to remove', () => {
    const upward: [string, string][] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) {
        const a = layerOf(from);
        const b = layerOf(to);
        if (a !== undefined && b !== undefined && b > a) upward.push([from, to]);
      }
    }
    const key = ([a, b]: [string, string]) =>
      `${a} → ${b} (${LAYERS[layerOf(a)!]!.name} → ${LAYERS[layerOf(b)!]!.name})`;
    const known = new Set(KNOWN_UPWARD.map(key));
    const found = new Set(upward.map(key));
    expect(
      [...found].filter((k) => !known.has(k)),
      'new upward imports',
    ).toEqual([]);
    expect(
      [...known].filter((k) => !found.has(k)),
      'fixed: strike them from KNOWN_UPWARD',
    ).toEqual([]);
  });

  it('no file joins an import cycle beyond the known ones', () => {
    const inCycles = new Set(cycles(graph).flat());
    expect(
      [...inCycles].filter((f) => !KNOWN_IN_CYCLES.has(f)),
      'new files in cycles',
    ).toEqual([]);
    expect(
      [...KNOWN_IN_CYCLES].filter((f) => !inCycles.has(f)),
      'fixed: strike them',
    ).toEqual([]);
  });
});

describe('determinism', () => {
  it('nothing under src/sim or src/lua reads a clock, randomness, timers, the DOM or the network', () => {
    const offenders: string[] = [];
    for (const file of [...sourceFiles('src/sim'), ...sourceFiles('src/lua')]) {
      const code = stripComments(readFileSync(file, 'utf8'));
      code.split('\n').forEach((line, i) => {
        const hit = NONDETERMINISM.exec(line);
        if (hit && !ALLOWED_NONDETERMINISM.get(file)?.test(hit[0]))
          offenders.push(`${file}:${i + 1}: ${hit[0]}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the scan sees what it looks for', () => {
    expect(NONDETERMINISM.test(stripComments('const t = Date.now();'))).toBe(true);
    expect(NONDETERMINISM.test(stripComments('// Date.now() is never read here'))).toBe(false);
    expect(NONDETERMINISM.test('this.resetTimeout(3)')).toBe(false);
  });
});

/** Source without comments (line and block), keeping line numbers. */
function stripComments(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

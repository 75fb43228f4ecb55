// Structure checks (docs/architecture.md, "Layers" and "Determinism"):
// - a file imports only from its own layer or lower ones (issue #16 item 1 removed the last
//   exceptions);
// - no import cycle anywhere in src (issue #16 item 2 broke the last ones);
// - nothing under src/sim or src/lua reads a wall clock, Math.random, timers, the DOM or the network.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cycles, type ImportGraph, importGraph, sourceFiles } from '../support/import-graph.ts';
import { LAYERS, layerOf } from '../support/layers.ts';

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

  it('imports go down the layers', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('no import cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the checks see what they look for', () => {
    const kernel = 'src/sim/kernel/world.ts';
    const trace = 'src/sim/trace/event.ts';
    const made: ImportGraph = new Map([
      [kernel, new Set([trace])],
      [trace, new Set([kernel])],
    ]);
    expect(upwardImports(made)).toEqual([`${kernel} → ${trace} (kernel → zookeeper)`]);
    expect(cycles(made)).toEqual([[kernel, trace]]);
  });
});

/** Every import from a file to one in a higher layer, as `from → to (layer → layer)`. */
function upwardImports(g: ImportGraph): string[] {
  const found: string[] = [];
  for (const [from, targets] of g) {
    for (const to of targets) {
      const a = layerOf(from);
      const b = layerOf(to);
      if (a !== undefined && b !== undefined && b > a)
        found.push(`${from} → ${to} (${LAYERS[a]!.name} → ${LAYERS[b]!.name})`);
    }
  }
  return found;
}

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

// Recipe module docs for the editor are parsed from the Lua sources (src/app/editor/recipe-docs.ts).
import { describe, expect, it } from 'vitest';
import { parseRecipeModule, parseRecipeModules } from '../../src/app/editor/recipe-docs.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';

const sources = nodeRecipeModules();
const docs = parseRecipeModules(sources);
const byModule = new Map(docs.map((d) => [d.module, d]));
const sigs = (module: string) => byModule.get(module)?.functions.map((f) => f.signature) ?? [];

describe('recipe docs', () => {
  it('finds every public module function and method of every module', () => {
    expect(docs.map((d) => d.module)).toEqual(Object.keys(sources));
    for (const [module, source] of Object.entries(sources)) {
      const defined = [...source.matchAll(/^function\s+\w+[.:](\w+)\s*\(/gm)].map((m) => m[1]!);
      const public_ = defined.filter((n) => !n.startsWith('_'));
      const found = byModule.get(module)!.functions.map((f) => f.name);
      for (const name of public_) expect(found, `${module}.${name}`).toContain(name);
      for (const name of found) expect(name.startsWith('_'), `${module}.${name} is private`).toBe(false);
    }
  });

  it('writes module functions with the module name and methods with their class', () => {
    expect(sigs('lock')).toEqual([
      'lock.new(path, opts)',
      'Lock:acquire()',
      'Lock:hold(ms)',
      'Lock:is_held()',
      'Lock:release()',
      'lock.contenders(path)',
    ]);
    const acquire = byModule.get('lock')!.functions.find((f) => f.name === 'acquire')!;
    expect(acquire.method).toBe(true);
    expect(acquire.doc).toMatch(/^Block until the lock is held/);
    expect(sources['lock']!.split('\n')[acquire.line - 1]).toMatch(/^function Lock:acquire\(\)/);
  });

  it('resolves aliases (election on top of lock, lock_herd re-exporting contenders)', () => {
    expect(sigs('election')).toEqual(
      expect.arrayContaining(['election.new(path, opts)', 'Lock:run()', 'Lock:lead(ms)', 'Lock:resign()']),
    );
    const run = byModule.get('election')!.functions.find((f) => f.name === 'run')!;
    expect(run.doc).toMatch(/blocks until this client leads/);
    expect(sigs('lock_herd')).toContain('lock_herd.contenders(path)');
  });

  it('documents a function from the comment above it, the header usage line, or the module summary', () => {
    const src = [
      '-- demo: a demo module',
      '-- on two lines.',
      '--',
      '--   local d = demo.new()',
      '--   d:go(1)        -- goes somewhere',
      '--   d:count()      --> the count',
      'local M = {}',
      '-- Makes one.',
      'function M.new(a, b)',
      'end',
      'function D:go(n) end',
      'function D:count() end',
      'function D:_private() end',
      'function M.other() end',
    ].join('\n');
    const d = parseRecipeModule('demo', src);
    expect(d.summary).toBe('demo: a demo module on two lines.');
    expect(d.functions.map((f) => [f.signature, f.doc])).toEqual([
      ['demo.new(a, b)', 'Makes one.'],
      ['D:go(n)', 'goes somewhere'],
      ['D:count()', 'returns the count'],
      ['demo.other()', 'demo: a demo module on two lines.'],
    ]);
  });
});

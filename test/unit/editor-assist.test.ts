// What the editor offers as you type and hover (src/app/editor/lua-assist.ts), over the real
// recipe modules.
import { describe, expect, it } from 'vitest';
import { completionsAt, hoverAt, requiredModules, wordAt } from '../../src/app/editor/lua-assist.ts';
import { parseRecipeModules } from '../../src/app/editor/recipe-docs.ts';
import { ZK_API_DOCS } from '../../src/app/editor/zk-api-docs.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';

const data = { modules: parseRecipeModules(nodeRecipeModules()) };
const SCRIPT =
  'local lock = require("lock")\nlocal util = require("recipe_util")\nlocal l = lock.new("/lock")\n';
const labels = (xs: { label: string }[] | null) => (xs ?? []).map((x) => x.label);

describe('completions', () => {
  it('offers the whole zk API after `zk.`, with signature and docs', () => {
    const items = completionsAt('  local p = zk.', SCRIPT, data)!;
    expect(labels(items).sort()).toEqual(ZK_API_DOCS.map((d) => d.name).sort());
    const create = items.find((i) => i.label === 'create')!;
    expect(create.detail).toBe('zk.create(path, data?, opts?)');
    // Monaco snippet placeholders, not JS template slots
    const slot = (n: number, name: string) => `\${${n}:${name}}`;
    expect(create.insertText).toBe(`create(${slot(1, 'path')})`);
    expect(create.documentation).toContain('Creates a node');
    expect(items.find((i) => i.label === 'set')!.insertText).toBe(
      `set(${slot(1, 'path')}, ${slot(2, 'data')})`,
    );
    expect(items.find((i) => i.label === 'log')!.insertText).toBe('log()');
    expect(labels(completionsAt('zk.cre', SCRIPT, data))).toContain('create');
  });

  it("offers a required module's functions under its local name", () => {
    expect(labels(completionsAt('local x = lock.', SCRIPT, data))).toEqual(['new', 'contenders']);
    expect(labels(completionsAt('util.', SCRIPT, data))).toContain('ensure_path');
    expect(completionsAt('nothing.', SCRIPT, data)).toBeNull();
  });

  it('offers the methods of the required modules after `:`', () => {
    const methods = labels(completionsAt('l:', SCRIPT, data));
    expect(methods).toEqual(expect.arrayContaining(['acquire', 'hold', 'release', 'is_held']));
    expect(methods).not.toContain('enter'); // double_barrier is not required here
  });

  it('offers module names inside require("', () => {
    const mods = labels(completionsAt('local q = require("', '', data));
    expect(mods).toEqual(expect.arrayContaining(['lock', 'election', 'queue', 'recipe_util']));
  });

  it('offers zk and the required modules at the start of an expression', () => {
    expect(labels(completionsAt('  ', SCRIPT, data))).toEqual(['zk', 'lock', 'util']);
  });
});

describe('hover', () => {
  it('documents zk calls, module functions, methods and module names', () => {
    const line = 'local ok = zk.exists("/x", true) and lock.new("/a") and l:acquire()';
    expect(hoverAt(line, line.indexOf('exists') + 2, SCRIPT, data)).toContain('zk.exists(path, watch?)');
    expect(hoverAt(line, line.indexOf('new') + 1, SCRIPT, data)).toContain('lock.new(path, opts)');
    expect(hoverAt(line, line.indexOf('acquire') + 3, SCRIPT, data)).toContain('Lock:acquire()');
    expect(hoverAt(line, line.indexOf('lock') + 2, SCRIPT, data)).toMatch(/^lock: an exclusive lock/);
    expect(hoverAt(line, line.indexOf('ok') + 1, SCRIPT, data)).toBeNull();
  });

  it('finds the word and the object before it', () => {
    expect(wordAt('x = zk.get(p)', 9)).toEqual({ object: 'zk', sep: '.', word: 'get' });
    expect(wordAt('l : hold(1)', 6)).toEqual({ object: 'l', sep: ':', word: 'hold' });
    expect(wordAt('a + b', 3)).toBeNull();
  });

  it('reads the modules a script requires', () => {
    expect([...requiredModules(SCRIPT)]).toEqual([
      ['lock', 'lock'],
      ['util', 'recipe_util'],
    ]);
    expect([...requiredModules("local e = require 'election'")]).toEqual([['e', 'election']]);
  });
});

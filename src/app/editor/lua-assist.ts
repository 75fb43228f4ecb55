// What the editor offers as you type and hover, worked out from text alone (no Monaco here, so it
// is testable in Node): `zk.` lists the zk API, `lock.` a required module's functions, `l:` the
// methods of the modules this script requires, `require("` the module names. The data comes from
// zk-api-docs.ts (the single source for zk) and recipe-docs.ts (parsed from the Lua modules).
import type { RecipeFunctionDoc, RecipeModuleDoc } from './recipe-docs.ts';
import { signatureParams, ZK_API_DOCS, type ZkApiDoc } from './zk-api-docs.ts';

export type AssistKind = 'function' | 'method' | 'module' | 'variable';

export interface AssistItem {
  label: string;
  kind: AssistKind;
  /** Text inserted; `${1:path}` marks snippet placeholders. */
  insertText: string;
  /** One line: the signature. */
  detail: string;
  /** Markdown: signature, what it returns, what it does. */
  documentation: string;
}

export interface AssistData {
  modules: readonly RecipeModuleDoc[];
}

const REQUIRE = /\blocal\s+([A-Za-z_]\w*)\s*=\s*require\s*\(?\s*["']([\w.-]+)["']/g;

/** `local lock = require("lock")` → lock → lock, for every such line of the script. */
export function requiredModules(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(REQUIRE)) out.set(m[1]!, m[2]!);
  return out;
}

function snippet(name: string, params: readonly string[]): string {
  const args = params.filter((p) => p !== '...' && p !== 'self').map((p, i) => `\${${i + 1}:${p}}`);
  return `${name}(${args.join(', ')})`;
}

export function zkDocMarkdown(d: ZkApiDoc): string {
  const where = d.remote ? 'goes to the server (takes virtual time)' : 'local: takes no virtual time';
  return [
    '```lua',
    d.signature,
    '```',
    d.summary,
    '',
    `**Returns** ${d.returns}; a failure returns \`nil, err\`. *(${where})*`,
  ].join('\n');
}

export function recipeDocMarkdown(f: RecipeFunctionDoc): string {
  return ['```lua', f.signature, '```', f.doc, '', `*${f.module}.lua, line ${f.line}*`].join('\n');
}

function zkItems(): AssistItem[] {
  return ZK_API_DOCS.map((d) => ({
    label: d.name,
    kind: 'function',
    insertText: snippet(
      d.name,
      signatureParams(d.signature).filter((p) => !isOptional(d, p)),
    ),
    detail: d.signature,
    documentation: zkDocMarkdown(d),
  }));
}

/** Only the required parameters get placeholders; optional ones are left for the writer to add. */
function isOptional(d: ZkApiDoc, param: string): boolean {
  return d.signature.includes(`${param}?`);
}

function recipeItems(fns: readonly RecipeFunctionDoc[]): AssistItem[] {
  const seen = new Set<string>();
  const out: AssistItem[] = [];
  for (const f of fns) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    out.push({
      label: f.name,
      kind: f.method ? 'method' : 'function',
      insertText: snippet(f.name, f.params),
      detail: f.signature,
      documentation: recipeDocMarkdown(f),
    });
  }
  return out;
}

function moduleDoc(data: AssistData, module: string): RecipeModuleDoc | undefined {
  return data.modules.find((m) => m.module === module);
}

/** The methods that objects of this script may have: those of the modules it requires (or all). */
function methodsFor(data: AssistData, source: string): RecipeFunctionDoc[] {
  const required = new Set(requiredModules(source).values());
  const modules = required.size > 0 ? data.modules.filter((m) => required.has(m.module)) : data.modules;
  return modules.flatMap((m) => m.functions.filter((f) => f.method));
}

/**
 * Completions at the end of `before` (the line up to the cursor) in a script whose whole text is
 * `source`. Null: nothing specific to offer (the editor's word completions still apply).
 */
export function completionsAt(before: string, source: string, data: AssistData): AssistItem[] | null {
  if (/\brequire\s*\(?\s*["'][\w.-]*$/.test(before)) {
    return data.modules.map((m) => ({
      label: m.module,
      kind: 'module',
      insertText: m.module,
      detail: `require("${m.module}")`,
      documentation: m.summary,
    }));
  }
  const member = /([A-Za-z_]\w*)\s*([.:])\s*(\w*)$/.exec(before);
  if (member) {
    const [, object, sep] = member as unknown as [string, string, string];
    if (object === 'zk') return sep === '.' ? zkItems() : null;
    if (sep === ':') return recipeItems(methodsFor(data, source));
    const module = requiredModules(source).get(object) ?? object;
    const doc = moduleDoc(data, module);
    return doc ? recipeItems(doc.functions.filter((f) => !f.method)) : null;
  }
  // At the start of an expression: the zk table and the modules this script has required.
  const names: AssistItem[] = [
    {
      label: 'zk',
      kind: 'variable',
      insertText: 'zk',
      detail: 'the ZooKeeper API',
      documentation: 'Type `zk.` for its calls.',
    },
  ];
  for (const [local, module] of requiredModules(source)) {
    names.push({
      label: local,
      kind: 'module',
      insertText: local,
      detail: `require("${module}")`,
      documentation: moduleDoc(data, module)?.summary ?? '',
    });
  }
  return names;
}

/** The identifier around `column` (1-based) of `line`, with the `obj.`/`obj:` before it if any. */
export function wordAt(
  line: string,
  column: number,
): { object: string | null; sep: string; word: string } | null {
  const i = column - 1;
  const ident = /[A-Za-z_0-9]/;
  let start = i;
  while (start > 0 && ident.test(line[start - 1]!)) start--;
  let end = i;
  while (end < line.length && ident.test(line[end]!)) end++;
  if (start === end) return null;
  const word = line.slice(start, end);
  const m = /([A-Za-z_]\w*)\s*([.:])\s*$/.exec(line.slice(0, start));
  return m ? { object: m[1]!, sep: m[2]!, word } : { object: null, sep: '', word };
}

/** Markdown for the thing under the cursor: a zk call, a module function or method, a module. */
export function hoverAt(line: string, column: number, source: string, data: AssistData): string | null {
  const w = wordAt(line, column);
  if (!w) return null;
  if (w.object === 'zk' && w.sep === '.') {
    const d = ZK_API_DOCS.find((x) => x.name === w.word);
    return d ? zkDocMarkdown(d) : null;
  }
  const required = requiredModules(source);
  if (w.object !== null && w.sep === '.') {
    const doc = moduleDoc(data, required.get(w.object) ?? w.object);
    const f = doc?.functions.find((x) => x.name === w.word && !x.method);
    return f ? recipeDocMarkdown(f) : null;
  }
  if (w.object !== null && w.sep === ':') {
    const f = methodsFor(data, source).find((x) => x.name === w.word);
    return f ? recipeDocMarkdown(f) : null;
  }
  const module = required.get(w.word);
  if (module !== undefined) return moduleDoc(data, module)?.summary ?? null;
  if (w.word === 'zk') return 'The ZooKeeper client API: `zk.create`, `zk.get`, … (docs/lua-api.md)';
  return null;
}

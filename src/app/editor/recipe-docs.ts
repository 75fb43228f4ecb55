// Completions and hover docs for the recipe modules, read from their Lua sources rather than
// written down twice: every public `function M.name(...)` (a module function, `lock.new`) and
// `function Class:name(...)` (a method, `l:acquire()`). Names starting with `_` are private.
// The description is the comment right above the function, else the module header's usage line
// that calls it (`--   e:run()  -- blocks until ...`), else the header's first line. Aliases
// (`l.run = l.acquire` in election, `M.contenders = lock.contenders`) take the aliased function's
// parameters.

export interface RecipeFunctionDoc {
  module: string;
  name: string;
  /** `lock.new(path, opts)` for a module function, `Lock:acquire()` for a method. */
  signature: string;
  params: string[];
  method: boolean;
  doc: string;
  /** 1-based line of the definition in the module's source. */
  line: number;
}

export interface RecipeModuleDoc {
  module: string;
  /** The header comment's first paragraph, e.g. "lock: an exclusive lock without the herd effect (...)". */
  summary: string;
  functions: RecipeFunctionDoc[];
}

const DEFINITION = /^function\s+([A-Za-z_]\w*)([.:])([A-Za-z_]\w*)\s*\(([^)]*)\)/;
const COMMENT = /^\s*--\s?(.*)$/;
const ALIAS = /^\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*$/;
const REQUIRE = /^\s*local\s+([A-Za-z_]\w*)\s*=\s*require\s*\(?\s*["']([\w.-]+)["']/;

function headerLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const m = COMMENT.exec(line);
    if (!m) break;
    out.push(m[1]!);
  }
  return out;
}

/** The comment lines right above line index `i`, oldest first. */
function commentAbove(lines: string[], i: number): string {
  const out: string[] = [];
  for (let j = i - 1; j >= 0; j--) {
    const m = COMMENT.exec(lines[j]!);
    if (!m) break;
    out.unshift(m[1]!.trim());
  }
  return out.join(' ').trim();
}

/** `--   util.seq(name)   -- the 10-digit ...` in the header → "the 10-digit ..." for `seq`. */
function usageLine(header: string[], name: string, sep: string): string {
  const call = new RegExp(`[\\w)]\\${sep}${name}\\(`);
  for (const line of header) {
    if (!call.test(line)) continue;
    const comment = line.indexOf('--');
    // `c:value()  --> the current value`: an arrow, not a comment marker, names the result
    if (comment >= 0)
      return line
        .slice(comment + 2)
        .replace(/^>\s*/, 'returns ')
        .trim();
  }
  return '';
}

function params(list: string): string[] {
  return list
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function parseRecipeModule(module: string, source: string): RecipeModuleDoc {
  const lines = source.split('\n');
  const header = headerLines(lines);
  // The header's first paragraph (it wraps over lines): "lock: an exclusive lock without ...".
  const blank = header.findIndex((l) => l.trim() === '');
  const summary = (blank < 0 ? header : header.slice(0, blank)).map((l) => l.trim()).join(' ') || module;
  const functions: RecipeFunctionDoc[] = [];
  lines.forEach((line, i) => {
    const m = DEFINITION.exec(line);
    if (!m) return;
    const [, owner, sep, name, list] = m as unknown as [string, string, string, string, string];
    if (name.startsWith('_')) return;
    const method = sep === ':';
    const p = params(list);
    const signature = `${method ? owner : module}${sep}${name}(${p.join(', ')})`;
    const doc = commentAbove(lines, i) || usageLine(header, name, sep) || summary;
    functions.push({ module, name, signature, params: p, method, doc, line: i + 1 });
  });
  return { module, summary, functions };
}

interface Alias {
  module: string;
  name: string;
  /** Where the aliased function may live: this module and the ones it requires, for an object's
   *  method (`l.run = l.acquire`); the required module, for `M.contenders = lock.contenders`. */
  targets: string[];
  targetName: string;
  method: boolean;
  doc: string;
  line: number;
}

function findAliases(module: string, source: string): Alias[] {
  const lines = source.split('\n');
  const header = headerLines(lines);
  const required = new Map<string, string>();
  const out: Alias[] = [];
  lines.forEach((line, i) => {
    const r = REQUIRE.exec(line);
    if (r) required.set(r[1]!, r[2]!);
    const m = ALIAS.exec(line);
    if (!m) return;
    const [, lhs, name, rhs, targetName] = m as unknown as [string, string, string, string, string];
    if (name.startsWith('_')) return;
    const method = lhs !== 'M';
    const from = required.get(rhs);
    const targets = lhs === rhs ? [module, ...required.values()] : from !== undefined ? [from] : [];
    const doc = usageLine(header, name, method ? ':' : '.');
    out.push({ module, name, targets, targetName, method, doc, line: i + 1 });
  });
  return out;
}

/** Every module's docs, aliases resolved against the functions of all modules. */
export function parseRecipeModules(sources: Record<string, string>): RecipeModuleDoc[] {
  const docs = Object.entries(sources).map(([module, source]) => parseRecipeModule(module, source));
  const all = docs.flatMap((d) => d.functions);
  for (const doc of docs) {
    for (const a of findAliases(doc.module, sources[doc.module]!)) {
      if (doc.functions.some((f) => f.name === a.name && f.method === a.method)) continue;
      const target = all.find(
        (f) => f.name === a.targetName && f.method === a.method && a.targets.includes(f.module),
      );
      if (target === undefined) continue;
      const owner = a.method ? (target.signature.split(':')[0] ?? doc.module) : doc.module;
      const sep = a.method ? ':' : '.';
      doc.functions.push({
        module: doc.module,
        name: a.name,
        signature: `${owner}${sep}${a.name}(${target.params.join(', ')})`,
        params: target.params,
        method: a.method,
        doc: a.doc || target.doc,
        line: a.line,
      });
    }
  }
  return docs;
}

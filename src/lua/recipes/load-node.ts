// Node only: the recipe modules (src/lua/recipes/*.lua) as Record<moduleName, source>, read from
// disk next to this file, for LuaPool.prepare(scenario, wasm, modules). Do not import from browser code.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: Record<string, string> | null = null;

/** Every `<name>.lua` in this directory, keyed by `<name>` (what `require(name)` takes). */
export function nodeRecipeModules(): Record<string, string> {
  if (cached) return cached;
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const out: Record<string, string> = {};
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.lua')) continue;
    out[file.slice(0, -'.lua'.length)] = readFileSync(new URL(file, import.meta.url), 'utf8');
  }
  cached = out;
  return out;
}

// Node only: the Lua modules a client script can `require` — the recipe library
// (src/lua/recipes/*.lua) and the client modules (src/lua/modules/*.lua, e.g. `zookeeper`) — as
// Record<moduleName, source>, read from disk, for a LuaPool (src/sim/lua-pool.ts) or a runSeed.
// Do not import from browser code.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: Record<string, string> | null = null;

const DIRS = [new URL('.', import.meta.url), new URL('../modules/', import.meta.url)];

/** Every `<name>.lua` of both directories, keyed by `<name>` (what `require(name)` takes), sorted. */
export function nodeRecipeModules(): Record<string, string> {
  if (cached) return cached;
  const found: [string, string][] = [];
  for (const dir of DIRS) {
    for (const file of readdirSync(fileURLToPath(dir))) {
      if (!file.endsWith('.lua')) continue;
      found.push([file.slice(0, -'.lua'.length), readFileSync(new URL(file, dir), 'utf8')]);
    }
  }
  found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  cached = Object.fromEntries(found);
  return cached;
}

// Browser only (Vite): the Lua modules a client script can `require` — the recipe library
// (src/lua/recipes/*.lua) and the client modules (src/lua/modules/*.lua) — bundled as text, keyed
// by module name, for a LuaPool (src/sim/lua-pool.ts).
const files = import.meta.glob<string>(['./*.lua', '../modules/*.lua'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Every `<name>.lua` of both directories, keyed by `<name>` (what `require(name)` takes), sorted. */
export const browserRecipeModules: Record<string, string> = Object.fromEntries(
  Object.entries(files)
    .map(([file, source]): [string, string] => [file.replace(/^.*\//, '').replace(/\.lua$/, ''), source])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);

// Browser only (Vite): the recipe modules (src/lua/recipes/*.lua) bundled as text, keyed by module
// name, for LuaPool.prepare(scenario, wasm, modules).
const files = import.meta.glob<string>('./*.lua', { query: '?raw', import: 'default', eager: true });

/** Every `<name>.lua` in this directory, keyed by `<name>` (what `require(name)` takes). */
export const browserRecipeModules: Record<string, string> = Object.fromEntries(
  Object.entries(files)
    .map(([file, source]): [string, string] => [file.replace(/^\.\//, '').replace(/\.lua$/, ''), source])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);

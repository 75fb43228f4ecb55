// The page's size budget: the JavaScript that index.html loads before anything can run — its
// module script and the chunks it preloads — must stay within 250 KiB gzip. Everything else
// (Monaco, its worker, the node workers) is fetched later, when it is needed; this script lists
// the largest of those too, for information. Run after `vite build`:
//   tsx scripts/check-bundle.ts [dist=dist] [--budget-kib 250]
// Exits 1 when the entry is over budget, 2 when dist/ is not a build.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

export const BUDGET_KIB = 250;

export interface Chunk {
  file: string;
  bytes: number;
  gzip: number;
}

/** The JS files index.html loads up front: `<script type="module" src>` and `<link rel="modulepreload" href>`. */
export function entryScripts(html: string): string[] {
  const out: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`).exec(tag)?.[1];
    const src = tag.startsWith('<script') && attr('type') === 'module' ? attr('src') : undefined;
    const href = tag.startsWith('<link') && attr('rel') === 'modulepreload' ? attr('href') : undefined;
    const url = src ?? href;
    if (url !== undefined && !/^[a-z]+:/i.test(url)) out.push(url.replace(/^\.?\//, ''));
  }
  return out;
}

async function measure(dist: string, file: string): Promise<Chunk> {
  const data = await readFile(join(dist, file));
  return { file, bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(path)));
    else out.push(path);
  }
  return out;
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { 'budget-kib': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const dist = resolve(positionals[0] ?? 'dist');
  const budget = Number(values['budget-kib'] ?? BUDGET_KIB) * 1024;
  let html: string;
  try {
    if (!(await stat(dist)).isDirectory()) throw new Error('not a directory');
    html = await readFile(join(dist, 'index.html'), 'utf8');
  } catch {
    console.error(`no build at ${dist} (run \`vite build\` first)`);
    return 2;
  }
  const entry = entryScripts(html);
  if (entry.length === 0) {
    console.error(`${join(dist, 'index.html')} loads no module script`);
    return 2;
  }
  const chunks = await Promise.all(entry.map((f) => measure(dist, f)));
  const total = chunks.reduce((s, c) => s + c.gzip, 0);
  console.log('entry (loaded by index.html):');
  for (const c of chunks) console.log(`  ${c.file}  ${kib(c.bytes)}, gzip ${kib(c.gzip)}`);
  console.log(`  total gzip ${kib(total)} of ${kib(budget)} allowed`);

  const lazy = (await allFiles(dist))
    .map((p) => relative(dist, p))
    .filter((f) => f.endsWith('.js') && !entry.includes(f));
  const sized = (await Promise.all(lazy.map((f) => measure(dist, f)))).sort((a, b) => b.gzip - a.gzip);
  console.log('loaded later (largest first):');
  for (const c of sized.slice(0, 8)) console.log(`  ${c.file}  ${kib(c.bytes)}, gzip ${kib(c.gzip)}`);

  if (total > budget) {
    console.error(`over budget: the entry is ${kib(total)} gzip, more than ${kib(budget)}`);
    return 1;
  }
  console.log('within budget');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(await main());

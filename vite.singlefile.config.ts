// The single-file build (npm run build:single → dist-single/index.html): one HTML file with every
// script, style and the Lua wasm inlined, that opens from file:// (a normal build shows a blank
// page there: module scripts from origin null are blocked). Web Workers cannot be started from
// such a page, so this build runs the conductor and the nodes on the page's thread (the
// in-process mode, same traces, docs/conductor.md).
import { readFileSync } from 'node:fs';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

export default defineConfig({
  base: './',
  plugins: [svelte(), viteSingleFile(), inlineFavicon()],
  define: { 'import.meta.env.VITE_SINGLE_FILE': JSON.stringify('1') },
  worker: { format: 'iife' },
  build: {
    target: 'es2022',
    outDir: 'dist-single',
    sourcemap: false,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    chunkSizeWarningLimit: 100_000,
  },
});

/** The icon too: nothing may sit beside the file. */
function inlineFavicon(): Plugin {
  const svg = readFileSync('public/favicon.svg', 'utf8');
  return {
    name: 'zk-inline-favicon',
    transformIndexHtml: (html) =>
      html.replace(/href="[^"]*favicon\.svg"/, `href="data:image/svg+xml,${encodeURIComponent(svg)}"`),
  };
}

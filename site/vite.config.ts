/**
 * The site build (`npm run build` runs it after tsc): the pages (dashboard, wall display, embedding
 * guide, one-row iframe page) and `webstat-widgets.js`, the one module a wiki page loads to get every
 * element. Everything is addressed relatively (`base: './'`), and the worker and the sql.js wasm
 * are found from the module's own URL, so the output works from any static host, path or CDN.
 * No inline script or style is emitted, so a strict Content-Security-Policy holds.
 */
import { transform } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
// Kept stable (no hash) so that wiki pages can name it.
import { WIDGETS_MODULE } from './widgets-module.ts';

const site = fileURLToPath(new URL('.', import.meta.url));
const project = fileURLToPath(new URL('..', import.meta.url));


/**
 * Vite 8 strips TypeScript with Oxc, which leaves standard decorators (`@property() accessor x`) in
 * place, and browsers cannot run them yet; esbuild lowers them. Our own .ts files go through
 * esbuild first; Vite then sees plain JavaScript.
 */
function lowerDecorators(): Plugin {
  return {
    name: 'webstat-lower-decorators',
    enforce: 'pre',
    async transform(code, id) {
      if (!id.endsWith('.ts') || id.includes('/node_modules/') || !code.includes('@')) return null;
      const result = await transform(code, {
        loader: 'ts',
        target: 'es2022',
        sourcefile: id,
        sourcemap: 'external',
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: true } },
      });
      return { code: result.code, map: result.map };
    },
  };
}

/**
 * The elements' styles (`css` templates in widgets/**\/*.styles.ts) are CSS text inside
 * JavaScript, which no minifier touches: their comments and indentation would ship to every
 * browser. Each template without interpolations goes through esbuild's CSS minifier instead.
 */
function minifyStyleTemplates(): Plugin {
  const template = /\bcss`([^`$\\]*)`/g;
  return {
    name: 'webstat-minify-style-templates',
    enforce: 'pre',
    async transform(code, id) {
      if (!/[\\/]widgets[\\/].*\.styles\.ts$/.test(id)) return null;
      const sources = [...code.matchAll(template)].map((match) => match[1]!);
      if (sources.length === 0) return null;
      const minified = await Promise.all(
        sources.map(async (text) => {
          const css = (await transform(text, { loader: 'css', minify: true, sourcefile: id })).code.trim();
          // Kept as written when the result would need escaping inside a template literal.
          return /[`\\]|\$\{/.test(css) ? text : css;
        }),
      );
      let at = 0;
      return { code: code.replace(template, () => `css\`${minified[at++]}\``), map: null };
    },
  };
}

export default defineConfig({
  root: site,
  base: './',
  publicDir: false,
  appType: 'mpa',
  plugins: [minifyStyleTemplates(), lowerDecorators()],
  server: { fs: { allow: [project] } },
  worker: {
    format: 'es',
    plugins: () => [lowerDecorators()],
    rolldownOptions: {
      // sql.js (its glue code; the wasm is a file of its own) in a chunk of its own, so the site
      // benchmark can tell the JavaScript of the first paint apart from the database engine.
      output: { codeSplitting: { groups: [{ name: 'sql-js', test: /node_modules[\\/]sql\.js/ }] } },
    },
  },
  build: {
    outDir: `${project}dist/site`,
    emptyOutDir: true,
    target: 'es2022',
    manifest: true,
    sourcemap: true,
    // The worker and wasm must stay separate files (CSP forbids data: workers; wasm is large).
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: {
        index: `${site}index.html`,
        wall: `${site}wall.html`,
        embed: `${site}embed.html`,
        row: `${site}row.html`,
        'webstat-widgets': `${project}widgets/index.ts`,
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'webstat-widgets' ? WIDGETS_MODULE : 'assets/[name]-[hash].js'),
      },
    },
  },
});

// SPDX-License-Identifier: MIT
// Builds the static app into app/dist (index.html, app.js, app.css, zh.json); prints build time and sizes.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const t0 = performance.now();
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  outfile: join(dist, 'app.js'),
  legalComments: 'none',
  logLevel: 'warning',
});
for (const f of ['index.html', 'app.css']) copyFileSync(join(here, 'src', f), join(dist, f));
// Chinese, fetched when chosen (app/src/i18n.js): its strings and its error sentences in one file
const zh = (await import(pathToFileURL(join(here, 'src', 'locales.zh.mjs')).href)).default;
writeFileSync(
  join(dist, 'zh.json'),
  JSON.stringify({ strings: zh, errors: JSON.parse(readFileSync(join(here, 'src', 'errors.zh.json'), 'utf8')) }),
);
const ms = Math.round(performance.now() - t0);
const js = statSync(join(dist, 'app.js')).size;
const gz = gzipSync(readFileSync(join(dist, 'app.js'))).length;
console.log(`app built in ${ms} ms: app/dist/app.js ${(js / 1024).toFixed(1)} KiB (${(gz / 1024).toFixed(1)} KiB gzip)`);

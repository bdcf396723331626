// Build tool: embeds web/ into the binary as C (build/gen/web.c), ready
// for rural 4G (issue 10 §12):
//   node tools/web-build.mjs OUT.c STRIP_PREFIX FILE...
// - every file but index.html gets a version, the first 16 hex digits of
//   the SHA-256 of its bytes; index.html refers to each asset as
//   /name?v=<version>, and an import map inlined in index.html maps every
//   ES module (static and dynamic import()) to its versioned URL, so a
//   changed module changes its URL and nothing else does;
// - web/early.js (with the record page's module list) and the style
//   sheets are inlined in index.html; the CSP hashes ('sha256-…') of its
//   inline scripts (the import map, early.js) and styles are emitted with
//   the files for the Content-Security-Policy of the static route
//   (src/http/static.c);
// - every module and style sheet is minified by esbuild (npm, a build
//   dependency: whitespace, comments, local names; imports, exports and
//   template texts kept), about 30 % fewer gzipped bytes on rural 4G;
//   MAILLAGE_WEB_MINIFY=0 serves the sources as they are (debugging);
// - each file is gzipped at level 9 (gzip -9's deflate, no name, no
//   time: the output is reproducible), kept only if smaller.
// The version is the hash of what is served (the minified text), so the
// ETag is also that hash; the import graph is read from the sources.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { transformSync } from 'esbuild';

const [out, strip, ...files] = process.argv.slice(2);
if (!out || strip === undefined || files.length === 0) {
  console.error('usage: web-build.mjs OUT.c STRIP_PREFIX FILE...');
  process.exit(2);
}

// Classic scripts, not modules: the service worker (registered at its own
// URL) and early.js (inlined in index.html below).
const CLASSIC = new Set(['sw.js', 'early.js']);

// The served form of a file: modules (and the classic scripts) and style
// sheets minified, the rest as is.
function minify(name, src) {
  if (process.env.MAILLAGE_WEB_MINIFY === '0') return src;
  const loader = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : null;
  if (!loader) return src;
  const opts = { loader, minify: true, target: loader === 'js' ? 'es2022' : 'chrome100', charset: 'utf8' };
  if (loader === 'js' && !CLASSIC.has(name)) opts.format = 'esm';
  return Buffer.from(transformSync(src.toString('utf8'), opts).code, 'utf8');
}

const version = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 16);
const assets = files.map((path) => {
  const name = path.startsWith(strip) ? path.slice(strip.length) : path;
  const src = readFileSync(path);
  return { name, src, data: minify(name, src) };
});
const byName = new Map(assets.map((a) => [a.name, a]));
for (const a of assets) if (a.name !== 'index.html') a.version = version(a.data);

const index = byName.get('index.html');
if (!index) throw new Error('web/index.html missing');
const imports = {};
for (const a of assets) {
  if (a.name.endsWith('.js') && !CLASSIC.has(a.name)) imports[`/${a.name}`] = `/${a.name}?v=${a.version}`;
}
const map = JSON.stringify({ imports });
let html = index.data.toString('utf8');
// href="app.css", src="app.js": the embedded files, by their versioned URL.
html = html.replace(/\b(href|src)="([^"#?:]+)"/g, (all, attr, ref) => {
  const a = byName.get(ref.replace(/^\//, ''));
  return a && a.version ? `${attr}="/${a.name}?v=${a.version}"` : all;
});
// The modules app.js imports statically, at any depth (core/ and the
// sections' registrations), and the rest of core/: announced at once
// (modulepreload), so that
// the browser fetches them in parallel instead of one import level per
// round trip. The pages (import()) are not: they load when opened.
const staticImports = (name, seen = new Set()) => {
  if (seen.has(name)) return seen;
  seen.add(name);
  const text = byName.get(name).src.toString('utf8');
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?:[\s\S]*?\s+from\s+)?'([^']+)'/gm)) {
    const dep = new URL(m[1], `http://x/${name}`).pathname.slice(1);
    if (!byName.has(dep)) throw new Error(`${name}: imports ${m[1]}, not in web/`);
    staticImports(dep, seen);
  }
  return seen;
};
// All of core/ too: the shared kernel (small) that every page imports.
const eager = staticImports('app.js');
for (const a of assets) if (a.name.startsWith('core/') && a.name.endsWith('.js')) staticImports(a.name, eager);
const preload = [...eager].filter((n) => n !== 'app.js').sort()
  .map((n) => `<link rel="modulepreload" href="/${n}?v=${byName.get(n).version}">`).join('\n');
// The record page's modules, for web/early.js: the page's module and its
// static imports, and the module of each record part a section registers
// (`registerRecordPart({ … load: x … })` with `const x = () =>
// import('./y.js')`) with its static imports — less what the boot loads.
const recordPage = staticImports('sections/record/record.js');
for (const a of assets) {
  if (!/^sections\/[^/]+\/index\.js$/.test(a.name)) continue;
  const text = a.src.toString('utf8');
  for (const part of text.matchAll(/registerRecordPart\(\{[\s\S]*?\bload:\s*(\w+)/g)) {
    const def = new RegExp(`const ${part[1]} = \\(\\) => import\\('([^']+)'\\)`).exec(text);
    if (!def) throw new Error(`${a.name}: the record part's loader ${part[1]} is not an import()`);
    staticImports(new URL(def[1], `http://x/${a.name}`).pathname.slice(1), recordPage);
  }
}
const recordModules = [...recordPage].filter((n) => !eager.has(n)).sort()
  .map((n) => `/${n}?v=${byName.get(n).version}`);
// web/early.js, inlined (a classic script, its CSP hash below) right
// after the import map: a modulepreload it adds must follow the map.
const early = byName.get('early.js');
if (!early) throw new Error('web/early.js missing');
const earlySrc = early.src.toString('utf8');
if (!earlySrc.includes('/* RECORD_MODULES */ []')) throw new Error('web/early.js: no RECORD_MODULES to fill');
const earlyCode = minify('early.js', Buffer.from(earlySrc.replace('/* RECORD_MODULES */ []',
  () => JSON.stringify(recordModules)), 'utf8')).toString('utf8').trim();
const earlyTag = /<script src="\/early\.js\?v=[0-9a-f]+"><\/script>/;
if (!earlyTag.test(html)) throw new Error('index.html: no <script src="early.js">');
html = html.replace(earlyTag, () => `<script type="importmap">${map}</script>\n<script>${earlyCode}</script>`);
// The style sheets, inlined (a <style> each, its CSP hash below): a
// linked sheet blocks the boot's modules until it arrives, and on a slow
// link it shares the bandwidth with them and the record page's modules.
const styles = [];
html = html.replace(/<link rel="stylesheet" href="\/([\w.-]+\.css)\?v=[0-9a-f]+">/g, (all, name) => {
  const css = byName.get(name).data.toString('utf8').trim();
  styles.push(css);
  return `<style>${css}</style>`;
});
if (!/<script type="module"/.test(html)) throw new Error('index.html: no module script');
// The modulepreloads before app.js.
const entry = /<script type="module" src="\/app\.js\?v=/;
if (!entry.test(html)) throw new Error('index.html: no app.js module script');
html = html.replace(entry, (s) => `${preload}\n${s}`);
index.data = Buffer.from(html, 'utf8');
index.version = version(index.data);
const sha = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const cspHash = `${sha(map)} ${sha(earlyCode)}`;
const cspStyles = styles.map(sha).join(' ');

const bytes = (buf) => {
  const rows = [];
  for (let i = 0; i < buf.length; i += 24) rows.push(`\t${[...buf.subarray(i, i + 24)].join(',')},`);
  return rows.join('\n');
};
const cstr = (s) => JSON.stringify(s);  // names and hex: ASCII, no escapes needed
let c = '/* Generated by tools/web-build.mjs: do not edit. */\n'
  + '#include <stddef.h>\n#include "http/static.h"\n\n';
const rows = [];
assets.forEach((a, i) => {
  const gz = gzipSync(a.data, { level: 9, strategy: constants.Z_DEFAULT_STRATEGY });
  c += `static const unsigned char f${i}[] = {\n${bytes(a.data)}\n\t0\n};\n`;
  let gzRef = 'NULL', gzLen = 0;
  if (gz.length < a.data.length) {
    c += `static const unsigned char g${i}[] = {\n${bytes(gz)}\n};\n`;
    gzRef = `g${i}`;
    gzLen = gz.length;
  }
  rows.push(`\t{ ${cstr(a.name)}, f${i}, ${a.data.length}, ${gzRef}, ${gzLen}, `
    + `${cstr(`"${a.version}"`)}, ${cstr(`"${a.version}-gz"`)}, ${a.name === 'index.html' ? 0 : 1} },`);
});
c += `\nconst struct web_asset web_files[] = {\n${rows.join('\n')}\n`
  + '\t{ NULL, NULL, 0, NULL, 0, NULL, NULL, 0 }\n};\n\n'
  + `const char web_script_hashes[] = ${cstr(cspHash)};\n`
  + `const char web_style_hashes[] = ${cstr(cspStyles)};\n`;
writeFileSync(out, c);

// check-web: the import graph of web/ (issue 9 §4), run by make check-static.
//
// Fails when a section imports another section, when a section imports
// anything but web/core/ (or its own section), when core/ imports a
// section, when an import names a file that does not exist or a name the
// file does not export, and on any cycle. Dynamic imports (a section's
// pages, loaded when opened: issue 10 §12) follow the same rules: the
// specifier is a string literal, and the names the loaders read from the
// module — lazyPage/lazyFill/lazyPages(load, (m, …) => m.name…) — are
// exports of it. Usage: node tools/check-web.mjs [web-dir]
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] || 'web');
const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.js') || e.name.endsWith('.mjs')) files.push(p);
  }
})(root);

const rel = (p) => path.relative(root, p).split(path.sep).join('/');
// Comments and strings out, so that an example in a comment is no import.
const code = (t) => t.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const importRe = /^\s*(?:import|export)\s+(?:([\s\S]*?)\s+from\s+)?['"]([^'"]+)['"]/gm;
const errors = [];
const graph = new Map();
const exportsOf = new Map();
const importsOf = new Map();

for (const f of files) {
  const t = code(fs.readFileSync(f, 'utf8'));
  const names = new Set();
  for (const m of t.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([\w$]+)/gm)) names.add(m[1]);
  for (const m of t.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const n of m[1].split(',')) {
      const x = n.trim().split(/\s+as\s+/).pop();
      if (x) names.add(x);
    }
  }
  exportsOf.set(f, names);
  const deps = [];
  const imps = [];
  const specs = [...t.matchAll(importRe)].map((m) => [m[1], m[2]]);
  for (const m of t.matchAll(/\bimport\s*\(\s*(?:'([^']+)'|"([^"]+)")?/g)) {
    if (m[1] || m[2]) specs.push([undefined, m[1] || m[2]]);
    else errors.push(`${rel(f)}: import() of a computed name: use a string literal`);
  }
  // The names read from a dynamically imported module by core's loaders.
  const loaders = new Map([...t.matchAll(/\bconst\s+([\w$]+)\s*=\s*\(\)\s*=>\s*import\(\s*'([^']+)'\s*\)/g)]
    .map((m) => [m[1], m[2]]));
  const lazyRe = /\blazy(?:Page|Fill|Pages)\(\s*(?:([\w$]+)|\(\)\s*=>\s*import\(\s*'([^']+)'\s*\))\s*,\s*\(\s*m\b[^)]*\)\s*=>\s*m\.([\w$]+)/g;
  const lazyNames = [];
  for (const m of t.matchAll(lazyRe)) {
    const spec = m[2] || loaders.get(m[1]);
    if (!spec) errors.push(`${rel(f)}: ${m[1]} is not a () => import('…') loader`);
    else lazyNames.push([spec, m[3]]);
  }
  for (const m of specs) {
    const spec = m[1];
    if (!spec.startsWith('.')) {
      errors.push(`${rel(f)}: imports '${spec}': only relative imports inside web/`);
      continue;
    }
    const target = path.resolve(path.dirname(f), spec);
    if (!fs.existsSync(target)) {
      errors.push(`${rel(f)}: imports '${spec}', which does not exist`);
      continue;
    }
    if (!target.startsWith(root + path.sep)) {
      errors.push(`${rel(f)}: imports '${spec}', outside web/`);
      continue;
    }
    deps.push(target);
    for (const [s2, n] of lazyNames) if (s2 === spec) imps.push([target, n]);
    const list = m[0] && /^\{([\s\S]*)\}$/.exec(m[0].trim());
    if (list) {
      for (const n of list[1].split(',')) {
        const x = n.trim().split(/\s+as\s+/)[0];
        if (x) imps.push([target, x]);
      }
    }
  }
  graph.set(f, deps);
  importsOf.set(f, imps);
}

// Where a file lives: 'core', 'section:<name>' or 'boot' (web/*.js).
function area(f) {
  const r = rel(f).split('/');
  if (r[0] === 'core') return 'core';
  if (r[0] === 'sections' && r.length > 2) return `section:${r[1]}`;
  return r.length === 1 ? 'boot' : 'other';
}

for (const [f, deps] of graph) {
  const a = area(f);
  if (a === 'other') errors.push(`${rel(f)}: a module belongs in core/ or sections/<context>/`);
  for (const d of deps) {
    const b = area(d);
    if (a === 'core' && b !== 'core') {
      errors.push(`${rel(f)}: core/ imports ${rel(d)}: core/ imports only core/`);
    } else if (a.startsWith('section:') && b !== 'core' && b !== a) {
      errors.push(`${rel(f)}: imports ${rel(d)}: a section imports only core/ and its own files`);
    }
  }
  for (const [d, n] of importsOf.get(f)) {
    if (!exportsOf.get(d).has(n)) errors.push(`${rel(f)}: imports ${n} from ${rel(d)}, which does not export it`);
  }
}

// Cycles (any length, inside a section too), by depth-first search.
const WHITE = 0, GREY = 1, BLACK = 2;
const color = new Map(files.map((f) => [f, WHITE]));
const stack = [];
function visit(f) {
  color.set(f, GREY);
  stack.push(f);
  for (const d of graph.get(f) || []) {
    if (color.get(d) === GREY) {
      const cyc = stack.slice(stack.indexOf(d)).concat(d).map(rel);
      errors.push(`import cycle: ${cyc.join(' → ')}`);
    } else if (color.get(d) === WHITE) {
      visit(d);
    }
  }
  stack.pop();
  color.set(f, BLACK);
}
for (const f of files) if (color.get(f) === WHITE) visit(f);

// Permission names (issue 9 §1): with the server binary given, the UI's
// fallback table (core/perm.js) must be exactly the server's
// (`maillage permissions`: name, then roles), and every name a page asks
// about — can(…, 'name') and the helpers that pass a name on to it,
// denied(…, 'name') and one(…, 'name') — must be one of the server's:
// can() uses the server's list, so an unknown name would hide a button.
if (process.argv[3]) {
  const { execFileSync } = await import('node:child_process');
  const { pathToFileURL } = await import('node:url');
  const server = new Map(execFileSync(process.argv[3], ['permissions'], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.split(' ')).map(([n, ...roles]) => [n, roles.sort().join(' ')]));
  if (server.size === 0) errors.push('`maillage permissions` listed nothing');
  const { ROLES_BY_PERMISSION: ui } = await import(pathToFileURL(path.join(root, 'core', 'perm.js')));
  for (const [n, roles] of server) {
    if (!ui[n]) errors.push(`core/perm.js: the server's permission '${n}' is missing`);
    else if ([...ui[n]].sort().join(' ') !== roles) {
      errors.push(`core/perm.js: '${n}' is [${ui[n].join(', ')}], the server's is [${roles}]`);
    }
  }
  for (const n of Object.keys(ui)) {
    if (!server.has(n)) errors.push(`core/perm.js: '${n}' is not a server permission`);
  }
  const useRe = /\b(?:can|denied|one)\(\s*[^()]*?'([a-z][a-z_]*(?:\.[a-z_]+)+)'\s*\)/g;
  let uses = 0;
  for (const f of files) {
    for (const m of code(fs.readFileSync(f, 'utf8')).matchAll(useRe)) {
      uses += 1;
      if (!server.has(m[1])) errors.push(`${rel(f)}: asks about permission '${m[1]}', unknown to the server`);
    }
  }
  if (uses === 0) errors.push('no permission use found in web/ (the pattern is stale)');
}

if (errors.length) {
  for (const e of errors) console.error(`check-web: ${e}`);
  process.exit(1);
}
console.log(`check-web: ${files.length} modules, no import between sections, no cycle`);

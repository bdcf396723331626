// The static route (issue 10 §12): the embedded web/ files, precompressed
// at build (gzip sent when accepted, identity otherwise, Vary), a strong
// ETag (the content hash) with 304 on If-None-Match, a year of immutable
// caching for versioned URLs (/app.js?v=<hash>) and no-cache for
// index.html; an import map in index.html versions every module, static
// or dynamic import(), and the CSP allows it by its hash. Unknown files
// and path escapes are 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { startServer } from './lib/server.mjs';
import { stopServer } from './lib/util.mjs';
// A static import or re-export of a served (minified) module.
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+)["']/g;

let srv;
let index;	// GET / without compression: {headers, text}
let map;	// the import map of index.html: {'/core/api.js': '/core/api.js?v=…'}

// GET (or HEAD) with exactly these headers; the body as bytes, never
// decompressed (fetch() would).
function get(path, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: srv.port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const version = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 16);

before(async () => {
  srv = await startServer();
  const r = await get('/');
  assert.equal(r.status, 200);
  index = { headers: r.headers, text: r.body.toString('utf8') };
  const m = /<script type="importmap">([^<]*)<\/script>/.exec(index.text);
  assert.ok(m, 'index.html has an import map');
  map = JSON.parse(m[1]).imports;
});
after(() => stopServer(srv));

// The CSP's source list of a directive: ['self', 'sha256-…', …].
const sources = (csp, directive) => {
  const d = csp.split(';').map((x) => x.trim()).find((x) => x.startsWith(`${directive} `));
  return d ? d.split(/\s+/).slice(1).map((x) => x.replace(/^'|'$/g, '')) : [];
};
const sha = (text) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

test('static: index.html is revalidated (no-cache, strong ETag) and its CSP allows its inline script and styles by hash only', async () => {
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.match(index.headers.etag, /^"[0-9a-f]{16}"$/);
  assert.equal(index.headers.vary, 'Accept-Encoding');
  assert.equal(index.headers['content-encoding'], undefined);
  const csp = index.headers['content-security-policy'];
  // The import map and web/early.js (inlined: its requests leave as soon
  // as the page's first bytes are parsed), each by its hash, nothing else.
  const scripts = [...index.text.matchAll(/<script(?: type="importmap")?>([^<]*)<\/script>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 2, 'the import map and early.js');
  assert.deepEqual(sources(csp, 'script-src').sort(), ['self', ...scripts.map(sha)].sort());
  // The style sheets, inlined (a linked sheet holds the boot's modules
  // back on a slow link), each by its hash.
  const styles = [...index.text.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]);
  assert.equal(styles.length, 2, 'app.css and support.css');
  assert.deepEqual(sources(csp, 'style-src').sort(), ['self', ...styles.map(sha)].sort());
  assert.doesNotMatch(csp, /unsafe/);
  assert.doesNotMatch(index.text, /<link rel="stylesheet"/);
  // "/" and "/index.html" are the same document.
  assert.equal((await get('/index.html')).headers.etag, index.headers.etag);
  // Each module of the map points to its versioned URL; the page's CSS,
  // icon and entry module are versioned too.
  assert.ok(Object.keys(map).length > 10);
  for (const [k, v] of Object.entries(map)) assert.match(v, new RegExp(`^${k}\\?v=[0-9a-f]{16}$`));
  for (const ref of ['/favicon.svg', '/app.js']) {
    assert.match(index.text, new RegExp(`="${ref}\\?v=[0-9a-f]{16}"`), ref);
  }
});

test('static: a versioned URL is immutable for a year, its version is its content hash and its ETag', async () => {
  const urls = [...index.text.matchAll(/(?:href|src)="(\/[^"]+\?v=[0-9a-f]{16})"/g)].map((m) => m[1])
    .concat(Object.values(map));
  assert.ok(urls.length > 15);
  for (const u of new Set(urls)) {
    const r = await get(u);
    assert.equal(r.status, 200, u);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', u);
    const v = u.split('?v=')[1];
    assert.equal(version(r.body), v, `${u}: the version is the hash of what is served`);
    assert.equal(r.headers.etag, `"${v}"`, u);
  }
  // The same file without its version, or with a stale one: revalidated.
  for (const u of ['/app.js', '/app.js?v=0000000000000000', '/core/router.js?v=']) {
    const r = await get(u);
    assert.equal(r.status, 200, u);
    assert.equal(r.headers['cache-control'], 'no-cache', u);
  }
});

test('static: gzip is sent when accepted, identity otherwise, with Vary: Accept-Encoding', async () => {
  const u = map['/core/router.js'];
  const plain = await get(u);
  assert.equal(plain.headers['content-encoding'], undefined);
  for (const ae of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.8', 'x-gzip', '*']) {
    const r = await get(u, { 'Accept-Encoding': ae });
    assert.equal(r.status, 200, ae);
    assert.equal(r.headers['content-encoding'], 'gzip', ae);
    assert.equal(r.headers.vary, 'Accept-Encoding', ae);
    // The module is served minified: gzip still takes a third off at least.
    assert.ok(r.body.length < plain.body.length * 2 / 3,
      `${ae}: ${r.body.length} compressed bytes of ${plain.body.length}`);
    assert.equal(Number(r.headers['content-length']), r.body.length, ae);
    assert.deepEqual(gunzipSync(r.body), plain.body, ae);
    assert.equal(r.headers.etag, `${plain.headers.etag.slice(0, -1)}-gz"`, `${ae}: its own ETag`);
  }
  for (const ae of ['identity', 'gzip;q=0', 'br', 'deflate', '*;q=0', 'gzip; q=0.000, br']) {
    const r = await get(u, { 'Accept-Encoding': ae });
    assert.equal(r.status, 200, ae);
    assert.equal(r.headers['content-encoding'], undefined, ae);
    assert.equal(r.headers.vary, 'Accept-Encoding', ae);
    assert.deepEqual(r.body, plain.body, ae);
  }
  // index.html too; HEAD gives the compressed length without the body.
  const gz = await get('/', { 'Accept-Encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.body).toString('utf8'), index.text);
  const head = await get('/', { 'Accept-Encoding': 'gzip' }, 'HEAD');
  assert.equal(head.body.length, 0);
  assert.equal(Number(head.headers['content-length']), gz.body.length);
});

test('static: If-None-Match with the ETag gives 304 without a body; another tag gives the file', async () => {
  const u = map['/core/api.js'];
  const r = await get(u);
  const gz = await get(u, { 'Accept-Encoding': 'gzip' });
  for (const [inm, ae] of [[r.headers.etag, undefined], [`W/${r.headers.etag}`, undefined],
    [`"nope", ${r.headers.etag}`, undefined], ['*', undefined], [gz.headers.etag, 'gzip']]) {
    const h = { 'If-None-Match': inm };
    if (ae) h['Accept-Encoding'] = ae;
    const n = await get(u, h);
    assert.equal(n.status, 304, inm);
    assert.equal(n.body.length, 0, inm);
    assert.equal(n.headers.etag, ae ? gz.headers.etag : r.headers.etag, inm);
    assert.equal(n.headers['cache-control'], 'public, max-age=31536000, immutable', inm);
    assert.equal(n.headers['content-encoding'], undefined, inm);
  }
  // The gzip form's tag does not validate the identity form, nor a stale one.
  for (const inm of [gz.headers.etag, '"0000000000000000"', '']) {
    const n = await get(u, { 'If-None-Match': inm });
    assert.equal(n.status, 200, inm);
    assert.ok(n.body.length > 100, inm);
  }
  // index.html: revalidated by its ETag.
  const i = await get('/', { 'If-None-Match': index.headers.etag });
  assert.equal(i.status, 304);
  assert.equal(i.headers['cache-control'], 'no-cache');
});

test('static: every module import, static or import(), resolves through the import map', async () => {
  const seen = new Set();
  // index.html's module script: app.js (early.js is a classic script,
  // inlined, that imports nothing).
  const queue = ['/app.js'];
  let dynamic = 0;
  while (queue.length) {
    const p = queue.shift();
    if (seen.has(p)) continue;
    seen.add(p);
    assert.ok(map[p], `${p} is in the import map`);
    const r = await get(map[p]);
    assert.equal(r.status, 200, p);
    // Served minified (tools/web-build.mjs): `import{a as b}from"./x.js";`.
    const text = r.body.toString('utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) {
      queue.push(new URL(m[1], srv.base + p).pathname);
    }
    for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) {
      dynamic += 1;
      queue.push(new URL(m[1], srv.base + p).pathname);
    }
  }
  assert.ok(dynamic >= 10, `${dynamic} dynamic imports (the sections' pages)`);
  // Every section's pages are reachable, and every module is used.
  for (const p of ['/sections/record/record.js', '/sections/volet2/support.js',
    '/sections/directory/partners.js', '/sections/platform/admin.js']) {
    assert.ok(seen.has(p), p);
  }
  assert.deepEqual([...seen].sort(), Object.keys(map).sort());
  // early.js announces the record page's modules on a record's address:
  // versioned URLs of the map, the page's module among them, none of the
  // boot's (index.html's modulepreloads).
  const early = /<script>([^<]*)<\/script>/.exec(index.text)[1];
  const listed = JSON.parse(/(\["\/sections\/[^\]]*\])/.exec(early)[1]);
  assert.ok(listed.includes(map['/sections/record/record.js']), early);
  const versioned = new Set(Object.values(map));
  for (const u of listed) assert.ok(versioned.has(u), u);
  for (const m of index.text.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)) {
    assert.ok(!listed.includes(m[1]), `${m[1]}: preloaded by the boot already`);
  }
  assert.ok(listed.some((u) => u.startsWith('/sections/coordination/notes.js?')), 'a record part\'s module');
  assert.ok(!listed.some((u) => u.startsWith('/sections/volet2/support.js?')), 'not another page\'s');
});

test('static: unknown files, folders and path escapes are 404', async () => {
  for (const p of ['/nope.js', '/core/nope.js', '/core/', '/sections', '/app.js.gz',
    '/../Makefile', '/core/../../Makefile', '/%2e%2e/Makefile', '/core/%2E%2E/app.js',
    '/..%2fMakefile', '/core/..', '//etc/passwd', '/app.js/', '/.git/config']) {
    const r = await get(p, { 'Accept-Encoding': 'gzip' });
    assert.equal(r.status, 404, p);
    assert.equal(r.headers['cache-control'], 'no-store', p);
  }
});

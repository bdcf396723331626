// Loading for rural 4G (issue 10 §12): a section's pages are downloaded
// only when one of them is opened (the registrations are all loaded at
// boot), every module comes through its versioned URL (the import map),
// a reload takes the modules from the cache, and a page whose module
// cannot be fetched says so in French instead of staying blank.
// Real binary (tests/http/lib/server.mjs) + Debian chromium, headless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, go, loggedIn, mainNav, person } from './lib/browser.mjs';

useBrowser();

// The web/ paths the page requested (modules and styles), in order.
function track(page, base) {
  const seen = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin === base && !u.pathname.startsWith('/api/')) seen.push(u.pathname + u.search);
  });
  return seen;
}
const paths = (seen) => seen.map((x) => x.split('?')[0]);

test('a section\'s pages are downloaded when opened, each module by its versioned URL', TEST, async () => {
  // What the network carries: the offline DLU's service worker (issue 10
  // §6), which serves the static files from its cache, is kept out.
  const t = await open(undefined, {}, { serviceWorkers: 'block' });
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    const seen = track(page, t.srv.base);
    await loggedIn(t, 'coordination');
    // Home: core and the four registrations, no page module of another section.
    for (const p of ['/core/router.js', '/sections/record/index.js', '/sections/volet2/index.js',
      '/sections/platform/home.js']) assert.ok(paths(seen).includes(p), p);
    for (const p of ['/sections/record/record.js', '/sections/volet2/support.js',
      '/sections/volet2/intake.js', '/sections/directory/partners.js',
      '/sections/platform/admin.js']) assert.ok(!paths(seen).includes(p), `${p} not yet`);
    // Every module is asked for with its version, and once only.
    const modules = seen.filter((x) => x.split('?')[0].endsWith('.js'));
    for (const s of modules) assert.match(s, /\?v=[0-9a-f]{16}$/, s);
    assert.equal(new Set(modules).size, modules.length, modules.join(' '));

    // The record: its modules and the Parcours part, not the volet-2 pages.
    await go(page, `#/personnes/${rousset.id}`);
    await page.waitForFunction(() => {
      const m = document.querySelector('main');
      return m && m.querySelector('[data-parcours]') && !m.textContent.includes('Chargement');
    });
    for (const p of ['/sections/record/record.js', '/sections/record/dlu.js',
      '/sections/volet2/parcours.js']) assert.ok(paths(seen).includes(p), p);
    assert.ok(!paths(seen).includes('/sections/volet2/support.js'), 'support.js not yet');

    // « File active » loads support.js, once.
    await go(page, '#/file-active');
    await page.getByRole('heading', { level: 1, name: 'File active' }).waitFor();
    assert.equal(paths(seen).filter((p) => p === '/sections/volet2/support.js').length, 1);
    assert.ok(!paths(seen).includes('/sections/platform/admin.js'), 'never admin.js');

    // A reload: the versioned files come from the browser's cache (no
    // byte from the network), index.html is revalidated (a 304: headers
    // only, its gzip body alone is over 1 KB).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map();
    const bytes = new Map();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => bytes.set(urls.get(e.requestId), e.encodedDataLength));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'File active' }).waitFor();
    await page.waitForTimeout(500);
    const versioned = [...bytes].filter(([u]) => /\?v=[0-9a-f]{16}$/.test(u || ''));
    assert.ok(versioned.length > 10, `${versioned.length} versioned files`);
    assert.deepEqual(versioned.filter(([, n]) => n > 0), [], 'nothing versioned transferred again');
    const index = [...bytes].find(([u]) => u && new URL(u).pathname === '/');
    assert.ok(index && index[1] > 0 && index[1] < 1000, `index.html: ${index && index[1]} bytes`);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

test('a page whose module cannot be fetched says so (no network)', TEST, async () => {
  // What the network carries: the offline DLU's service worker (issue 10
  // §6), which serves the static files from its cache, is kept out.
  const t = await open(undefined, {}, { serviceWorkers: 'block' });
  const { page, problems } = t;
  try {
    await loggedIn(t, 'coordination');
    await page.route(/\/sections\/directory\/partners\.js/, (route) => route.abort('internetdisconnected'));
    await go(page, '#/partenaires');
    await page.getByRole('heading', { level: 1, name: 'Page indisponible' }).waitFor();
    await page.getByText('vérifiez la connexion puis réessayez').waitFor();
    // The rest of the UI still works.
    await go(page, '#/personnes');
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    assert.deepEqual(problems.filter((p) => !/partners\.js|Failed to fetch/.test(p)), []);
  } finally {
    await t.close();
  }
});

// Issue 10 §12, the round trips: a record opened from its address is
// asked once, with its parts (GET …/record, sent by web/early.js before
// the modules), together with the session and the labels; no part asks
// its own route. In-app, another record is one request too.
test('a record from its address: the session, the labels and the record with its parts, asked once each', TEST, async () => {
  const t = await open(undefined, {}, { serviceWorkers: 'block' });
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const [rousset, boudon] = [await person(api, 'rousset'), await person(api, 'boudon')];
    await loggedIn(t, 'coordination');
    const asked = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) asked.push(`${r.method()} ${u.pathname}${u.search}`);
    });
    const ready = () => page.waitForFunction(() => {
      const m = document.querySelector('main');
      return m && m.querySelector('[data-parcours]') && m.querySelector('[data-documents] table, '
        + '[data-documents] .muted') && !m.textContent.includes('Chargement');
    });
    await go(page, `#/personnes/${rousset.id}`);
    await ready();
    asked.length = 0;
    await page.reload();	// a page load on the record's address
    await ready();
    await page.getByRole('heading', { level: 2, name: 'Aidants' }).waitFor();
    // (The circle proposal asks the plan; the record is asked by early.js,
    // or by the page if early.js came after the app, with ?include=.)
    // Issue 11's parts (the planning's week, the proche accounts) come
    // with the record too: neither asks its own route.
    // Issue 12: the notebook's notes shown unread are marked read once
    // shown (POST …/notes/{id}/read, the read receipts), after the paint;
    // the conversation asks its own route; the tab's event stream is no
    // record request.
    const own = (x) => !/\/supports\/\d+\/plan$/.test(x)
      && !/^POST \/api\/v1\/notes\/\d+\/read$/.test(x)
      && !/\/messages$/.test(x) && x !== 'GET /api/v1/events';
    assert.ok(!asked.some((x) => /^GET \/api\/v1\/visits\?person_id=|\/proches$/.test(x)), asked.join('\n'));
    const first = asked.filter(own)
      .map((x) => x.replace(/\?include=.*$/, '')).sort();
    assert.deepEqual(first, ['GET /api/v1/meta', `GET /api/v1/persons/${rousset.id}/record`,
      'GET /api/v1/session'].sort(), asked.join('\n'));
    // In-app: the record's URL names the parts the page shows.
    asked.length = 0;
    await go(page, `#/personnes/${boudon.id}`);
    await page.getByRole('heading', { level: 1, name: /BOUDON/ }).waitFor();
    await ready();
    const next = asked.filter(own);
    assert.equal(next.length, 1, asked.join('\n'));
    assert.match(next[0], new RegExp(`^GET /api/v1/persons/${boudon.id}/record\\?include=`));
    for (const part of ['aggir', 'caregivers', 'dlu', 'documents', 'notes', 'profile', 'proches', 'referrals',
      'supports', 'timeline', 'visits']) assert.match(next[0], new RegExp(`[=,]${part}(,|$)`), part);
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

// web/early.js (inlined in index.html) announces the record page's own
// modules with the first requests when the address is a record — they
// came one round trip after the labels before — and only then.
test('web/early.js: on a record\'s address the record page\'s modules are announced at once, elsewhere not', TEST, async () => {
  const t = await open(undefined, {}, { serviceWorkers: 'block' });
  const { page, problems } = t;
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    await loggedIn(t, 'coordination');
    const preloads = () => page.evaluate(() => [...document.querySelectorAll('link[rel=modulepreload]')]
      .map((l) => new URL(l.href).pathname));
    await go(page, '#/personnes');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    let p = await preloads();
    assert.ok(p.includes('/core/api.js'), 'the boot\'s modules');
    assert.ok(!p.includes('/sections/record/record.js'), p.join(' '));
    await go(page, `#/personnes/${rousset.id}`);
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Identité' }).waitFor();
    p = await preloads();
    for (const m of ['/sections/record/record.js', '/sections/coordination/notes.js', '/sections/record/dlu.js']) {
      assert.ok(p.includes(m), `${m}: ${p.join(' ')}`);
    }
    assert.equal(await mainNav(page).count(), 1, 'signed in');
    assert.deepEqual(problems, []);
  } finally {
    await t.close();
  }
});

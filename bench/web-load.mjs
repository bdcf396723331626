// The web UI on a slow phone over rural 4G (issue 10 §12): Debian's
// Chromium, headless, with Chromium's own throttling (CDP
// Network.emulateNetworkConditions: 1.6 Mbit/s down and up, 150 ms
// latency; Emulation.setCPUThrottlingRate: 4) against a real server on
// 127.0.0.1 with the demo. Logged in as `coordination` (session cookie
// from POST /api/v1/session), it measures the bytes transferred and the
// time to the first usable record page — a person's record with all its
// parts painted, no « Chargement… » left — from a cold cache, then with
// a warm cache (reload), then in-app navigations: record → list → another
// record, and the first opening of a section not loaded yet. Not a test:
// it prints numbers (docs/PERFORMANCE.md).
// Usage: node bench/web-load.mjs   (MAILLAGE_BIN=build/maillage; BENCH_RUNS=3;
// BENCH_WATERFALL=1 prints each request of the first run's phases: start
// and end in ms from the phase's start, bytes, URL).
// BENCH_VIA=nginx measures as deployed: the same pages the same way, but
// through a private nginx running deploy/nginx.conf's server block (TLS,
// HTTP/2; bench/lib/nginx-front.mjs) in front of the server, which then
// runs with --trust-proxy as in deploy/maillage.service. Chromium ignores
// certificate errors for that nginx's throwaway key only. The default
// (BENCH_VIA=direct) talks HTTP/1.1 to the binary, as before. Each phase
// prints the protocols its responses came by (`proto`).
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer, login, DEMO_PASSWORD } from '../tests/http/lib/server.mjs';
import { nginxFront, loginVia } from './lib/nginx-front.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 3);
const VIA = process.env.BENCH_VIA || 'direct';
if (VIA !== 'direct' && VIA !== 'nginx') throw new Error(`BENCH_VIA=${VIA}: direct or nginx`);
const NET = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8,
  uploadThroughput: 1.6e6 / 8 };
const CPU = 4;

// In the page: the record is usable (title, every part filled).
const recordReady = () => {
  const m = document.querySelector('main');
  return m && /^#\/personnes\/\d+$/.test(location.hash) && m.querySelector('h1')
    && m.querySelector('[data-parcours], [data-documents]')
    && !m.textContent.includes('Chargement') ? performance.now() : false;
};
const listReady = () => {
  const m = document.querySelector('main');
  return m && location.hash === '#/personnes' && m.querySelector('h1')
    && m.querySelector('a[href^="#/personnes/"]')
    && !m.textContent.includes('Chargement') ? performance.now() : false;
};
const fileActiveReady = () => {
  const m = document.querySelector('main');
  return m && location.hash === '#/file-active' && m.querySelector('h1')
    && m.querySelector('a[href^="#/accompagnements/"]')
    && !m.textContent.includes('Chargement') ? performance.now() : false;
};

const srv = await startServer(VIA === 'nginx' ? { args: ['--trust-proxy'] } : {});
let front = null;
try {
  if (VIA === 'nginx') front = await nginxFront(srv.port);
} catch (e) {
  await srv.stop();
  throw e;
}
// The origin the browser talks to: the binary, or nginx in front of it.
const origin = front ? front.base : srv.base;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ...(front ? [`--ignore-certificate-errors-spki-list=${front.spki}`] : [])],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
try {
  const c = await login(srv.base, 'coordination');
  const people = (await c.get('/api/v1/persons?limit=20')).json.items;
  const [p1, p2] = [people[0].id, people[1].id];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 },
      locale: 'fr-FR' });
    if (front) {
      await context.addCookies([await loginVia(front, 'coordination', DEMO_PASSWORD)]);
    } else {
      const r = await context.request.post(srv.base + '/api/v1/session',
        { data: { login: 'coordination', password: DEMO_PASSWORD } });
      if (r.status() !== 200) throw new Error(`login: ${r.status()}`);
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NET);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
    // requests: responses seen; cached: those the browser's cache served
    // (no network); the rest went to the server (304 included).
    let bytes = 0, requests = 0, cached = new Set(), protos = new Set();
    let wf = new Map();	// requestId → {url, start, end, bytes} (CDP seconds)
    cdp.on('Network.requestWillBeSent', (e) => {
      wf.set(e.requestId, { url: e.request.url, start: e.timestamp });
    });
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
      const w = wf.get(e.requestId);
      if (w) Object.assign(w, { end: e.timestamp, bytes: e.encodedDataLength });
    });
    cdp.on('Network.requestServedFromCache', (e) => { cached.add(e.requestId); });
    cdp.on('Network.responseReceived', (e) => {
      requests += 1;
      if (e.response.protocol) protos.add(e.response.protocol);
      if (e.response.fromDiskCache || e.response.fromMemoryCache) cached.add(e.requestId);
    });
    const phase = async (name, go, ready) => {
      bytes = 0; requests = 0; cached = new Set(); protos = new Set(); wf = new Map();
      const t0 = await go();
      const t1 = await (await page.waitForFunction(ready, null,
        { polling: 'raf', timeout: 60_000 })).jsonValue();
      await page.waitForTimeout(300);	// late responses counted in this phase
      const row = { run, name, ms: Math.round(t1 - t0), kb: +(bytes / 1024).toFixed(1),
        requests, cached: cached.size, proto: [...protos].sort().join(',') };
      results.push(row);
      console.log(JSON.stringify(row));
      if (process.env.BENCH_WATERFALL && run === 0) {
        const ws = [...wf.values()];
        const z = Math.min(...ws.map((w) => w.start));
        for (const w of ws.sort((a, b) => a.start - b.start)) {
          const ms = (t) => (t === undefined ? '   -' : String(Math.round((t - z) * 1000)).padStart(5));
          console.log(`  ${ms(w.start)} ${ms(w.end)} ${String(w.bytes ?? '-').padStart(6)} `
            + `${w.url.replace(origin, '').slice(0, 90)}`);
        }
      }
    };
    const hash = (h) => () => page.evaluate((x) => {
      const t = performance.now();
      location.hash = x;
      return t;
    }, h);
    await phase('cold: first record page', async () => {
      await page.goto(`${origin}/#/personnes/${p1}`, { waitUntil: 'commit' });
      return 0;	// performance.now() counts from the navigation
    }, recordReady);
    await phase('warm: reload', async () => {
      await page.reload({ waitUntil: 'commit' });
      return 0;
    }, recordReady);
    await phase('in-app: record → list', hash('#/personnes'), listReady);
    await phase('in-app: list → another record', hash(`#/personnes/${p2}`), recordReady);
    await phase('in-app: first « File active »', hash('#/file-active'), fileActiveReady);
    await context.close();
  }
} finally {
  await browser.close();
  if (front) await front.stop();
  await srv.stop();
}
console.log(`\nMedians of ${RUNS} runs (1.6 Mbit/s, 150 ms, CPU ×${CPU}; ${process.env.MAILLAGE_BIN || 'build/maillage'}; `
  + `${front ? `through nginx (deploy/nginx.conf, ${origin})` : `direct (${origin})`}; `
  + `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}):`);
for (const name of [...new Set(results.map((x) => x.name))]) {
  const rows = results.filter((x) => x.name === name);
  console.log(`${name.padEnd(34)} ${String(median(rows.map((x) => x.ms))).padStart(6)} ms `
    + `${String(median(rows.map((x) => x.kb))).padStart(8)} KiB  `
    + `${median(rows.map((x) => x.requests))} requests (${median(rows.map((x) => x.cached))} from cache)`);
}

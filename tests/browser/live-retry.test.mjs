// Browser: the live stream survives a restart behind nginx and says when
// the session ended (review of issue 12, F26 and F27). The browser's
// EventSource gives up for good on any answer but 200 — nginx's 502 while
// Maillage restarts, its 503 while it drains, the 401 of an ended session —
// so web/core/live.js asks the session then: alive → the stream opens
// again from the last event (the server replays); ended → the login page
// says so, instead of a page silently frozen.
import { test } from 'node:test';
import http from 'node:http';
import assert from 'node:assert/strict';
import { login as apiLogin } from '../http/lib/server.mjs';
import { TEST, useBrowser, open, go, loggedIn, person } from './lib/browser.mjs';

useBrowser();
// Short heartbeats: an ended session ends the stream within a second.
process.env.MAILLAGE_SSE_HEARTBEAT_MS = '1000';

const liveStats = (page) => page.evaluate(async () => ({ ...(await import('/core/live.js')).liveStats }));

// A proxy in front of the server, as nginx is (deploy/nginx.conf): while
// `down`, it answers 502 and ends the streams it carries.
function proxy(target) {
  const state = { down: false, refused: 0, streams: new Set() };
  const server = http.createServer((req, res) => {
    if (state.down) {
      if (req.url.startsWith('/api/v1/events')) state.refused += 1;
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>502 Bad Gateway</h1>');
      return;
    }
    const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
      if (req.url.startsWith('/api/v1/events')) {
        state.streams.add(res);
        res.on('close', () => state.streams.delete(res));
      }
    });
    up.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    base: `http://127.0.0.1:${server.address().port}`, state,
    // Maillage « restarts »: the open streams end, then 502 for a while.
    goDown() {
      state.down = true;
      for (const r of state.streams) r.destroy();
    },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

test('a restart behind the proxy (502 meanwhile): the stream opens again and the page updates live; an ended session shows the login', TEST, async () => {
  const t = await open({ width: 360, height: 740 });
  const { page, problems } = t;
  const px = await proxy(t.srv.base);
  const tp = { ...t, srv: { ...t.srv, base: px.base } };
  try {
    const api = await apiLogin(t.srv.base, 'coordination');
    const rousset = await person(api, 'rousset');
    await loggedIn(tp, 'coordination');
    await go(page, `#/personnes/${rousset.id}`);
    await page.getByRole('heading', { level: 2, name: 'Conversation' }).waitFor();
    await page.waitForFunction(async () => (await import('/core/live.js')).liveStats.open);
    // Down for 4 s: the browser's own retry meets a 502 and gives up;
    // live.js asks the session (502 too), waits, and opens again.
    px.goDown();
    await page.waitForFunction(async () => !(await import('/core/live.js')).liveStats.open);
    await new Promise((r) => setTimeout(r, 4000));
    px.state.down = false;
    assert.ok(px.state.refused >= 1, `stream requests refused: ${px.state.refused}`);
    await page.waitForFunction(async () => (await import('/core/live.js')).liveStats.open, null,
      { timeout: 40_000 });
    const s = await liveStats(page);
    assert.ok(s.retries >= 1, `retries: ${s.retries}`);
    // A message from someone else arrives without a reload.
    const r = await api.post(`/api/v1/persons/${rousset.id}/messages`, { body: 'Retour du kiné mardi.' });
    assert.equal(r.status, 201, r.text);
    try {
      await page.locator('.msg-body', { hasText: 'Retour du kiné mardi.' }).waitFor({ timeout: 10_000 });
    } catch (e) {
      throw new Error(`${e.message}\nlive: ${JSON.stringify(await liveStats(page))}, message ${r.json.id}, `
        + `proxy refused ${px.state.refused}, streams ${px.state.streams.size}`);
    }
    // The session ends elsewhere (logout from another tab): the stream is
    // refused and the page goes to the login, saying why, on its own.
    const csrf = await page.evaluate(async () => (await import('/core/session.js')).state.csrf);
    const out = await page.context().request.delete(`${px.base}/api/v1/session`,
      { headers: { 'x-csrf-token': csrf } });
    assert.ok(out.status() === 200 || out.status() === 204, `logout: ${out.status()}`);
    await page.getByLabel('Identifiant').waitFor({ timeout: 15_000 });
    // The server's word for an ended session (« Votre session a expiré »
    // after the idle limit; « Veuillez vous connecter. » after a logout).
    await page.getByText('Veuillez vous connecter.').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await px.close();
    await t.close();
  }
});

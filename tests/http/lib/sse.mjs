// A Server-Sent Events client for the tests and the bench (issue 12):
// GET /api/v1/events with a session cookie, parsed as the browser's
// EventSource does (id, event, data, comments), without its reconnection
// (each test decides when and with which Last-Event-ID it reconnects).
export function openEvents(base, cookie, { lastEventId = null, query = '' } = {}) {
  const ac = new AbortController();
  const s = { events: [], comments: 0, status: 0, ended: false, lastId: null };
  const waiters = new Set();
  const notify = () => { for (const w of [...waiters]) w(); };
  const parse = (block) => {
    const ev = { id: null, type: 'message', data: '' };
    let any = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) { s.comments++; continue; }
      const k = line.indexOf(':');
      const name = k < 0 ? line : line.slice(0, k);
      const val = k < 0 ? '' : line.slice(k + 1).replace(/^ /, '');
      if (name === 'id') { ev.id = Number(val); any = true; }
      else if (name === 'event') { ev.type = val; any = true; }
      else if (name === 'data') { ev.data += val; any = true; }
    }
    if (!any || ev.data === '') return;
    ev.json = JSON.parse(ev.data);
    ev.at = performance.now();
    if (ev.id !== null) s.lastId = ev.id;
    s.events.push(ev);
  };
  const headers = { cookie };
  if (lastEventId !== null) headers['last-event-id'] = String(lastEventId);
  s.opened = new Promise((resolve) => {
    fetch(base + '/api/v1/events' + query, { headers, signal: ac.signal }).then(async (r) => {
      s.status = r.status;
      s.contentType = r.headers.get('content-type');
      resolve(s);
      if (r.status !== 200) { s.body = await r.text(); s.ended = true; notify(); return; }
      const dec = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of r.body) {
          buf += dec.decode(chunk, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) { parse(buf.slice(0, i)); buf = buf.slice(i + 2); }
          notify();
        }
      } catch { /* aborted or cut */ }
      s.ended = true;
      notify();
    }).catch(() => { s.ended = true; resolve(s); notify(); });
  });
  // Resolves when pred() holds (checked on each chunk), rejects after ms.
  s.until = (pred, ms = 5000, what = 'condition') => new Promise((resolve, reject) => {
    if (pred()) { resolve(); return; }
    const w = () => { if (pred()) { clearTimeout(t); waiters.delete(w); resolve(); } };
    const t = setTimeout(() => { waiters.delete(w); reject(new Error(`SSE: ${what} not met in ${ms} ms; `
      + `events: ${JSON.stringify(s.events.map((e) => [e.id, e.type, e.json.person_id]))}`)); }, ms);
    waiters.add(w);
  });
  s.waitEvent = (pred, ms, what) => s.until(() => s.events.some(pred), ms, what).then(() => s.events.find(pred));
  s.close = () => ac.abort();
  return s;
}

// The other clients of bench/alarms.mjs, off the posting thread (issue 13):
// one worker thread holds its share of the streams (each with its
// session's cookie) and counts the `alarm.changed` events they receive.
// Measured (docs/PERFORMANCE.md « Telealarm ingestion »): one Node thread
// parsing, with the `eventsource` package, the events of 201 streams at
// 1 000 alarms/s (1.3 million events) was the bench's own limit: it used
// more than a CPU while the server used a few %, and the posts queued in
// the client. Two clients:
// - raw (the default): a plain HTTP GET of /api/v1/events that counts the
//   `event: alarm.changed` lines in the bytes (what a browser's tab costs
//   the server is the same; its parsing runs on the user's machine, not on
//   the server's two CPUs);
// - eventsource: the `eventsource` package, as before.
// workerData { base, cookies, kind }; posts { open } once all are open (or
// after 20 s), and { received } when told 'close'.
import { request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import EventSourceImpl from 'eventsource';

const { base, cookies, kind } = workerData;
const NEEDLE = 'event: alarm.changed\n';
let open = 0;
let received = 0;
let told = false;
const tell = () => {
  if (!told) parentPort.postMessage({ open });
  told = true;
};
const opened = () => {
  open++;
  if (open === cookies.length) tell();
};

// A raw stream: counts the needle across chunk boundaries (the tail of a
// chunk shorter than the needle is kept for the next).
function raw(cookie) {
  let tail = '';
  const req = request(base + '/api/v1/events', { headers: { Cookie: cookie, Accept: 'text/event-stream' } },
    (res) => {
      if (res.statusCode === 200) opened();
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        const s = tail + chunk;
        for (let i = s.indexOf(NEEDLE); i >= 0; i = s.indexOf(NEEDLE, i + NEEDLE.length)) received++;
        tail = s.slice(Math.max(0, s.length - NEEDLE.length + 1));
      });
      res.on('error', () => {});
    });
  req.on('error', () => {});
  req.end();
  return { close: () => req.destroy() };
}

function eventsource(cookie) {
  const es = new EventSourceImpl(base + '/api/v1/events', { headers: { Cookie: cookie } });
  es.addEventListener('alarm.changed', () => { received++; });
  es.onopen = opened;
  return es;
}

const streams = cookies.map(kind === 'eventsource' ? eventsource : raw);
setTimeout(tell, 20000).unref();
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  for (const s of streams) s.close();
  parentPort.postMessage({ received });
  parentPort.close();
});

// Raw HTTP/1.1 over node:net, for bytes fetch() and node:http would
// normalise or refuse to send (two Content-Length headers, Expect without
// a body, %00 in a path). One request per socket.
import net from 'node:net';

// Sends `head` (CRLF lines, without the final blank line) and an optional
// body; resolves when the server closes, or `wait` ms after the first
// complete answer. {status, headers (lower-case keys), body, text, closed,
// reset, ms}. Fails (rejects) when nothing arrives within `timeout` ms:
// a refusal must not hang.
export function wire(port, head, { body = '', wait = 300, timeout = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const s = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let settled = false;
    let reset = false;
    let idle;
    const finish = (closed) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(idle);
      s.destroy();
      const text = buf.toString('latin1');
      const m = text.match(/^HTTP\/1\.[01] (\d{3})/);
      const sep = text.indexOf('\r\n\r\n');
      const headers = {};
      for (const line of text.slice(0, sep < 0 ? text.length : sep).split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      const b = sep < 0 ? '' : buf.subarray(Buffer.byteLength(text.slice(0, sep + 4), 'latin1'))
        .toString('utf8');
      let json = null;
      try { json = b ? JSON.parse(b) : null; } catch { /* not JSON */ }
      resolve({ status: m ? Number(m[1]) : 0, headers, body: b, json, text, closed, reset,
        ms: Date.now() - t0 });
    };
    const timer = setTimeout(() => {
      if (buf.length) finish(false);
      else { s.destroy(); reject(new Error(`no answer in ${timeout} ms to ${head.split('\r\n')[0]}`)); }
    }, timeout);
    s.on('connect', () => {
      s.write(head + '\r\n\r\n');
      if (body) s.write(body);
    });
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      clearTimeout(idle);
      idle = setTimeout(() => finish(false), wait);
    });
    s.on('error', (e) => { if (e.code === 'ECONNRESET') reset = true; else if (!buf.length) { settled = true; clearTimeout(timer); reject(e); } });
    s.on('close', () => finish(true));
  });
}

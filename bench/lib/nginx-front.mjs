// A private nginx in front of a Maillage server, as deployed (issue 10
// §12): TLS and HTTP/2 terminated by nginx, Maillage behind it on
// 127.0.0.1. Used by bench/web-load.mjs (BENCH_VIA=nginx).
// - The server block is deploy/nginx.conf's own text, read at each run:
//   only the listen address, the two certificate paths and the upstream
//   port are substituted, each by a pattern that must match (the listen
//   line and the certificate lines exactly once, proxy_pass at least
//   once), so that a change to the deployed file is measured as it is, or
//   stops the bench if it no longer has these lines. Everything else
//   (http2, ssl_protocols, HSTS, limit_conn, the /api/v1/events location,
//   proxy headers) is what production runs.
// - The file is written to be included in http {} (Debian's
//   /etc/nginx/conf.d/); the http {} around it here has only what a
//   non-root run needs: a temp prefix for pid, error log and temp paths,
//   no access log (Debian's default nginx.conf adds sendfile, tcp_nopush
//   and `gzip on` for text/html, which change nothing for a proxied
//   answer that Maillage already compressed).
// - The certificate is a throwaway self-signed one (openssl, ECDSA P-256,
//   SAN IP:127.0.0.1, one day). Its SPKI hash is returned so that
//   Chromium ignores the certificate errors of this key only
//   (--ignore-certificate-errors-spki-list), and its PEM so that Node
//   verifies it (login) instead of turning verification off.
// - nginx (Debian's /usr/sbin/nginx, NGINX_BIN to override) runs in the
//   foreground (`daemon off`) as a child of this process, as the current
//   user (as root: `user root`, so that the workers can write the temp
//   prefix); stop() ends that child only.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './serve.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEPLOY_CONF = resolve(HERE, '../../deploy/nginx.conf');
const NGINX = process.env.NGINX_BIN || '/usr/sbin/nginx';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Replaces what `re` matches in `text`; `n` is the number of matches
// required ('+': at least one). Throws naming the pattern otherwise.
function substitute(text, re, by, n) {
  const count = (text.match(new RegExp(re.source, 'gm')) || []).length;
  if (n === '+' ? count < 1 : count !== n) {
    throw new Error(`${DEPLOY_CONF}: ${re} matched ${count} time(s), expected ${n}`);
  }
  return text.replace(new RegExp(re.source, 'gm'), by);
}

// deploy/nginx.conf for this run: listen on 127.0.0.1:port, this
// certificate, Maillage on 127.0.0.1:upstream.
export function deployedServerBlock({ port, upstream, cert, key }) {
  let conf = readFileSync(DEPLOY_CONF, 'utf8');
  conf = substitute(conf, /^(\s*)listen\s+443\s+ssl\s+http2\s*;/, `$1listen 127.0.0.1:${port} ssl http2;`, 1);
  conf = substitute(conf, /^(\s*)ssl_certificate\s+\S+;/, `$1ssl_certificate ${cert};`, 1);
  conf = substitute(conf, /^(\s*)ssl_certificate_key\s+\S+;/, `$1ssl_certificate_key ${key};`, 1);
  conf = substitute(conf, /^(\s*)proxy_pass\s+http:\/\/127\.0\.0\.1:8080;/,
    `$1proxy_pass http://127.0.0.1:${upstream};`, '+');
  return conf;
}

// One HTTPS request to nginx, verifying its certificate against `ca`.
export function httpsRequest(base, path, { method = 'GET', body, ca, headers = {} } = {}) {
  return new Promise((res, rej) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const req = request(base + path, { method, ca, headers: {
      ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}),
      ...headers } }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode, headers: r.headers,
        text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', rej);
    req.end(data);
  });
}

// Starts nginx in front of 127.0.0.1:upstream. Resolves once /healthz
// answers 200 through it: { base, port, certPem, spki, conf, stop() }.
export async function nginxFront(upstream) {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-nginx-'));
  const cert = join(dir, 'cert.pem'), key = join(dir, 'key.pem');
  const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec',
    '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', key, '-out', cert], { encoding: 'utf8' });
  if (ssl.status !== 0) throw new Error('openssl: ' + ssl.stderr);
  const certPem = readFileSync(cert, 'utf8');
  const spkiDer = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  const spki = createHash('sha256').update(spkiDer).digest('base64');

  const port = await freePort();
  const block = deployedServerBlock({ port, upstream, cert, key });
  writeFileSync(join(dir, 'maillage.conf'), block);
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, 'tmp', t), { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, `${process.getuid && process.getuid() === 0 ? 'user root;\n' : ''}`
    + `worker_processes auto;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n`
    + 'events { worker_connections 768; }\nhttp {\n\taccess_log off;\n'
    + ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((t) => `\t${t === 'body' ? 'client_body' : t}_temp_path ${dir}/tmp/${t};\n`).join('')
    + `\tinclude ${dir}/maillage.conf;\n}\n`);
  const child = spawn(NGINX, ['-e', join(dir, 'error.log'), '-p', dir, '-c', conf,
    '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  // A bench that fails before stop() leaves no nginx behind.
  const orphan = () => { if (child.exitCode === null) child.kill('SIGQUIT'); };
  process.on('exit', orphan);
  const base = `https://127.0.0.1:${port}`;
  const errorLog = () => { try { return readFileSync(join(dir, 'error.log'), 'utf8'); } catch { return ''; } };
  let up = false;
  for (let i = 0; i < 250 && child.exitCode === null; i++) {
    try {
      if ((await httpsRequest(base, '/healthz', { ca: certPem })).status === 200) { up = true; break; }
    } catch { /* not yet */ }
    await sleep(20);
  }
  const stop = async () => {
    process.off('exit', orphan);
    if (child.exitCode === null && child.signalCode === null) {
      const done = new Promise((r) => child.on('exit', r));
      child.kill('SIGQUIT');	// graceful: workers finish, then the master exits
      await done;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  if (!up) {
    const why = err + errorLog();
    await stop();
    throw new Error('nginx did not answer /healthz: ' + why);
  }
  return { base, port, certPem, spki, conf: block, stop };
}

// Logs in through nginx (certificate verified) and returns the session
// cookie for Playwright's context.addCookies().
export async function loginVia(front, login, password) {
  const r = await httpsRequest(front.base, '/api/v1/session', { method: 'POST',
    body: { login, password }, ca: front.certPem });
  if (r.status !== 200) throw new Error(`login through nginx: ${r.status} ${r.text}`);
  const set = [].concat(r.headers['set-cookie'] || [])[0];
  if (!set) throw new Error('login through nginx: no Set-Cookie');
  const [pair, ...attrs] = set.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const has = (a) => attrs.some((x) => x.toLowerCase() === a);
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: front.base,
    httpOnly: has('httponly'), secure: has('secure'), sameSite: 'Strict' };
}

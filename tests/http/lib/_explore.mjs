import { startServer, login } from './server.mjs';
const which = process.argv[2];
const s = await startServer();
try {
  const c = await login(s.base, 'coordination');
  let r;
  for (let i = 0; i < 2; i++) { r = await c.get(which); }
  const adm = await login(s.base, 'admin');
  const st = [];
  for (let i = 0; i < 6; i++) { r = await adm.get('/api/v1/session'); st.push(r.status); }
  console.log(which, st.join(' ')); console.log(s.stderr());
} finally { await s.stop(); }

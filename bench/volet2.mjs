// Volet-2 views over a large file (issue 4): many episodes taken through
// the whole path by the API, then the pipeline board, the file active, the
// delays and one person's timeline timed. Not a test: it prints numbers.
// Usage: node bench/volet2.mjs [build/maillage]
//   BENCH_EPISODES (300), BENCH_READS (200)
import { startServer, login } from '../tests/http/lib/server.mjs';

const EPISODES = Number(process.env.BENCH_EPISODES || 300);
const READS = Number(process.env.BENCH_READS || 200);
const COMMUNES = ['48140', '48090', '48089', '48002', '48001', '48132', '48063', '48188'];
const today = new Date().toISOString().slice(0, 10);

const srv = await startServer({ args: ['--threads', '4'] });
const ok = (r, what) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.json;
};
try {
  const c = await login(srv.base, 'coordination');
  const md = await login(srv.base, 'medecin');
  const ide = await login(srv.base, 'ide');
  const saad = (await c.get('/api/v1/orgs?type=saad')).json.items[0];
  const com = ok(await c.post('/api/v1/committees', { held_on: today,
    members: [{ user_id: c.user.id }, { user_id: md.user.id }] }), 'committee');
  const t0 = Date.now();
  let requests = 0;
  const sids = [];
  let next = 0;
  async function episode() {
    while (next < EPISODES) {
      const i = next++;
      const call = async (cl, m, path, body) => { requests++; return ok(await cl[m](path, body), path); };
      const p = await call(c, 'post', '/api/v1/persons', { birth_name: `BENCH${i}`,
        first_names: 'Marie', birth_date: `19${30 + (i % 20)}-0${1 + (i % 9)}-1${i % 9}`,
        sex: 'F', commune_code: COMMUNES[i % COMMUNES.length] });
      const r = await call(c, 'post', '/api/v1/referrals', { person_id: p.id, source: 'dac',
        channel: 'telephone', reason: 'Maintien à domicile', requested_volet: 2,
        referrer_name: 'DAC 48' });
      await call(c, 'post', `/api/v1/referrals/${r.id}/triage`, { action: 'accepter' });
      await call(c, 'post', `/api/v1/referrals/${r.id}/evaluations`, { kind: 'domicile',
        done_on: today, findings: 'Visite faite.' });
      await call(md, 'post', `/api/v1/referrals/${r.id}/evaluations`, { kind: 'medicale',
        done_on: today, findings: 'Examen fait.' });
      await call(c, 'post', `/api/v1/persons/${p.id}/aggir`, { letters: 'AACCBBBBAA',
        evaluated_on: today });
      const k = await call(c, 'post', `/api/v1/committees/${com.id}/cases`, { referral_id: r.id,
        team_opinion: 'Favorable' });
      const d = await call(c, 'post', `/api/v1/committees/${com.id}/cases/${k.id}/decision`,
        { decision: 'admettre' });
      await call(c, 'put', `/api/v1/supports/${d.support_id}/plan`, { referent_id: c.user.id,
        problems: 'Chutes', project: 'Rester chez soi', actions: [{ area: 'securite_domicile',
          domain: 'environnement', need: 'Chutes', objective: 'Sécuriser', action: 'Barres',
          who_org_id: saad.id, frequency: 'une fois', start_on: today, review_on: today,
          status: 'prevue' }] });
      requests++;
      const doc = ok(await c.raw('POST', `/api/v1/persons/${p.id}/documents?category=admin&title=c`,
        Buffer.from('%PDF-1.4\ncontrat\n%%EOF\n'), { 'content-type': 'application/pdf' }), 'doc');
      await call(c, 'post', `/api/v1/supports/${d.support_id}/contract`, { signed_on: today,
        signed_by: 'personne', document_id: doc.id });
      if (i % 3 === 0) {
        await call(c, 'post', `/api/v1/supports/${d.support_id}/exit`, { reason: 'deces',
          exit_on: today, decision: 'Constat en équipe.' });
      }
      sids.push(p.id);
    }
  }
  await Promise.all(Array.from({ length: 8 }, episode));
  const loadMs = Date.now() - t0;

  const time = async (label, path) => {
    const lat = [];
    for (let i = 0; i < READS; i++) {
      const s = process.hrtime.bigint();
      const r = await c.get(typeof path === 'function' ? path(i) : path);
      lat.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (r.status !== 200) throw new Error(`${label}: ${r.status}`);
    }
    lat.sort((a, b) => a - b);
    const q = (f) => lat[Math.min(lat.length - 1, Math.floor(f * lat.length))].toFixed(1);
    console.log(`${label.padEnd(34)} p50 ${q(0.5).padStart(6)} ms   p99 ${q(0.99).padStart(6)} ms`);
  };
  console.log(`${EPISODES} episodes through the whole path: ${requests} requests in ${loadMs} ms `
    + `(${Math.round(requests * 1000 / loadMs)} req/s, 8 clients)`);
  await time('GET /api/v1/pipeline', '/api/v1/pipeline');
  await time('GET /api/v1/supports?status=active', '/api/v1/supports?status=active');
  await time('GET /api/v1/supports/delays', '/api/v1/supports/delays');
  await time('GET /api/v1/persons/{id}/timeline', (i) => `/api/v1/persons/${sids[i % sids.length]}/timeline`);
  await time('GET /api/v1/persons?beneficiary=1', '/api/v1/persons?beneficiary=1&limit=50');
  void ide;
} finally {
  await srv.stop();
}

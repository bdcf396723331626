// The planning at a CRT's scale and beyond (issue 11). First a file
// active of FILE people (a CRT's real size) with their weekly visits (the
// CRT's aide and nurse, the SSIAD, the SAAD, nights and weekends): the
// coordinator's week of the whole file active, one professional's day,
// one person's week. Then PEOPLE people: a year of every series expanded,
// asked week by week (a reply is capped), summed.
// Not a test: it prints numbers (docs/PERFORMANCE.md).
// Usage: MAILLAGE_BIN=build/maillage node bench/planning.mjs
//   BENCH_FILE (32), BENCH_PEOPLE (300), BENCH_READS (200)
import { startServer, login } from '../tests/http/lib/server.mjs';

const FILE = Number(process.env.BENCH_FILE || 32);
const PEOPLE = Number(process.env.BENCH_PEOPLE || 300);
const READS = Number(process.env.BENCH_READS || 200);
const COMMUNES = ['48140', '48090', '48089', '48002', '48001', '48132', '48063', '48188'];

function paris(offsetDays = 0) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric',
    month: '2-digit', day: '2-digit' });
  return f.format(new Date(Date.now() + offsetDays * 86400000));
}
const today = paris();
const dow = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7;
const monday = paris(-dow);
const sunday = paris(6 - dow);
const year = today.slice(0, 4);

// Names take letters only: 0 → A, 27 → BB…
const letters = (i) => (i < 26 ? '' : letters(Math.floor(i / 26) - 1)) + String.fromCharCode(65 + (i % 26));

const srv = await startServer({ args: ['--threads', '4'] });
const ok = (r, what) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.json;
};
try {
  const c = await login(srv.base, 'coordination');
  const ide = await login(srv.base, 'ide');
  const aide = await login(srv.base, 'aide');
  const orgs = ok(await c.get('/api/v1/orgs'), 'orgs').items;
  const ssiad = orgs.find((o) => o.type === 'ssiad');
  const saad = orgs.find((o) => o.type === 'saad');
  const t0 = Date.now();
  let requests = 0;
  let series = 0;
  let next = 0;
  const call = async (m, path, body) => { requests++; return ok(await c[m](path, body), path); };
  let upto = FILE;
  async function person() {
    while (next < upto) {
      const i = next++;
      const p = await call('post', '/api/v1/persons', { birth_name: `PLAN${letters(i)}`,
        first_names: 'Jeanne', birth_date: `19${30 + (i % 20)}-0${1 + (i % 9)}-1${i % 9}`,
        sex: 'F', commune_code: COMMUNES[i % COMMUNES.length] });
      const who = i % 2 ? ide : aide;
      await call('post', `/api/v1/persons/${p.id}/circle`, { user_id: who.user.id, role: 'Passages' });
      const add = async (body) => {
        await call('post', '/api/v1/visits', { person_id: p.id, duration_min: 30,
          holiday_policy: 'keep', ...body });
        series++;
      };
      const start = `${year}-01-0${1 + (i % 7)}`;
      // The CRT's own visits, the SSIAD morning and evening, the SAAD's
      // help, a night pass for one in four.
      await add({ user_id: who.user.id, kind: i % 2 ? 'soins' : 'toilette',
        starts_local: `${start}T${String(8 + (i % 10)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
        rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR' });
      await add({ org_id: ssiad.id, kind: 'soins', starts_local: `${start}T07:30`,
        rrule: 'FREQ=DAILY' });
      await add({ org_id: saad.id, kind: 'aide_domicile', starts_local: `${start}T11:00`,
        duration_min: 60, rrule: 'FREQ=WEEKLY;BYDAY=TU,TH,SA' });
      if (i % 4 === 0) {
        await add({ user_id: who.user.id, kind: 'passage_nuit', starts_local: `${start}T21:00`,
          duration_min: 30, rrule: 'FREQ=WEEKLY;BYDAY=SU' });
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, person));
  const loadMs = Date.now() - t0;

  // The server's answer, timed to its last byte (no schema check: the
  // HTTP suites' client validates every reply, which would be timed too).
  const timed = async (cl, path) => {
    const s = process.hrtime.bigint();
    const r = await fetch(srv.base + path, { headers: { cookie: cl.cookie } });
    const text = await r.text();
    return { status: r.status, text, ms: Number(process.hrtime.bigint() - s) / 1e6 };
  };
  const time = async (label, cl, path, reads = READS) => {
    const lat = [];
    let items = 0;
    for (let i = 0; i < reads; i++) {
      const r = await timed(cl, path);
      lat.push(r.ms);
      if (r.status !== 200) throw new Error(`${label}: ${r.status} ${r.text}`);
      items = JSON.parse(r.text).items.length;
    }
    lat.sort((a, b) => a - b);
    const q = (f) => lat[Math.min(lat.length - 1, Math.floor(f * lat.length))].toFixed(1);
    console.log(`${label.padEnd(44)} ${String(items).padStart(6)} visits  p50 ${q(0.5).padStart(7)} ms`
      + `   p99 ${q(0.99).padStart(7)} ms`);
  };
  console.log(`${FILE} people, ${series} series: ${requests} requests in ${loadMs} ms`);
  await time('coordinator: week of the whole file active', c,
    `/api/v1/visits?all=1&from=${monday}&to=${sunday}`);
  await time('one professional\'s day (the nurse, Monday)', ide,
    `/api/v1/visits?user_id=${ide.user.id}&from=${monday}&to=${monday}`);
  await time('one person\'s week', c,
    `/api/v1/visits?person_id=${(ok(await c.get('/api/v1/persons?q=PLANB&limit=1'), 'p').items[0]).id}`
    + `&from=${monday}&to=${sunday}`);

  // PEOPLE people: a year of every series, week by week.
  upto = PEOPLE;
  await Promise.all(Array.from({ length: 8 }, person));
  // Asked week by week: a month of 300 people (~40 000 visits) is past a
  // request's 8 MiB working memory (413 request.too_big), and no screen
  // asks more than a week of the whole file active.
  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  const start = Date.UTC(Number(year), 0, 1);
  const end = Date.UTC(Number(year), 11, 31);
  for (let run = 0; run < 3; run++) {
    let total = 0;
    let visits = 0;
    let asks = 0;
    for (let t = start; t <= end; t += 7 * 86400000) {
      const to = Math.min(t + 6 * 86400000, end);
      const r = await timed(c, `/api/v1/visits?all=1&from=${iso(t)}&to=${iso(to)}`);
      total += r.ms;
      asks++;
      if (r.status !== 200) throw new Error(`year ${iso(t)}: ${r.status} ${r.text}`);
      visits += JSON.parse(r.text).items.length;
    }
    console.log(`${PEOPLE} people, ${series} series: a year (${year}), ${asks} weeks, ${visits} visits `
      + `in ${total.toFixed(0)} ms`);
  }
} finally {
  await srv.stop();
}

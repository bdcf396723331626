// Person search with 10 000 people (issue 3 target: p99 ≤ 50 ms). Not a
// test: it prints numbers. Usage: node bench/search.mjs [build/maillage]
//   BENCH_PEOPLE (10000), BENCH_QUERIES (1000), BENCH_CONC (8)
import { startServer, login } from '../tests/http/lib/server.mjs';

const PEOPLE = Number(process.env.BENCH_PEOPLE || 10000);
const QUERIES = Number(process.env.BENCH_QUERIES || 1000);
const CONC = Number(process.env.BENCH_CONC || 8);
const LAST = ['MARTIN', 'BERNARD', 'DUBOIS', 'THOMAS', 'ROBERT', 'RICHARD', 'PETIT', 'DURAND',
  'LEROY', 'MOREAU', 'SIMON', 'LAURENT', 'LEFÈVRE', 'MICHEL', 'GARCIA', 'DAVID', 'BERTRAND',
  'ROUX', 'VINCENT', 'FOURNIER', 'MOREL', 'GIRARD', 'ANDRÉ', 'MERCIER', 'BOYER', 'CHABERT',
  'PAGÈS', 'ROUVIÈRE', 'TEISSÈDRE', 'BONNAL', 'CROUZET', 'VALETTE', 'ASTRUC', 'PRADAL',
  'CHAZAL', 'MALAVAL', 'SÉGUIN', 'BRUNEL', 'FABRE', 'MOLINIER'];
const FIRST = ['Marie', 'Jeanne', 'Françoise', 'Monique', 'Hélène', 'Odette', 'Germaine',
  'Yvonne', 'Marcelle', 'Suzanne', 'Jean', 'Pierre', 'André', 'René', 'Louis', 'Émile',
  'Henri', 'Paul', 'Marcel', 'Albert'];
const COMMUNES = ['48140', '48090', '48089', '48002', '48001', '48132', '48063', '48188', '48095',
  '48128', '48121', '48169'];
const pick = (a, i) => a[i % a.length];

const srv = await startServer({ args: ['--threads', '4'] });
try {
  const c = await login(srv.base, 'coordination');
  const t0 = Date.now();
  let next = 0;
  async function creator() {
    while (next < PEOPLE) {
      const i = next++;
      const d = new Date(Date.UTC(1925 + (i % 40), i % 12, 1 + (i % 28))).toISOString().slice(0, 10);
      const r = await c.post('/api/v1/persons', { birth_name: pick(LAST, i * 7 + (i >> 3)),
        first_names: pick(FIRST, i * 3) + ' ' + pick(FIRST, i * 5 + 1), birth_date: d,
        sex: i % 2 ? 'F' : 'M', commune_code: pick(COMMUNES, i) });
      if (r.status !== 201) throw new Error(`create ${i}: ${r.status} ${r.text}`);
    }
  }
  await Promise.all(Array.from({ length: 16 }, creator));
  const loadMs = Date.now() - t0;

  const queries = [];
  for (let i = 0; i < QUERIES; i++) {
    switch (i % 6) {
      case 0: queries.push('q=' + encodeURIComponent(pick(LAST, i).slice(0, 4).toLowerCase())); break;
      case 1: queries.push('q=' + encodeURIComponent(pick(FIRST, i))); break;
      case 2: queries.push('q=' + encodeURIComponent(`0${1 + (i % 9)}/0${1 + (i % 9)}/19${30 + (i % 30)}`)); break;
      case 3: queries.push('commune=' + pick(COMMUNES, i)); break;
      case 4: queries.push('volet2=1&offset=' + (i % 50) * 50); break;
      default: queries.push('q=' + encodeURIComponent('le') + '&commune=' + pick(COMMUNES, i)); break;
    }
  }
  const lat = [];
  let qi = 0;
  async function searcher() {
    while (qi < queries.length) {
      const q = queries[qi++];
      const s = process.hrtime.bigint();
      const r = await c.get('/api/v1/persons?limit=50&' + q);
      lat.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (r.status !== 200) throw new Error(`search ${q}: ${r.status}`);
    }
  }
  const t1 = Date.now();
  await Promise.all(Array.from({ length: CONC }, searcher));
  const wall = (Date.now() - t1) / 1000;
  lat.sort((a, b) => a - b);
  const p = (x) => lat[Math.min(lat.length - 1, Math.floor(lat.length * x))].toFixed(1);
  console.log(`people: ${PEOPLE} created in ${(loadMs / 1000).toFixed(1)} s `
    + `(${Math.round(PEOPLE / (loadMs / 1000))} creations/s, each durable and traced)`);
  console.log(`searches: ${lat.length} with ${CONC} concurrent clients, ${(lat.length / wall).toFixed(0)} /s`);
  console.log(`latency ms: p50 ${p(0.5)}  p95 ${p(0.95)}  p99 ${p(0.99)}  max ${lat[lat.length - 1].toFixed(1)}`);
  console.log(`target p99 <= 50 ms: ${Number(p(0.99)) <= 50 ? 'PASS' : 'FAIL'}`);
} finally {
  await srv.stop();
}

// Maillage web core — dates, numbers and French words.
//
// Owns: French dates (frDate, frDateTime), ages, a person's name and
// « né(e) », sizes, phone numbers made into tel: links. Pure helpers:
// no request, no state.

import { h } from './dom.js';

// Free text with French phone numbers made into tel: links (the night
// on-call aide calls from her phone).
const PHONE_RE = /(?:\+33[\s.]?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b/g;

function withPhoneLinks(text) {
  const out = [];
  let last = 0;
  for (const m of String(text).matchAll(PHONE_RE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(h('a', { href: `tel:${m[0].replace(/[^\d+]/g, '')}`, class: 'tel' }, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function telLink(phone) {
  if (!phone) return null;
  return h('a', { href: `tel:${phone.replace(/[^\d+]/g, '')}`, class: 'tel' }, phone);
}

// Dates: 'YYYY-MM-DD' → 'JJ/MM/AAAA' without any time-zone shift.
function frDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

// Today as 'YYYY-MM-DD', in the local calendar (what the user sees).
function todayIso() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Timestamps: '2026-11-23T20:00:24.619Z' → local French date.
function frDateTime(iso, withTime) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = d.toLocaleDateString('fr-FR');
  return withTime
    ? `${day} à ${d.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })}`
    : day;
}

function ageFrom(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return null;
  const now = new Date();
  let age = now.getFullYear() - Number(m[1]);
  const md = (now.getMonth() + 1) * 100 + now.getDate();
  if (md < Number(m[2]) * 100 + Number(m[3])) age -= 1;
  return age >= 0 && age < 150 ? age : null;
}

// The name shown to people: the names as typed (issue 10 §2: the replies'
// birth_name and first_names are the strict RNIV forms, in capitals
// without accents; *_display keeps what was typed).
function personName(p) {
  return [p.birth_name_display || p.birth_name, p.first_names_display || p.first_names]
    .filter(Boolean).join(' ');
}

function bornWord(p) {
  return { F: 'née', M: 'né' }[p.sex] || 'né(e)';
}

function sizeKo(n) {
  const ko = Math.max(0.1, (Number(n) || 0) / 1024);
  return `${ko.toLocaleString('fr-FR', { maximumFractionDigits: ko < 10 ? 1 : 0 })} Ko`;
}

export {
  ageFrom, bornWord, frDate, frDateTime, personName, sizeKo, telLink, todayIso, withPhoneLinks,
};

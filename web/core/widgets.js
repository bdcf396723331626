// Maillage web core — widgets shared by several sections.
//
// Owns: the ARIA combo box (comboPicker) and the commune picker on it,
// the names of records found by the search (describePersons), the
// message a page leaves for the next one (takeFlash, flashView), and the
// loading of a record part (placeholderSection, loadPart: removed on a
// 403). Must not: decide any right.

import { api } from './api.js';
import { append, clear, h, uid } from './dom.js';
import { loadModule, loadedModule, partGet } from './record.js';
import { bornWord, frDate, personName } from './format.js';
import { state } from './session.js';

const PAGE_SIZE = 20;

// Names of records given by id, found through the search (which does not
// open the records): [{id, label, meta}]; « Dossier n° N » when not found.
async function describePersons(ids, q) {
  let found = [];
  try {
    const qs = new URLSearchParams({ q: q || '', limit: '50', offset: '0' });
    found = (await api('GET', `/api/v1/persons?${qs}`)).items || [];
  } catch {
    found = [];
  }
  return ids.map((id) => {
    const p = found.find((x) => x.id === id);
    if (!p) return { id, label: `Dossier n° ${id}` };
    return { id, label: personName(p),
      meta: [p.birth_date ? `${bornWord(p)} le ${frDate(p.birth_date)}` : '',
        p.ins ? `INS ${p.ins}` : '', `dossier n° ${p.id}`].filter(Boolean).join(' · ') };
  });
}

// Commune search field (ARIA combobox with a listbox): GET
// /api/v1/communes?q=… from two characters; arrows move in the list,
// Enter chooses, Escape closes. Returns {input, extras, code(), pending()}.
// opts.initial {code, label}: already chosen; opts.compact: no « Commune
// choisie » line under the field.
function communePicker(cfg = {}) {
  const picker = comboPicker({
    name: 'commune',
    listLabel: 'Communes proposées',
    min: 2,
    search: async (q) => (await api('GET',
      `/api/v1/communes?${new URLSearchParams({ q })}`)).items || [],
    text: (c) => (c.postal_codes ? communeName(c) : c.name),
    option: (c) => [h('span', { class: 'option-name' }, communeName(c)),
      c.volet2 ? volet2Badge() : null,
      h('span', { class: 'option-meta' }, `dép. ${c.departement}`)],
    chosen: cfg.compact ? null : (c) => ['Commune choisie : ', h('strong', null, c.name),
      ` — code INSEE ${c.code}`,
      c.volet2 ? [' ', volet2Badge()] : ' — hors du territoire du volet 2',
      c.travel_minutes !== null && c.travel_minutes !== undefined
        ? ` — ${c.travel_minutes} min de trajet` : ''],
    found: (n) => `${n} commune${n > 1 ? 's' : ''} proposée${n > 1 ? 's' : ''}`,
    none: (q) => `Aucune commune ne correspond à « ${q} ».`,
    initial: cfg.initial ? { code: cfg.initial.code, name: cfg.initial.label } : null,
    quietInitial: true,
  });
  return {
    input: picker.input,
    extras: picker.extras,
    code: () => (picker.value() ? picker.value().code : ''),
    pending: picker.pending,
  };
}

// Birthplace field (issue 10 §2): a commune of the reference, or a
// country for a birth abroad (INSEE code 99xxx, GET /api/v1/countries),
// picked from one list: « Algérie » or « 99352 » offers the country. A
// well-formed INSEE code typed and not picked (a commune merged since the
// birth, a former country) is kept as typed: the server warns, never
// refuses. opts.initial {code, label}. Returns {input, extras, code(),
// pending()}.
const INSEE_CODE = /^(\d{5}|2[AB]\d{3})$/;
function birthplacePicker(cfg = {}) {
  const picker = comboPicker({
    name: 'birthplace',
    listLabel: 'Communes et pays proposés',
    min: 2,
    search: async (q) => {
      const qs = new URLSearchParams({ q });
      const [communes, countries] = await Promise.all([
        api('GET', `/api/v1/communes?${qs}`).then((r) => r.items || []),
        api('GET', `/api/v1/countries?${qs}`).then((r) => r.items || [])]);
      const abroad = countries.map((c) => ({ ...c, country: true }));
      return q.startsWith('99') ? [...abroad, ...communes] : [...communes, ...abroad];
    },
    text: (c) => (c.country ? c.name : c.postal_codes ? communeName(c) : c.name),
    option: (c) => (c.country
      ? [h('span', { class: 'option-name' }, c.name),
        h('span', { class: 'option-meta' }, `pays${c.until ? ` (jusqu'en ${c.until})` : ''} · ${c.code}`)]
      : [h('span', { class: 'option-name' }, communeName(c)),
        h('span', { class: 'option-meta' }, `dép. ${c.departement}`)]),
    chosen: (c) => [c.country ? 'Pays de naissance : ' : 'Commune de naissance : ',
      h('strong', null, c.name), ` — code INSEE ${c.code}`],
    found: (n) => `${n} lieu${n > 1 ? 'x' : ''} proposé${n > 1 ? 's' : ''}`,
    none: (q) => `Aucune commune ni aucun pays ne correspond à « ${q} ».`,
    initial: cfg.initial ? { code: cfg.initial.code, name: cfg.initial.label } : null,
    quietInitial: true,
  });
  const typed = () => picker.input.value.trim().toUpperCase();
  return {
    input: picker.input,
    extras: picker.extras,
    code: () => (picker.value() ? picker.value().code : INSEE_CODE.test(typed()) ? typed() : ''),
    pending: () => picker.pending() && !INSEE_CODE.test(typed()),
  };
}

// Reusable ARIA combobox (input + listbox), the pattern of the
// commune field: search(q) → items after cfg.min characters (debounced),
// arrows move, Enter chooses, Escape closes.
// cfg: {name, listLabel, min, search, text(item), option(item) → nodes,
// chosen(item) → nodes, initial, quietInitial (the initial value without
// the « chosen » line), found(n) and none(q) → status texts}. Returns
// {input, extras, value(), pending(), set(item)}.
function comboPicker(cfg) {
  const listId = uid('choix');
  const input = h('input', { type: 'text', name: cfg.name, role: 'combobox',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    autocomplete: 'off', spellcheck: 'false', maxlength: '100' });
  const list = h('ul', { id: listId, role: 'listbox', class: 'listbox',
    'aria-label': cfg.listLabel });
  list.hidden = true;
  const status = h('p', { class: 'combo-status', role: 'status' });
  const chosenBox = h('p', { class: 'combo-chosen' });
  let items = [];
  let active = -1;
  let chosen = null;
  let timer = null;
  let seq = 0;

  const open = (yes) => {
    list.hidden = !yes;
    input.setAttribute('aria-expanded', yes ? 'true' : 'false');
    if (!yes) {
      active = -1;
      input.removeAttribute('aria-activedescendant');
    }
  };
  const highlight = (i) => {
    active = i;
    const opts = list.querySelectorAll('[role="option"]');
    opts.forEach((o, j) => o.setAttribute('aria-selected', j === i ? 'true' : 'false'));
    if (i >= 0 && opts[i]) {
      input.setAttribute('aria-activedescendant', opts[i].id);
      opts[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const choose = (item) => {
    chosen = item;
    input.value = item ? cfg.text(item) : '';
    open(false);
    clear(chosenBox);
    status.textContent = '';
    if (item && cfg.chosen) append(chosenBox, cfg.chosen(item));
  };
  const show = (found, q) => {
    items = found;
    clear(list);
    items.forEach((it, i) => {
      const li = h('li', { role: 'option', id: `${listId}-${i}`, class: 'option',
        'aria-selected': 'false' }, cfg.option(it));
      // mousedown would blur the field and close the list first.
      li.addEventListener('mousedown', (ev) => ev.preventDefault());
      li.addEventListener('click', () => {
        choose(it);
        input.focus();
      });
      list.appendChild(li);
    });
    if (items.length) {
      const s = items.length > 1 ? 's' : '';
      status.textContent = `${cfg.found ? cfg.found(items.length)
        : `${items.length} résultat${s}`} : flèches pour parcourir, Entrée pour choisir.`;
      open(true);
      highlight(-1);
    } else {
      status.textContent = cfg.none ? cfg.none(q) : `Aucun résultat pour « ${q} ».`;
      open(false);
    }
  };
  const search = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (q.length < (cfg.min || 2)) {
      items = [];
      open(false);
      status.textContent = '';
      return;
    }
    let found;
    try {
      found = await cfg.search(q);
    } catch (e) {
      if (mine !== seq) return;
      open(false);
      status.textContent = e.message;
      return;
    }
    if (mine !== seq || chosen) return;
    show(found, q);
  };

  input.addEventListener('input', () => {
    chosen = null;
    clear(chosenBox);
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener('keydown', (ev) => {
    const isOpen = !list.hidden && items.length > 0;
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      if (!isOpen && items.length && !chosen) open(true);
      if (items.length) highlight(Math.min(items.length - 1, active + 1));
    } else if (ev.key === 'ArrowUp') {
      if (!isOpen) return;
      ev.preventDefault();
      highlight(Math.max(0, active - 1));
    } else if (ev.key === 'Enter') {
      if (isOpen && (active >= 0 || items.length === 1)) {
        ev.preventDefault();
        choose(items[Math.max(0, active)]);
      }
    } else if (ev.key === 'Escape' && isOpen) {
      ev.preventDefault();
      ev.stopPropagation();
      status.textContent = '';
      open(false);
    }
  });
  input.addEventListener('blur', () => {
    if (!list.hidden) status.textContent = '';
    open(false);
  });
  if (cfg.initial && cfg.quietInitial) {
    chosen = cfg.initial;
    input.value = cfg.text(cfg.initial);
  } else if (cfg.initial) {
    choose(cfg.initial);
  }

  return {
    input,
    extras: [h('div', { class: 'combo' }, list), status, chosenBox],
    value: () => chosen,
    pending: () => !chosen && input.value.trim() !== '',
    set: choose,
  };
}

// The message left for this page by the previous one (and forgotten).
function takeFlash(id, page) {
  const f = state.flash;
  state.flash = null;
  return f && f.id === id && (f.page || 'personne') === page ? f : null;
}

// The message left by the previous page: a record just created (with its
// possible duplicates) or an AGGIR evaluation just saved.
function flashView(f) {
  const out = [h('p', { class: 'flash', role: 'status' }, f.message)];
  // The server's warnings on what was saved (not refusals), e.g. a
  // birthplace code absent from the commune reference.
  if (f.warnings && f.warnings.length) {
    const titleId = uid('averti');
    out.push(h('section', { class: 'duplicate-warning', role: 'status',
      'aria-labelledby': titleId },
    h('h2', { id: titleId }, 'À vérifier'),
    h('ul', { class: 'plain-list' }, f.warnings.map((w) => h('li', null, w)))));
  }
  if (f.duplicates && f.duplicates.length) {
    const titleId = uid('doublon');
    const ul = h('ul', { class: 'plain-list' });
    for (const d of f.duplicates) {
      ul.appendChild(h('li', null,
        h('a', { href: `#/personnes/${d.id}` }, d.label),
        d.meta ? h('span', { class: 'item-meta' }, d.meta) : null));
    }
    out.push(h('section', { class: 'duplicate-warning', role: 'alert',
      'aria-labelledby': titleId },
    h('h2', { id: titleId }, 'Doublon possible'),
    h('p', null, f.duplicates.length > 1
      ? 'Des dossiers existants ont des traits d\'identité proches de ceux '
        + 'saisis. Vérifiez qu\'il ne s\'agit pas de la même personne avant '
        + 'de poursuivre :'
      : 'Un dossier existant a des traits d\'identité proches de ceux '
        + 'saisis. Vérifiez qu\'il ne s\'agit pas de la même personne avant '
        + 'de poursuivre :'),
    ul));
  }
  return out;
}

// 'xxxxx yyyyy zzzzz …' → 'xxxxx, yyyyy, zzzzz…' (Paris has 21 codes).
function postalCodes(list) {
  const codes = String(list || '').split(/[\s,;]+/).filter(Boolean);
  if (codes.length <= 3) return codes.join(', ');
  return `${codes.slice(0, 3).join(', ')}…`;
}

function communeName(c) {
  const pc = postalCodes(c.postal_codes);
  return pc ? `${c.name} (${pc})` : c.name;
}

function volet2Badge() {
  return h('span', { class: 'badge badge-volet2' }, 'volet 2');
}

// A record part while it loads: its title and « Chargement… »; the
// part's loader fills .part-body (or removes the part on a 403).
function placeholderSection(idBase, title, dataAttr) {
  const id = uid(idBase);
  return h('section', { class: 'card', 'aria-labelledby': id, [dataAttr]: '' },
    h('h2', { id }, title),
    h('div', { class: 'part-body' }, h('p', { class: 'muted' }, 'Chargement…')));
}

// The loader of a placeholder part (placeholderSection) whose code is
// loaded on first use: load() is `() => import('./x.js')`, fill(module,
// ctx, person, section) fills the part, only if the page is still shown.
// A module that cannot be fetched (no network) says so in the part.
function lazyFill(load, fill) {
  return (ctx, p, section) => {
    // Its code already there: filled now, in the page's own task.
    const m = loadedModule(load);
    if (m) {
      fill(m, ctx, p, section);
      return Promise.resolve();
    }
    return lazyFillLater(load, fill, ctx, p, section);
  };
}

function lazyFillLater(load, fill, ctx, p, section) {
  return loadModule(load).then((m) => {
    if (ctx.alive()) fill(m, ctx, p, section);
  }, () => {
    if (!ctx.alive()) return;
    const box = section.querySelector('.part-body');
    clear(box);
    box.appendChild(h('p', { class: 'muted' }, 'Cette partie n\'a pas pu être chargée : '
      + 'vérifiez la connexion puis réessayez.'));
  });
}

// GET for a part: its answer (the one the record brought, else its
// route's), or null once the part shows why not.
async function loadPart(ctx, section, path) {
  const box = section.querySelector('.part-body');
  try {
    const data = await partGet(ctx, path);
    return ctx.alive() ? data : null;
  } catch (e) {
    if (!ctx.alive()) return null;
    if (e.status === 403) {
      section.remove();
    } else {
      clear(box);
      box.appendChild(h('p', { class: 'muted' }, e.message));
    }
    return null;
  }
}

export {
  PAGE_SIZE, birthplacePicker, comboPicker, communeName, communePicker, describePersons, flashView,
  lazyFill,
  loadPart, placeholderSection, takeFlash, volet2Badge,
};

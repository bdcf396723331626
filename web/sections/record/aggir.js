// Maillage — the AGGIR evaluation page (#/personnes/12/aggir, DOMAIN
// §1): the detailed grid or the ten letters. The letters and the GIR are
// always computed by the server (POST /api/v1/aggir).

import { api } from '../../core/api.js';
import { append, clear, h, uid } from '../../core/dom.js';
import { bornWord, frDate, personName, todayIso } from '../../core/format.js';
import { alertBox, formField, setAlert } from '../../core/forms.js';
import { focusTitle, pageMessage } from '../../core/router.js';
import { state } from '../../core/session.js';
import { AGGIR_ADVERBS, AGGIR_SUBVARIABLES, AGGIR_VARIABLES } from './codes.js';
import { can } from '../../core/perm.js';

// params ?demande=7: opened from that referral, which it returns to.
async function pageAggir(ctx, id, params) {
  const rid = Number.parseInt((params && params.get('demande')) || '', 10);
  const home = rid > 0 ? { href: `#/demandes/${rid}`, id: rid, page: 'demande',
    back: '← Retour à la demande' }
    : { href: `#/personnes/${id}`, id, page: 'personne', back: '← Retour au dossier' };
  if (!can(state.user, 'person.read')) {
    pageMessage(ctx, 'Évaluation AGGIR', 'Le rôle Administrateur technique ne '
      + 'donne pas accès aux dossiers des personnes.');
    return;
  }
  const back = h('p', { class: 'back' },
    h('a', { href: home.href }, home.back));
  const who = h('p', { class: 'page-sub' });
  const alert = alertBox();
  const body = h('div', null, h('p', { class: 'muted' }, 'Chargement du dossier…'));
  append(ctx.main, [back, h('h1', { id: 'aggir-titre' }, 'Évaluation AGGIR'), who,
    alert, body]);
  focusTitle(ctx.main, 'Évaluation AGGIR');

  let p;
  try {
    p = await api('GET', `/api/v1/persons/${id}`, undefined, ctx);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(body);
    setAlert(alert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  clear(body);
  who.textContent = [personName(p),
    p.birth_date ? `${bornWord(p)} le ${frDate(p.birth_date)}` : ''].filter(Boolean).join(', ');
  document.title = `Évaluation AGGIR — ${personName(p)} — Maillage`;
  const access = p.access || { write: [] };
  if (!(access.write || []).includes('soins')) {
    body.appendChild(h('p', { class: 'notice' }, 'Votre profil ne permet pas '
      + 'd\'enregistrer une évaluation AGGIR dans ce dossier.'));
    return;
  }
  body.appendChild(aggirForm(ctx, p, home));
}

function aggirForm(ctx, p, home) {
  const today = todayIso();
  const date = formField('Date de l\'évaluation', h('input', { type: 'date',
    name: 'evaluated_on', value: today, max: today,
    min: p.birth_date || undefined }), { required: true });

  // Input mode: the detailed grid or the ten letters.
  const modeName = uid('mode');
  const modeGrid = h('input', { type: 'radio', name: modeName, value: 'answers',
    id: uid('mode') });
  const modeLetters = h('input', { type: 'radio', name: modeName, value: 'letters',
    id: uid('mode') });
  modeGrid.checked = true;
  const modeSet = h('fieldset', { class: 'choice-group' },
    h('legend', null, 'Mode de saisie'),
    h('div', { class: 'choice' }, modeGrid,
      h('label', { for: modeGrid.id }, 'Grille détaillée (S, T, C, H par sous-variable)')),
    h('div', { class: 'choice' }, modeLetters,
      h('label', { for: modeLetters.id }, 'Saisir les dix lettres')));

  // The 17 sub-variables, one fieldset each, four adverbs each.
  const boxes = {};  // code → {s, t, c, h: checkbox}
  const nones = {};  // code → the « none of them » checkbox (letter C)
  const groups = {};
  const gridSets = AGGIR_SUBVARIABLES.map(([code, label]) => {
    boxes[code] = {};
    // The whole box is the label. The key letter (S, T, C, H) is the
    // word's first letter, set off by CSS (::first-letter): the label
    // reads « Spontanément ».
    const chips = AGGIR_ADVERBS.map(([k, word]) => {
      const cb = h('input', { type: 'checkbox', name: `${code}.${k}`, id: uid('adv'),
        'data-sub': code, 'data-adverb': k });
      boxes[code][k] = cb;
      return h('label', { class: 'adverb', for: cb.id }, cb,
        h('span', { class: 'adverb-word' }, word));
    });
    // An unanswered sub-variable and one the person does not do alone
    // (C) both have no adverb checked: the latter is said explicitly.
    const none = h('input', { type: 'checkbox', name: `${code}.none`, id: uid('adv'),
      'data-sub': code, 'data-adverb': 'none' });
    nones[code] = none;
    const set = h('fieldset', { class: 'subvar', 'data-sub': code },
      h('legend', null, label), h('div', { class: 'adverbs' }, chips),
      h('label', { class: 'adverb adverb-none', for: none.id }, none,
        h('span', null, 'Aucun : ne le fait pas seule')));
    groups[code] = set;
    return set;
  });
  const allOn = h('button', { type: 'button', class: 'btn btn-small' }, 'Tout cocher');
  const allOff = h('button', { type: 'button', class: 'btn btn-small' }, 'Tout décocher');
  const gridBox = h('section', { class: 'card aggir-grid', 'aria-labelledby': 'grille-titre' },
    h('h2', { id: 'grille-titre' }, 'Grille par sous-variables'),
    h('p', { class: 'hint' }, 'Cochez ce que la personne fait seule, sans aide '
      + 'humaine (aides techniques comprises) : S spontanément, T totalement, '
      + 'C correctement, H habituellement. Quatre cases cochées donnent A, '
      + '« Aucun » donne C, sinon B. Le GIR est calculé quand les 17 '
      + 'sous-variables sont renseignées.'),
    h('div', { class: 'form-actions grid-tools' }, allOn, allOff),
    gridSets);

  // The ten letters.
  const letters = formField('Les dix lettres', h('input', { type: 'text',
    name: 'letters', maxlength: '14', autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'characters', class: 'input-letters' }),
  { hint: 'Une lettre A, B ou C par variable, dans l\'ordre : COH ORI TOI HAB '
    + 'ALI ELI TRA DIN DEX COM. Exemple : AACCAAAAAA.' });
  const lettersBox = h('section', { class: 'card', 'aria-labelledby': 'lettres-titre' },
    h('h2', { id: 'lettres-titre' }, 'Grille en dix lettres'), letters.wrap);
  lettersBox.hidden = true;

  const note = formField('Commentaire', h('textarea', { name: 'note', rows: '3',
    maxlength: '1000' }), { hint: 'Facultatif : contexte de l\'évaluation, '
    + 'personnes présentes.' });

  // Live result.
  const girLive = h('p', { class: 'gir-live', role: 'status' }, '…');
  const rankLine = h('p', { class: 'muted gir-rank' });
  const letterCells = {};
  const lettersList = h('dl', { class: 'var-letters' },
    AGGIR_VARIABLES.map(([code, label]) => {
      letterCells[code] = h('dd', null, '–');
      return h('div', null,
        h('dt', null, h('abbr', { title: label }, code)), letterCells[code]);
    }));
  const result = h('aside', { class: 'card aggir-result', 'aria-labelledby': 'resultat-titre' },
    h('h2', { id: 'resultat-titre' }, 'Résultat calculé'),
    girLive, rankLine,
    h('p', { class: 'var-letters-title' }, 'Lettres des dix variables'),
    lettersList,
    h('p', { class: 'hint' }, 'Calculé par le serveur à chaque modification '
      + '(CASF, annexes 2-1 et 2-2).'));

  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' },
    'Enregistrer l\'évaluation');
  const form = h('form', { class: 'aggir-form', novalidate: true,
    'aria-labelledby': 'aggir-titre' },
  h('div', { class: 'aggir-layout' },
    h('div', { class: 'aggir-main' },
      h('div', { class: 'card' }, date.wrap, modeSet),
      gridBox, lettersBox),
    result),
  h('div', { class: 'card' }, note.wrap),
  alert,
  h('div', { class: 'form-actions' }, submit,
    h('a', { href: home.href, class: 'btn' }, 'Annuler')));

  const mode = () => (modeLetters.checked ? 'letters' : 'answers');
  // A sub-variable is answered by an adverb or by « Aucun ».
  const unanswered = () => AGGIR_SUBVARIABLES.map(([code]) => code).filter((code) =>
    !nones[code].checked && !Object.values(boxes[code]).some((cb) => cb.checked));
  const answers = () => Object.fromEntries(AGGIR_SUBVARIABLES.map(([code]) =>
    [code, Object.fromEntries(AGGIR_ADVERBS.map(([k]) => [k, boxes[code][k].checked]))]));
  const lettersValue = () => letters.input.value.replace(/[\s.,;-]+/g, '').toUpperCase();
  const grid = () => (mode() === 'letters'
    ? { letters: lettersValue() } : { answers: answers() });

  const showResult = (r) => {
    if (!r) {
      girLive.textContent = '…';
      rankLine.textContent = '';
      for (const dd of Object.values(letterCells)) dd.textContent = '–';
      result.classList.remove('has-gir');
      return;
    }
    girLive.textContent = `GIR ${r.gir}`;
    rankLine.textContent = `Rang ${r.rank} sur 13 — grille ${r.letters}`;
    for (const v of r.variables || []) {
      if (letterCells[v.code]) letterCells[v.code].textContent = v.letter;
    }
    result.classList.add('has-gir');
  };

  let seq = 0;
  let timer = null;
  const compute = async () => {
    const mine = ++seq;
    const g = grid();
    if (g.letters !== undefined) {
      letters.setError('');
      if (g.letters.length !== 10) {
        showResult(null);
        girLive.textContent = g.letters.length
          ? `${g.letters.length} lettre${g.letters.length > 1 ? 's' : ''} sur 10`
          : 'Saisissez les dix lettres';
        return;
      }
    } else {
      // No GIR for an incomplete grid (an empty one would read GIR 1).
      const left = unanswered().length;
      if (left) {
        showResult(null);
        const done = AGGIR_SUBVARIABLES.length - left;
        girLive.textContent = `GIR non calculé : ${done} sous-variable${done > 1 ? 's' : ''} `
          + `renseignée${done > 1 ? 's' : ''} sur ${AGGIR_SUBVARIABLES.length}`;
        return;
      }
    }
    let r;
    try {
      r = await api('POST', '/api/v1/aggir', g);
    } catch (e) {
      if (mine !== seq || !ctx.alive()) return;
      showResult(null);
      girLive.textContent = 'Calcul impossible';
      rankLine.textContent = e.message;
      if (e.field === 'letters') letters.setError(e.message);
      return;
    }
    if (mine !== seq || !ctx.alive()) return;
    showResult(r);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(compute, 150);
  };

  // « Aucun » and the adverbs of a sub-variable exclude each other.
  gridBox.addEventListener('change', (ev) => {
    const cb = ev.target;
    const code = cb.dataset && cb.dataset.sub;
    if (code && cb.checked) {
      if (cb === nones[code]) Object.values(boxes[code]).forEach((x) => { x.checked = false; });
      else nones[code].checked = false;
    }
    if (code) groups[code].classList.remove('has-error');
    schedule();
  });
  letters.input.addEventListener('input', schedule);
  const setAll = (on) => {
    for (const code of Object.keys(boxes)) {
      for (const cb of Object.values(boxes[code])) cb.checked = on;
      nones[code].checked = false;
    }
    schedule();
  };
  allOn.addEventListener('click', () => setAll(true));
  allOff.addEventListener('click', () => setAll(false));
  const switchMode = () => {
    const isLetters = mode() === 'letters';
    gridBox.hidden = isLetters;
    lettersBox.hidden = !isLetters;
    schedule();
  };
  modeGrid.addEventListener('change', switchMode);
  modeLetters.addEventListener('change', switchMode);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    date.setError('');
    letters.setError('');
    for (const set of Object.values(groups)) set.classList.remove('has-error');
    const left = mode() === 'letters' ? [] : unanswered();
    if (left.length) {
      left.forEach((code) => groups[code].classList.add('has-error'));
      setAlert(alert, `Grille incomplète : ${left.length} sous-variable${left.length > 1 ? 's' : ''}`
        + ` sans réponse (${left.map((code) => groups[code].querySelector('legend')
          .textContent).join(', ')}). Cochez les adverbes ou « Aucun ».`);
      boxes[left[0]].s.focus();
      return;
    }
    const body = { evaluated_on: date.input.value, ...grid() };
    const text = note.input.value.trim();
    if (text) body.note = text;
    if (!body.evaluated_on) delete body.evaluated_on;
    submit.disabled = true;
    let saved;
    try {
      saved = await api('POST', `/api/v1/persons/${p.id}/aggir`, body);
    } catch (e) {
      submit.disabled = false;
      if (!ctx.alive()) return;
      setAlert(alert, e.message);
      if (e.field === 'evaluated_on') {
        date.setError(e.message);
        date.input.focus();
      } else if (e.field === 'letters' || e.field === 'note') {
        const x = e.field === 'letters' ? letters : note;
        x.setError(e.message);
        x.input.focus();
      } else if (e.field && groups[e.field]) {
        groups[e.field].classList.add('has-error');
        boxes[e.field].s.focus();
      }
      return;
    }
    if (!ctx.alive()) return;
    state.flash = { id: home.id, page: home.page, message: `Évaluation AGGIR du `
      + `${frDate(saved.evaluated_on)} enregistrée : GIR ${saved.gir}.` };
    location.hash = home.href;
  });

  schedule();
  return form;
}
// professionals and conventions; the partnership dashboard.

export { pageAggir };

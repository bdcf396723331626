// Maillage — the validation of account requests by the direction, the
// coordination and the CRT doctor (#/comptes), and the one-time password
// shown once an account is created.

import { api } from '../../core/api.js';
import { append, clear, h } from '../../core/dom.js';
import { frDateTime } from '../../core/format.js';
import { alertBox, setAlert } from '../../core/forms.js';
import { focusTitle, pageMessage } from '../../core/router.js';
import { state } from '../../core/session.js';
import { can } from '../../core/perm.js';

function requestSummary(q) {
  const what = [];
  if (q.kind === 'create') what.push(`Création du compte « ${q.login} » (${q.display_name || ''})`);
  else what.push(`Compte « ${q.login} »`);
  if (q.role_label) what.push(`rôle : ${q.role_label}`);
  if (q.profession_label) what.push(`profession : ${q.profession_label}`);
  if (q.org_id && q.kind !== 'create') what.push('changement de structure');
  if (q.disabled === false) what.push('réactivation');
  if (q.reset_password) what.push('réinitialisation du mot de passe');
  return what.join(' — ');
}

// The administrator's requests; with `decide`, Valider / Refuser buttons.
function renderRequests(box, items, decide) {
  clear(box);
  if (!items.length) {
    box.appendChild(h('p', { class: 'muted' }, 'Aucune demande en attente.'));
    return;
  }
  const ul = h('ul', { class: 'plain-list requests' });
  for (const q of items) {
    const li = h('li', { class: 'item', 'data-request-id': q.id },
      h('span', { class: 'item-title' }, requestSummary(q)),
      h('span', { class: 'item-meta' }, `Demandé par ${q.requested_by_name || '?'} le `
        + `${frDateTime(q.requested_at, true)}`));
    if (decide && q.may_approve === false) {
      // Issue 8 review: the approver's reading rights must cover the account's.
      li.appendChild(h('p', { class: 'item-meta may-not-approve' }, 'Ce compte accède à des informations '
        + 'que votre rôle ne permet pas de lire (ou il vous concerne) : la coordination ou le médecin '
        + 'du CRT doit la valider.'));
    } else if (decide) {
      const ok = h('button', { type: 'button', class: 'btn btn-primary btn-small',
        'aria-label': `Valider la demande : ${requestSummary(q)}` }, 'Valider');
      const no = h('button', { type: 'button', class: 'btn btn-small',
        'aria-label': `Refuser la demande : ${requestSummary(q)}` }, 'Refuser');
      ok.addEventListener('click', () => decide(q, true, ok, no));
      no.addEventListener('click', () => decide(q, false, ok, no));
      li.appendChild(h('div', { class: 'form-actions' }, ok, no));
    }
    ul.appendChild(li);
  }
  box.appendChild(ul);
}

// Direction, coordination and the CRT doctor: approve or refuse the
// administrator's requests on accounts that read records (never their
// own account; only those whose reads their own cover: may_approve).
async function pageComptes(ctx) {
  if (!can(state.user, 'accounts.approve')) {
    pageMessage(ctx, 'Validation des comptes', 'Cette page est réservée à la direction, à la coordination '
      + 'et au médecin du CRT.');
    return;
  }
  const alert = alertBox();
  const result = h('div', { class: 'created', role: 'status' });
  const box = h('div', null, h('p', { class: 'muted' }, 'Chargement des demandes…'));
  append(ctx.main, [
    h('h1', null, 'Validation des comptes'),
    h('p', { class: 'muted' }, 'L\'administrateur technique n\'accède pas aux dossiers : un compte qui '
      + 'y accède n\'est créé, réactivé, modifié ou réinitialisé qu\'avec votre validation. '
      + 'À la validation, le mot de passe provisoire vous est affiché une seule fois : remettez-le '
      + 'à la personne par un moyen sûr.'),
    alert, result,
    h('section', { class: 'card', 'aria-labelledby': 'demandes' },
      h('h2', { id: 'demandes' }, 'Demandes en attente'), box),
  ]);
  focusTitle(ctx.main, 'Validation des comptes');
  const load = async () => {
    let r;
    try {
      r = await api('GET', '/api/v1/account-requests?status=pending', undefined, ctx);
    } catch (e) {
      if (ctx.alive()) setAlert(alert, e.message);
      return;
    }
    if (!ctx.alive()) return;
    renderRequests(box, r.items || [], decide);
  };
  const decide = async (q, approve, ok, no) => {
    setAlert(alert, '');
    ok.disabled = true;
    no.disabled = true;
    let r;
    try {
      r = await api('POST', `/api/v1/account-requests/${q.id}/${approve ? 'approve' : 'reject'}`, {});
    } catch (e) {
      ok.disabled = false;
      no.disabled = false;
      setAlert(alert, e.message);
      return;
    }
    if (!ctx.alive()) return;
    if (approve && r.user) {
      showCreated(result, { ...r.user, password: r.password });
      result.querySelector('.created-title').textContent = `Demande validée : compte « ${r.user.login} » `
        + `(${r.user.display_name}).`;
    } else {
      clear(result);
      result.appendChild(h('p', { class: 'created-title' }, `Demande refusée : ${requestSummary(q)}.`));
      result.classList.add('is-shown');
    }
    load();
  };
  load();
}

function showCreated(box, u) {
  clear(box);
  const parts = [h('p', { class: 'created-title' },
    `Compte « ${u.login} » créé pour ${u.display_name}.`)];
  if (u.password) {
    const pw = h('code', { class: 'password' }, u.password);
    const copy = h('button', { type: 'button', class: 'btn btn-small' }, 'Copier');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(u.password);
        copy.textContent = 'Copié';
      } catch {
        const range = document.createRange();
        range.selectNodeContents(pw);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      }
    });
    parts.push(h('p', null, 'Mot de passe provisoire : ', pw, ' ', copy));
    parts.push(h('p', { class: 'warning-text' }, 'Ce mot de passe n\'est affiché '
      + 'qu\'une seule fois : notez-le maintenant et transmettez-le à la '
      + 'personne par un moyen sûr. Il ne pourra plus être consulté.'));
  }
  append(box, parts);
  box.classList.add('is-shown');
}

export { pageComptes, renderRequests, showCreated };

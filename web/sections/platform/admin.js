// Maillage — the technical administration (#/admin): the accounts, their
// roles and professions, creation, disabling, and the account requests.

import { api } from '../../core/api.js';
import { append, clear, h } from '../../core/dom.js';
import { alertBox, field, select, setAlert } from '../../core/forms.js';
import { focusTitle, pageMessage } from '../../core/router.js';
import { state } from '../../core/session.js';
import { renderRequests, showCreated } from './accounts.js';
import { can } from '../../core/perm.js';

async function pageAdmin(ctx) {
  if (!can(state.user, 'users.manage')) {
    pageMessage(ctx, 'Administration', 'Cette page est réservée à '
      + 'l\'administrateur technique.');
    return;
  }
  const listAlert = alertBox();
  const listBox = h('div', { class: 'results' }, h('p', { class: 'muted' }, 'Chargement des comptes…'));
  const formBox = h('div');
  const pendingBox = h('div');
  append(ctx.main, [
    h('h1', null, 'Administration'),
    h('section', { class: 'card', 'aria-labelledby': 'comptes' },
      h('h2', { id: 'comptes' }, 'Comptes des professionnels'), listAlert, listBox),
    h('section', { class: 'card', 'aria-labelledby': 'demandes-comptes' },
      h('h2', { id: 'demandes-comptes' }, 'Demandes en attente de validation'),
      h('p', { class: 'muted' }, 'Un compte qui accède aux dossiers (soins, social, médical) '
        + 'n\'est créé, réactivé, modifié ou réinitialisé qu\'après validation par la direction '
        + 'ou la coordination, qui remet le mot de passe provisoire.'),
      pendingBox),
    formBox,
  ]);
  const loadPending = async () => {
    try {
      const r = await api('GET', '/api/v1/account-requests?status=pending', undefined, ctx);
      if (!ctx.alive()) return;
      renderRequests(pendingBox, r.items || [], null);
    } catch (e) {
      if (ctx.alive()) { clear(pendingBox); pendingBox.appendChild(h('p', { role: 'alert' }, e.message)); }
    }
  };
  loadPending();
  focusTitle(ctx.main, 'Administration');

  let users, orgs, meta;
  try {
    [users, orgs, meta] = await Promise.all([
      api('GET', '/api/v1/users', undefined, ctx),
      api('GET', '/api/v1/orgs', undefined, ctx),
      state.meta ? Promise.resolve(state.meta) : api('GET', '/api/v1/meta', undefined, ctx),
    ]);
  } catch (e) {
    if (!ctx.alive()) return;
    clear(listBox);
    setAlert(listAlert, e.message);
    return;
  }
  if (!ctx.alive()) return;
  state.meta = meta;
  // A proche account (issue 11) is made from a person's record, never
  // here: its role and profession are not offered.
  const notProche = (r) => r.code !== 'proche';
  const lists = {
    roles: (meta.roles || []).filter(notProche).map((r) => ({ value: r.code, label: r.label })),
    profs: (meta.professions || []).filter(notProche).map((r) => ({ value: r.code, label: r.label })),
    orgs: (orgs.items || []).map((o) => ({ value: String(o.id), label: o.name, self: o.is_self })),
  };

  // Reloads the list; opts.created marks a new login, opts.focus gives
  // {id, action} of the button to focus again after the re-render.
  const refresh = async (opts = {}) => {
    let fresh;
    try {
      fresh = await api('GET', '/api/v1/users', undefined, ctx);
    } catch (e) {
      setAlert(listAlert, e.message);
      return;
    }
    if (!ctx.alive()) return;
    renderUsers(listBox, listAlert, fresh.items || [], lists, refresh, opts.created);
    loadPending();
    if (opts.focus) {
      const again = listBox.querySelector(`tr[data-user-id="${opts.focus.id}"] `
        + `[data-action="${opts.focus.action}"]`);
      if (again && !again.disabled) again.focus();
    }
  };
  renderUsers(listBox, listAlert, users.items || [], lists, refresh);
  formBox.appendChild(userCreateForm(ctx, lists, refresh));
}

function renderUsers(box, alert, users, lists, refresh, focusLogin) {
  clear(box);
  const tbody = h('tbody');
  const table = h('table', { class: 'table table-cards table-cards-md users' },
    h('caption', { class: 'visually-hidden' }, 'Comptes des professionnels'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Nom et identifiant'),
      h('th', { scope: 'col' }, 'Rôle et profession'),
      h('th', { scope: 'col' }, 'Structure'),
      h('th', { scope: 'col' }, 'État'),
      h('th', { scope: 'col' }, 'Actions'))),
    tbody);
  for (const u of users) {
    tbody.appendChild(userRow(u, alert, lists, refresh, focusLogin));
  }
  box.appendChild(table);
}

function userRow(u, alert, lists, refresh, focusLogin) {
  const self = state.user && u.id === state.user.id;
  const edit = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'edit',
    'aria-label': `Modifier le rôle et la profession de ${u.display_name}` }, 'Modifier');
  const toggle = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'toggle',
    'aria-label': `${u.disabled ? 'Réactiver' : 'Désactiver'} le compte de ${u.display_name}` },
  u.disabled ? 'Réactiver' : 'Désactiver');
  if (self) toggle.disabled = true;  // the server refuses it anyway
  // A proche account: the administrator may only disable it (the
  // coordination manages it from the person's record).
  const proche = u.role === 'proche';
  const actions = h('td', { 'data-label': 'Actions', class: 'actions' },
    h('div', { class: 'form-actions' }, proche ? null : edit, proche && u.disabled ? null : toggle));
  const tr = h('tr', { class: u.disabled ? 'is-disabled' : null, 'data-user-id': u.id },
    h('td', { 'data-label': 'Nom et identifiant' }, h('div', null,
      h('span', { class: 'item-title' }, u.display_name || ''),
      h('span', { class: 'item-meta' }, 'Identifiant : ', h('code', null, u.login || '')))),
    h('td', { 'data-label': 'Rôle et profession' }, h('div', null,
      h('span', { class: 'item-title' }, u.role_label || u.role || ''),
      h('span', { class: 'item-meta' }, u.profession_label || u.profession || ''))),
    h('td', { 'data-label': 'Structure' }, u.org_name || ''),
    h('td', { 'data-label': 'État' },
      h('span', { class: `badge ${u.disabled ? 'state-off' : 'state-on'}` },
        u.disabled ? 'Désactivé' : 'Actif')),
    actions);

  toggle.addEventListener('click', async () => {
    setAlert(alert, '');
    toggle.disabled = true;
    let r;
    try {
      r = await api('PATCH', `/api/v1/users/${u.id}`, { disabled: !u.disabled });
    } catch (e) {
      toggle.disabled = false;
      setAlert(alert, e.message);
      return;
    }
    if (r && r.pending) setAlert(alert, r.message);
    refresh({ focus: { id: u.id, action: 'toggle' } });
  });

  edit.addEventListener('click', () => {
    // Inline editor in the actions cell: role and profession.
    const roleSel = select(lists.roles, u.role, { name: 'role' });
    const profSel = select(lists.profs, u.profession, { name: 'profession' });
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Enregistrer');
    const cancel = h('button', { type: 'button', class: 'btn btn-small' }, 'Annuler');
    const form = h('form', { class: 'inline-edit',
      'aria-label': `Modifier ${u.display_name}` },
    field('Rôle', roleSel).wrap, field('Profession', profSel).wrap,
    h('div', { class: 'form-actions' }, save, cancel));
    const restore = () => {
      clear(actions);
      actions.appendChild(h('div', { class: 'form-actions' }, edit, toggle));
      edit.focus();
    };
    cancel.addEventListener('click', restore);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setAlert(alert, '');
      save.disabled = true;
      let r;
      try {
        r = await api('PATCH', `/api/v1/users/${u.id}`,
          { role: roleSel.value, profession: profSel.value });
      } catch (e) {
        save.disabled = false;
        setAlert(alert, e.message);
        return;
      }
      if (r && r.pending) setAlert(alert, r.message);
      refresh({ focus: { id: u.id, action: 'edit' } });
    });
    clear(actions);
    actions.appendChild(form);
    roleSel.focus();
  });
  if (focusLogin && focusLogin === u.login) tr.classList.add('is-new');
  return tr;
}

function userCreateForm(ctx, lists, refresh) {
  const login = h('input', { type: 'text', name: 'login', required: true,
    minlength: '2', maxlength: '64', autocomplete: 'off',
    autocapitalize: 'none', spellcheck: 'false' });
  const name = h('input', { type: 'text', name: 'display_name', required: true,
    maxlength: '120', autocomplete: 'off' });
  const role = select([{ value: '', label: 'Choisir un rôle…' }, ...lists.roles], '',
    { name: 'role', required: true });
  const prof = select([{ value: '', label: 'Choisir une profession…' }, ...lists.profs], '',
    { name: 'profession', required: true });
  const selfOrg = lists.orgs.find((o) => o.self);
  const org = select(lists.orgs, selfOrg ? selfOrg.value : '', { name: 'org_id' });
  const alert = alertBox();
  const result = h('div', { class: 'created', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Créer le compte');
  const fields = { login, display_name: name, role, profession: prof, org_id: org };

  const form = h('form', { class: 'card form-grid', novalidate: true,
    'aria-labelledby': 'creer-compte' },
  h('h2', { id: 'creer-compte' }, 'Créer un compte'),
  h('p', { class: 'muted' }, 'Un mot de passe provisoire est généré par le '
    + 'serveur ; il n\'est affiché qu\'une seule fois.'),
  h('div', { class: 'grid' },
    field('Identifiant', login, '2 caractères minimum, sans espace.').wrap,
    field('Nom affiché', name, 'Prénom et nom, tels qu\'ils apparaîtront.').wrap,
    field('Rôle', role, 'Fixe ce que le compte peut faire.').wrap,
    field('Profession', prof, 'Fixe les catégories de données lisibles.').wrap,
    field('Structure', org, 'Organisation du professionnel.').wrap),
  alert,
  h('div', { class: 'form-actions' }, submit),
  result);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    clear(result);
    for (const el of Object.values(fields)) el.removeAttribute('aria-invalid');
    const missing = [['Identifiant', login], ['Nom affiché', name],
      ['Rôle', role], ['Profession', prof]].filter(([, el]) => !el.value.trim());
    if (missing.length) {
      for (const [, el] of missing) el.setAttribute('aria-invalid', 'true');
      setAlert(alert, `Champ${missing.length > 1 ? 's' : ''} obligatoire${missing.length > 1 ? 's' : ''} : `
        + `${missing.map(([l]) => l).join(', ')}.`);
      missing[0][1].focus();
      return;
    }
    const body = {
      login: login.value.trim(),
      display_name: name.value.trim(),
      role: role.value,
      profession: prof.value,
    };
    if (org.value) body.org_id = Number(org.value);
    submit.disabled = true;
    let created;
    try {
      created = await api('POST', '/api/v1/users', body);
    } catch (e) {
      submit.disabled = false;
      setAlert(alert, e.message);
      const bad = e.field && fields[e.field];
      if (bad) {
        bad.setAttribute('aria-invalid', 'true');
        bad.focus();
      }
      return;
    }
    submit.disabled = false;
    if (!ctx.alive()) return;
    form.reset();
    if (selfOrg) org.value = selfOrg.value;
    if (created.pending) {
      clear(result);
      append(result, [h('p', { class: 'created-title' },
        `Demande de compte « ${created.request.login} » envoyée pour validation.`),
      h('p', null, created.message)]);
      result.classList.add('is-shown');
      refresh();
      return;
    }
    showCreated(result, created);
    refresh({ created: created.login });
  });
  return form;
}

export { pageAdmin };

// Maillage — « Changer mon mot de passe » (#/mot-de-passe): everyone,
// from the header; forced right after a login with a one-time password
// (issue 8 review, point 2: such a session reaches only the session
// routes, so every other page shows this form until it is changed).

import { api } from '../../core/api.js';
import { append, clear, h } from '../../core/dom.js';
import { alertBox, field, setAlert } from '../../core/forms.js';
import { focusTitle, render } from '../../core/router.js';
import { state } from '../../core/session.js';

function pageMotDePasse(ctx, forced) {
  const cur = h('input', { type: 'password', name: 'current', autocomplete: 'current-password',
    required: true, maxlength: '256' });
  const next = h('input', { type: 'password', name: 'new', autocomplete: 'new-password',
    required: true, maxlength: '256' });
  const again = h('input', { type: 'password', name: 'again', autocomplete: 'new-password',
    required: true, maxlength: '256' });
  const alert = alertBox();
  const done = h('div', { role: 'status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Enregistrer le mot de passe');
  const form = h('form', { class: 'password-form', novalidate: true },
    field(forced ? 'Mot de passe provisoire' : 'Mot de passe actuel', cur).wrap,
    field('Nouveau mot de passe', next, 'Au moins 12 caractères ; évitez les mots de passe courants, '
      + 'les suites de touches et votre identifiant.').wrap,
    field('Confirmez le nouveau mot de passe', again).wrap,
    alert, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(alert, '');
    if (!cur.value || !next.value) {
      setAlert(alert, 'Saisissez le mot de passe actuel et le nouveau.');
      return;
    }
    if (next.value !== again.value) {
      setAlert(alert, 'Les deux saisies du nouveau mot de passe diffèrent.');
      again.focus();
      return;
    }
    submit.disabled = true;
    try {
      await api('PUT', '/api/v1/session/password', { current: cur.value, new: next.value });
    } catch (e) {
      submit.disabled = false;
      setAlert(alert, e.message);
      return;
    }
    if (!ctx.alive()) return;
    cur.value = next.value = again.value = '';
    submit.disabled = false;
    if (forced) {
      // The session now reaches everything: the labels, then home.
      state.user.must_change_password = false;
      try {
        state.meta = await api('GET', '/api/v1/meta');
      } catch {
        state.meta = null;
      }
      if (location.hash === '#/accueil') render();
      else location.hash = '#/accueil';  // renders through hashchange
      return;
    }
    clear(done);
    done.appendChild(h('p', { class: 'notice' }, 'Mot de passe changé. Vos autres sessions ont été fermées.'));
  });
  append(ctx.main, [
    h('h1', null, 'Changer mon mot de passe'),
    forced ? h('p', { class: 'notice' }, 'Votre mot de passe est provisoire : choisissez-en un nouveau '
      + 'pour accéder à Maillage. Si ce mot de passe provisoire ne fonctionne plus, quelqu\'un l\'a '
      + 'déjà utilisé : prévenez la coordination.') : null,
    done,
    h('section', { class: 'card' }, form),
  ]);
  focusTitle(ctx.main, 'Changer mon mot de passe');
  if (forced) cur.focus();
}

// The pages registered by sections/platform/index.js (with the header
// link, the route and the gate), loaded on first use.
const passwordPages = {
  motDePasse: (ctx) => pageMotDePasse(ctx, false),
  motDePasseForce: (ctx) => pageMotDePasse(ctx, true),
};

export { passwordPages };

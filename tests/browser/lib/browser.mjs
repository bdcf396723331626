// Shared helpers of the browser journeys (STYLE §7 "Browser"): one headless
// Debian chromium per test file, one fresh server (demo database) and one
// browser context per test, script errors and CSP violations collected.
import { before, after } from 'node:test';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, DEMO_PASSWORD } from '../../http/lib/server.mjs';

// Generous: a 2-core CI box, possibly an AddressSanitizer build, and
// Argon2id on every login.
export const STEP = 30_000;
export const TEST = { timeout: 240_000 };

let browser;

// Registers the before/after hooks that launch and close chromium.
export function useBrowser() {
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update',
        '--disable-sync'],
    });
  });
  after(async () => {
    if (browser) await browser.close();
  });
}

// Each test gets its own server (fresh demo database: no login throttling
// or accounts carried over) and its own browser context (own cookies).
// Script errors and CSP violations are collected; every test asserts
// there are none.
// serverOpts go to startServer() (e.g. {db} for a database on a tmpfs).
// contextOpts: more browser-context options (e.g. serviceWorkers: 'block').
export async function open(viewport = { width: 1280, height: 800 }, serverOpts = {},
  contextOpts = {}) {
  const srv = await startServer(serverOpts);
  let context;
  try {
    context = await browser.newContext({ viewport, locale: 'fr-FR', ...contextOpts });
  } catch (e) {
    await stopServer(srv);
    throw e;
  }
  context.setDefaultTimeout(STEP);
  context.setDefaultNavigationTimeout(2 * STEP);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`erreur JS : ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) {
      problems.push(`CSP : ${m.text()}`);
    }
  });
  const others = [];
  return {
    srv, page, problems, others,
    async close() {
      for (const c of others) await c.close();
      await context.close();
      await stopServer(srv);
    },
  };
}

// A second browser context (another person, own cookies) on the same
// server as t, closed with t; its script errors go to t.problems. Returns
// {srv, page, problems} usable with loginAs/loggedIn.
export async function otherContext(t, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR' });
  t.others.push(context);
  context.setDefaultTimeout(STEP);
  context.setDefaultNavigationTimeout(2 * STEP);
  const page = await context.newPage();
  page.on('pageerror', (e) => t.problems.push(`erreur JS (2e contexte) : ${e.message}`));
  return { srv: t.srv, page, problems: t.problems };
}

// srv.stop() waits for an 'exit' event; a server that already died (a
// crash is a signal: exitCode stays null) would never send it again.
export async function stopServer(srv) {
  if (srv.child.exitCode !== null || srv.child.signalCode !== null) {
    srv.db.cleanup();
    return;
  }
  await srv.stop();
}

export async function gotoLogin(t) {
  await t.page.goto(t.srv.base + '/');
  await t.page.getByLabel('Identifiant').waitFor();
}

export async function loginAs(t, who, password = DEMO_PASSWORD) {
  await gotoLogin(t);
  await t.page.getByLabel('Identifiant').fill(who);
  await t.page.getByLabel('Mot de passe').fill(password);
  await t.page.getByRole('button', { name: 'Se connecter' }).click();
}

export function mainNav(page) {
  return page.getByRole('navigation', { name: 'Navigation principale' });
}

// Inputs, selects and textareas without a non-empty associated <label>.
export function unlabelledFields(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden') continue;
      const labels = Array.from(el.labels || []);
      if (!labels.some((l) => l.textContent.trim() !== '')) {
        bad.push(el.outerHTML.slice(0, 120));
      }
    }
    return bad;
  });
}

export function scrollWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

// Goes to a route of the UI (the hash), as a link would.
export function go(page, hash) {
  return page.evaluate((x) => { location.hash = x; }, hash);
}

// Logs in through the form and waits for the home page.
export async function loggedIn(t, who) {
  await loginAs(t, who);
  await mainNav(t.page).waitFor();
  await t.page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor();
  await checkA11y(t.page, `accueil de ${who}`);
}

// A demo person by birth name (the search, which opens no record).
export async function person(api, name) {
  const r = await api.get(`/api/v1/persons?q=${encodeURIComponent(name)}`);
  const p = r.json.items.find((x) => x.birth_name === name.toUpperCase());
  assert.ok(p, `${name} in the demo`);
  return p;
}

// Accessibility (issue 10 §13): axe-core, injected into the page as it
// is, fails the test on any `serious` or `critical` violation (WCAG 2.x
// A/AA rules and axe's best practices). Called after a page is painted;
// `where` names the page in the failure message.
const AXE_SRC = fs.readFileSync(
  fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SRC);
  }
  const found = await page.evaluate(async () => {
    // target-size (WCAG 2.2, 24 px) is off by default in axe: on here.
    const r = await window.axe.run(document, { resultTypes: ['violations'],
      rules: { 'target-size': { enabled: true } } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
      why: (v.nodes[0] && v.nodes[0].failureSummary) || '' }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function checkA11y(page, where = '') {
  // Painted: the parts of a record that load after it are there.
  await page.getByText('Chargement…').first()
    .waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  const bad = await axeViolations(page);
  assert.deepEqual(bad, [], `axe-core, ${where || page.url()} : ${JSON.stringify(bad)}`);
}

// « Se déconnecter »: in the top bar on a desktop, at the end of the menu
// on a phone (unfolded first when folded).
export async function logout(page) {
  const toggle = mainNav(page).getByRole('button', { name: 'Menu' });
  if (await toggle.isVisible() && await toggle.getAttribute('aria-expanded') === 'false') {
    await toggle.click();
  }
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
}

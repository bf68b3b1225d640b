// The console's entry point: the header, the theme, and a small router over the Feishu-shaped browser paths.
import { session, signOut } from './api.js';
import { h, clear } from './ui.js';

const routes = [
  [/^\/$/, () => import('./drive.js').then((m) => m.renderDrive), () => ({ folder: null })],
  [/^\/drive\/folder\/([A-Za-z0-9]+)$/, () => import('./drive.js').then((m) => m.renderDrive), (m) => ({ folder: m[1] })],
  [/^\/tasks$/, () => import('./tasks.js').then((m) => m.renderTasksPage), () => ({})],
  [/^\/docx\/([A-Za-z0-9]+)$/, () => import('./docx.js').then((m) => m.renderDocx), (m) => ({ token: m[1] })],
  [/^\/sheets\/([A-Za-z0-9]+)$/, () => import('./sheet.js').then((m) => m.renderSheet), (m) => ({ token: m[1] })],
  [/^\/base\/([A-Za-z0-9]+)$/, () => import('./bitable.js').then((m) => m.renderBitable), (m) => ({ token: m[1] })],
];

let main;
let cleanup = null;
let context;

function routeOf(path) {
  for (const [pattern, load, params] of routes) {
    const m = pattern.exec(path);
    if (m) return { load, params: params(m) };
  }
  return null;
}

async function render() {
  cleanup?.();
  cleanup = null;
  clear(main);
  const route = routeOf(location.pathname);
  for (const link of document.querySelectorAll('.topbar nav a')) {
    if (link.getAttribute('href') === location.pathname) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!route) {
    main.append(h('h1', 'Not found'), h('p', 'There is no console page at this address. ', h('a', { href: '/' }, 'Open the drive')));
    return;
  }
  const view = await route.load();
  cleanup = (await view(main, route.params, context)) ?? null;
}

export function navigate(path) {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  render();
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function interceptLinks(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin || !routeOf(a.pathname)) return;
  event.preventDefault();
  navigate(a.pathname + a.search);
}

// Theme: follows prefers-color-scheme until the user picks one; the choice is remembered.
const THEME_KEY = 'inkport.theme';
function applyTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme; else delete document.documentElement.dataset.theme;
}
function currentTheme() {
  return document.documentElement.dataset.theme ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}
function themeButton() {
  const button = h('button.theme-toggle', { type: 'button' });
  const label = () => {
    const dark = currentTheme() === 'dark';
    button.textContent = dark ? '◑ Light theme' : '◐ Dark theme';
    button.setAttribute('aria-label', dark ? 'Switch to the light theme' : 'Switch to the dark theme');
  };
  button.addEventListener('click', () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    localStorage.setItem(THEME_KEY, next);
    applyTheme(next);
    label();
  });
  label();
  return button;
}

async function start() {
  applyTheme(localStorage.getItem(THEME_KEY));
  const me = await session();
  if (!me) return;
  context = { me, navigate };
  const who = me.kind === 'user' ? `${me.user_name} (user, via ${me.app_name})` : `${me.app_name} (app ${me.app_id})`;
  main = h('main#main', { tabindex: -1 });
  const app = document.getElementById('app');
  clear(app).append(
    h('header.topbar',
      h('a.brand', { href: '/' }, 'Inkport'),
      h('nav', { 'aria-label': 'Console' }, h('a', { href: '/' }, 'Drive'), h('a', { href: '/tasks' }, 'Imports')),
      h('span.who', { title: `open_id ${me.open_id}` }, 'Signed in as ', h('strong', who)),
      themeButton(),
      h('button', { type: 'button', on: { click: signOut } }, 'Sign out')),
    main);
  document.addEventListener('click', interceptLinks);
  window.addEventListener('popstate', render);
  await render();
}

start();

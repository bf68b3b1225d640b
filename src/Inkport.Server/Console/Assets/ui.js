// Small DOM helpers shared by every view.

/** h('tag.class#id', {attrs, on: {click}}, ...children): builds an element; strings become text nodes. */
export function h(spec, props, ...children) {
  if (props === null || typeof props !== 'object' || props instanceof Node || Array.isArray(props)) {
    if (props !== undefined && props !== null) children.unshift(props);
    props = {};
  }
  const [, tag, rest] = /^([a-z0-9-]+)?(.*)$/i.exec(spec);
  const el = document.createElement(tag || 'div');
  for (const part of rest.match(/[.#][^.#]+/g) ?? []) {
    if (part[0] === '.') el.classList.add(part.slice(1)); else el.id = part.slice(1);
  }
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    else if (key === 'class') el.classList.add(...String(value).split(/\s+/).filter(Boolean));
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && !key.includes('-') && key !== 'list' && key !== 'form') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** A drive type as a small coloured badge with an accessible name (no emoji: not every system has the font). */
const TYPE_NAMES = {
  folder: ['DIR', 'Folder'], docx: ['DOC', 'Document'], doc: ['DOC', 'Document (legacy)'], sheet: ['XLS', 'Spreadsheet'],
  bitable: ['BASE', 'Base'], file: ['FILE', 'File'], mindnote: ['MIND', 'Mind note'], shortcut: ['LINK', 'Shortcut'], slides: ['PPT', 'Slides'],
};

export function typeIcon(type) {
  const [badge, label] = TYPE_NAMES[type] ?? ['?', type];
  return h(`span.type-icon.t-${type}`, { role: 'img', 'aria-label': label, title: label }, badge);
}

export function formatBytes(n) {
  if (n === undefined || n === null) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n, i = -1;
  do { v /= 1024; i++; } while (v >= 1024 && i < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatTime(secondsOrMs) {
  if (!secondsOrMs) return '—';
  const n = Number(secondsOrMs);
  const d = new Date(n < 1e12 ? n * 1000 : n);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatDuration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

/** A polite live region: screen readers hear status changes (copied, deleted, failed). */
let liveRegion;
export function announce(message, { error = false } = {}) {
  liveRegion ??= document.body.appendChild(h('div.toast', { role: 'status', 'aria-live': 'polite' }));
  liveRegion.textContent = message;
  liveRegion.classList.toggle('error', error);
  liveRegion.classList.add('visible');
  clearTimeout(liveRegion.timer);
  liveRegion.timer = setTimeout(() => liveRegion.classList.remove('visible'), 4000);
}

export async function copyText(text, what = 'Token') {
  try {
    await navigator.clipboard.writeText(text);
    announce(`${what} copied: ${text}`);
  } catch {
    // Clipboard access can be refused (insecure context); show the text so it can be copied by hand.
    window.prompt(`${what} (copy it from here):`, text);
  }
}

export function copyButton(text, what = 'token') {
  return h('button.small', { type: 'button', title: `Copy the ${what}`, 'aria-label': `Copy the ${what} ${text}`, on: { click: () => copyText(text, what) } }, 'Copy');
}

export function saveBlob(blob, fileName) {
  const href = URL.createObjectURL(blob);
  const a = h('a', { href, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
}

/** A modal dialog showing JSON (the raw API answers behind a view), pretty-printed. */
export function showJson(title, value) {
  const text = JSON.stringify(value, null, 2);
  const dialog = h('dialog.json-dialog', { 'aria-label': title },
    h('header', h('h2', title),
      h('button', { type: 'button', on: { click: () => copyText(text, 'JSON') } }, 'Copy JSON'),
      h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Close')),
    h('pre.json', { tabindex: 0 }, text.length > 2_000_000 ? text.slice(0, 2_000_000) + '\n… (cut at 2,000,000 characters)' : text));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

export function errorBox(error) {
  return h('p.error', { role: 'alert' }, error?.message ?? String(error));
}

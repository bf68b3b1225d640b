// The bitable viewer: tables as tabs, fields with their type icons, and records a page at a time, each value drawn
// the way its field type shows it (spec/07 §4, §6): coloured select tags, checkboxes, dates and numbers with the
// field's formatter, URLs as links.
import { get } from './api.js';
import { clear, copyButton, errorBox, h, showJson } from './ui.js';

const PAGE_SIZE = 100;

/** spec/07 §4.1: field type -> icon and name. */
const FIELD_TYPES = {
  1: ['T', 'Text'], 2: ['#', 'Number'], 3: ['◉', 'Single select'], 4: ['☰', 'Multi select'], 5: ['◷', 'Date'],
  7: ['☑', 'Checkbox'], 11: ['☺', 'Person'], 13: ['☎', 'Phone'], 15: ['⇗', 'URL'], 17: ['⊞', 'Attachment'],
  18: ['↗', 'One-way link'], 19: ['⌕', 'Lookup'], 20: ['ƒ', 'Formula'], 21: ['⇄', 'Two-way link'], 22: ['⌖', 'Location'],
  23: ['☷', 'Group'], 1001: ['◴', 'Created time'], 1002: ['◵', 'Modified time'], 1003: ['☺', 'Created by'],
  1004: ['☻', 'Modified by'], 1005: ['№', 'Auto number'],
};

/** Option colours 0–54: ten hues in light-to-dark steps, as Feishu's palette cycles. */
function tagColor(index) {
  const hue = [215, 190, 160, 130, 45, 25, 0, 330, 280, 250, 0][index % 11];
  const step = Math.floor(index / 11) % 5;
  const grey = index % 11 === 10;
  return { hue, sat: grey ? 0 : 70, light: [88, 80, 70, 55, 40][step], dark: step >= 3 };
}

function tag(name, options) {
  const color = options?.find((o) => o.name === name)?.color ?? 0;
  const { hue, sat, light, dark } = tagColor(color);
  return h('span.tag', { style: { background: `hsl(${hue} ${sat}% ${light}%)`, color: dark ? '#fff' : '#1f2329' }, dataset: { color } }, name);
}

function pad(n, width = 2) { return String(n).padStart(width, '0'); }

/** Date formatter of spec/07 §4.2 (yyyy MM dd HH mm), in the viewer's local time as Feishu shows it. */
export function formatDate(ms, pattern = 'yyyy/MM/dd') {
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return String(ms);
  return pattern.replace(/yyyy|MM|dd|HH|mm|ss/g, (t) => ({
    yyyy: d.getFullYear(), MM: pad(d.getMonth() + 1), dd: pad(d.getDate()), HH: pad(d.getHours()), mm: pad(d.getMinutes()), ss: pad(d.getSeconds()),
  })[t]);
}

/** Number formatter of spec/07 §4.2: "0", "0.0"…, "1,000", "1,000.00", "%", "0.00%", "¥", "¥0.00", "$", "$0.00". */
export function formatNumber(value, formatter) {
  if (typeof value !== 'number') return String(value);
  const f = formatter ?? '0.0';
  const decimals = (f.split('.')[1] ?? '').replace(/[^0]/g, '').length;
  const percent = f.includes('%');
  const grouped = f.includes(',');
  const currency = f.startsWith('¥') ? '¥' : f.startsWith('$') ? '$' : '';
  const n = percent ? value * 100 : value;
  const text = n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: f === '%' || currency && f.length === 1 ? 20 : decimals, useGrouping: grouped || !!currency });
  return `${currency}${text}${percent ? '%' : ''}`;
}

function segments(value) {
  return value.map((s) => {
    if (s?.type === 'url' && s.link) return h('a', { href: s.link, rel: 'noopener noreferrer', target: '_blank' }, s.text ?? s.link);
    if (s?.type === 'mention') return h('span.mention', `@${s.name ?? s.text ?? ''}`);
    return s?.text ?? (typeof s === 'string' ? s : '');
  });
}

function safeLink(url) { return /^(https?:|mailto:)/i.test(url ?? '') ? url : null; }

function renderValue(field, value) {
  const p = field.property ?? {};
  if (value === undefined || value === null) return field.type === 7 ? h('input', { type: 'checkbox', disabled: true, 'aria-label': 'No' }) : '';
  switch (field.type) {
    case 1: return Array.isArray(value) ? segments(value) : String(value);
    case 2: return h('span.num', formatNumber(value, p.formatter));
    case 3: return tag(String(value), p.options);
    case 4: return (Array.isArray(value) ? value : [value]).map((v) => tag(String(v), p.options));
    case 5: case 1001: case 1002: return formatDate(value, p.date_formatter);
    case 7: return h('input', { type: 'checkbox', checked: !!value, disabled: true, 'aria-label': value ? 'Yes' : 'No' });
    case 15: {
      const href = safeLink(value.link);
      return href ? h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, value.text || value.link) : value.text ?? '';
    }
    case 11: case 1003: case 1004: case 23: return (value ?? []).map((u) => h('span.person', u.name ?? u.id)).flatMap((x, i) => (i ? [', ', x] : [x]));
    case 17: return (value ?? []).map((a) => h('span.attachment', a.name));
    case 18: case 21: return `${value.link_record_ids?.length ?? 0} linked`;
    case 20: case 19: return Array.isArray(value?.value) ? segments(value.value) : JSON.stringify(value);
    case 22: return value.full_address ?? value.location ?? '';
    default: return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

async function allFields(token, tableId) {
  const fields = [];
  let pageToken;
  do {
    const page = await get(`/bitable/v1/apps/${token}/tables/${tableId}/fields`, { page_size: 100, page_token: pageToken });
    fields.push(...page.items);
    pageToken = page.has_more ? page.page_token : undefined;
  } while (pageToken);
  return fields;
}

export async function renderBitable(main, { token }) {
  main.append(h('p.loading', 'Loading the base…'));
  let app, tables;
  try {
    [app, tables] = await Promise.all([
      get(`/bitable/v1/apps/${token}`).then((d) => d.app),
      get(`/bitable/v1/apps/${token}/tables`, { page_size: 100 }).then((d) => d.items),
    ]);
  } catch (error) {
    clear(main).append(h('h1', 'Base'), errorBox(error));
    return;
  }
  document.title = `${app.name} · Inkport`;
  const tabs = h('div.tabs', { role: 'tablist', 'aria-label': 'Tables' });
  const panel = h('div#table-panel', { role: 'tabpanel' });
  let last = {};
  let generation = 0;

  const open = async (table) => {
    const mine = ++generation;
    for (const tab of tabs.children) {
      const selected = tab.dataset.table === table.table_id;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    panel.setAttribute('aria-label', table.name);
    clear(panel).append(h('p.loading', 'Loading records…'));
    let fields;
    try {
      fields = await allFields(token, table.table_id);
    } catch (error) {
      clear(panel).append(errorBox(error));
      return;
    }
    const pageTokens = [undefined];
    let pageIndex = 0;
    const body = h('tbody');
    const info = h('span.page-info', { role: 'status' });
    const prev = h('button', { type: 'button' }, '← Previous page');
    const next = h('button', { type: 'button' }, 'Next page →');
    const load = async () => {
      prev.disabled = next.disabled = true;
      try {
        const page = await get(`/bitable/v1/apps/${token}/tables/${table.table_id}/records`, { page_size: PAGE_SIZE, page_token: pageTokens[pageIndex] });
        if (mine !== generation) return;
        last = { app, table, fields, records_page: page };
        clear(body).append(...page.items.map((record, i) => h('tr',
          h('td.row-number', String(pageIndex * PAGE_SIZE + i + 1)),
          fields.map((field) => h(field.is_primary ? 'th' : 'td', { scope: field.is_primary ? 'row' : null, dataset: { type: field.type } },
            renderValue(field, record.fields[field.field_name]))))));
        if (page.has_more) pageTokens[pageIndex + 1] = page.page_token;
        const from = page.items.length ? pageIndex * PAGE_SIZE + 1 : 0;
        info.textContent = `Records ${from}–${pageIndex * PAGE_SIZE + page.items.length} of ${page.total}`;
        prev.disabled = pageIndex === 0;
        next.disabled = !page.has_more;
      } catch (error) {
        clear(body).append(h('tr', h('td', { colspan: fields.length + 1 }, errorBox(error))));
      }
    };
    prev.addEventListener('click', () => { pageIndex--; load(); });
    next.addEventListener('click', () => { pageIndex++; load(); });
    clear(panel).append(
      h('div.table-scroll', h('table.records',
        h('caption.visually-hidden', `Records of ${table.name}`),
        h('thead', h('tr', h('th', { scope: 'col' }, h('span.visually-hidden', 'Row')),
          fields.map((f) => {
            const [icon, typeName] = FIELD_TYPES[f.type] ?? ['?', `Type ${f.type}`];
            return h('th', { scope: 'col', dataset: { type: f.type } },
              h('span.field-icon', { role: 'img', 'aria-label': typeName, title: `${typeName} (${f.ui_type})` }, icon), ' ', f.field_name);
          }))),
        body)),
      h('div.pager', prev, info, next));
    await load();
    if (mine === generation) performance.mark('inkport:first-render');
  };

  for (const table of tables) tabs.append(h('button.tab', { type: 'button', role: 'tab', 'aria-controls': 'table-panel', dataset: { table: table.table_id }, on: { click: () => open(table) } }, table.name));
  tabs.addEventListener('keydown', (e) => {
    const list = [...tabs.children];
    const i = list.indexOf(document.activeElement);
    const nextIndex = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (nextIndex === null || i < 0) return;
    e.preventDefault();
    const tab = list[(nextIndex + list.length) % list.length];
    tab.focus();
    tab.click();
  });
  clear(main).append(h('div.base-view',
    h('header.doc-header', h('h1.doc-title', app.name),
      h('div.toolbar', h('span.kind', 'Base'), copyButton(token, 'base token'),
        h('button.small', { type: 'button', on: { click: () => showJson(`Base ${app.name}`, last) } }, 'Raw JSON'))),
    tabs, panel));
  if (tables.length) await open(tables[0]);
  else panel.append(h('p', 'This base has no tables.'));
  return () => { generation++; document.title = 'Inkport'; };
}

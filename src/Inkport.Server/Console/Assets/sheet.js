// The sheet viewer: tabs, and a virtualised grid that draws only the cells on screen and fetches them by range
// (values/:range, FormattedValue, so numbers and dates look as Feishu shows them). Frozen rows and columns stay in
// place, merged cells span, and the inspector shows the selected cell's formula (valueRenderOption=Formula).
import { get } from './api.js';
import { clear, copyButton, errorBox, h, showJson } from './ui.js';

const ROW_H = 24;
const COL_W = 110;
const HEAD_W = 64;
const HEAD_H = 24;
const BLOCK_ROWS = 200;
const BLOCK_COLS = 30;
const MAX_IN_FLIGHT = 4;
const MAX_SCROLL_PX = 30_000_000; // browsers cap element sizes near 33.5 million px

export function columnName(index) {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export const address = (row, col) => `${columnName(col)}${row + 1}`;

/** A cell value as text (spec/06 §6): strings, numbers, booleans, segment arrays, embedded images. */
export function cellText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (Array.isArray(value)) return value.map((s) => (typeof s === 'object' && s ? s.text ?? s.link ?? '' : String(s))).join('');
  if (typeof value === 'object') return value.type === 'embed-image' ? '🖼 image' : value.text ?? JSON.stringify(value);
  return String(value);
}

class Grid {
  constructor(token, sheet, inspector) {
    this.token = token;
    this.sheet = sheet;
    this.inspector = inspector;
    const g = sheet.grid_properties;
    this.rows = g.row_count;
    this.cols = g.column_count;
    this.frozenRows = Math.min(g.frozen_row_count, this.rows);
    this.frozenCols = Math.min(g.frozen_column_count, this.cols);
    this.merges = sheet.merges ?? [];
    this.blocks = new Map(); // "blockRow:blockCol" -> values[][] | 'loading' | Error
    this.queue = [];
    this.inFlight = 0;
    this.selected = { row: 0, col: 0 };
    this.firstRender = null;
    this.lastResponses = [];

    const fullH = HEAD_H + this.rows * ROW_H;
    this.scale = fullH > MAX_SCROLL_PX ? fullH / MAX_SCROLL_PX : 1;
    this.layer = h('div.grid-layer');
    this.spacer = h('div.grid-spacer', { style: { width: `${HEAD_W + this.cols * COL_W}px`, height: `${Math.min(fullH, MAX_SCROLL_PX)}px` } });
    this.scroller = h('div.grid-scroller', {
      tabindex: 0, role: 'grid', 'aria-label': `Sheet ${sheet.title}`, 'aria-rowcount': this.rows, 'aria-colcount': this.cols,
      'aria-describedby': 'grid-help',
    }, this.layer, this.spacer);
    this.scroller.addEventListener('scroll', () => this.schedule());
    this.scroller.addEventListener('keydown', (e) => this.key(e));
    this.layer.addEventListener('click', (e) => {
      const cell = e.target.closest('[data-row]');
      if (cell) this.select(Number(cell.dataset.row), Number(cell.dataset.col));
    });
    this.resize = new ResizeObserver(() => this.schedule());
    this.resize.observe(this.scroller);
  }

  get element() { return this.scroller; }

  dispose() { this.resize.disconnect(); this.disposed = true; }

  schedule() {
    this.frame ||= requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  /** The first body row and column at the current scroll position. */
  offsets() {
    return { y: this.scroller.scrollTop * this.scale, x: this.scroller.scrollLeft };
  }

  visible() {
    const { x, y } = this.offsets();
    const w = this.scroller.clientWidth, hgt = this.scroller.clientHeight;
    const bodyTop = HEAD_H + this.frozenRows * ROW_H, bodyLeft = HEAD_W + this.frozenCols * COL_W;
    const r0 = Math.min(this.rows - 1, this.frozenRows + Math.floor(y / ROW_H));
    const r1 = Math.min(this.rows - 1, this.frozenRows + Math.floor((y + Math.max(0, hgt - bodyTop)) / ROW_H));
    const c0 = Math.min(this.cols - 1, this.frozenCols + Math.floor(x / COL_W));
    const c1 = Math.min(this.cols - 1, this.frozenCols + Math.floor((x + Math.max(0, w - bodyLeft)) / COL_W));
    return { r0: Math.max(this.frozenRows, r0), r1, c0: Math.max(this.frozenCols, c0), c1, x, y, w, hgt };
  }

  rowY(r, y) { return HEAD_H + r * ROW_H - (r >= this.frozenRows ? y : 0); }
  colX(c, x) { return HEAD_W + c * COL_W - (c >= this.frozenCols ? x : 0); }

  value(r, c) {
    const block = this.blocks.get(`${Math.floor(r / BLOCK_ROWS)}:${Math.floor(c / BLOCK_COLS)}`);
    if (!Array.isArray(block)) return undefined;
    return block[r % BLOCK_ROWS]?.[c % BLOCK_COLS] ?? null;
  }

  need(r0, r1, c0, c1) {
    for (let br = Math.floor(r0 / BLOCK_ROWS); br <= Math.floor(r1 / BLOCK_ROWS); br++)
      for (let bc = Math.floor(c0 / BLOCK_COLS); bc <= Math.floor(c1 / BLOCK_COLS); bc++) {
        const key = `${br}:${bc}`;
        if (!this.blocks.has(key) && !this.queue.includes(key)) this.queue.push(key);
      }
    this.pump();
  }

  /** Fetches queued blocks, at most MAX_IN_FLIGHT at once, dropping those scrolled away meanwhile. */
  pump() {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length) {
      const key = this.queue.shift();
      if (!this.onScreen(key)) continue;
      this.fetchBlock(key);
    }
  }

  onScreen(key) {
    const [br, bc] = key.split(':').map(Number);
    const v = this.visible();
    const rowHit = (lo, hi) => br * BLOCK_ROWS <= hi && (br + 1) * BLOCK_ROWS > lo;
    const colHit = (lo, hi) => bc * BLOCK_COLS <= hi && (bc + 1) * BLOCK_COLS > lo;
    return (rowHit(v.r0, v.r1) || rowHit(0, this.frozenRows - 1)) && (colHit(v.c0, v.c1) || colHit(0, this.frozenCols - 1));
  }

  async fetchBlock(key) {
    const [br, bc] = key.split(':').map(Number);
    const r0 = br * BLOCK_ROWS, c0 = bc * BLOCK_COLS;
    const r1 = Math.min(this.rows - 1, r0 + BLOCK_ROWS - 1), c1 = Math.min(this.cols - 1, c0 + BLOCK_COLS - 1);
    this.blocks.set(key, 'loading');
    this.inFlight++;
    try {
      const range = `${this.sheet.sheet_id}!${address(r0, c0)}:${address(r1, c1)}`;
      const data = await get(`/sheets/v2/spreadsheets/${this.token}/values/${encodeURIComponent(range)}`,
        { valueRenderOption: 'FormattedValue', dateTimeRenderOption: 'FormattedString' });
      this.blocks.set(key, data.valueRange.values ?? []);
      this.lastResponses = [data, ...this.lastResponses].slice(0, 4);
      const { row, col } = this.selected;
      if (Math.floor(row / BLOCK_ROWS) === br && Math.floor(col / BLOCK_COLS) === bc) this.inspector(row, col, this.value(row, col));
    } catch (error) {
      this.blocks.set(key, error);
    }
    this.inFlight--;
    this.schedule();
    this.pump();
  }

  /** Merges that touch the given rows and columns, and the cells they cover (drawn as one). */
  mergesIn(rows, cols) {
    const found = [];
    for (const m of this.merges) {
      const rowsHit = rows.some(([lo, hi]) => m.start_row_index <= hi && m.end_row_index >= lo);
      const colsHit = cols.some(([lo, hi]) => m.start_column_index <= hi && m.end_column_index >= lo);
      if (rowsHit && colsHit) found.push(m);
    }
    return found;
  }

  draw() {
    if (this.disposed || !this.rows || !this.cols) return;
    const v = this.visible();
    const { x, y, w, hgt } = v;
    this.layer.style.width = `${w}px`;
    this.layer.style.height = `${hgt}px`;
    this.spacer.style.marginTop = `-${hgt}px`;
    const rowRanges = [[v.r0, v.r1]];
    const colRanges = [[v.c0, v.c1]];
    if (this.frozenRows) rowRanges.push([0, this.frozenRows - 1]);
    if (this.frozenCols) colRanges.push([0, this.frozenCols - 1]);
    for (const [ra, rb] of rowRanges) for (const [ca, cb] of colRanges) this.need(ra, rb, ca, cb);

    const merges = this.mergesIn(rowRanges, colRanges);
    const covered = new Set();
    for (const m of merges)
      for (let r = m.start_row_index; r <= m.end_row_index; r++)
        for (let c = m.start_column_index; c <= m.end_column_index; c++) if (r !== m.start_row_index || c !== m.start_column_index) covered.add(`${r}:${c}`);

    const fragment = document.createDocumentFragment();
    const pane = (r, c) => (r < this.frozenRows ? 2 : 0) + (c < this.frozenCols ? 1 : 0);
    const cell = (r, c, rowSpan = 1, colSpan = 1) => {
      const value = this.value(r, c);
      const text = value === undefined ? '' : cellText(value);
      const selected = r === this.selected.row && c === this.selected.col;
      const el = h('div.cell', {
        role: 'gridcell', id: selected ? 'grid-selected' : null, 'aria-selected': selected ? 'true' : null,
        'aria-rowindex': r + 1, 'aria-colindex': c + 1,
        dataset: { row: r, col: c, pane: pane(r, c) },
        class: [typeof value === 'number' || /^-?[\d,.]+%?$/.test(text) ? 'num' : null, rowSpan > 1 || colSpan > 1 ? 'merged' : null,
          value === undefined ? 'pending' : null, selected ? 'selected' : null].filter(Boolean).join(' ') || null,
        style: { left: `${this.colX(c, x)}px`, top: `${this.rowY(r, y)}px`, width: `${colSpan * COL_W}px`, height: `${rowSpan * ROW_H}px` },
        title: text.length > 12 ? text : null,
      }, text);
      fragment.append(el);
    };
    for (const [ra, rb] of rowRanges)
      for (let r = ra; r <= rb; r++)
        for (const [ca, cb] of colRanges)
          for (let c = ca; c <= cb; c++) if (!covered.has(`${r}:${c}`) && !this.mergeStart(merges, r, c)) cell(r, c);
    for (const m of merges)
      cell(m.start_row_index, m.start_column_index, m.end_row_index - m.start_row_index + 1, m.end_column_index - m.start_column_index + 1);

    // Headers last, on top: column letters, row numbers, the corner.
    for (const [ca, cb] of colRanges)
      for (let c = ca; c <= cb; c++)
        fragment.append(h('div.col-head', { dataset: { pane: c < this.frozenCols ? 1 : 0 }, 'aria-hidden': 'true', style: { left: `${this.colX(c, x)}px`, width: `${COL_W}px` } }, columnName(c)));
    for (const [ra, rb] of rowRanges)
      for (let r = ra; r <= rb; r++)
        fragment.append(h('div.row-head', { dataset: { pane: r < this.frozenRows ? 2 : 0 }, 'aria-hidden': 'true', style: { top: `${this.rowY(r, y)}px`, height: `${ROW_H}px` } }, String(r + 1)));
    fragment.append(h('div.corner', { 'aria-hidden': 'true' }));
    if (this.frozenRows) fragment.append(h('div.freeze-line.horizontal', { style: { top: `${HEAD_H + this.frozenRows * ROW_H}px` } }));
    if (this.frozenCols) fragment.append(h('div.freeze-line.vertical', { style: { left: `${HEAD_W + this.frozenCols * COL_W}px` } }));
    this.layer.replaceChildren(fragment);
    this.scroller.setAttribute('aria-activedescendant', this.layer.querySelector('#grid-selected') ? 'grid-selected' : '');
    if (this.firstRender === null && this.value(0, 0) !== undefined) {
      this.firstRender = performance.now();
      performance.mark('inkport:first-render');
    }
  }

  mergeStart(merges, r, c) {
    return merges.some((m) => m.start_row_index === r && m.start_column_index === c);
  }

  select(row, col) {
    this.selected = { row: Math.max(0, Math.min(this.rows - 1, row)), col: Math.max(0, Math.min(this.cols - 1, col)) };
    this.reveal();
    this.schedule();
    this.inspector(this.selected.row, this.selected.col, this.value(this.selected.row, this.selected.col));
  }

  /** Scrolls so the selected cell is visible outside the frozen panes. */
  reveal() {
    const { row, col } = this.selected;
    const top = HEAD_H + this.frozenRows * ROW_H, left = HEAD_W + this.frozenCols * COL_W;
    if (row >= this.frozenRows) {
      const y = (row - this.frozenRows) * ROW_H;
      const viewH = this.scroller.clientHeight - top;
      const cur = this.scroller.scrollTop * this.scale;
      if (y < cur) this.scroller.scrollTop = y / this.scale;
      else if (y + ROW_H > cur + viewH) this.scroller.scrollTop = (y + ROW_H - viewH) / this.scale;
    }
    if (col >= this.frozenCols) {
      const xx = (col - this.frozenCols) * COL_W;
      const viewW = this.scroller.clientWidth - left;
      if (xx < this.scroller.scrollLeft) this.scroller.scrollLeft = xx;
      else if (xx + COL_W > this.scroller.scrollLeft + viewW) this.scroller.scrollLeft = xx + COL_W - viewW;
    }
  }

  key(e) {
    const page = Math.max(1, Math.floor((this.scroller.clientHeight - HEAD_H) / ROW_H) - this.frozenRows - 1);
    const moves = {
      ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], PageUp: [-page, 0], PageDown: [page, 0],
    };
    let { row, col } = this.selected;
    if (moves[e.key]) { row += moves[e.key][0]; col += moves[e.key][1]; }
    else if (e.key === 'Home') { col = 0; if (e.ctrlKey) row = 0; }
    else if (e.key === 'End') { col = this.cols - 1; if (e.ctrlKey) row = this.rows - 1; }
    else return;
    e.preventDefault();
    this.select(row, col);
  }
}

export async function renderSheet(main, { token }) {
  main.append(h('p.loading', 'Loading the spreadsheet…'));
  let info, sheets;
  try {
    [info, sheets] = await Promise.all([
      get(`/sheets/v3/spreadsheets/${token}`).then((d) => d.spreadsheet),
      get(`/sheets/v3/spreadsheets/${token}/sheets/query`).then((d) => d.sheets),
    ]);
  } catch (error) {
    clear(main).append(h('h1', 'Spreadsheet'), errorBox(error));
    return;
  }
  document.title = `${info.title} · Inkport`;
  sheets.sort((a, b) => a.index - b.index);
  const tabs = h('div.tabs', { role: 'tablist', 'aria-label': 'Sheets' });
  const panel = h('div.grid-panel', { role: 'tabpanel' });
  const inspector = h('section.inspector', { 'aria-label': 'Cell inspector', 'aria-live': 'polite' });
  let grid = null;
  let current;

  const inspect = async (row, col, formatted) => {
    const addr = address(row, col);
    const sheetRange = `${current.sheet_id}!${addr}:${addr}`;
    const show = (formula, raw) => clear(inspector).append(
      h('h2', `Cell ${addr}`),
      h('dl',
        h('dt', 'Shown'), h('dd', formatted === undefined ? '…' : cellText(formatted) || '(empty)'),
        h('dt', 'Formula'), h('dd', formula ? h('code', formula) : 'None'),
        h('dt', 'Value'), h('dd', raw === undefined ? '…' : h('code', JSON.stringify(raw)))));
    show(null, undefined);
    try {
      const query = (valueRenderOption) => get(`/sheets/v2/spreadsheets/${token}/values/${encodeURIComponent(sheetRange)}`, { valueRenderOption })
        .then((d) => d.valueRange.values?.[0]?.[0] ?? null);
      const [formula, raw] = await Promise.all([query('Formula'), query('UnformattedValue')]);
      if (grid?.selected.row === row && grid.selected.col === col)
        show(typeof formula === 'string' && formula.startsWith('=') ? formula : null, raw);
    } catch (error) {
      inspector.append(errorBox(error));
    }
  };

  const open = (sheet) => {
    current = sheet;
    grid?.dispose();
    for (const tab of tabs.children) {
      const selected = tab.dataset.sheet === sheet.sheet_id;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    panel.setAttribute('aria-label', sheet.title);
    const g = sheet.grid_properties;
    grid = new Grid(token, sheet, inspect);
    clear(panel).append(
      h('p.sheet-facts', `${g.row_count.toLocaleString()} rows × ${g.column_count.toLocaleString()} columns`,
        g.frozen_row_count ? ` · ${g.frozen_row_count} frozen row(s)` : '', g.frozen_column_count ? ` · ${g.frozen_column_count} frozen column(s)` : '',
        (sheet.merges?.length ?? 0) ? ` · ${sheet.merges.length} merged range(s)` : ''),
      g.row_count && g.column_count ? grid.element : h('p', 'This sheet is empty.'));
    grid.schedule();
    clear(inspector).append(...(g.row_count && g.column_count ? [h('h2', 'Cell A1'), h('p.loading', 'Loading…')] : []));
  };

  for (const sheet of sheets) {
    tabs.append(h('button.tab', {
      type: 'button', role: 'tab', dataset: { sheet: sheet.sheet_id }, 'aria-controls': 'sheet-panel',
      on: { click: () => open(sheet) },
    }, sheet.title, sheet.hidden ? ' (hidden)' : ''));
  }
  tabs.addEventListener('keydown', (e) => {
    const list = [...tabs.children];
    const i = list.indexOf(document.activeElement);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? list.length - 1 : null;
    if (next === null || i < 0) return;
    e.preventDefault();
    const tab = list[(next + list.length) % list.length];
    tab.focus();
    tab.click();
  });
  panel.id = 'sheet-panel';

  const rawJson = () => showJson(`Sheet ${current.title}`, { spreadsheet: info, sheets, recent_value_ranges: grid?.lastResponses ?? [] });
  clear(main).append(h('div.sheet-view',
    h('header.doc-header', h('h1.doc-title', info.title),
      h('div.toolbar', h('span.kind', 'Spreadsheet'), copyButton(token, 'spreadsheet token'),
        h('button.small', { type: 'button', on: { click: rawJson } }, 'Raw JSON'))),
    tabs,
    h('p#grid-help.visually-hidden', 'Use the arrow keys, Page Up, Page Down, Home and End to move between cells; the inspector shows the selected cell.'),
    h('div.sheet-body', panel, inspector)));
  if (sheets.length) open(sheets.find((s) => !s.hidden) ?? sheets[0]);
  else panel.append(h('p', 'This spreadsheet has no sheets.'));
  return () => { grid?.dispose(); document.title = 'Inkport'; };
}

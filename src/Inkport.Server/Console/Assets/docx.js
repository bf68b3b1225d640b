// The docx viewer: blocks arrive in pre-order pages of 500 (spec/05), fetched as the reader nears the end, and are
// rendered as they come. Every top-level block is `content-visibility: auto`, so the browser lays out and paints
// only what is near the screen: a 100,000-block document scrolls like a short one.
import { get, getBlob } from './api.js';
import { highlight, languageName } from './highlight.js';
import { announce, clear, copyButton, errorBox, h, saveBlob, showJson } from './ui.js';

const PAGE_SIZE = 500;
const TEXT_KEYS = ['page', 'text', 'heading1', 'heading2', 'heading3', 'heading4', 'heading5', 'heading6', 'heading7', 'heading8',
  'heading9', 'bullet', 'ordered', 'code', 'quote', 'equation', 'todo'];

/** spec/05 §4.3 and the callout colours: Feishu's palette by number. */
const TEXT_COLORS = [null, 'red', 'orange', 'yellow', 'green', 'blue', 'purple', 'gray'];
const BACKGROUNDS = [null, 'light-red', 'light-orange', 'light-yellow', 'light-green', 'light-blue', 'light-purple', 'light-gray',
  'red', 'orange', 'yellow', 'green', 'blue', 'purple', 'gray', 'pale-gray'];
const EMOJI = {
  bulb: '💡', warning: '⚠️', exclamation: '❗', question: '❓', info: 'ℹ️', pushpin: '📌', star: '⭐', fire: '🔥', memo: '📝',
  white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', rocket: '🚀', smile: '😄', thumbsup: '👍', heart: '❤️', bell: '🔔',
  lock: '🔒', key: '🔑', tada: '🎉', eyes: '👀', zap: '⚡', gift: '🎁', bookmark: '🔖', calendar: '📅', link: '🔗',
};

function decodeUrl(encoded) {
  try { return decodeURIComponent(encoded); } catch { return encoded; }
}

function safeHref(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : null;
}

/** The inline elements of a text payload (spec/05 §4.2). */
function inline(elements) {
  const out = [];
  for (const element of elements ?? []) {
    const [kind, value] = Object.entries(element)[0] ?? [];
    if (!value) continue;
    const style = value.text_element_style ?? {};
    let node;
    switch (kind) {
      case 'text_run': node = document.createTextNode(value.content ?? ''); break;
      case 'equation': node = h('span.equation', { role: 'math', title: 'Equation (KaTeX source)' }, (value.content ?? '').trim()); break;
      case 'mention_user': node = h('span.mention', `@${value.user_id}`); break;
      case 'mention_doc': node = h('a.mention', { href: safeHref(decodeUrl(value.url ?? '')) ?? '#' }, value.title ?? value.token); break;
      default: node = h('span.unsupported', { title: `Unsupported inline element ${kind}` }, '▯'); break;
    }
    if (style.inline_code) node = h('code', node);
    if (style.bold) node = h('strong', node);
    if (style.italic) node = h('em', node);
    if (style.underline) node = h('u', node);
    if (style.strikethrough) node = h('s', node);
    if (style.text_color || style.background_color) {
      node = h('span', node);
      if (TEXT_COLORS[style.text_color]) node.classList.add(`fg-${TEXT_COLORS[style.text_color]}`);
      if (BACKGROUNDS[style.background_color]) node.classList.add(`bg-${BACKGROUNDS[style.background_color]}`);
    }
    const href = style.link?.url ? safeHref(decodeUrl(style.link.url)) : null;
    if (href) node = h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, node);
    out.push(node);
  }
  return out;
}

function payloadOf(block) {
  for (const key of Object.keys(block)) if (!['block_id', 'parent_id', 'children', 'block_type', 'comment_ids'].includes(key)) return block[key];
  return {};
}

function alignClass(style) {
  return style?.align === 2 ? 'align-center' : style?.align === 3 ? 'align-right' : null;
}

/** Renders blocks as they stream in, each under its parent's child container. */
class DocumentBuilder {
  constructor(article, outline) {
    this.article = article;
    this.outline = outline;
    this.containers = new Map(); // block_id -> element that receives its children
    this.images = new IntersectionObserver((entries) => entries.forEach((e) => e.isIntersecting && this.loadImage(e.target)), { rootMargin: '800px' });
    this.count = 0;
  }

  add(block) {
    this.count++;
    const payload = payloadOf(block);
    if (block.block_type === 1) {
      this.containers.set(block.block_id, this.article);
      return;
    }
    const parent = this.containers.get(block.parent_id) ?? this.article;
    const topLevel = parent === this.article;
    const el = this.render(block, payload, parent);
    if (el && topLevel) el.classList.add('top');
  }

  /** Lists: consecutive items of one kind under one parent share a <ul>/<ol>. */
  listFor(parent, tag, kind, restart) {
    const last = parent.lastElementChild;
    if (!restart && last?.tagName === tag.toUpperCase() && last.dataset.kind === kind) return last;
    const list = h(tag, { dataset: { kind } });
    parent.append(list);
    return list;
  }

  render(block, payload, parent) {
    const id = block.block_id;
    const type = block.block_type;
    const style = payload.style ?? {};
    const text = () => inline(payload.elements);
    let el;
    if (type >= 3 && type <= 11) {
      const level = type - 2;
      el = h(`h${Math.min(level, 6)}.heading`, { id: `b-${id}`, 'aria-level': level > 6 ? level : null, class: alignClass(style) }, text());
      parent.append(el);
      this.outline.append(h(`li.level-${level}`, h('a', { href: `#b-${id}`, on: { click: (e) => { e.preventDefault(); el.scrollIntoView(); el.focus?.(); } } }, el.textContent || '(untitled)')));
      el.tabIndex = -1;
      this.containers.set(id, parent);
      return el;
    }
    switch (type) {
      case 2:
        el = h('p', { class: alignClass(style) }, text());
        if (!el.childNodes.length) el.append(h('br'));
        break;
      case 12: case 13: case 17: {
        const ordered = type === 13;
        const sequence = style.sequence;
        const list = this.listFor(parent, ordered ? 'ol' : 'ul', ordered ? 'ordered' : type === 12 ? 'bullet' : 'todo', ordered && sequence === '1' && parent.lastElementChild?.dataset.kind === 'ordered');
        const body = h('div.item-body');
        const li = h('li', body);
        if (ordered) {
          const n = /^\d+$/.test(sequence ?? '') ? Number(sequence) : (Number(list.dataset.last ?? 0) + 1);
          list.dataset.last = n;
          li.value = n;
        }
        if (type === 17) {
          li.classList.add('todo', style.done ? 'done' : 'open');
          const box = h('input', { type: 'checkbox', checked: !!style.done, disabled: true, 'aria-label': style.done ? 'Done' : 'Not done' });
          body.append(box, h('span', text()));
        } else body.append(...text());
        list.append(li);
        this.containers.set(id, li);
        return list;
      }
      case 14: {
        const language = languageName(style.language);
        const source = (payload.elements ?? []).map((e) => e.text_run?.content ?? e.equation?.content ?? '').join('');
        const code = h('code', highlight(source, language));
        el = h('figure.code', { dataset: { language } },
          h('figcaption', h('span.language', language), copyButton(source, 'code')),
          h('pre', { class: style.wrap ? 'wrap' : null, tabindex: 0, 'aria-label': `${language} code` }, code));
        break;
      }
      case 15: el = h('blockquote', h('p', text())); break;
      case 16: el = h('div.equation-block', { role: 'math' }, (payload.elements ?? []).map((e) => e.equation?.content ?? e.text_run?.content ?? '').join('')); break;
      case 19: {
        const body = h('div.callout-body');
        el = h('aside.callout', { class: [BACKGROUNDS[payload.background_color] && `bg-${BACKGROUNDS[payload.background_color]}`, TEXT_COLORS[payload.border_color] && `border-${TEXT_COLORS[payload.border_color]}`].filter(Boolean).join(' ') || null },
          payload.emoji_id ? h('span.emoji', { role: 'img', 'aria-label': payload.emoji_id }, EMOJI[payload.emoji_id] ?? '💬') : null, body);
        this.containers.set(id, body);
        break;
      }
      case 22: el = h('hr'); break;
      case 23:
        el = h('p.file-block', '📎 ', h('button.link', { type: 'button', on: { click: () => downloadMedia(payload.token, payload.name) } }, payload.name ?? 'Attachment'));
        break;
      case 27: {
        const img = h('img', { alt: payload.caption?.content || `Image ${payload.width ?? ''}×${payload.height ?? ''}`, width: payload.width || null, height: payload.height || null, dataset: { token: payload.token ?? '' } });
        el = h('figure.image', { class: payload.align === 1 ? 'align-left' : payload.align === 3 ? 'align-right' : 'align-center' }, img,
          payload.caption?.content ? h('figcaption', payload.caption.content) : null);
        if (payload.token) this.images.observe(img);
        break;
      }
      case 31: el = this.table(block, payload); break;
      case 32: return null; // a table cell's container was made with its table
      case 34: {
        el = h('blockquote.quote-container');
        this.containers.set(id, el);
        break;
      }
      default:
        el = h('p.unsupported', `Block type ${type} (${Object.keys(block).find((k) => !['block_id', 'parent_id', 'children', 'block_type'].includes(k)) ?? 'undefined'}) is not shown.`);
    }
    parent.append(el);
    if (!this.containers.has(id)) this.containers.set(id, el);
    return el;
  }

  /** spec/05 §5: row-major cells, merge_info per cell (spans start at that cell), column widths in px. */
  table(block, payload) {
    const property = payload.property ?? {};
    const rows = property.row_size ?? 0;
    const columns = property.column_size ?? 0;
    const cells = payload.cells ?? block.children ?? [];
    const merges = property.merge_info ?? [];
    const covered = new Set();
    const body = h('tbody');
    for (let r = 0; r < rows; r++) {
      const tr = h('tr');
      for (let c = 0; c < columns; c++) {
        const index = r * columns + c;
        const cellId = cells[index];
        if (covered.has(index)) {
          if (cellId) this.containers.set(cellId, h('div')); // content of a covered cell is not shown, as in Feishu
          continue;
        }
        const span = merges[index] ?? { row_span: 1, col_span: 1 };
        for (let dr = 0; dr < (span.row_span ?? 1); dr++)
          for (let dc = 0; dc < (span.col_span ?? 1); dc++) if (dr || dc) covered.add((r + dr) * columns + c + dc);
        const header = (property.header_row && r === 0) || (property.header_column && c === 0);
        const cell = h(header ? 'th' : 'td', { rowspan: span.row_span > 1 ? span.row_span : null, colspan: span.col_span > 1 ? span.col_span : null, scope: header ? (r === 0 ? 'col' : 'row') : null });
        if (cellId) this.containers.set(cellId, cell);
        tr.append(cell);
      }
      body.append(tr);
    }
    const widths = property.column_width ?? [];
    const total = widths.reduce((a, b) => a + b, 0);
    return h('div.table-scroll', h('table.doc-table', { style: total ? { width: `${total}px` } : {} },
      h('colgroup', widths.map((w) => h('col', { style: { width: `${w}px` } }))), body));
  }

  async loadImage(img) {
    this.images.unobserve(img);
    try {
      img.src = URL.createObjectURL(await getBlob(`/drive/v1/medias/${img.dataset.token}/download`));
    } catch (error) {
      img.replaceWith(h('span.image-missing', { role: 'img', 'aria-label': img.alt }, `Image unavailable: ${error.message}`));
    }
  }
}

async function downloadMedia(token, name) {
  try {
    saveBlob(await getBlob(`/drive/v1/medias/${token}/download`), name ?? token);
  } catch (error) {
    announce(`Download failed: ${error.message}`, { error: true });
  }
}

export async function renderDocx(main, { token }) {
  main.append(h('p.loading', 'Loading the document…'));
  let info;
  try {
    info = (await get(`/docx/v1/documents/${token}`)).document;
  } catch (error) {
    clear(main).append(h('h1', 'Document'), errorBox(error));
    return;
  }
  document.title = `${info.title} · Inkport`;
  const article = h('article.doc', { 'aria-label': info.title });
  const outline = h('ol.outline-list');
  const status = h('p.doc-status', { role: 'status' });
  const sentinel = h('div.sentinel', { 'aria-hidden': 'true' });
  const builder = new DocumentBuilder(article, outline);
  const pages = [];
  let pageToken;
  let hasMore = true;
  let loading = false;
  let disposed = false;

  const rawJson = () => showJson(`Blocks of ${info.title}`, { document: info, blocks_fetched: builder.count, has_more: hasMore, pages });
  const plainText = async () => {
    try { showJson(`Raw content of ${info.title}`, await get(`/docx/v1/documents/${token}/raw_content`)); } catch (error) { announce(error.message, { error: true }); }
  };

  clear(main).append(h('div.doc-view',
    h('nav.outline', { 'aria-label': 'Outline' }, h('h2', 'Outline'), outline),
    h('div.doc-main',
      h('header.doc-header',
        h('h1.doc-title', info.title || 'Untitled'),
        h('div.toolbar', h('span.kind', 'Document'), copyButton(token, 'document token'),
          h('button.small', { type: 'button', on: { click: rawJson } }, 'Raw JSON'),
          h('button.small', { type: 'button', on: { click: plainText } }, 'Raw content'))),
      article, sentinel, status)));

  const loadNext = async () => {
    if (loading || !hasMore || disposed) return;
    loading = true;
    status.textContent = 'Loading more blocks…';
    try {
      const page = await get(`/docx/v1/documents/${token}/blocks`, { page_size: PAGE_SIZE, page_token: pageToken, document_revision_id: -1 });
      // Keep the raw pages for the JSON view, but not without bound: the first 20 (10,000 blocks).
      if (pages.length < 20) pages.push(page);
      for (const block of page.items) builder.add(block);
      if (pages.length === 1) performance.mark('inkport:first-render');
      hasMore = page.has_more;
      pageToken = page.page_token;
      status.textContent = hasMore ? `${builder.count.toLocaleString()} blocks shown; scroll for more.` : `${builder.count.toLocaleString()} blocks.`;
    } catch (error) {
      status.replaceChildren(errorBox(error));
      hasMore = false;
    }
    loading = false;
    // Keep going while the end is still on screen (a short page, or a tall window).
    if (hasMore && sentinel.getBoundingClientRect().top < innerHeight + 2000) loadNext();
  };
  const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadNext(), { rootMargin: '2000px' });
  observer.observe(sentinel);
  await loadNext();
  return () => { disposed = true; observer.disconnect(); builder.images.disconnect(); document.title = 'Inkport'; };
}

// The drive: folder tree, breadcrumbs, the listing with paging, folder creation and deletion, and the drop zone
// that uploads and imports files (or whole folders, recreated as folders).
import { ApiError, del, get, getBlob, post } from './api.js';
import { FORMATS, VIEW_PATH, finishedCount, startImports, subscribe, targetsFor, taskTable } from './tasks.js';
import { announce, clear, copyButton, errorBox, formatBytes, formatTime, h, saveBlob, showJson, typeIcon } from './ui.js';

const PAGE_SIZE = 50;
const ROOT_NAME = 'My space';

// What the console has seen of folders (name and parent), for breadcrumbs: the API has no "parent of" lookup.
const FOLDERS_KEY = 'inkport.folders';
const folders = new Map(JSON.parse(sessionStorage.getItem(FOLDERS_KEY) ?? '[]'));
function remember(token, name, parent) {
  folders.set(token, { name, parent });
  sessionStorage.setItem(FOLDERS_KEY, JSON.stringify([...folders].slice(-5000)));
}

let rootPromise;
function root() {
  rootPromise ??= get('/drive/explorer/v2/root_folder/meta').then((meta) => {
    remember(meta.token, ROOT_NAME, null);
    return meta.token;
  });
  return rootPromise;
}

export function viewPath(file) {
  if (file.type === 'folder') return `/drive/folder/${file.token}`;
  return VIEW_PATH[file.type] ? `/${VIEW_PATH[file.type]}/${file.token}` : null;
}

async function listPage(folder, pageToken, order) {
  return get('/drive/v1/files', { folder_token: folder, page_size: PAGE_SIZE, page_token: pageToken, order_by: order.by, direction: order.direction });
}

async function allSubfolders(folder) {
  const found = [];
  let pageToken;
  do {
    const page = await get('/drive/v1/files', { folder_token: folder, page_size: 200, page_token: pageToken });
    for (const f of page.files) if (f.type === 'folder') { found.push(f); remember(f.token, f.name, folder); }
    pageToken = page.has_more ? page.next_page_token : undefined;
  } while (pageToken && found.length < 2000);
  return found;
}

function treeNode(folder, name, current, depth) {
  const children = h('ul', { role: 'group', hidden: true });
  const toggle = h('button.tree-toggle', { type: 'button', 'aria-expanded': 'false', 'aria-label': `Show the folders in ${name}` }, '▸');
  let loaded = false;
  const expand = async (open) => {
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? '▾' : '▸';
    children.hidden = !open;
    if (open && !loaded) {
      loaded = true;
      try {
        const subs = await allSubfolders(folder);
        if (!subs.length) children.append(h('li.empty', 'No folders'));
        for (const f of subs) children.append(treeNode(f.token, f.name, current, depth + 1));
      } catch (error) {
        children.append(h('li', errorBox(error)));
      }
    }
  };
  toggle.addEventListener('click', () => expand(toggle.getAttribute('aria-expanded') !== 'true'));
  const item = h('li', { role: 'treeitem', 'aria-level': depth },
    toggle,
    h('a', { href: `/drive/folder/${folder}`, 'aria-current': folder === current ? 'page' : null }, name),
    children);
  if (depth === 1 || isAncestorOf(folder, current)) expand(true);
  return item;
}

function isAncestorOf(folder, current) {
  for (let t = folders.get(current)?.parent; t; t = folders.get(t)?.parent) if (t === folder) return true;
  return false;
}

function breadcrumbs(folder) {
  const trail = [];
  for (let t = folder, guard = 0; t && guard < 20; t = folders.get(t)?.parent, guard++) trail.unshift(t);
  const known = folders.get(trail[0])?.parent === null;
  return h('nav.breadcrumbs', { 'aria-label': 'Breadcrumbs' },
    h('ol',
      known ? null : h('li', h('a', { href: '/' }, ROOT_NAME)),
      known ? null : h('li', '…'),
      trail.map((t, i) => h('li', i === trail.length - 1
        ? h('span', { 'aria-current': 'page' }, folders.get(t)?.name ?? t)
        : h('a', { href: `/drive/folder/${t}` }, folders.get(t)?.name ?? t)))));
}

async function deleteItem(file, refresh) {
  if (!confirm(`Delete ${file.type === 'folder' ? 'the folder' : ''} “${file.name}”${file.type === 'folder' ? ' and everything in it' : ''}?`)) return;
  try {
    const data = await del(`/drive/v1/files/${file.token}`, { type: file.type });
    if (data?.task_id) {
      announce(`Deleting “${file.name}”…`);
      for (let i = 0; i < 120; i++) {
        const { status } = await get('/drive/v1/files/task_check', { task_id: data.task_id });
        if (status === 'success') break;
        if (status === 'fail') throw new Error('the server could not delete everything in the folder');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    announce(`Deleted “${file.name}”`);
    refresh();
  } catch (error) {
    announce(`Could not delete “${file.name}”: ${error.message}`, { error: true });
  }
}

async function downloadFile(file) {
  try {
    saveBlob(await getBlob(`/drive/v1/files/${file.token}/download`), file.name);
  } catch (error) {
    announce(error instanceof ApiError && (error.status === 404 || error.status === 501)
      ? `This server does not offer file downloads yet (HTTP ${error.status}).`
      : `Download failed: ${error.message}`, { error: true });
  }
}

async function showMeta(file) {
  try {
    const meta = await post('/drive/v1/metas/batch_query', { request_docs: [{ doc_token: file.token, doc_type: file.type }], with_url: true });
    showJson(`Metadata of ${file.name}`, { listing: file, metas_batch_query: meta });
  } catch (error) {
    showJson(`Listing entry of ${file.name}`, { listing: file, metas_batch_query_error: error.message });
  }
}

function fileRow(file, me, refresh) {
  const path = viewPath(file);
  return h('tr',
    h('td', typeIcon(file.type)),
    h('th', { scope: 'row' }, path ? h('a', { href: path }, file.name) : file.name),
    h('td', file.owner_id === me.open_id ? 'You' : h('code', { title: file.owner_id }, file.owner_id.slice(0, 12) + '…')),
    // The drive listing carries no size (spec/04 §3).
    h('td.num', { title: 'The drive listing does not report sizes' }, '—'),
    h('td', formatTime(file.modified_time)),
    h('td', formatTime(file.created_time)),
    h('td.actions',
      copyButton(file.token, `${file.type} token`),
      h('button.small', { type: 'button', 'aria-label': `Metadata JSON of ${file.name}`, on: { click: () => showMeta(file) } }, 'JSON'),
      file.type === 'file' ? h('button.small', { type: 'button', on: { click: () => downloadFile(file) } }, 'Download') : null,
      h('button.small.danger', { type: 'button', 'aria-label': `Delete ${file.name}`, on: { click: () => deleteItem(file, refresh) } }, 'Delete')));
}

/** Files and folders from a drop: directories are walked, their relative paths kept. */
async function entriesFromDrop(dataTransfer) {
  const files = [];
  const walk = async (entry, path) => {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      files.push({ file, dir: path });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await walk(child, path ? `${path}/${entry.name}` : entry.name);
      }
    }
  };
  const roots = [...dataTransfer.items].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  if (roots.length) for (const entry of roots) await walk(entry, '');
  else for (const file of dataTransfer.files) files.push({ file, dir: '' });
  return files;
}

function stagingArea(folderToken) {
  const list = h('tbody');
  const start = h('button.primary', { type: 'button', disabled: true }, 'Upload and import');
  const area = h('section.staging', { 'aria-labelledby': 'staging-heading', hidden: true },
    h('h2#staging-heading', 'Ready to import'),
    h('div.table-scroll', h('table', h('thead', h('tr', ['File', 'Folder', 'Size', 'Import as'].map((c) => h('th', { scope: 'col' }, c)))), list)),
    h('p', start, ' ', h('button', { type: 'button', on: { click: () => reset() } }, 'Cancel')));
  let staged = [];
  const reset = () => { staged = []; clear(list); area.hidden = true; start.disabled = true; };

  const add = (items) => {
    for (const { file, dir } of items) {
      const { targets } = targetsFor(file.name);
      const usable = targets.filter((t) => file.size <= t.max_bytes);
      const select = usable.length
        ? h('select', { 'aria-label': `Import ${file.name} as` }, usable.map((t) => h('option', { value: t.type }, t.type)))
        : null;
      const why = !targets.length ? 'Not importable: Inkport imports ' + [...new Set(FORMATS.map((f) => f.extension))].join(', ')
        : `Too large: at most ${formatBytes(Math.max(...targets.map((t) => t.max_bytes)))}`;
      staged.push({ file, dir, select });
      list.append(h('tr', h('th', { scope: 'row' }, file.name), h('td', dir || '—'), h('td.num', formatBytes(file.size)),
        h('td', select ?? h('span.failed', why))));
    }
    area.hidden = !staged.length;
    start.disabled = !staged.some((s) => s.select);
    start.focus();
  };

  start.addEventListener('click', () => {
    const chosen = staged.filter((s) => s.select);
    // Folders of a dropped folder are created once each, parents first, then the files go in.
    const made = new Map([['', Promise.resolve(folderToken)]]);
    const folderFor = (dir) => {
      if (made.has(dir)) return made.get(dir);
      const cut = dir.lastIndexOf('/');
      const parent = cut < 0 ? '' : dir.slice(0, cut);
      const name = dir.slice(cut + 1);
      const promise = folderFor(parent).then((p) => post('/drive/v1/files/create_folder', { name, folder_token: p })
        .then((f) => { remember(f.token, name, p); return f.token; }));
      made.set(dir, promise);
      return promise;
    };
    startImports(chosen.map((s) => ({ file: s.file, type: s.select.value, folder: folderToken, folderReady: folderFor(s.dir) })));
    reset();
  });
  return { area, add };
}

export async function renderDrive(main, params, { me }) {
  main.append(h('p.loading', 'Loading the drive…'));
  let rootToken;
  try {
    rootToken = await root();
  } catch (error) {
    clear(main).append(h('h1', 'Drive'), errorBox(error));
    return;
  }
  const folder = params.folder ?? rootToken;
  const order = { by: sessionStorage.getItem('inkport.order') ?? 'EditedTime', direction: sessionStorage.getItem('inkport.direction') ?? 'DESC' };
  const title = folder === rootToken ? ROOT_NAME : folders.get(folder)?.name ?? 'Folder';
  const body = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  const status = h('p.listing-status', { role: 'status' });
  let nextPage;

  const loadPage = async (reset) => {
    if (reset) { clear(body); nextPage = undefined; }
    more.disabled = true;
    try {
      const page = await listPage(folder, nextPage, order);
      for (const f of page.files) if (f.type === 'folder') remember(f.token, f.name, folder);
      body.append(...page.files.map((f) => fileRow(f, me, refresh)));
      nextPage = page.has_more ? page.next_page_token : undefined;
      more.hidden = !nextPage;
      status.textContent = body.children.length ? `${body.children.length} item(s)${nextPage ? ', more to load' : ''}` : 'This folder is empty.';
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
    more.disabled = false;
  };
  const refresh = () => loadPage(true);
  more.addEventListener('click', () => loadPage(false));

  const orderBy = h('select#order-by', { on: { change: (e) => { order.by = e.target.value; sessionStorage.setItem('inkport.order', order.by); refresh(); } } },
    h('option', { value: 'EditedTime', selected: order.by === 'EditedTime' }, 'Modified time'),
    h('option', { value: 'CreatedTime', selected: order.by === 'CreatedTime' }, 'Created time'));
  const direction = h('select#direction', { on: { change: (e) => { order.direction = e.target.value; sessionStorage.setItem('inkport.direction', order.direction); refresh(); } } },
    h('option', { value: 'DESC', selected: order.direction === 'DESC' }, 'Newest first'),
    h('option', { value: 'ASC', selected: order.direction === 'ASC' }, 'Oldest first'));

  const folderName = h('input#new-folder-name', { required: true, maxlength: 256 });
  const newFolder = h('form.inline', {
    on: {
      submit: async (e) => {
        e.preventDefault();
        try {
          const created = await post('/drive/v1/files/create_folder', { name: folderName.value.trim(), folder_token: folder });
          remember(created.token, folderName.value.trim(), folder);
          announce(`Created the folder “${folderName.value.trim()}”`);
          folderName.value = '';
          refresh();
        } catch (error) {
          announce(`Could not create the folder: ${error.message}`, { error: true });
        }
      },
    },
  }, h('label', { for: 'new-folder-name' }, 'New folder name'), folderName, h('button', { type: 'submit' }, 'Create folder'));

  const staging = stagingArea(folder);
  const picker = h('input#file-picker', { type: 'file', multiple: true, on: { change: (e) => { staging.add([...e.target.files].map((file) => ({ file, dir: '' }))); e.target.value = ''; } } });
  const folderPicker = h('input#folder-picker', {
    type: 'file', webkitdirectory: true,
    on: {
      change: (e) => {
        staging.add([...e.target.files].map((file) => ({ file, dir: file.webkitRelativePath.split('/').slice(0, -1).join('/') })));
        e.target.value = '';
      },
    },
  });
  const drop = h('div.dropzone', { tabindex: -1 },
    h('p', 'Drop files or a folder here to upload and import them, or ',
      h('label.button', { for: 'file-picker' }, 'choose files'), ' ', h('label.button', { for: 'folder-picker' }, 'choose a folder'), '.'),
    picker, folderPicker);
  const dropHandlers = {
    dragover: (e) => { e.preventDefault(); drop.classList.add('over'); },
    dragleave: () => drop.classList.remove('over'),
    drop: async (e) => { e.preventDefault(); drop.classList.remove('over'); staging.add(await entriesFromDrop(e.dataTransfer)); },
  };
  for (const [event, fn] of Object.entries(dropHandlers)) main.addEventListener(event, fn);

  const tasks = taskTable();
  clear(main).append(
    h('div.drive',
      h('aside.tree', { 'aria-label': 'Folders' }, h('h2', 'Folders'), h('ul', { role: 'tree', 'aria-label': 'Folder tree' }, treeNode(rootToken, ROOT_NAME, folder, 1))),
      h('div.listing',
        breadcrumbs(folder),
        h('h1', title, ' ', copyButton(folder, 'folder token')),
        h('div.toolbar', newFolder,
          h('div.inline', h('label', { for: 'order-by' }, 'Sort by'), orderBy, h('label.visually-hidden', { for: 'direction' }, 'Order'), direction)),
        h('p.note', 'Folders cannot be renamed: the drive API has no rename (spec/04).'),
        drop, staging.area,
        h('div.table-scroll', h('table.files',
          h('caption.visually-hidden', `Contents of ${title}`),
          h('thead', h('tr', ['Type', 'Name', 'Owner', 'Size', 'Modified', 'Created', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
          body)),
        status, more,
        h('section.task-panel', { 'aria-label': 'Uploads and imports' }, h('div.table-scroll', tasks.element)))));
  // A finished import in this folder appears in the listing without a manual refresh.
  let done = finishedCount();
  const unsubscribe = subscribe(() => {
    if (finishedCount() !== done) { done = finishedCount(); refresh(); }
  });
  await loadPage(true);
  return () => { tasks.dispose(); unsubscribe(); };
}

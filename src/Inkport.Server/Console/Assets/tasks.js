// Uploads and imports: each dropped file is uploaded (upload_all, or upload_prepare/part/finish above 20 MB),
// then imported (import_tasks), then polled until done. The list survives a reload (localStorage) and polling
// stays far inside the API's limits for import get (1000/min, 50/s).
import { ApiError, adler32, get, getBlob, post, postForm } from './api.js';
import { announce, copyButton, formatBytes, formatDuration, h, clear, saveBlob, showJson } from './ui.js';

const SINGLE_UPLOAD_LIMIT = 20 * 1024 * 1024; // spec/02 §1: upload_all takes at most 20 MB
const POLLS_PER_SECOND = 8;                    // 480/min: under both import-get limits with room for other tabs
const FIRST_POLL_MS = 400, MAX_POLL_MS = 5000;

/** spec/03 §2.2: what a job_status means, in words. */
export const JOB_STATUS = {
  0: 'Imported.',
  1: 'Queued: waiting for a worker.',
  2: 'Converting.',
  3: 'Internal error.',
  100: 'The file is encrypted or password-protected: remove the password and import it again.',
  101: 'Internal error.', 102: 'Internal error.', 103: 'Internal error.',
  104: 'The tenant’s storage is full.',
  105: 'The target folder already holds the most items a folder may hold (1,500).',
  106: 'Internal error.',
  108: 'The conversion took too long and was stopped.',
  109: 'Internal error.',
  110: 'No permission.',
  112: 'This format cannot be imported (or not into this type).',
  113: 'This Office format is not supported.',
  114: 'Internal error.',
  115: 'The file is larger than this format’s import limit.',
  116: 'No permission to import into the target folder.',
  117: 'The target folder was deleted.',
  118: 'The uploaded file’s extension does not match the import’s file_extension.',
  119: 'The target folder does not exist.',
  120: 'The uploaded file’s type does not match the import’s type.',
  121: 'The uploaded file expired before the import started.',
  122: 'Import forbidden while a copy is being created.',
  129: 'The file is damaged: open it, save it as a new file and import that.',
  5000: 'Internal error.',
  7000: 'The document has more blocks than a document may hold.',
  7001: 'The document nests blocks deeper than allowed.',
  7002: 'A block is larger than allowed.',
};

/** spec/03 §2.3: `extra` codes of a successful import that dropped something. */
export const EXTRA = {
  1000: 'More than 20,000 blocks: the blocks after the limit were dropped.',
  1001: 'A table had more than 2,000 cells: the extra cells were dropped.',
  1002: 'A table had more than 100 columns: the extra columns were dropped.',
  1003: 'A paragraph was longer than 100,000 characters: the rest was dropped.',
  1005: 'Some images could not be uploaded.',
  2000: 'Too many columns: the extra columns were dropped.',
  2001: 'Too many cells: the extra cells were dropped.',
  2002: 'More than 4,000 images: the extra images were dropped.',
  2003: 'The drive’s storage is full: ask the tenant admin.',
  2004: 'Some images could not be uploaded.',
  2005: 'A cell’s text was too long: the rest was dropped.',
  3000: 'Images outside the data rows were dropped.',
  3001: 'Images outside the data columns were dropped.',
  3003: 'Too many columns: the extra columns were dropped.',
  3004: 'Too many cells: the extra cells were dropped.',
  3005: 'More than 4,000 images: the extra images were dropped.',
  3006: 'Some images could not be uploaded.',
};

export const VIEW_PATH = { docx: 'docx', sheet: 'sheets', bitable: 'base' };

/** The (extension × type) matrix the server renders into the page from its one ImportFormats table. */
export const FORMATS = JSON.parse(document.getElementById('import-formats')?.textContent ?? '[]');

export function targetsFor(fileName) {
  const dot = fileName.lastIndexOf('.');
  const extension = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  return { extension, targets: FORMATS.filter((f) => f.extension === extension) };
}

const STORE_KEY = 'inkport.tasks';
let tasks = load();
const listeners = new Set();
let pollTimer = null;

function load() {
  try { return JSON.parse(localStorage.getItem(STORE_KEY) ?? '[]'); } catch { return []; }
}

function save() {
  // Keep the newest 200; the File objects themselves are never stored.
  tasks = tasks.slice(-200);
  localStorage.setItem(STORE_KEY, JSON.stringify(tasks.map(({ file, ...rest }) => rest)));
}

function changed() {
  save();
  for (const listener of listeners) listener();
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Starts uploading and importing; entries are {file, type, folder, relativeFolder}. */
export function startImports(entries) {
  for (const entry of entries) {
    const { extension } = targetsFor(entry.file.name);
    const task = {
      id: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
      name: entry.file.name, size: entry.file.size, extension, type: entry.type, folder: entry.folder,
      phase: 'waiting', sent: 0, started: Date.now(), file: entry.file,
    };
    tasks.push(task);
    run(task, entry.folderReady);
  }
  changed();
}

async function run(task, folderReady) {
  try {
    if (folderReady) task.folder = await folderReady;
    task.phase = 'uploading';
    changed();
    task.fileToken = await upload(task);
    task.uploadedAt = Date.now();
    task.phase = 'importing';
    changed();
    const baseName = task.name.slice(0, task.name.length - task.extension.length - 1) || task.name;
    const created = await post('/drive/v1/import_tasks', {
      file_extension: task.extension, file_token: task.fileToken, type: task.type, file_name: baseName,
      point: { mount_type: 1, mount_key: task.folder ?? '' },
    });
    task.ticket = created.ticket;
    task.createdAt = Date.now();
    task.jobStatus = 1;
    task.nextPoll = Date.now() + FIRST_POLL_MS;
    task.interval = FIRST_POLL_MS;
  } catch (error) {
    task.phase = 'failed';
    task.error = error.message;
    task.finishedAt = Date.now();
  }
  delete task.file;
  changed();
  schedulePolling();
}

async function upload(task) {
  const extra = JSON.stringify({ obj_type: task.type, file_extension: task.extension });
  const file = task.file;
  if (file.size <= SINGLE_UPLOAD_LIMIT) {
    const form = new FormData();
    form.append('file_name', task.name);
    form.append('parent_type', 'ccm_import_open');
    form.append('size', String(file.size));
    form.append('checksum', String(await adler32(file)));
    form.append('extra', extra);
    form.append('file', file, task.name);
    const data = await postForm('/drive/v1/medias/upload_all', form, (sent) => { task.sent = sent; changed(); });
    task.sent = file.size;
    return data.file_token;
  }
  let prepared;
  try {
    prepared = await post('/drive/v1/medias/upload_prepare', { file_name: task.name, parent_type: 'ccm_import_open', parent_node: '', size: file.size, extra });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 501))
      throw new Error(`This server does not offer multipart upload (upload_prepare answered HTTP ${error.status}); files over 20 MB cannot be uploaded to it.`);
    throw error;
  }
  const { upload_id: uploadId, block_size: blockSize, block_num: blockNum } = prepared;
  for (let seq = 0; seq < blockNum; seq++) {
    const block = file.slice(seq * blockSize, Math.min(file.size, (seq + 1) * blockSize));
    const form = new FormData();
    form.append('upload_id', uploadId);
    form.append('seq', String(seq));
    form.append('size', String(block.size));
    form.append('checksum', String(await adler32(block)));
    form.append('file', block, task.name);
    await postForm('/drive/v1/medias/upload_part', form, (sent) => { task.sent = seq * blockSize + sent; changed(); });
  }
  task.sent = file.size;
  return (await post('/drive/v1/medias/upload_finish', { upload_id: uploadId, block_num: blockNum })).file_token;
}

function schedulePolling() {
  if (pollTimer || !tasks.some((t) => t.phase === 'importing' && t.ticket)) return;
  pollTimer = setTimeout(pollOnce, 1000 / POLLS_PER_SECOND);
}

/** One poll per tick, the most overdue first: at most POLLS_PER_SECOND requests a second, whatever the count. */
async function pollOnce() {
  pollTimer = null;
  const now = Date.now();
  const due = tasks.filter((t) => t.phase === 'importing' && t.ticket && (t.nextPoll ?? 0) <= now).sort((a, b) => a.nextPoll - b.nextPoll)[0];
  if (due) {
    try {
      const { result } = await get(`/drive/v1/import_tasks/${due.ticket}`);
      due.jobStatus = result.job_status;
      due.result = result;
      if (result.job_status === 0 && result.token) {
        Object.assign(due, { phase: 'done', token: result.token, url: result.url, extra: result.extra ?? [], finishedAt: Date.now() });
        announce(`Imported ${due.name}`);
      } else if (![0, 1, 2].includes(result.job_status)) {
        Object.assign(due, { phase: 'failed', error: result.job_error_msg, finishedAt: Date.now() });
        announce(`Import of ${due.name} failed`, { error: true });
      }
    } catch (error) {
      // Rate limited or a passing failure: slow down, keep trying.
      due.interval = MAX_POLL_MS;
      due.pollError = error.message;
    }
    due.interval = Math.min(MAX_POLL_MS, Math.round((due.interval ?? FIRST_POLL_MS) * 1.5));
    due.nextPoll = Date.now() + due.interval;
    changed();
  }
  schedulePolling();
}

/** How many imports have finished: the drive refreshes its listing when this changes. */
export const finishedCount = () => tasks.filter((t) => t.phase === 'done').length;

export function clearFinished() {
  tasks = tasks.filter((t) => t.phase !== 'done' && t.phase !== 'failed');
  changed();
}

function statusCell(task) {
  if (task.phase === 'waiting') return h('span', 'Waiting for its folder…');
  if (task.phase === 'uploading') {
    const pct = task.size ? Math.floor((100 * task.sent) / task.size) : 100;
    return h('div.progress-cell',
      h('label', { for: `up-${task.id}` }, `Uploading ${pct}%`),
      h('progress', { id: `up-${task.id}`, max: 100, value: pct }));
  }
  if (task.phase === 'importing') {
    const text = JOB_STATUS[task.jobStatus ?? 1] ?? `job_status ${task.jobStatus}`;
    return h('div.progress-cell', h('span', text), h('progress', { 'aria-label': `Import of ${task.name}` }));
  }
  if (task.phase === 'done') return h('span.ok', 'Imported');
  const explained = task.jobStatus !== undefined && ![0, 1, 2].includes(task.jobStatus)
    ? `job_status ${task.jobStatus}: ${JOB_STATUS[task.jobStatus] ?? 'an undocumented status.'}`
    : task.error;
  return h('span.failed', 'Failed — ', explained, task.error && explained !== task.error ? h('small', ` (${task.error})`) : null);
}

function timings(task) {
  const parts = [];
  if (task.uploadedAt) parts.push(`upload ${formatDuration(task.uploadedAt - task.started)}`);
  if (task.createdAt) parts.push(`import ${formatDuration((task.finishedAt ?? Date.now()) - task.createdAt)}`);
  if (task.finishedAt) parts.push(`total ${formatDuration(task.finishedAt - task.started)}`);
  return parts.join(' · ') || '—';
}

async function downloadOriginal(task) {
  try {
    saveBlob(await getBlob(`/drive/v1/medias/${task.fileToken}/download`), task.name);
  } catch (error) {
    const gone = error instanceof ApiError && (error.status === 404 || error.code === 1061003 || error.code === 1061007);
    announce(gone ? `The upload of ${task.name} is gone: an import's upload is deleted once the import finishes, and kept at most 5 minutes before.` : `Download failed: ${error.message}`, { error: true });
  }
}

function taskRow(task) {
  const view = task.token ? `/${VIEW_PATH[task.type]}/${task.token}` : null;
  return h('tr', { dataset: { phase: task.phase } },
    h('th', { scope: 'row' }, task.name),
    h('td', task.type),
    h('td.num', formatBytes(task.size)),
    h('td', statusCell(task)),
    h('td', timings(task)),
    h('td', (task.extra ?? []).length
      ? h('ul.warnings', task.extra.map((code) => h('li', h('strong', code), ' ', EXTRA[code] ?? 'An undocumented warning.')))
      : (task.phase === 'done' ? 'None' : '—')),
    h('td.actions',
      view ? h('a.button', { href: view }, 'Open') : null,
      task.token ? copyButton(task.token, 'document token') : null,
      task.fileToken ? h('button.small', { type: 'button', on: { click: () => downloadOriginal(task) } }, 'Download original') : null,
      task.result ? h('button.small', { type: 'button', on: { click: () => showJson(`Import task ${task.ticket}`, task.result) } }, 'JSON') : null));
}

/** The live task table, newest first. */
export function taskTable() {
  const body = h('tbody');
  const table = h('table.tasks',
    h('caption', 'Uploads and imports'),
    h('thead', h('tr', ['File', 'Type', 'Size', 'Status', 'Timings', 'Warnings', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
    body);
  let frame = 0;
  const paint = () => {
    frame = 0;
    clear(body).append(...(tasks.length ? [...tasks].reverse().map(taskRow) : [h('tr', h('td', { colspan: 7 }, 'Nothing imported yet: drop files on the drive.'))]));
  };
  paint();
  const unsubscribe = subscribe(() => { frame ||= requestAnimationFrame(paint); });
  return { element: table, dispose: unsubscribe };
}

export function renderTasksPage(main) {
  const { element, dispose } = taskTable();
  main.append(h('h1', 'Imports'),
    h('p', h('button', { type: 'button', on: { click: clearFinished } }, 'Clear finished')),
    h('div.table-scroll', element));
  return dispose;
}

// Resume polling the imports a reload interrupted; uploads cut off by the reload cannot resume.
for (const task of tasks) {
  if (task.phase === 'uploading' || task.phase === 'waiting') Object.assign(task, { phase: 'failed', error: 'The page was reloaded during the upload.' });
}
schedulePolling();

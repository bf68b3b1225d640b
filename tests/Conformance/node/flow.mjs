// Conformance flows for Inkport, driven ONLY through the official Feishu/Lark Node SDK
// (@larksuiteoapi/node-sdk, pinned in package.json). Each case uploads a source file,
// creates an import task, polls it and reads the produced document back, asserting real
// content; negative cases check the errors the SDK surfaces.
//
//   INKPORT_URL=http://127.0.0.1:8700 node flow.mjs            # every case
//   INKPORT_URL=http://127.0.0.1:8700 node flow.mjs md-docx    # named cases
//   node flow.mjs --list                                       # case names
//
// Optional: INKPORT_APP_ID / INKPORT_APP_SECRET (default: the development app),
// INKPORT_POLL_LIMIT_MS (default 60000). Output is TAP-like; exit 0 = all passed,
// 1 = a case failed, 2 = usage or configuration error.

import { inspect, isDeepStrictEqual } from 'node:util';
import * as lark from '@larksuiteoapi/node-sdk';

const APP_ID = process.env.INKPORT_APP_ID || 'cli_inkportdevapp';
const APP_SECRET = process.env.INKPORT_APP_SECRET || 'inkport-development-secret';
const POLL_LIMIT_MS = Number(process.env.INKPORT_POLL_LIMIT_MS || 60_000);
const CASE_LIMIT_MS = POLL_LIMIT_MS + 60_000;
const TOKEN_27 = /^[A-Za-z0-9]{27}$/;

// ---------------------------------------------------------------- plumbing

class CaseFailure extends Error {}

function fail(message) {
  throw new CaseFailure(message);
}

function check(condition, message) {
  if (!condition) fail(message);
}

function show(value) {
  return inspect(value, { depth: 6, breakLength: 120, maxStringLength: 400, maxArrayLength: 30 });
}

function checkEqual(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

/** The SDK logs whole axios errors (sockets and all); keep one short TAP comment per item. */
function brief(x) {
  if (Array.isArray(x)) return x.map(brief).join(' | ');
  if (x instanceof Error) {
    const status = x.response ? ` HTTP ${x.response.status} ${show(x.response.data)}` : '';
    return `${x.code ? `${x.code} ` : ''}${x.message}${x.config?.url ? ` (${x.config.method ?? ''} ${x.config.url})` : ''}${status}`;
  }
  if (x && typeof x === 'object') {
    // formatErrors() items: {message, config, request, response} or the response body.
    if ('response' in x || 'config' in x) {
      return `${x.message ?? ''} ${x.config?.method ?? ''} ${x.config?.url ?? ''} HTTP ${x.response?.status ?? '-'} ${show(x.response?.data)}`;
    }
    return inspect(x, { depth: 2, breakLength: Infinity, maxStringLength: 300 });
  }
  return String(x);
}

const sdkLogger = Object.fromEntries(
  ['error', 'warn', 'info', 'debug', 'trace'].map((level) => [
    level,
    (...args) => console.log(`# sdk ${level}: ${brief(args).replace(/\n/g, ' ')}`),
  ]),
);

/** A private token cache, so that a client with a wrong secret cannot reuse the token
 *  another client obtained: the SDK's default cache is process-wide and keyed by app id only. */
class PrivateCache {
  constructor() {
    this.values = new Map();
  }
  async get(key, options) {
    const hit = this.values.get(`${options?.namespace ?? ''}/${String(key)}`);
    if (!hit) return undefined;
    return !hit.expiredTime || hit.expiredTime > Date.now() ? hit.value : undefined;
  }
  async set(key, value, expiredTime, options) {
    this.values.set(`${options?.namespace ?? ''}/${String(key)}`, { value, expiredTime });
    return true;
  }
}

function baseUrl() {
  const url = process.env.INKPORT_URL;
  if (!url) {
    console.error('flow.mjs: set INKPORT_URL to the Inkport base URL, e.g. http://127.0.0.1:8700');
    process.exit(2);
  }
  return url.replace(/\/+$/, '');
}

function newClient({ appSecret = APP_SECRET, cache } = {}) {
  return new lark.Client({
    appId: APP_ID,
    appSecret,
    // A string domain is used verbatim as the base URL (the SDK maps only its
    // Domain.Feishu / Domain.Lark enum values to the public hosts).
    domain: baseUrl(),
    loggerLevel: lark.LoggerLevel.error,
    logger: sdkLogger,
    ...(cache ? { cache } : {}),
  });
}

/** Runs one SDK call. The SDK returns the parsed body for 2xx answers and throws axios'
 *  error (with `.response`) for the others; network failures have no response. */
async function sdk(label, run) {
  try {
    return { status: '2xx', body: await run() };
  } catch (e) {
    if (e instanceof CaseFailure) throw e;
    if (e?.response) return { status: e.response.status, body: e.response.data };
    fail(`${label}: the SDK threw without an HTTP answer: ${e?.code ?? ''} ${e?.message ?? show(e)}`);
  }
}

function expectOk(label, { status, body }) {
  check(body && typeof body === 'object', `${label}: HTTP ${status}, body is not a JSON object: ${show(body)}`);
  check(body.code === 0, `${label}: expected code 0, got HTTP ${status} code ${body.code} msg ${show(body.msg)}`);
  check(body.data && typeof body.data === 'object', `${label}: code 0 but no data object: ${show(body)}`);
  return body.data;
}

function expectError(label, { status, body }, expectedCode, expectedHttp) {
  check(body && typeof body === 'object', `${label}: HTTP ${status}, body is not a JSON object: ${show(body)}`);
  check(body.code === expectedCode, `${label}: expected code ${expectedCode}, got HTTP ${status} code ${body.code} msg ${show(body.msg)}`);
  if (expectedHttp !== undefined) {
    check(status === expectedHttp, `${label}: expected HTTP ${expectedHttp} with code ${expectedCode}, got HTTP ${status}`);
  }
  check(typeof body.msg === 'string' && body.msg.length > 0, `${label}: error without a msg: ${show(body)}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- import flow

async function upload(client, { fileName, ext, type, bytes }) {
  const label = 'drive.media.uploadAll';
  let data;
  try {
    // uploadAll posts multipart/form-data and resolves to the body's `data` only
    // (`{file_token}`), or null when the body has no data.
    data = await client.drive.media.uploadAll({
      data: {
        file_name: fileName,
        parent_type: 'ccm_import_open',
        size: bytes.length,
        extra: JSON.stringify({ obj_type: type, file_extension: ext }),
        file: bytes,
      },
    });
  } catch (e) {
    if (e?.response) fail(`${label}: HTTP ${e.response.status} ${show(e.response.data)}`);
    fail(`${label}: the SDK threw without an HTTP answer: ${e?.code ?? ''} ${e?.message ?? show(e)}`);
  }
  check(data && typeof data === 'object', `${label}: no data in the answer (a non-zero code with HTTP 200 looks like this): ${show(data)}`);
  check(typeof data.file_token === 'string' && TOKEN_27.test(data.file_token), `${label}: file_token is not a 27-character token: ${show(data.file_token)}`);
  return data.file_token;
}

async function createImport(client, { fileToken, ext, type, title }) {
  return sdk('drive.importTask.create', () =>
    client.drive.importTask.create({
      data: {
        file_extension: ext,
        file_token: fileToken,
        type,
        file_name: title,
        point: { mount_type: 1, mount_key: '' },
      },
    }),
  );
}

async function pollImport(client, ticket, type) {
  const started = Date.now();
  let delay = 100;
  let last;
  while (Date.now() - started < POLL_LIMIT_MS) {
    const data = expectOk('drive.importTask.get', await sdk('drive.importTask.get', () => client.drive.importTask.get({ path: { ticket } })));
    const result = data.result;
    check(result && typeof result === 'object', `drive.importTask.get: no data.result: ${show(data)}`);
    if (result.ticket !== undefined) checkEqual(result.ticket, ticket, 'import task result.ticket');
    last = result.job_status;
    if (last === 0) {
      check(typeof result.token === 'string' && TOKEN_27.test(result.token), `import task succeeded without a 27-character token: ${show(result)}`);
      check(typeof result.url === 'string' && /^https?:\/\//.test(result.url), `import task succeeded without a url: ${show(result)}`);
      checkEqual(result.type, type, 'import task result.type');
      if (result.extra !== undefined) {
        check(Array.isArray(result.extra) && result.extra.every((x) => typeof x === 'string'), `result.extra must be an array of strings: ${show(result.extra)}`);
      }
      return result;
    }
    check(last === 1 || last === 2, `import task failed: job_status ${show(last)} job_error_msg ${show(result.job_error_msg)}`);
    await sleep(delay);
    delay = Math.min(delay * 2, 1000);
  }
  fail(`import task ${ticket} still had job_status ${show(last)} after ${POLL_LIMIT_MS} ms`);
}

async function importFile(client, spec) {
  const fileToken = await upload(client, spec);
  const data = expectOk('drive.importTask.create', await createImport(client, { ...spec, fileToken }));
  check(typeof data.ticket === 'string' && data.ticket.length > 0, `drive.importTask.create: no ticket: ${show(data)}`);
  return pollImport(client, data.ticket, spec.type);
}

// ---------------------------------------------------------------- docx read-back

const TEXT_KEYS = {
  1: 'page', 2: 'text', 3: 'heading1', 4: 'heading2', 5: 'heading3', 6: 'heading4', 7: 'heading5',
  8: 'heading6', 9: 'heading7', 10: 'heading8', 11: 'heading9', 12: 'bullet', 13: 'ordered',
  14: 'code', 15: 'quote', 17: 'todo',
};

function payload(block) {
  const key = TEXT_KEYS[block.block_type];
  check(key, `block ${block.block_id} (type ${block.block_type}) has no text payload`);
  const body = block[key];
  check(body && Array.isArray(body.elements), `block ${block.block_id}: "${key}" payload with elements[] expected: ${show(block)}`);
  return body;
}

function runs(block) {
  return payload(block).elements.filter((e) => e.text_run).map((e) => e.text_run);
}

function textOf(block) {
  return runs(block).map((r) => r.content).join('');
}

async function readDocx(client, token, title) {
  const path = { document_id: token };

  const got = expectOk('docx.document.get', await sdk('docx.document.get', () => client.docx.document.get({ path })));
  check(got.document, `docx.document.get: no data.document: ${show(got)}`);
  checkEqual(got.document.document_id, token, 'document.document_id');
  checkEqual(got.document.title, title, 'document.title');
  check(Number.isInteger(got.document.revision_id) && got.document.revision_id >= 1, `document.revision_id must be an integer >= 1: ${show(got.document.revision_id)}`);

  const raw = expectOk('docx.document.rawContent', await sdk('docx.document.rawContent', () => client.docx.document.rawContent({ path, params: { lang: 0 } })));
  check(typeof raw.content === 'string', `raw_content: data.content must be a string: ${show(raw)}`);

  const listed = expectOk('docx.documentBlock.list', await sdk('docx.documentBlock.list', () => client.docx.documentBlock.list({ path, params: { page_size: 500 } })));
  const blocks = listed.items;
  check(Array.isArray(blocks) && blocks.length > 0, `blocks: data.items must be a non-empty array: ${show(listed)}`);
  check(listed.has_more === false, `blocks: a small document must fit one page of 500 (has_more ${show(listed.has_more)})`);

  // The SDK's iterator follows page_token; it swallows HTTP errors (logs them and ends),
  // so compare what it collected with the single-page listing.
  const viaIterator = [];
  let pages = 0;
  for await (const page of await client.docx.documentBlock.listWithIterator({ path, params: { page_size: 4 } })) {
    check(page && typeof page === 'object', `documentBlock.listWithIterator yielded ${show(page)}`);
    viaIterator.push(...(page.items ?? []));
    check(++pages <= 1000, 'documentBlock.listWithIterator: more than 1000 pages; has_more never ends');
  }
  checkEqual(viaIterator.map((b) => b.block_id), blocks.map((b) => b.block_id), 'block ids read with listWithIterator(page_size 4) vs list(page_size 500)');
  if (blocks.length > 4) check(pages > 1, `page_size 4 over ${blocks.length} blocks returned ${pages} page(s)`);

  // Tree shape: the page block first, ids unique, parents consistent, pre-order listing.
  const page = blocks[0];
  checkEqual(page.block_type, 1, 'first block type (page)');
  checkEqual(page.block_id, token, 'page block_id (= document_id)');
  checkEqual(textOf(page), title, 'page block text (= title)');
  const byId = new Map();
  for (const b of blocks) {
    check(typeof b.block_id === 'string' && b.block_id.length > 0, `block without block_id: ${show(b)}`);
    check(!byId.has(b.block_id), `duplicate block_id ${b.block_id}`);
    byId.set(b.block_id, b);
  }
  const preorder = [];
  const visit = (b) => {
    preorder.push(b.block_id);
    for (const id of b.children ?? []) {
      const child = byId.get(id);
      check(child, `block ${b.block_id} lists child ${id}, which the listing does not contain`);
      checkEqual(child.parent_id, b.block_id, `parent_id of block ${id}`);
      visit(child);
    }
  };
  visit(page);
  checkEqual(preorder, blocks.map((b) => b.block_id), 'listing order vs pre-order traversal of children');

  const top = (page.children ?? []).map((id) => byId.get(id));
  return { page, top, byId, raw: raw.content };
}

function expectRaw(raw, fragments) {
  for (const f of fragments) check(raw.includes(f), `raw_content lacks ${show(f)}: ${show(raw)}`);
}

// ---------------------------------------------------------------- cases

const MD_SOURCE = [
  '# Inkport conformance',
  '',
  'Plain and **bold** words.',
  '',
  '- first item',
  '- second item',
  '',
  '| Name | Qty |',
  '| --- | --- |',
  '| apple | 3 |',
  '',
  '```js',
  'const answer = 42;',
  '```',
  '',
].join('\n');

async function mdToDocx() {
  const client = newClient();
  const title = 'Conformance md';
  const result = await importFile(client, { fileName: 'conformance.md', ext: 'md', type: 'docx', title, bytes: Buffer.from(MD_SOURCE, 'utf8') });
  const { top, byId, raw } = await readDocx(client, result.token, title);

  checkEqual(top.map((b) => b.block_type), [3, 2, 12, 12, 31, 14], 'top-level block types (heading1, text, bullet, bullet, table, code)');
  const [heading, para, bullet1, bullet2, table, code] = top;
  checkEqual(textOf(heading), 'Inkport conformance', 'heading1 text');
  checkEqual(textOf(para), 'Plain and bold words.', 'paragraph text');
  const boldRuns = runs(para).filter((r) => r.text_element_style?.bold === true).map((r) => r.content);
  checkEqual(boldRuns, ['bold'], 'bold runs of the paragraph');
  checkEqual([textOf(bullet1), textOf(bullet2)], ['first item', 'second item'], 'bullet texts');

  const prop = table.table?.property;
  check(prop, `table block without table.property: ${show(table)}`);
  checkEqual([prop.row_size, prop.column_size], [2, 2], 'table row_size, column_size');
  checkEqual(table.table.cells, table.children, 'table.cells vs table children');
  const cellTexts = table.table.cells.map((id) => {
    const cell = byId.get(id);
    checkEqual(cell.block_type, 32, `type of table cell ${id}`);
    return (cell.children ?? []).map((c) => textOf(byId.get(c))).join('\n');
  });
  checkEqual(cellTexts, ['Name', 'Qty', 'apple', '3'], 'table cell texts (row-major)');

  checkEqual(textOf(code).replace(/\n+$/, ''), 'const answer = 42;', 'code block text');
  checkEqual(payload(code).style?.language, 30, 'code block style.language (30 = JavaScript)');

  expectRaw(raw, ['Inkport conformance', 'Plain and bold words.', 'first item', 'second item', 'apple', 'const answer = 42;']);
}

function markdownAlias(ext) {
  return async () => {
    const client = newClient();
    const title = `Conformance ${ext}`;
    const source = '## Second level\n\nA paragraph with *italic* text.\n';
    const result = await importFile(client, { fileName: `notes.${ext}`, ext, type: 'docx', title, bytes: Buffer.from(source, 'utf8') });
    const { top, raw } = await readDocx(client, result.token, title);
    checkEqual(top.map((b) => b.block_type), [4, 2], 'top-level block types (heading2, text)');
    checkEqual(textOf(top[0]), 'Second level', 'heading2 text');
    checkEqual(textOf(top[1]), 'A paragraph with italic text.', 'paragraph text');
    const italic = runs(top[1]).filter((r) => r.text_element_style?.italic === true).map((r) => r.content);
    checkEqual(italic, ['italic'], 'italic runs');
    expectRaw(raw, ['Second level', 'A paragraph with italic text.']);
  };
}

async function txtToDocx() {
  const client = newClient();
  const title = '文本导入 conformance';
  // Blank lines separate paragraphs; a single line break stays inside its paragraph as a soft break.
  const lines = ['第一行：你好，世界\nSecond line — naïve café', '第三行 🚀 emoji'];
  const source = `${lines[0]}\r\n\r\n${lines[1]}\n`;
  const result = await importFile(client, { fileName: '说明.txt', ext: 'txt', type: 'docx', title, bytes: Buffer.from(source, 'utf8') });
  const { top, raw } = await readDocx(client, result.token, title);
  check(top.every((b) => b.block_type === 2), `a txt import yields text blocks only: ${show(top.map((b) => b.block_type))}`);
  checkEqual(top.map(textOf).filter((t) => t.length > 0), lines, 'non-empty paragraph texts');
  expectRaw(raw, lines.flatMap((l) => l.split('\n')));
}

const CSV_SOURCE = 'Name,Score,City\nAlice,90.5,北京\nBob,88,上海\n';

async function csvToSheet() {
  const client = newClient();
  const title = 'Conformance csv sheet';
  const result = await importFile(client, { fileName: 'scores.csv', ext: 'csv', type: 'sheet', title, bytes: Buffer.from(CSV_SOURCE, 'utf8') });
  const token = result.token;

  const meta = expectOk('sheets.spreadsheet.get', await sdk('sheets.spreadsheet.get', () => client.sheets.spreadsheet.get({ path: { spreadsheet_token: token } })));
  check(meta.spreadsheet, `sheets.spreadsheet.get: no data.spreadsheet: ${show(meta)}`);
  checkEqual(meta.spreadsheet.title, title, 'spreadsheet.title');
  checkEqual(meta.spreadsheet.token, token, 'spreadsheet.token');

  const query = expectOk('sheets.spreadsheetSheet.query', await sdk('sheets.spreadsheetSheet.query', () => client.sheets.spreadsheetSheet.query({ path: { spreadsheet_token: token } })));
  check(Array.isArray(query.sheets) && query.sheets.length === 1, `a csv yields exactly one sheet: ${show(query)}`);
  const sheet = query.sheets[0];
  check(typeof sheet.sheet_id === 'string' && sheet.sheet_id.length > 0, `sheet without sheet_id: ${show(sheet)}`);
  checkEqual(sheet.index, 0, 'sheet.index');
  checkEqual(sheet.resource_type, 'sheet', 'sheet.resource_type');
  const grid = sheet.grid_properties;
  check(grid && grid.row_count >= 3 && grid.column_count >= 3, `grid_properties must cover 3x3: ${show(grid)}`);

  // No typed method in the SDK for sheets v2 values: the SDK's generic request.
  const range = `${sheet.sheet_id}!A1:C3`;
  const values = expectOk('sheets v2 values', await sdk('sheets v2 values', () => client.request({ method: 'GET', url: `/open-apis/sheets/v2/spreadsheets/${token}/values/${range}` })));
  checkEqual(values.spreadsheetToken, token, 'values spreadsheetToken');
  check(values.valueRange, `values: no data.valueRange: ${show(values)}`);
  checkEqual(values.valueRange.majorDimension, 'ROWS', 'valueRange.majorDimension');
  checkEqual(values.valueRange.values, [['Name', 'Score', 'City'], ['Alice', 90.5, '北京'], ['Bob', 88, '上海']], `values of ${range}`);
}

function segmentsText(value, what) {
  check(Array.isArray(value) && value.every((s) => s && typeof s.text === 'string'), `${what}: a text field value is an array of segments: ${show(value)}`);
  return value.map((s) => s.text).join('');
}

async function csvToBitable() {
  const client = newClient();
  const title = 'Conformance csv bitable';
  const source = 'Name,Score,Note\nAlice,90.5,likes tea\nBob,88,likes coffee\nCarol,75,\n';
  const result = await importFile(client, { fileName: 'people.csv', ext: 'csv', type: 'bitable', title, bytes: Buffer.from(source, 'utf8') });
  const appToken = result.token;

  const app = expectOk('bitable.app.get', await sdk('bitable.app.get', () => client.bitable.app.get({ path: { app_token: appToken } })));
  check(app.app, `bitable.app.get: no data.app: ${show(app)}`);
  checkEqual(app.app.app_token, appToken, 'app.app_token');
  checkEqual(app.app.name, title, 'app.name');

  const tables = expectOk('bitable.appTable.list', await sdk('bitable.appTable.list', () => client.bitable.appTable.list({ path: { app_token: appToken } })));
  check(Array.isArray(tables.items) && tables.items.length === 1, `a csv yields exactly one table: ${show(tables)}`);
  const tableId = tables.items[0].table_id;
  check(typeof tableId === 'string' && tableId.length > 0, `table without table_id: ${show(tables.items[0])}`);
  const path = { app_token: appToken, table_id: tableId };

  const fields = expectOk('bitable.appTableField.list', await sdk('bitable.appTableField.list', () => client.bitable.appTableField.list({ path, params: { page_size: 100 } })));
  check(Array.isArray(fields.items), `fields: data.items must be an array: ${show(fields)}`);
  checkEqual(fields.items.map((f) => [f.field_name, f.type]), [['Name', 1], ['Score', 2], ['Note', 1]], 'fields [name, type] (1 text, 2 number)');
  checkEqual(fields.items[0].is_primary, true, 'first field is_primary');
  for (const f of fields.items) check(typeof f.field_id === 'string' && f.field_id.length > 0, `field without field_id: ${show(f)}`);

  const records = expectOk('bitable.appTableRecord.list', await sdk('bitable.appTableRecord.list', () => client.bitable.appTableRecord.list({ path, params: { page_size: 100 } })));
  check(Array.isArray(records.items) && records.items.length === 3, `3 records expected: ${show(records)}`);
  if (records.total !== undefined) checkEqual(records.total, 3, 'records total');
  const rows = records.items.map((r, i) => {
    check(typeof r.record_id === 'string' && r.record_id.length > 0, `record ${i} without record_id: ${show(r)}`);
    const f = r.fields ?? {};
    return [
      segmentsText(f.Name, `record ${i} Name`),
      f.Score,
      f.Note === undefined ? null : segmentsText(f.Note, `record ${i} Note`),
    ];
  });
  checkEqual(rows, [['Alice', 90.5, 'likes tea'], ['Bob', 88, 'likes coffee'], ['Carol', 75, null]], 'records [Name, Score (number), Note (empty omitted)]');
}

async function wrongSecret() {
  const client = newClient({ appSecret: 'definitely-not-the-secret', cache: new PrivateCache() });
  for (const attempt of [1, 2]) {
    let surfaced;
    try {
      await client.drive.importTask.get({ path: { ticket: '7369583175086912356' } });
    } catch (e) {
      surfaced = e;
    }
    check(surfaced, `attempt ${attempt}: an API call with a wrong app secret resolved instead of throwing`);
    // HTTP 4xx from the token endpoint -> axios' error with the body; HTTP 200 without a
    // token -> the SDK's own Error "failed to get tenant_access_token, code: X, msg: Y".
    check(surfaced.response || /code: /.test(surfaced.message ?? ''), `attempt ${attempt}: no HTTP answer: ${surfaced.code ?? ''} ${surfaced.message}`);
    const code = surfaced.response?.data?.code ?? Number(/code: (\d+)/.exec(surfaced.message)?.[1]);
    check([10014, 10015].includes(code), `attempt ${attempt}: expected code 10014 or 10015 for a wrong secret, got ${show(code)} (${surfaced.message})`);
    check(!surfaced.config?.url?.includes('/import_tasks/'), `attempt ${attempt}: the import task request was sent without a token`);
  }
}

async function extensionMismatch() {
  const client = newClient();
  const fileToken = await upload(client, { fileName: 'mismatch.md', ext: 'md', type: 'docx', bytes: Buffer.from('# mismatch\n', 'utf8') });
  const answer = await createImport(client, { fileToken, ext: 'txt', type: 'docx', title: 'mismatch' });
  expectError('drive.importTask.create with file_extension txt for an md upload', answer, 1069910, 400);
}

async function unknownTicket() {
  const client = newClient();
  const answer = await sdk('drive.importTask.get', () => client.drive.importTask.get({ path: { ticket: '7369583175086912356' } }));
  const { status, body } = answer;
  check(body && typeof body === 'object', `HTTP ${status}, body is not a JSON object: ${show(body)}`);
  check(Number.isInteger(body.code) && body.code >= 1069901 && body.code <= 1069914, `an unknown ticket: expected a 10699xx import error code, got HTTP ${status} code ${show(body.code)} msg ${show(body.msg)}`);
  check(typeof status === 'number' && status >= 400 && status < 500, `an unknown ticket: expected HTTP 4xx, got ${status}`);
}

const CASES = {
  'md-docx': mdToDocx,
  'mark-docx': markdownAlias('mark'),
  'markdown-docx': markdownAlias('markdown'),
  'txt-docx': txtToDocx,
  'csv-sheet': csvToSheet,
  'csv-bitable': csvToBitable,
  'auth-wrong-secret': wrongSecret,
  'import-extension-mismatch': extensionMismatch,
  'import-unknown-ticket': unknownTicket,
};

// ---------------------------------------------------------------- main

async function main(argv) {
  if (argv.includes('--list')) {
    for (const name of Object.keys(CASES)) console.log(name);
    return 0;
  }
  const names = argv.length > 0 ? argv : Object.keys(CASES);
  const unknown = names.filter((n) => !(n in CASES));
  if (unknown.length > 0) {
    console.error(`flow.mjs: unknown case(s) ${unknown.join(', ')}; known: ${Object.keys(CASES).join(', ')}`);
    return 2;
  }
  const url = baseUrl();
  console.log('TAP version 13');
  console.log(`# Inkport at ${url}, app ${APP_ID}, @larksuiteoapi/node-sdk`);
  console.log(`1..${names.length}`);
  let failed = 0;
  for (const [i, name] of names.entries()) {
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        CASES[name](),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new CaseFailure(`timed out after ${CASE_LIMIT_MS} ms`)), CASE_LIMIT_MS);
        }),
      ]);
      console.log(`ok ${i + 1} - ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`not ok ${i + 1} - ${name} (${Date.now() - started} ms)`);
      const message = e instanceof CaseFailure ? e.message : `unexpected ${e?.stack ?? show(e)}`;
      for (const line of message.split('\n')) console.log(`#   ${line}`);
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(failed === 0 ? `# all ${names.length} case(s) ok` : `# ${failed} of ${names.length} case(s) failed`);
  return failed === 0 ? 0 : 1;
}

process.exit(await main(process.argv.slice(2)));

// The console's only way to the server: the public /open-apis API. The session cookie becomes the bearer token on
// the server side, and only for requests that carry X-Inkport-Console (a cross-site page cannot add it).
export const CONSOLE_HEADER = { 'X-Inkport-Console': '1' };

const SIGNED_OUT_CODES = new Set([99991661, 99991663, 99991668, 99991677]);

// The API's per-app rate limits (spec/08; Inkport's RateRules), each as [calls, window ms] a little under the limit:
// calls wait for room in every window of their rule, and a rate-limit answer is waited out and retried.
// Rules are matched in order on "METHOD path".
const SECOND = 1000, MINUTE = 60000;
const LIMITS = [
  [/^GET \/open-apis\/drive\/v1\/medias\/[^/]+\/download$/, [[4, SECOND]]],
  [/^POST \/open-apis\/drive\/v1\/medias\//, [[4, SECOND]]],
  [/^POST \/open-apis\/drive\/v1\/files\/create_folder$/, [[4, SECOND]]],
  [/^DELETE \/open-apis\/drive\/v1\/files\//, [[4, SECOND]]],
  [/^GET \/open-apis\/drive\/v1\/files$/, [[18, SECOND]]],
  [/^GET \/open-apis\/drive\/v1\/import_tasks\//, [[45, SECOND], [900, MINUTE]]],
  [/^POST \/open-apis\/drive\/v1\/import_tasks$/, [[90, MINUTE]]],
  [/^GET \/open-apis\/docx\//, [[4, SECOND]]],
  [/^GET \/open-apis\/bitable\//, [[18, SECOND]]],
  [/^GET \/open-apis\/sheets\/v2\//, [[90, SECOND]]],
  [/^GET \/open-apis\/sheets\/v3\//, [[90, MINUTE]]],
].map(([pattern, windows]) => ({ pattern, windows: windows.map(([calls, ms]) => ({ calls, ms, times: [] })) }));
const RATE_LIMIT_CODES = new Set([99991400, 1061045, 1069923, 1254290]);

async function paced(method, u) {
  const rule = LIMITS.find((r) => r.pattern.test(`${method} ${u.pathname}`));
  if (!rule) return;
  for (;;) {
    const now = Date.now();
    let wait = 0;
    for (const w of rule.windows) {
      while (w.times.length && w.times[0] <= now - w.ms) w.times.shift();
      if (w.times.length >= w.calls) wait = Math.max(wait, w.times[0] + w.ms - now);
    }
    if (wait <= 0) {
      for (const w of rule.windows) w.times.push(now);
      return;
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** Runs a request, retrying a rate-limited answer a few times after a pause. */
async function withRetry(method, u, send) {
  for (let attempt = 0; ; attempt++) {
    await paced(method, u);
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof ApiError) || !RATE_LIMIT_CODES.has(error.code) || attempt >= 4) throw error;
      await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
    }
  }
}

export class ApiError extends Error {
  constructor(status, code, msg, body) {
    super(code ? `${msg} (code ${code}, HTTP ${status})` : `${msg} (HTTP ${status})`);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

function url(path, query) {
  const u = new URL(path.startsWith('/open-apis') ? path : `/open-apis${path}`, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, v);
  return u;
}

async function parse(response) {
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (response.status === 501) throw new ApiError(501, body?.code, `not implemented by this Inkport server: ${body?.msg ?? text}`, body);
  if (!body) throw new ApiError(response.status, 0, response.statusText || 'empty answer', null);
  if (body.code !== 0) {
    if (SIGNED_OUT_CODES.has(body.code)) signInAgain();
    throw new ApiError(response.status, body.code, body.error?.message ?? body.msg ?? 'error', body);
  }
  return body;
}

export function signInAgain() {
  location.assign(`/signin?return=${encodeURIComponent(location.pathname + location.search)}`);
}

/** One API call: returns the whole {code,msg,data} body, or throws ApiError. */
export async function call(method, path, { query, json } = {}) {
  const init = { method, headers: { ...CONSOLE_HEADER }, credentials: 'same-origin' };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json; charset=utf-8';
    init.body = JSON.stringify(json);
  }
  const u = url(path, query);
  return withRetry(method, u, async () => parse(await fetch(u, init)));
}

export const get = (path, query) => call('GET', path, { query }).then((b) => b.data);
export const post = (path, json, query) => call('POST', path, { json, query }).then((b) => b.data);
export const del = (path, query) => call('DELETE', path, { query }).then((b) => b.data);

/** A multipart POST through XMLHttpRequest, the one browser API that reports upload progress. */
export function postForm(path, form, onProgress) {
  const u = url(path);
  return withRetry('POST', u, () => sendForm(u, form, onProgress));
}

function sendForm(u, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', u);
    xhr.setRequestHeader('X-Inkport-Console', '1');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress?.(e.loaded, e.total); };
    xhr.onerror = () => reject(new ApiError(0, 0, 'the connection failed', null));
    xhr.onload = () => parse(new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText }))
      .then((b) => resolve(b.data), reject);
    xhr.send(form);
  });
}

/** Bytes behind an authenticated GET (images, downloads): a Blob, or ApiError from the JSON error envelope. */
export async function getBlob(path, query) {
  const u = url(path, query);
  return withRetry('GET', u, async () => {
    const response = await fetch(u, { headers: { ...CONSOLE_HEADER }, credentials: 'same-origin' });
    if (response.ok && !(response.headers.get('content-type') ?? '').startsWith('application/json')) return response.blob();
    await parse(response);
    throw new ApiError(response.status, 0, 'expected bytes, got JSON', null);
  });
}

/** The console's session (who is signed in): not an API call, the page shell's companion. */
export async function session() {
  const response = await fetch('/console/session', { credentials: 'same-origin' });
  if (response.status === 401) { signInAgain(); return null; }
  return response.json();
}

export async function signOut() {
  await fetch('/signout', { method: 'POST', headers: { ...CONSOLE_HEADER }, credentials: 'same-origin' });
  location.assign('/signin');
}

/** Adler-32 of a Blob, as upload_all and upload_part take it in `checksum` (spec/02). */
export async function adler32(blob) {
  const MOD = 65521;
  let a = 1, b = 0;
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Sums stay exact in doubles for 3,800-byte runs before the modulo.
    for (let i = 0; i < value.length;) {
      const end = Math.min(i + 3800, value.length);
      for (; i < end; i++) { a += value[i]; b += a; }
      a %= MOD; b %= MOD;
    }
  }
  return ((b << 16) | a) >>> 0;
}

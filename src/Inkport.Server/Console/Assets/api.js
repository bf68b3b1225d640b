// The console's only way to the server: the public /open-apis API. The session cookie becomes the bearer token on
// the server side, and only for requests that carry X-Inkport-Console (a cross-site page cannot add it).
export const CONSOLE_HEADER = { 'X-Inkport-Console': '1' };

const SIGNED_OUT_CODES = new Set([99991661, 99991663, 99991668, 99991677]);

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
  const response = await fetch(url(path, query), init);
  return parse(response);
}

export const get = (path, query) => call('GET', path, { query }).then((b) => b.data);
export const post = (path, json, query) => call('POST', path, { json, query }).then((b) => b.data);
export const del = (path, query) => call('DELETE', path, { query }).then((b) => b.data);

/** A multipart POST through XMLHttpRequest, the one browser API that reports upload progress. */
export function postForm(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(path));
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
  const response = await fetch(url(path, query), { headers: { ...CONSOLE_HEADER }, credentials: 'same-origin' });
  if (response.ok && !(response.headers.get('content-type') ?? '').startsWith('application/json')) return response.blob();
  return parse(response).then(() => { throw new ApiError(response.status, 0, 'expected bytes, got JSON', null); });
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

// ViT-VIS service worker: after one visit the app runs with the network off.
//  - install: precache the app shell and runtime (SHELL), revalidated against the server
//  - models/index.json and the page itself: network first (a new model list or build shows up at
//    once), the cached copy when the network fails or is slower than NETWORK_TIMEOUT_MS
//  - shell files: cache first (they belong to this build: the cache is named by its build id)
//  - offline.json (what "Make available offline…" stores, #35): network first, like models/index.json
//  - other files in the folders of offline.json (OFFLINE_DIRS: models/, i18n/, fonts/, trainer/, data/…):
//    cache first, stored the first time they are fetched (also when fetched before this worker
//    controlled the page: the page posts those URLs)
//  - "Make available offline…": the page asks which of offline.json's files are stored ('stored') and
//    has the missing ones fetched and stored here ('store'), with progress, on a message port. Responses keep their headers (COOP/COEP/CORP, Content-Length), but for a
//    compressed transfer's: the cache holds the decoded body, so it is kept without Content-Encoding
//    and with the decoded Content-Length (see decoded()).
// scripts/build.sh writes BUILD (a content hash of dist/), SHELL and OFFLINE_DIRS; a new build is a new sw.js, so
// browsers install it, and activation deletes the previous build's caches.
const BUILD = 'dev';
const SHELL = ['index.html', 'boot.mjs', 'ort_glue.mjs', 'vitvis.js', 'vitvis.wasm', 'models/index.json'];
const OFFLINE_DIRS = ['models/'];

// Models bigger than this are not kept for offline use (the browser's storage quota is shared and
// not guaranteed; a ViT-B/16 export is ~350 MB). The bundled models are ~0.6 MB.
const MAX_RUNTIME_BYTES = 200e6;
const NETWORK_TIMEOUT_MS = 4000;

const SCOPE = new URL(self.registration.scope);
const PREFIX = `vitvis:${SCOPE.pathname}:`;  // several ViT-VIS sites on one origin keep their own caches
const SHELL_CACHE = `${PREFIX}shell:${BUILD}`;
const RUNTIME_CACHE = `${PREFIX}runtime:${BUILD}`;
const shellUrls = new Set(SHELL.map((f) => new URL(f, SCOPE).href));
const indexHtml = new URL('index.html', SCOPE).href;
const modelIndex = new URL('models/index.json', SCOPE).href;
const offlineManifest = new URL('offline.json', SCOPE).href;
const offlineDirs = OFFLINE_DIRS.map((d) => new URL(d, SCOPE).href);
const inOfflineDir = (url) => offlineDirs.some((d) => url.startsWith(d));
const storing = new Map();  // url -> promise of an ongoing cache.put (avoids fetching a file twice)

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // 'no-cache': revalidate with the server, so an older copy in the HTTP cache never gets pinned
    // under this build's name.
    // (What cache.addAll does, but each response stored as decoded().)
    await Promise.all(SHELL.map(async (f) => {
      const req = new Request(new URL(f, SCOPE), { cache: 'no-cache' });
      const resp = await fetch(req);
      if (!resp.ok) throw new TypeError(`${f}: HTTP ${resp.status}`);
      await cache.put(req, await decoded(resp));
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys())
      if (name.startsWith(PREFIX) && name !== SHELL_CACHE && name !== RUNTIME_CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || req.headers.has('range')) return;
  const url = new URL(req.url);
  if (url.origin !== SCOPE.origin) return;
  const bare = url.origin + url.pathname;  // the page's own URL carries the view in its query
  if (req.mode === 'navigate') {
    if (bare === SCOPE.href || bare === indexHtml) event.respondWith(networkFirst(event, req, indexHtml, SHELL_CACHE));
    return;
  }
  if (url.search) return;
  if (bare === modelIndex || bare === offlineManifest) event.respondWith(networkFirst(event, req, bare, SHELL_CACHE));
  else if (shellUrls.has(bare)) event.respondWith(cacheFirst(event, req, SHELL_CACHE));
  else if (inOfflineDir(bare)) event.respondWith(cacheFirst(event, req, RUNTIME_CACHE));
});

// Messages from the page:
//  { type: 'keep', urls }: files in OFFLINE_DIRS it fetched before this worker controlled it; replies on
//    the message port with the URLs now in the cache.
//  { type: 'stored', paths }: which of these files (relative to the scope) this build's caches hold;
//    replies { stored: [path] }.
//  { type: 'store', paths }: fetches and stores those not stored yet, one after another, and tells the
//    port { type: 'progress', path, received } (bytes of the file so far), { type: 'file', path, ok,
//    bytes, error } per file and { type: 'end', cancelled, error } at the end; { type: 'cancel' } on the
//    port stops it (what was stored stays). A full storage stops it too (error: 'quota').
self.addEventListener('message', (event) => {
  const msg = event.data, port = event.ports[0];
  if (!msg) return;
  let work;
  if (msg.type === 'keep' && Array.isArray(msg.urls)) {
    work = (async () => {
      const kept = [];
      for (const u of msg.urls.slice(0, 1000)) {
        // (a shell file is in the shell's cache already: ort/, fonts/)
        if (typeof u !== 'string' || !inOfflineDir(u) || u.includes('?') || shellUrls.has(u)) continue;
        if (await keep(u)) kept.push(u);
      }
      port?.postMessage({ kept });
    })();
  } else if (msg.type === 'stored' && Array.isArray(msg.paths) && port) {
    work = (async () => {
      const stored = [];
      for (const p of msg.paths) if (typeof p === 'string' && await storedCopy(p)) stored.push(p);
      port.postMessage({ stored });
    })();
  } else if (msg.type === 'store' && Array.isArray(msg.paths) && port) {
    work = storeAll(msg.paths.filter((p) => typeof p === 'string'), port);
  }
  if (work) event.waitUntil(work.catch((e) => port?.postMessage({ type: 'end', cancelled: false, error: String(e?.message ?? e) })));
});

const scoped = (path) => new URL(path, SCOPE).href;
// The cached copy of a file of the scope (either cache of this build), or undefined.
async function storedCopy(path) {
  const url = scoped(path);
  if (!url.startsWith(SCOPE.href) || url.includes('?')) return undefined;
  return (await (await caches.open(SHELL_CACHE)).match(url)) ?? (await (await caches.open(RUNTIME_CACHE)).match(url));
}

async function storeAll(paths, port) {
  const abort = new AbortController();
  port.onmessage = (e) => { if (e.data?.type === 'cancel') abort.abort(); };
  const quota = (e) => e?.name === 'QuotaExceededError' || /quota/i.test(e?.message ?? '');
  for (const path of paths) {
    if (abort.signal.aborted) break;
    const url = scoped(path);
    if (!url.startsWith(SCOPE.href) || url.includes('?')) {
      port.postMessage({ type: 'file', path, ok: false, bytes: 0, error: 'not a file of this site' });
      continue;
    }
    if (await storedCopy(path)) {
      port.postMessage({ type: 'file', path, ok: true, bytes: 0, error: '' });
      continue;
    }
    try {
      const resp = await fetch(url, { signal: abort.signal, cache: 'no-cache' });
      if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
      // Read here, counted (the progress), and stored as the decoded bytes with their own length.
      const chunks = [];
      let received = 0, said = 0;
      const reader = resp.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        if (received - said >= 256 << 10) { said = received; port.postMessage({ type: 'progress', path, received }); }
      }
      const body = new Blob(chunks);
      const headers = new Headers(resp.headers);
      headers.delete('Content-Encoding');
      headers.set('Content-Length', String(body.size));
      if ((headers.get('Vary') || '').trim().toLowerCase() === 'accept-encoding') headers.delete('Vary');
      const cache = await caches.open(shellUrls.has(url) ? SHELL_CACHE : RUNTIME_CACHE);
      await cache.put(url, new Response(body, { status: 200, statusText: resp.statusText, headers }));
      port.postMessage({ type: 'file', path, ok: true, bytes: body.size, error: '' });
    } catch (e) {
      if (abort.signal.aborted) break;
      if (quota(e)) {
        port.postMessage({ type: 'file', path, ok: false, bytes: 0, error: 'quota' });
        port.postMessage({ type: 'end', cancelled: false, error: 'quota' });
        return;
      }
      port.postMessage({ type: 'file', path, ok: false, bytes: 0, error: String(e?.message ?? e) });
    }
  }
  port.postMessage({ type: 'end', cancelled: abort.signal.aborted, error: '' });
}

function cacheable(resp) {
  if (!resp || resp.status !== 200 || resp.type !== 'basic') return false;
  const length = Number(resp.headers.get('Content-Length') || 0);
  return length <= MAX_RUNTIME_BYTES;
}

// A response as the cache should keep it. The browser decodes a compressed transfer (Content-Encoding
// br or gzip, scripts/serve.mjs) before the worker sees it, and the cache stores those decoded bytes
// under the transfer's headers: a Content-Length of the compressed size, and a Content-Encoding the body
// no longer has (the page would take that length for the file's, and count its progress against it).
// So such a response is stored with the decoded body's length and without Content-Encoding.
async function decoded(resp) {
  const coding = (resp.headers.get('Content-Encoding') || 'identity').trim().toLowerCase();
  if (coding === 'identity') return resp;
  const body = await resp.blob();
  const headers = new Headers(resp.headers);
  headers.delete('Content-Encoding');
  headers.set('Content-Length', String(body.size));
  if ((headers.get('Vary') || '').trim().toLowerCase() === 'accept-encoding') headers.delete('Vary');
  return new Response(body, { status: resp.status, statusText: resp.statusText, headers });
}

// Stores `resp` (unread) under `key`; returns whether it was stored.
function store(cacheName, key, resp) {
  const p = caches.open(cacheName).then(async (c) => c.put(key, await decoded(resp))).then(() => true, () => false)
    .finally(() => { storing.delete(key); });
  storing.set(key, p);
  return p;
}

async function keep(url) {
  if (storing.has(url)) return storing.get(url);
  const cache = await caches.open(RUNTIME_CACHE);
  if (await cache.match(url)) return true;
  let resp;
  try { resp = await fetch(url); } catch { return false; }
  if (!cacheable(resp)) { resp.body?.cancel(); return false; }
  return store(RUNTIME_CACHE, url, resp);
}

async function cacheFirst(event, req, cacheName) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(req);
  if (hit) return hit;
  let resp;
  try {
    resp = await fetch(req);
  } catch (e) {
    return offlineResponse(req.url, e);
  }
  if (cacheable(resp) && !storing.has(req.url)) event.waitUntil(store(cacheName, req.url, resp.clone()));
  return resp;
}

async function networkFirst(event, req, key, cacheName) {
  const cache = await caches.open(cacheName);
  const network = fetch(req).then((resp) => {
    if (resp.status === 200 && resp.type === 'basic') event.waitUntil(decoded(resp.clone()).then((r) => cache.put(key, r)).catch(() => {}));
    return resp;
  });
  event.waitUntil(network.catch(() => {}));
  let timer;
  const slow = new Promise((resolve) => { timer = setTimeout(resolve, NETWORK_TIMEOUT_MS); });
  try {
    const first = await Promise.race([network, slow]);
    if (first) return first;  // the network answered in time (maybe with an error status: pass it on)
    const hit = await cache.match(key);
    return hit ?? await network;
  } catch (e) {
    return (await cache.match(key)) ?? offlineResponse(req.url, e);
  } finally {
    clearTimeout(timer);
  }
}

// A network failure for a file that is not cached: a 503 whose text says why (the page shows it).
function offlineResponse(url, error) {
  const path = url.startsWith(SCOPE.href) ? url.slice(SCOPE.href.length) : url;
  return new Response(`${path} is not available offline (${error?.message ?? 'network error'})`, {
    status: 503,
    statusText: 'Offline, not cached',
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cross-Origin-Resource-Policy': 'same-origin' },
  });
}

// ViT-VIS browser glue: ONNX Runtime Web sessions (WASM backend, run in a worker) and byte fetches
// with progress, as globalThis.vitvisOrt. The seam's JS half (web/vitvis_lib.js) calls it; boot.mjs uses
// its fetchBytes and preloadRuntime before the app starts.
import * as ort from './ort/ort.wasm.min.mjs';

const isolated = globalThis.crossOriginIsolated === true;
ort.env.wasm.wasmPaths = new URL('./ort/', import.meta.url).href;
ort.env.wasm.proxy = true;  // inference off the main thread: frames keep drawing
ort.env.wasm.numThreads = isolated ? Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1)) : 1;
ort.env.logLevel = 'error';
// ONNX Runtime's own WebAssembly binary (what this ORT build loads; scripts/build.sh copies it).
// boot.mjs downloads it with a progress bar and hands the bytes over (env.wasm.wasmBinary) instead
// of letting ORT fetch it unseen inside its worker.
const ORT_WASM = new URL('./ort/ort-wasm-simd-threaded.wasm', import.meta.url).href;

// The session options for a model of `weights` bytes (bench/web/bare.mjs uses the same).
// A big model (ViT-B/16: 346 MB) gets the lean ones: no pre-packed copies of the weight matrices and
// the basic graph rewrites only. ORT's heap then holds 432 MB once loaded instead of 566 MB, and the
// first inference took 718 ms instead of 703 ms (bench/results/session7.md).
const LEAN_FROM_BYTES = 64e6;
export function sessionOptions(weights) {
  return weights >= LEAN_FROM_BYTES
    ? { executionProviders: ['wasm'], graphOptimizationLevel: 'basic', extra: { session: { disable_prepacking: '1' } } }
    : { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };
}

const sessions = new Map();
let nextSession = 1;

globalThis.vitvisOrt = {
  tooBig: (n, maxBytes) => tooBig(n, maxBytes),  // (the seam's message for a user's file over the limit)
  info() {
    return { version: ort.env.versions?.web ?? '', isolated, threads: ort.env.wasm.numThreads, proxy: true };
  },
  // Downloads ORT's wasm binary with progress; sessions are created only after it is in.
  preloadRuntime(onProgress) {
    this.runtime ??= this.fetchBytes(ORT_WASM, onProgress).then((bytes) => { ort.env.wasm.wasmBinary = bytes; });
    return this.runtime;
  },
  // externalData: [{path, data}] for a graph whose weights live in another file (a safetensors file
  // the app built the graph for), as ONNX external data.
  async createSession(bytes, externalData) {
    await this.runtime;
    const weights = (bytes.byteLength ?? 0) + (externalData ?? []).reduce((n, f) => n + (f.data.size ?? f.data.byteLength ?? 0), 0);
    const session = await ort.InferenceSession.create(bytes, {
      ...sessionOptions(weights),
      ...(externalData ? { externalData } : {}),
    });
    // The worker has its runtime now: don't keep (and post along) 14 MB of binary any longer.
    ort.env.wasm.wasmBinary = undefined;
    const id = nextSession++;
    sessions.set(id, session);
    return { id, inputs: session.inputNames, outputs: session.outputNames };
  },
  // outputs: the names wanted (null: all of them).
  async run(id, inputName, data, dims, outputs = null) {
    const session = sessions.get(id);
    if (!session) throw new Error(`no session ${id}`);
    const t0 = performance.now();
    const feeds = { [inputName]: new ort.Tensor('float32', data, dims) };
    const out = await (outputs ? session.run(feeds, outputs) : session.run(feeds));
    const ms = performance.now() - t0;
    const result = [];
    for (const name of outputs || session.outputNames) {
      const t = out[name];
      if (t.type !== 'float32') throw new Error(`output ${name} is ${t.type}, expected float32`);
      result.push({ name, dims: t.dims.map(Number), data: t.data });
      if (t.dispose) t.dispose();
    }
    return { outputs: result, ms };
  },
  async release(id) {
    const s = sessions.get(id);
    sessions.delete(id);
    if (s) await s.release();
  },
  // fetch with progress: onProgress(received, total) where total is 0 when unknown. Refuses
  // anything over maxBytes (checked on the header and again while streaming).
  // A service worker's cached copy has the original headers, so progress and total work from cache too.
  // Hugging Face files (another origin, .../resolve/...) are kept in the Cache API: the weights are read
  // from there first (the next visit, offline too), the small JSON files from the network first.
  async fetchBytes(url, onProgress, maxBytes = 0, signal = undefined) {
    const hub = hubFile(url) ? await hubCache() : null;
    const weights = hub && !/\.json$/.test(new URL(url, location.href).pathname);
    const kept = hub ? await cachedBlob(hub, url) : null;
    const cached = kept && new Response(kept, { headers: { 'Content-Length': String(kept.size) } });
    if (cached && weights) return readBody(cached, url, onProgress, maxBytes);
    let resp;
    try {
      resp = await fetchChecked(url, signal);
    } catch (e) {
      if (cached && e.offline) return readBody(cached, url, onProgress, maxBytes);
      throw e;
    }
    // The browser streams a copy into the cache while the app reads the other (no second copy in JS).
    const length = Number(resp.headers.get('Content-Length') || 0);
    if (hub && resp.body && !(maxBytes && length > maxBytes)) hub.put(url, resp.clone()).catch(() => {});
    return readBody(resp, url, onProgress, maxBytes);
  },
  // Like fetchBytes, but answers a Blob and never holds the whole file in the page: a Hugging Face file
  // goes into the Cache API and is read back as the cache's disk-backed Blob, which ORT's worker reads
  // itself (a Blob crosses to the worker without a copy). It is asked for in byte ranges, each part
  // put into the cache as it comes (fetchInParts); a server that ignores ranges sends it whole, and
  // that stream goes into the cache counted on its way. Where there is no cache (another host,
  // storage refused), the chunks become a Blob.
  async fetchBlob(url, onProgress, maxBytes = 0, signal = undefined) {
    const hub = hubFile(url) ? await hubCache() : null;
    const cached = hub ? await cachedBlob(hub, url) : null;
    if (cached) {
      if (maxBytes && cached.size > maxBytes) throw tooBig(cached.size, maxBytes);
      onProgress(cached.size, cached.size);
      return cached;
    }
    // The browser could not keep it (storage full, a private window's in-memory storage): it is
    // fetched once more without keeping it for next time.
    const notKept = async (e) => {
      if (e) console.warn(`ViT-VIS: ${url} is not kept for next time (${e?.message ?? e})`);
      return new Blob(await readChunks(await fetchChecked(url, signal), onProgress, maxBytes));
    };
    const resp = await fetchChecked(url, signal, hub ? { Range: `bytes=0-${PART_FIRST - 1}` } : undefined);
    if (resp.status === 206) {
      try {
        return await fetchInParts(hub, url, resp, onProgress, maxBytes, signal);
      } catch (e) {
        if (signal?.aborted) throw new Error('cancelled');
        if (!e.storage) throw e;
        return notKept(e);
      }
    }
    const length = Number(resp.headers.get('Content-Length') || 0);
    if (maxBytes && length > maxBytes) { resp.body?.cancel(); throw tooBig(length, maxBytes); }
    if (!hub || !resp.body) return new Blob(await readChunks(resp, onProgress, maxBytes));
    let received = 0;
    const total = identity(resp) ? length : 0;
    const counted = resp.body.pipeThrough(new TransformStream({
      transform(chunk, ctl) {
        received += chunk.length;
        if (maxBytes && received > maxBytes) throw tooBig(received, maxBytes);
        onProgress(received, total);
        ctl.enqueue(chunk);
      },
    }));
    let stored, why;
    try {
      await hub.put(url, new Response(counted, { status: resp.status, statusText: resp.statusText, headers: resp.headers }));
      stored = await hub.match(url);
    } catch (e) {
      if (signal?.aborted) throw new Error('cancelled');
      if (/over the .* limit/.test(e?.message)) throw e;
      why = e;
    }
    if (stored) return stored.blob();
    hub.delete(url).catch(() => {});
    return notKept(why);
  },
  // The Hugging Face files kept for next time: [{url, bytes}]; and deleting those under a prefix.
  async cachedHubFiles() {
    const hub = await hubCache();
    if (!hub) return [];
    const files = new Map();  // url -> bytes
    const stray = new Map();  // the parts of a download that never finished (the tab was closed)
    for (const req of await hub.keys()) {
      const r = await hub.match(req);
      const part = PART_KEY.exec(req.url);
      if (part) {
        const url = req.url.slice(0, part.index);
        stray.set(url, (stray.get(url) ?? 0) + Number(r?.headers.get('Content-Length') || 0));
      } else {
        files.set(req.url, Number(r?.headers.get(PARTS_BYTES) || r?.headers.get('Content-Length') || 0));
      }
    }
    // A finished file's parts are counted in its entry; stray ones are listed (and deleted) as their file.
    for (const [url, bytes] of stray) if (!files.has(url)) files.set(url, bytes);
    return [...files].map(([url, bytes]) => ({ url, bytes }));
  },
  async deleteCachedHubFiles(prefix) {
    const hub = await hubCache();
    if (!hub) return;
    for (const req of await hub.keys()) if (req.url.startsWith(prefix)) await hub.delete(req);
  },
};

function hubFile(url) {
  try {
    const u = new URL(url, location.href);
    return u.origin !== location.origin && u.pathname.includes('/resolve/');
  } catch (e) {
    return false;
  }
}

let hubCachePromise;
function hubCache() {  // null where the Cache API is unavailable (not a secure context, storage refused)
  hubCachePromise ??= (globalThis.caches ? caches.open('vitvis:hub-models').catch(() => null) : Promise.resolve(null));
  return hubCachePromise;
}

// fetch, with the app's messages for a network failure (e.offline: nothing answered) and an HTTP error.
async function fetchChecked(url, signal, headers = undefined) {
  let resp;
  try {
    resp = await fetch(url, { ...(signal ? { signal } : {}), ...(headers ? { headers } : {}) });
  } catch (e) {
    if (signal?.aborted) throw new Error('cancelled');
    const err = new Error(navigator.onLine === false ? `${url} could not be fetched: this computer is offline` : `${url}: ${e.message}`);
    err.offline = true;
    throw err;
  }
  if (!resp.ok) {
    // 503 from the service worker: offline and this file was never fetched online before.
    const why = resp.status === 503 && resp.statusText ? ` (${resp.statusText})` : '';
    throw new Error(`HTTP ${resp.status} for ${url}${why}`);
  }
  return resp;
}

const tooBig = (n, maxBytes) => new Error(`the file is ${(n / 1e6).toFixed(0)} MB, over the ${(maxBytes / 1e6).toFixed(0)} MB limit`);
// A compressed transfer's Content-Length counts compressed bytes, the stream gives decoded ones:
// then the total is unknown (but a compressed size over the limit is still over it).
const identity = (resp) => (resp.headers.get('Content-Encoding') || 'identity').toLowerCase() === 'identity';

// The body's chunks as they came, with progress (onProgress(received, total, chunks so far)); refuses
// more than maxBytes. An error (or onProgress throwing) cancels the rest of the body.
async function readChunks(resp, onProgress, maxBytes) {
  const length = Number(resp.headers.get('Content-Length') || 0);
  const total = identity(resp) ? length : 0;
  if (maxBytes && length > maxBytes) { resp.body?.cancel(); throw tooBig(length, maxBytes); }
  if (!resp.body) return [new Uint8Array(await resp.arrayBuffer())];
  const reader = resp.body.getReader();
  const chunks = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      if (maxBytes && received > maxBytes) throw tooBig(received, maxBytes);
      onProgress(received, total, chunks);
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    throw e;
  }
  return chunks;
}

async function readBody(resp, url, onProgress, maxBytes) {
  const chunks = await readChunks(resp, onProgress, maxBytes);
  const received = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(received);
  let off = 0;
  for (const c of chunks) { bytes.set(c, off); off += c.length; }
  return bytes;
}

// A hub file in byte ranges. Writing a JS stream into the cache costs twice what reading it does
// (2.1-2.4 s against 1.2 s for ViT-B/16's 346 MB: bench/results/session7.md), so the file is asked
// for in parts, each read whole into a Blob and put into the cache; two are on their way at a time.
// The first part is small: it tells whether the server answers ranges (206) and, from the
// safetensors header at its start, the file's size, which a CDN's CORS rules may not let the page
// read from Content-Range. The parts are kept under `<url>?vitvis-part=i`; the entry under the
// file's own URL, written last, says how many there are, so a download that stopped halfway is
// never taken for a whole file. A `range` header of one range is CORS-safelisted: no preflight.
const PART_FIRST = 4 << 20, PART_MIN = 1 << 20, PART_MAX = 64 << 20, PARTS_IN_FLIGHT = 2;
const PART_KEY = /[?&]vitvis-part=\d+$/, PARTS = 'X-ViT-VIS-Parts', PARTS_BYTES = 'X-ViT-VIS-Bytes';
const partKey = (url, i) => `${url}${url.includes('?') ? '&' : '?'}vitvis-part=${i}`;

async function fetchInParts(hub, url, first, onProgress, maxBytes, signal) {
  const asked = (resp, from) => {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(resp.headers.get('Content-Range') || '');
    if (m && Number(m[1]) !== from) throw new Error(`${url}: the server sent bytes from ${m[1]}, not ${from}`);
    return m && m[3] !== '*' ? Number(m[3]) : 0;
  };
  let total = asked(first, 0);
  const firstLength = Number(first.headers.get('Content-Length') || 0);
  if (!total && firstLength && firstLength < PART_FIRST) total = firstLength;  // the whole file fitted
  // The hub answers a file with a redirect to its storage: the next parts go there at once.
  const direct = first.url || url;
  // A part that fails stops the others (and the caller's Cancel stops them all).
  const stop = new AbortController();
  signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const sizes = [];  // each part's bytes (its Blob is let go once it is in the cache)
  let done = 0;
  const flowing = new Map();  // part -> bytes received so far
  const report = () => onProgress(done + [...flowing.values()].reduce((a, b) => a + b, 0), total);
  const keys = [];
  const store = async (key, resp) => {
    keys.push(key);
    try {
      await hub.put(key, resp);
    } catch (e) {
      const err = new Error(e?.message ?? String(e));
      err.storage = true;  // the browser would not keep it: fetched again without the cache
      throw err;
    }
  };
  const keep = async (i, blob) => {
    if (stop.signal.aborted) throw new Error('cancelled');
    await store(partKey(url, i), new Response(blob, { headers: { 'Content-Length': String(blob.size) } }));
    sizes[i] = blob.size;
    done += blob.size;
    report();
    return blob.size;
  };
  const ranged = (resp) => {
    if (resp.status === 206) return;
    resp.body?.cancel();
    throw new Error(`${url}: the server stopped answering byte ranges (HTTP ${resp.status})`);
  };
  // The first part, its chunks counted as they come; `sniff` sees them (the safetensors header).
  const readCounted = async (resp, sniff) => {
    ranged(resp);
    const chunks = await readChunks(resp, (got, _, sofar) => {
      flowing.set(0, got);
      sniff(sofar, got);
      report();
    }, maxBytes);
    flowing.delete(0);
    return keep(0, new Blob(chunks));
  };
  // The other parts whole: the browser reads them into a Blob itself (1.2-1.3 s for ViT-B/16 where
  // counting chunks in JS took 1.6-1.9 s). So the progress moves a part at a time; a part's size
  // follows the speed so that one comes about every second: 1-64 MB. Big parts are also lighter: the
  // browser process holds more the more parts there are (ViT-B/16 in a bare page: 230 MB at its peak
  // with 8 MB parts, 68 with 32, 41 with 64; 1.6, 1.2 and 1.1-1.3 s).
  const readWhole = async (i, resp, from) => {
    ranged(resp);
    const blob = await resp.blob();
    if (maxBytes && from + blob.size > maxBytes) throw tooBig(from + blob.size, maxBytes);
    return keep(i, blob);
  };
  const started = performance.now();
  const nextSize = () => {
    const perSecond = done / Math.max(1e-3, (performance.now() - started) / 1000);
    const mb = Math.round(perSecond / PARTS_IN_FLIGHT / (1 << 20));
    return Math.min(PART_MAX, Math.max(PART_MIN, mb << 20));
  };
  try {
    let sniffed = total > 0;
    const firstSize = await readCounted(first, (chunks, got) => {
      if (sniffed) return;
      const size = safetensorsSize(chunks, got);
      if (size === null) return;  // its header is still coming
      sniffed = true;
      total = size;
      if (maxBytes && total > maxBytes) throw tooBig(total, maxBytes);
    });
    // The next parts, PARTS_IN_FLIGHT at a time. With the size unknown, one at a time until a short
    // one (or 416: nothing past the end) ends the file.
    let count = 1;
    if (firstSize === PART_FIRST && total !== PART_FIRST) {
      let next = PART_FIRST, ended = false;
      const worker = async () => {
        while (!ended && !stop.signal.aborted && (!total || next < total)) {
          const size = nextSize();
          const i = count++, from = next, to = (total ? Math.min(total, from + size) : from + size) - 1;
          next = to + 1;
          const resp = await fetchChecked(direct, stop.signal, { Range: `bytes=${from}-${to}` }).catch((e) => {
            if (/HTTP 416/.test(e.message)) return null;
            throw e;
          });
          if (!resp) { ended = true; count = i; break; }
          asked(resp, from);
          const got = await readWhole(i, resp, from);
          if (got < to - from + 1) {
            if (total) throw new Error(`${url} ended after ${from + got} of ${total} bytes`);
            ended = true;
          }
        }
      };
      let failed = null;  // the first failure (the others it stops fail as 'cancelled')
      await Promise.all(Array.from({ length: total ? PARTS_IN_FLIGHT : 1 }, () =>
        worker().catch((e) => { failed ??= e; stop.abort(); })));
      if (failed) throw failed;
    }
    const bytes = sizes.slice(0, count).reduce((a, b) => a + b, 0);
    if (total && bytes !== total) throw new Error(`${url} ended after ${bytes} of ${total} bytes`);
    await store(url, new Response('', { headers: { [PARTS]: String(count), [PARTS_BYTES]: String(bytes) } }));
    // The cache's Blobs, on disk: the ones read here were in memory (and are gone).
    const kept = await cachedBlob(hub, url);
    if (!kept) throw Object.assign(new Error('the browser did not keep the parts'), { storage: true });
    return kept;
  } catch (e) {
    stop.abort();
    for (const k of keys) await hub.delete(k).catch(() => {});
    throw e;
  }
}

// A file kept in parts: their Blobs as one; null when it is not kept whole (then what is there goes).
async function cachedBlob(hub, url) {
  const entry = await hub.match(url).catch(() => undefined);
  if (!entry) return null;
  const count = Number(entry.headers.get(PARTS) || 0);
  if (!count) return entry.blob();  // kept whole (a server without ranges)
  const parts = [];
  for (let i = 0; i < count; i++) {
    const r = await hub.match(partKey(url, i)).catch(() => undefined);
    if (!r) break;
    parts.push(await r.blob());
  }
  const blob = new Blob(parts);
  if (parts.length === count && blob.size === Number(entry.headers.get(PARTS_BYTES))) return blob;
  await hub.delete(url).catch(() => {});
  for (let i = 0; i < count; i++) await hub.delete(partKey(url, i)).catch(() => {});
  return null;
}

// A safetensors file's size from its start: 8 + header length + the end of its last tensor; null while
// the header is still coming, 0 when it is not one (the size stays unknown; C++ says what is wrong).
function safetensorsSize(chunks, got) {
  if (got < 8) return null;
  const bytes = (n) => {
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of chunks) {
      if (at >= n) break;
      const take = c.subarray(0, n - at);
      out.set(take, at);
      at += take.length;
    }
    return out;
  };
  const n = new DataView(bytes(8).buffer).getBigUint64(0, true);
  if (n > BigInt(PART_FIRST - 8)) return 0;  // a header that big: not read here
  if (n > BigInt(got - 8)) return null;
  try {
    const header = JSON.parse(new TextDecoder().decode(bytes(8 + Number(n)).subarray(8)));
    let end = 0;
    for (const [name, t] of Object.entries(header))
      if (name !== '__metadata__' && Array.isArray(t?.data_offsets)) end = Math.max(end, Number(t.data_offsets[1]) || 0);
    return end ? 8 + Number(n) + end : 0;
  } catch (e) {
    return 0;
  }
}

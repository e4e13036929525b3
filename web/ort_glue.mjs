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
    const cached = hub ? await hub.match(url).catch(() => undefined) : undefined;
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
  // is streamed into the Cache API (counted on its way for the progress) and read back as the cache's
  // disk-backed Blob, which ORT's worker reads itself (a Blob crosses to the worker without a copy).
  // Where there is no cache (another host, storage refused), the chunks become a Blob.
  async fetchBlob(url, onProgress, maxBytes = 0, signal = undefined) {
    const hub = hubFile(url) ? await hubCache() : null;
    const cached = hub ? await hub.match(url).catch(() => undefined) : undefined;
    if (cached) {
      const length = Number(cached.headers.get('Content-Length') || 0);
      if (maxBytes && length > maxBytes) throw tooBig(length, maxBytes);
      const blob = await cached.blob();
      onProgress(blob.size, blob.size);
      return blob;
    }
    const resp = await fetchChecked(url, signal);
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
    let stored;
    try {
      await hub.put(url, new Response(counted, { status: resp.status, statusText: resp.statusText, headers: resp.headers }));
      stored = await hub.match(url);
    } catch (e) {
      if (signal?.aborted) throw new Error('cancelled');
      if (/over the .* limit/.test(e?.message)) throw e;
      // The browser could not keep it (storage full, a private window's in-memory storage): it is
      // fetched once more without keeping it for next time.
      console.warn(`ViT-VIS: ${url} is not kept for next time (${e?.message ?? e})`);
    }
    if (stored) return stored.blob();
    hub.delete(url).catch(() => {});
    return new Blob(await readChunks(await fetchChecked(url, signal), onProgress, maxBytes));
  },
  // The Hugging Face files kept for next time: [{url, bytes}]; and deleting those under a prefix.
  async cachedHubFiles() {
    const hub = await hubCache();
    if (!hub) return [];
    const out = [];
    for (const req of await hub.keys()) {
      const r = await hub.match(req);
      out.push({ url: req.url, bytes: Number(r?.headers.get('Content-Length') || 0) });
    }
    return out;
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
async function fetchChecked(url, signal) {
  let resp;
  try {
    resp = await fetch(url, signal ? { signal } : undefined);
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

// The body's chunks as they came, with progress; refuses more than maxBytes.
async function readChunks(resp, onProgress, maxBytes) {
  const length = Number(resp.headers.get('Content-Length') || 0);
  const total = identity(resp) ? length : 0;
  if (maxBytes && length > maxBytes) { resp.body?.cancel(); throw tooBig(length, maxBytes); }
  if (!resp.body) return [new Uint8Array(await resp.arrayBuffer())];
  const reader = resp.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (maxBytes && received > maxBytes) { reader.cancel(); throw tooBig(received, maxBytes); }
    onProgress(received, total);
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

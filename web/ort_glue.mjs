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

const sessions = new Map();
let nextSession = 1;

globalThis.vitvisOrt = {
  kept: new Map(),  // fetched model bytes kept for session creation, by fetch id
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
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
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
      resp = await fetch(url, signal ? { signal } : undefined);
    } catch (e) {
      if (signal?.aborted) throw new Error('cancelled');
      if (cached) return readBody(cached, url, onProgress, maxBytes);
      throw new Error(navigator.onLine === false ? `${url} could not be fetched: this computer is offline` : `${url}: ${e.message}`);
    }
    if (!resp.ok) {
      // 503 from the service worker: offline and this file was never fetched online before.
      const why = resp.status === 503 && resp.statusText ? ` (${resp.statusText})` : '';
      throw new Error(`HTTP ${resp.status} for ${url}${why}`);
    }
    // The browser streams a copy into the cache while the app reads the other (no second copy in JS).
    const length = Number(resp.headers.get('Content-Length') || 0);
    if (hub && resp.body && !(maxBytes && length > maxBytes)) hub.put(url, resp.clone()).catch(() => {});
    return readBody(resp, url, onProgress, maxBytes);
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

async function readBody(resp, url, onProgress, maxBytes) {
  const length = Number(resp.headers.get('Content-Length') || 0);
  // A compressed transfer's Content-Length counts compressed bytes, the stream gives decoded ones:
  // then the total is unknown (but a compressed size over the limit is still over it).
  const encoding = (resp.headers.get('Content-Encoding') || 'identity').toLowerCase();
  const total = encoding === 'identity' ? length : 0;
  const tooBig = (n) => new Error(`the file is ${(n / 1e6).toFixed(0)} MB, over the ${(maxBytes / 1e6).toFixed(0)} MB limit`);
  if (maxBytes && length > maxBytes) { resp.body?.cancel(); throw tooBig(length); }
  if (!resp.body) return new Uint8Array(await resp.arrayBuffer());
  const reader = resp.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (maxBytes && received > maxBytes) { reader.cancel(); throw tooBig(received); }
    onProgress(received, total);
  }
  const bytes = new Uint8Array(received);
  let off = 0;
  for (const c of chunks) { bytes.set(c, off); off += c.length; }
  return bytes;
}

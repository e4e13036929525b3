// The bare ORT-web page: what a minimal classifier costs. Same ORT files and settings as the app's
// web/ort_glue.mjs (wasm backend, its sessionOptions for the model's size, proxy worker, 2 threads when isolated);
// ?proxy=0 runs ORT on the page's thread instead. bench/run.mjs drives it through window.bare.
import * as ort from './ort/ort.wasm.min.mjs';
import { sessionOptions } from './ort_glue.mjs';

const q = new URLSearchParams(location.search);
const isolated = globalThis.crossOriginIsolated === true;
ort.env.wasm.wasmPaths = new URL('./ort/', import.meta.url).href;
ort.env.wasm.proxy = q.get('proxy') !== '0';
ort.env.wasm.numThreads = isolated ? Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1)) : 1;
ort.env.logLevel = 'error';

let session = null;

// ?canvas=1: a full-window WebGL2 canvas cleared every animation frame (no ImGui, no app): the frame
// rate floor of this browser/GPU (SwiftShader here) and what ORT costs a page that keeps drawing.
const rafT = [];
if (q.get('canvas') === '1') {
  const c = document.createElement('canvas');
  c.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh';
  document.body.appendChild(c);
  const gl = c.getContext('webgl2');
  let k = 0;
  const draw = () => {
    c.width = innerWidth; c.height = innerHeight;
    gl.viewport(0, 0, c.width, c.height);
    gl.clearColor(0.09, 0.09 + 0.01 * (k++ % 4), 0.11, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    rafT.push(performance.now());
    if (rafT.length > 4000) rafT.splice(0, 2000);
    requestAnimationFrame(draw);
  };
  requestAnimationFrame(draw);
}
const gapsBetween = (t0, t1) => {
  const g = [];
  for (let i = 1; i < rafT.length; ++i) if (rafT[i] > t0 && rafT[i] <= t1) g.push(rafT[i] - rafT[i - 1]);
  return g;
};
const nextFrames = (n) => new Promise((r) => { let k = 0; const f = () => (++k >= n ? r() : requestAnimationFrame(f)); requestAnimationFrame(f); });

// Deterministic pseudo-random input in roughly the normalised range.
function input(count) {
  const a = new Float32Array(count);
  let s = 12345;
  for (let i = 0; i < count; ++i) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = (s / 4294967296) * 4 - 2;
  }
  return a;
}

window.bare = {
  info() {
    return { version: ort.env.versions?.web ?? '', isolated, threads: ort.env.wasm.numThreads, proxy: ort.env.wasm.proxy };
  },
  async load(url) {
    const t0 = performance.now();
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`HTTP ${resp.status} for ${url}`);
    const bytes = new Uint8Array(await resp.arrayBuffer());
    const t1 = performance.now();
    session = await ort.InferenceSession.create(bytes, sessionOptions(bytes.length));
    const t2 = performance.now();
    return { fetch_ms: t1 - t0, create_ms: t2 - t1, bytes: bytes.length, inputs: session.inputNames, outputs: session.outputNames.length };
  },
  // n timed runs after `warmup` untimed ones. Reads every output's data (as a classifier reads logits).
  async run(dims, n, warmup = 1) {
    const count = dims.reduce((a, b) => a * b, 1);
    const data = input(count);
    const ms = [], maxGaps = [], resultGaps = [], waitGaps = [];
    let outBytes = 0, top = -1;
    for (let i = 0; i < warmup + n; ++i) {
      const feed = { [session.inputNames[0]]: new ort.Tensor('float32', new Float32Array(data), dims) };
      const t0 = performance.now();
      const out = await session.run(feed);
      let best = -Infinity;
      outBytes = 0;
      for (const name of session.outputNames) {
        const d = out[name].data;
        outBytes += d.byteLength;
        if (name === 'logits') for (let k = 0; k < d.length; ++k) if (d[k] > best) { best = d[k]; top = k; }
      }
      const t1 = performance.now();
      for (const name of session.outputNames) out[name].dispose?.();
      if (i >= warmup) ms.push(t1 - t0);
      if (rafT.length) {
        await nextFrames(2);
        const g = gapsBetween(t0, performance.now());
        const after = rafT.find((x) => x > t1), before = rafT.filter((x) => x <= t1).at(-1);
        if (i >= warmup) {
          maxGaps.push(Math.max(0, ...g));
          if (after && before) resultGaps.push(after - before);
          waitGaps.push(Math.max(0, ...gapsBetween(t0, before ?? t1)));
        }
      }
    }
    return { ms, out_bytes: outBytes, top, maxGaps, resultGaps, waitGaps };
  },
  async idleGaps(ms) {
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, ms));
    return gapsBetween(t0, performance.now());
  },
  async release() {
    if (session) await session.release();
    session = null;
  },
};
window.bareReady = true;

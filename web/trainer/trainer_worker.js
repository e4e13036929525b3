// The trainer worker (issue #37): trains a small ViT with the core's trainer (its own wasm, trainer.js
// beside this file, src/worker/trainer_main.cpp) off the page's thread, and hands the page what the
// Training window shows. A classic worker (importScripts), one thread.
//
// Page -> worker (objects):
//   {cmd: 'configure', config, data}  a fresh model (config: TrainerConfig's JSON keys) on the data set
//                                     described by the JSON at URL `data` (scripts/make_training_data.py),
//                                     read once and kept; answers 'ready' and a first 'snapshot'
//   {cmd: 'run', batch}               steps until 'pause' or the configured total; 'progress' as it goes,
//                                     a 'snapshot' about every second, 'done' at the end
//   {cmd: 'pause'}                    answers 'paused' (with a snapshot of where it stopped)
//   {cmd: 'step', batch}              one step, then a snapshot
//   {cmd: 'export', purpose}          the model's checkpoint (timm layout): {json: {type: 'export', purpose},
//                                     files: {config: text, weights: Uint8Array (model.safetensors)}}
// Worker -> page: {json, data}: json a text whose `type` is one of the above answers or 'error' ({message});
//   data a Float32Array holding the snapshot's arrays one after the other, their lengths in json's `sizes`
//   (attention of the probe [L, H, N, N], position-embedding similarity [P, P], head-pattern counts
//   [L, 5], the probe's pixels [C, S, S] in [0, 1]); transferred, not copied.
'use strict';
importScripts('trainer.js');

const SNAPSHOT_MS = 900;  // about one snapshot a second while running
const CHUNK_MS = 30;      // steps in a row before the worker looks at its messages again
const EVAL_IMAGES = 500;  // held-out images evaluated per snapshot
const PATTERN_IMAGES = 16;

let M = null, h = 0;  // the wasm module and its trainer
let data = null;      // {url, desc, pixels: Uint8Array, labels: Uint8Array}
let running = false, batch = 64, lastSnapshot = 0, total = 0;

function send(msg, arrays = []) {
  const sizes = arrays.map((a) => a.length), n = sizes.reduce((a, b) => a + b, 0);
  const out = new Float32Array(n);
  let at = 0;
  for (const a of arrays) { out.set(a, at); at += a.length; }
  msg.sizes = sizes;
  postMessage({ json: JSON.stringify(msg), data: out }, [out.buffer]);
}
const fail = (e) => { running = false; send({ type: 'error', message: String((e && e.message) || e) }); };

function cString(s, fn) {
  const n = M.lengthBytesUTF8(s) + 1, p = M._malloc(n);
  M.stringToUTF8(s, p, n);
  try { return fn(p); } finally { M._free(p); }
}
const json = (p) => JSON.parse(M.UTF8ToString(p));
const error = () => M.UTF8ToString(M._vt_error(h));
const floats = (p) => new Float32Array(M.HEAPF32.buffer, p, M._vt_length(h)).slice();

async function module() {
  if (!M) {
    M = await createTrainer({ locateFile: (f) => f });
    h = M._vt_create();
  }
  return M;
}

async function load(url) {
  if (data && data.url === url) return data;
  const desc = await (await fetch(url)).json();
  const res = await fetch(new URL(desc.file, new URL(url, location.href)));
  if (!res.ok) throw new Error(`${desc.file}: ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const head = new DataView(bytes.buffer, 0, 20);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'VVDS') throw new Error(`${desc.file} is not a data set`);
  const count = head.getUint32(4, true), c = head.getUint32(12, true), s = head.getUint32(16, true);
  const px = count * c * s * s;
  if (bytes.length !== 20 + px + count) throw new Error(`${desc.file} is cut short`);
  data = { url, desc, pixels: bytes.subarray(20, 20 + px), labels: bytes.subarray(20 + px), count, c, s,
           train: head.getUint32(8, true), given: false };
  return data;
}

// The data handed to the trainer, normalised per channel as the model will expect.
function give() {
  const { desc, pixels, labels, count, c, s, train } = data;
  const p = M._vt_data_images(h, count, c, s);
  if (!p) throw new Error(error() || 'the data does not fit this model');
  const img = M.HEAPF32.subarray(p >> 2, (p >> 2) + pixels.length), plane = s * s;
  for (let i = 0; i < pixels.length; i++) {
    const ch = Math.floor(i / plane) % c;
    img[i] = (pixels[i] / 255 - desc.mean[ch]) / desc.std[ch];
  }
  M.HEAP32.set(Int32Array.from(labels), M._vt_data_labels(h) >> 2);
  const meta = JSON.stringify({ mean: desc.mean, std: desc.std, names: desc.names });
  if (!cString(meta, (q) => M._vt_data_commit(h, train, q))) throw new Error(error());
}

function snapshot(type, step) {
  const ev = json(M._vt_evaluate(h, EVAL_IMAGES));
  const probe = data.train;  // the first held-out image
  const attention = floats(M._vt_attention(h, probe));
  const pos = floats(M._vt_pos_similarity(h));
  const pp = M._vt_head_patterns(h, PATTERN_IMAGES);
  const patterns = Float32Array.from(new Int32Array(M.HEAP32.buffer, pp, M._vt_length(h)));
  const { c, s, pixels } = data, n = c * s * s;
  const picture = Float32Array.from(pixels.subarray(probe * n, (probe + 1) * n), (v) => v / 255);
  send({ type, step, held_loss: ev.loss, held_accuracy: ev.accuracy, held_images: ev.images,
         probe_label: data.labels[probe], pattern_images: PATTERN_IMAGES }, [attention, pos, patterns, picture]);
  lastSnapshot = performance.now();
}

function steps(n) {
  const r = json(M._vt_steps(h, n, batch));
  if (r.error) throw new Error(r.error);
  return r;
}

function loop() {
  if (!running) return;
  try {
    const t0 = performance.now();
    let r = null, done = 0, loss = 0;
    while (performance.now() - t0 < CHUNK_MS && (!total || (r ? r.step : 0) < total)) {
      r = steps(1);
      done++;
      loss += r.mean_loss;
      if (total && r.step >= total) break;
    }
    if (r) send({ type: 'progress', step: r.step, epoch: r.epoch, lr: r.lr, loss: loss / done, steps: done,
                  ms: performance.now() - t0 });
    const finished = total && r && r.step >= total;
    if (finished || performance.now() - lastSnapshot >= SNAPSHOT_MS) snapshot(finished ? 'done' : 'snapshot', r ? r.step : 0);
    if (finished) { running = false; return; }
  } catch (e) { fail(e); return; }
  setTimeout(loop, 0);  // lets 'pause' in
}

onmessage = async (e) => {
  const m = e.data;
  try {
    if (m.cmd === 'configure') {
      running = false;
      await module();
      await load(m.data);
      if (!cString(JSON.stringify(m.config), (p) => M._vt_configure(h, p))) throw new Error(error());
      give();
      total = m.config.total_steps || 0;
      const cfg = json(M._vt_config(h));
      const d = data.desc;
      send({ type: 'ready', config: cfg, data: { name: d.name, train: data.train, held: data.count - data.train,
             names: d.names, size: data.s, channels: data.c,
             samples: d.samples ? new URL(d.samples, data.url).href : '' } });
      snapshot('snapshot', 0);
    } else if (m.cmd === 'run') {
      if (!M || running) return;
      batch = m.batch || batch;
      running = true;
      lastSnapshot = performance.now();
      loop();
    } else if (m.cmd === 'pause') {
      if (!running) return;
      running = false;
      snapshot('paused', json(M._vt_steps(h, 0, batch)).step);
    } else if (m.cmd === 'export') {
      if (!M) return;
      const p = M._vt_export_weights(h), n = M._vt_length(h);
      if (!n) throw new Error('there is no model to export yet');
      const weights = M.HEAPU8.slice(p, p + n);
      const config = M.UTF8ToString(M._vt_export_config(h));
      postMessage({ json: JSON.stringify({ type: 'export', purpose: m.purpose }), files: { config, weights } },
                  [weights.buffer]);
    } else if (m.cmd === 'step') {
      if (!M || running) return;
      batch = m.batch || batch;
      const r = steps(1);
      send({ type: 'progress', step: r.step, epoch: r.epoch, lr: r.lr, loss: r.mean_loss, steps: 1, ms: 0 });
      snapshot('snapshot', r.step);
    }
  } catch (err) { fail(err); }
};

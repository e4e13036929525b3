// The trainer worker's wasm (build/trainer/trainer.{js,wasm}, scripts/build_trainer.sh) in Node: its C API
// (src/worker/trainer_main.cpp) behind a small class, for tests/model/trainer.test.mjs and bench/trainer.mjs.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TRAINER_JS = path.join(ROOT, 'build', 'trainer', 'trainer.js');

export async function loadTrainer(file = TRAINER_JS) {
  const createTrainer = createRequire(import.meta.url)(file);
  // The wasm's bytes handed over: Emscripten 3.1.6 would otherwise fetch() a file path under Node 20.
  const M = await createTrainer({ wasmBinary: fs.readFileSync(file.replace(/\.js$/, '.wasm')) });
  return new Trainer(M);
}

export class Trainer {
  constructor(M) {
    this.M = M;
    this.h = M._vt_create();
  }
  destroy() { this.M._vt_destroy(this.h); }
  error() { return this.M.UTF8ToString(this.M._vt_error(this.h)); }
  // A C string for the duration of fn.
  withString(s, fn) {
    const n = this.M.lengthBytesUTF8(s) + 1, p = this.M._malloc(n);
    this.M.stringToUTF8(s, p, n);
    try { return fn(p); } finally { this.M._free(p); }
  }
  json(p) { return JSON.parse(this.M.UTF8ToString(p)); }
  floats(p) { return new Float32Array(this.M.HEAPF32.buffer, p, this.M._vt_length(this.h)).slice(); }

  configure(cfg) {
    if (!this.withString(JSON.stringify(cfg), (p) => this.M._vt_configure(this.h, p))) throw new Error(this.error());
    return this.json(this.M._vt_config(this.h));
  }
  // images: Float32Array [count, C, S, S], normalised; labels: Int32Array [count]; the first `train` train.
  setData(images, labels, { channels, size, train, mean, std, names }) {
    const count = labels.length;
    const pi = this.M._vt_data_images(this.h, count, channels, size);
    if (!pi) throw new Error('data refused');
    this.M.HEAPF32.set(images, pi >> 2);
    this.M.HEAP32.set(labels, this.M._vt_data_labels(this.h) >> 2);
    const meta = JSON.stringify({ mean, std, names });
    if (!this.withString(meta, (p) => this.M._vt_data_commit(this.h, train, p))) throw new Error(this.error());
  }
  steps(n, batch) { return this.json(this.M._vt_steps(this.h, n, batch)); }
  evaluate(max = 0) { return this.json(this.M._vt_evaluate(this.h, max)); }
  logits(images, count) {
    const p = this.M._malloc(images.length * 4);
    try {
      this.M.HEAPF32.set(images, p >> 2);
      const out = this.M._vt_logits(this.h, p, count);
      if (!this.M._vt_length(this.h)) throw new Error(this.error());
      return this.floats(out);
    } finally { this.M._free(p); }
  }
  attention(index) { return this.floats(this.M._vt_attention(this.h, index)); }
  posSimilarity() { return this.floats(this.M._vt_pos_similarity(this.h)); }
  headPatterns(images) {
    const p = this.M._vt_head_patterns(this.h, images);
    return new Int32Array(this.M.HEAP32.buffer, p, this.M._vt_length(this.h)).slice();
  }
  exportWeights() {
    const p = this.M._vt_export_weights(this.h);
    return new Uint8Array(this.M.HEAPU8.buffer, p, this.M._vt_length(this.h)).slice();
  }
  exportConfig() { return this.M.UTF8ToString(this.M._vt_export_config(this.h)); }
}

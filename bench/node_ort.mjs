#!/usr/bin/env node
// onnxruntime-node reference (tests/node_modules): session creation and run times of one model.
// Usage: node bench/node_ort.mjs MODEL.onnx --dims 1,3,224,224 [--runs 10] [--warmup 1] [--threads 2]
// Prints one JSON line: { create_ms, ms: [...], outputs, out_bytes }.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ort = createRequire(path.join(ROOT, 'tests', 'package.json'))('onnxruntime-node');
const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const model = args[0];
const dims = opt('--dims', '1,3,224,224').split(',').map(Number);
const runs = Number(opt('--runs', 10)), warmup = Number(opt('--warmup', 1)), threads = Number(opt('--threads', 2));

const count = dims.reduce((a, b) => a * b, 1);
const data = new Float32Array(count);
let s = 12345;
for (let i = 0; i < count; ++i) { s = (s * 1103515245 + 12345) >>> 0; data[i] = (s / 4294967296) * 4 - 2; }

const t0 = performance.now();
const session = await ort.InferenceSession.create(model, {
  executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: threads, interOpNumThreads: 1,
  executionMode: 'sequential',
});
const create_ms = performance.now() - t0;
const ms = [];
let out_bytes = 0;
for (let i = 0; i < warmup + runs; ++i) {
  const feed = { [session.inputNames[0]]: new ort.Tensor('float32', data, dims) };
  const t = performance.now();
  const out = await session.run(feed);
  out_bytes = 0;
  for (const n of session.outputNames) out_bytes += out[n].data.byteLength;
  const e = performance.now() - t;
  if (i >= warmup) ms.push(e);
}
await session.release?.();
console.log(JSON.stringify({ create_ms, ms, outputs: session.outputNames.length, out_bytes, threads, version: ort.env?.versions?.node ?? '' }));

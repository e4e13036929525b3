// Issue #37's speed target: training steps per second of the trainer worker's wasm (build/trainer, one
// thread, in Node's V8 as in a browser's worker) vs PyTorch (bench/trainer_torch.py: scripts/vit_model.py's
// ViT, AdamW, label smoothing) for the same model and batch, 1 and 2 PyTorch threads, in one run; the wasm
// heap a training session takes. Random images: the speed does not depend on the values.
//   node bench/trainer.mjs [--steps 20] [--chunk 5] [--repeats 3] [--label NAME]   (~3 min)
// Writes bench/results/<UTC stamp>-trainer[-NAME].json. The machine's load average is recorded with each
// measurement: on a busy machine compare the ratios of one run, not absolute times across runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadTrainer, ROOT } from '../tests/model/trainer_wasm.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const STEPS = Number(arg('steps', 20)), CHUNK = Number(arg('chunk', 5)), REPEATS = Number(arg('repeats', 3)), LABEL = arg('label', '');
const IMAGES = 2048;

// The Training window's default model (TrainerConfig's defaults, train_vit.py's: Fashion-MNIST's bundled
// model) at train_vit.py's batch, and the tiny model of tests/model/trainer.test.mjs.
const CASES = [
  { name: 'default', batch: 128, cfg: { patch: 4, dim: 64, depth: 4, heads: 4, mlp_dim: 128 } },
  { name: 'tiny', batch: 32, cfg: { patch: 7, dim: 32, depth: 2, heads: 2, mlp_dim: 64 } },
];

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const load = () => os.loadavg()[0];

async function wasm(c) {
  const t = await loadTrainer();
  const info = t.configure({ ...c.cfg, seed: 0, lr: 1e-3, warmup: 10, total_steps: 100000 });
  let s = 1;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const images = Float32Array.from({ length: IMAGES * 784 }, rand), labels = Int32Array.from({ length: IMAGES }, (_, i) => i % 10);
  t.setData(images, labels, { channels: 1, size: 28, train: IMAGES });
  t.steps(2, c.batch);  // warm-up
  const chunks = [];
  const load0 = load();
  for (let k = 0; k < STEPS / CHUNK; k++) {
    const t0 = performance.now();
    const r = t.steps(CHUNK, c.batch);
    if (r.done !== CHUNK) throw new Error(r.error);
    chunks.push((performance.now() - t0) / CHUNK);
  }
  const heap = t.M.HEAPU8.length;
  t.destroy();
  return { params: info.params, ms_per_step_chunks: chunks, ms_per_step: median(chunks), wasm_heap_mb: heap / 2 ** 20, load_before: load0, load_after: load() };
}

function torch(c, threads) {
  const args = [path.join(ROOT, 'bench', 'trainer_torch.py'), '--threads', String(threads), '--batch', String(c.batch),
    '--steps', String(STEPS), '--chunk', String(CHUNK), '--images', String(IMAGES), '--patch', String(c.cfg.patch),
    '--dim', String(c.cfg.dim), '--depth', String(c.cfg.depth), '--heads', String(c.cfg.heads), '--mlp-dim', String(c.cfg.mlp_dim)];
  const load0 = load();
  const r = spawnSync('/usr/bin/python3', args, { encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } });
  if (r.status !== 0) throw new Error(r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  return { ...out, ms_per_step: median(out.ms_per_step_chunks), load_before: load0, load_after: load() };
}

// Each repeat measures wasm, then PyTorch with 1 and 2 threads, one after the other: the ratio of a
// repeat compares runs under about the same load; the median over the repeats is reported.
const results = [];
for (const c of CASES) {
  const repeats = [];
  for (let r = 0; r < REPEATS; r++) {
    const w = await wasm(c);
    const t1 = torch(c, 1), t2 = torch(c, 2);
    repeats.push({ wasm: w, torch_1_thread: t1, torch_2_threads: t2, ratio_same_threads: t1.ms_per_step / w.ms_per_step });
  }
  const med = (f) => median(repeats.map(f));
  const row = {
    case: c.name, config: c.cfg, batch: c.batch, params: repeats[0].wasm.params, repeats,
    wasm_steps_per_s: med((r) => 1000 / r.wasm.ms_per_step), torch1_steps_per_s: med((r) => 1000 / r.torch_1_thread.ms_per_step),
    torch2_steps_per_s: med((r) => 1000 / r.torch_2_threads.ms_per_step),
    wasm_vs_torch_same_threads: med((r) => r.ratio_same_threads), wasm_vs_torch_2_threads: med((r) => r.torch_2_threads.ms_per_step / r.wasm.ms_per_step),
    wasm_heap_mb: repeats[0].wasm.wasm_heap_mb, load: [Math.min(...repeats.map((r) => r.wasm.load_before)), Math.max(...repeats.map((r) => r.torch_2_threads.load_after))],
  };
  results.push(row);
  console.log(`${c.name} (batch ${c.batch}, ${row.params} params), median of ${REPEATS}: wasm ${row.wasm_steps_per_s.toFixed(2)} steps/s, ` +
    `PyTorch 1 thread ${row.torch1_steps_per_s.toFixed(2)}, 2 threads ${row.torch2_steps_per_s.toFixed(2)}; ` +
    `wasm / PyTorch: same threads ${row.wasm_vs_torch_same_threads.toFixed(2)} (target >= 0.33; repeats ` +
    `${repeats.map((r) => r.ratio_same_threads.toFixed(2)).join(', ')}), vs 2 threads ${row.wasm_vs_torch_2_threads.toFixed(2)}; ` +
    `wasm heap ${row.wasm_heap_mb} MB (target <= 256); load average ${row.load.map((x) => x.toFixed(1)).join('-')}`);
}
const blas = spawnSync('update-alternatives', ['--query', 'libblas.so.3-x86_64-linux-gnu'], { encoding: 'utf8' }).stdout.match(/^Value: (.*)$/m)?.[1] ?? 'unknown';
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const file = path.join(ROOT, 'bench', 'results', `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6)}-trainer${LABEL ? '-' + LABEL : ''}.json`);
fs.writeFileSync(file, JSON.stringify({
  what: 'issue #37: trainer steps/s, wasm (1 thread, Node) vs PyTorch (scripts/vit_model.py)', date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, blas }, steps: STEPS, chunk: CHUNK, repeats: REPEATS, results,
}, null, 2) + '\n');
console.log(`wrote ${path.relative(ROOT, file)}`);

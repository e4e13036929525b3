#!/usr/bin/env node
// The benchmark run (issue 7), called by scripts/bench.sh after it prepared build/bench-models/.
// Assembles build/bench-site (a snapshot of dist/ + the bench models + bench/web/bare.*), then measures
// onnxruntime-node, the bare ORT-web page and the app, isolated (2 threads) and not (1 thread), and
// writes bench/results/<date>-<label>.json and bench/results/SUMMARY.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, execSync } from 'node:child_process';
import { ROOT, serve, launch, load, topProcesses, gzipSize, stats, round, within, staleBrowsers } from './lib/util.mjs';
import { measureApp, measureBare } from './lib/app.mjs';
import { writeSummary, evaluateTargets } from './lib/summary.mjs';

const args = process.argv.slice(2);
const has = (n) => args.includes(n);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : d; };
const quick = has('--quick');
const O = {
  quick,
  label: opt('--label', quick ? 'quick' : 'full'),
  fp16: !has('--no-fp16') && !has('--no-vitb'),
  vitb: !has('--no-vitb'),
  clicks: Number(opt('--clicks', quick ? 8 : 50)),
  clicksNoiso: Number(opt('--clicks-noiso', quick ? 8 : 20)),
  clicksVitb: Number(opt('--clicks-vitb', quick ? 4 : 25)),
  clicksVitbNoiso: Number(opt('--clicks-vitb-noiso', quick ? 2 : 5)),
  runs: Number(opt('--runs', quick ? 5 : 30)),
  clickMs: Number(opt('--click-ms', 80)),
  hoverMoves: Number(opt('--hover-moves', quick ? 24 : 50)),
  summary: !has('--no-summary'),
  smallWindow: !has('--no-small-window'),
  gpuCompositing: has('--gpu-compositing'),
};
const MODELS = path.join(ROOT, 'build', 'bench-models');
const SITE = path.join(ROOT, 'build', 'bench-site');
const DIST = path.join(ROOT, 'dist');
const t00 = Date.now();
const log = (m) => console.log(`[bench ${((Date.now() - t00) / 1000).toFixed(0).padStart(4)}s] ${m}`);

const R = {
  schema: 1, label: O.label, started: new Date().toISOString(), options: O,
  machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model, mem_gb: round(os.totalmem() / 2 ** 30, 1), node: process.version,
    chromium: '', uptime_start: execSync('uptime', { encoding: 'utf8' }).trim(), top_start: topProcesses() },
  git: {}, load: [load('start')], sizes: {}, models: {}, node: {}, bare: {}, app: {}, errors: [],
};
try {
  R.git.commit = execSync('git rev-parse HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  R.git.dirty = execSync('git status --porcelain -- src web CMakeLists.txt', { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').filter(Boolean);
} catch { /* not a git checkout */ }

// ---- models prepared by scripts/bench.sh ----
const meta = (key) => JSON.parse(fs.readFileSync(path.join(MODELS, key, 'meta.json'), 'utf8'));
const smallId = fs.readFileSync(path.join(MODELS, 'small', 'id.txt'), 'utf8').trim();
const models = [{ key: 'small', id: smallId, name: `bundled ${smallId}` }];
if (O.vitb) models.push({ key: 'vit-b16-fp32', id: 'bench-vit-b16-fp32', name: 'ViT-B/16 fp32' });
if (O.fp16) models.push({ key: 'vit-b16-fp16', id: 'bench-vit-b16-fp16', name: 'ViT-B/16 fp16 weights' });
for (const m of models) {
  m.meta = meta(m.key);
  R.models[m.key] = { id: m.id, name: m.name, dims: m.meta.dims, outputs: m.meta.outputs, bytes: m.meta.src_bytes,
    logits_bytes: m.meta.pruned_bytes, nodes: m.meta.nodes, logits_nodes: m.meta.pruned_nodes,
    weights: m.meta.metadata.weights ?? 'float32', layers: Number(m.meta.metadata.layers), dim: Number(m.meta.metadata.dim) };
}

// ---- sizes ----
for (const f of ['vitvis.wasm', 'vitvis.js', 'ort_glue.mjs', 'boot.mjs', 'index.html', 'ort/ort.wasm.min.mjs', 'ort/ort-wasm-simd-threaded.mjs', 'ort/ort-wasm-simd-threaded.wasm']) {
  const p = path.join(DIST, f);
  if (fs.existsSync(p)) R.sizes[f] = gzipSize(p);
}
const appFiles = ['vitvis.wasm', 'vitvis.js', 'ort_glue.mjs'].filter((f) => R.sizes[f]);
R.sizes.app_gzip = appFiles.reduce((a, f) => a + R.sizes[f].gzip, 0);
R.sizes.app_bytes = appFiles.reduce((a, f) => a + R.sizes[f].bytes, 0);
R.sizes.ort_gzip = Object.entries(R.sizes).filter(([k]) => k.startsWith('ort/')).reduce((a, [, v]) => a + v.gzip, 0);
R.sizes.note = 'gzip -9 (node zlib); app = vitvis.wasm + vitvis.js + ort_glue.mjs; ORT files separately';

// ---- site: a snapshot copy of dist/ (others may rebuild dist/ during the run) + bench models + bare page ----
fs.rmSync(SITE, { recursive: true, force: true });
fs.cpSync(DIST, SITE, { recursive: true, dereference: true });
for (const f of ['bare.html', 'bare.mjs']) fs.copyFileSync(path.join(ROOT, 'bench', 'web', f), path.join(SITE, f));
const index = JSON.parse(fs.readFileSync(path.join(SITE, 'models', 'index.json'), 'utf8'));
if (index.models[0].id !== smallId) R.errors.push(`dist's first model is ${index.models[0].id}, bench prepared ${smallId}`);
const sampleSrc = ['rgb_241x300.png', 'gray_50x80.png', 'rgba_37x23.png'].map((f) => path.join(ROOT, 'tests', 'native', 'data', f)).filter((f) => fs.existsSync(f));
for (const m of models) {
  const d = path.join(SITE, 'models', 'bench', m.key);
  fs.mkdirSync(d, { recursive: true });
  fs.symlinkSync(path.join(MODELS, m.key, 'model.onnx'), path.join(d, 'model.onnx'));
  fs.symlinkSync(path.join(MODELS, m.key, 'logits.onnx'), path.join(d, 'logits.onnx'));
  m.url = `models/bench/${m.key}/model.onnx`;
  m.logitsUrl = `models/bench/${m.key}/logits.onnx`;
  if (m.key === 'small') continue;
  let samples = sampleSrc;
  if (!samples.length) {  // fall back to the small model's samples
    const sm = JSON.parse(fs.readFileSync(path.join(SITE, 'models', index.models[0].samples), 'utf8'));
    samples = sm.slice(0, 3).map((x) => path.join(SITE, 'models', path.dirname(index.models[0].samples), x.file));
  }
  samples.forEach((f, i) => fs.copyFileSync(f, path.join(d, `sample${i}.png`)));
  fs.writeFileSync(path.join(d, 'samples.json'), JSON.stringify(samples.map((_, i) => ({ file: `sample${i}.png` }))));
  index.models.push({ id: m.id, name: m.name, file: `bench/${m.key}/model.onnx`, samples: `bench/${m.key}/samples.json`, bytes: m.meta.src_bytes });
}
fs.writeFileSync(path.join(SITE, 'models', 'index.json'), JSON.stringify(index, null, 1));
log(`site ${SITE}: ${models.map((m) => m.key).join(', ')}; app ${R.sizes.app_gzip} B gzipped`);

// ---- onnxruntime-node ----
const nodeRuns = (m) => (m.key === 'small' ? O.runs : quick ? 2 : m.key === 'vit-b16-fp32' ? 10 : 5);
for (const m of models) {
  R.node[m.key] = {};
  const variants = [['all', 'model.onnx', 2], ['logits', 'logits.onnx', 2]];
  if (m.key !== 'vit-b16-fp16') variants.push(['all_1thread', 'model.onnx', 1]);
  for (const [v, file, threads] of variants) {
    R.load.push(load(`node ${m.key} ${v}`));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'node_ort.mjs'), path.join(MODELS, m.key, file),
      '--dims', m.meta.dims.join(','), '--runs', String(nodeRuns(m)), '--threads', String(threads)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) { R.errors.push(`node ${m.key} ${v}: ${r.stderr.slice(-400)}`); continue; }
    const j = JSON.parse(r.stdout.trim().split('\n').at(-1));
    R.node[m.key][v] = { threads, create_ms: round(j.create_ms), run_ms: stats(j.ms), runs_ms: j.ms.map((x) => round(x)), outputs: j.outputs, out_bytes: j.out_bytes };
    log(`node ${m.key} ${v} (${threads} thr): create ${round(j.create_ms)} ms, run median ${R.node[m.key][v].run_ms.median} ms`);
  }
}

// A run that ends early says how (a silent end once left no JSON and no clue).
process.on('exit', (code) => { if (!R.finished) console.log(`[bench] ended early with exit code ${code}`); });
process.on('unhandledRejection', (e) => { console.log(`[bench] unhandled rejection: ${e?.stack ?? e}`); });
// Ctrl-C / kill: close what we started and stop (Playwright alone would close the browser and let us go on).
const servers = new Set();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { log(`${sig} received: stopping`); for (const s of servers) s.stop(); browser?.close().catch(() => {}); process.exit(130); });

// ---- browser: bare page and app, isolated and not ----
// The browser is relaunched when it goes away (on a shared machine other jobs may end Chromium
// processes); the section that lost it is retried once.
let browser;
R.browser_relaunches = 0;
async function ensureBrowser() {
  if (browser?.isConnected() && !staleBrowsers.has(browser)) return browser;
  if (browser) {
    R.browser_relaunches++;
    log(browser.isConnected() ? 'Chromium left a page open: relaunching' : 'Chromium went away: relaunching');
    browser.removeAllListeners('disconnected');
    await within(browser.close(), 30000, 'closing Chromium').catch((e) => log(e.message));
  }
  browser = await launch({ gpuCompositing: O.gpuCompositing });
  browser.on('disconnected', () => log('Chromium disconnected'));
  R.machine.chromium = browser.version();
  return browser;
}
async function withBrowser(fn) {
  for (let attempt = 0; ; ++attempt) {
    const b = await ensureBrowser();
    try {
      return await fn(b);
    } catch (e) {
      if (attempt === 0 && (!b.isConnected() || /has been closed|Target closed|crash/i.test(e.message))) { log(`retrying after: ${e.message.slice(0, 120)}`); continue; }
      throw e;
    }
  }
}
try {
  await ensureBrowser();
} catch (e) {
  console.error(`[bench] cannot launch Chromium: ${e.message}`);
  process.exit(2);
}
let measuredApp = 0;
for (const mode of ['isolated', 'not_isolated']) {
  const iso = mode === 'isolated';
  const srv = await serve(SITE, { isolation: iso });
  servers.add(srv);
  R.bare[mode] = {};
  R.app[mode] = {};
  for (const m of models) {
    const vitb = m.key !== 'small';
    const bareRuns = !vitb ? O.runs : quick ? 2 : iso ? 6 : 4;
    const bareVariants = [['logits', m.logitsUrl, true]];
    if (m.key !== 'vit-b16-fp16') bareVariants.push(['all', m.url, true]);
    if (iso && m.key !== 'vit-b16-fp16') bareVariants.push(['logits_noproxy', m.logitsUrl, false]);
    // The same with a full-window WebGL2 canvas redrawn every frame: rendering's share of the CPU, frame gaps.
    if (m.key !== 'vit-b16-fp16') bareVariants.push(['logits_canvas', m.logitsUrl, true, true], ['all_canvas', m.url, true, true]);
    R.bare[mode][m.key] = {};
    const doBare = async (v, url, proxy, canvas = false) => {
      R.load.push(load(`bare ${mode} ${m.key} ${v}`));
      try {
        const r = await withBrowser((b) => measureBare(b, srv.url, { modelUrl: url, dims: m.meta.dims, runs: bareRuns, proxy, canvas, log }));
        R.bare[mode][m.key][v] = r;
        log(`bare ${mode} ${m.key} ${v}: create ${r.create_ms} ms, run median ${r.run_ms.median} ms (${r.info.threads} thr, proxy ${r.info.proxy})` +
          (r.canvas ? `; canvas idle gap ${r.canvas.idle_gap_ms.median} ms, max gap in runs ${r.canvas.max_gap_during_runs_ms} ms, result gap ${r.canvas.result_gap_ms.median} ms` : ''));
      } catch (e) { R.errors.push(`bare ${mode} ${m.key} ${v}: ${e.message.slice(0, 400)}`); log(`bare ${mode} ${m.key} ${v} FAILED ${e.message.slice(0, 200)}`); }
    };
    // Order: bare logits, app, the other bare variants -- so drift of the machine's load hits both sides.
    await doBare(...bareVariants[0]);
    const clicks = !vitb ? (iso ? O.clicks : O.clicksNoiso) : m.key === 'vit-b16-fp16' ? (quick ? 1 : iso ? 3 : 2) : iso ? O.clicksVitb : O.clicksVitbNoiso;
    R.load.push(load(`app ${mode} ${m.key}`));
    try {
      R.app[mode][m.key] = await withBrowser((b) => measureApp(b, srv.url, { id: m.id, clicks, clickMs: O.clickMs, hoverMoves: m.key === 'vit-b16-fp16' ? Math.min(20, O.hoverMoves) : O.hoverMoves,
        clickTimeout: vitb ? 180000 : 30000, log }));
      measuredApp++;
    } catch (e) { R.errors.push(`app ${mode} ${m.key}: ${e.message.slice(0, 400)}`); log(`app ${mode} ${m.key} FAILED ${e.message.slice(0, 300)}`); }
    for (const v of bareVariants.slice(1)) await doBare(...v);
  }
  // The small model again in a small window (a quarter of the pixels): how much of the app's frame time and
  // click -> views is the software-GL (SwiftShader) cost of drawing 1920x1080 every frame.
  if (O.smallWindow) {
    const m = models[0];
    R.load.push(load(`app ${mode} ${m.key} 960x540`));
    try {
      R.app[mode]['small@960x540'] = await withBrowser((b) => measureApp(b, srv.url, { id: m.id, clicks: Math.min(O.clicks, 12), clickMs: O.clickMs, hoverMoves: 30, width: 960, height: 540, log }));
    } catch (e) { R.errors.push(`app ${mode} small 960x540: ${e.message.slice(0, 400)}`); }
  }
  srv.stop();
  servers.delete(srv);
}
browser?.removeAllListeners('disconnected');
await within(browser?.close(), 30000, 'closing Chromium').catch((e) => log(e.message));
R.load.push(load('end'));
R.machine.uptime_end = execSync('uptime', { encoding: 'utf8' }).trim();
R.machine.top_end = topProcesses();
R.finished = new Date().toISOString();
R.duration_s = Math.round((Date.now() - t00) / 1000);
R.targets = evaluateTargets(R);

const stamp = R.started.replace(/:/g, '').replace(/\..*/, 'Z');
const outDir = path.join(ROOT, 'bench', 'results');
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `${stamp}-${O.label}.json`);
fs.writeFileSync(file, JSON.stringify(R, null, 1));
if (O.summary) writeSummary(R, path.join(outDir, 'SUMMARY.md'), path.basename(file));
log(`wrote ${path.relative(ROOT, file)}${O.summary ? ' and bench/results/SUMMARY.md' : ''} (${R.duration_s} s, ${R.errors.length} error(s))`);
for (const t of R.targets) log(`${t.pass === null ? '  ?  ' : t.pass ? ' pass' : ' MISS'}  ${t.target}  [${t.where}]: ${t.measured}`);
if (R.errors.length) console.log(R.errors.map((e) => `  error: ${e}`).join('\n'));
process.exit(measuredApp > 0 ? 0 : 3);

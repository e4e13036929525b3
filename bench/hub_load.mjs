// Issue 15's load bench: ViT-B/16 (random weights) as Hugging Face files (config.json + model.safetensors,
// the graph built in the browser) vs the same weights as a ViT-VIS .onnx, both opened by a link in a fresh
// browser with a new profile on disk (nothing cached) served from this machine: open -> first views drawn, memory once
// loaded (page + ORT's worker, measureUserAgentSpecificMemory) and the peak resident memory of
// Chromium's processes while loading (sampled every 100 ms), each against the weights' bytes.
//   node bench/hub_load.mjs [--runs 3] [--label NAME] [--only app,onnx,safetensors,whole]      (writes bench/results/<date>-hub-<label>.json)
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, serve, launchPersistent, round, median, chromiumRssByType } from './lib/util.mjs';
import { startHub, buildHubSite } from '../tests/e2e/hub.mjs';

const arg = (n, d) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1] : d; };
const RUNS = Number(arg('--runs', 3)), LABEL = arg('--label', 'run');
const DIR = path.join(ROOT, 'build', 'bench-hub');
const log = (...a) => console.log('[hub-bench]', ...a);
const py = (args) => { const r = spawnSync('/usr/bin/python3', args, { encoding: 'utf8' }); if (r.status) throw new Error(r.stderr); };

fs.mkdirSync(DIR, { recursive: true });
const CK = path.join(DIR, 'checkpoints'), ONNX = path.join(DIR, 'vit-b16.onnx');
const weights = path.join(CK, 'hf-vit-b16', 'model.safetensors');
if (!fs.existsSync(weights)) { log('writing the ViT-B/16 checkpoint'); py([path.join(ROOT, 'scripts/make_hf_checkpoints.py'), CK, '--vit-b16']); }
if (!fs.existsSync(ONNX)) {
  log('exporting the same weights to .onnx');
  py([path.join(ROOT, 'scripts/export_vit.py'), '--checkpoint', weights, '--format', 'hf', '--heads', '12', '--no-qkv', '--no-check',
    '--labels', path.join(CK, 'hf-vit-b16', 'config.json'), '--resize', '224', '--out', ONNX, '--name', 'ViT-B/16 as .onnx']);
}
const hub = await startHub(CK);
const site = buildHubSite(CK, hub);  // (re)writes the small checkpoints too: cheap
fs.mkdirSync(path.join(site, 'bench'), { recursive: true });
fs.symlinkSync(ONNX, path.join(site, 'bench', 'vit-b16.onnx'));
const index = JSON.parse(fs.readFileSync(path.join(site, 'models', 'index.json'), 'utf8'));
index.models.push({ id: 'bench-onnx', name: 'ViT-B/16 (.onnx)', file: '../bench/vit-b16.onnx' });
fs.unlinkSync(path.join(site, 'models', 'index.json'));
fs.writeFileSync(path.join(site, 'models', 'index.json'), JSON.stringify(index));
const srv = await serve(site, { isolation: true });
const wbytes = fs.statSync(weights).size;

// Each run: a browser with a new profile on disk (nothing cached; the Cache API on disk as a user's is).
async function once(model) {
  const profile = path.join(DIR, 'profile');
  fs.rmSync(profile, { recursive: true, force: true });
  const context = await launchPersistent(profile, { viewport: { width: 1366, height: 768 } });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => { if (m.text().startsWith('T ')) log(m.text()); });
  const baseBy = chromiumRssByType(), base = baseBy.total;
  let peak = base, peakBy = null;
  const sampler = setInterval(() => {
    const r = chromiumRssByType();
    if (r.total > peak) { peak = r.total; peakBy = r; }
  }, 100);
  const t0 = Date.now();
  await page.goto(`${srv.url}?model=${encodeURIComponent(model)}`);
  let s;
  for (;;) {
    s = await page.evaluate(() => window.vitvis?.ready ? window.vitvis.state() : null).catch(() => null);
    if (s?.result && s.model?.id === model) break;
    if (s?.status?.error && !s.loading && s.model?.id !== model) throw new Error(s.status.text);
    if (Date.now() - t0 > 600000) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = Date.now() - t0;
  clearInterval(sampler);
  log(`${model}: first views after ${ms} ms; measuring memory (Chromium answers at its next GC: up to a minute)`);
  const mem = await page.evaluate(async () => {
    globalThis.gc?.();
    const r = await performance.measureUserAgentSpecificMemory().catch((e) => ({ bytes: null, error: String(e) }));
    const by = {};  // the measurement's breakdown by where it was attributed (page, ORT's worker, …)
    for (const b of r.breakdown ?? []) {
      const key = b.attribution?.[0]?.scope ?? (b.bytes ? 'unattributed' : '');
      if (key) by[key] = (by[key] ?? 0) + b.bytes;
    }
    const st = window.vitvis.state();
    return { ua_bytes: r.bytes, ua_by: by, wasm_heap: st.perf.wasm_heap, first_ort_ms: st.result.ort_ms };
  });
  const loaded_rss = chromiumRssByType().total;
  await context.close();
  const peak_delta_by_type = Object.fromEntries(Object.entries(peakBy ?? {}).map(([k, v]) => [k, v - (baseBy[k] ?? 0)]));
  return { ms, ...mem, base_rss: base, peak_rss: peak, peak_rss_by_type: peakBy, peak_delta_by_type, loaded_rss, peak_rss_delta: peak - base, loaded_rss_delta: loaded_rss - base };
}

const out = { label: LABEL, date: new Date().toISOString(), weights_bytes: wbytes, runs: {} };
// --only a,b: those series (no ratios without both onnx and safetensors). 'app': the bundled model, for
// the app's own footprint (its wasm heap, ORT's runtime, WebGL), which the net figures subtract so that
// they count what loading the big model adds. 'whole' (only when asked for): the same checkpoint from a
// server without byte ranges, streamed whole into the cache (the path before byte ranges).
const only = arg('--only', '').split(',').filter(Boolean);
const series = [['app', 'fashion-vit'], ['onnx', 'bench-onnx'], ['safetensors', 'hf:vitvis-test/hf-vit-b16'],
  ['whole', 'hf:vitvis-test/whole-hf-vit-b16']];
for (const [name, model] of series.filter(([n]) => (only.length ? only.includes(n) : n !== 'whole'))) {
  out.runs[name] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await once(model);
    out.runs[name].push(r);
    log(name, i, JSON.stringify({ ms: r.ms, ua_MB: round(r.ua_bytes / 1e6, 1), peak_rss_delta_MB: round(r.peak_rss_delta / 1e6, 1),
      ua_by_MB: Object.fromEntries(Object.entries(r.ua_by).map(([k, v]) => [k, round(v / 1e6, 1)])),
      peak_delta_by_MB: Object.fromEntries(Object.entries(r.peak_delta_by_type).map(([k, v]) => [k, round(v / 1e6, 1)])),
      first_ort_ms: round(r.first_ort_ms, 1) }));
  }
}
const m = (name, k) => (out.runs[name] ? median(out.runs[name].map((r) => r[k])) : null);
const over = (a, b) => (a == null || b == null ? null : round(a / b, 3));  // null where a series was not run
const less = (a, b) => (a == null || b == null ? null : a - b);
out.summary = {
  load_ratio: over(m('safetensors', 'ms'), m('onnx', 'ms')),
  load_ratio_whole: over(m('whole', 'ms'), m('onnx', 'ms')),
  load_ms: { onnx: m('onnx', 'ms'), safetensors: m('safetensors', 'ms'), whole: m('whole', 'ms') },
  loaded_memory_over_weights: { onnx: over(m('onnx', 'ua_bytes'), wbytes), safetensors: over(m('safetensors', 'ua_bytes'), wbytes) },
  peak_rss_delta_over_weights: { onnx: over(m('onnx', 'peak_rss_delta'), wbytes), safetensors: over(m('safetensors', 'peak_rss_delta'), wbytes) },
  // what the big model adds to the app's own peak and loaded memory (the 'app' series)
  net_peak_rss_over_weights: {
    onnx: over(less(m('onnx', 'peak_rss_delta'), m('app', 'peak_rss_delta')), wbytes),
    safetensors: over(less(m('safetensors', 'peak_rss_delta'), m('app', 'peak_rss_delta')), wbytes) },
  net_loaded_memory_over_weights: {
    onnx: over(less(m('onnx', 'ua_bytes'), m('app', 'ua_bytes')), wbytes),
    safetensors: over(less(m('safetensors', 'ua_bytes'), m('app', 'ua_bytes')), wbytes) },
};
log(JSON.stringify(out.summary));
const file = path.join(ROOT, 'bench', 'results', `${out.date.replace(/[:.]/g, '').slice(0, 15)}Z-hub-${LABEL}.json`);
fs.writeFileSync(file, JSON.stringify(out, null, 1));
log('wrote', path.relative(ROOT, file));
srv.stop();
hub.stop();

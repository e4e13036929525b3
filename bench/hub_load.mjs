// Issue 15's load bench: ViT-B/16 (random weights) as Hugging Face files (config.json + model.safetensors,
// the graph built in the browser) vs the same weights as a ViT-VIS .onnx, both opened by a link in a fresh
// browser context (nothing cached) served from this machine: open -> first views drawn, memory once
// loaded (page + ORT's worker, measureUserAgentSpecificMemory) and the peak resident memory of
// Chromium's processes while loading (sampled every 100 ms), each against the weights' bytes.
//   node bench/hub_load.mjs [--runs 3] [--label NAME]      (writes bench/results/<date>-hub-<label>.json)
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, serve, launch, round, median, chromiumRss } from './lib/util.mjs';
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
const browser = await launch({});
const wbytes = fs.statSync(weights).size;

async function once(model) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const base = chromiumRss();
  let peak = base;
  const sampler = setInterval(() => { peak = Math.max(peak, chromiumRss()); }, 100);
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
  const mem = await page.evaluate(async () => {
    globalThis.gc?.();
    const r = await performance.measureUserAgentSpecificMemory().catch((e) => ({ bytes: null, error: String(e) }));
    return { ua_bytes: r.bytes, wasm_heap: window.vitvis.state().perf.wasm_heap };
  });
  const loaded_rss = chromiumRss();
  await context.close();
  return { ms, ...mem, base_rss: base, peak_rss: peak, loaded_rss, peak_rss_delta: peak - base, loaded_rss_delta: loaded_rss - base };
}

const out = { label: LABEL, date: new Date().toISOString(), weights_bytes: wbytes, runs: {} };
for (const [name, model] of [['onnx', 'bench-onnx'], ['safetensors', 'hf:vitvis-test/hf-vit-b16']]) {
  out.runs[name] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await once(model);
    out.runs[name].push(r);
    log(name, i, JSON.stringify({ ms: r.ms, ua_MB: round(r.ua_bytes / 1e6, 1), peak_rss_delta_MB: round(r.peak_rss_delta / 1e6, 1) }));
  }
}
const m = (name, k) => median(out.runs[name].map((r) => r[k]));
out.summary = {
  load_ratio: round(m('safetensors', 'ms') / m('onnx', 'ms'), 3),
  load_ms: { onnx: m('onnx', 'ms'), safetensors: m('safetensors', 'ms') },
  loaded_memory_over_weights: { onnx: round(m('onnx', 'ua_bytes') / wbytes, 3), safetensors: round(m('safetensors', 'ua_bytes') / wbytes, 3) },
  peak_rss_delta_over_weights: { onnx: round(m('onnx', 'peak_rss_delta') / wbytes, 3), safetensors: round(m('safetensors', 'peak_rss_delta') / wbytes, 3) },
};
log(JSON.stringify(out.summary));
const file = path.join(ROOT, 'bench', 'results', `${out.date.replace(/[:.]/g, '').slice(0, 15)}Z-hub-${LABEL}.json`);
fs.writeFileSync(file, JSON.stringify(out, null, 1));
log('wrote', path.relative(ROOT, file));
await browser.close();
srv.stop();
hub.stop();

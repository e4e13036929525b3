#!/usr/bin/env node
// Issue #19's occlusion bench. Needs build/bench-site from a scripts/bench.sh run (the bench models and
// the bare ORT-web page); the app's files are refreshed there from dist/.
//   1. The bundled model: the app's occlusion map (49 runs, from the click to the finished map, as the app
//      times it) against 49 bare ORT-web runs of the same model in bench/web/bare.html (same ORT files
//      and settings). Target: <= 1.2x.
//   2. The ViT-B/16-sized export (196 runs, --vitb): the progress the app shows over time, the frames
//      while it runs (the longest gap, as in the inference bench), and Cancel: how many runs finish after
//      the click (target: at most the one in flight).
// Writes bench/results/<date>-occlusion.json.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, stats, round, median, max, closeContext } from './lib/util.mjs';
import { measureBare } from './lib/app.mjs';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : d; };
const RUNS = Number(opt('--runs', 3));
const VITB = args.includes('--vitb');
const SITE = path.join(ROOT, 'build', 'bench-site');
const DIST = path.join(ROOT, 'dist');
const log = (m) => console.log(`[occlusion] ${m}`);
if (!fs.existsSync(path.join(SITE, 'bare.html'))) throw new Error('build/bench-site is missing: run scripts/bench.sh --quick once');
for (const f of ['vitvis.js', 'vitvis.wasm', 'boot.mjs', 'ort_glue.mjs', 'index.html']) fs.copyFileSync(path.join(DIST, f), path.join(SITE, f));
fs.cpSync(path.join(DIST, 'i18n'), path.join(SITE, 'i18n'), { recursive: true });
const index = JSON.parse(fs.readFileSync(path.join(SITE, 'models', 'index.json'), 'utf8'));

const state = (page) => page.evaluate(() => window.vitvis.state());
async function until(page, pred, timeout = 120000, every = 100) {
  const t0 = Date.now();
  for (;;) {
    const s = await state(page);
    if (pred(s)) return s;
    if (Date.now() - t0 > timeout) throw new Error(`timeout: ${pred}`);
    await page.waitForTimeout(every);
  }
}
const click = async (page, r) => page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);

async function openModel(browser, url, id) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${url}?model=${encodeURIComponent(id)}&image=0`);
  await page.waitForFunction(() => window.vitvis && window.vitvis.ready, null, { timeout: 120000 });
  const s = await until(page, (s) => s.result && !s.busy && s.model?.id === id && s.ui.occlusion_start[2] > 0, 600000, 250);
  return { context, page, s };
}

const R = { schema: 1, started: new Date().toISOString(), runs: RUNS, small: {}, vitb: null };
const srv = await serve(SITE);
const browser = await launch();
try {
  // ---- 1. the bundled model against the bare page ----
  const small = index.models[0];
  const sweeps = [], gaps = [];
  let runs = 0;
  for (let r = 0; r < RUNS; r++) {
    const { context, page, s } = await openModel(browser, srv.url, small.id);
    const framesBefore = s.perf.frames;
    await click(page, s.ui.occlusion_start);
    const done = await until(page, (x) => x.whatif.map.length > 0 && !x.whatif.sweeping, 120000, 50);
    sweeps.push(done.whatif.sweep_ms);
    runs = done.whatif.runs;
    gaps.push(max(done.perf.gap_ms));
    log(`bundled ${small.id}: ${runs} runs in ${round(done.whatif.sweep_ms)} ms (${done.perf.frames - framesBefore} frames)`);
    await closeContext(context);
  }
  const dims = [1, 1, 28, 28];
  const bare = [];
  for (let r = 0; r < RUNS; r++) {
    const b = await measureBare(browser, srv.url, { modelUrl: `models/${small.file}`, dims, runs });
    bare.push(b.runs_ms.reduce((a, x) => a + x, 0));
    log(`bare page: ${runs} runs in ${round(bare.at(-1))} ms`);
  }
  R.small = { id: small.id, runs, sweep_ms: stats(sweeps), bare_runs_ms: stats(bare),
    ratio: round(median(sweeps) / median(bare)), target: '<= 1.2', longest_frame_gap_ms: stats(gaps) };
  log(`ratio app/bare: ${R.small.ratio}`);

  // ---- 2. ViT-B/16-sized: progress, frames, cancel ----
  const vitb = index.models.find((m) => m.id === 'bench-vit-b16-fp32');
  if (VITB && vitb) {
    const { context, page, s } = await openModel(browser, srv.url, vitb.id);
    const t0 = Date.now();
    const frames0 = s.perf.frames;
    await click(page, s.ui.occlusion_start);
    const progress = [];
    let x = s;
    while (Date.now() - t0 < 60000) {
      x = await state(page);
      progress.push({ t_ms: Date.now() - t0, done: x.whatif.done, runs: x.whatif.runs, frames: x.perf.frames - frames0,
        bar: x.ui.occlusion_progress[2] > 0 });
      if (x.whatif.done >= 6) break;
      await page.waitForTimeout(250);
    }
    const atCancel = x.whatif.done;
    const tc = Date.now();
    await click(page, x.ui.occlusion_cancel);
    const stopped = await until(page, (y) => !y.whatif.sweeping && !y.busy, 60000, 50);
    const stopMs = Date.now() - tc;
    await page.waitForTimeout(3000);
    const later = await state(page);
    R.vitb = { id: vitb.id, runs: x.whatif.runs, progress, done_at_cancel_click: atCancel, done_after_cancel: later.whatif.done,
      runs_after_cancel: later.whatif.done - atCancel, cancel_to_idle_ms: stopMs, still_sweeping: later.whatif.sweeping,
      longest_frame_gap_ms: max(stopped.perf.gap_ms), build_ms: stats(stopped.perf.build_ms),
      per_run_ms: round((progress.at(-1).t_ms) / Math.max(1, progress.at(-1).done)) };
    log(`ViT-B: ${atCancel} of ${x.whatif.runs} runs shown before Cancel; ${R.vitb.runs_after_cancel} finished after it; ` +
      `idle ${stopMs} ms after the click; longest frame gap ${round(R.vitb.longest_frame_gap_ms)} ms`);
    await closeContext(context);
  }
} finally {
  await browser.close();
  srv.stop();
}
const out = path.join(ROOT, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '').slice(0, 15)}Z-occlusion.json`);
fs.writeFileSync(out, JSON.stringify(R, null, 1) + '\n');
log(`wrote ${out}`);

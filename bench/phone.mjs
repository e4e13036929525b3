// Issue 18's phone bench: the bundled model at 390 x 844 CSS px with device pixel ratio 3 (a phone's
// canvas is 1170 x 2532 device pixels), touch. A tap on a sample thumbnail -> the first frame that
// shows its result, from the inference's start (result.views_ms, as bench/run.mjs's click -> views) and
// from the touchstart (the page notes it and polls window.vitvis.drawn() every 2 ms); and the
// frame build time (ImGui NewFrame .. Render, the app's own perf.build_ms) idle and during the taps.
//   node bench/phone.mjs [--taps 20] [--dpr 3] [--label NAME]   (writes bench/results/<date>-phone-<label>.json)
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, round, median, quantile, load } from './lib/util.mjs';

const arg = (n, d) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1] : d; };
const TAPS = Number(arg('--taps', 20)), LABEL = arg('--label', 'run'), DPR = Number(arg('--dpr', 3));
const log = (...a) => console.log('[phone-bench]', ...a);

const srv = await serve(path.join(ROOT, 'dist'));
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: DPR, hasTouch: true, isMobile: true });
const page = await context.newPage();
await page.goto(srv.url);
let s;
for (let t = Date.now(); ; ) {
  s = await page.evaluate(() => (window.vitvis?.ready ? window.vitvis.state() : null)).catch(() => null);
  if (s?.result && !s.busy && s.model.samples.filter((x) => x.loaded).length > 8) break;
  if (Date.now() - t > 120000) throw new Error('the app did not start');
  await new Promise((r) => setTimeout(r, 100));
}
await page.waitForTimeout(1000);
s = await page.evaluate(() => window.vitvis.state());
const idleBuild = s.perf.build_ms.slice(-30);
const row = s.ui.thumbs.map((r, i) => (Math.abs(r[1] - s.ui.thumbs[0][1]) < 1 ? i : -1)).filter((i) => i >= 0).slice(0, 6);
await page.evaluate(() => {
  window.__tap = 0;
  window.addEventListener('touchstart', () => { window.__tap = performance.now(); }, { capture: true });
});
const taps = [], views = [];
for (let k = 0; k < TAPS; k++) {
  const i = row[(k + 1) % row.length], r = s.ui.thumbs[i];
  const gen = await page.evaluate(() => window.vitvis.drawn());
  await page.touchscreen.tap(r[0] + r[2] / 2, r[1] + r[3] / 2);
  const ms = await page.evaluate(async (gen) => {
    for (let t = performance.now(); performance.now() - t < 10000; ) {
      if (window.vitvis.drawn() > gen) return [performance.now() - window.__tap, window.vitvis.state().result.views_ms];
      await new Promise((r) => setTimeout(r, 2));
    }
    return null;
  }, gen);
  taps.push(ms ? ms[0] : null);
  views.push(ms ? ms[1] : null);
  await page.waitForTimeout(300);
}
s = await page.evaluate(() => window.vitvis.state());
const R = {
  label: LABEL, date: new Date().toISOString(), viewport: [390, 844], dpr: DPR, layout: s.ui.layout, load: load('end'),
  tap_to_views_ms: taps.map((x) => round(x, 1)), click_to_views_ms: views.map((x) => round(x, 1)), build_ms_idle: idleBuild, build_ms_after_taps: s.perf.build_ms.slice(-60),
};
R.summary = {
  // bench/run.mjs's "click -> views": from the inference's start (the click handled) to the views drawn.
  click_to_views_median_ms: round(median(views.filter((x) => x != null)), 1),
  // From the finger's touchstart: also the frames in which the tap reaches the app (ImGui sees the press
  // and the release in two frames) — what a student waits for on this machine's software GL.
  tap_to_views_median_ms: round(median(taps.filter((x) => x != null)), 1),
  tap_to_views_p90_ms: round(quantile(taps.filter((x) => x != null), 0.9), 1),
  build_median_ms: round(median(R.build_ms_after_taps), 2),
  build_p95_ms: round(quantile(R.build_ms_after_taps, 0.95), 2),
  targets: { click_to_views_ms: 50, build_ms: 8 },
};
log(JSON.stringify(R.summary));
const out = path.join(ROOT, 'bench', 'results', `${new Date().toISOString().slice(0, 16).replace(/[-:]/g, '')}Z-phone-${LABEL}.json`);
fs.writeFileSync(out, JSON.stringify(R, null, 1));
log('wrote', path.relative(ROOT, out));
await browser.close();
srv.stop();

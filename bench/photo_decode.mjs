// Issue 17's photo bench: a phone's 12-megapixel JPEG (4032 x 3024, a noisy picture so the file is as
// big as a real photo's) dropped on the app with the bundled model, drop -> the frame that shows its
// result (polled every 2 ms with the cheap window.vitvis.drawn()), against the browser's own decode of the same file to pixels a page can read
// (createImageBitmap + drawImage + getImageData: the least any page needs), and the peak resident memory
// of Chromium's processes during the drop against the decoded image's bytes (w x h x 4).
//   node bench/photo_decode.mjs [--runs 5] [--label NAME]   (writes bench/results/<date>-photo-<label>.json)
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, round, median, chromiumRss, load } from './lib/util.mjs';

const arg = (n, d) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1] : d; };
const RUNS = Number(arg('--runs', 5)), LABEL = arg('--label', 'run');
const W = 4032, H = 3024;
const log = (...a) => console.log('[photo-bench]', ...a);

const srv = await serve(path.join(ROOT, 'dist'));
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
await page.goto(srv.url);
for (let t = Date.now(); ; ) {
  const s = await page.evaluate(() => (window.vitvis?.ready ? window.vitvis.state() : null)).catch(() => null);
  if (s?.result && !s.busy) break;
  if (Date.now() - t > 120000) throw new Error('the app did not start');
  await new Promise((r) => setTimeout(r, 100));
}

// The photo: smooth colour fields plus per-pixel noise (a flat picture would compress to a tenth).
const fileBytes = await page.evaluate(async ({ W, H }) => {
  const c = new OffscreenCanvas(W, H), g = c.getContext('2d');
  const img = g.createImageData(W, H), d = img.data;
  let seed = 12345;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const n = (seed >>> 24) - 128, i = (y * W + x) * 4;
      d[i] = 128 + 100 * Math.sin(x / 300) + n / 4;
      d[i + 1] = 128 + 100 * Math.cos(y / 200) + n / 4;
      d[i + 2] = 128 + 80 * Math.sin((x + y) / 500) + n / 4;
      d[i + 3] = 255;
    }
  g.putImageData(img, 0, 0);
  window.__photo = await c.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
  return window.__photo.size;
}, { W, H });
log(`photo: ${W} x ${H}, ${round(fileBytes / 1e6, 2)} MB JPEG`);

const browserDecode = () => page.evaluate(async () => {
  const t0 = performance.now();
  const bm = await createImageBitmap(window.__photo, { imageOrientation: 'from-image' });
  const c = new OffscreenCanvas(bm.width, bm.height), g = c.getContext('2d', { willReadFrequently: true });
  g.drawImage(bm, 0, 0);
  bm.close();
  const px = g.getImageData(0, 0, c.width, c.height).data;
  const ms = performance.now() - t0;
  c.width = c.height = 0;
  return { ms, bytes: px.length };
});

// Drop -> the first frame drawn with the new result (the page polls the state every 5 ms).
async function drop() {
  const base = chromiumRss();
  let peak = base;
  const sampler = setInterval(() => { peak = Math.max(peak, chromiumRss()); }, 20);
  const r = await page.evaluate(async () => {
    const gen = window.vitvis.state().result.generation;
    const dt = new DataTransfer();
    dt.items.add(new File([window.__photo], 'IMG_0001.jpg', { type: 'image/jpeg' }));
    performance.clearMarks();
    const t0 = performance.now();
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    for (;;) {
      await new Promise((r) => setTimeout(r, 2));
      if (window.vitvis.drawn() <= gen) continue;
      const ms = performance.now() - t0, s = window.vitvis.state();
      if (s.status.error) throw new Error(s.status.text);
      // The seam's marks (web/vitvis_lib.js), ms after the drop: decode asked, decoded, drawn at the
      // kept size, its rows in the heap, inference asked and answered; then the result's frame.
      const phases = Object.fromEntries(performance.getEntriesByType('mark').filter((e) => e.name.startsWith('vitvis:'))
        .map((e) => [e.name.slice(7), Math.round((e.startTime - t0) * 10) / 10]));
      return { ms, ort_ms: s.result.ort_ms, views_ms: s.result.views_ms, wasm_heap: s.perf.wasm_heap, phases };
    }
  });
  clearInterval(sampler);
  return { ...r, peak_rss_delta: peak - base };
}

const R = { label: LABEL, date: new Date().toISOString(), photo: { width: W, height: H, file_bytes: fileBytes }, load_before: load('start'), browser: [], app: [] };
const settle = () => page.evaluate(() => new Promise((r) => { globalThis.gc?.(); setTimeout(r, 300); }));
for (let i = 0; i < RUNS; i++) {
  await settle();
  R.browser.push(await browserDecode());
  await settle();
  R.app.push(await drop());
  log(i, JSON.stringify({ browser_ms: round(R.browser.at(-1).ms, 1), app_ms: round(R.app.at(-1).ms, 1), peak_rss_delta_MB: round(R.app.at(-1).peak_rss_delta / 1e6, 1), phases: R.app.at(-1).phases }));
}
const decoded = W * H * 4;
const m = (xs, k) => median(xs.map((x) => x[k]));
R.summary = {
  browser_decode_ms: round(m(R.browser, 'ms'), 1),
  drop_to_result_ms: round(m(R.app, 'ms'), 1),
  ratio: round(m(R.app, 'ms') / m(R.browser, 'ms'), 2),
  peak_rss_delta_over_decoded: round(m(R.app, 'peak_rss_delta') / decoded, 2),
  phases_median_ms: Object.fromEntries(Object.keys(R.app[0].phases).map((k) => [k, round(median(R.app.map((a) => a.phases[k] ?? NaN)), 1)])),
  targets: { drop_to_result_ms: 400, ratio: 1.5, peak_rss_delta_over_decoded: 2 },
};
R.load_after = load('end');
log(JSON.stringify(R.summary));
const out = path.join(ROOT, 'bench', 'results', `${new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', 'T')}Z-photo-${LABEL}.json`);
fs.writeFileSync(out, JSON.stringify(R, null, 1));
log('wrote', path.relative(ROOT, out));
await browser.close();
srv.stop();

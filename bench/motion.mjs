#!/usr/bin/env node
// Issue #32's animation bench: what the animated data flow costs, on the app in dist/ (headless Chromium,
// 1366x768, isolated).
//   1. click on a sample -> every view drawn (result.views_ms), animations off (?motion=off) and on
//      (target: <= 50 ms with them off; a flow does not hold up the views, it starts on the frame that shows them);
//   2. the frame build (perf.build_ms) of the frames drawn while a flow runs (a new image: patches, then the
//      class token; a pinned patch: its row and its embedding) against idle hover frames (target: the
//      animated path costs <= 2 ms a frame, median).
// Writes bench/results/<date>-motion.json. Timings are never pass/fail.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, stats, round, median } from './lib/util.mjs';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : d; };
const CLICKS = Number(opt('--clicks', 12));
const LABEL = opt('--label', 'motion');
const log = (m) => console.log(`[motion] ${m}`);
const state = (page) => page.evaluate(() => (window.vitvis && window.vitvis.ready ? window.vitvis.state() : {}));
async function until(page, pred, timeout = 60000) {
  const t0 = Date.now();
  for (;;) {
    const s = await state(page);
    if (pred(s)) return s;
    if (Date.now() - t0 > timeout) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
// The build times of the frames drawn since `before` (the probe keeps the last ones, oldest first).
const builds = (s, before) => s.perf.build_ms.slice(Math.max(0, s.perf.build_ms.length - (s.frames - before)));

const srv = await serve(path.join(ROOT, 'dist'));
const browser = await launch();
const out = { date: new Date().toISOString(), clicks: CLICKS, off: {}, on: {} };
try {
  for (const mode of ['off', 'on']) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(srv.url + (mode === 'off' ? '?motion=off' : ''));
    let s = await until(page, (x) => x.result && !x.busy && x.ui && x.ui.thumbs.length > 5 && x.ui.motion.running.length === 0);
    const views = [], flowBuild = [], rowBuild = [], hoverBuild = [];
    for (let i = 0; i < CLICKS; i++) {
      const k = 1 + (i % 5), t = s.ui.thumbs[k], g = s.result.generation;
      const f0 = s.frames;
      await page.mouse.move(t[0] + t[2] / 2, t[1] + t[3] / 2);
      await page.mouse.down(); await new Promise((r) => setTimeout(r, 80)); await page.mouse.up();
      s = await until(page, (x) => x.result.generation > g && x.result.drawn && !x.busy);
      views.push(s.result.views_ms);
      s = await until(page, (x) => x.ui.motion.running.length === 0);
      if (mode === 'on') flowBuild.push(...builds(s, f0));
      // Pin a patch (its row and embedding flow), then unpin.
      const im = s.ui.image, cell = im[2] / s.model.grid, f1 = s.frames;
      await page.mouse.click(im[0] + (1.5 + (i % 4)) * cell, im[1] + 3.5 * cell);
      s = await until(page, (x) => x.selection.pinned);
      s = await until(page, (x) => x.ui.motion.running.length === 0);
      await new Promise((r) => setTimeout(r, 50));
      s = await state(page);
      if (mode === 'on') rowBuild.push(...builds(s, f1));
      await page.mouse.click(im[0] + (1.5 + (i % 4)) * cell, im[1] + 3.5 * cell);
      s = await until(page, (x) => !x.selection.pinned);
      // Hover frames without any flow (the comparison).
      const f2 = s.frames;
      for (let j = 0; j < 8; j++) { await page.mouse.move(im[0] + (0.5 + j % 7) * cell, im[1] + 5.5 * cell); await new Promise((r) => setTimeout(r, 40)); }
      await new Promise((r) => setTimeout(r, 150));
      s = await state(page);
      hoverBuild.push(...builds(s, f2));
    }
    out[mode] = { views_ms: stats(views), views_median: round(median(views)), hover_build_median: round(median(hoverBuild), 3),
                  motion: s.ui.motion };
    if (mode === 'on') Object.assign(out[mode], { flow_frames: flowBuild.length, flow_build_median: round(median(flowBuild), 3),
      row_frames: rowBuild.length, row_build_median: round(median(rowBuild), 3) });
    log(`${mode}: ${JSON.stringify(out[mode])}`);
    await context.close();
  }
} finally { await browser.close(); srv.stop(); }
const file = path.join(ROOT, 'bench', 'results', `${out.date.slice(0, 10)}-${LABEL}.json`);
fs.writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
log(`wrote ${path.relative(ROOT, file)}`);

#!/usr/bin/env node
// Issue #20's bench: the app's head training (wasm, as a student runs it) for 100 examples of the bundled
// model: 10 samples x 10 clicks on "+ add the image shown", over 3 classes (5 training runs).
// Target: well under a second. Writes bench/results/<date>-own-classes.json.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, stats } from './lib/util.mjs';

const state = (page) => page.evaluate(() => window.vitvis.state());
async function until(page, pred, timeout = 60000) {
  const t0 = Date.now();
  for (;;) {
    const s = await state(page);
    if (pred(s)) return s;
    if (Date.now() - t0 > timeout) throw new Error(`timeout: ${pred}`);
    await page.waitForTimeout(50);
  }
}
const click = (page, r) => page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
const srv = await serve(path.join(ROOT, 'dist'));
const browser = await launch();
const R = { schema: 1, started: new Date().toISOString(), cases: [] };
try {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(`${srv.url}?lang=en`);
  await page.waitForFunction(() => window.vitvis && window.vitvis.ready, null, { timeout: 60000 });
  let s = await until(page, (x) => x.result && !x.busy && x.ui.thumbs?.length >= 10);
  await click(page, s.ui.own_button);
  s = await until(page, (x) => x.ui.own_add?.length >= 3);
  for (const classes of [3]) {
    while (s.own.classes < classes) { await click(page, s.ui.own_more); s = await until(page, (x) => x.own.classes > s.own.classes); }
    const ms = [];
    const before = s.own.examples.length;
    for (let i = before; i < 100; i++) {
      if (i % 10 === 0) {
        const t = s.ui.thumbs[(i / 10) % s.ui.thumbs.length];
        await click(page, t);
        s = await until(page, (x) => !x.busy && x.result.image === (i / 10) % x.ui.thumbs.length);
      }
      const k = i % classes;
      await click(page, s.ui.own_add[k]);
      s = await until(page, (x) => x.own.examples.length === i + 1);
    }
    for (let r = 0; r < 5; r++) {
      s = await state(page);
      for (let k = 0; k < 10 && s.ui.own_train[1] + s.ui.own_train[3] > s.ui.own_window[1] + s.ui.own_window[3] - 8; k++) {
        await page.mouse.move(s.ui.own_window[0] + 300, s.ui.own_window[1] + 300);  // scroll the window to Train
        await page.mouse.wheel(0, 200);
        await page.waitForTimeout(200);
        s = await state(page);
      }
      await click(page, s.ui.own_train);
      s = await until(page, (x) => x.own.active && x.own.trained === classes && !x.busy && x.own.train_ms > 0);
      ms.push(s.own.train_ms);
      await page.waitForTimeout(100);
    }
    R.cases.push({ examples: s.own.examples.length, classes, dim: s.model.dim, held: s.own.held, train_ms: stats(ms) });
    console.log(`[own] ${s.own.examples.length} examples, ${classes} classes: ${JSON.stringify(stats(ms))} ms`);
  }
} finally {
  await browser.close();
  srv.stop();
}
const out = path.join(ROOT, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '').slice(0, 15)}Z-own-classes.json`);
fs.writeFileSync(out, JSON.stringify(R, null, 1) + '\n');
console.log(`[own] wrote ${out}`);

// What if it could not see this? (#19): hiding patches runs the model on the edited input exactly as
// onnxruntime-node does on that input; the occlusion map equals a sweep run in node; undo, reset, the
// link, the change views, cancelling a sweep.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ARTIFACTS, ROOT, center, sharedApp, state, waitState, urlWhen, launch, serve, openApp } from './browser.mjs';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const DIST = path.join(ROOT, 'dist');
const index = JSON.parse(fs.readFileSync(path.join(DIST, 'models', 'index.json'), 'utf8'));

const app = sharedApp('s => s.result && !s.busy && s.model.samples.filter((x) => x.loaded).length >= 12 && s.ui.thumbs.length >= 12');
let page, session, spec;
before(async () => {
  ({ page } = await app.open());
  const s = await state(page);
  session = await ort.InferenceSession.create(path.join(DIST, 'models', index.models.find((m) => m.id === s.model.id).file));
  spec = { grid: s.model.grid, size: Math.round(Math.sqrt((await input(false)).length / 1)) };
});

const input = (original) => page.evaluate((o) => window.vitvis.input(o), original);
const softmax = (l) => { const m = Math.max(...l), e = l.map((v) => Math.exp(v - m)), z = e.reduce((a, b) => a + b, 0); return e.map((v) => v / z); };
async function probs(x) {
  const out = await session.run({ pixel_values: new ort.Tensor('float32', Float32Array.from(x), [1, 1, spec.size, spec.size]) });
  return softmax(Array.from(out.logits.data));
}
// The patch (r, c)'s centre on screen.
const patchAt = (s, r, c) => ({ x: s.ui.image[0] + (c + 0.5) * s.ui.image[2] / s.model.grid, y: s.ui.image[1] + (r + 0.5) * s.ui.image[3] / s.model.grid });
// The mean fill written independently: every hidden pixel gets its channel's mean (normalisation is affine,
// so the mean of the normalised values is the normalised mean).
function meanFill(x, hidden, grid) {
  const size = Math.round(Math.sqrt(x.length)), p = size / grid, mean = x.reduce((a, b) => a + b, 0) / x.length;
  const y = x.slice();
  for (const i of hidden) {
    const r = Math.floor(i / grid), c = i % grid;
    for (let yy = r * p; yy < (r + 1) * p; yy++) for (let xx = c * p; xx < (c + 1) * p; xx++) y[yy * size + xx] = mean;
  }
  return y;
}
const maxDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

test('hiding patches: the edited input is the mean fill, and its prediction equals onnxruntime-node', async () => {
  let s = await state(page);
  const g0 = s.result.generation;
  const original = await input(false);
  await app.click(s.ui.hide_toggle);
  s = await waitState(page, 's => s.whatif.hiding');
  // One click on (3, 3), then a drag along row 2 from (2, 1) to (2, 4).
  const g = s.model.grid, one = String(3 * g + 3), five = `${2 * g + 1}-${2 * g + 4},${one}`;
  let c = patchAt(s, 3, 3);
  await page.mouse.click(c.x, c.y);
  s = await waitState(page, `s => s.result.edited && s.result.hidden === "${one}" && !s.busy`);
  const a = patchAt(s, 2, 1), b = patchAt(s, 2, 4);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (let k = 1; k <= 6; k++) await page.mouse.move(a.x + (b.x - a.x) * k / 6, a.y, { steps: 2 });
  await page.mouse.up();
  s = await waitState(page, `s => s.result.hidden === "${five}" && !s.busy && s.result.drawn`);
  assert.ok(s.result.generation > g0);
  assert.equal(s.whatif.undo, 2);
  const edited = await input(false);
  assert.ok(maxDiff(edited, meanFill(original, [2 * g + 1, 2 * g + 2, 2 * g + 3, 2 * g + 4, 3 * g + 3], g)) < 1e-5, 'the app hid exactly those patches with the mean');
  assert.ok(maxDiff(await input(true), original) === 0, 'the unedited run is kept');
  const want = await probs(edited);
  assert.ok(maxDiff(s.result.probabilities, want) < 1e-4, `app vs node: ${maxDiff(s.result.probabilities, want)}`);
  const before = await probs(original);
  assert.ok(maxDiff(want, before) > 1e-3, 'hiding five patches in the middle changes the probabilities');
  await urlWhen(page, (u) => u.includes(`hide=${five}`));
  await page.screenshot({ path: path.join(ARTIFACTS, 'whatif-hidden-1366x768.png') });
  // The change views: (b) and (c) show edited minus unedited.
  await app.click(s.ui.show_change);
  s = await waitState(page, 's => s.ui.attention_change && s.ui.layers_change');
  await page.screenshot({ path: path.join(ARTIFACTS, 'whatif-change-1366x768.png') });
  await app.click(s.ui.show_change);
  s = await waitState(page, 's => !s.ui.attention_change && !s.ui.layers_change');
  // Undo goes back to the single patch; Reset shows the unedited run again (no new run needed).
  await app.click(s.ui.hide_undo);
  s = await waitState(page, `s => s.result.hidden === "${one}" && !s.busy`);
  await app.click(s.ui.hide_reset);
  s = await waitState(page, `s => !s.result.edited && s.whatif.hidden === "" && !s.busy`);
  assert.equal(s.result.generation, s.whatif.original);
  assert.ok(maxDiff(s.result.probabilities, before) < 1e-4);
  await app.click(s.ui.hide_toggle);
  await waitState(page, 's => !s.whatif.hiding');
});

test('the occlusion map equals a sweep in onnxruntime-node, is cached, and a sweep can be cancelled', async () => {
  let s = await state(page);
  const x = await input(false), g = s.model.grid;
  await app.click(s.ui.occlusion_start);
  s = await waitState(page, 's => s.whatif.map.length > 0 && !s.whatif.sweeping && !s.busy', 60000);
  assert.equal(s.whatif.runs, g * g);
  const base = await probs(x), k = s.whatif.map_class;
  assert.equal(k, s.result.top[0].index, 'the map is for the prediction');
  let worst = 0;
  for (let i = 0; i < g * g; i++) {
    const p = await probs(meanFill(x, [i], g));
    worst = Math.max(worst, Math.abs((base[k] - p[k]) - s.whatif.map[i]));
  }
  assert.ok(worst < 1e-4, `map vs node: ${worst}`);
  assert.ok(s.ui.occlusion_overlay, 'the map is shown over the image');
  await page.screenshot({ path: path.join(ARTIFACTS, 'whatif-occlusion-1366x768.png') });
  // Another image, then back: the map comes from the cache (no sweep).
  const g1 = s.result.generation;
  await app.click(s.ui.thumbs[3]);
  s = await waitState(page, `s => s.result.image === 3 && s.result.generation > ${g1} && !s.busy`);
  assert.equal(s.whatif.map.length, 0);
  await app.click(s.ui.thumbs[0]);
  s = await waitState(page, 's => s.result.image === 0 && !s.busy');
  assert.equal(s.whatif.map.length, g * g);
  assert.equal(s.whatif.cached, 1);
  // A sweep on image 3, cancelled at once: it stops within one run.
  await app.click(s.ui.thumbs[3]);
  s = await waitState(page, 's => s.result.image === 3 && !s.busy && s.ui.occlusion_start[2] > 0');
  // 49 runs take ~0.3 s: click Start, move the pointer (input draws a frame at once, the sweep's own
  // frames come every 250 ms), and click Cancel as soon as a frame shows it.
  const st = center(s.ui.occlusion_start);
  await page.mouse.click(st.x, st.y);
  await page.mouse.move(st.x + 3, st.y);
  const cancel = await (await page.waitForFunction(() => {
    const x = window.vitvis.state();
    return x.whatif.sweeping && x.ui.occlusion_cancel[2] > 0 ? x.ui.occlusion_cancel : null;
  }, null, { polling: 5, timeout: 10000 })).jsonValue();
  await app.click(cancel);
  s = await waitState(page, 's => !s.whatif.sweeping && !s.busy');
  const done = s.whatif.done;
  assert.ok(done < g * g, `cancelled after ${done} runs`);
  await page.waitForTimeout(500);
  s = await state(page);
  assert.equal(s.whatif.done, done, 'no run after cancel');
  assert.equal(s.whatif.map.length, 0);
});

test('a link with hidden patches and a fill opens the edited image', async () => {
  const browser = await launch();
  const srv = await serve();
  try {
    const { page: p } = await openApp(browser, `${srv.url}?image=2&hide=0-3,9&fill=zero`);
    const s = await waitState(p, 's => s.result && s.result.edited && !s.busy');
    assert.equal(s.result.hidden, '0-3,9');
    assert.equal(s.result.fill, 'zero');
    assert.equal(s.selection.image, 2);
    const x = await p.evaluate(() => window.vitvis.input(0)), o = await p.evaluate(() => window.vitvis.input(1));
    const size = Math.round(Math.sqrt(x.length)), ps = size / s.model.grid;
    // Zero fill: pixel 0, i.e. (0 - mean) / std after the normalisation; the rest untouched.
    const zero = Math.min(...x);
    for (let yy = 0; yy < size; yy++)
      for (let xx = 0; xx < size; xx++) {
        const patch = Math.floor(yy / ps) * s.model.grid + Math.floor(xx / ps);
        const hidden = [0, 1, 2, 3, 9].includes(patch), v = x[yy * size + xx];
        if (hidden) assert.ok(Math.abs(v - zero) < 1e-6);
        else assert.equal(v, o[yy * size + xx]);
      }
    assert.ok(zero < -0.5, 'black is below the mean after the normalisation');
  } finally {
    await browser.close();
    srv.stop();
  }
});

test('compare two images: pin A, pick B; (b) and (c) draw both, (d) shows both predictions', async () => {
  let s = await state(page);
  if (s.result.image !== 0) {
    await app.click(s.ui.thumbs[0]);
    s = await waitState(page, 's => s.result.image === 0 && !s.busy');
  }
  await app.click(s.ui.pin_a);
  s = await waitState(page, 's => s.whatif.pinned > 0 && s.ui.unpin_a[2] > 0');
  const a = s.result;
  await app.click(s.ui.thumbs[2]);
  s = await waitState(page, `s => s.result.image === 2 && !s.busy && s.whatif.compare_a === ${a.generation} && s.ui.attention_a[2] > 0 && s.ui.compare_line[2] > 0`);
  // A's matrix beside B's, the same size, left of it.
  assert.equal(Math.round(s.ui.attention_a[2]), Math.round(s.ui.attention[2]));
  assert.ok(s.ui.attention_a[0] + s.ui.attention_a[2] <= s.ui.attention[0]);
  // (c): pick a channel, and A's row of maps appears above B's.
  await app.click(s.ui.channel_tiles[0]);
  s = await waitState(page, 's => s.ui.compare_maps_a.length === s.model.layers + 1 && s.ui.compare_maps.length === s.model.layers + 1');
  assert.ok(s.ui.compare_maps_a[0][1] < s.ui.compare_maps[0][1]);
  // The difference view: B - A in (b).
  await app.click(s.ui.show_change);
  s = await waitState(page, 's => s.ui.attention_change');
  await page.screenshot({ path: path.join(ARTIFACTS, 'whatif-compare-1366x768.png') });
  await app.click(s.ui.show_change);
  await app.click(s.ui.unpin_a);
  s = await waitState(page, 's => s.whatif.pinned === -1 && s.ui.attention_a[2] === 0 && s.ui.compare_line[2] === 0');
});

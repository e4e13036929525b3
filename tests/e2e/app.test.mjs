// The real built app (dist/) in headless Chromium: loading, inference parity with onnxruntime-node,
// interaction, both serving paths (cross-origin isolated with threads, plain single-threaded).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, ARTIFACTS, serve, launch, openApp, state, waitState, center } from './browser.mjs';
import { decodePng, regionStats } from './png.mjs';

const require = createRequire(path.join(ROOT, 'tests', 'package.json'));
const ort = require('onnxruntime-node');
const DIST = path.join(ROOT, 'dist');
const index = JSON.parse(fs.readFileSync(path.join(DIST, 'models', 'index.json'), 'utf8'));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Logits from onnxruntime-node for the Python-preprocessed sample input saved by the exporter.
async function referenceTop1(modelId, file) {
  const entry = index.models.find((m) => m.id === modelId);
  const ref = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'model', 'fixtures', `${modelId}-reference.json`), 'utf8'));
  const sample = ref.samples.find((s) => file.endsWith(s.file) || s.file.endsWith(file));
  assert.ok(sample, `no reference for ${file}`);
  const session = await ort.InferenceSession.create(path.join(DIST, 'models', entry.file));
  const out = await session.run({ pixel_values: new ort.Tensor('float32', Float32Array.from(sample.input.flat(Infinity)), ref.input_shape) });
  const logits = Array.from(out.logits.data);
  const mx = Math.max(...logits), e = logits.map((v) => Math.exp(v - mx)), s = e.reduce((a, b) => a + b, 0);
  const top = logits.indexOf(mx);
  return { index: top, probability: e[top] / s, logit: logits[top] };
}

async function screenshotCheck(page, name, rect) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  const buf = await page.screenshot({ path: file });
  const img = decodePng(buf);
  const whole = regionStats(img, [0, 0, img.width, img.height]);
  assert.ok(whole.colours > 50, `${name}: screenshot looks blank (${whole.colours} colours)`);
  if (rect) {
    const r = regionStats(img, rect);
    assert.ok(r.std > 10, `${name}: region ${rect} is flat (std ${r.std.toFixed(1)})`);
  }
}

test('isolated page: loads, threads, no console errors, top-1 equals onnxruntime-node', async () => {
  const srv = await serve({ isolation: true });
  try {
    const { page, context, errors } = await openApp(browser, srv.url);
    let s = await waitState(page, 's => s.result && !s.busy && s.ui.thumbs.length > 0');
    assert.equal(s.runtime.isolated, true);
    assert.ok(s.runtime.threads >= 2, `threads ${s.runtime.threads}`);
    assert.equal(s.model.id, index.models[0].id);
    const want = await referenceTop1(s.model.id, s.model.samples[s.selection.image].file);
    assert.equal(s.result.top[0].index, want.index);
    assert.ok(Math.abs(s.result.top[0].probability - want.probability) <= 1e-4,
      `app ${s.result.top[0].probability} vs node ${want.probability}`);
    // Click another sample: the selection moves and the prediction follows onnxruntime-node again.
    const pick = Math.min(5, s.ui.thumbs.length - 1);
    const c = center(s.ui.thumbs[pick]);
    const before = s.result.inferences;
    await page.mouse.click(c.x, c.y);
    s = await waitState(page, `s => s.selection.image === ${pick} && s.result.inferences > ${before} && !s.busy`);
    const want2 = await referenceTop1(s.model.id, s.model.samples[pick].file);
    assert.equal(s.result.top[0].index, want2.index);
    assert.ok(Math.abs(s.result.top[0].probability - want2.probability) <= 1e-4);
    await page.waitForTimeout(300);
    await screenshotCheck(page, 'app-isolated-1366x768', s.ui.image);
    assert.deepEqual(errors, [], `console errors: ${errors.join('\n')}`);
    await context.close();
  } finally { srv.stop(); }
});

test('plain static hosting (no COOP/COEP): single-threaded ORT still classifies', async () => {
  const srv = await serve({ isolation: false });
  try {
    const { page, context, errors } = await openApp(browser, srv.url, { width: 1920, height: 1080, dpr: 2 });
    const s = await waitState(page, 's => s.result && !s.busy');
    assert.equal(s.runtime.isolated, false);
    assert.equal(s.runtime.threads, 1);
    const want = await referenceTop1(s.model.id, s.model.samples[s.selection.image].file);
    assert.equal(s.result.top[0].index, want.index);
    assert.ok(Math.abs(s.result.top[0].probability - want.probability) <= 1e-4);
    await page.waitForTimeout(300);
    await screenshotCheck(page, 'app-plain-1920x1080-dpr2', s.ui.image.map((v) => v * 2));
    assert.deepEqual(errors.filter((e) => !/SharedArrayBuffer|crossOriginIsolated/i.test(e)), []);
    await context.close();
  } finally { srv.stop(); }
});

test('hovering a patch selects its token; a click pins it; a second click unpins', async () => {
  const srv = await serve();
  try {
    const { page, context } = await openApp(browser, srv.url);
    let s = await waitState(page, 's => s.result && !s.busy');
    const [x, y, w, h] = s.ui.image;
    const g = s.model.grid, cell = w / g;
    // Row 2, column 3.
    await page.mouse.move(x + 3.5 * cell, y + 2.5 * cell);
    s = await waitState(page, `s => s.selection.token === ${s.model.prefix_tokens + 2 * g + 3}`);
    assert.equal(s.selection.pinned, false);
    await page.mouse.click(x + 3.5 * cell, y + 2.5 * cell);
    s = await waitState(page, 's => s.selection.pinned');
    await page.mouse.move(x + 0.5 * cell, y + 0.5 * cell);
    await page.waitForTimeout(200);
    s = await state(page);
    assert.equal(s.selection.token, s.model.prefix_tokens + 2 * g + 3, 'a pinned patch ignores hover');
    await page.mouse.click(x + 0.5 * cell, y + 0.5 * cell);
    s = await waitState(page, `s => s.selection.pinned && s.selection.token === ${s.model.prefix_tokens}`);
    await page.mouse.click(x + 0.5 * cell, y + 0.5 * cell);
    s = await waitState(page, 's => !s.selection.pinned');
    await context.close();
  } finally { srv.stop(); }
});

test('the layout follows the window size and keeps every module on screen', async () => {
  const srv = await serve();
  try {
    const { page, context } = await openApp(browser, srv.url, { width: 1920, height: 1080 });
    let s = await waitState(page, 's => s.result && !s.busy && s.ui.attention[2] > 0');
    const big = s.ui.attention[2];
    await page.setViewportSize({ width: 1366, height: 768 });
    s = await waitState(page, `s => s.ui.attention[2] > 0 && s.ui.attention[2] < ${big}`);
    for (const r of [s.ui.image, s.ui.attention, s.ui.strip, s.ui.channel_tiles[0]]) {
      assert.ok(r[0] >= 0 && r[1] >= 0 && r[0] + r[2] <= 1366 && r[1] + r[3] <= 768, `off screen: ${r}`);
    }
    // Modules do not overlap: (a) image left of (c) tiles left of (b) matrix left of (d) strip.
    assert.ok(s.ui.image[0] + s.ui.image[2] <= s.ui.channel_tiles[0][0]);
    assert.ok(s.ui.channel_tiles[0][0] + s.ui.channel_tiles[0][2] <= s.ui.attention[0]);
    assert.ok(s.ui.attention[0] + s.ui.attention[2] <= s.ui.strip[0]);
    await context.close();
  } finally { srv.stop(); }
});

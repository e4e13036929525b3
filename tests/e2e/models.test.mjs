// Models through the app: bad models are refused with a clear message and the previous model stays;
// ?model= picks a model; a ViT-B/16-sized export (197 tokens, 12 x 12 heads, 768 dims) works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, serve, launch, openApp, state, waitState, center, pickModel } from './browser.mjs';
import { buildSite, SITE } from './site.mjs';
import { decodePng, regionStats } from './png.mjs';

let browser, srv;
before(async () => {
  buildSite({ vitb: true });
  browser = await launch();
  srv = await serve({ dir: SITE });
});
after(async () => { await browser?.close(); srv?.stop(); });

test('bad models are refused with a message; the previous model and its result stay', async () => {
  const { page, context, errors } = await openApp(browser, srv.url);
  let s = await waitState(page, 's => s.result && !s.busy');
  const before = { id: s.model.id, top: s.result.top[0] };
  const cases = [
    ['broken', 'not an ONNX model'],
    ['not-vit', 'no ViT-VIS metadata'],
    ['bad-labels', 'labels has 3 names but num_classes is 10'],
    ['missing', 'HTTP 404'],
    ['too-big', 'over the 800 MB limit'],
  ];
  for (const [id, message] of cases) {
    await pickModel(page, id);
    s = await waitState(page, `s => !s.loading && s.status.error && s.last_error.includes(${JSON.stringify(message)})`);
    assert.equal(s.model.id, before.id, `${id}: the previous model must stay`);
    assert.deepEqual(s.result.top[0], before.top, `${id}: the previous result must stay`);
    assert.match(s.status.text, /Still showing/);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'bad-model-message.png') });
  // The app still works: pick another sample and get a new result.
  const c = center(s.ui.thumbs[2]);
  const n = s.result.inferences;
  await page.mouse.click(c.x, c.y);
  await waitState(page, `s => s.result.inferences > ${n} && s.selection.image === 2`);
  assert.deepEqual(errors.filter((e) => !/HTTP 404|404 \(Not Found\)/.test(e)), []);
  await context.close();
});

test('?model= selects a model; an unknown id falls back with a notice', async () => {
  let { page, context } = await openApp(browser, srv.url + '?model=mnist-vit');
  let s = await waitState(page, 's => s.result && !s.busy');
  assert.equal(s.model.id, 'mnist-vit');
  await context.close();
  ({ page, context } = await openApp(browser, srv.url + '?model=no-such-model'));
  s = await waitState(page, 's => s.result && !s.busy && s.status.error');
  assert.equal(s.model.id, s.models[0]);
  assert.match(s.status.text, /No model 'no-such-model' in this app/);
  await context.close();
  ({ page, context } = await openApp(browser, srv.url + '?model=%3Cscript%3Enope'));
  s = await waitState(page, 's => s.result && !s.busy && s.status.error');
  assert.equal(s.model.id, s.models[0]);
  assert.match(s.status.text, /model='<script>nope' is not valid/);
  await context.close();
});

test('a ViT-B/16-sized model: 197 tokens, 12 x 12 heads, 768 dims, and the page keeps drawing', async () => {
  const { page, context, errors } = await openApp(browser, srv.url + '?model=vit-b16', { width: 1920, height: 1080 });
  let s = await waitState(page, 's => s.result && !s.busy && s.ui.channel_tiles.length > 0', 240000);
  assert.equal(s.model.tokens, 197);
  assert.equal(s.model.layers, 12);
  assert.equal(s.model.heads, 12);
  assert.equal(s.model.dim, 768);
  assert.equal(s.result.top.length, 10);
  assert.equal(s.ui.head_buttons.length, 13);
  assert.equal(s.ui.channel_order.length, 768);
  // The model at a glance (#32) draws it from the same metadata: 12 layers of 12 heads, 1 + 196 tokens.
  assert.equal(s.ui.overview_layers.length, 12);
  assert.equal(s.ui.overview_heads, 12);
  assert.match(s.ui.overview_text[2], /197 tokens · 768 numbers each/);
  assert.match(s.ui.overview_text[1], /14 × 14 .*16 × 16/);
  // Another image: the frame loop keeps running while ORT runs in its worker (frames drawn, or left
  // out because nothing changed: either way the main thread is free).
  const loop = (x) => x.frames + x.perf.skipped_frames;
  const frames0 = loop(s), n = s.result.inferences;
  const c = center(s.ui.thumbs[1]);
  await page.mouse.click(c.x, c.y);
  await waitState(page, 's => s.busy', 20000).catch(() => {});
  s = await waitState(page, `s => s.result.inferences > ${n} && !s.busy`, 120000);
  assert.ok(loop(s) - frames0 > 5, `only ${loop(s) - frames0} frame-loop turns during an inference`);
  // Hover a patch, switch to the last layer and a head, follow a channel.
  const [x, y, w] = s.ui.image, cell = w / 14;
  await page.mouse.click(x + 7.5 * cell, y + 3.5 * cell);
  s = await waitState(page, `s => s.selection.pinned && s.selection.token === ${1 + 3 * 14 + 7}`);
  await page.mouse.click(...Object.values(center(s.ui.hidden_buttons[12])));
  s = await waitState(page, 's => s.selection.layer === 11');
  await page.mouse.click(...Object.values(center(s.ui.head_buttons[5])));
  s = await waitState(page, 's => s.selection.head === 4');
  await page.mouse.move(2, 2);
  await page.waitForTimeout(300);
  s = await state(page);
  const img = decodePng(await page.screenshot({ path: path.join(ARTIFACTS, 'vit-b16-1920x1080.png') }));
  for (const r of [s.ui.attention, s.ui.channel_tiles[0], s.ui.strip, s.ui.image])
    assert.ok(regionStats(img, r).std > 2, `blank region ${r}`);
  // Exported without q/k/v (--no-qkv, as big models are): the step-through says so instead of failing,
  // and the depth view (which needs only the attention maps) still works.
  await page.mouse.click(...Object.values(center(s.ui.steps_button)));
  s = await waitState(page, 's => s.steps.open && !s.steps.ok');
  await page.screenshot({ path: path.join(ARTIFACTS, 'vit-b16-steps-no-qkv.png') });
  // the depth tab, second in the window's tab bar
  for (let dx = 200; dx < 420 && s.steps.tab !== 1; dx += 20) {
    await page.mouse.click(s.steps.window[0] + dx, s.steps.window[1] + 40);
    s = await state(page);
  }
  s = await waitState(page, 's => s.steps.tab === 1 && s.steps.depth.length === 12');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a slow model: until a newly picked image has its result, every view still shows the previous one', async () => {
  const { page, context, errors } = await openApp(browser, srv.url + '?model=vit-b16&image=0&token=30', { width: 1366, height: 768 });
  let s = await waitState(page, 's => s.result && !s.busy && s.attention_row.length === 197', 240000);
  assert.equal(s.result.image, 0);
  assert.equal(s.result.true_label, 3);
  assert.equal(s.result.pending, false);
  assert.equal(s.ui.pending[2], 0);
  const row0 = s.attention_row, gen0 = s.result.generation, n = s.result.inferences;
  const c = center(s.ui.thumbs[1]);
  await page.mouse.click(c.x, c.y);
  // While the ViT-B/16 runs (about a second here), the picked image is selected, but the overlay's
  // attention row, the prediction and the true class are still the previous image's, and (a) says so.
  s = await waitState(page, 's => s.busy && s.selection.image === 1 && s.ui.pending[2] > 0', 20000);
  assert.equal(s.result.image, 0);
  assert.equal(s.result.generation, gen0);
  assert.equal(s.result.true_label, 3);
  assert.equal(s.result.pending, true);
  assert.deepEqual(s.attention_row, row0);
  // The pointer moves on while it runs: frames are shown (after the short hold that lets small models
  // answer first), and they show the note.
  await page.waitForTimeout(200);
  await page.mouse.move(c.x + 60, c.y + 200, { steps: 4 });
  s = await waitState(page, `s => s.frames > ${s.frames}`, 20000);
  if (s.busy) {
    assert.ok(s.ui.pending[2] > 0 && s.result.image === 0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'vit-b16-pending.png') });
  }
  // Then everything moves to the new image at once.
  s = await waitState(page, `s => s.result.inferences > ${n} && !s.busy && s.ui.pending[2] === 0`, 120000);
  assert.equal(s.result.image, 1);
  assert.equal(s.result.generation, gen0 + 1);
  assert.equal(s.result.true_label, 4);
  assert.equal(s.result.pending, false);
  assert.notDeepEqual(s.attention_row, row0);
  assert.deepEqual(errors, []);
  await context.close();
});

// Your own inputs (#6): an image by file picker, drag and drop and paste; a drawing pad that is
// classified live; your own model by file and by ?model=<path>; bad files rejected with a message
// while the app keeps what it showed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, center, launch, openApp, serve, sharedApp, state, urlWhen, waitState } from './browser.mjs';

const PNG = path.join(ROOT, 'tests/native/data/rgb_241x300.png');
const GRAY = path.join(ROOT, 'tests/native/data/gray_50x80.png');
const MNIST = path.join(ROOT, 'models/mnist-vit/model.onnx');

const app = sharedApp('s => s.result && !s.busy && s.ui.open_button[2] > 0');
let browser, srv, page, context;
before(async () => {
  ({ browser, srv, page, context } = await app.open());
});

const click = (r) => app.click(r);

// Hands the page a file the way a drop or a paste does (a DataTransfer with one File).
async function giveFile(kind, file, name, type) {
  const bytes = [...fs.readFileSync(file)];
  await page.evaluate(([kind, bytes, name, type]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], name, { type }));
    const ev = kind === 'drop' ? new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })
      : new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    window.dispatchEvent(ev);
  }, [kind, bytes, name, type]);
}

const uploads = (s) => s.model.samples.filter((x) => x.uploaded).length;

test('an image by file picker, drag and drop, and paste is classified', async () => {
  let s = await state(page);
  const n0 = s.model.samples.length, inf0 = s.result.inferences;
  const c = center(s.ui.open_button);
  await page.mouse.move(c.x, c.y);  // a person points at the button before clicking it: that arms it
  for (let i = 0; i < 50 && !(await page.evaluate(() => window.Module?.vitvisSeam?.fileButton?.w > 0)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  // Playwright intercepts file choosers only once its listener is set up (an async round trip).
  const chooserPromise = page.waitForEvent('filechooser');
  await new Promise((r) => setTimeout(r, 300));
  await page.mouse.click(c.x, c.y);
  const chooser = await chooserPromise;
  await chooser.setFiles(PNG);
  s = await waitState(page, `s => s.model.samples.length === ${n0 + 1} && s.selection.image === ${n0} && s.result.inferences > ${inf0} && !s.busy`);
  assert.equal(s.model.samples[n0].file, 'rgb_241x300.png');
  assert.ok(s.model.samples[n0].uploaded);
  const noImage = (u) => !/image=/.test(u);
  assert.ok(noImage(await urlWhen(page, noImage)), 'an uploaded image is not written into the link');
  await giveFile('drop', GRAY, 'dropped.png', 'image/png');
  s = await waitState(page, `s => s.model.samples.length === ${n0 + 2} && s.selection.image === ${n0 + 1} && !s.busy`);
  await giveFile('paste', PNG, 'image.png', 'image/png');
  s = await waitState(page, `s => s.model.samples.length === ${n0 + 3} && s.selection.image === ${n0 + 2} && !s.busy`);
  assert.equal(uploads(s), 3);
});

test('a corrupt image gets a message and the previous image stays', async () => {
  let s = await state(page);
  const before = { image: s.selection.image, inferences: s.result.inferences, n: s.model.samples.length };
  await giveFile('drop', path.join(ROOT, 'tests/native/data/bad/truncated.png'), 'broken.png', 'image/png');
  s = await waitState(page, 's => s.status.error && /broken.png/.test(s.status.text)');
  assert.match(s.status.text, /not an image the app can read/);
  assert.deepEqual({ image: s.selection.image, inferences: s.result.inferences, n: s.model.samples.length }, before);
});

test('(d) says what the bars cannot: an almost blank drawing still gets a class; the other classes share the rest', async () => {
  const ctx = await openApp(browser, srv.url);
  const p = ctx.page;
  let s = await waitState(p, 's => s.result && !s.busy && s.ui.top_rows.length > 0 && s.ui.mode_draw[2] > 0');
  const top = s.result.top;
  if (top[0].probability >= 0.5 && top[1].probability < 0.05) assert.ok(s.ui.rest_line[2] > 0, 'the line on the shared rest');
  else assert.equal(s.ui.rest_line[2], 0);
  assert.equal(s.ui.blank_warning[2], 0, 'a sample is not blank');
  const inf = s.result.inferences;
  await p.mouse.click(...Object.values(center(s.ui.mode_draw)));
  s = await waitState(p, `s => s.drawing.active && s.selection.image === -1 && !s.busy && s.result.inferences > ${inf} && s.result.image === -1`);
  s = await waitState(p, 's => s.ui.blank_warning[2] > 0');
  assert.equal(s.drawing.ink_pixels, 0, 'nothing drawn yet');
  assert.equal(s.ui.rest_line[2], 0, 'no second line under the warning');
  const d = s.ui.modules[3];
  assert.ok(s.ui.blank_warning[0] >= d[0] && s.ui.blank_warning[0] + s.ui.blank_warning[2] <= d[0] + d[2] + 1, 'inside (d)');
  await p.screenshot({ path: path.join(ARTIFACTS, 'blank-drawing-warning.png') });
  assert.deepEqual(ctx.errors, []);
  await ctx.context.close();
});

test('the drawing pad classifies what is drawn, live; clear empties it', async () => {
  let s = await state(page);
  await click(s.ui.mode_draw);
  s = await waitState(page, 's => s.drawing.active && s.ui.pad[2] > 0 && !s.busy');
  const inf0 = s.result.inferences;
  const [x, y, w, h] = s.ui.pad;
  await page.mouse.move(x + w * 0.5, y + h * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(x + w * 0.5, y + h * (0.15 + 0.06 * i));
  s = await state(page);
  await page.mouse.up();
  s = await waitState(page, `s => s.drawing.ink_pixels > 50 && !s.drawing.dirty && !s.busy && s.result.inferences > ${inf0}`);
  assert.equal(s.selection.image, -1, 'the drawing is the input now');
  assert.ok(s.result.top.length > 0 && s.result.top[0].probability > 0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'drawing-pad.png') });
  await click(s.ui.pad_clear);
  s = await waitState(page, 's => s.drawing.ink_pixels === 0');
  await click(s.ui.mode_samples);
  await waitState(page, 's => !s.drawing.active && s.ui.thumbs.length > 0');
});

test('your own model by file is listed and loaded; a wrong file is refused', async () => {
  let s = await state(page);
  const uploaded = uploads(s);
  await giveFile('drop', MNIST, 'my-digits-vit.onnx', 'application/octet-stream');
  s = await waitState(page, 's => s.model && s.model.id.startsWith("userfile:") && !s.loading && s.result && !s.busy', 90000);
  assert.ok(s.models.includes(s.model.id), 'listed with the bundled models');
  assert.ok(s.models.includes('fashion-vit'));
  assert.equal(uploads(s), uploaded, 'the uploaded images come along to the new model');
  const noModel = (u) => !/model=/.test(u);
  assert.ok(noModel(await urlWhen(page, noModel)), 'a model from disk is not written into the link');
  const count = s.models.length, id = s.model.id;
  await giveFile('drop', GRAY, 'not-a-model.onnx', 'application/octet-stream');
  s = await waitState(page, 's => s.status.error && /not-a-model.onnx/.test(s.status.text) && !s.loading');
  assert.equal(s.model.id, id, 'the loaded model stays');
  assert.equal(s.models.length, count, 'the refused file is not listed');
  assert.match(s.status.text, /Still showing/);
});

test('?model=<path> loads a model from the same site; a foreign URL is refused with a notice', async () => {
  const ctx = await openApp(browser, `${srv.url}?model=models/mnist-vit/model.onnx`);
  let s = await waitState(ctx.page, 's => s.model && s.result && !s.busy');
  assert.equal(s.model.id, 'models/mnist-vit/model.onnx');
  assert.equal(s.model.classes, 10);
  await ctx.context.close();
  const ctx2 = await openApp(browser, `${srv.url}?model=${encodeURIComponent('https://example.org/vit.onnx')}`);
  s = await waitState(ctx2.page, 's => s.model && s.result && s.status.error');
  assert.equal(s.model.id, s.models[0], 'the default model instead');
  assert.match(s.status.text, /only from its own site/);
  assert.deepEqual(ctx2.errors.filter((e) => /example\.org/.test(e)), [], 'no request went out');
  await ctx2.context.close();
});

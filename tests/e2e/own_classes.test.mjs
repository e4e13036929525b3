// Your own classes (#20): draw three kinds of shapes a few times each, add each drawing as an example,
// train a head on the frozen model's class-token features; new drawings are classified as their kind.
// Save the head, reload the page, drop the file: the same drawing gets the same probabilities.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, center, sharedApp, state, waitState } from './browser.mjs';

const app = sharedApp('s => s.result && !s.busy && s.ui.mode_draw[2] > 0', { url: '?lang=en' });
let page;
before(async () => { ({ page } = await app.open()); });

// A stroke on the pad through points given in [0, 1] pad coordinates, jittered by j. The pad draws a
// segment per frame, from the pointer's last position: `exact` gives every move a frame of its own, so
// the same stroke makes the same ink however busy the machine is (else moves arriving within one
// frame merge into one longer segment).
async function stroke(pad, pts, j = 0, exact = false) {
  const [x, y, w, h] = pad;
  const at = ([u, v]) => [x + (u + j) * w, y + (v - j) * h];
  await page.mouse.move(...at(pts[0]));
  await page.mouse.down();
  for (const p of pts.slice(1)) {
    if (!exact) { await page.mouse.move(...at(p), { steps: 4 }); continue; }
    await page.mouse.move(...at(p));
    await page.waitForTimeout(120);
  }
  await page.mouse.up();
}
const ring = (cx, cy, r) => Array.from({ length: 17 }, (_, i) => [cx + r * Math.cos(i * Math.PI / 8), cy + r * Math.sin(i * Math.PI / 8)]);
const SHAPES = {
  bar: (j) => [[[0.15, 0.5 + j], [0.85, 0.5 + j]]],
  pole: (j) => [[[0.5 + j, 0.12], [0.5 + j, 0.88]]],
  ring: (j) => [ring(0.5 + j, 0.5, 0.28)],
};

// Clears the pad, draws shape `name` with jitter j and waits for its result.
async function draw(name, j, exact = false) {
  let s = await state(page);
  await app.click(s.ui.pad_clear);
  s = await waitState(page, 's => s.drawing.ink_pixels === 0 && !s.busy && !s.drawing.dirty');
  for (const pts of SHAPES[name](j)) await stroke(s.ui.pad, pts, 0, exact);
  return waitState(page, `s => s.drawing.ink_pixels > 0 && !s.drawing.dirty && !s.busy && s.result.generation > ${s.result.generation}`);
}

test('three drawn shapes taught as classes are told apart in new drawings; the head survives a reload', async () => {
  let s = await state(page);
  await app.click(s.ui.mode_draw);
  s = await waitState(page, 's => s.drawing.active && s.ui.pad[2] > 0 && !s.busy');
  await app.click(s.ui.own_button);
  s = await waitState(page, 's => s.ui.own_window[2] > 0 && s.ui.own_add.length === 3');
  // Name the classes.
  const names = ['bar', 'pole', 'ring'];
  for (let k = 0; k < 3; k++) {
    await app.click(s.ui.own_names[k]);
    await page.keyboard.type(names[k]);
  }
  await page.keyboard.press('Enter');
  // Five drawings of each (the 5th is held out), added to their class.
  const jitter = [-0.06, -0.03, 0, 0.03, 0.06];
  for (const j of jitter)
    for (let k = 0; k < 3; k++) {
      await draw(names[k], j);
      s = await state(page);
      const n = s.own.examples.length;
      await app.click(s.ui.own_add[k]);
      s = await waitState(page, `s => s.own.examples.length === ${n + 1}`);
    }
  assert.deepEqual(s.own.examples.filter((l) => l === 1).length, 5);
  await app.click(s.ui.own_train);
  s = await waitState(page, 's => s.own.active && s.own.trained === 3 && s.result && s.result.top.length === 3 && !s.busy');
  assert.equal(s.own.held, 3, 'every 5th example of each class is held out');
  assert.ok(s.own.train_loss < 0.5, `training loss ${s.own.train_loss}`);
  assert.ok(s.own.train_ms < 1000, `training took ${s.own.train_ms} ms`);
  assert.deepEqual(s.own.custom_head, true);
  await page.screenshot({ path: path.join(ARTIFACTS, 'own-classes-1366x768.png') });
  // New drawings, between the jitters used for training: each is its own kind.
  const seen = {};
  for (const [k, name] of names.entries()) {
    s = await draw(name, 0.045, name === 'ring');
    assert.equal(s.result.top[0].label, name, `a new ${name} is classified as ${s.result.top[0].label}`);
    seen[name] = s.result.probabilities;
  }
  // Save the head; reload the page; drop the file: the same drawing gets the same probabilities.
  s = await state(page);
  const [dl] = await Promise.all([page.waitForEvent('download'), app.click(s.ui.own_save)]);
  const fs = await import('node:fs');
  const file = await dl.path();
  const bytes = [...fs.readFileSync(file)];
  assert.match(dl.suggestedFilename(), /\.json$/);
  await page.reload();
  await page.waitForFunction(() => window.vitvis && window.vitvis.ready, null, { timeout: 60000 });
  s = await waitState(page, 's => s.result && !s.busy && s.ui.mode_draw[2] > 0 && !s.own.active');
  await page.evaluate((b) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(b)], 'vitvis-head.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  s = await waitState(page, 's => s.own.active && s.result.top.length === 3 && !s.busy');
  assert.deepEqual(s.result.top.map((c) => c.label).sort(), [...names].sort());
  await app.click(s.ui.mode_draw);
  s = await waitState(page, 's => s.drawing.active && s.ui.pad[2] > 0 && !s.busy');
  s = await draw('ring', 0.045, true);
  const diff = s.result.probabilities.reduce((m, v, i) => Math.max(m, Math.abs(v - seen.ring[i])), 0);
  assert.ok(diff < 1e-5, `after the reload: ${s.result.probabilities} vs ${seen.ring}`);
  // Back to the model's head: ten classes again.
  await app.click(s.ui.own_button);
  s = await waitState(page, 's => s.ui.own_use[2] > 0');
  await app.click(s.ui.own_use);
  s = await waitState(page, 's => !s.own.active && s.result.top.length === 10 && !s.busy');
});

test('a head file for another model, or a broken one, is refused with a message and nothing changes', async () => {
  let s = await state(page);
  const drop = (text) => page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], 'head.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  const other = JSON.stringify({ vitvis_head: 1, model: { name: 'Some other ViT', dim: 64, fingerprint: 1 }, classes: ['a', 'b'],
    weight: Array(128).fill(0), bias: [0, 0] });
  await drop(other);
  s = await waitState(page, 's => s.status.error && /trained for the model Some other ViT/.test(s.status.text)');
  assert.equal(s.own.active, false);
  assert.equal(s.result.top.length, 10);
  await drop('{"vitvis_head": 1, "model": ');
  s = await waitState(page, 's => s.status.error && /Not a head file/.test(s.status.text)');
  assert.equal(s.own.active, false);
});

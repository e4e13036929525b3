// "Attention up close" (#9): select a token, walk all seven steps of its attention row with the real
// q, k, v, W_O numbers, check the recomputation against the exported outputs, then follow the head
// through depth. A screenshot of every step; none may be blank.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, serve, sharedApp, state, waitStable, waitState } from './browser.mjs';
import { decodePng, regionStats } from './png.mjs';

const app = sharedApp('s => s.result && !s.busy && s.ui.layer_buttons.length > 0 && s.ui.steps_button[2] > 0');
let browser, srv, page, context;
before(async () => {
  ({ browser, srv, page, context } = await app.open());
});

const click = (r) => app.click(r);

async function shot(name, rect) {
  const file = path.join(ARTIFACTS, name);
  const png = await page.screenshot({ path: file });
  const st = regionStats(decodePng(png), rect.map((v) => Math.round(v)));
  assert.ok(st.colours > 20 && st.std > 5, `${name}: the step-through window looks blank (${st.colours} colours)`);
}

test('walk every step of one attention row; the numbers match the exported outputs', async () => {
  let s = await state(page);
  const { layers: L, heads: H } = s.model;
  // choose layer 2, head 2 and a patch token by hovering row 9 of the matrix, then open the view
  await click(s.ui.layer_buttons[1]);
  await click(s.ui.head_buttons[2]);  // [mean, 1, 2, ...] -> head index 1
  s = await waitState(page, 's => s.selection.layer === 1 && s.selection.head === 1');
  const [x, y, w] = s.ui.attention;
  const cell = w / s.model.tokens, q = 9;
  await page.mouse.move(x + 3.5 * cell, y + (q + 0.5) * cell);
  s = await waitState(page, `s => s.selection.token === ${q}`);
  await click(s.ui.steps_button);
  s = await waitState(page, 's => s.steps.open && s.steps.ok && s.steps.step_pills.length === 7');
  assert.equal(s.selection.pinned, true, 'opening the view pins the token');
  assert.deepEqual([s.steps.layer, s.steps.head, s.steps.query], [1, 1, q]);
  assert.equal(s.steps.tokens, s.model.tokens);
  assert.equal(s.steps.head_dim, s.model.dim / H);
  assert.ok(Math.abs(s.steps.weights_sum - 1) < 1e-5, `softmax row sums to ${s.steps.weights_sum}`);
  assert.ok(s.steps.max_diff_row <= 1e-5, `recomputed row vs exported attention: ${s.steps.max_diff_row}`);
  assert.ok(s.steps.has_projection, 'bundled models export wo/bo/o');
  assert.ok(s.steps.max_diff_projected <= 1e-4, `projection vs exported o: ${s.steps.max_diff_projected}`);
  // (b) stays visible beside the view
  const win = s.steps.window, att = s.ui.attention;
  assert.ok(win[0] + win[2] <= att[0], 'the view leaves the attention matrix in sight');
  for (let i = 0; i < 7; i++) {
    if (i > 0) await click(s.steps.next);
    s = await waitState(page, `s => s.steps.step === ${i}`);
    await new Promise((r) => setTimeout(r, 450));  // let the slide-in finish
    await shot(`steps-${i + 1}.png`, s.steps.window);
    // A short step keeps the image in sight under it (the query's patch; from step 4 the row over it).
    if (i === 0 || i === 5) {
      const pic = s.steps.picture, win = s.steps.window;
      assert.ok(pic[2] >= 96 && pic[1] + pic[3] <= win[1] + win[3], `step ${i + 1}: the image ${pic} under it, inside ${win}`);
    }
  }
  // back with the pills; on the softmax step hovering a key row marks its cell in (b)
  await click(s.steps.step_pills[3]);
  s = await waitState(page, 's => s.steps.step === 3');
  await new Promise((r) => setTimeout(r, 450));
  const wnd = s.steps.window;
  let marked = -1;
  for (let dy = 160; dy < wnd[3] - 20 && marked < 0; dy += 12) {
    await page.mouse.move(wnd[0] + 40, wnd[1] + dy);
    const st = await state(page);
    marked = st.steps.hover_key;
  }
  assert.ok(marked >= 0, 'hovering a key row marks a cell in (b)');
  assert.equal(s.selection.token, q, 'the query stays pinned while the mouse moves');
  // a different layer recomputes (the view follows the selection)
  s = await state(page);
  await click(s.ui.layer_buttons[L - 1]);
  s = await waitState(page, `s => s.steps.layer === ${L - 1} && s.steps.max_diff_row <= 1e-5`);
});

test('one head through depth: a map per layer with entropy, class-token weight and distance', async () => {
  let s = await state(page);
  // the second tab sits right of the first, in the window's tab bar
  const wnd = s.steps.window;
  for (let dx = 200; dx < 420 && !(s.steps.tab === 1); dx += 20) {
    await page.mouse.click(wnd[0] + dx, wnd[1] + 40);
    s = await state(page);
  }
  s = await waitState(page, `s => s.steps.tab === 1 && s.steps.depth.length === ${s.model.layers} && s.steps.depth_maps.length === ${s.model.layers}`);
  for (const d of s.steps.depth) {
    assert.ok(d.entropy >= 0 && d.entropy <= Math.log2(s.model.tokens) + 1e-4, `entropy ${d.entropy}`);
    assert.ok(d.cls >= 0 && d.cls <= 1, `cls ${d.cls}`);
    assert.ok(d.distance_px >= 0, 'a patch query has a distance');
  }
  // Each layer in its own colours by default (a late layer's small weights looked empty on one range);
  // "same colours for every layer" shares the largest.
  assert.equal(s.steps.depth_shared, false);
  const own = s.steps.depth_highs, top = Math.max(...own);
  assert.ok(own.some((h) => h < top), `the layers' own ranges differ: ${own}`);
  await new Promise((r) => setTimeout(r, 300));
  await shot('steps-depth.png', s.steps.window);
  // Each layer's row also over the image, one picture a layer, below the maps.
  assert.equal(s.steps.depth_pictures.length, s.model.layers);
  s.steps.depth_pictures.forEach((r, l) => assert.ok(r[2] > 40 && r[1] >= s.steps.depth_maps[l][1] + s.steps.depth_maps[l][3],
    `layer ${l + 1}: its picture ${r} under its map`));
  await click(s.ui.depth_shared);
  s = await waitState(page, 's => s.steps.depth_shared');
  assert.ok(s.steps.depth_highs.every((h) => Math.abs(h - top) < 1e-6), `one shared range: ${s.steps.depth_highs}`);
  s = await waitStable(page, 's => s.ui.depth_shared');  // (the lines under the maps went: it moved up)
  await click(s.ui.depth_shared);
  s = await waitState(page, 's => !s.steps.depth_shared');
  // clicking a layer map opens that layer in (b)
  await click(s.steps.depth_maps[0]);
  s = await waitState(page, 's => s.selection.layer === 0');
});

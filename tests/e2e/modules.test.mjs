// The four linked modules driven like a student would: every click/hover moves the one selection,
// and the other modules follow. Screenshot regions of each module must not be blank.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, serve, sharedApp, state, waitState } from './browser.mjs';
import { decodePng, regionStats } from './png.mjs';

const app = sharedApp('s => s.result && !s.busy && s.ui.channel_tiles.length > 0 && s.ui.layer_buttons.length > 0');
let browser, srv, page, context;
before(async () => {
  ({ browser, srv, page, context } = await app.open());
});

const click = (r) => app.click(r);

test('(b) layer and head buttons, head thumbnails and the mean of heads', async () => {
  let s = await state(page);
  const L = s.model.layers, H = s.model.heads;
  assert.equal(s.ui.layer_buttons.length, L);
  assert.equal(s.ui.head_buttons.length, H + 1, 'one button per head plus the mean');
  await click(s.ui.layer_buttons[L - 1]);
  s = await waitState(page, `s => s.selection.layer === ${L - 1}`);
  await click(s.ui.head_buttons[0]);
  s = await waitState(page, 's => s.selection.head === -1');
  await click(s.ui.head_thumbs[H - 1]);
  s = await waitState(page, `s => s.selection.head === ${H - 1}`);
  assert.equal(s.ui.head_thumbs.length, H);
});

test('(b) hovering the matrix selects the query token; the overlay and (c) follow', async () => {
  let s = await state(page);
  const [x, y, w] = s.ui.attention, n = s.model.tokens, cell = w / n;
  const q = s.model.prefix_tokens + 7;
  await page.mouse.move(x + 2.5 * cell, y + (q + 0.5) * cell);
  s = await waitState(page, `s => s.selection.token === ${q}`);
  // CLS row too.
  await page.mouse.move(x + 2.5 * cell, y + 0.5 * cell);
  s = await waitState(page, 's => s.selection.token === 0');
});

test('(c) clicking a layer opens its attention in (b); a tile follows a channel through all layers', async () => {
  let s = await state(page);
  assert.equal(s.ui.hidden_buttons.length, s.model.layers + 1, 'embedding + one per layer');
  await click(s.ui.hidden_buttons[2]);
  s = await waitState(page, 's => s.selection.hidden === 2 && s.selection.layer === 1');
  await click(s.ui.hidden_buttons[0]);
  s = await waitState(page, 's => s.selection.hidden === 0');
  assert.equal(s.selection.layer, 1, 'the embedding has no attention: (b) keeps its layer');
  assert.equal(s.ui.channel_order.length, s.model.dim, 'all D channels are reachable');
  const i = 3;
  await click(s.ui.channel_tiles[i - s.ui.first_tile]);
  s = await waitState(page, `s => s.selection.channel === ${s.ui.channel_order[i]}`);
  s = await waitState(page, `s => s.ui.compare_maps.length === ${s.model.layers + 1}`);
});

test('(d) hovering a class highlights it, a click pins it; fold and unfold', async () => {
  let s = await waitState(page, 's => s.ui.unfolded && s.ui.top_rows.length > 0');
  assert.equal(s.ui.top_rows.length, Math.min(10, s.model.classes));
  const second = s.result.top[1].index;
  await page.mouse.move(s.ui.top_rows[1][0] + 8, s.ui.top_rows[1][1] + s.ui.top_rows[1][3] / 2);
  s = await waitState(page, `s => s.selection.cls === ${second}`);
  await page.mouse.click(s.ui.top_rows[1][0] + 8, s.ui.top_rows[1][1] + s.ui.top_rows[1][3] / 2);
  await page.mouse.move(5, 5);
  s = await waitState(page, `s => s.selection.cls === ${second}`);  // pinned: stays without hover
  await click(s.ui.fold_button);
  s = await waitState(page, 's => !s.ui.unfolded && s.ui.strip[2] === 0');
  assert.equal(s.ui.top_rows.length, Math.min(10, s.model.classes), 'the folded view still lists the top classes');
  await click(s.ui.fold_button);
  s = await waitState(page, 's => s.ui.unfolded && s.ui.strip[3] > 0');
});

test('every module draws real content (screenshot regions)', async () => {
  let s = await state(page);
  const [x, y, w, h] = s.ui.image;
  await page.mouse.click(x + w * 0.5, y + h * 0.5);  // pin a central patch
  s = await waitState(page, 's => s.selection.pinned');
  await page.mouse.move(2, 2);
  await page.waitForTimeout(300);
  s = await state(page);
  const buf = await page.screenshot({ path: path.join(ARTIFACTS, 'modules-1366x768.png') });
  const img = decodePng(buf);
  const regions = { image: s.ui.image, attention: s.ui.attention, tile: s.ui.channel_tiles[0], strip: s.ui.strip,
                    pixels: s.ui.pixel_strip, embedding: s.ui.embedding_strip };
  for (const [name, r] of Object.entries(regions)) {
    assert.ok(r && r[2] > 0, `${name} has no rectangle`);
    const st = regionStats(img, r);
    assert.ok(st.colours > 3 && st.std > 2, `${name} looks blank: ${JSON.stringify(st)}`);
  }
  await page.keyboard.press('Escape');
  s = await waitState(page, 's => !s.selection.pinned');
});

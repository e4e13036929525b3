// Fingers on a phone (#33): a scroll never acts (it starts on the image or the class list and selects
// nothing, leaves no tooltip); a tap on a value opens the value panel with the model's number, away from
// what was tapped; the panel closes with its button.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { center, launch, openApp, overlap, serve, sharedApp, state, waitStable, waitState } from './browser.mjs';

const app = sharedApp('s => s.result && !s.busy && s.ui.image[2] > 0', { width: 390, height: 844, touch: true });
let page, cdp;
const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', {
  type, touchPoints: points.map(([x, y], id) => ({ x, y, id })),
});
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
// A finger lands at (x, y) and moves `dy` px (up when negative) over ~300 ms, then lifts.
async function scroll(x, y, dy) {
  await touch('touchStart', [[x, y]]);
  for (let i = 1; i <= 10; i++) { await touch('touchMove', [[x, y + (dy * i) / 10]]); await pause(30); }
  await touch('touchEnd', []);
}
const tap = (r) => page.touchscreen.tap(center(r).x, center(r).y);
const sel = (s) => JSON.stringify([s.selection.token, s.selection.pinned, s.selection.cls, s.selection.pinned_cls,
  s.selection.layer, s.selection.head, s.ui.phone_module]);

test('the top three classes stay above the tabs on every tab, with the model\'s numbers; a tap opens (d)', async () => {
  ({ page } = await app.open());
  cdp = await app.context.newCDPSession(page);
  let s = await state(page);
  for (const tab of [1, 2, 0]) {
    await tap(s.ui.module_tabs[tab]);
    s = await waitState(page, `s => s.ui.phone_module === ${[0, 2, 1, 3][tab]} && s.ui.phone_top_texts.length === 3`);
    assert.ok(s.ui.phone_top[1] + s.ui.phone_top[3] <= s.ui.module_tabs[0][1] + 0.5, 'above the tabs');
    s.ui.phone_top_texts.forEach((t, i) => {
      assert.equal(t.number, `${(s.result.top[i].probability * 100).toFixed(1)} %`);
      assert.ok(t.label === s.result.top[i].name || t.label.endsWith('…'), t.label);
    });
  }
  assert.equal(s.ui.phone_module, 0);
  await page.touchscreen.tap(s.ui.phone_top[0] + s.ui.phone_top[2] * 0.5, s.ui.phone_top[1] + s.ui.phone_top[3] * 0.5);
  s = await waitState(page, 's => s.ui.phone_module === 3');
  await tap(s.ui.module_tabs[0]);
  await waitState(page, 's => s.ui.phone_module === 0');
});

test('a scroll that starts on the image scrolls and selects no patch', async () => {
  let s = await state(page);
  assert.equal(s.ui.phone_module, 0);
  const before = sel(s), pans = s.ui.touch_pans, c = center(s.ui.image);
  await scroll(c.x, c.y, -220);
  s = await waitState(page, `s => s.ui.touch_pans > ${pans}`);
  s = await waitStable(page, 's => [s.ui.image, s.ui.touch_pans, s.selection]');  // the fling has settled
  assert.equal(sel(s), before, 'the scroll selected something');
  assert.equal(s.ui.tooltip, false, 'a tooltip stayed behind');
  assert.equal(s.ui.value_open, false, 'a value panel opened');
});

test('a scroll that starts on the class list picks no class', async () => {
  let s = await state(page);
  await tap(s.ui.module_tabs[3]);
  s = await waitState(page, 's => s.ui.phone_module === 3 && s.ui.top_rows.length > 0');
  s = await waitStable(page, 's => s.ui.top_rows');
  const before = sel(s), pans = s.ui.touch_pans;
  const row = s.ui.top_rows[Math.min(4, s.ui.top_rows.length - 1)], c = center(row);
  await scroll(c.x, c.y, -200);
  s = await waitState(page, `s => s.ui.touch_pans > ${pans}`);
  s = await waitStable(page, 's => [s.ui.top_rows, s.ui.touch_pans, s.selection]');  // the fling has settled
  assert.equal(sel(s), before, 'the scroll picked a class');
  assert.equal(s.ui.tooltip, false);
  assert.equal(s.ui.value_open, false);
});

test('a tap on a class opens the value panel with its probability, away from the class', async () => {
  let s = await state(page);
  await scroll(center(s.ui.modules[3]).x, s.ui.modules[3][1] + 60, 400);  // back to the top of (d)
  s = await waitStable(page, 's => s.ui.top_rows');  // the fling came to rest
  const i = 1, row = s.ui.top_rows[i], top = s.result.top[i];
  await tap(row);
  s = await waitState(page, 's => s.ui.value_open && s.ui.value_text.length > 0 && s.ui.value_panel[2] > 0');
  assert.ok(s.ui.value_text.includes(top.probability.toFixed(6)),
    `the panel says ${JSON.stringify(s.ui.value_text)}, the model ${top.probability}`);
  assert.ok(!overlap(s.ui.value_panel, s.ui.top_rows[i]), 'the panel covers the tapped class');
  assert.equal(s.ui.tooltip, false);
  await tap(s.ui.value_close);
  s = await waitState(page, 's => !s.ui.value_open && s.ui.value_panel[2] === 0');
});

test('a tap beside the thin class-token strip reads one of its values', async () => {
  let s = await state(page);
  const [x, y, , h] = s.ui.strip;
  await page.touchscreen.tap(x - 6, y + h * 0.3);  // 6 px left of a 16 px strip: a finger's miss
  s = await waitState(page, 's => s.ui.value_open');
  assert.match(s.ui.value_text, /^Number \d+ of the class token's \d+ \(counted from 0\): -?\d/);
});

test('a tap on the value panel\'s Close closes it and nothing under it', async () => {
  let s = await state(page);
  await tap(s.ui.module_tabs[0]);
  s = await waitState(page, 's => s.ui.phone_module === 0 && s.ui.image[2] > 0');
  const [x, y, w, h] = s.ui.image;
  await page.touchscreen.tap(x + w * 0.5, y + h * 0.8);  // the lower half: the panel goes to the top
  s = await waitState(page, 's => s.ui.value_open && s.ui.value_close[2] > 0');
  s = await waitStable(page, 's => s.ui.value_close');
  const before = sel(s);
  await tap(s.ui.value_close);
  s = await waitState(page, 's => !s.ui.value_open');
  s = await waitStable(page, 's => [s.selection, s.ui.phone_module]');
  assert.equal(sel(s), before, 'the tap went through to what lies under Close');
  assert.equal(s.ui.value_open, false);
});

test('a pinch on a tablet keeps its layout: never a phone\'s tabs', async () => {
  const browser = await launch(), srv = await serve();
  try {
    const { page: p, context } = await openApp(browser, srv.url, { width: 768, height: 1024, touch: true });
    let s = await waitState(p, 's => s.result && !s.busy');
    const layout = s.ui.layout, c2 = await context.newCDPSession(p);
    const c = center(s.ui.modules[0]);
    const t = (type, pts) => c2.send('Input.dispatchTouchEvent', { type, touchPoints: pts.map(([x, y], id) => ({ x, y, id })) });
    await t('touchStart', [[c.x - 30, c.y], [c.x + 30, c.y]]);
    for (let i = 1; i <= 8; i++) { await t('touchMove', [[c.x - 30 - 10 * i, c.y], [c.x + 30 + 10 * i, c.y]]); await pause(30); }
    s = await waitState(p, 's => s.ui.pinch_preview > 0');
    await t('touchEnd', []);
    s = await waitState(p, 's => s.ui.pinch_preview === 0');
    s = await waitStable(p, 's => [s.ui.layout, s.ui.scale, s.ui.modules]');
    assert.equal(s.ui.layout, layout, `the layout changed at scale ${s.ui.scale}`);
    await context.close();
  } finally {
    await browser.close();
    srv.stop();
  }
});

test('a tap on the attention matrix reads the strongest weight under the finger', async () => {
  let s = await state(page);
  await tap(s.ui.module_tabs[2]);
  s = await waitState(page, 's => s.ui.phone_module === 1 && s.ui.attention[2] > 0');
  s = await waitStable(page, 's => s.ui.attention');
  const [x, y, w] = s.ui.attention, n = s.model.tokens, cell = w / n;
  assert.ok(y + w * 0.4 < s.ui.modules[1][1] + s.ui.modules[1][3], 'the matrix is in view in (b)');
  const col = Math.floor(n * 0.55), row = Math.floor(n * 0.4);
  await page.touchscreen.tap(x + (col + 0.5) * cell, y + (row + 0.5) * cell);
  s = await waitState(page, 's => s.ui.value_open && /column \\(\\d+\\)/.test(s.ui.value_text) && s.attention_row.length > 0');
  const m = s.ui.value_text.match(/with weight ([\d.]+)\nThe row \((\d+)\) .* the column \((\d+)\)/);
  assert.ok(m, s.ui.value_text);
  const [weight, r, k] = [+m[1], +m[2], +m[3]];
  assert.equal(r, s.selection.token, 'the row tapped is the token selected');
  const reach = Math.floor(8 / cell), near = s.attention_row.slice(Math.max(0, col - reach), col + reach + 1);
  assert.ok(Math.abs(k - col) <= reach, `column ${k} is under the finger at ${col}`);
  assert.equal(weight.toFixed(6), s.attention_row[k].toFixed(6), 'the panel says the model\'s weight');
  assert.ok(s.attention_row[k] >= Math.max(...near) - 1e-6, 'the strongest within the finger');
  // The finger has gone; the cell it read stays marked while the panel says its value.
  s = await waitState(page, 's => s.ui.hover_cell[2] > 0');
  const markX = s.ui.hover_cell[0] + s.ui.hover_cell[2] / 2, markY = s.ui.hover_cell[1] + s.ui.hover_cell[3] / 2;
  assert.equal(Math.floor((markX - x) / cell), k, 'the marked column is the one read');
  assert.equal(Math.floor((markY - y) / cell), r, 'the marked row is the one read');
});

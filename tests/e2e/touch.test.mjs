// Touch (#6, #33, a tablet in class): a tap selects a patch, a finger drag scrolls without clicking what
// is under it (maps, thumbnails), windows stay put under a content drag, and a two-finger pinch scales the
// UI to a round step when the fingers lift.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { center, launch, openApp, serve, sharedApp, state, waitStable, waitState } from './browser.mjs';

const app = sharedApp('s => s.result && !s.busy && s.ui.channel_tiles.length > 0', { touch: true });
let browser, srv, page, context, cdp;
before(async () => {
  ({ browser, srv, page, context } = await app.open());
  cdp = await context.newCDPSession(page);
});

const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', {
  type, touchPoints: points.map(([x, y], id) => ({ x, y, id })),
});
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

test('a tap on a patch selects and pins it', async () => {
  let s = await state(page);
  const [x, y, w] = s.ui.image, cell = w / s.model.grid;
  await page.touchscreen.tap(x + 2.5 * cell, y + 1.5 * cell);
  s = await waitState(page, 's => s.selection.pinned');
  assert.equal(s.selection.token, s.model.prefix_tokens + 1 * s.model.grid + 2);
});

test('dragging a finger over the channel maps scrolls them and selects nothing', async () => {
  let s = await state(page);
  const first = s.ui.first_tile, channel = s.selection.channel;
  // The lowest tile wholly inside (c) (the last one may be cut by the panel's edge).
  const bottom = s.ui.modules[2][1] + s.ui.modules[2][3] - 12;
  const c = center(s.ui.channel_tiles.filter((t) => t[1] + t[3] <= bottom).pop());
  await touch('touchStart', [[c.x, c.y]]);
  for (let i = 1; i <= 15; i++) { await touch('touchMove', [[c.x, c.y - 20 * i]]); await pause(30); }
  await touch('touchEnd', []);
  s = await waitState(page, `s => s.ui.first_tile > ${first} && s.ui.touch_pans > 0`);
  assert.equal(s.selection.channel, channel, 'the tile under the finger was not clicked');
});

test('a scroll that starts on a head thumbnail picks no head and leaves no tooltip', async () => {
  let s = await waitState(page, 's => s.ui.head_thumbs.length > 1');
  const before = JSON.stringify([s.selection.layer, s.selection.head, s.selection.token, s.selection.pinned]);
  const open = s.ui.value_open;  // the earlier tap's value stays until closed or the next tap
  const c = center(s.ui.head_thumbs[1]);
  await touch('touchStart', [[c.x, c.y]]);
  for (let i = 1; i <= 10; i++) { await touch('touchMove', [[c.x, c.y - 12 * i]]); await pause(30); }
  await touch('touchEnd', []);
  s = await waitStable(page, 's => [s.ui.head_thumbs, s.ui.touch_pans, s.selection, s.ui.tooltip]');  // settled
  assert.equal(JSON.stringify([s.selection.layer, s.selection.head, s.selection.token, s.selection.pinned]), before);
  assert.equal(s.ui.tooltip, false, 'a tooltip stayed behind');
  assert.equal(s.ui.value_open, open, 'a scroll opened or closed the value panel');
});

test('a drag on the Analyses window\'s content does not move the window', async () => {
  let s = await state(page);
  if (!(s.ui.insights_button[2] > 0)) {  // the bar folded into ☰ (a touch screen's bigger buttons)
    await page.touchscreen.tap(center(s.ui.menu_button).x, center(s.ui.menu_button).y);
    s = await waitStable(page, 's => s.ui.insights_button[2] > 0 ? s.ui.insights_button : null');
  }
  await page.touchscreen.tap(center(s.ui.insights_button).x, center(s.ui.insights_button).y);
  s = await waitStable(page, 's => s.ui.insights_rect[2] > 0 ? s.ui.insights_rect : null');
  const r = s.ui.insights_rect, x = r[0] + r[2] * 0.5, y = r[1] + r[3] * 0.6;
  await touch('touchStart', [[x, y]]);
  for (let i = 1; i <= 12; i++) { await touch('touchMove', [[x + 5 * i, y - 15 * i]]); await pause(30); }
  await touch('touchEnd', []);
  s = await waitStable(page, 's => [s.ui.insights_rect, s.ui.touch_pans]');  // the drag's frames are drawn
  assert.deepEqual(s.ui.insights_rect.slice(0, 2), r.slice(0, 2), 'the window moved');
  await page.keyboard.press('Escape');
});

test('a two-finger pinch previews a scale and applies a round one when the fingers lift', async () => {
  let s = await state(page);
  const scale = s.ui.scale;
  const c = center(s.ui.attention);
  await touch('touchStart', [[c.x - 40, c.y], [c.x + 40, c.y]]);
  for (let i = 1; i <= 8; i++) { await touch('touchMove', [[c.x - 40 - 4 * i, c.y], [c.x + 40 + 4 * i, c.y]]); await pause(30); }
  s = await waitState(page, 's => s.ui.pinch_preview > 0');
  assert.equal(s.ui.scale, scale, 'the layout does not change while the fingers are down');
  const preview = s.ui.pinch_preview;
  await touch('touchEnd', []);
  s = await waitState(page, `s => s.ui.scale !== ${scale} && s.ui.pinch_preview === 0`);
  assert.equal(s.ui.scale, preview);
  assert.equal(Math.round(s.ui.scale * 4), s.ui.scale * 4, `a round scale (${s.ui.scale})`);
  assert.ok(s.ui.scale > scale && s.ui.scale <= 2);
});

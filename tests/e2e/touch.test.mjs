// Touch (#6, a tablet in class): a tap selects a patch, a finger drag pans a scrolling panel without
// clicking what is under it, and a two-finger pinch scales the UI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { center, launch, openApp, serve, sharedApp, state, waitState } from './browser.mjs';

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

test('a two-finger pinch makes the UI bigger', async () => {
  let s = await state(page);
  const scale = s.ui.scale;
  const c = center(s.ui.attention);
  await touch('touchStart', [[c.x - 20, c.y], [c.x + 20, c.y]]);
  for (let i = 1; i <= 12; i++) { await touch('touchMove', [[c.x - 20 - 8 * i, c.y], [c.x + 20 + 8 * i, c.y]]); await pause(30); }
  await touch('touchEnd', []);
  s = await waitState(page, `s => s.ui.scale > ${scale} + 0.05`);
  assert.ok(s.ui.scale <= 2);
});

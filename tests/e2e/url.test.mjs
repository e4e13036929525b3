// The view lives in the URL: opening a link restores it exactly; the address bar follows the view;
// malformed or stale links fall back to defaults with a notice, never a broken page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, state, waitState, center } from './browser.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.stop(); });

// A link from before links counted from 1 (no v=): image, layer and head from 0, the patch as a token.
const oldQuery = '?model=fashion-vit&image=4&layer=2&head=1&token=20&class=3&hidden=3&channel=5';
// The same view as the app writes it now: sample 5, layer 3, head 2, patch row 3 column 6 (token 20 of a
// 7 x 7 grid after the class token), counted from 1 as on screen.
const query = '?v=2&model=fashion-vit&image=5&layer=3&head=2&patch=3,6&class=3&output=3&channel=5';

test('a link restores the exact view, and the address bar follows changes', async () => {
  const { page, context, errors } = await openApp(browser, srv.url + oldQuery);
  // (and a frame drawn with the result: the thumbnails and head buttons below are where it drew them)
  let s = await waitState(page, 's => s.result && !s.busy && s.selection.image === 4 && s.selection.cls === 3 && s.ui.thumbs.length > 6 && s.ui.head_buttons.length > 0');
  const view = { image: 4, layer: 2, head: 1, token: 20, pinned: true, cls: 3, pinned_cls: 3, channel: 5, hidden: 3 };
  assert.deepEqual({ ...s.selection }, view);
  assert.equal(s.status.error, false, s.status.text);
  // The old link opens the same view; the address bar says it counted from 1, and that link opens it too.
  assert.equal(await page.evaluate(() => location.search), query);
  const now = await openApp(browser, srv.url + query);
  const n = await waitState(now.page, 's => s.result && !s.busy && s.selection.image === 4 && s.selection.pinned');
  assert.deepEqual({ ...n.selection }, view);
  await now.context.close();
  // Change the view: the URL follows; reopening that URL gives the same view.
  const c = center(s.ui.thumbs[6]);
  await page.mouse.click(c.x, c.y);
  await page.mouse.click(...Object.values(center(s.ui.head_buttons[0])));
  s = await waitState(page, 's => s.selection.image === 6 && s.selection.head === -1 && !s.busy');
  const url = await page.evaluate(() => location.href);
  assert.match(url, /image=7/);
  assert.match(url, /head=mean/);
  const again = await openApp(browser, url);
  const want = JSON.stringify(s.selection);
  const s2 = await waitState(again.page, `s => s.result && !s.busy && JSON.stringify(s.selection) === ${JSON.stringify(want)}`);
  assert.deepEqual(s2.selection, s.selection);
  assert.deepEqual(s2.result.top, s.result.top);
  assert.deepEqual(errors, []);
  await again.context.close();
  await context.close();
});

test('a link made for a bigger model opens the nearest view that exists, and says so', async () => {
  const { page, context, errors } = await openApp(browser, srv.url + '?v=2&layer=12&head=12&patch=14,2');
  const s = await waitState(page, 's => s.result && !s.busy && s.selection.pinned');
  const m = s.model;
  assert.equal(s.selection.layer, m.layers - 1, 'the last layer');
  assert.equal(s.selection.head, m.heads - 1, 'the last head');
  assert.equal(s.selection.token, m.prefix_tokens + (m.grid - 1) * m.grid + 1, 'the last row, column 2');
  assert.equal(s.selection.hidden, m.layers, '(c) on the last layer too');
  assert.match(s.status.text, /layer, head, patch .*nearest/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a teacher's link naming only the layer opens (c) on that layer's output too", async () => {
  const { page, context, errors } = await openApp(browser, srv.url + '?layer=2');
  const s = await waitState(page, 's => s.result && !s.busy');
  assert.equal(s.selection.layer, 2);
  assert.equal(s.selection.hidden, 3, '(c) follows (b), as after a click on its layer');
  assert.match(await page.evaluate(() => location.search), /output=3/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('malformed, out-of-range and hostile links fall back with a notice', async () => {
  const bad = '?image=999&layer=abc&head=77&token=%3Cimg%20src%3Dx%3E&zzz=1&scale=' + 'x'.repeat(50);
  const { page, context, errors } = await openApp(browser, srv.url + bad);
  let s = await waitState(page, 's => s.result && !s.busy && s.status.error');
  assert.equal(s.selection.image, s.model.samples.length - 1, 'image 999: the last one, the nearest');
  assert.equal(s.selection.layer, 0);
  assert.equal(s.selection.pinned, false);
  assert.ok(s.last_error.length > 10 && s.last_error.length < 300, s.last_error);
  const long = await openApp(browser, srv.url + '?model=' + 'a'.repeat(5000));
  s = await waitState(long.page, 's => s.result && !s.busy && s.status.error');
  assert.match(s.status.text, /too long/);
  assert.deepEqual(errors, []);
  await long.context.close();
  await context.close();
});

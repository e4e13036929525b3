// The animated data flow (#32): a new image is cut into patches that become tokens, the class token
// travels through the layers into the head while (d)'s bars grow; a pinned patch's attention row flows
// back onto the image and its pixels become its embedding. Each flow is short, asks for frames only
// while it runs, ends at a click, and never starts under reduced motion or ?motion=off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, serve, state, waitState } from './browser.mjs';

let browser, srv;
before(async () => {
  browser = await launch();
  srv = await serve();
});
after(async () => { await browser?.close(); srv?.stop(); });

const idle = 's => s.result && !s.busy && s.ui.motion.running.length === 0 && s.ui.thumbs.length > 3';
const settle = (page, ms) => new Promise((r) => setTimeout(r, ms));

test('a new image flows in: patches, then the class token; frames only while it runs', async () => {
  const { page, context, errors } = await openApp(browser, srv.url);
  let s = await waitState(page, idle);
  assert.equal(s.ui.motion.enabled, true);
  assert.equal(s.ui.motion.reduced, false);
  assert.ok(s.ui.motion.started.patches >= 1 && s.ui.motion.started.class_token >= 1, 'the first image flowed in');
  // Idle: no frames are drawn.
  await settle(page, 300);
  const f0 = (await state(page)).frames;
  await settle(page, 700);
  assert.equal((await state(page)).frames, f0, 'no frames while nothing moves');
  const started = s.ui.motion.started, moving = s.ui.motion.frames;
  const t = s.ui.thumbs[3];
  await page.mouse.click(t[0] + t[2] / 2, t[1] + t[3] / 2);
  s = await waitState(page, 's => s.selection.image === 3 && s.ui.motion.running.includes("patches")', 10000);
  assert.equal(s.ui.motion.started.patches, started.patches + 1);
  assert.equal(s.ui.motion.started.class_token, started.class_token + 1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'motion-patches-1366x768.png') });
  // Both end within their 2 x 600 ms (the class token's after the patches': motion.cpp); frames were
  // drawn for them, then none. (Not polled for the moment the class token runs alone: a loaded machine's
  // poll can fall after it.)
  s = await waitState(page, 's => s.ui.motion.running.length === 0', 5000);
  assert.ok(s.ui.motion.frames - moving >= 10, `${s.ui.motion.frames - moving} frames while flowing`);
  await settle(page, 300);
  const f1 = (await state(page)).frames;
  await settle(page, 700);
  assert.equal((await state(page)).frames, f1, 'no frames after the flow ended');
  // The bars end at the model's numbers.
  assert.ok(s.result.top[0].probability > 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pinning a patch: its row flows onto the image and its pixels into the embedding; a click ends it', async () => {
  const { page, context } = await openApp(browser, srv.url);
  let s = await waitState(page, idle);
  const g = s.model.grid, im = s.ui.image, cell = im[2] / g;
  await page.mouse.click(im[0] + 2.5 * cell, im[1] + 4.5 * cell);
  s = await waitState(page, 's => s.selection.pinned && s.ui.motion.running.includes("row") && s.ui.motion.running.includes("embed")', 5000);
  assert.equal(s.ui.motion.started.row, 1);
  // A click elsewhere (a layer button) ends the flows at once and still does what it does (clicked right
  // away: the flows last 600 ms).
  const skipped = s.ui.motion.skipped;
  const layer = s.ui.layer_buttons[1];
  await page.mouse.click(center(layer).x, center(layer).y);
  await page.screenshot({ path: path.join(ARTIFACTS, 'motion-row-1366x768.png') });
  s = await waitState(page, `s => s.ui.motion.skipped > ${skipped} && s.ui.motion.running.length === 0 && s.selection.layer === 1`, 5000);
  await context.close();
});

test('reduced motion and ?motion=off: nothing moves, and the link keeps it', async () => {
  for (const [url, opts] of [['', { reducedMotion: 'reduce' }], ['?motion=off', {}]]) {
    const { page, context } = await openApp(browser, srv.url + url, opts);
    let s = await waitState(page, 's => s.result && !s.busy && s.ui.thumbs.length > 3');
    const t = s.ui.thumbs[2];
    await page.mouse.click(t[0] + t[2] / 2, t[1] + t[3] / 2);
    s = await waitState(page, 's => s.selection.image === 2 && s.result.image === 2 && !s.busy');
    const g = s.model.grid, im = s.ui.image, cell = im[2] / g;
    await page.mouse.click(im[0] + 1.5 * cell, im[1] + 1.5 * cell);
    s = await waitState(page, 's => s.selection.pinned');
    await settle(page, 200);
    s = await state(page);
    assert.deepEqual(s.ui.motion.started, { patches: 0, class_token: 0, row: 0, embed: 0 }, url || 'reduced');
    assert.deepEqual(s.ui.motion.running, []);
    assert.equal(s.ui.motion.frames, 0);
    if (url) {
      assert.equal(s.ui.motion.enabled, false);
      assert.match(page.url(), /motion=off/);
    } else {
      assert.equal(s.ui.motion.reduced, true);
    }
    await context.close();
  }
});

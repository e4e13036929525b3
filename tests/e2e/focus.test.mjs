// The focus layout (#32): on a laptop one module large (the image >= 320 px, the attention matrix >=
// 420 px, channel maps >= 96 px at 1366 x 768) and the others as live summaries a click away; it goes
// into the link; the windows that look closer ("Attention up close") open over the large module, so the
// image stays in view beside them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, overlap, serve, state, urlWhen, waitStable, waitState } from './browser.mjs';

let browser, srv;
before(async () => {
  browser = await launch();
  srv = await serve();
});
after(async () => { await browser?.close(); srv?.stop(); });

const onScreen = (r, w, h) => r[0] >= 0 && r[1] >= 0 && r[0] + r[2] <= w + 0.5 && r[1] + r[3] <= h + 0.5;
const shown = (s) => s.ui.summaries.filter((r) => r[2] > 0).length;

test('focus at 1366 x 768: each module large in turn, the others as summaries; the link keeps it', async () => {
  const { page, context, errors } = await openApp(browser, srv.url + '?v=2&focus=b&patch=3,4');
  let s = await waitState(page, 's => s.result && !s.busy && s.ui.focus === 1 && s.ui.attention[2] > 0');
  s = await waitStable(page, 's => [s.ui.attention, s.ui.summaries]');
  assert.equal(shown(s), 3, 'three summaries');
  assert.equal(s.ui.summaries[1][2], 0, 'the large module has no summary');
  assert.ok(s.ui.attention[2] >= 420, `the matrix is ${s.ui.attention[2]} px`);
  assert.ok(onScreen(s.ui.attention, 1366, 768));
  for (const r of s.ui.summaries) if (r[2] > 0) assert.ok(!overlap(r, s.ui.modules[1]), 'summaries beside the large module');
  await page.screenshot({ path: path.join(ARTIFACTS, 'focus-b-1366x768.png') });
  // The image's summary makes (a) large.
  await page.mouse.click(center(s.ui.summaries[0]).x, center(s.ui.summaries[0]).y);
  s = await waitState(page, 's => s.ui.focus === 0 && s.ui.image[2] > 0');
  s = await waitStable(page, 's => s.ui.image');
  assert.ok(s.ui.image[2] >= 320 && onScreen(s.ui.image, 1366, 768), `the image is ${s.ui.image}`);
  assert.ok(s.ui.embedding_strip[2] > 0 && onScreen(s.ui.embedding_strip, 1366, 768), 'the patch up close beside it');
  // (c)'s summary: its maps large.
  await page.mouse.click(center(s.ui.summaries[2]).x, center(s.ui.summaries[2]).y);
  s = await waitState(page, 's => s.ui.focus === 2 && s.ui.channel_tiles.length > 0');
  assert.ok(s.ui.channel_tiles[0][2] >= 96, `a channel map is ${s.ui.channel_tiles[0][2]} px`);
  assert.match(await urlWhen(page, (u) => u.includes('focus=c')), /focus=c/);
  // The overview's stages lead there too: its class token stage makes (d) large.
  await page.mouse.click(center(s.ui.overview_stages[3]).x, center(s.ui.overview_stages[3]).y);
  s = await waitState(page, 's => s.ui.focus === 3 && s.ui.top_bars.length > 0');
  assert.deepEqual(errors, []);
  await context.close();
});

test('focus: "Attention up close" opens over the large module, the image summary stays in view', async () => {
  const { page, context } = await openApp(browser, srv.url + '?v=2&focus=b&patch=3,4&steps=row');
  let s = await waitState(page, 's => s.result && !s.busy && s.steps.window[2] > 0 && s.ui.summaries[0][2] > 0');
  s = await waitStable(page, 's => [s.steps.window, s.ui.summaries]');
  assert.ok(!overlap(s.steps.window, s.ui.summaries[0]), `the window ${s.steps.window} covers the image ${s.ui.summaries[0]}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'focus-steps-1366x768.png') });
  await context.close();
});

test('the View menu turns the focus layout on and off', async () => {
  const { page, context } = await openApp(browser, srv.url);
  let s = await waitState(page, 's => s.result && !s.busy && s.ui.view_button[2] > 0');
  assert.equal(s.ui.focus, -1);
  assert.equal(shown(s), 0, 'four columns by default');
  const toggle = async () => {
    await page.mouse.click(center(s.ui.view_button).x, center(s.ui.view_button).y);
    s = await waitStable(page, 's => s.ui.view_items.length === 7 ? s.ui.view_items : null');
    await page.mouse.click(center(s.ui.view_items[4]).x, center(s.ui.view_items[4]).y);
  };
  await toggle();
  s = await waitState(page, 's => s.ui.focus === 1 && s.ui.summaries.filter((r) => r[2] > 0).length === 3');
  await page.keyboard.press('Escape');
  await toggle();
  s = await waitState(page, 's => s.ui.focus === -1 && s.ui.summaries.every((r) => r[2] === 0) && s.ui.modules.every((r) => r[2] > 0)');
  await context.close();
});

test('presenting at 1920 x 1080: two modules side by side fill the screen, their pictures grow, the link keeps both', async () => {
  const { page, context } = await openApp(browser, srv.url, { width: 1920, height: 1080 });
  let s = await waitState(page, 's => s.result && !s.busy && s.ui.view_button[2] > 0');
  // The View menu's "Two modules large": (b) and (d), the others as summaries.
  await page.mouse.click(center(s.ui.view_button).x, center(s.ui.view_button).y);
  s = await waitStable(page, 's => s.ui.view_items.length === 7 ? s.ui.view_items : null');
  await page.mouse.click(center(s.ui.view_items[5]).x, center(s.ui.view_items[5]).y);
  s = await waitState(page, 's => s.ui.focus === 1 && s.ui.focus2 === 3 && s.ui.summaries.filter((r) => r[2] > 0).length === 2');
  await page.keyboard.press('Escape');
  s = await waitStable(page, 's => [s.ui.modules, s.ui.attention, s.ui.head_thumbs]');
  const [b, d] = [s.ui.modules[1], s.ui.modules[3]];
  assert.ok(b[2] > 700 && d[2] > 700, `both large: ${b} ${d}`);
  assert.ok(Math.abs(b[1] - d[1]) < 1 && b[0] + b[2] <= d[0], '(b) then (d), side by side');
  assert.equal(s.ui.summaries[1][2], 0);
  assert.equal(s.ui.summaries[3][2], 0);
  assert.ok(s.ui.summaries[0][2] > 0 && s.ui.summaries[2][2] > 0, '(a) and (c) as summaries');
  assert.match(await urlWhen(page, (u) => u.includes('focus=bd')), /focus=bd/);
  // At a projector's UI scale the matrix and the head thumbnails grow into the space rather than shrink.
  await context.close();
  const big = await openApp(browser, srv.url + '?focus=bd&theme=contrast&scale=1.5', { width: 1920, height: 1080 });
  const page2 = big.page;
  s = await waitState(page2, 's => s.result && !s.busy && s.ui.focus === 1 && s.ui.focus2 === 3 && s.ui.attention[2] > 0');
  s = await waitStable(page2, 's => [s.ui.attention, s.ui.head_thumbs]');
  assert.ok(s.ui.attention[2] >= 500, `the matrix is ${s.ui.attention[2]} px`);
  assert.ok(onScreen(s.ui.attention, 1920, 1080));
  assert.ok(s.ui.head_thumbs.every((r) => r[2] >= 96), `head thumbnails ${s.ui.head_thumbs.map((r) => r[2])}`);
  for (const r of s.ui.head_thumbs) assert.ok(onScreen(r, 1920, 1080) && r[0] + r[2] <= s.ui.modules[1][0] + s.ui.modules[1][2] + 0.5);
  await page2.screenshot({ path: path.join(ARTIFACTS, 'presenting-1920x1080.png') });
  // A summary brings its module in.
  await page2.mouse.click(center(s.ui.summaries[0]).x, center(s.ui.summaries[0]).y);
  s = await waitState(page2, 's => s.ui.focus === 0 && s.ui.focus2 === 3');
  await big.context.close();
});

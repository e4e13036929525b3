// Classroom (#6): keyboard shortcuts and their sheet, high-contrast theme and colour-blind-safe map,
// embed mode for an iframe (also without cross-origin isolation), and panels/theme in the link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, serve, sharedApp, state, waitStable, waitState } from './browser.mjs';
import { decodePng, regionStats } from './png.mjs';

const app = sharedApp('s => s.result && !s.busy && s.ui.layer_buttons.length > 0');
let browser, srv, page, context;
before(async () => {
  ({ browser, srv, page, context } = await app.open());
});

const click = (r) => app.click(r);

test('keyboard: arrows move the pinned patch, [ ] switch heads, PageUp/PageDown layers, ? the sheet', async () => {
  let s = await state(page);
  const { grid: g, prefix_tokens: pre, heads: H, layers: L } = s.model;
  await page.keyboard.press('ArrowRight');  // from nothing: the centre patch, then one right
  s = await waitState(page, 's => s.selection.pinned');
  const c = Math.floor(g / 2);
  assert.equal(s.selection.token, pre + c * g + c, 'the first arrow picks the centre patch');
  const start = s.selection.token;
  await page.keyboard.press('ArrowDown');
  s = await waitState(page, `s => s.selection.token === ${start + g}`);
  await page.keyboard.press('ArrowLeft');
  s = await waitState(page, `s => s.selection.token === ${start + g - 1}`);
  for (let i = 0; i < g + 2; i++) await page.keyboard.press('ArrowUp');  // clamps at the top row
  s = await waitState(page, `s => s.selection.token === ${pre + (start + g - 1 - pre) % g}`);
  const h0 = s.selection.head;
  await page.keyboard.press(']');
  s = await waitState(page, `s => s.selection.head === ${h0 + 1 >= H ? -1 : h0 + 1}`);
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  s = await waitState(page, `s => s.selection.head === ${h0 - 1}`);
  await page.keyboard.press('PageDown');
  s = await waitState(page, `s => s.selection.layer === ${Math.min(1, L - 1)}`);
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  s = await waitState(page, 's => s.selection.layer === 0');
  await page.keyboard.press('?');
  s = await waitState(page, 's => s.ui.help[2] > 0');
  await page.screenshot({ path: path.join(ARTIFACTS, 'shortcuts.png') });
  await page.keyboard.press('Escape');
  s = await waitState(page, 's => s.ui.help[2] === 0 && s.selection.pinned');  // Esc closes the sheet first
  await page.keyboard.press('Escape');
  await waitState(page, 's => !s.selection.pinned');
});

test('high-contrast theme and cividis change what is drawn and go into the link', async () => {
  let s = await state(page);
  const before = regionStats(decodePng(await page.screenshot()), s.ui.attention);
  await click(s.ui.view_button);
  s = await waitStable(page, 's => s.ui.view_items.length === 7 ? s.ui.view_items : null');
  await click(s.ui.view_items[1]);
  s = await waitState(page, 's => s.ui.theme === 1');
  await click(s.ui.view_items[3]);
  s = await waitState(page, 's => s.ui.cmap === 2');
  await page.mouse.click(s.ui.attention[0] + 10, s.ui.attention[1] + s.ui.attention[3] + 70);  // closes the menu
  await page.mouse.move(2, 300);
  await new Promise((r) => setTimeout(r, 300));
  const png = decodePng(await page.screenshot({ path: path.join(ARTIFACTS, 'contrast-cividis.png') }));
  const after = regionStats(png, s.ui.attention);
  assert.notEqual(after.colours, before.colours, 'the attention matrix is drawn with another colour map');
  // panels are black in the high-contrast theme (dark grey, 27/255, otherwise): the empty space right of the matrix
  const [ax, ay, aw] = s.ui.attention;
  const i = ((Math.round(ay) + 100) * png.width + Math.round(ax + aw) + 12) * png.bpp;
  assert.ok(png.pixels[i] < 20 && png.pixels[i + 1] < 20 && png.pixels[i + 2] < 20, 'black panel background');
  await waitState(page, 's => true');
  assert.match(page.url(), /theme=contrast/);
  assert.match(page.url(), /cmap=cividis/);
});

test('embed mode shows only the chosen modules and works without cross-origin isolation', async () => {
  const plain = await serve({ isolation: false });
  try {
    const ctx = await openApp(browser, `${plain.url}?embed=attention,classify`, { width: 900, height: 520 });
    let s = await waitState(ctx.page, 's => s.result && !s.busy && s.ui.attention[2] > 0 && s.ui.top_rows.length > 0');
    assert.equal(s.runtime.isolated, false);
    assert.equal(s.ui.embed, 2 | 8);
    assert.deepEqual(s.ui.image, [0, 0, 0, 0], 'no image module');
    assert.equal(s.ui.channel_tiles.length, 0, 'no layers module');
    assert.deepEqual(s.ui.model_combo, [0, 0, 0, 0], 'no top bar');
    assert.ok(s.ui.attention[0] < s.ui.top_rows[0][0], 'attention left of classification');
    const png = decodePng(await ctx.page.screenshot({ path: path.join(ARTIFACTS, 'embed-bd-900x520.png') }));
    assert.ok(regionStats(png, s.ui.attention).colours > 20, 'the embedded matrix is drawn');
    assert.match(ctx.page.url(), /embed=bd/);
    await ctx.context.close();
  } finally {
    plain.stop();
  }
});

test('the step-through panel, its step and the theme come back from a link', async () => {
  const ctx = await openApp(browser, `${srv.url}?layer=1&head=2&token=9&steps=row&step=4&theme=contrast&cmap=cividis`);
  const s = await waitState(ctx.page, 's => s.result && s.steps.open && s.steps.ok');
  assert.deepEqual([s.steps.tab, s.steps.step, s.steps.layer, s.steps.head, s.steps.query], [0, 3, 1, 2, 9]);
  assert.equal(s.ui.theme, 1);
  assert.equal(s.ui.cmap, 2);
  const ctx3 = await openApp(browser, `${srv.url}?analyses=4`);
  const s3 = await waitState(ctx3.page, 's => s.result && s.ui.insights && s.ui.insights_tab === 3 && s.ui.position_grid[2] > 0');
  assert.match(ctx3.page.url(), /analyses=4/);
  await ctx3.context.close();
  assert.ok(s3);
  const ctx2 = await openApp(browser, `${srv.url}?token=9&steps=depth`);
  const s2 = await waitState(ctx2.page, 's => s.result && s.steps.open && s.steps.depth.length > 0');
  assert.equal(s2.steps.tab, 1);
  await ctx.context.close();
  await ctx2.context.close();
});

// The language menu reads in every language before any is chosen (#33): "中文" is drawn from a tiny font
// of the languages' own names, not "??"; the loading screen speaks the link's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, launch, serve, waitStable, waitState } from './browser.mjs';
import { decodePng } from './png.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.stop(); });

// Opens the language menu of an English page and returns [the state, the Chinese item's ink pixels].
async function chineseItem({ withNames }) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, serviceWorkers: 'block' });
  const page = await context.newPage(), errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (!withNames) await page.route('**/fonts/names.ttf', (r) => r.fulfill({ status: 404, body: '' }));
  await page.goto(srv.url);
  await page.waitForFunction(() => window.vitvis?.ready, null, { timeout: 60000 });
  let s = await waitState(page, 's => s.result && !s.busy && s.ui.lang === "en"');
  await page.mouse.click(s.ui.lang_combo[0] + 20, s.ui.lang_combo[1] + s.ui.lang_combo[3] / 2);
  s = await waitStable(page, 's => s.ui.lang_items.length === 2 ? s.ui.lang_items : null', 10000);
  const shot = await page.screenshot({ path: path.join(ARTIFACTS, `language-menu-${withNames ? 'names' : 'no-names'}.png`) });
  const png = decodePng(shot), [x0, y0, , h] = s.ui.lang_items[1].map(Math.round);
  const ink = [];  // the item's first 40 px: where its name is drawn, as a bright/dark mask
  for (let y = y0; y < y0 + h; y++)
    for (let x = x0; x < x0 + 40; x++) {
      const i = (y * png.width + x) * png.bpp;
      ink.push(0.299 * png.pixels[i] + 0.587 * png.pixels[i + 1] + 0.114 * png.pixels[i + 2] > 128 ? 1 : 0);
    }
  await context.close();
  return { s, ink, errors };
}

test('the language menu shows 中文 before Chinese was ever chosen (not "??")', async () => {
  const shown = await chineseItem({ withNames: true });
  assert.equal(shown.s.ui.lang_names_drawn, true, 'every name has its glyphs');
  assert.deepEqual(shown.errors, []);
  // Without the names' font the same item is the fallback "??": a different picture.
  const fallback = await chineseItem({ withNames: false });
  assert.equal(fallback.s.ui.lang_names_drawn, false);
  const lit = (m) => m.reduce((a, b) => a + b, 0);
  const differ = shown.ink.reduce((n, v, i) => n + (v !== fallback.ink[i] ? 1 : 0), 0);
  assert.ok(lit(shown.ink) > 20, `the name has ink (${lit(shown.ink)} px)`);
  assert.ok(differ > 0.3 * Math.max(lit(shown.ink), lit(fallback.ink)), `中文 looks like "??" (${differ} px differ)`);
});

test('the loading screen speaks the link\'s language', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  // Hold the app's binary back a moment, so the loading screen is seen.
  await page.route('**/vitvis.wasm', async (r) => { await new Promise((res) => setTimeout(res, 1500)); await r.continue(); });
  await page.goto(srv.url + '?lang=zh-CN');
  await page.waitForFunction(() => /正在加载 ViT-VIS/.test(document.getElementById('boot-text')?.textContent ?? ''));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  await page.goto(srv.url + '?lang=en');
  await page.waitForFunction(() => /Loading ViT-VIS/.test(document.getElementById('boot-text')?.textContent ?? ''));
  await context.close();
});

test('the status line speaks the link\'s language even when its texts arrive after the model', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, serviceWorkers: 'block' });
  const page = await context.newPage(), errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The Chinese texts come late: the model is loaded (and its status line written) before them.
  await page.route('**/i18n/zh-CN*.json', async (r) => { await new Promise((res) => setTimeout(res, 2500)); await r.continue(); });
  await page.goto(srv.url + '?lang=zh-CN');
  await page.waitForFunction(() => window.vitvis?.ready, null, { timeout: 60000 });
  const s = await waitState(page, 's => s.result && !s.busy && s.ui.font_lang > 0 && /ViT/.test(s.status.text)');
  assert.equal(s.status.text, `已加载 ${s.model.name}。`);
  assert.deepEqual(errors, []);
  await context.close();
});

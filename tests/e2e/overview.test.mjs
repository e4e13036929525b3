// The model at a glance (#32): a strip under the top bar draws the loaded ViT's structure from its
// metadata (image -> patches -> tokens -> L layers of H heads -> class token -> answer), marks the
// selection, and each stage leads to the module that shows it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, serve, state, waitStable, waitState } from './browser.mjs';

let browser, srv;
before(async () => {
  browser = await launch();
  srv = await serve();
});
after(async () => { await browser?.close(); srv?.stop(); });

const ready = 's => s.result && !s.busy && s.ui.overview_layers.length > 0 ? [s.ui.overview_stages, s.ui.modules] : null';

// The stages say the model's own numbers, and the strip sits above the modules without covering them.
function checkStages(s, zh = false) {
  const m = s.model, ui = s.ui;
  assert.equal(ui.overview_stages.length, 5, 'image, patches, tokens, class token, answer');
  assert.equal(ui.overview_layers.length, m.layers, 'a box per encoder layer');
  assert.equal(ui.overview_heads, m.heads, 'a dot per head');
  const [image, patches, tokens, encoder, cls] = ui.overview_text;  // along the strip
  assert.match(image, new RegExp(`${m.grid * m.patch} × ${m.grid * m.patch}`));
  assert.match(patches, new RegExp(`${m.grid} × ${m.grid} .*${m.patch} × ${m.patch}`));
  assert.equal(m.tokens, m.prefix_tokens + m.grid * m.grid);
  assert.match(tokens, new RegExp(zh ? `${m.tokens} 个标记 · 每个 ${m.dim} 个数` : `${m.tokens} tokens · ${m.dim} numbers each`));
  assert.match(cls, new RegExp(zh ? `${m.dim} 个数 → ${m.classes} 个分数` : `${m.dim} numbers → ${m.classes} scores`));
  const sel = s.selection;
  assert.match(encoder, new RegExp(zh ? `${m.layers} × 注意力（${m.heads} 个头）\\+ MLP · 第 ${sel.layer + 1} 层` :
    `${m.layers} × attention \\(${m.heads} heads\\) \\+ MLP · layer ${sel.layer + 1}, (head ${sel.head + 1}|mean of heads)`));
  const bottom = ui.overview[1] + ui.overview[3];
  for (const r of ui.modules) assert.ok(r[2] === 0 || r[1] >= bottom, `module ${r} below the overview (${bottom})`);
  for (const r of [...ui.overview_stages, ...ui.overview_layers])
    assert.ok(r[0] >= 0 && r[0] + r[2] <= ui.overview[0] + ui.overview[2] + 1 && r[2] > 8, `stage ${r} inside the strip`);
}

test('the overview draws the bundled model from its metadata; a layer opens it in (b) and (c)', async () => {
  const { page, context, errors } = await openApp(browser, srv.url);
  let s = await waitStable(page, ready);
  checkStages(s);
  const L = s.model.layers;
  const target = L - 1;
  const c = center(s.ui.overview_layers[target]);
  await page.mouse.click(c.x, c.y);
  s = await waitState(page, `s => s.selection.layer === ${target}`);
  assert.equal(s.selection.hidden, target + 1, '(c) shows that layer\'s output');
  const t = center(s.ui.overview_stages[2]);
  await page.mouse.click(t.x, t.y);
  s = await waitState(page, 's => s.selection.hidden === 0');
  await page.screenshot({ path: path.join(ARTIFACTS, 'overview-1366x768.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the overview follows the model: the 14 x 14 one, and Chinese on a tablet', async () => {
  const { page, context, errors } = await openApp(browser, `${srv.url}?model=fashion-vit-14`);
  const s = await waitStable(page, ready, 60000);
  assert.equal(s.model.grid, 14);
  checkStages(s);
  await context.close();
  const tab = await openApp(browser, `${srv.url}?lang=zh-CN`, { width: 768, height: 1024, touch: true });
  const t = await waitStable(tab.page, ready);
  checkStages(t, true);
  await tab.page.screenshot({ path: path.join(ARTIFACTS, 'overview-zh-768x1024.png') });
  assert.deepEqual([...errors, ...tab.errors], []);
  await tab.context.close();
});

test('on a phone the model at a glance is the navigation: tabs with the model\'s numbers, its layers below', async () => {
  const { page, context, errors } = await openApp(browser, srv.url, { width: 390, height: 844, touch: true });
  let s = await waitStable(page, 's => s.result && !s.busy && s.ui.module_tabs.length === 4 ? s.ui.module_tabs : null');
  assert.equal(s.ui.overview[2], 0, 'no strip: the tabs are the overview');
  const m = s.model;
  assert.deepEqual(s.ui.module_tab_texts.map(t => t.split(' | ')[1]),
    [`${m.grid * m.grid} patches`, `${m.tokens} tokens`, `${m.heads} heads`, `${m.classes} classes`]);
  assert.equal(s.ui.overview_layers.length, m.layers, 'a box per encoder layer under the tabs');
  assert.equal(s.ui.overview_heads, m.heads, 'a dot per head');
  const tabsBottom = Math.max(...s.ui.module_tabs.map(r => r[1] + r[3]));
  for (const r of s.ui.overview_layers) {
    assert.ok(r[1] >= tabsBottom && r[0] >= 0 && r[0] + r[2] <= 390 && r[3] >= 28, `layer box ${r} under the tabs, a finger high`);
    assert.ok(r[1] + r[3] <= s.ui.modules[s.ui.phone_module][1], 'above the module shown');
  }
  // A layer tapped on (a) opens (b) at that layer (phone_module: Module::Attention = 1); on (c) (2) it stays.
  const tap = async r => page.touchscreen.tap(center(r).x, center(r).y);
  await tap(s.ui.overview_layers[2]);
  s = await waitStable(page, 's => s.selection.layer === 2 && s.ui.phone_module === 1 ? s.ui.modules[1] : null');
  await tap(s.ui.module_tabs[1]);
  s = await waitStable(page, 's => s.ui.phone_module === 2 ? s.ui.overview_layers : null');
  await tap(s.ui.overview_layers[0]);
  s = await waitStable(page, 's => s.selection.layer === 0 && s.ui.phone_module === 2 ? s.ui.modules[2] : null');
  await page.screenshot({ path: path.join(ARTIFACTS, 'overview-phone-390x844.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

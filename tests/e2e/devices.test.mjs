// On the devices in the classroom (#18): phones and tablets in portrait, small laptops, desktops. At
// every size the module windows are on screen and do not overlap, every top-bar action can be reached
// (on the bar, or through ☰ on a narrow one), touch targets are finger-sized where a finger points,
// phones show one module at a time with tabs that keep the selection, the live region says what is
// selected and predicted (both languages), and the page passes axe-core with no serious violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, ROOT, center, launch, serve, state, waitStable, waitState, wheelIntoView } from './browser.mjs';

let browser, srv;
before(async () => {
  browser = await launch();
  srv = await serve();
});
after(async () => { await browser?.close(); srv?.stop(); });

const SIZES = [
  { w: 360, h: 740, touch: true, layout: 'tabs' }, { w: 390, h: 844, touch: true, layout: 'tabs' },
  { w: 768, h: 1024, touch: true, layout: 'grid' }, { w: 1024, h: 768, touch: false, layout: 'grid' },
  { w: 1366, h: 768, touch: false, layout: 'columns' }, { w: 1920, h: 1080, touch: false, layout: 'columns' },
];

async function open({ w, h, touch }, query = '', options = {}) {
  const context = await browser.newContext({ viewport: { width: w, height: h }, hasTouch: touch, isMobile: touch, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(srv.url + query);
  for (let i = 0; i < 600 && !(await page.evaluate(() => !!(window.vitvis && window.vitvis.ready))); i++) await page.waitForTimeout(100);
  await waitState(page, 's => s.result && !s.busy && s.model.samples.some((x) => x.loaded)');
  await page.waitForTimeout(400);  // hover, layout and the top bar's measurement settle
  return { page, context, errors };
}

const shown = (r) => r && r[2] > 0 && r[3] > 0;
const onScreen = (r, w, h) => r[0] >= -0.5 && r[1] >= -0.5 && r[0] + r[2] <= w + 0.5 && r[1] + r[3] <= h + 0.5;
const overlap = (a, b) => a[0] < b[0] + b[2] - 0.5 && b[0] < a[0] + a[2] - 0.5 && a[1] < b[1] + b[3] - 0.5 && b[1] < a[1] + a[3] - 0.5;
const tap = (page, touch, r) => { const c = center(r); return touch ? page.touchscreen.tap(c.x, c.y) : page.mouse.click(c.x, c.y); };
const live = (page) => page.evaluate(() => document.getElementById('vv-live').textContent);

for (const size of SIZES) {
  test(`${size.w} x ${size.h}${size.touch ? ' (touch)' : ''}: modules on screen, apart, usable; every action reachable`, async () => {
    const { w, h, touch } = size;
    const { page, context, errors } = await open(size);
    let s = await state(page);
    assert.equal(s.ui.layout, size.layout);
    const mods = s.ui.modules.filter(shown);
    assert.equal(mods.length, size.layout === 'tabs' ? 1 : 4);
    for (const r of mods) {
      assert.ok(onScreen(r, w, h), `module ${r} leaves the ${w} x ${h} screen`);
      assert.ok(r[2] >= Math.min(300, w - 20) && r[3] >= 300, `module ${r} is too small to use`);
    }
    for (let i = 0; i < mods.length; i++)
      for (let j = i + 1; j < mods.length; j++) assert.ok(!overlap(mods[i], mods[j]), `modules overlap: ${mods[i]} / ${mods[j]}`);
    assert.ok(s.ui.status_text[0] + s.ui.status_text[2] <= w + 0.5, 'the status line runs off the screen');
    // (d)'s class names are short ("T-shirt/top" with its ✓ the longest): none is shortened where (d) is shown.
    if (size.layout !== 'tabs') assert.equal(s.ui.top_labels_shortened, 0, `${s.ui.top_labels_shortened} class names end in "…"`);
    // The top bar's actions: on the bar, or in the ☰ menu.
    const actions = ['copy_link', 'tour_button', 'insights_button', 'lang_combo', 'save_button', 'view_button', 'help_button'];
    if (shown(s.ui.menu_button)) {
      assert.ok(onScreen(s.ui.menu_button, w, h));
      await tap(page, touch, s.ui.menu_button);
      // ImGui places a popup on its second frame: wait until its items stay where they are.
      s = await waitStable(page, `s => s.ui.tour_button[2] > 0 && s.ui.help_button[2] > 0
        ? ${JSON.stringify(actions)}.map((a) => s.ui[a]) : null`, 10000);
    }
    for (const a of actions) assert.ok(shown(s.ui[a]) && onScreen(s.ui[a], w, h), `${a} cannot be reached (${s.ui[a]})`);
    if (shown(s.ui.menu_button)) await page.screenshot({ path: path.join(ARTIFACTS, `devices-${w}x${h}-menu.png`) });
    assert.ok(onScreen(s.ui.model_combo, w, h), 'the model picker is off screen');
    if (touch) {  // finger-sized: 44 x 44 px at least
      const targets = [s.ui.model_combo, s.ui.menu_button, ...s.ui.module_tabs, s.ui.mode_samples, s.ui.open_button].filter(shown);
      for (const r of targets) assert.ok(r[2] >= 44 && r[3] >= 44, `a touch target of ${r[2]} x ${r[3]} px`);
    }
    await page.keyboard.press('Escape');
    await page.screenshot({ path: path.join(ARTIFACTS, `devices-${w}x${h}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const lang of ['en', 'zh-CN']) {
  test(`a phone (${lang}): a patch tapped in (a) is the row marked in (b); the live region says so`, async () => {
    const size = SIZES[1];
    const { page, context, errors } = await open(size, `?lang=${lang}`);
    let s = await state(page);
    assert.equal(s.ui.phone_module, 0, '(a) first');
    const r = s.ui.image, g = s.model.grid;
    await page.touchscreen.tap(r[0] + (2.5 / g) * r[2], r[1] + (4.5 / g) * r[3]);
    s = await waitState(page, 's => s.selection.pinned');
    const token = s.selection.token;
    assert.equal(token, 1 + 4 * g + 2, 'row 5, column 3 (from 1)');
    const said = await live(page);
    assert.match(said, lang === 'en' ? /Patch \(5, 3\) selected\. Layer 1, head \d: it attends most to .+ \(\d+ %\)\. Prediction: .+, \d+ %\./
      : /已选中图块 \(5, 3\)。.*预测：/);
    // To (b): the same token is the marked row; its layer and head buttons are finger-sized.
    await page.touchscreen.tap(center(s.ui.module_tabs[2]).x, center(s.ui.module_tabs[2]).y);
    s = await waitState(page, 's => s.ui.phone_module === 1 && s.ui.layer_buttons.length > 0');
    assert.equal(s.selection.token, token);
    assert.ok(shown(s.ui.modules[1]));
    for (const b of [...s.ui.layer_buttons, ...s.ui.head_buttons]) assert.ok(b[2] >= 44 && b[3] >= 44, `a ${b[2]} x ${b[3]} px button`);
    await page.touchscreen.tap(center(s.ui.layer_buttons[2]).x, center(s.ui.layer_buttons[2]).y);
    s = await waitState(page, 's => s.selection.layer === 2');
    for (let i = 0; i < 30 && !/3/.test(await live(page)); i++) await page.waitForTimeout(100);
    assert.match(await live(page), lang === 'en' ? /Layer 3/ : /第 3 层/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await page.screenshot({ path: path.join(ARTIFACTS, `devices-phone-b-${lang}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the page passes axe-core with no serious or critical violation', async () => {
  // axe is injected as a script (bypassCSP: the page's own CSP rightly refuses foreign scripts).
  const { page, context } = await open(SIZES[4], '', { bypassCSP: true });
  await page.addScriptTag({ path: path.join(ROOT, 'tests/node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`), []);
  const roles = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { role: c.getAttribute('role'), label: c.getAttribute('aria-label'), live: document.getElementById('vv-live').getAttribute('aria-live') };
  });
  assert.equal(roles.role, 'application');
  assert.ok(roles.label.length > 20);
  assert.equal(roles.live, 'polite');
  await context.close();
});

test("the model picker shows a long name whole where the bar has room, else shortened with '…' (never cut at the arrow)", async () => {
  for (const [size, whole] of [[SIZES[2], true], [SIZES[0], false]]) {
    const { page, context, errors } = await open(size, '?model=fashion-vit-14&lang=en');
    const s = await state(page);
    assert.equal(s.model.name, 'Fashion-MNIST ViT 14x14');
    assert.ok(onScreen(s.ui.model_combo, size.w, size.h));
    if (whole) assert.equal(s.ui.model_shown, s.model.name, `${size.w} px: the whole name`);
    else {
      assert.match(s.ui.model_shown, /…$/, `${size.w} px: "${s.ui.model_shown}"`);
      assert.ok(s.model.name.startsWith(s.ui.model_shown.slice(0, -1)), s.ui.model_shown);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `devices-${size.w}x${size.h}-long-name.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a phone: each tour step shows its module above the card, scrolled to what the step is about', async () => {
  const size = SIZES[1];
  const { page, context, errors } = await open(size, '?lang=zh-CN');
  let s = await state(page);
  await tap(page, true, s.ui.menu_button);
  s = await waitStable(page, 's => s.ui.tour_button[2] > 0 ? s.ui.tour_button : null', 10000);
  await tap(page, true, s.ui.tour_button);
  // step (1-based) -> the view it talks about, which must lie in the module shown, above the card
  // (step 10 opens Analyses at its rollout map: the window is the container there)
  const views = { 2: 'image', 4: 'attention', 5: 'attention', 7: 'channel_tiles', 9: 'strip', 10: 'rollout_map' };
  for (let step = 1; step <= 10; step++) {
    s = await waitStable(page, `s => s.ui.tour[2] > 0 && s.ui.tour_next[2] > 0 ? [s.ui.tour, s.ui.modules, s.ui.phone_module, s.ui.insights_rect, s.ui.rollout_map] : null`, 10000);
    const card = s.ui.tour, mod = step === 10 ? s.ui.insights_rect : s.ui.modules[s.ui.phone_module];
    if (step > 1) assert.ok(mod[1] + mod[3] <= card[1] + 0.5, `step ${step}: module ${mod} runs under the card ${card}`);
    if (views[step]) {
      const v = views[step] === 'channel_tiles' ? s.ui.channel_tiles[0] : s.ui[views[step]];
      assert.ok(v && v[3] > 0, `step ${step}: no ${views[step]}`);
      assert.ok(v[1] >= mod[1] - 0.5 && v[1] + Math.min(v[3], 120) <= mod[1] + mod[3] + 0.5,
        `step ${step}: ${views[step]} ${v} is not in view in the module ${mod}`);
    }
    if (step === 4) await page.screenshot({ path: path.join(ARTIFACTS, 'devices-phone-tour-4.png') });
    await tap(page, true, s.ui.tour_next);
    await page.waitForTimeout(300);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a phone: the analyses\' eight tabs keep their names whole (rows of buttons) and the logit lens keeps the class names', async () => {
  const { page, context, errors } = await open(SIZES[1], '?lang=zh-CN&analyses=7');
  const s = await waitStable(page, 's => s.ui.insights && s.ui.lens_cells.length > 0 ? [s.ui.insights_tabs, s.ui.lens_cells] : null', 10000)
    .then(() => state(page));
  const win = s.ui.insights_rect, tabs = s.ui.insights_tabs;
  assert.equal(tabs.length, 8);
  for (const t of tabs) {
    assert.ok(t[0] >= win[0] - 0.5 && t[0] + t[2] <= win[0] + win[2] + 0.5, `tab ${t} leaves the window ${win}`);
    assert.ok(t[2] >= 48, `a tab ${t[2]} px wide: its name cannot be whole`);
  }
  for (let i = 0; i < tabs.length; i++)
    for (let j = i + 1; j < tabs.length; j++) assert.ok(!overlap(tabs[i], tabs[j]), `tabs overlap: ${tabs[i]} / ${tabs[j]}`);
  for (const c of s.ui.lens_cells) assert.ok(c[2] <= c[3] + 0.5, `a lens cell's text (${c[2]} px) is wider than its column (${c[3]} px)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a phone: the rollout's discard slider and its label stay inside the Analyses window (both languages)", async () => {
  for (const lang of ['en', 'zh-CN']) {
    const { page, context, errors } = await open(SIZES[0], `?lang=${lang}&analyses=2`);
    const s = await waitStable(page, 's => s.ui.insights && s.ui.rollout_discard[2] > 0 ? [s.ui.insights_rect, s.ui.rollout_discard] : null', 10000);
    const win = s.ui.insights_rect, r = s.ui.rollout_discard;
    assert.ok(r[0] >= win[0] - 0.5 && r[0] + r[2] <= win[0] + win[2] + 0.5, `${lang}: the slider ${r} leaves the window ${win}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("a phone: 'Attention up close' keeps its step buttons and ◀ ▶ inside the window (both languages)", async () => {
  for (const lang of ['en', 'zh-CN']) {
    const { page, context, errors } = await open(SIZES[0], `?lang=${lang}&steps=row`);
    const s = await waitStable(page, 's => s.steps.open && s.steps.next[2] > 0 ? [s.steps.window, s.steps.step_pills, s.steps.next] : null', 10000)
      .then(() => state(page));
    const win = s.steps.window, right = win[0] + win[2];
    assert.equal(s.steps.step_pills.length, 7);
    for (const r of [...s.steps.step_pills, s.steps.prev, s.steps.next])
      assert.ok(r[0] >= win[0] - 0.5 && r[0] + r[2] <= right + 0.5, `${lang}: a button ${r} leaves the window ${win}`);
    await page.screenshot({ path: path.join(ARTIFACTS, `devices-phone-steps-${lang}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("a phone: 'Your own classes' keeps each class's name and its '+ add' button inside the window", async () => {
  const { page, context, errors } = await open(SIZES[0], '?lang=en');
  let s = await state(page);
  await tap(page, true, s.ui.module_tabs[3]);
  s = await waitState(page, 's => s.ui.phone_module === 3');
  s = await wheelIntoView(page, 's => s.ui.own_button', s.ui.modules[3]);
  await tap(page, true, s.ui.own_button);
  s = await waitStable(page, 's => s.ui.own_window[2] > 0 && s.ui.own_add.length >= 2 ? [s.ui.own_window, s.ui.own_add, s.ui.own_names] : null', 10000);
  s = await state(page);
  const win = s.ui.own_window, right = win[0] + win[2];
  for (const r of [...s.ui.own_names, ...s.ui.own_add])
    assert.ok(r[0] >= win[0] - 0.5 && r[0] + r[2] <= right + 0.5, `${r} leaves the window ${win}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'devices-phone-own-classes.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

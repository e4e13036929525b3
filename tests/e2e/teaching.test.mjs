// Teaching layer (#5): the "What happens here?" explanations, the guided tour (left and resumed), the
// eight analyses, and the UI in Chinese with its font subset.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, serve, sharedApp, state, waitStable, waitState } from './browser.mjs';
import { decodePng, regionStats } from './png.mjs';

const app = sharedApp('s => s.result && !s.busy && s.ui.tour_button[2] > 0 && s.ui.modules[0][2] > 0');
let browser, srv, page, context;
before(async () => {
  ({ browser, srv, page, context } = await app.open());
});

const click = (r) => app.click(r);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
// A click held across frames, as a person clicks (ImGui's tab bars and menus want to see the press first).
async function slowClick(r, p = page) {
  const c = center(r);
  await p.mouse.move(c.x, c.y);
  await pause(120);
  await p.mouse.down();
  await pause(80);
  await p.mouse.up();
}
// The state once check(state) holds, or the last one after `ms`.
async function until(check, ms = 15000) {
  const t0 = Date.now();
  for (;;) {
    const s = await state(page);
    if (check(s) || Date.now() - t0 > ms) return s;
    await pause(100);
  }
}
async function shot(name, rect) {
  const png = decodePng(await page.screenshot({ path: path.join(ARTIFACTS, name) }));
  const st = regionStats(png, rect.map(Math.round));
  assert.ok(st.colours > 20 && st.std > 5, `${name} looks blank`);
}

test('every module opens its explanation with the model\'s shapes', async () => {
  let s = await state(page);
  for (let m = 0; m < 4; m++) {
    const before = s.ui.info_headers[m];
    await slowClick(before);
    s = await waitState(page, `s => s.ui.info_open[${m}]`);
  }
  await pause(200);
  await shot('info-panels.png', [0, 40, 1366, 700]);
  for (let m = 0; m < 4; m++) await slowClick(s.ui.info_headers[m]);
  await waitState(page, 's => s.ui.info_open.every((o) => !o)');
});

test('the guided tour walks 11 steps, moving the selection; it can be left and resumed', async () => {
  let s = await state(page);
  await click(s.ui.tour_button);
  s = await waitState(page, 's => s.ui.tour_open && s.ui.tour_step === 0 && s.ui.tour_next[2] > 0');
  const { grid: g, prefix_tokens: pre, layers: L } = s.model;
  const centre = pre + Math.floor(g / 2) * g + Math.floor(g / 2);
  const checks = {
    1: (x) => x.selection.token === centre && x.selection.pinned && x.ui.info_open[0],
    3: (x) => x.selection.layer === 0 && x.selection.head === 0 && x.ui.info_open[1],
    5: (x) => x.selection.head === 1,
    6: (x) => x.selection.hidden === 1 && x.ui.info_open[2],
    7: (x) => x.selection.layer === L - 1 && x.selection.head === -1,
    8: (x) => x.selection.cls === x.result.top[0].index && x.ui.info_open[3],
    9: (x) => x.ui.insights && x.ui.insights_tab === 1 && x.ui.occlusion_map !== undefined,
    10: (x) => x.ui.own_window[2] > 0 && !x.ui.insights,
  };
  for (let i = 1; i < 11; i++) {
    s = await waitStable(page, 's => [s.ui.tour_step, s.ui.tour_next]');  // placed (a popup moves on its 2nd frame)
    await click(s.ui.tour_next);
    s = await waitState(page, `s => s.ui.tour_step === ${i}`);
    if (checks[i]) {
      s = await until(checks[i]);  // (a step's work, such as the occlusion map, may take a few frames)
      assert.ok(checks[i](s), `tour step ${i + 1} set the selection`);
    }
    if (i === 4) {
      await pause(150);
      await shot('tour-step5.png', s.ui.tour);
      await click(s.ui.tour_leave);  // leave in the middle ...
      s = await waitState(page, 's => !s.ui.tour_open && s.ui.tour_step === 4');
      await click(s.ui.tour_button);  // ... and resume where it was
      s = await waitState(page, 's => s.ui.tour_open && s.ui.tour_step === 4');
    }
  }
  await pause(300);
  s = await state(page);
  await shot('tour-step11.png', s.ui.tour);
  await click(s.ui.tour_next);  // Finish
  s = await waitState(page, 's => !s.ui.tour_open && s.ui.tour_step === 11 && s.ui.own_window[2] === 0');
});

test('the eight analyses each draw a view', async () => {
  let s = await state(page);
  if (!s.ui.insights) {
    await click(s.ui.insights_button);
    s = await waitState(page, 's => s.ui.insights && s.ui.insights_tabs.length === 8');
  }
  const views = ['pattern_cells', 'rollout_map', 'distance_plot', 'position_grid', 'filter_pcs', 'token_pca', 'lens_table', 'norms_plot'];
  for (let i = 0; i < 8; i++) {
    s = await state(page);
    await slowClick(s.ui.insights_tabs[i]);
    s = await waitState(page, `s => s.ui.insights_tab === ${i}`);
    await pause(200);
    s = await state(page);
    const v = s.ui[views[i]];
    const rect = Array.isArray(v[0]) ? v[0] : v;
    assert.ok(rect[2] > 0, `${views[i]} drawn`);
    if (i === 0) assert.equal(v.length, s.model.layers * s.model.heads, 'a cell per head');
    if (i === 2) {  // the dots' colours have a key (one numbered dot per head), inside the window
      const k = s.ui.distance_key, w = s.ui.insights_rect;
      assert.ok(k[2] > 0 && k[1] >= rect[1] + rect[3] && k[0] + k[2] <= w[0] + w[2], `key ${k} under the plot ${rect} in ${w}`);
    }
    if (i === 3) {  // a model started from sine-cosine position codes says so above its similarity grid
      assert.equal(s.ui.position_note[2] > 0, s.model.training.includes('--pos-init sincos'), `the note for: ${s.model.training}`);
    }
    if (i === 7) {  // the outlier threshold's line, when drawn, lies in the plot (it ran over the text above)
      const l = s.ui.norms_line;
      assert.ok(l[2] === 0 || (l[1] >= rect[1] && l[1] <= rect[1] + rect[3]), `threshold line ${l} in the plot ${rect}`);
    }
    if (i === 4) assert.ok(v.length >= Math.min(8, s.model.channels * s.model.patch ** 2), 'principal components of the patch filters');
    await shot(`analysis-${i + 1}-${views[i]}.png`, s.ui.insights_rect);
  }
});

test('the analyses are computed before drawing: a frame that only draws computes nothing, a new tab computes once', async () => {
  // A page of its own, opened at the rollout tab: nothing else of its result has been computed yet.
  const ctx = await openApp(browser, `${srv.url}?analyses=2`);
  const p = ctx.page;
  let s = await waitStable(p, 's => s.result && !s.busy && s.ui.insights_tab === 1 && s.ui.rollout_map[2] > 0 ? [s.result.generation, s.ui.analyses_computed] : null');
  const computed = s.ui.analyses_computed, frames = s.frames;
  assert.ok(computed >= 1, 'the rollout was computed');
  // The pointer over the map draws a frame a move (its tooltip), with the same snapshot and parameters.
  const m = s.ui.rollout_map;
  for (let i = 0; i < 12; i++) {
    await p.mouse.move(m[0] + (m[2] * (i + 0.5)) / 12, m[1] + m[3] / 2);
    await pause(40);
  }
  s = await waitState(p, `s => s.frames > ${frames + 5}`);  // frames were drawn (the moves' tooltips)
  assert.equal(s.ui.analyses_computed, computed, 'no frame recomputed the rollout');
  // Another tab: its analysis once; back again: the rollout is still there (same result and parameters).
  await slowClick(s.ui.insights_tabs[2], p);
  s = await waitStable(p, 's => s.ui.insights_tab === 2 && s.ui.distance_plot[2] > 0 ? [s.ui.analyses_computed] : null');
  assert.equal(s.ui.analyses_computed, computed + 1, 'the distances, once');
  await slowClick(s.ui.insights_tabs[1], p);
  s = await waitStable(p, 's => s.ui.insights_tab === 1 && s.ui.rollout_map[2] > 0 ? [s.ui.analyses_computed] : null');
  assert.equal(s.ui.analyses_computed, computed + 1, 'the rollout was kept');
  assert.deepEqual(ctx.errors, []);
  await ctx.context.close();
});

test('Chinese: every label switches, the CJK font subset loads, and the language goes into the link', async () => {
  const ctx = await openApp(browser, `${srv.url}?lang=zh-CN`);
  let s = await waitState(ctx.page, 's => s.result && s.ui.lang === "zh-CN" && s.ui.font_lang === 1');
  const res = await ctx.page.request.get(`${srv.url}fonts/cjk.ttf`);
  // GB2312's characters besides the catalogs' (a teacher's lesson in Chinese), not the whole 5 MB font.
  assert.ok((await res.body()).length < 1_300_000, 'the font subset stays small');
  await pause(300);
  const png = decodePng(await ctx.page.screenshot({ path: path.join(ARTIFACTS, 'zh-CN-1366x768.png') }));
  assert.ok(regionStats(png, [0, 0, 1366, 768]).colours > 50);
  assert.match(ctx.page.url(), /lang=zh-CN/);
  // The classes have their Chinese names (src/ui/i18n/zh-CN.models.json), in (d) as on the thumbnails.
  const zhClasses = JSON.parse(fs.readFileSync(new URL('../../src/ui/i18n/zh-CN.models.json', import.meta.url)));
  for (const c of s.result.top) {
    assert.equal(c.name, zhClasses[`class:${c.label}`], `${c.label} in Chinese`);
    assert.match(c.name, /[\u4e00-\u9fff]/);
  }
  // back to English from the language menu
  await slowClick(s.ui.lang_combo, ctx.page);
  await pause(300);  // a combo's list is placed on its second frame
  s = await waitState(ctx.page, 's => s.ui.lang_items.length === 2 && s.ui.lang_items[0][1] > s.ui.lang_combo[1]');
  await slowClick(s.ui.lang_items[0], ctx.page);
  s = await waitState(ctx.page, 's => s.ui.lang === "en"');
  assert.ok(s.result.top.every((c) => c.name === c.label), 'English shows the model\'s own class names');
  await ctx.context.close();
});

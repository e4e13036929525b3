// What a student walkthrough found (#16), the parts fixed so far: a wrong prediction is marked as wrong
// (not only the true class with ✓), the layer choice is linked both ways between (b) and (c), and the
// head thumbnails' labels stay apart when (b)'s "What happens here?" is open.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { ARTIFACTS, ROOT, center, overlap, sharedApp, state, waitStable, waitState, wheelIntoView } from './browser.mjs';
import { decodePng } from './png.mjs';

const ort = createRequire(import.meta.url)('onnxruntime-node');

const app = sharedApp('s => s.result && !s.busy && s.model.samples.filter((x) => x.loaded).length >= 20 && s.ui.thumbs.length >= 20');
let page;
before(async () => { ({ page } = await app.open()); });
const click = (r) => app.click(r);

// Share of the region's pixels that are clearly red (the ✗ verdict's colour) or green (✓).
async function tint(r) {
  const img = decodePng(await page.screenshot());
  let red = 0, green = 0, n = 0;
  for (let y = Math.floor(r[1]); y < r[1] + r[3]; y++)
    for (let x = Math.floor(r[0]); x < r[0] + r[2]; x++, n++) {
      const i = (y * img.width + x) * img.bpp, R = img.pixels[i], G = img.pixels[i + 1], B = img.pixels[i + 2];
      if (R > G + 60 && R > B + 60) red++;
      if (G > R + 60 && G > B + 30) green++;
    }
  return { red: red / n, green: green / n };
}

test('a wrong prediction says so in (d), in red, and a right one in green', async () => {
  let s = await state(page);
  let wrong = null, right = null;
  const top0 = s.ui.thumbs[0][1], pitch = s.ui.thumbs[6][1] - top0 || 46;  // the box's first row, unscrolled
  for (let i = 0; i < s.model.samples.length && !(wrong && right); i++) {
    const g = s.result.generation;
    if (s.selection.image !== i) {
      // The sample box shows a row or two: scroll it (the wheel over it) until sample i is wholly in view.
      const inView = (s) => { const t = s.ui.thumbs[i]; return t[1] >= top0 - 1 && t[1] + t[3] <= top0 + pitch + 10; };
      for (let k = 0; k < 20 && !inView(s); k++) {
        const t0 = s.ui.thumbs[0];
        await page.mouse.move(t0[0] + t0[2] / 2, top0 + 10);
        await page.mouse.wheel(0, s.ui.thumbs[i][1] > top0 ? 40 : -40);
        await page.waitForTimeout(150);
        s = await state(page);
      }
      await click(s.ui.thumbs[i]);
      s = await waitState(page, `s => s.result.generation > ${g} && s.result.image === ${i} && !s.busy && s.result.drawn`);
    }
    await page.waitForTimeout(150);
    s = await state(page);
    assert.equal(typeof s.result.correct, 'boolean', 'a sample has a true class');
    assert.equal(s.result.correct, s.result.top[0].index === s.result.true_label);
    assert.ok(s.ui.verdict[2] > 0 && s.ui.verdict[3] > 0, 'the verdict is drawn');
    if (!s.result.correct && !wrong) wrong = { i, tint: await tint(s.ui.verdict) };
    if (s.result.correct && !right) right = { i, tint: await tint(s.ui.verdict) };
  }
  assert.ok(wrong, 'the bundled model gets at least one of its samples wrong (Fashion-MNIST: ~90 % accuracy)');
  assert.ok(right);
  assert.ok(wrong.tint.red > 0.02 && wrong.tint.green < 0.005, `wrong: ${JSON.stringify(wrong.tint)}`);
  assert.ok(right.tint.green > 0.02 && right.tint.red < 0.005, `right: ${JSON.stringify(right.tint)}`);
  await click(s.ui.thumbs[wrong.i]);
  await waitState(page, `s => s.result.image === ${wrong.i} && !s.busy && s.result.drawn`);
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(ARTIFACTS, 'beginner-wrong-prediction.png') });
});

test('the layer chosen in (b) is the one (c) shows, and the other way round', async () => {
  let s = await state(page);
  await click(s.ui.layer_buttons[2]);  // (b): layer 3
  s = await waitState(page, 's => s.selection.layer === 2');
  assert.equal(s.selection.hidden, 3, '(c) shows the output of layer 3');
  await click(s.ui.hidden_buttons[2]);  // (c): the output of layer 2
  s = await waitState(page, 's => s.selection.hidden === 2');
  assert.equal(s.selection.layer, 1, '(b) shows the attention of layer 2');
});

test("the head thumbnails' labels stay apart with (b)'s explanation open", async () => {
  let s = await state(page);
  if (!s.ui.info_open[1]) await click(s.ui.info_headers[1]);
  s = await waitState(page, 's => s.ui.info_open[1] && s.ui.head_thumb_labels.length > 0');
  await page.waitForTimeout(300);
  s = await state(page);
  const labels = s.ui.head_thumb_labels, thumbs = s.ui.head_thumbs;
  assert.ok(s.ui.attention[2] >= 180, `the matrix shrank to ${s.ui.attention[2]} px`);
  assert.equal(labels.length, thumbs.length);
  for (let i = 0; i < labels.length; i++) {
    assert.ok(labels[i][0] + labels[i][2] <= thumbs[i][0] + thumbs[i][2], `label ${i} runs past its thumbnail`);
    if (i) assert.ok(labels[i][0] >= labels[i - 1][0] + labels[i - 1][2], `labels ${i - 1} and ${i} overlap`);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'beginner-info-open.png') });
});

test("the tour's Next button stays in one place unless the card would cover the step's subject, and Finish leaves Analyses and the own-classes window closed", async () => {
  let s = await state(page);
  await click(s.ui.tour_button);
  s = await waitState(page, 's => s.ui.tour_open && s.ui.tour_next[2] > 0');
  if (s.ui.tour_step !== 0) {  // a resumed tour: walk back to the start
    for (let i = s.ui.tour_step; i > 0; i--) { await click(s.ui.tour_back); s = await waitState(page, `s => s.ui.tour_step === ${i - 1}`); }
  }
  s = await waitStable(page, 's => s.ui.tour_step === 0 && s.ui.tour_next[2] > 0 ? [s.ui.tour, s.ui.tour_next] : null');
  const first = s.ui.tour_next, card0 = s.ui.tour;
  let moved = 0;
  for (let i = 1; i < 11; i++) {
    await click(s.ui.tour_next);
    s = await waitStable(page, `s => s.ui.tour_step === ${i} && s.ui.tour_next[2] > 0 ? [s.ui.tour, s.ui.tour_next] : null`);
    const still = [0, 1].every((k) => Math.abs(s.ui.tour_next[k] - first[k]) <= 1);
    if (!still) {  // only where the card in its place (bottom right, this step's height) would cover the subject
      const c = s.ui.tour, at = [card0[0], card0[1] + card0[3] - c[3], card0[2], c[3]];  // its usual width
      assert.ok(overlap(at, s.ui.tour_subject), `step ${i + 1}: Next moved to ${s.ui.tour_next} from ${first}`);
      moved++;
    }
  }
  assert.ok(moved < 10, 'the card keeps its place on most steps');
  assert.ok(s.ui.own_window[2] > 0, 'the last step shows "Your own classes"');
  await click(s.ui.tour_next);  // Finish
  s = await waitState(page, 's => !s.ui.tour_open');
  assert.equal(s.ui.insights, false, 'Finish closes what the tour opened');
  assert.equal(s.ui.own_window[2], 0, 'Finish closes what the tour opened');
});

test('the channel-through-the-layers row names each map (emb, 1, 2, …) under it', async () => {
  let s = await state(page);
  await click(s.ui.channel_tiles[3]);
  s = await waitState(page, 's => s.selection.channel >= 0 && s.ui.compare_labels.length === s.model.layers + 1');
  const maps = s.ui.compare_maps, labels = s.ui.compare_labels;
  assert.equal(labels.length, maps.length);
  for (let i = 0; i < maps.length; i++) {
    const mid = labels[i][0] + labels[i][2] / 2;
    assert.ok(Math.abs(mid - (maps[i][0] + maps[i][2] / 2)) <= 1.5, `label ${i} is not under its map`);
    assert.ok(labels[i][1] >= maps[i][1] + maps[i][3] && labels[i][1] <= maps[i][1] + maps[i][3] + 6, `label ${i} is not just below`);
    assert.ok(labels[i][2] <= maps[i][2] + 0.5, `label ${i} is wider than its map`);
  }
});

test("(c)'s maps can share one colour range across all layers: the largest |value| of any layer's patches", async () => {
  let s = await state(page);
  const index = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'models', 'index.json'), 'utf8'));
  const session = await ort.InferenceSession.create(path.join(ROOT, 'dist', 'models', index.models.find((m) => m.id === s.model.id).file));
  const x = await page.evaluate(() => window.vitvis.input(false));
  const size = Math.round(Math.sqrt(x.length));
  const out = await session.run({ pixel_values: new ort.Tensor('float32', Float32Array.from(x), [1, 1, size, size]) });
  const prefix = s.model.prefix_tokens;
  const patchMax = (l) => {
    const h = out[`hidden_${l}`], D = h.dims[2];
    let m = 0;
    for (let i = prefix * D; i < h.data.length; i++) m = Math.max(m, Math.abs(h.data[i]));
    return m;
  };
  const layers = [...Array(s.model.layers + 1).keys()];
  const all = Math.max(...layers.map(patchMax));
  const near = (a, b) => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b));
  await click(s.ui.hidden_buttons[1]);
  // (the range follows the selection in the next frame's views: wait for it, as below, then check it)
  s = await waitState(page, `s => s.selection.hidden === 1 && Math.abs(s.ui.layer_scale - ${patchMax(1)}) <= ${1e-4 * Math.max(1, patchMax(1))}`);
  assert.ok(near(s.ui.layer_scale, patchMax(1)), `this layer's range ${s.ui.layer_scale} vs ${patchMax(1)} (others: ${layers.map(patchMax)})`);
  assert.ok(patchMax(1) < all, 'the bundled model has a layer with larger values than layer 1');
  await click(s.ui.all_layers_box);
  s = await waitState(page, `s => Math.abs(s.ui.layer_scale - ${all}) <= ${1e-4 * Math.max(1, all)}`);
  await click(s.ui.hidden_buttons[s.model.layers]);
  s = await waitState(page, `s => s.selection.hidden === ${s.model.layers}`);
  assert.ok(near(s.ui.layer_scale, all), 'the same range on every layer');
  await page.screenshot({ path: path.join(ARTIFACTS, 'beginner-one-range.png') });
  await click(s.ui.all_layers_box);
  s = await waitState(page, `s => Math.abs(s.ui.layer_scale - ${patchMax(s.model.layers)}) <= ${1e-4 * Math.max(1, patchMax(s.model.layers))}`);
});

test('every formula has a sentence in words and terms that explain themselves on hover', async () => {
  let s = await state(page);
  for (let m = 0; m < 4; m++) {
    s = await state(page);
    if (s.ui.info_open.some((o, i) => o && i !== m)) {  // one box at a time: the terms listed are this one's
      for (let i = 0; i < 4; i++) if (s.ui.info_open[i] && i !== m) await click(s.ui.info_headers[i]);
    }
    s = await state(page);
    if (!s.ui.info_open[m]) await click(s.ui.info_headers[m]);
    s = await waitState(page, `s => s.ui.info_open[${m}] && s.ui.glossary_terms.length >= 6`);
    const seen = new Set();
    for (let i = 0; i < s.ui.glossary_terms.length; i++) {
      const t = (await state(page)).ui.glossary_terms[i];
      await page.mouse.move(t[0] + t[2] / 2, t[1] + t[3] / 2);
      const h = await waitState(page, 's => s.ui.glossary_hovered >= 0');
      seen.add(h.ui.glossary_hovered);
    }
    assert.equal(seen.size, s.ui.glossary_terms.length, `module ${m}: every term explains a different word`);
    // Words first: the formulas are behind "Show the math", one choice for every module.
    s = await waitState(page, 's => s.ui.math_buttons.length === 1');
    assert.equal(s.ui.show_math, m > 0, m > 0 ? 'the math stays shown in the next module' : 'words first: no math until asked');
    if (m === 0) {
      await click(s.ui.math_buttons[0]);
      s = await waitState(page, 's => s.ui.show_math');
    }
    if (m === 3) {
      await page.screenshot({ path: path.join(ARTIFACTS, 'beginner-glossary.png') });
      await click(s.ui.math_buttons[0]);
      s = await waitState(page, 's => !s.ui.show_math');
    }
  }
  s = await state(page);
  for (let i = 0; i < 4; i++) if (s.ui.info_open[i]) await click(s.ui.info_headers[i]);
});

test("(d) draws one class's lines at a time and points to the logit lens", async () => {
  let s = await state(page);
  if (!s.ui.unfolded) { await click(s.ui.fold_button); s = await waitState(page, 's => s.ui.unfolded'); }
  await page.mouse.move(2, 2);
  s = await waitState(page, 's => s.ui.lines_class >= 0 && s.ui.lines_caption[2] > 0');
  assert.equal(s.ui.lines_class, s.result.top[0].index, 'without a hovered class, the prediction\'s lines');
  const row = s.ui.top_rows[2];
  await page.mouse.move(row[0] + row[2] * 0.7, row[1] + row[3] / 2);
  s = await waitState(page, `s => s.ui.lines_class === ${s.result.top[2].index}`);
  await page.mouse.move(2, 2);
  const d = s.ui.modules[3], b = s.ui.lens_button;
  assert.ok(b[0] >= d[0] && b[0] + b[2] <= d[0] + d[2] && b[1] >= d[1] && b[1] + b[3] <= d[1] + d[3], 'the lens button is in view in (d)');
  await click(s.ui.lens_button);
  s = await waitState(page, 's => s.ui.insights && s.ui.insights_tab === 6 && s.ui.lens_cells.length > 0');
  assert.equal(s.ui.lens_cells.length % 3, 0, 'the lens table: top-3 classes per layer');
  assert.ok(s.ui.lens_marked >= 1, 'with no class hovered, the answer is in colour where it appears');
  await click(s.ui.insights_button);
  await waitState(page, 's => !s.ui.insights');
});

// Analyses, on its first tab (head patterns); resolves with the state once its cells are drawn.
async function openPatternsTab() {
  let s = await state(page);
  if (!s.ui.insights) { await click(s.ui.insights_button); s = await waitState(page, 's => s.ui.insights && s.ui.insights_tabs.length === 8'); }
  await page.waitForTimeout(300);  // the window's first frames place it
  s = await state(page);
  const tab = center(s.ui.insights_tabs[0]);  // a tab wants the pointer over it a frame before the press
  await page.mouse.move(tab.x, tab.y);
  await page.waitForTimeout(120);
  await page.mouse.down();
  await page.waitForTimeout(80);
  await page.mouse.up();
  await waitState(page, 's => s.ui.insights_tab === 0 && s.ui.pattern_cells.length > 0');
  await page.waitForTimeout(200);
  return state(page);
}

test('Analyses says what it means when most heads are heterogeneous', async () => {
  const s = await openPatternsTab();
  const heads = s.model.layers * s.model.heads;
  assert.equal(s.ui.head_patterns.length, heads);
  const mixed = s.ui.head_patterns.filter((p) => p === 'heterogeneous').length;
  assert.equal(s.ui.patterns_note[2] > 0, 4 * mixed >= 3 * heads, `${mixed} of ${heads} heads heterogeneous`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'beginner-patterns-note.png') });
  await click(s.ui.insights_button);
  await waitState(page, 's => !s.ui.insights');
});

test('the model card counts the head patterns itself before anyone has', async () => {
  let s = await state(page);
  assert.equal(s.model.survey.images, 0, 'not counted yet');
  assert.equal(s.ui.card_patterns[2], 0, 'no counts in the card yet');
  // The card is at the bottom of (d): scroll it (the wheel over (d)) until its button is wholly in view.
  const d = s.ui.modules[3];
  s = await wheelIntoView(page, 's => s.ui.card_survey', d);
  const b = s.ui.card_survey;
  assert.ok(b[2] > 0 && b[1] >= d[1] && b[1] + b[3] <= d[1] + d[3], `the card's button is in (d): ${b} in ${d}`);
  await click(b);
  const n = s.model.samples.filter((x) => x.loaded && !x.uploaded).length;
  s = await waitState(page, `s => !s.model.survey.running && s.model.survey.images === ${n} && s.ui.card_patterns[2] > 0`, 60000);
  assert.equal(Object.values(s.model.survey.counts).reduce((a, c) => a + c, 0), n * s.model.layers * s.model.heads);
  assert.equal(s.ui.card_survey[2], 0, 'the button gives way to the counts');
  if (s.model.survey.richest >= 0) {  // and under them, the sample with the most patterned heads, to open
    s = await wheelIntoView(page, 's => s.ui.card_richest', d);
    const r = s.ui.card_richest;
    assert.ok(r[2] > 0 && r[1] >= d[1] && r[1] + r[3] <= d[1] + d[3] && r[0] + r[2] <= d[0] + d[2], `"Open it" in the card: ${r} in ${d}`);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'beginner-card-counted.png') });
  await page.mouse.move(d[0] + d[2] / 2, d[1] + d[3] / 2);
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, -240);  // back to the top of (d)
});

test("the heads' patterns counted on all the model's samples, as the Python twin counts them, end in the model card", async () => {
  let s = await openPatternsTab();
  const n = s.model.samples.filter((x) => x.loaded && !x.uploaded).length, first = s.result.image;
  assert.ok(s.ui.survey_button[2] > 0 && s.ui.survey_button[1] + s.ui.survey_button[3] <= s.ui.insights_rect[1] + s.ui.insights_rect[3],
    `"Count them on all samples" is in the window: ${s.ui.survey_button} in ${s.ui.insights_rect}`);
  await click(s.ui.survey_button);
  s = await waitState(page, `s => !s.model.survey.running && s.model.survey.images === ${n}`, 60000);
  const counts = s.model.survey.counts, maps = n * s.model.layers * s.model.heads;
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), maps);
  // scripts/head_patterns.py: the same samples preprocessed by scripts/preprocess.py, run in PyTorch,
  // classified by the numpy twin of the app's classifier.
  const out = path.join(ARTIFACTS, 'head-patterns-samples.json');
  execFileSync('/usr/bin/python3', [path.join(ROOT, 'scripts', 'head_patterns.py'), path.join(ROOT, 'models', s.model.id, 'model.onnx'),
    '--samples', '--json', out], { stdio: 'ignore', timeout: 120000 });
  const twin = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(twin.images, n);
  assert.deepEqual(counts, twin.counts);
  // "Most patterns: …, N of its 16 head maps" names the twin's first sample with the most, and opens it.
  assert.equal(s.model.survey.richest, twin.richest);
  if (twin.richest >= 0) {
    assert.equal(s.model.survey.richest_maps, twin.per_image[twin.richest]);
    assert.ok(s.ui.survey_richest[2] > 0 && s.ui.survey_richest[1] + s.ui.survey_richest[3] <= s.ui.insights_rect[1] + s.ui.insights_rect[3],
      `"Open it" is in the window: ${s.ui.survey_richest} in ${s.ui.insights_rect}`);
    await click(s.ui.survey_richest);
    s = await waitState(page, `s => s.result.image === ${twin.richest} && !s.busy && s.ui.head_patterns_of === s.result.generation
      && s.ui.head_patterns.length === s.model.layers * s.model.heads`);  // the grid of the opened sample's result
    const patterned = s.ui.head_patterns.filter((p) => p !== 'heterogeneous').length;
    assert.equal(patterned, twin.per_image[twin.richest], 'the grid above shows as many patterned heads as the line said');
    await page.screenshot({ path: path.join(ARTIFACTS, 'beginner-richest-sample.png') });
  }
  await click(s.ui.insights_button);
  s = await waitState(page, 's => !s.ui.insights && s.ui.card_patterns[2] > 0');
  if (s.result.image !== first) {  // back to the image the other tests expect
    await click(s.ui.thumbs[first]);
    s = await waitState(page, `s => s.result.image === ${first} && !s.busy && s.ui.card_patterns[2] > 0`);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'beginner-card-patterns.png') });
});

test('every sample thumbnail has its name on it, within its width and height', async () => {
  const s = await state(page);
  const t = s.ui.thumbs, l = s.ui.thumb_labels;
  assert.equal(l.length, t.length);
  for (let i = 0; i < t.length; i++) {
    assert.ok(l[i][2] > 0, `thumbnail ${i} has a label`);
    assert.ok(l[i][0] >= t[i][0] - 0.5 && l[i][0] + l[i][2] <= t[i][0] + t[i][2] + 0.5, `label ${i} is wider than its thumbnail`);
    assert.ok(l[i][1] >= t[i][1] + t[i][3] / 2 && l[i][1] + l[i][3] <= t[i][1] + t[i][3] + 0.5, `label ${i} is not at the foot of its thumbnail`);
  }
});

test('the attention overlay on the image has a legend saying what its colours are', async () => {
  let s = await state(page);
  const im = s.ui.image;
  await page.mouse.move(im[0] + im[2] * 0.5, im[1] + im[3] * 0.5);
  s = await waitState(page, 's => s.selection.token >= s.model.prefix_tokens && s.ui.overlay_legend[2] > 0');
  const l = s.ui.overlay_legend;
  assert.ok(l[1] >= im[1] + im[3], 'the legend is under the image');
  assert.ok(l[0] + l[2] <= s.ui.modules[0][0] + s.ui.modules[0][2] + 0.5, 'the legend fits in (a)');
  await page.mouse.move(2, 2);
});

test('"one head through all layers" opens from (b) in one click', async () => {
  let s = await state(page);
  const b = s.ui.depth_button, m = s.ui.modules[1];
  assert.ok(b[2] > 0 && b[0] + b[2] <= m[0] + m[2] + 0.5, 'the button is drawn inside (b)');
  await click(b);
  s = await waitState(page, 's => s.steps.open && s.steps.tab === 1');
  await page.screenshot({ path: path.join(ARTIFACTS, 'beginner-head-through-depth.png') });
});

test("hovering a matrix cell marks that cell (at least 7 px) in the key's column", async () => {
  await page.keyboard.press('Escape');  // nothing pinned: hovering moves the selection
  let s = await waitState(page, 's => !s.selection.pinned');
  const a = s.ui.attention, n = s.model.tokens, cell = a[2] / n;
  // A whole pixel inside the cells of query 0.7 n and key 0.3 n (a cell is under 2 px at 197 tokens,
  // and the browser hands the pointer over in whole pixels), and the cells that pixel is in.
  const mx = Math.floor(a[0] + (Math.floor(n * 0.3) + 0.5) * cell), my = Math.floor(a[1] + (Math.floor(n * 0.7) + 0.5) * cell);
  const ki = Math.floor((mx - a[0]) / cell), qi = Math.floor((my - a[1]) / cell);
  await page.mouse.move(mx, my);
  s = await waitState(page, 's => s.ui.hover_cell[2] > 0');
  const h = s.ui.hover_cell;
  assert.ok(h[2] >= 7 && h[3] >= 7, `the marker is ${h[2]} px`);
  assert.ok(Math.abs(h[0] + h[2] / 2 - (a[0] + (ki + 0.5) * cell)) < 1, 'centred on the key column');
  assert.ok(Math.abs(h[1] + h[3] / 2 - (a[1] + (qi + 0.5) * cell)) < 1, 'centred on the query row');
  assert.equal(s.selection.token, qi, 'the row (query) is the selection');
  await page.mouse.move(2, 2);
});

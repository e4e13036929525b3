// What a student walkthrough found (#16), the parts fixed so far: a wrong prediction is marked as wrong
// (not only the true class with ✓), the layer choice is linked both ways between (b) and (c), and the
// head thumbnails' labels stay apart when (b)'s "What happens here?" is open.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, center, sharedApp, state, waitState } from './browser.mjs';
import { decodePng } from './png.mjs';

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

test("the tour's Next button stays in one place, and Finish leaves Analyses and the own-classes window closed", async () => {
  let s = await state(page);
  await click(s.ui.tour_button);
  s = await waitState(page, 's => s.ui.tour_open && s.ui.tour_next[2] > 0');
  if (s.ui.tour_step !== 0) {  // a resumed tour: walk back to the start
    for (let i = s.ui.tour_step; i > 0; i--) { await click(s.ui.tour_back); s = await waitState(page, `s => s.ui.tour_step === ${i - 1}`); }
  }
  await page.waitForTimeout(200);
  const first = (await state(page)).ui.tour_next;
  for (let i = 1; i < 11; i++) {
    await click(first);
    s = await waitState(page, `s => s.ui.tour_step === ${i} && s.ui.tour_next[2] > 0`);
    await page.waitForTimeout(200);
    s = await state(page);
    for (let k = 0; k < 2; k++) assert.ok(Math.abs(s.ui.tour_next[k] - first[k]) <= 1, `step ${i + 1}: Next moved to ${s.ui.tour_next} from ${first}`);
  }
  assert.ok(s.ui.own_window[2] > 0, 'the last step shows "Your own classes"');
  await click(first);  // Finish, where Next was
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

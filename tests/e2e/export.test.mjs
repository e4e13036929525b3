// Export (#6): each module as PNG, and the numbers behind (b), (c), (d) as CSV and JSON — the files
// must contain what the app shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, serve, sharedApp, state, waitStable, waitState } from './browser.mjs';
import { decodePng, regionStats } from './png.mjs';

const app = sharedApp('s => s.result && !s.busy && s.ui.save_button[2] > 0 && s.ui.channel_tiles.length > 0', { dpr: 1 });
let browser, srv, page, context;
before(async () => {
  ({ browser, srv, page, context } = await app.open());
});

const click = (r) => app.click(r);

// Opens the top bar's Save menu, picks item i, returns the downloaded file's name and bytes.
async function save(i) {
  let s = await state(page);
  await click(s.ui.save_button);
  s = await waitStable(page, 's => s.ui.save_items.length === 11 ? s.ui.save_items : null');
  const [dl] = await Promise.all([page.waitForEvent('download'), click(s.ui.save_items[i])]);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

// A CSV's "# model: …" lines (what it was saved from) as an object, and its table.
const aboutOf = (text) => Object.fromEntries(text.split('\n').filter((l) => l.startsWith('# ')).map((l) => {
  const i = l.indexOf(': ');
  return [l.slice(2, i), l.slice(i + 2)];
}));
const parseCsv = (text) => text.trim().split('\n').filter((l) => !l.startsWith('# ')).map((line) => {
  const out = [];
  let cur = '', q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) { if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c; }
    else if (c === '"') q = true;
    else if (c === ',') { out.push(cur); cur = ''; }
    else cur += c;
  }
  out.push(cur);
  return out;
});

test('probabilities as CSV and JSON match the classification shown', async () => {
  const s = await state(page);
  const csv = await save(8);
  assert.match(csv.name, new RegExp(`^vitvis_Fashion-MNIST_ViT_probabilities_img${s.result.image + 1}-[A-Za-z_-]+\\.csv$`));  // model, what, image and its class
  const rows = parseCsv(csv.bytes.toString());
  assert.deepEqual(rows[0], ['rank', 'class', 'label', 'logit', 'probability']);
  assert.equal(rows.length - 1, s.model.classes);
  for (let i = 0; i < s.result.top.length; i++) {
    assert.equal(rows[i + 1][2], s.result.top[i].label);
    assert.ok(Math.abs(Number(rows[i + 1][4]) - s.result.top[i].probability) < 1e-7);
  }
  const json = JSON.parse((await save(9)).bytes.toString());
  assert.equal(json.classes[0].label, s.result.top[0].label);
  // both say which model and image the numbers come from
  const about = aboutOf(csv.bytes.toString());
  assert.equal(about.model, s.model.name);
  assert.equal(about.image, `sample ${s.result.image + 1}`);
  assert.equal(about['true class'], rows.find((r) => Number(r[1]) === s.result.true_label)[2]);
  assert.match(about.predicted, new RegExp(`^${s.result.top[0].label.replace(/[/()]/g, '\\$&')} \\(`));
  assert.deepEqual(json.about, about);
});

test('the attention matrix as CSV and JSON holds the rows the heatmap shows', async () => {
  let s = await state(page);
  const [x, y, w] = s.ui.attention;
  const cell = w / s.model.tokens, q = 11;
  await page.mouse.click(x + 2.5 * cell, y + (q + 0.5) * cell);  // pin query row 11
  s = await waitState(page, `s => s.selection.token === ${q} && s.selection.pinned && s.attention_row.length === ${s.model.tokens}`);
  const csv = await save(4);
  assert.match(csv.name, /attention_L1_H1_img\d+-[A-Za-z_-]+\.csv$/);
  const rows = parseCsv(csv.bytes.toString());
  assert.equal(rows.length, s.model.tokens + 1);
  assert.equal(rows[0][1], 'CLS');
  assert.equal(rows[q + 1][0], `patch (${Math.floor((q - 1) / s.model.grid) + 1}, ${(q - 1) % s.model.grid + 1})`);
  const shown = s.attention_row;
  rows[q + 1].slice(1).forEach((v, j) => assert.ok(Math.abs(Number(v) - shown[j]) < 1e-7, `column ${j}`));
  for (const r of rows.slice(1)) assert.ok(Math.abs(r.slice(1).reduce((a, v) => a + Number(v), 0) - 1) < 1e-4);
  const about = aboutOf(csv.bytes.toString());
  assert.equal(about.layer, '1');
  assert.equal(about.head, '1');
  assert.equal(about['selected token'], rows[q + 1][0]);
  const json = JSON.parse((await save(5)).bytes.toString());
  assert.equal(json.about.model, s.model.name);
  assert.equal(json.layer, 1);
  assert.equal(json.head, 1);
  assert.deepEqual(json.attention[q].map((v) => Math.round(v * 1e6)), shown.map((v) => Math.round(v * 1e6)));
});

test('a channel map as CSV once a map is chosen', async () => {
  let s = await state(page);
  await click(s.ui.channel_tiles[0]);
  s = await waitState(page, 's => s.selection.channel >= 0');
  const csv = await save(6);
  assert.match(csv.name, new RegExp(`hidden${s.selection.hidden}_channel${s.selection.channel}_img\\d+-[A-Za-z_-]+\\.csv$`));
  const rows = parseCsv(csv.bytes.toString());
  assert.equal(rows.length, s.model.grid + 1);
  assert.equal(rows[1].length, s.model.grid + 1);
  assert.ok(rows.slice(1).flatMap((r) => r.slice(1)).some((v) => Number(v) !== 0));
});

test('each module saves as a PNG of its own size that is not blank', async () => {
  const s = await state(page);
  for (const m of [0, 1, 2, 3]) {
    const png = await save(m);
    assert.match(png.name, /\.png$/);
    const img = decodePng(png.bytes);
    const [, , w, h] = s.ui.modules[m];
    assert.ok(Math.abs(img.width - w) <= 1 && Math.abs(img.height - h) <= 1, `${png.name}: ${img.width}x${img.height} vs ${w}x${h}`);
    assert.ok(regionStats(img, [0, 0, img.width, img.height]).colours > 30, `${png.name} is blank`);
  }
});

test('a PNG saved from the open Save menu has no menu in it: the module as the screen shows it without one', async () => {
  let s = await state(page);
  const m = 3;  // (d): the top bar's Save menu drops over it
  const [x, y, w, h] = s.ui.modules[m];
  await page.mouse.move(2, s.ui.modules[0][1] + 200);  // (no tooltip over (d) in the screenshot)
  await waitState(page, 's => s.ui.motion.running.length === 0');  // (d)'s bars have grown
  await waitStable(page, 's => s.ui.modules[3]');
  const plain = decodePng(await page.screenshot({ clip: { x, y, width: w, height: h }, path: path.join(ARTIFACTS, 'export-plain.png') }));
  await click(s.ui.save_button);
  s = await waitStable(page, 's => s.ui.save_items.length === 11 ? s.ui.save_items : null');
  const menu = s.ui.save_items;
  assert.ok(menu.some((r) => r[0] < x + w && r[0] + r[2] > x && r[1] < y + h && r[1] + r[3] > y), 'the menu lies over (d)');
  const [dl] = await Promise.all([page.waitForEvent('download'), click(menu[m])]);
  assert.match(dl.suggestedFilename(), /^vitvis_Fashion-MNIST_ViT_classification_img\d+-[A-Za-z_-]+\.png$/);
  const saved = decodePng(fs.readFileSync(await dl.path()));
  fs.copyFileSync(await dl.path(), path.join(ARTIFACTS, 'export-from-menu.png'));
  assert.equal(saved.width, plain.width);
  assert.equal(saved.height, plain.height);
  // The read-back and the screenshot's clip may start a pixel apart (the module's place is fractional):
  // the best of the shifts by up to one pixel is the same picture; a menu would differ at every shift.
  const px = (img, x, y, c) => img.pixels[(y * img.width + x) * img.bpp + c];
  let best = Infinity;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      let sum = 0, n = 0;
      for (let yy = 2; yy < saved.height - 2; yy++)
        for (let xx = 2; xx < saved.width - 2; xx++, n++)
          for (let c = 0; c < 3; c++) sum += Math.abs(px(saved, xx, yy, c) - px(plain, xx + dx, yy + dy, c));
      best = Math.min(best, sum / n);
    }
  assert.ok(best < 3, `the saved PNG differs from the module without a menu by ${best.toFixed(2)} per pixel`);
});

// Opens "Figure for slides" from the Save menu, picks what and how, saves; returns the download.
async function figure({ kind, scale, light, svg }) {
  let s = await state(page);
  if (!(s.ui.figure_window[2] > 0)) {
    await click(s.ui.save_button);
    s = await waitStable(page, 's => s.ui.save_items.length === 11 ? s.ui.save_items : null');
    await click(s.ui.save_items[10]);
    s = await waitStable(page, 's => s.ui.figure_window[2] > 0 && s.ui.figure_kinds.length === 5 ? s.ui : null');
  }
  s = await state(page);
  await click(s.ui.figure_kinds[kind]);
  await click(s.ui.figure_scales[[1, 2, 4].indexOf(scale)]);
  s = await waitState(page, `s => s.ui.figure_kind === ${kind} && s.ui.figure_scale === ${scale}`);
  if (light === false) await click(s.ui.figure_light);
  s = await waitStable(page, 's => s.ui.figure_png[2] > 0 ? s.ui : null');
  const [dl] = await Promise.all([page.waitForEvent('download'), click(svg ? s.ui.figure_svg : s.ui.figure_png)]);
  if (light === false) await click((await state(page)).ui.figure_light);  // back to light for the next
  const bytes = fs.readFileSync(await dl.path());
  fs.writeFileSync(path.join(ARTIFACTS, `figure-${dl.suggestedFilename()}`), bytes);
  return { name: dl.suggestedFilename(), bytes };
}

test('a figure for slides: the attention matrix alone, with its caption, at 1x and 4x, light or dark, and as SVG', async () => {
  let s = await state(page);
  const trueName = parseCsv((await save(8)).bytes.toString()).find((r) => Number(r[1]) === s.result.true_label)[2];
  const one = await figure({ kind: 1, scale: 1 });
  assert.match(one.name, /^vitvis_Fashion-MNIST_ViT_attention_L\d+_H\d+_img\d+-[A-Za-z_-]+_1x\.png$/);
  const a = decodePng(one.bytes);
  const four = decodePng((await figure({ kind: 1, scale: 4 })).bytes);
  assert.equal(four.width, 4 * a.width);
  assert.equal(four.height, 4 * a.height);
  const px = (img, x, y) => [0, 1, 2].map((c) => img.pixels[(y * img.width + x) * img.bpp + c]);
  assert.deepEqual(px(a, 2, 2), [255, 255, 255]);  // light: white, for slides and print
  // The picture is the matrix the app shows: its row of the pinned query, cell by cell, is brighter
  // where the weight is larger (viridis grows in brightness), at the 1x layout's 360-unit picture.
  const n = s.model.tokens, q = s.selection.token, row = s.attention_row;
  const top = 20 + 18 + 10, cell = 360 / n;
  const lum = (j) => px(a, Math.floor(20 + (j + 0.5) * cell), Math.floor(top + (q + 0.5) * cell)).reduce((x, y) => x + y, 0);
  const hi = row.indexOf(Math.max(...row)), lo = row.indexOf(Math.min(...row));
  assert.ok(lum(hi) > lum(lo) + 100, `cell ${hi} (${row[hi]}) vs ${lo} (${row[lo]})`);
  // Below the picture: caption text (dark pixels on the white background).
  let ink = 0;
  for (let y = top + 370; y < a.height; y++) for (let x = 0; x < a.width; x++) ink += px(a, x, y)[0] < 128;
  assert.ok(ink > 300, `caption pixels: ${ink}`);
  const dark = decodePng((await figure({ kind: 1, scale: 1, light: false })).bytes);
  assert.ok(px(dark, 2, 2)[0] < 60, 'dark background');
  const svg = (await figure({ kind: 1, scale: 1, svg: true })).bytes.toString();
  assert.match(svg, /^<svg /);
  assert.ok(svg.includes(`Model: ${s.model.name}`), 'the caption names the model');
  assert.ok(svg.includes(`true class: ${trueName}`), 'and the true class');
  assert.match(svg, new RegExp(`Attention weights · layer ${s.selection.layer + 1} · head ${s.selection.head + 1}`));
  // the top classes are bars: vectors, with the true class marked
  const bars = (await figure({ kind: 4, scale: 1, svg: true })).bytes.toString();
  assert.ok(!bars.includes('<image'), 'bars need no picture');
  assert.ok(bars.includes(`>${s.result.top[0].label}`), 'the top class is a label');
  s = await state(page);
  assert.match(s.status.text, /Saved vitvis_.*\.svg/);
});

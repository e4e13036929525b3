// Export (#6): each module as PNG, and the numbers behind (b), (c), (d) as CSV and JSON — the files
// must contain what the app shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { center, launch, openApp, serve, sharedApp, state, waitStable, waitState } from './browser.mjs';
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
  s = await waitStable(page, 's => s.ui.save_items.length === 10 ? s.ui.save_items : null');
  const [dl] = await Promise.all([page.waitForEvent('download'), click(s.ui.save_items[i])]);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

const parseCsv = (text) => text.trim().split('\n').map((line) => {
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
  assert.match(csv.name, /^vitvis_.*_probabilities\.csv$/);
  const rows = parseCsv(csv.bytes.toString());
  assert.deepEqual(rows[0], ['rank', 'class', 'label', 'logit', 'probability']);
  assert.equal(rows.length - 1, s.model.classes);
  for (let i = 0; i < s.result.top.length; i++) {
    assert.equal(rows[i + 1][2], s.result.top[i].label);
    assert.ok(Math.abs(Number(rows[i + 1][4]) - s.result.top[i].probability) < 1e-7);
  }
  const json = JSON.parse((await save(9)).bytes.toString());
  assert.equal(json.classes[0].label, s.result.top[0].label);
});

test('the attention matrix as CSV and JSON holds the rows the heatmap shows', async () => {
  let s = await state(page);
  const [x, y, w] = s.ui.attention;
  const cell = w / s.model.tokens, q = 11;
  await page.mouse.click(x + 2.5 * cell, y + (q + 0.5) * cell);  // pin query row 11
  s = await waitState(page, `s => s.selection.token === ${q} && s.selection.pinned && s.attention_row.length === ${s.model.tokens}`);
  const csv = await save(4);
  assert.match(csv.name, /attention_L1_H1\.csv$/);
  const rows = parseCsv(csv.bytes.toString());
  assert.equal(rows.length, s.model.tokens + 1);
  assert.equal(rows[0][1], 'CLS');
  assert.equal(rows[q + 1][0], `patch (${Math.floor((q - 1) / s.model.grid) + 1}, ${(q - 1) % s.model.grid + 1})`);
  const shown = s.attention_row;
  rows[q + 1].slice(1).forEach((v, j) => assert.ok(Math.abs(Number(v) - shown[j]) < 1e-7, `column ${j}`));
  for (const r of rows.slice(1)) assert.ok(Math.abs(r.slice(1).reduce((a, v) => a + Number(v), 0) - 1) < 1e-4);
  const json = JSON.parse((await save(5)).bytes.toString());
  assert.equal(json.layer, 1);
  assert.equal(json.head, 1);
  assert.deepEqual(json.attention[q].map((v) => Math.round(v * 1e6)), shown.map((v) => Math.round(v * 1e6)));
});

test('a channel map as CSV once a map is chosen', async () => {
  let s = await state(page);
  await click(s.ui.channel_tiles[0]);
  s = await waitState(page, 's => s.selection.channel >= 0');
  const csv = await save(6);
  assert.match(csv.name, new RegExp(`hidden${s.selection.hidden}_channel${s.selection.channel}\\.csv$`));
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

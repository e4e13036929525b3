// The 14 x 14 Fashion-MNIST model (#16, models/fashion-vit-14): ViT-B/16's grid of 197 tokens in the app,
// its heads counted by the model card as the Python twin counts them, and the Positions analysis saying
// that its position embeddings started as sine-cosine codes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ARTIFACTS, ROOT, center, openApp, sharedApp, state, waitStable, waitState, wheelIntoView } from './browser.mjs';

const ID = 'fashion-vit-14';
const app = sharedApp('s => s.result && !s.busy && s.model.samples.filter((x) => x.loaded).length >= 20', { url: `?model=${ID}` });
let page;
before(async () => { ({ page } = await app.open()); });

// A click that ImGui sees: the pointer over the item a frame before the press.
async function press(r) {
  const c = center(r);
  await page.mouse.move(c.x, c.y);
  await page.waitForTimeout(120);
  await page.mouse.down();
  await page.waitForTimeout(80);
  await page.mouse.up();
}

test('the 14 x 14 model is ViT-B/16-shaped: 196 patches of 2 x 2 pixels and the class token', async () => {
  const s = await state(page);
  assert.equal(s.model.id, ID);
  assert.equal(s.model.grid, 14);
  assert.equal(s.model.patch, 2);
  assert.equal(s.model.tokens, 197);
  assert.equal(s.result.probabilities.length, 10);
  assert.ok(s.model.training.includes('--pos-init sincos') && s.model.training.includes('--attn-init mimetic'), s.model.training);
});

test("its model card counts the heads' patterns on its samples as scripts/head_patterns.py does", async () => {
  let s = await state(page);
  const d = s.ui.modules[3];
  s = await wheelIntoView(page, 's => s.ui.card_survey', d);  // the card is at the bottom of (d)
  await press(s.ui.card_survey);
  const n = s.model.samples.filter((x) => x.loaded && !x.uploaded).length;
  s = await waitState(page, `s => !s.model.survey.running && s.model.survey.images === ${n} && s.ui.card_patterns[2] > 0`, 60000);
  const out = path.join(ARTIFACTS, 'lesson-head-patterns.json');
  execFileSync('/usr/bin/python3', [path.join(ROOT, 'scripts', 'head_patterns.py'), path.join(ROOT, 'models', ID, 'model.onnx'),
    '--samples', '--json', out], { stdio: 'ignore', timeout: 120000 });
  const twin = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(twin.images, n);
  assert.deepEqual(s.model.survey.counts, twin.counts);
  await page.screenshot({ path: path.join(ARTIFACTS, 'lesson-card.png') });
  await page.mouse.move(d[0] + d[2] / 2, d[1] + d[3] / 2);
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, -240);
});

test('Analyses -> Positions says its position embeddings started as sine-cosine codes', async () => {
  let s = await state(page);
  await press(s.ui.insights_button);
  s = await waitState(page, 's => s.ui.insights && s.ui.insights_tabs.length === 8');
  await page.waitForTimeout(300);
  s = await state(page);
  await press(s.ui.insights_tabs[3]);
  s = await waitState(page, 's => s.ui.insights_tab === 3 && s.ui.position_note[2] > 0');
  const note = s.ui.position_note, grid = s.ui.position_grid;
  assert.ok(note[1] + note[3] <= grid[1] + 1, 'the note is above the similarity grid');
  await page.screenshot({ path: path.join(ARTIFACTS, 'lesson-positions.png') });
  await press(s.ui.insights_button);
  await waitState(page, 's => !s.ui.insights');
});

test("the default model's (c) offers it for finer maps, one click away (index.json \"finer\")", async () => {
  const index = JSON.parse(fs.readFileSync(path.join(ROOT, 'models', 'index.json'), 'utf8'));
  const first = index.models[0];
  assert.equal(first.finer, ID, 'the default names the 14 x 14 model as its finer grid');
  const ctx = await openApp(app.browser, app.srv.url);
  let s = await waitState(ctx.page, 's => s.result && !s.busy && s.ui.finer_grid[2] > 0');
  assert.equal(s.model.id, first.id);
  assert.equal(s.model.grid, 7);
  const c = s.ui.modules[2], b = s.ui.finer_grid;  // in (c) (modules: a, b, c, d), wholly
  assert.ok(b[0] >= c[0] && b[1] >= c[1] && b[0] + b[2] <= c[0] + c[2] && b[1] + b[3] <= c[1] + c[3], `${b} in (c) ${c}`);
  const m = center(b);
  await ctx.page.mouse.move(m.x, m.y);
  await ctx.page.waitForTimeout(120);
  await ctx.page.mouse.down();
  await ctx.page.waitForTimeout(80);
  await ctx.page.mouse.up();
  s = await waitState(ctx.page, `s => s.model.id === "${ID}" && s.result && !s.busy && s.model.tokens === 197`);
  assert.equal(s.model.grid, 14, 'its maps are 14 x 14');
  // The model can arrive between frames: (c)'s rects are those of the frames drawn after it.
  s = await waitStable(ctx.page, 's => [s.frames, s.ui.finer_grid]', 20000);
  assert.equal(s.ui.finer_grid[2], 0, 'the finer model offers no finer one');
  await ctx.page.mouse.move(5, 760);  // (the pointer off the checkbox that now sits under it)
  await ctx.page.waitForTimeout(200);
  await ctx.page.screenshot({ path: path.join(ARTIFACTS, 'lesson-finer-maps.png') });
  await ctx.context.close();
});

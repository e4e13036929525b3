// Watch a ViT learn (#37): the Training window trains a small ViT in a worker (the core's trainer in its
// own wasm) on the Fashion-MNIST subset built into dist/data, while the app keeps drawing frames; the
// model learns (held-out accuracy far above the 10 % of guessing), pauses where asked, and a data set
// that cannot be read is said in the window and the status line with the app still working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, serve, state, waitStable, waitState } from './browser.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.stop(); });

const click = (page, r) => page.mouse.click(center(r).x, center(r).y);

test('a small ViT trains in the browser, learns, and the app stays responsive', async () => {
  const { page, context, errors } = await openApp(browser, srv.url, { width: 1366, height: 768 });
  let s = await waitStable(page, 's => s.result && !s.busy ? s.ui.training_button : null');
  await click(page, s.ui.training_button);
  // Ready: a fresh model and a first look at it (step 0) before any training.
  s = await waitStable(page, 's => s.training.state === "ready" && s.training.evals === 1 && s.ui.training_go[2] > 0 ? s.ui.training_go : null', 60000);
  assert.ok(s.training.params > 10000, `a real model: ${s.training.params} parameters`);
  assert.equal(s.training.snapshot_step, 0);
  assert.equal(s.ui.training_heads.length, s.training.heads, 'one picture per head');
  assert.equal(s.training.pos_sim, 16 * 16, 'the position codes of 4 x 4 patches compared');
  const frames = s.frames;
  await click(page, s.ui.training_go);
  s = await waitState(page, 's => s.training.state === "running" || s.training.state === "failed"');
  assert.equal(s.training.state, 'running', s.training.error);
  s = await waitState(page, 's => (s.training.step >= 200 && s.training.evals >= 3) || s.training.state === "failed"', 120000);
  assert.notEqual(s.training.state, 'failed', s.training.error);
  assert.ok(s.training.held_accuracy > 0.3, `held-out accuracy ${s.training.held_accuracy} after ${s.training.step} steps`);
  assert.ok(s.training.last_loss < s.training.first_loss - 0.5, `loss ${s.training.first_loss} -> ${s.training.last_loss}`);
  assert.ok(s.frames - frames >= 20, `the page drew ${s.frames - frames} frames while training`);
  assert.ok(s.training.history >= 3, `snapshots kept for the timeline: ${s.training.history}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'training-1366x768.png') });
  // Pause: it stops where it is.
  await click(page, s.ui.training_go);
  s = await waitState(page, 's => s.training.state === "paused"', 20000);
  const at = s.training.step;
  await new Promise((r) => setTimeout(r, 600));
  s = await state(page);
  assert.equal(s.training.step, at, 'no steps after the pause');
  // The timeline: back to the first snapshot (step 0) and its pictures, then the latest again.
  s = await waitStable(page, 's => s.ui.training_timeline[2] > 0 ? s.ui.training_timeline : null');
  const [tx, ty, tw, th] = s.ui.training_timeline;
  await page.mouse.click(tx + 3, ty + th / 2);
  s = await waitState(page, 's => s.training.looking === 0 && s.training.shown_step === 0');
  await page.screenshot({ path: path.join(ARTIFACTS, 'training-timeline-step0.png') });
  s = await waitStable(page, 's => s.ui.training_latest[2] > 0 ? s.ui.training_latest : null');
  await click(page, s.ui.training_latest);
  s = await waitState(page, `s => s.training.looking === -1 && s.training.shown_step === ${s.training.snapshot_step}`);
  // Settings changed, then Start: a new model with them trains (not the old one), and the run before
  // stays to compare with. Position codes: "none" (the list's third choice).
  assert.equal(s.training.configured_pos, 0);
  await click(page, s.ui.training_pos_combo);
  s = await waitStable(page, 's => s.ui.training_pos_items.length === 3 ? s.ui.training_pos_items : null');
  await click(page, s.ui.training_pos_items[2]);
  s = await waitStable(page, 's => s.ui.training_pos_items.length === 0 ? s.ui.training_go : null');
  await click(page, s.ui.training_go);
  s = await waitState(page, 's => s.training.configured_pos === 2 && s.training.state === "running" && s.training.step >= 20', 60000);
  assert.ok(s.training.previous_evals >= 3, `the first run's curves kept (${s.training.previous_evals} points)`);
  assert.equal(s.training.pos_sim, 0, 'no position codes to compare');
  await click(page, s.ui.training_go);  // pause
  s = await waitState(page, 's => s.training.state === "paused"', 20000);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the ready-made experiments set the model up and start it, with what to watch', async () => {
  const { page, context, errors } = await openApp(browser, srv.url, { width: 1366, height: 768 });
  let s = await waitStable(page, 's => s.result && !s.busy ? s.ui.training_button : null');
  await click(page, s.ui.training_button);
  s = await waitStable(page, 's => s.training.state === "ready" && s.ui.training_experiments.length === 3 ? s.ui.training_experiments : null', 60000);
  await page.screenshot({ path: path.join(ARTIFACTS, 'training-experiments.png') });
  // "No position codes": a model without them trains at once.
  await click(page, s.ui.training_experiments[1]);
  s = await waitState(page, 's => s.training.experiment === 1 && s.training.configured_pos === 2 && s.training.state === "running"', 60000);
  assert.equal(s.training.pos_sim, 0, 'no position codes to compare');
  s = await waitStable(page, 's => s.training.state === "running" ? s.ui.training_go : null');
  await click(page, s.ui.training_go);  // pause
  s = await waitStable(page, 's => s.training.state === "paused" ? s.ui.training_experiments : null', 20000);
  // "The grid from nothing": 7 x 7 patches of 4 px with learned codes.
  await click(page, s.ui.training_experiments[2]);
  s = await waitState(page, 's => s.training.experiment === 2 && s.training.configured_patch === 4 && s.training.configured_pos === 0 && s.training.state === "running"', 60000);
  s = await waitStable(page, 's => s.training.state === "running" ? s.ui.training_go : null');
  await click(page, s.ui.training_go);
  await waitState(page, 's => s.training.state === "paused"', 20000);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a hidden tab pauses the training, and it resumes when the tab is shown again', async () => {
  const { page, context, errors } = await openApp(browser, srv.url, { width: 1366, height: 768 });
  let s = await waitStable(page, 's => s.result && !s.busy ? s.ui.training_button : null');
  await click(page, s.ui.training_button);
  s = await waitStable(page, 's => s.training.state === "ready" && s.ui.training_go[2] > 0 ? s.ui.training_go : null', 60000);
  await click(page, s.ui.training_go);
  s = await waitState(page, 's => s.training.state === "running" && s.training.step >= 10', 60000);
  // The page as the browser sees it when the student switches tabs (document.hidden, visibilitychange).
  const visibility = (hidden) => page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await visibility(true);
  s = await waitState(page, 's => s.training.state === "paused"', 20000);
  const at = s.training.step;
  await new Promise((r) => setTimeout(r, 800));
  assert.equal((await state(page)).training.step, at, 'no steps while hidden');
  await visibility(false);
  s = await waitState(page, `s => s.training.state === "running" && s.training.step > ${at}`, 60000);
  assert.match(s.status.text, /Training resumed: it paused while this tab was hidden/);
  await click(page, s.ui.training_go);  // pause (the student's own)
  s = await waitState(page, 's => s.training.state === "paused"', 20000);
  await visibility(true);
  await visibility(false);
  await new Promise((r) => setTimeout(r, 800));
  assert.equal((await state(page)).training.state, 'paused', "a pause the student chose stays");
  assert.deepEqual(errors, []);
  await context.close();
});

test('a data set that cannot be read is said, and the app keeps working', async () => {
  const { page, context, errors } = await openApp(browser, srv.url, { width: 1366, height: 768, serviceWorkers: 'block' });
  await page.route('**/data/*.bin', (r) => r.fulfill({ status: 404, body: '' }));
  let s = await waitStable(page, 's => s.result && !s.busy ? s.ui.training_button : null');
  await click(page, s.ui.training_button);
  s = await waitState(page, 's => s.training.state === "failed"', 60000);
  assert.match(s.training.error, /404/);
  assert.match(s.status.text, /Training stopped/);
  // The app is as it was: another image still classifies.
  await click(page, s.ui.thumbs[2]);
  s = await waitState(page, `s => s.result && !s.busy && s.selection.image === 2`);
  assert.ok(s.result.top.length > 0);
  assert.deepEqual(errors.filter((e) => !/404 .*data\/fashion-mnist/.test(e)), [], 'nothing but the refused file');
  await context.close();
});

test('the trained model can be saved as a checkpoint and explored in the four modules', async () => {
  const { page, context, errors } = await openApp(browser, srv.url, { width: 1366, height: 768 });
  let s = await waitStable(page, 's => s.result && !s.busy ? s.ui.training_button : null');
  await click(page, s.ui.training_button);
  s = await waitStable(page, 's => s.training.state === "ready" && s.ui.training_go[2] > 0 ? s.ui.training_go : null', 60000);
  await click(page, s.ui.training_go);
  s = await waitState(page, 's => s.training.step >= 60', 60000);
  await click(page, s.ui.training_go);
  s = await waitStable(page, 's => s.training.state === "paused" ? s.ui.training_save : null', 20000);
  // Save: two files, the pair the app opens again.
  const names = [];
  page.on('download', (d) => names.push(d.suggestedFilename()));
  await click(page, s.ui.training_save);
  s = await waitState(page, 's => /Saved the trained model/.test(s.status.text)', 20000);
  for (let i = 0; i < 40 && names.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(names.sort(), ['config.json', 'model.safetensors']);
  // Explore: the model as trained, in the four modules (the same dims as its settings).
  s = await state(page);
  await click(page, s.ui.training_explore);
  s = await waitState(page, 's => s.model.checkpoint && s.result && !s.busy && s.model.layers === 2', 60000);
  assert.equal(s.model.heads, 4);
  assert.equal(s.model.grid, 4, '4 x 4 patches of 7 px');
  assert.equal(s.model.classes, 10);
  assert.equal(s.ui.training_window[2], 0, 'the window made way for the modules');
  assert.match(s.model.name, /^Your trained ViT \(step \d+\)$/);
  // Its samples: held-out images it never trained on (two of each class), the first one classified.
  s = await waitState(page, 's => s.model.samples.length === 20 && s.model.samples.every((x) => x.loaded) && s.result && !s.busy && s.selection.image === 0', 30000);
  assert.deepEqual([...new Set(s.model.samples.map((x) => x.label))].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  await page.screenshot({ path: path.join(ARTIFACTS, 'training-explore-1366x768.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

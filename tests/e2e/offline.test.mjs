// Offline: after one visit (with two models loaded) the service worker has the app, ONNX Runtime and
// both models; with the network off and the server gone, a reload brings the app up, the model
// loads, an inference runs, and switching to the other model works. The boot screen reports the
// bytes of both WebAssembly binaries (online and from the cache).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, serve, launch, openApp, waitState, waitStable, pickModel, state, center } from './browser.mjs';

const DIST = path.join(ROOT, 'dist');
const size = (f) => fs.statSync(path.join(DIST, f)).size;
const WASM_BYTES = size('vitvis.wasm') + size('ort/ort-wasm-simd-threaded.wasm');

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.stop(); });

const bootBar = (page) => page.evaluate(() => {
  const bar = document.getElementById('boot-progress');
  return bar && {
    hidden: bar.hidden, max: bar.max, value: bar.value, received: Number(bar.dataset.received),
    total: Number(bar.dataset.total), text: document.getElementById('boot-text').textContent,
  };
});

// Every ViT-VIS cache of this page's origin: name -> [{ path, bytes }].
const cacheContents = (page) => page.evaluate(async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = [];
    for (const req of await cache.keys()) {
      const resp = await cache.match(req);
      out[name].push({ path: new URL(req.url).pathname.slice(1), bytes: (await resp.blob()).size,
                       length: Number(resp.headers.get('Content-Length') || 0),
                       coep: resp.headers.get('Cross-Origin-Embedder-Policy') });
    }
  }
  return out;
});

async function poll(check, what, timeout = 60000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last.ok) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

test('after one visit the app, its runtime and the models it loaded work offline', async () => {
  const t0 = Date.now();
  const { page, context, errors } = await openApp(browser, srv.url);
  let s = await waitState(page, 's => s.result && !s.busy && s.model.samples.every((x) => x.loaded)');
  const firstVisitMs = Date.now() - t0;
  const firstModel = s.model.id;
  const firstTop = s.result.top;
  assert.equal(s.status.error, false, s.status.text);
  // The boot screen showed a bar with the bytes and total of both wasm binaries.
  let bar = await bootBar(page);
  assert.ok(bar, 'no #boot-progress element');
  assert.equal(bar.hidden, false, 'the progress bar was never shown');
  assert.equal(bar.total, WASM_BYTES, `boot total ${bar.total} != vitvis.wasm + ORT wasm ${WASM_BYTES}`);
  assert.equal(bar.received, WASM_BYTES);
  assert.equal(bar.max, WASM_BYTES);
  assert.match(bar.text, / of \d+\.\d MB \(\d+ %\)$/);

  // Load the second bundled model once, online.
  const second = s.models.find((m) => m !== firstModel);
  await pickModel(page, second);
  s = await waitState(page, `s => s.model.id === ${JSON.stringify(second)} && s.result && !s.busy && s.model.samples.every((x) => x.loaded)`);
  const secondTop = s.result.top;
  const samples = { [second]: s.model.samples.map((x) => x.file) };

  // The service worker controls the page and has the shell, the runtime and both models.
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.state), 'activated');
  const want = ['index.html', 'boot.mjs', 'ort_glue.mjs', 'vitvis.js', 'vitvis.wasm', 'models/index.json',
    'ort/ort-wasm-simd-threaded.wasm', 'ort/ort-wasm-simd-threaded.mjs', 'ort/ort.wasm.min.mjs', 'fonts/DejaVuSans.ttf',
    `models/${firstModel}/model.onnx`, `models/${second}/model.onnx`, `models/${second}/samples.json`];
  const cached = await poll(async () => {
    const caches = await cacheContents(page);
    const files = Object.values(caches).flat().map((e) => e.path);
    return { ok: want.every((f) => files.includes(f)) && files.filter((f) => f.startsWith(`models/${second}/`)).length > 2,
             caches, missing: want.filter((f) => !files.includes(f)) };
  }, 'the caches to fill');
  const entries = Object.values(cached.caches).flat();
  for (const e of entries) {
    if (e.length) assert.equal(e.length, e.bytes, `${e.path}: cached Content-Length ${e.length} != body ${e.bytes}`);
    assert.equal(e.coep, 'require-corp', `${e.path}: COEP header lost in the cache`);
  }
  const model = entries.find((e) => e.path === `models/${second}/model.onnx`);
  assert.equal(model.bytes, size(`models/${second}/model.onnx`));

  // Network off, server gone.
  await context.setOffline(true);
  srv.stop();
  await poll(async () => ({ ok: await fetch(srv.url).then(() => false, () => true) }), 'the server to stop', 10000);

  const t1 = Date.now();
  await page.reload();
  await waitReady(page);
  // The address bar kept ?model=<second>: that model comes back from the cache and runs.
  s = await waitState(page, `s => s.model && s.model.id === ${JSON.stringify(second)} && s.result && !s.busy`);
  const offlineMs = Date.now() - t1;
  assert.equal(s.status.error, false, s.status.text);
  assert.deepEqual(s.result.top, secondTop);
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true, 'cached page lost cross-origin isolation');
  bar = await bootBar(page);
  assert.equal(bar.total, WASM_BYTES, 'the boot bar has the total from the cached Content-Length');
  assert.equal(bar.received, WASM_BYTES);
  // Switch to the first model, offline.
  await pickModel(page, firstModel);
  s = await waitState(page, `s => s.model.id === ${JSON.stringify(firstModel)} && s.result && !s.busy`);
  assert.equal(s.status.error, false, s.status.text);
  assert.deepEqual(s.result.top, firstTop);
  // A file that was never fetched online: a clear message, not a hang.
  const missing = await page.evaluate(() => globalThis.vitvisOrt.fetchBytes('models/never-opened/model.onnx', () => {})
    .then(() => 'loaded', (e) => e.message));
  assert.match(missing, /HTTP 503 for models\/never-opened\/model\.onnx \(Offline, not cached\)/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'offline.png') });

  const report = {
    first_visit_ms: firstVisitMs, offline_reload_ms: offlineMs,
    caches: Object.fromEntries(Object.entries(cached.caches).map(([k, v]) => [k, { files: v.length, bytes: v.reduce((a, e) => a + e.bytes, 0) }])),
    samples,
  };
  fs.writeFileSync(path.join(ARTIFACTS, 'offline.json'), JSON.stringify(report, null, 1));
  console.log('offline:', JSON.stringify(report.caches), `first visit ${firstVisitMs} ms, offline reload ${offlineMs} ms`);
  assert.deepEqual(errors.filter((e) => !/never-opened|503 \(Offline, not cached\)/.test(e)), []);
  await context.close();
});

const waitReady = (page) => poll(async () => ({ ok: await page.evaluate(() => !!(window.vitvis && window.vitvis.ready)).catch(() => false) }), 'app ready');

// Class-ready offline (#35): "Make available offline…" (View menu) first shows what it stores and the
// total (offline.json's files, the same sum), then stores it with a progress bar; with the network off
// and the server gone, a reload has Chinese (texts and font) and the other bundled model, never opened
// online, and the top bar shows the Offline badge whose tooltip says what works.
const MANIFEST = JSON.parse(fs.readFileSync(path.join(DIST, 'offline.json'), 'utf8'));
const manifestBytes = (groups) => groups.reduce((n, g) => n + g.files.reduce((m, f) => m + f.bytes, 0), 0);
const click = (page, r) => page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);

async function visitOnce(url, opts = {}) {
  const ctx = await openApp(browser, url, opts);
  await waitState(ctx.page, 's => s.result && !s.busy && s.model.samples.every((x) => x.loaded)');
  await poll(async () => ({ ok: await ctx.page.evaluate(() => navigator.serviceWorker.controller?.state === 'activated') }),
    'the service worker to control the page');
  return ctx;
}

async function openOfflineWindow(page) {
  let s = await state(page);
  await click(page, s.ui.view_button);
  s = await waitStable(page, 's => s.ui.offline.menu_item[2] > 0 ? s.ui.offline.menu_item : null');
  await click(page, s.ui.offline.menu_item);
  await waitState(page, 's => s.ui.offline.window[2] > 0 && s.ui.offline.phase === "ready" && s.ui.offline.download[2] > 0');
  // (a window that fits its contents is placed over its first frames: its rects once they stay)
  return waitStable(page, 's => s.ui.offline.phase === "ready" ? [s.ui.offline.window, s.ui.offline.group_boxes, s.ui.offline.download] : null');
}

async function goOffline(ctx, server) {
  await ctx.context.setOffline(true);
  server.stop();
  await poll(async () => ({ ok: await fetch(server.url).then(() => false, () => true) }), 'the server to stop', 10000);
  await ctx.page.reload();
  await waitReady(ctx.page);
}

async function chooseChinese(page) {
  const s = await state(page);
  await click(page, s.ui.lang_combo);
  const open = await waitStable(page, 's => s.ui.lang_items.length === 2 ? s.ui.lang_items : null', 10000);
  await click(page, open.ui.lang_items[1]);
}

test('Make available offline stores every file of offline.json; offline, Chinese and the other model work', async () => {
  const server = await serve();
  const ctx = await visitOnce(server.url);
  const { page, errors } = ctx;
  let s = await openOfflineWindow(page);
  const o = s.ui.offline;
  // The total is offline.json's (every group is chosen at first), shown before anything is fetched.
  assert.equal(o.groups.length, MANIFEST.groups.length);
  assert.ok(o.groups.every((g) => g.chosen), 'every group is chosen at first');
  assert.equal(o.total, manifestBytes(MANIFEST.groups), `shown total ${o.total} != offline.json's sum`);
  assert.ok(o.files > 100, `${o.files} files`);
  assert.ok(o.stored > 0 && o.stored < o.total, `the service worker's shell is stored already (${o.stored} of ${o.total})`);
  assert.ok(o.missing > 0);
  assert.equal(o.run.started, false);
  for (const g of MANIFEST.groups)
    assert.equal(o.groups.find((x) => x.id === g.id).bytes, manifestBytes([g]), g.id);
  // Leaving out a group lowers the total by its size; ticking it again brings it back.
  const training = o.groups.findIndex((g) => g.id === 'training');
  await click(page, o.group_boxes[training]);
  s = await waitState(page, 's => !s.ui.offline.groups.find((g) => g.id === "training").chosen');
  assert.equal(s.ui.offline.total, o.total - o.groups[training].bytes);
  await click(page, s.ui.offline.group_boxes[training]);
  s = await waitState(page, `s => s.ui.offline.total === ${o.total}`);
  await page.mouse.move(2, 300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'offline-window.png') });

  // Download: progress (bytes, files), then everything stored.
  await click(page, s.ui.offline.download);
  const seen = await waitState(page, 's => s.ui.offline.run.started', 10000);
  s = await waitState(page, 's => s.ui.offline.run.ended && s.ui.offline.phase === "ready" && s.ui.offline.missing === 0', 120000);
  const run = s.ui.offline.run;
  assert.deepEqual(run.failures, []);
  assert.equal(run.error, '');
  assert.equal(run.cancelled, false);
  assert.equal(run.files_done, run.files);
  assert.equal(run.total, o.total - o.stored, 'the download is what was missing');
  assert.ok(Math.abs(run.done - run.total) < 1, `progress ends at the total: ${run.done} of ${run.total}`);
  assert.equal(s.ui.offline.stored, s.ui.offline.total);
  assert.ok(s.ui.offline.groups.every((g) => g.stored));
  await page.mouse.move(2, 300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'offline-window-done.png') });
  const stats = { first: seen.ui.offline.run.total, total: s.ui.offline.total, files: s.ui.offline.files,
                  quota: s.ui.offline.quota, usage: s.ui.offline.usage, persisted: s.ui.offline.persisted };

  // No network, no server: the app comes back, with the badge.
  await goOffline(ctx, server);
  s = await waitState(page, 's => s.result && !s.busy && s.ui.offline.online === false && s.ui.offline.badge[2] > 0');
  assert.equal(s.status.error, false, s.status.text);
  // Chinese (texts and font), never chosen online.
  await chooseChinese(page);
  s = await waitState(page, 's => s.ui.lang === "zh-CN" && s.ui.font_lang === 1', 30000);
  assert.equal(s.status.error, false, s.status.text);
  // The MNIST digits model, never opened online: loads and classifies.
  await pickModel(page, 'mnist-vit');
  s = await waitState(page, 's => s.model.id === "mnist-vit" && s.result && !s.busy && s.model.samples.every((x) => x.loaded)', 60000);
  assert.equal(s.status.error, false, s.status.text);
  assert.ok(s.result.top.length > 0);
  // The badge's tooltip says what works offline.
  await page.mouse.move(...Object.values(center(s.ui.offline.badge)));
  s = await waitState(page, 's => s.ui.offline.tip.length > 0', 10000);
  assert.match(s.ui.offline.tip, /MNIST digits ViT/);
  assert.match(s.ui.offline.tip, /已保存的内容可以使用/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'offline-badge-zh.png') });
  // Back online: the badge goes.
  await ctx.context.setOffline(false);
  await waitState(page, 's => s.ui.offline.online === true && s.ui.offline.badge[2] === 0', 10000);
  console.log('class-ready offline:', JSON.stringify(stats));
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)), []);
  await ctx.context.close();
});

test('without Make available offline, Chinese and an unopened model are missing offline, and the messages say why', async () => {
  const server = await serve();
  const ctx = await visitOnce(server.url);
  const { page } = ctx;
  await goOffline(ctx, server);
  let s = await waitState(page, 's => s.result && !s.busy && s.ui.offline.badge[2] > 0');
  await chooseChinese(page);
  s = await waitState(page, 's => s.status.error && s.ui.banner_text.length > 0', 30000);
  assert.notEqual(s.ui.font_lang, 1, 'Chinese cannot be shown');
  assert.match(s.status.text, /i18n\/zh-CN.*\.json/);
  assert.match(s.ui.banner_text, /Not available offline/);
  assert.match(s.ui.banner_text, /Make available offline/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'offline-not-stored.png') });
  await page.mouse.move(...Object.values(center(s.ui.offline.badge)));
  s = await waitState(page, 's => s.ui.offline.tip.length > 0', 10000);
  // The badge's tooltip: what the first visit stored (the app and its fonts), not Chinese or the model.
  assert.match(s.ui.offline.tip, /What was stored works:[^]*The app/);
  assert.doesNotMatch(s.ui.offline.tip, /languages|MNIST/);
  await ctx.context.close();
});

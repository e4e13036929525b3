// Offline: after one visit (with two models loaded) the service worker has the app, ONNX Runtime and
// both models; with the network off and the server gone, a reload brings the app up, the model
// loads, an inference runs, and switching to the other model works. The boot screen reports the
// bytes of both WebAssembly binaries (online and from the cache).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, serve, launch, openApp, waitState, pickModel } from './browser.mjs';

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

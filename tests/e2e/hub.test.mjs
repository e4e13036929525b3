// Real ViTs with no Python (#15): a Hugging Face model id (link or picker) or dropped checkpoint files
// become the app's graph in the browser, against a stand-in hub on its own origins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, ROOT, center, launch, openApp, serve, state, urlWhen, waitStable, waitState } from './browser.mjs';
import { buildHubSite, startHub } from './hub.mjs';
import { decodePng, regionStats } from './png.mjs';

const CK = fs.mkdtempSync(path.join(os.tmpdir(), 'vitvis-hub-'));
let browser, srv, hub;
before(async () => {
  hub = await startHub(CK);
  const site = buildHubSite(CK, hub);
  browser = await launch();
  srv = await serve({ dir: site });
});
after(async () => { await browser?.close(); srv?.stop(); hub?.stop(); });

// Model list -> "From Hugging Face…" (its last item); returns the state once `ready` (a predicate
// source) holds and is stable (ImGui places a combo list and a window on their second frame).
async function openHubWindow(page, s, ready) {
  await page.mouse.click(...Object.values(center(s.ui.model_combo)));
  s = await waitStable(page, 's => s.ui.model_items');
  await page.mouse.click(...Object.values(center(s.ui.model_items[s.ui.model_items.length - 1])));
  return waitStable(page, ready);
}

// Clicks the id field, types as a person does (after the field has taken the focus), and waits for the
// field to hold the whole id with no further input: typed letters must not wait for a mouse move (ImGui
// trickles its input a frame per event, more than one keystroke's wake-up used to draw).
async function typeId(page, s, id) {
  await page.mouse.move(...Object.values(center(s.ui.hub_input)));
  await page.waitForTimeout(120);
  await page.mouse.down();
  await page.waitForTimeout(80);
  await page.mouse.up();
  await page.waitForTimeout(300);
  await page.keyboard.type(id, { delay: 10 });
  await waitState(page, `s => s.ui.hub_text === ${JSON.stringify(id)}`, 5000);
  await page.keyboard.press('Enter');
}

// Opens url in page and waits until the app is ready (a page opened again, without openApp).
async function visit(page, url) {
  await page.goto(url);
  for (let i = 0; i < 600 && !(await page.evaluate(() => !!window.vitvis?.ready)); i++) await page.waitForTimeout(100);
}

const loaded = (id) => `s => s.model && s.model.id === ${JSON.stringify(id)} && s.result && !s.busy && !s.loading`;

// Drops files on the page together, the way a drop of several files does.
async function drop(page, files) {
  const list = files.map(([file, name]) => [name, [...fs.readFileSync(file)]]);
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const [name, bytes] of list) dt.items.add(new File([new Uint8Array(bytes)], name));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, list);
}

test('?model=hf:owner/name loads the checkpoint through the hub and every module draws', async () => {
  const { page, context, errors } = await openApp(browser, srv.url + '?model=hf:vitvis-test/hf-vit&layer=1&token=5');
  // (the attention row is filled by the first frame drawn with the result)
  let s = await waitState(page, loaded('hf:vitvis-test/hf-vit') + ' && s.attention_row.length === 17', 60000);
  assert.equal(s.model.checkpoint, true);
  assert.match(s.model.source, /Hugging Face: vitvis-test\/hf-vit/);
  assert.equal(s.model.tokens, 17);
  assert.equal(s.model.layers, 2);
  assert.equal(s.model.heads, 4);
  assert.equal(s.model.has_qkv, true);
  assert.equal(s.selection.layer, 1);  // the link's selection applies to the hub model
  assert.equal(s.selection.token, 5);
  assert.match(s.result.top[0].label, /^thing \d$/);  // id2label
  const sum = s.attention_row.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-4, `attention row sums to ${sum}`);
  // The three files came from the hub's layout; the weights through its redirect.
  for (const f of ['config.json', 'preprocessor_config.json', 'model.safetensors'])
    assert.ok(hub.requests.includes(`/vitvis-test/hf-vit/resolve/main/${f}`), f);
  await page.mouse.move(2, 2);
  await page.waitForTimeout(300);
  s = await state(page);
  const img = decodePng(await page.screenshot({ path: path.join(ARTIFACTS, 'hub-vit-1366x768.png') }));
  for (const r of [s.ui.attention, s.ui.channel_tiles[0], s.ui.strip, s.ui.image])
    assert.ok(regionStats(img, r).std > 2, `blank region ${r}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the picker: "From Hugging Face…" lists the curated models and takes any id; a missing one is refused', async () => {
  const { page, context, errors } = await openApp(browser, srv.url);
  let s = await waitState(page, 's => s.result && !s.busy');
  const first = s.model.id;
  s = await openHubWindow(page, s, 's => s.ui.hub_items');
  assert.deepEqual(s.hub_models, ['vitvis-test/hf-vit', 'vitvis-test/hf-deit']);  // smallest first
  assert.equal(s.ui.hub_items.length, 2);
  await page.screenshot({ path: path.join(ARTIFACTS, 'hub-picker.png') });
  // A repository that does not exist: a message, and the bundled model stays.
  await typeId(page, s, 'vitvis-test/no-such-model');
  s = await waitState(page, 's => s.status.error && !s.loading', 30000);
  assert.match(s.status.text, /config\.json.*HTTP 404.*Still showing/);
  assert.equal(s.model.id, first);
  assert.ok(!s.models.includes('hf:vitvis-test/no-such-model'), 'a failed hub model leaves the list again');
  // The dialog stays open for another try, with the whole message in it (wrapped, inside the window).
  s = await waitStable(page, 's => s.ui.hub_error[2] > 0 ? [s.ui.hub_window, s.ui.hub_error] : null');
  const [win, msg] = [s.ui.hub_window, s.ui.hub_error];
  assert.ok(msg[0] >= win[0] && msg[0] + msg[2] <= win[0] + win[2] + 1 && msg[3] > 20, `the message ${msg} in ${win}`);
  assert.equal(s.ui.banner[2], 0, 'the dialog says it; no second copy in a banner');
  await page.screenshot({ path: path.join(ARTIFACTS, 'hub-failed.png') });
  // The DeiT from the curated list: two prefix tokens (class + distillation).
  s = await openHubWindow(page, s, 's => s.ui.hub_items');
  await page.mouse.click(...Object.values(center(s.ui.hub_items[s.hub_models.indexOf('vitvis-test/hf-deit')])));
  s = await waitState(page, loaded('hf:vitvis-test/hf-deit'), 60000);
  assert.equal(s.model.prefix_tokens, 2);
  assert.equal(s.model.tokens, 18);
  const names = (u) => /hf:vitvis-test\/hf-deit/.test(decodeURIComponent(u));
  assert.ok(names(await urlWhen(page, names)), 'the link names the hub model');
  assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);  // the missing repository's 404 only
  await context.close();
});

test('the hub dialog says what each model costs here before it downloads, and warns where the memory is short', async () => {
  const { page, context } = await openApp(browser, srv.url);
  let s = await waitState(page, 's => s.result && !s.busy');
  s = await openHubWindow(page, s, 's => s.ui.hub_window[2] > 0 && s.ui.hub_costs.length > 0');
  assert.equal(s.ui.hub_costs.length, s.hub_models.length);
  for (const c of s.ui.hub_costs) assert.match(c, /^needs ~(\d+ MB|<1 MB) of memory while loading · ~(\d+(\.\d)? (ms|s)|<1 ms) per image here$/);
  assert.ok(s.ui.hub_gflops > 0, 'the device speed was measured');
  assert.deepEqual(s.ui.hub_warnings, [], 'no warning where the memory is plenty');
  await context.close();
  // A device that says it has almost no memory (navigator.deviceMemory): every model gets the warning.
  const small = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await small.addInitScript(() => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 0.0001 }));
  const page2 = await small.newPage();
  await page2.goto(srv.url);
  for (let i = 0; i < 600 && !(await page2.evaluate(() => !!window.vitvis?.ready)); i++) await page2.waitForTimeout(100);
  s = await waitState(page2, 's => s.result && !s.busy');
  s = await openHubWindow(page2, s, 's => s.ui.hub_window[2] > 0 && s.ui.hub_costs.length > 0');
  assert.deepEqual(s.ui.hub_warnings, s.hub_models);
  await page2.screenshot({ path: path.join(ARTIFACTS, 'hub-costs-warning.png') });
  await small.close();
});

test('a hub link that cannot load leaves a working app: the default model, the message whole, the link still names it', async () => {
  const want = 'hf:vitvis-test/no-such-model';
  const { page, context, errors } = await openApp(browser, `${srv.url}?model=${want}`);
  let s = await waitState(page, 's => s.model && s.result && !s.busy && !s.loading && s.status.error', 60000);
  assert.equal(s.model.id, s.models[0], 'the bundled default model is loaded');
  assert.match(s.status.text, /config\.json.*HTTP 404.*Showing .* instead\. Check the model's name/);
  assert.match(s.last_error, /no-such-model/, 'the message names what failed');
  // A banner says it in plain words, the message whole, and what to do next; it fits the screen.
  s = await waitState(page, 's => s.ui.banner[2] > 0');
  assert.match(s.ui.banner_text, /^⚠ Not found: .*\n.*no-such-model.*\nCheck the name/s);
  assert.ok(s.ui.banner[0] >= 0 && s.ui.banner[0] + s.ui.banner[2] <= 1366 && s.ui.banner[3] < 768 / 2);
  assert.ok(s.ui.modules[0][1] >= s.ui.banner[1] + s.ui.banner[3], 'the modules start under the banner');
  const asked = (u) => decodeURIComponent(u).includes(`model=${want}`);
  assert.ok(asked(await urlWhen(page, asked)), 'the link still names the asked model (a reload retries)');
  // A model chosen afterwards: the message goes, and the link names that model.
  await page.mouse.click(...Object.values(center(s.ui.model_combo)));
  s = await waitStable(page, 's => s.ui.model_items');
  await page.mouse.click(...Object.values(center(s.ui.model_items[1])));
  s = await waitState(page, loaded(s.models[1]), 60000);
  assert.equal(s.status.error, false, `no error once another model loaded: ${s.status.text}`);
  assert.equal(s.ui.banner[2], 0, 'the banner went with the error');
  const other = (u) => decodeURIComponent(u).includes(`model=${s.models[1]}`);
  assert.ok(other(await urlWhen(page, other)), 'the link names the chosen model');
  assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
  await context.close();
});

// Every way a hub link can fail ends the same: the bundled default model loaded, the message whole in the
// banner, the link still naming what was asked (a reload retries).
for (const [repo, kind, said] of [
  ['swin', 'an architecture the app refuses', /^⚠ Not a Vision Transformer this app can show\.\n.*swin/s],
  ['nocors-hf-vit', 'a hub that refuses CORS', /^⚠ No connection: .*\n.*nocors-hf-vit/s],
  ['cut-hf-vit', 'a download cut in the middle', /^⚠ .*\n?.*cut-hf-vit/s],
]) {
  test(`a hub link that fails with ${kind} leaves the default model, the message whole and the link`, async () => {
    const want = `hf:vitvis-test/${repo}`;
    const { page, context } = await openApp(browser, `${srv.url}?model=${want}`);
    let s = await waitState(page, 's => s.model && s.result && !s.busy && !s.loading && s.status.error', 60000);
    assert.equal(s.model.id, s.models[0], 'the bundled default model is loaded');
    assert.match(s.status.text, new RegExp(`${repo}.*Showing .* instead\\.`, 's'));
    s = await waitState(page, 's => s.ui.banner[2] > 0');
    assert.match(s.ui.banner_text, said);
    assert.ok(s.ui.banner[0] >= 0 && s.ui.banner[0] + s.ui.banner[2] <= 1366 && s.ui.banner[3] < 768 / 2, 'the banner fits');
    const asked = (u) => decodeURIComponent(u).includes(`model=${want}`);
    assert.ok(asked(await urlWhen(page, asked)), 'the link still names the asked model');
    assert.equal(s.ui.banner_mirror[2], 0, 'one hub only: no mirror to offer');
    await context.close();
  });
}

test('a blocked hub: the banner offers the mirror in one click, and its success clears the message', async () => {
  // The site lists a first hub nobody answers at (a school network that blocks it) and the stand-in as its mirror.
  const site = buildHubSite(CK, hub, { name: 'hub-mirror', bases: [{ url: 'http://127.0.0.1:9', name: 'blocked hub' },
                                                                    { url: hub.url, name: 'stand-in mirror' }] });
  const mirrored = await serve({ dir: site });
  try {
    const want = 'hf:vitvis-test/hf-vit';
    const { page, context } = await openApp(browser, `${mirrored.url}?model=${want}`);
    let s = await waitState(page, 's => s.model && s.result && !s.busy && !s.loading && s.status.error && s.ui.banner_mirror[2] > 0', 60000);
    assert.equal(s.model.id, s.models[0]);
    assert.match(s.ui.banner_text, /^⚠ No connection/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'hub-mirror-offered.png') });
    await page.mouse.click(...Object.values(center(s.ui.banner_mirror)));
    s = await waitState(page, loaded(want), 60000);
    assert.equal(s.status.error, false, s.status.text);
    s = await waitState(page, 's => s.ui.banner[2] === 0');
    assert.ok(hub.requests.some((u) => u.startsWith('/vitvis-test/hf-vit/resolve/')), 'loaded from the mirror');
    await context.close();
  } finally {
    mirrored.stop();
  }
});

test('config.json + model.safetensors dropped together load; a Swin config and a lone file are refused', async () => {
  const { page, context, errors } = await openApp(browser, srv.url);
  let s = await waitState(page, 's => s.result && !s.busy');
  const first = s.model.id;
  // A Swin config with ViT weights: refused from config.json, before anything else.
  await drop(page, [[path.join(CK, 'swin', 'config.json'), 'config.json'], [path.join(CK, 'hf-vit', 'model.safetensors'), 'model.safetensors']]);
  s = await waitState(page, 's => s.status.error && !s.loading');
  assert.match(s.status.text, /"swin" model.*ViT.*Still showing/);
  assert.equal(s.model.id, first);
  await drop(page, [[path.join(CK, 'hf-vit', 'model.safetensors'), 'model.safetensors']]);
  s = await waitState(page, 's => /config\\.json and model\\.safetensors together/.test(s.status.text)');
  const d = path.join(CK, 'hf-vit-f16');
  await drop(page, [[path.join(d, 'config.json'), 'config.json'], [path.join(d, 'model.safetensors'), 'model.safetensors'],
    [path.join(d, 'preprocessor_config.json'), 'preprocessor_config.json']]);
  s = await waitState(page, 's => s.model && s.model.checkpoint && s.result && !s.busy && !s.loading', 60000);
  assert.match(s.model.name, /Your checkpoint model\.safetensors|ViT/);
  assert.equal(s.model.dim, 32);
  const noModel = (u) => !/model=/.test(u);
  assert.ok(noModel(await urlWhen(page, noModel)), 'a checkpoint from the disk is not written into the link');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a download can be cancelled; what was shown stays', async () => {
  const { page, context } = await openApp(browser, srv.url);
  let s = await waitState(page, 's => s.result && !s.busy');
  const first = s.model.id;
  s = await openHubWindow(page, s, 's => s.ui.hub_input');
  await typeId(page, s, 'vitvis-test/slow-hf-vit');
  s = await waitState(page, 's => s.loading && s.ui.cancel_load[2] > 0 && s.load_received > 0', 30000);
  assert.ok(s.load_total > s.load_received, 'bytes and total are shown while it downloads');
  await page.mouse.click(...Object.values(center(s.ui.cancel_load)));
  s = await waitState(page, 's => !s.loading', 20000);
  assert.match(s.status.text, /Stopped loading vitvis-test\/slow-hf-vit/);
  assert.equal(s.model.id, first);
  assert.ok(s.result);
  await context.close();
});

test('a timm checkpoint with register tokens and LayerScale loads from the hub', async () => {
  const { page, context, errors } = await openApp(browser, srv.url + '?model=hf:vitvis-test/timm-reg');
  const s = await waitState(page, loaded('hf:vitvis-test/timm-reg'), 60000);
  assert.equal(s.model.prefix_tokens, 3);  // class token + 2 registers
  assert.equal(s.model.tokens, 19);
  assert.match(s.result.top[0].label, /^thing \d$/);  // label_names
  assert.deepEqual(errors, []);
  await context.close();
});

test('long class names (as ImageNet has) are shortened in (d) and stay left of their bars', async () => {
  const src = path.join(CK, 'hf-vit'), dst = path.join(CK, 'hf-vit-long');
  fs.mkdirSync(dst, { recursive: true });
  for (const f of ['model.safetensors', 'preprocessor_config.json']) fs.copyFileSync(path.join(src, f), path.join(dst, f));
  const cfg = JSON.parse(fs.readFileSync(path.join(src, 'config.json'), 'utf8'));
  cfg.id2label = Object.fromEntries([...Array(10).keys()].map((i) => [String(i), `African hunting dog, hyena dog, Cape hunting dog, Lycaon pictus ${i}`]));
  fs.writeFileSync(path.join(dst, 'config.json'), JSON.stringify(cfg));
  const { page, context, errors } = await openApp(browser, srv.url + '?model=hf:vitvis-test/hf-vit-long');
  let s = await waitState(page, loaded('hf:vitvis-test/hf-vit-long') + ' && s.ui.top_labels.length === 10', 60000);
  const inside = (s) => s.ui.top_labels.every((l, i) => l[0] + l[2] <= s.ui.top_bars[i][0] + 0.5);
  assert.ok(inside(s), `labels run under the bars: ${JSON.stringify([s.ui.top_labels[0], s.ui.top_bars[0]])}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'hub-long-labels.png') });
  await page.mouse.click(...Object.values(center(s.ui.fold_button)));  // the compact bars
  s = await waitState(page, 's => !s.ui.unfolded && s.ui.top_labels.length === 10');
  await page.waitForTimeout(700);
  s = await state(page);
  assert.ok(inside(s), 'folded: labels run under the bars');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 1000-class timm checkpoint is named with ImageNet-1k, shortened in (d) and the logit lens, both languages', async () => {
  const names = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/models/imagenet-1k.json'), 'utf8'));
  for (const lang of ['en', 'zh-CN']) {
    const id = 'hf:vitvis-test/timm-in1k';
    const { page, context, errors } = await openApp(browser, `${srv.url}?model=${id}&lang=${lang}&analyses=7`);
    const s = await waitState(page, loaded(id) + ' && s.ui.top_labels.length === 10 && s.ui.lens_cells.length >= 3', 60000);
    assert.equal(s.model.classes, 1000);
    for (const t of s.result.top) assert.equal(t.label, names[t.index], 'the class names are ImageNet-1k\'s');
    assert.ok(s.ui.top_labels.every((l, i) => l[0] + l[2] <= s.ui.top_bars[i][0] + 0.5), `${lang}: labels run under the bars`);
    // Each lens cell's text (name + percentage) stays in its cell.
    for (const [x, , textW, cellW] of s.ui.lens_cells) assert.ok(textW <= cellW + 0.5, `${lang}: a lens cell overflows (${textW} > ${cellW} at x ${x})`);
    await page.screenshot({ path: path.join(ARTIFACTS, `hub-imagenet-${lang}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

// Last in this file: it stops the stand-in hub.
test('a big file comes in byte ranges: progress to its size, the parts kept and read back whole; a lost part means a new download', async () => {
  const repo = 'vitvis-test/hf-vit-wide', file = path.join(CK, 'hf-vit-wide', 'model.safetensors');
  const size = fs.statSync(file).size;
  const asked = () => hub.ranges.filter((r) => r.path.includes('/hf-vit-wide/'));
  const url = srv.url + `?model=hf:${repo}`;
  const { page, context, errors } = await openApp(browser, url);
  let s = await waitState(page, loaded(`hf:${repo}`), 60000);
  assert.equal(s.model.dim, 384);
  // Content-Range is not exposed to the page here (nor by every CDN): the size came from the header.
  assert.deepEqual([s.load_received, s.load_total], [size, size]);
  const parts = asked();
  assert.equal(parts[0].range, `bytes=0-${(4 << 20) - 1}`, 'a small first part');
  assert.ok(parts.length >= 2 && parts.every((r) => /^bytes=\d+-\d+$/.test(r.range)), JSON.stringify(parts));
  // The parts, read back from the cache, are the file byte for byte; the list counts the file once.
  const digest = (p) => p.evaluate(async (u) => {
    const hub = await caches.open('vitvis:hub-models');
    const entry = await hub.match(u);
    const n = Number(entry.headers.get('X-ViT-VIS-Parts'));
    const blobs = [];
    for (let i = 0; i < n; i++) blobs.push(await (await hub.match(`${u}?vitvis-part=${i}`)).blob());
    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await new Blob(blobs).arrayBuffer()));
    return { n, hex: [...d].map((b) => b.toString(16).padStart(2, '0')).join(''),
             listed: (await globalThis.vitvisOrt.cachedHubFiles()).filter((f) => f.url.includes('hf-vit-wide/')) };
  }, `${hub.url}/${repo}/resolve/main/model.safetensors`);
  const kept = await digest(page);
  assert.equal(kept.hex, createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  assert.equal(kept.n, parts.length);
  assert.deepEqual(kept.listed.filter((f) => f.url.endsWith('model.safetensors')).map((f) => f.bytes), [size]);
  assert.ok(kept.listed.every((f) => !/vitvis-part/.test(f.url)), 'parts are not listed on their own');
  // The next visit reads the parts: nothing is asked of the storage.
  const reopen = async () => {
    await visit(page, url);
    return waitState(page, loaded(`hf:${repo}`), 60000);
  };
  s = await reopen();
  assert.equal(asked().length, parts.length);
  // A part gone from the cache: the file is not taken as kept, it comes again.
  await page.evaluate(async (u) => (await caches.open('vitvis:hub-models')).delete(`${u}?vitvis-part=1`),
    `${hub.url}/${repo}/resolve/main/model.safetensors`);
  s = await reopen();
  assert.equal(asked().length, 2 * parts.length);
  assert.equal((await digest(page)).hex, kept.hex);
  // A server that ignores ranges sends the file whole: it is read and kept as one entry.
  await visit(page, srv.url + '?model=hf:vitvis-test/whole-hf-vit-wide');
  s = await waitState(page, loaded('hf:vitvis-test/whole-hf-vit-wide'), 60000);
  assert.deepEqual([s.load_received, s.load_total], [size, size]);
  assert.equal(hub.ranges.filter((r) => r.path.includes('/whole/')).length, 1);
  const whole = await page.evaluate(async (u) => {
    const r = await (await caches.open('vitvis:hub-models')).match(u);
    return { parts: r.headers.get('X-ViT-VIS-Parts'), bytes: (await r.blob()).size };
  }, `${hub.url}/vitvis-test/whole-hf-vit-wide/resolve/main/model.safetensors`);
  assert.deepEqual(whole, { parts: null, bytes: size });
  // A download that never finished (the tab closed before the file's own entry, written last): its
  // parts are listed as that file, and deleting it deletes them.
  const fileUrl = `${hub.url}/${repo}/resolve/main/model.safetensors`;
  const keys = () => page.evaluate(async () => (await (await caches.open('vitvis:hub-models')).keys()).map((r) => r.url)
    .filter((u) => u.includes('/hf-vit-wide/')));
  await page.evaluate(async (u) => (await caches.open('vitvis:hub-models')).delete(u), fileUrl);
  const left = (await keys()).filter((u) => u.startsWith(fileUrl));
  assert.ok(left.length === parts.length && left.every((u) => /vitvis-part=\d+$/.test(u)), `only parts are left: ${left}`);
  s = await openHubWindow(page, s, `s => s.ui.downloaded_delete && s.downloaded.some((x) => x.repo === ${JSON.stringify(repo)})`);
  const stray = s.downloaded.find((x) => x.repo === repo);
  assert.equal(stray.bytes, size, `the parts' bytes: ${JSON.stringify(s.downloaded)}`);
  await page.mouse.click(...Object.values(center(s.ui.downloaded_delete[s.downloaded.indexOf(stray)])));
  s = await waitState(page, `s => !s.downloaded.some((x) => x.repo === ${JSON.stringify(repo)})`);
  assert.deepEqual(await keys(), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a hub model is kept: the next visit loads it with the hub gone; the list shows its size and deletes it', async () => {
  const url = srv.url + '?model=hf:vitvis-test/hf-deit';
  const { page, context } = await openApp(browser, url);
  await waitState(page, loaded('hf:vitvis-test/hf-deit'), 60000);
  const kept = async (p) => p.evaluate(() => globalThis.vitvisOrt.cachedHubFiles().then((f) => f.map((x) => x.url)));
  for (let i = 0; i < 50 && !(await kept(page)).some((u) => u.endsWith('hf-deit/resolve/main/model.safetensors')); i++)
    await page.waitForTimeout(100);
  await page.close();
  hub.stop();
  const again = await context.newPage();
  await visit(again, url);
  let s = await waitState(again, loaded('hf:vitvis-test/hf-deit'), 60000);
  assert.equal(s.model.prefix_tokens, 2);
  s = await openHubWindow(again, s, 's => s.ui.downloaded_delete');
  const size = fs.statSync(path.join(CK, 'hf-deit', 'model.safetensors')).size;
  const d = s.downloaded.find((x) => x.repo === 'vitvis-test/hf-deit');
  assert.ok(d && d.bytes >= size, `kept: ${JSON.stringify(s.downloaded)}`);
  await again.screenshot({ path: path.join(ARTIFACTS, 'hub-downloaded.png') });
  await again.mouse.click(...Object.values(center(s.ui.downloaded_delete[s.downloaded.indexOf(d)])));
  s = await waitState(again, 's => !s.downloaded.some((x) => x.repo === "vitvis-test/hf-deit")');
  assert.equal((await kept(again)).filter((u) => u.includes('hf-deit')).length, 0);
  await context.close();
});

test('a hub that cannot be reached leaves a working app too: the default model, the message, the link kept', async () => {
  hub.stop();  // (the last test: the stand-in hub is gone, as on a school network that blocks it)
  const want = 'hf:vitvis-test/hf-vit';
  const { page, context } = await openApp(browser, `${srv.url}?model=${want}`);
  const s = await waitState(page, 's => s.model && s.result && !s.busy && !s.loading && s.status.error', 60000);
  assert.equal(s.model.id, s.models[0], 'the bundled default model is loaded');
  assert.match(s.status.text, /config\.json.*Showing .* instead\. Check the model's name/);
  const asked = (u) => decodeURIComponent(u).includes(`model=${want}`);
  assert.ok(asked(await urlWhen(page, asked)), 'the link still names the asked model');
  // In plain words first; the banner closes with its button and the app is as it was.
  let b = await waitState(page, 's => s.ui.banner[2] > 0');
  assert.match(b.ui.banner_text, /^⚠ No connection: .*\n.*config\.json.*\nCheck the connection/s);
  await page.mouse.click(...Object.values(center(b.ui.banner_close)));
  b = await waitState(page, 's => s.ui.banner[2] === 0');
  assert.equal(b.model.id, s.model.id);
  await context.close();
});

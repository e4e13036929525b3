// A lighter first visit (issue 35): scripts/serve.mjs sends the precompressed siblings scripts/build.sh
// writes into dist/ (FILE.br, FILE.gz) to a client that accepts them, the plain file to one that does
// not, and revalidates with a 304; Chromium gets ONNX Runtime's wasm compressed and the app still comes
// up; its service worker keeps the decoded bytes with their true length; the boot screen shows the
// total and a percentage from the start, in the link's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { ROOT, serve, launch, openApp, waitState } from './browser.mjs';

const DIST = path.join(ROOT, 'dist');
const ORT_WASM = 'ort/ort-wasm-simd-threaded.wasm';
const bytes = (f) => fs.readFileSync(path.join(DIST, f));
const WASM_BYTES = fs.statSync(path.join(DIST, 'vitvis.wasm')).size + fs.statSync(path.join(DIST, ORT_WASM)).size;

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.stop(); });

// A raw request (no decoding by the client): { status, headers, body }.
function get(url, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('ORT\'s wasm is sent compressed to a client that accepts it, plain to one that does not, and revalidates with a 304', async () => {
  const url = srv.url + ORT_WASM, plain = bytes(ORT_WASM);
  for (const [accept, coding, decode] of [['gzip, deflate, br, zstd', 'br', zlib.brotliDecompressSync], ['gzip', 'gzip', zlib.gunzipSync]]) {
    const r = await get(url, { 'Accept-Encoding': accept });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], coding, `Accept-Encoding: ${accept}`);
    assert.equal(r.headers['content-type'], 'application/wasm');
    assert.match(r.headers.vary ?? '', /accept-encoding/i);
    assert.equal(Number(r.headers['content-length']), r.body.length, 'Content-Length is the compressed body\'s');
    assert.ok(r.body.length < plain.length * 0.5, `${coding}: ${r.body.length} bytes for a ${plain.length}-byte file`);
    assert.ok(decode(r.body).equals(plain), `${coding} decodes to exactly dist/${ORT_WASM}`);
    assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp');
    assert.equal(r.headers['cross-origin-resource-policy'], 'same-origin');
    // HEAD: the same headers, no body.
    const head = await get(url, { 'Accept-Encoding': accept }, 'HEAD');
    assert.equal(head.headers['content-encoding'], coding);
    assert.equal(head.headers['content-length'], r.headers['content-length']);
    assert.equal(head.body.length, 0);
    // A repeat visit: the same representation revalidates without a body; the other coding's tag does not match.
    const again = await get(url, { 'Accept-Encoding': accept, 'If-None-Match': r.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, r.headers.etag);
  }
  const br = await get(url, { 'Accept-Encoding': 'br' }), gz = await get(url, { 'Accept-Encoding': 'gzip' });
  assert.notEqual(br.headers.etag, gz.headers.etag, 'each coding has its own ETag');
  assert.equal((await get(url, { 'Accept-Encoding': 'gzip', 'If-None-Match': br.headers.etag })).status, 200);
  // No Accept-Encoding, identity only, or br refused with q=0 and gzip not named: the file itself.
  for (const headers of [{}, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'br;q=0, deflate' }]) {
    const r = await get(url, headers);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined, JSON.stringify(headers));
    assert.equal(Number(r.headers['content-length']), plain.length);
    assert.ok(r.body.equals(plain), `plain bytes for ${JSON.stringify(headers)}`);
  }
  // Images are never compressed again, and do not vary.
  const png = fs.readdirSync(path.join(DIST, 'models', 'photos')).find((f) => /\.(png|jpg)$/.test(f));
  if (png) {
    const r = await get(`${srv.url}models/photos/${png}`, { 'Accept-Encoding': 'br, gzip' });
    assert.equal(r.headers['content-encoding'], undefined);
  }
});

test('a precompressed sibling older than its file is not sent (a site that rewrote the file)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitvis-compression-'));
  const site = await serve({ dir });
  try {
    const old = Buffer.from('{"old": true, "pad": "' + 'x'.repeat(2000) + '"}');
    fs.writeFileSync(path.join(dir, 'index.json'), old);
    fs.writeFileSync(path.join(dir, 'index.json.br'), zlib.brotliCompressSync(old));
    const t = fs.statSync(path.join(dir, 'index.json')).mtime;
    fs.utimesSync(path.join(dir, 'index.json.br'), t, t);
    let r = await get(site.url + 'index.json', { 'Accept-Encoding': 'br' });
    assert.equal(r.headers['content-encoding'], 'br');
    assert.ok(zlib.brotliDecompressSync(r.body).equals(old));
    // The file is rewritten later: its old sibling must not be served any more.
    const now = Buffer.from('{"new": true}');
    fs.writeFileSync(path.join(dir, 'index.json'), now);
    const later = new Date(t.getTime() + 5000);
    fs.utimesSync(path.join(dir, 'index.json'), later, later);
    r = await get(site.url + 'index.json', { 'Accept-Encoding': 'br' });
    assert.equal(r.headers['content-encoding'], undefined);
    assert.ok(r.body.equals(now));
  } finally {
    site.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the app loads with compressed transfers; the service worker keeps the decoded bytes with their length', async () => {
  const { page, context, errors } = await openApp(browser, srv.url);
  const s = await waitState(page, 's => s.result && !s.busy');
  assert.equal(s.status.error, false, s.status.text);
  // What the browser received for the two binaries (Resource Timing: bytes on the wire vs decoded).
  const timing = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => /\/(vitvis|ort-wasm-simd-threaded)\.wasm$/.test(e.name))
    .map((e) => ({ name: new URL(e.name).pathname, encoded: e.encodedBodySize, decoded: e.decodedBodySize })));
  const ort = timing.find((e) => e.name.endsWith(ORT_WASM));
  assert.ok(ort, JSON.stringify(timing));
  assert.equal(ort.decoded, bytes(ORT_WASM).length);
  assert.ok(ort.encoded < ort.decoded * 0.5, `ORT's wasm came compressed: ${ort.encoded} of ${ort.decoded} bytes`);
  // The boot bar reached 100 % of the decoded total.
  const bar = await page.evaluate(() => ({ total: Number(document.getElementById('boot-progress').dataset.total),
    received: Number(document.getElementById('boot-progress').dataset.received), text: document.getElementById('boot-text').textContent }));
  assert.equal(bar.total, WASM_BYTES);
  assert.equal(bar.received, WASM_BYTES);
  assert.match(bar.text, /\(100 %\)$/);
  // The service worker's copy of each binary: decoded bytes, their length, no Content-Encoding.
  const cached = await (async () => {
    for (let end = Date.now() + 60000; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
      const c = await page.evaluate(async (f) => {
        const out = [];
        for (const name of await caches.keys()) {
          for (const file of ['vitvis.wasm', f]) {
            const resp = await (await caches.open(name)).match(new URL(file, location.href).href);
            if (resp) out.push({ file, length: Number(resp.headers.get('Content-Length')), encoding: resp.headers.get('Content-Encoding'),
                                 bytes: (await resp.arrayBuffer()).byteLength });
          }
        }
        return out;
      }, ORT_WASM);
      if (c.length >= 2) return c;
    }
    return [];
  })();
  assert.equal(cached.length, 2, 'both binaries in the service worker\'s cache');
  for (const c of cached) {
    assert.equal(c.bytes, bytes(c.file).length, `${c.file}: cached body`);
    assert.equal(c.length, c.bytes, `${c.file}: cached Content-Length`);
    assert.equal(c.encoding, null, `${c.file}: cached Content-Encoding`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the boot screen shows the total and a percentage from the start, in the link\'s language', async () => {
  for (const [lang, pattern] of [['zh-CN', /^正在加载 ViT-VIS… 0\.0 MB \/ (\d+\.\d) MB \(0 %\)$/], ['en', /^Loading ViT-VIS… 0\.0 MB of (\d+\.\d) MB \(0 %\)$/]]) {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    // The binaries are held back: what shows is the screen before any byte of them came.
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route(/\.wasm$/, async (r) => { await held; await r.continue().catch(() => {}); });
    await page.goto(srv.url + `?lang=${lang}`);
    let text = '';
    for (let end = Date.now() + 20000; Date.now() < end && !pattern.test(text); await new Promise((r) => setTimeout(r, 100)))
      text = await page.evaluate(() => document.getElementById('boot-text')?.textContent ?? '');
    assert.match(text, pattern, lang);
    assert.equal(pattern.exec(text)[1], (WASM_BYTES / 1e6).toFixed(1));
    const bar = await page.evaluate(() => ({ hidden: document.getElementById('boot-progress').hidden, max: document.getElementById('boot-progress').max }));
    assert.equal(bar.hidden, false);
    assert.equal(bar.max, WASM_BYTES);
    release();
    await context.close();
  }
});

test('the app is up before ONNX Runtime\'s wasm is in: its explanations open, the status line shows that download, the result follows', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(`**/${ORT_WASM}`, async (route) => { await held; await route.continue(); });
  await page.goto(srv.url);
  // The app's own binary is enough to start: the page answers while ORT's is held back.
  for (let end = Date.now() + 60000; !(await page.evaluate(() => !!(window.vitvis && window.vitvis.ready)));) {
    assert.ok(Date.now() < end, 'the app did not start while ONNX Runtime was downloading');
    await new Promise((r) => setTimeout(r, 100));
  }
  let s = await waitState(page, 's => s.ui.runtime_loading && s.ui.info_headers.length === 4 && s.ui.info_headers[0][2] > 0');
  assert.ok(!s.result);
  assert.match(s.ui.status_right, /^ONNX Runtime: \d+\.\d of \d+\.\d MB \(\d+ %\)$/);
  // A student can already read what (a) does.
  const [x, y, w, h] = s.ui.info_headers[0];
  await page.mouse.click(x + w / 2, y + h / 2);
  s = await waitState(page, 's => s.ui.info_open[0] === 1 || s.ui.info_open[0] === true');
  assert.ok(!s.result, 'still no result: ONNX Runtime is not in');
  release();
  s = await waitState(page, 's => s.result && !s.busy && !s.ui.runtime_loading');
  assert.equal(s.status.error, false, s.status.text);
  assert.match(s.ui.status_right, /^inference/);
  await context.close();
});

// Inputs as students bring them (#17): phone photos upright (EXIF orientation, through stb for small
// files and the browser's decoder for big ones), WebP and AVIF through the browser's decoder, a clear
// message naming the formats that work, a 12-megapixel photo classified, and the camera (Chromium's
// fake camera): preview, Snap, Live with one inference at a time, released when leaving the mode or
// when the page is hidden, and a refused camera leaving the mode as it was.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, openApp, sharedApp, state, waitState } from './browser.mjs';

const FAKE_CAMERA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
const app = sharedApp('s => s.result && !s.busy && s.ui.open_button[2] > 0', { launchArgs: FAKE_CAMERA });
let page;
before(async () => {
  ({ page } = await app.open());
});

// In the page: a w x h picture in two halves (dark | light, split left/right or top/bottom) or four
// greys ('quad'), encoded as
// `type`; for a JPEG, an EXIF APP1 segment with `orientation` is put right after SOI (big-endian TIFF).
// Kept as window.__file for dropFile.
async function makeFile({ w, h, split, type, orientation = 0, name }) {
  await page.evaluate(async ({ w, h, split, type, orientation, name }) => {
    const c = new OffscreenCanvas(w, h), g = c.getContext('2d');
    g.fillStyle = '#141414';
    g.fillRect(0, 0, w, h);
    g.fillStyle = '#ebebeb';
    if (split === 'lr') g.fillRect(w / 2, 0, w / 2, h);
    else if (split === 'tb') g.fillRect(0, 0, w, h / 2);  // the top half light
    else {  // 'quad': four greys, so that every turn and mirror puts them in another order
      ['#282828', '#646464', '#a0a0a0', '#dcdcdc'].forEach((c, i) => {
        g.fillStyle = c;
        g.fillRect((i % 2) * w / 2, (i >> 1) * h / 2, w / 2, h / 2);
      });
    }
    let bytes = new Uint8Array(await (await c.convertToBlob({ type, quality: 0.95 })).arrayBuffer());
    if (orientation) {
      const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
      const body = [...new TextEncoder().encode('Exif'), 0, 0, ...tiff];
      const app1 = [0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255, ...body];
      bytes = new Uint8Array([...bytes.subarray(0, 2), ...app1, ...bytes.subarray(2)]);
    }
    window.__file = new File([bytes], name, { type });
  }, { w, h, split, type, orientation, name });
}

// Drops window.__file (or a file from disk) on the page; resolves with the state once it is classified
// (or once the status says it was refused).
async function dropFile(disk) {
  const s0 = await state(page);
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(bytes ? new File([new Uint8Array(bytes)], 'photo.avif', { type: 'image/avif' }) : window.__file);
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, disk ? [...fs.readFileSync(disk)] : null);
  return waitState(page, `s => (s.result.generation > ${s0.result.generation} && !s.busy)
    || (s.status.error && s.status.text !== ${JSON.stringify(s0.status.text)})`, 30000);
}

const quarters = (s) => s.result.input_quarters.map((v) => Math.round(v * 100) / 100);
function sameQuarters(a, b, what) {
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(a[i] - b[i]) < 0.06, `${what}: ${a} vs upright ${b}`);
  assert.ok(Math.max(...a) - Math.min(...a) > 0.5, `${what}: the halves are told apart (${a})`);
}

test('phone photos come out upright: EXIF orientations through stb (small) and the browser (12 MP)', async () => {
  // Upright references: the picture as the browser shows it.
  await makeFile({ w: 64, h: 64, split: 'lr', type: 'image/png', name: 'upright-lr.png' });
  const lr = quarters(await dropFile());  // left dark, right light
  await makeFile({ w: 64, h: 64, split: 'tb', type: 'image/png', name: 'upright-tb.png' });
  const tb = quarters(await dropFile());  // top light, bottom dark
  const flipLr = [lr[1], lr[0], lr[3], lr[2]], flipTb = [tb[2], tb[3], tb[0], tb[1]];  // light left; light below
  // Stored with the light half on top; the tag says how to turn it.
  const cases = [
    { orientation: 1, want: tb }, { orientation: 3, want: flipTb },  // 180°: light at the bottom
    { orientation: 6, want: lr },      // 90° clockwise: the stored (light) top is on the right
    { orientation: 8, want: flipLr },  // 90° anticlockwise: the stored top is on the left
  ];
  for (const { orientation, want } of cases) {
    await makeFile({ w: 64, h: 64, split: 'tb', type: 'image/jpeg', orientation, name: `phone-${orientation}.jpg` });
    const s = await dropFile();
    assert.equal(s.status.error, false, s.status.text);
    sameQuarters(quarters(s), orientation === 1 ? tb : want, `orientation ${orientation} (stb)`);
  }
  // A 12-megapixel phone photo stored sideways (4032 x 3024, orientation 6): the browser's decoder.
  await makeFile({ w: 4032, h: 3024, split: 'tb', type: 'image/jpeg', orientation: 6, name: 'IMG_0001.jpg' });
  const s = await dropFile();
  assert.equal(s.status.error, false, s.status.text);
  sameQuarters(quarters(s), lr, 'orientation 6, 12 MP (browser)');
  const mine = s.model.samples.filter((x) => x.uploaded).pop();
  assert.equal(mine.file, 'IMG_0001.jpg');
});

test('a 12-megapixel JPEG is decoded scaled (ImageDecoder) and turned as the browser shows it, all 8 EXIF orientations', async () => {
  const rank = (q) => q.map((v) => q.filter((u) => u < v).length);  // which quarter is how bright
  for (let orientation = 1; orientation <= 8; orientation++) {
    await makeFile({ w: 4032, h: 3024, split: 'quad', type: 'image/jpeg', orientation, name: `IMG_000${orientation}.jpg` });
    // The browser's own upright view of the file, by quarters (TL, TR, BL, BR).
    const shown = await page.evaluate(async () => {
      const bm = await createImageBitmap(window.__file, { imageOrientation: 'from-image' });
      const c = new OffscreenCanvas(bm.width, bm.height), g = c.getContext('2d');
      g.drawImage(bm, 0, 0);
      const at = (x, y) => g.getImageData(Math.round(x * bm.width), Math.round(y * bm.height), 1, 1).data[0];
      const q = [at(0.25, 0.25), at(0.75, 0.25), at(0.25, 0.75), at(0.75, 0.75)];
      return { q, w: bm.width, h: bm.height };
    });
    const s = await dropFile();
    assert.equal(s.status.error, false, s.status.text);
    const how = await page.evaluate(() => performance.getEntriesByName('vitvis:decoded').pop()?.detail);
    assert.equal(how, 'ImageDecoder', `orientation ${orientation}: decoded by ImageDecoder at the kept size`);
    assert.deepEqual(rank(quarters(s)), rank(shown.q), `orientation ${orientation}: ${quarters(s)} vs the browser's ${shown.q}`);
    const mine = s.model.samples.filter((x) => x.uploaded).pop();
    assert.deepEqual([mine.width, mine.height], orientation >= 5 ? [1512, 2016] : [2016, 1512], `orientation ${orientation}: kept size`);
  }
});

test('WebP and AVIF are read by the browser; a format nothing reads is refused naming what works', async () => {
  await makeFile({ w: 64, h: 64, split: 'lr', type: 'image/png', name: 'ref.png' });
  const lr = quarters(await dropFile());
  await makeFile({ w: 80, h: 80, split: 'lr', type: 'image/webp', name: 'from-a-web-page.webp' });
  let s = await dropFile();
  assert.equal(s.status.error, false, s.status.text);
  sameQuarters(quarters(s), lr, 'WebP');
  s = await dropFile(path.join(ROOT, 'tests/e2e/data/halves.avif'));
  assert.equal(s.status.error, false, s.status.text);
  sameQuarters(quarters(s), lr, 'AVIF');
  const before = s.result.generation, image = s.selection.image;
  await page.evaluate(() => { window.__file = new File([new Uint8Array(4000).fill(7)], 'scan.heic'); });
  s = await dropFile();
  assert.equal(s.status.error, true);
  assert.match(s.status.text, /scan\.heic/);
  assert.match(s.status.text, /PNG, JPEG, GIF, BMP/);
  assert.match(s.status.text, /WebP/);
  assert.match(s.status.text, /AVIF/);
  assert.match(s.status.text, /previous image stays/);
  assert.equal(s.result.generation, before);
  assert.equal(s.selection.image, image);
});

const clickRect = (r) => app.click(r);

test('the camera: preview, Snap, Live one inference at a time, released when leaving or hidden', async () => {
  let s = await state(page);
  await clickRect(s.ui.mode_camera);
  s = await waitState(page, 's => s.camera.active && s.camera.frames > 2 && s.ui.camera_snap[2] > 0', 20000);
  assert.ok(s.camera.width > 0 && s.camera.width <= 480, `preview ${s.camera.width} x ${s.camera.height}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'camera-preview.png') });
  const g0 = s.result.generation;
  await clickRect(s.ui.camera_snap);
  s = await waitState(page, `s => s.result.generation > ${g0} && !s.busy`, 20000);
  assert.equal(s.camera.runs, 1);
  assert.equal(s.selection.image, -1, 'a camera picture is not a sample');
  // Live: results keep coming, one inference in flight at a time (a counter in the page's ORT calls).
  await page.evaluate(() => {
    const ort = globalThis.vitvisOrt, run = ort.run.bind(ort);
    window.__inFlight = 0;
    window.__maxInFlight = 0;
    ort.run = (...a) => {
      window.__maxInFlight = Math.max(window.__maxInFlight, ++window.__inFlight);
      return run(...a).finally(() => window.__inFlight--);
    };
  });
  await clickRect(s.ui.camera_live);
  s = await waitState(page, 's => s.camera.live && s.camera.runs >= 8 && s.camera.rate > 0', 30000);
  assert.equal(await page.evaluate(() => window.__maxInFlight), 1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'camera-live.png') });
  // Hidden page: the camera is released, and taken again when the page shows.
  const hide = (hidden) => page.evaluate((hidden) => {
    Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  const streaming = () => page.evaluate(() => !!(Module.vitvisSeam.camera && Module.vitvisSeam.camera.stream));
  await hide(true);
  assert.equal(await streaming(), false, 'released while hidden');
  s = await waitState(page, 's => s.camera.paused', 10000);
  await hide(false);
  s = await waitState(page, 's => s.camera.active && !s.camera.paused', 10000);
  for (let i = 0; i < 100 && !(await streaming()); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await streaming(), true, 'taken again when shown');
  // Leaving the mode releases it.
  await clickRect(s.ui.mode_samples);
  s = await waitState(page, 's => !s.camera.active && !s.busy', 10000);
  assert.equal(await streaming(), false, 'released when leaving camera mode');
});

test('a camera the browser refuses: a message, and the mode the student was in stays', async () => {
  const { page: p, context } = await openApp(app.browser, app.srv.url);
  await p.evaluate(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  let s = await waitState(p, 's => s.result && !s.busy && s.ui.mode_draw[2] > 0');
  let c = s.ui.mode_draw;
  await p.mouse.click(c[0] + c[2] / 2, c[1] + c[3] / 2);
  s = await waitState(p, 's => s.drawing.active');
  c = s.ui.mode_camera;
  await p.mouse.click(c[0] + c[2] / 2, c[1] + c[3] / 2);
  s = await waitState(p, 's => s.status.error', 10000);
  assert.match(s.status.text, /camera was not allowed/);
  assert.match(s.status.text, /previous mode stays/);
  assert.equal(s.camera.active, false);
  assert.equal(s.drawing.active, true, 'still drawing');
  await context.close();
});

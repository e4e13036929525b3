// Soak: 200 inferences switching images and models through the UI; no error, memory bounded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, state, waitState, waitStable, center } from './browser.mjs';

// Thumbnails appear as their images arrive and the strip reflows: click only once all are in place.
const thumbsSettled = 's => s.result && !s.busy && s.model.samples.every((x) => x.loaded) ? s.ui.thumbs : null';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.stop(); });

test('200 inferences across images and models', async () => {
  const { page, context, errors } = await openApp(browser, srv.url);
  await waitState(page, 's => s.result && !s.busy && s.ui.thumbs.length > 2');
  let s = await waitStable(page, thumbsSettled);
  const models = s.models;
  let done = 0, heapAfterWarmup = 0, switches = 0;
  while (done < 200) {
    if (done > 0 && done % 50 === 0 && models.length > 1) {
      // Switch model through the model list.
      const next = models[(models.indexOf(s.model.id) + 1) % models.length];
      await page.mouse.click(...Object.values(center(s.ui.model_combo)));
      s = await waitStable(page, 's => s.ui.model_items');  // a combo list is placed on its second frame
      await page.mouse.click(...Object.values(center(s.ui.model_items[models.indexOf(next)])));
      await waitState(page, `s => s.model.id === ${JSON.stringify(next)} && s.result && !s.busy && s.ui.thumbs.length > 2`, 120000);
      s = await waitStable(page, thumbsSettled);
      switches++;
      done++;
      continue;
    }
    const n = s.result.inferences;
    const thumbs = s.ui.thumbs.filter((r) => r[3] > 0);
    const pick = (done * 7) % Math.min(thumbs.length, 12);
    if (pick === s.selection.image) { done++; continue; }
    await page.mouse.click(...Object.values(center(thumbs[pick])));
    s = await waitState(page, `s => s.selection.image === ${pick} && s.result && s.result.inferences > ${n} && !s.busy`);
    done++;
    if (done === 20) heapAfterWarmup = s.perf.wasm_heap;
  }
  s = await state(page);
  assert.ok(switches >= 3, `switched models ${switches} times`);
  assert.equal(s.status.error, false, s.status.text);
  const growth = s.perf.wasm_heap - heapAfterWarmup;
  assert.ok(growth <= 32 * 1024 * 1024, `wasm heap grew ${growth} bytes after warm-up`);
  assert.deepEqual(errors, []);
  await context.close();
});

// The embed API (#34, docs/embedding.md) across two origins: the example tutorial page (docs/) on one
// server drives two embeds of the app served from another, by postMessage, without reloading them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ARTIFACTS, ROOT, launch, serve, state, waitState } from './browser.mjs';

// Waits for the page's iframe whose URL matches re (and its app) to be there.
async function frameOf(page, re) {
  for (let i = 0; i < 600; i++) {
    const f = page.frames().find((fr) => re.test(fr.url()));
    if (f && (await f.evaluate(() => !!window.vitvis?.ready).catch(() => false))) return f;
    await page.waitForTimeout(100);
  }
  throw new Error(`no frame ${re}`);
}

async function withTutorial(fn) {
  const app = await serve();                                // the app's origin
  const site = await serve({ dir: ROOT, isolation: false }); // the course page's origin (another port)
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${site.url}docs/embed-example.html?app=${encodeURIComponent(app.url)}`);
    const attention = await frameOf(page, /embed=b/), image = await frameOf(page, /embed=a/);
    await waitState(attention, (`s => s.result && s.selection.layer === 0`));
    await waitState(image, (`s => s.result`));
    await page.waitForFunction(() => window.tutorial.attention.last.ready && window.tutorial.image.last.ready);
    await fn({ page, attention, image, app, site });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    app.stop();
    site.stop();
  }
}

test('a prose link moves the embed to layer 3 in place, and the page hears ready, result and selection', async () => {
  await withTutorial(async ({ page, attention }) => {
    const ready = await page.evaluate(() => window.tutorial.attention.last.ready);
    const s0 = await state(attention);
    assert.equal(ready.version, 1);
    assert.equal(ready.model.layers, s0.model.layers);
    assert.equal(ready.model.heads, s0.model.heads);
    assert.equal(ready.model.grid, s0.model.grid);
    assert.ok(ready.model.classes.length >= 2 && ready.images.length >= 1);
    const result = await page.evaluate(() => window.tutorial.attention.last.result);
    assert.equal(result.image, s0.result.image + 1);
    assert.equal(result.top.length, Math.min(5, ready.model.classes.length));
    assert.ok(result.top[0].p >= result.top[1].p && result.top[0].p <= 1);
    assert.equal(result.top[0].name, ready.model.classes[result.top[0].class]);

    await attention.evaluate(() => { window.sameDocument = 'still here'; });
    await page.click('a[data-view=\'{"layer":3}\']');
    const s = await waitState(attention, 's => s.selection.layer === 2');
    assert.equal(s.ui.embed, 2, 'still the attention embed');
    assert.equal(await attention.evaluate(() => window.sameDocument), 'still here', 'no reload');
    assert.match(attention.url(), /layer=3/, "the iframe's own link follows");
    assert.match(attention.url(), /parent=/, 'and keeps the page that may drive it');
    const sel = await page.waitForFunction(() => {
      const e = window.tutorial.attention.last.selection;
      return e && e.view.layer === 3 ? e : null;
    }).then((h) => h.jsonValue());
    assert.equal(sel.by, 'page');
    assert.match(sel.text, /^Layer 3, /);
    assert.match(sel.link, /layer=3/);
    await page.waitForFunction(() => /^Shown: Layer 3/.test(document.getElementById('said').textContent));

    // A patch by its place, then a value out of range: the nearest that exists, and an error event says so.
    await page.click('a[data-view=\'{"patch":[4,4]}\']');
    const g = s0.model.grid;
    await waitState(attention, `s => s.selection.pinned && s.selection.token === ${s0.model.prefix_tokens + 3 * g + 3}`);
    await page.evaluate(() => window.tutorial.attention.set({ layer: 99, colour: 'red' }));
    await waitState(attention, `s => s.selection.layer === ${s0.model.layers - 1}`);
    const err = await page.waitForFunction(() => window.tutorial.attention.last.error).then((h) => h.jsonValue());
    assert.match(err.message, /"colour" is not a view field/);
    assert.match(err.message, /layer is out of range; showing the nearest that exists/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'embed-api-tutorial.png') });
  });
});

test('two embeds on one selection: a patch the student picks in (a) is pinned in (b); get() answers', async () => {
  await withTutorial(async ({ page, attention, image }) => {
    const s = await state(image);
    const g = s.model.grid, [x, y, w, h] = s.ui.image;
    const box = await page.locator('#image').boundingBox();
    // Patch (2, 3): row 2, column 3, counted from 1.
    await page.mouse.click(box.x + x + (2.5 * w) / g, box.y + y + (1.5 * h) / g);
    const token = s.model.prefix_tokens + 1 * g + 2;
    await waitState(image, `s => s.selection.pinned && s.selection.token === ${token}`);
    await waitState(attention, `s => s.selection.pinned && s.selection.token === ${token}`);
    const user = await page.evaluate(() => window.tutorial.image.last.selection);
    assert.equal(user.by, 'user');
    assert.deepEqual(user.view.patch, [2, 3]);
    const got = await page.evaluate(() => window.tutorial.attention.get());
    assert.deepEqual(got.view.patch, [2, 3]);
    assert.equal(got.by, 'page', 'the attention embed holds what the page (sync) set');
    assert.match(got.text, /patch \(2, 3\)/);
  });
});

test("a message from an origin the embed link does not name is ignored", async () => {
  const app = await serve();
  const site = await serve({ dir: ROOT, isolation: false });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(`${site.url}docs/embed-example.html?app=${encodeURIComponent(app.url)}`);
    // The same page, two more embeds: one names this page's origin, one another origin.
    const origin = new URL(site.url).origin;
    await page.evaluate(({ appUrl, origin }) => {
      for (const [id, parent] of [['named', origin], ['foreign', 'http://127.0.0.1:9']]) {
        const f = document.createElement('iframe');
        f.id = id;
        f.style.cssText = 'width:420px;height:300px';
        f.src = `${appUrl}?embed=b&motion=off&who=${id}&parent=${encodeURIComponent(parent)}`;
        document.body.prepend(f);
      }
    }, { appUrl: app.url, origin });
    const named = await frameOf(page, /who=named/), foreign = await frameOf(page, /who=foreign/);
    await waitState(named, 's => s.result && s.selection.layer === 0');
    await waitState(foreign, 's => s.result && s.selection.layer === 0');
    const heard = await page.evaluate(() => {
      const got = [];
      window.addEventListener('message', (e) => { if (e.data?.vitvis) got.push(e.source === document.getElementById('foreign').contentWindow); });
      for (const id of ['foreign', 'named'])
        document.getElementById(id).contentWindow.postMessage({ vitvis: 1, type: 'set', view: { layer: 3 } }, '*');
      window.heardFromForeign = got;
      return true;
    });
    assert.ok(heard);
    await waitState(named, 's => s.selection.layer === 2');
    // Frames for the foreign embed after the message reached it: the pointer over it.
    const box = await page.locator('#foreign').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const before = (await state(foreign)).frames;
    const f = await waitState(foreign, `s => s.frames > ${before + 2}`);
    assert.equal(f.selection.layer, 0, 'the foreign message changed nothing');
    assert.ok(!(await page.evaluate(() => window.heardFromForeign.includes(true))), 'and it told the page nothing');
  } finally {
    await browser.close();
    app.stop();
    site.stop();
  }
});

test('an embed plays a lesson from its link, and the page moves it to a step', async () => {
  const app = await serve();
  const site = await serve({ dir: ROOT, isolation: false });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.goto(`${site.url}docs/embed-example.html?app=${encodeURIComponent(app.url)}`);
    const lesson = Buffer.from(JSON.stringify({ vitvis_lesson: 1, title: 'Two layers', steps: [
      { title: 'First', text: 'Layer 1.', view: { layer: 1, head: 1 } },
      { title: 'Second', text: 'Layer 2, the mean.', view: { layer: 2, head: 'mean' } }] })).toString('base64url');
    const origin = new URL(site.url).origin;
    await page.evaluate(({ appUrl, origin, lesson }) => {
      const f = document.createElement('iframe');
      f.id = 'lessonframe';
      f.style.cssText = 'width:900px;height:520px';
      f.src = `${appUrl}?v=2&embed=b&motion=off&lesson=~${lesson}&parent=${encodeURIComponent(origin)}`;
      document.body.prepend(f);
    }, { appUrl: app.url, origin, lesson });
    const frame = await frameOf(page, /lesson=~/);
    let s = await waitState(frame, 's => s.result && s.ui.lesson.playing && s.ui.lesson.step === 0');
    assert.equal(s.selection.layer, 0);
    assert.match(s.ui.lesson_text, /^First\nLayer 1\./);
    const got = await page.evaluate(async () => {
      const { connect } = await import('../web/vitvis_embed.mjs');
      const e = connect(document.getElementById('lessonframe'));
      await e.ready;
      e.set({ lesson: 2 });
      return true;
    });
    assert.ok(got);
    s = await waitState(frame, 's => s.ui.lesson.step === 1 && s.selection.layer === 1 && s.selection.head === -1');
    assert.match(s.ui.lesson_text, /^Second/);
  } finally {
    await browser.close();
    app.stop();
    site.stop();
  }
});

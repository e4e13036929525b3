// "Share or embed" (#34): the dialog writes the link and the iframe code for the chosen modules, language
// and embed API origin; the preview opens that embed itself, live; copy puts exactly that on the clipboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ARTIFACTS, center, launch, openApp, serve, state, waitState } from './browser.mjs';

test('the share dialog writes the embed link and code, previews the embed live and copies the code', async () => {
  const app = await serve();
  const browser = await launch();
  try {
    const { page } = await openApp(browser, `${app.url}?v=2&image=20&layer=2&head=3&patch=4,2&motion=off`,
                                   { width: 1366, height: 768 });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    let s = await waitState(page, 's => s.result && s.ui.share_button[2] > 0 && s.selection.pinned');
    await page.mouse.click(center(s.ui.share_button).x, center(s.ui.share_button).y);
    s = await waitState(page, 's => s.ui.share_window[2] > 0');
    // The whole app first: the address bar's view.
    assert.equal(s.ui.share_link, app.url + (await page.evaluate(() => location.search)));
    // Only (b): its letter in the link; the view in words is the iframe's title.
    const b = s.ui.share_modules[3];
    await page.mouse.click(b[0] + 8, b[1] + b[3] / 2);
    s = await waitState(page, 's => /embed=b(&|$)/.test(s.ui.share_link)');
    const link = s.ui.share_link;
    assert.match(link, /[?&]layer=2&head=3&patch=4,2/);
    assert.match(s.ui.share_code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?v=2&amp;/);
    assert.match(s.ui.share_code, /width="900" height="520" title="ViT-VIS: Layer 2, head 3, patch \(4, 2\) of &#39;[^&]+&#39;"/);
    assert.ok(s.ui.share_code.includes(`src="${link.replaceAll('&', '&amp;')}"`));
    await page.screenshot({ path: path.join(ARTIFACTS, 'share-dialog-1366x768.png') });

    // Copy the code: the clipboard has it, and the status line says so.
    await page.mouse.click(center(s.ui.share_copy_code).x, center(s.ui.share_copy_code).y);
    await waitState(page, "s => /Embed code copied/.test(s.status.text)");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), s.ui.share_code);

    // Preview: the embed itself over the page, at its size, live; Escape closes it.
    await page.mouse.click(center(s.ui.share_preview).x, center(s.ui.share_preview).y);
    await page.waitForSelector('#vv-preview iframe');
    assert.equal(await page.$eval('#vv-preview iframe', (f) => f.src), link);
    assert.equal(await page.$eval('#vv-preview iframe', (f) => `${f.width}x${f.height}`), '900x520');
    let frame;
    for (let i = 0; i < 300 && !frame; i++) {
      frame = page.frames().find((f) => f !== page.mainFrame() && /embed=b/.test(f.url()));
      if (!frame || !(await frame.evaluate(() => !!window.vitvis?.ready).catch(() => false))) frame = null, await page.waitForTimeout(100);
    }
    const inside = await waitState(frame, 's => s.result');
    assert.equal(inside.ui.embed, 2, 'the preview is the attention module alone');
    assert.equal(inside.selection.layer, 1);
    assert.equal(inside.selection.head, 2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'share-preview-1366x768.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#vv-preview', { state: 'detached' });

    // The embed API's origin: an invalid one leaves parent= out, a valid one is in the link.
    s = await state(page);
    await page.mouse.click(s.ui.share_api[0] + 8, s.ui.share_api[1] + s.ui.share_api[3] / 2);
    s = await waitState(page, 's => s.ui.share_origin[2] > 0');
    await page.mouse.click(center(s.ui.share_origin).x, center(s.ui.share_origin).y);
    await page.keyboard.type('course.example.org');
    s = await waitState(page, 's => s.ui.share_origin_ok === false');
    assert.doesNotMatch(s.ui.share_link, /parent=/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('https://Course.Example.org/');
    s = await waitState(page, 's => /&parent=https:\\/\\/course\\.example\\.org(&|$)/.test(s.ui.share_link)');
    assert.equal(s.ui.share_origin_ok, true);
    assert.ok(s.ui.share_code.includes('parent=https://course.example.org'));
  } finally {
    await browser.close();
    app.stop();
  }
});

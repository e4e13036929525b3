// A teacher's lesson (#34): record views as steps with their own words, play it (PageDown like a clicker),
// leave to the student's own view; save it as a file and as a link that a student opens; bad lessons get a
// clear message and the app stays as it was. Text is shown as text, never as HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { ARTIFACTS, ROOT, center, launch, openApp, serve, state, waitStable, waitState } from './browser.mjs';
import { linkDist } from './site.mjs';

const click = (page, r) => page.mouse.click(center(r).x, center(r).y);

test('a lesson is recorded, played with its words as text, left back to the own view, saved and opened as a link', async () => {
  const app = await serve();
  const browser = await launch();
  try {
    const { page } = await openApp(browser, `${app.url}?v=2&image=3&layer=1&motion=off`, { width: 1366, height: 768 });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    let s = await waitState(page, 's => s.result && s.ui.lesson_button[2] > 0');
    await click(page, s.ui.lesson_button);
    s = await waitState(page, 's => s.ui.lesson_editor[2] > 0 && s.ui.lesson_record[2] > 0');
    await click(page, s.ui.lesson_title_input);
    await page.keyboard.type('Where a ViT looks');
    // Step 1: layer 1, nothing pinned.
    await click(page, s.ui.lesson_record);
    s = await waitState(page, 's => s.ui.lesson.steps === 1 && s.ui.lesson_text_input[2] > 0');
    assert.equal(s.ui.lesson.title, 'Where a ViT looks');
    await click(page, s.ui.lesson_text_input);
    await page.keyboard.type('# First layer\nHeads look **close by**.');
    // (Escape would undo the typing, as in any ImGui text box: a click on the editor's title ends it.)
    const titleBar = (r) => page.mouse.click(r[0] + r[2] / 2, r[1] + 8);
    await titleBar(s.ui.lesson_editor);
    // Step 2: layer 3 and a pinned patch (2, 3) picked in (a).
    await page.mouse.move(5, 400);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    s = await waitState(page, 's => s.selection.layer === 2');
    const g = s.model.grid, [x, y, w, h] = s.ui.image;
    await page.mouse.click(x + (2.5 * w) / g, y + (1.5 * h) / g);
    const token = s.model.prefix_tokens + g + 2;
    s = await waitState(page, `s => s.selection.pinned && s.selection.token === ${token}`);
    await click(page, s.ui.lesson_record);
    s = await waitState(page, 's => s.ui.lesson.steps === 2 && s.ui.lesson_text_input[2] > 0');
    await click(page, s.ui.lesson_text_input);
    await page.keyboard.type('- Look at <script>alert(1)</script> this patch');
    // The student's own view before playing: another image, the last layer, nothing pinned.
    await titleBar(s.ui.lesson_editor);
    await page.mouse.move(5, 400);
    await page.keyboard.press('Escape');  // (the editor closes: the topmost thing first)
    await page.keyboard.press('Escape');  // (the patch unpinned)
    await page.keyboard.press('PageDown');
    s = await waitState(page, 's => s.selection.layer === 3 && !s.selection.pinned');
    await click(page, s.ui.thumbs[5]);
    s = await waitState(page, 's => s.selection.image === 5 && s.result.image === 5');
    assert.equal(s.ui.lesson.editor, false);
    await click(page, s.ui.lesson_button);
    s = await waitStable(page, 's => s.ui.lesson_play[2] > 0 ? s.ui.lesson_play : null');
    await click(page, s.ui.lesson_play);

    s = await waitState(page, 's => s.ui.lesson.playing && s.ui.lesson.step === 0 && s.result.image === 2').catch(async (e) => { const t = await state(page); console.log(JSON.stringify({l: t.ui.lesson, sel: t.selection, img: t.result.image, st: t.status})); throw e; });
    assert.equal(s.selection.layer, 0);
    assert.equal(s.selection.pinned, false);
    assert.match(s.ui.lesson_text, /First layer\nHeads look close by\./);
    await page.screenshot({ path: path.join(ARTIFACTS, 'lesson-step1-1366x768.png') });
    await page.keyboard.press('PageDown');  // a clicker
    s = await waitState(page, `s => s.ui.lesson.step === 1 && s.selection.layer === 2 && s.selection.pinned && s.selection.token === ${token}`);
    assert.match(s.ui.lesson_text, /• Look at <script>alert\(1\)<\/script> this patch/, 'the text is shown as written');
    await page.screenshot({ path: path.join(ARTIFACTS, 'lesson-step2-1366x768.png') });
    await page.keyboard.press('PageUp');
    s = await waitState(page, 's => s.ui.lesson.step === 0 && s.selection.layer === 0');
    s = await waitStable(page, 's => s.ui.lesson_leave');  // (the card settles to its new height)
    await click(page, s.ui.lesson_leave);
    s = await waitState(page, 's => !s.ui.lesson.playing && s.selection.layer === 3 && s.selection.image === 5 && s.result.image === 5').catch(async (e) => { const t = await state(page); console.log(JSON.stringify({l: t.ui.lesson, sel: t.selection, img: t.result.image, st: t.status})); throw e; });
    assert.equal(s.selection.pinned, false, 'the own view is back');

    // Save: the file is the lesson; the link carries it and opens at step 1 for a student.
    await click(page, s.ui.lesson_button);
    s = await waitState(page, 's => s.ui.lesson_save[2] > 0');
    const [dl] = await Promise.all([page.waitForEvent('download'), click(page, s.ui.lesson_save)]);
    assert.equal(dl.suggestedFilename(), 'Where-a-ViT-looks.vitvis-lesson.json');
    const file = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
    assert.equal(file.vitvis_lesson, 1);
    assert.equal(file.model, 'fashion-vit');
    assert.equal(file.steps.length, 2);
    assert.deepEqual(file.steps[1].view.patch, [2, 3]);
    assert.equal(file.steps[0].view.patch, null);
    assert.equal(file.steps[0].text, '# First layer\nHeads look **close by**.');
    await click(page, s.ui.lesson_copy);
    await waitState(page, 's => /Lesson link copied/.test(s.status.text)');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(link, /\?v=2&model=fashion-vit&lesson=~[A-Za-z0-9_-]+$/);
    assert.deepEqual(dialogs, []);

    const student = await openApp(browser, link.replace(/\?/, '?motion=off&'), { width: 390, height: 844, touch: true });
    s = await waitState(student.page, 's => s.ui.lesson.playing && s.ui.lesson.step === 0 && s.result && s.result.image === 2');
    assert.equal(s.ui.lesson.title, 'Where a ViT looks');
    s = await waitStable(student.page, 's => s.ui.lesson_card');
    assert.equal(s.ui.phone_module, 1, "a phone shows the step's module: attention unless the step says");
    assert.ok(s.ui.lesson_card[2] > 0 && s.ui.lesson_card[1] + s.ui.lesson_card[3] <= 844, 'the card is on the phone screen');
    await student.page.screenshot({ path: path.join(ARTIFACTS, 'lesson-student-390x844.png') });
    s = await waitStable(student.page, 's => s.ui.lesson_next');
    await click(student.page, s.ui.lesson_next);
    s = await waitState(student.page, `s => s.ui.lesson.step === 1 && s.selection.token === ${token}`);
    assert.match(student.page.url(), /lesson=~/, 'a reload plays it again');
  } finally {
    await browser.close();
    app.stop();
  }
});

test('bad lessons get a clear message and the app keeps its view', async () => {
  const app = await serve();
  const browser = await launch();
  try {
    const enc = (o) => '~' + Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
    const cases = [
      [enc({ vitvis_lesson: 1, model: 'fashion-vit', steps: [{ view: { layer: 2 } }, { view: { layer: 9 } }] }),
        /does not fit Fashion-MNIST ViT: Step 2 asks for layer 9; Fashion-MNIST ViT has 4 layers\./],
      [enc({ vitvis_lesson: 1, model: 'giant-vit', steps: [{}] }), /is for the model 'giant-vit', which this app does not have/],
      [enc('{"vitvis_lesson": 1, "steps": [}'), /cannot be opened: The lesson file is not valid JSON/],
      [enc({ vitvis_lesson: 1, steps: [{ text: 5 }] }), /cannot be opened: Step 1: "text" must be text\./],
      ['~%%%', /damaged|not valid/],
      ['lessons/nowhere.json', /could not be loaded/],
    ];
    for (const [value, message] of cases) {
      const { page } = await openApp(browser, `${app.url}?v=2&layer=2&motion=off&lesson=${value}`, { width: 1024, height: 700 });
      const s = await waitState(page, `s => s.result && (s.status.error || /not valid/.test(s.status.text)) && ${message}.test(s.status.text)`);
      assert.equal(s.ui.lesson.playing, false);
      assert.equal(s.selection.layer, 1, 'the link\'s own view stays');
      await page.context().close();
    }
  } finally {
    await browser.close();
    app.stop();
  }
});

test("a lesson's words in Chinese are drawn whole, in an English UI too", async () => {
  const app = await serve();
  const browser = await launch();
  try {
    // Words a teacher writes, beyond the app's own Chinese texts (their characters are in GB2312).
    const text = '这一层的注意力头主要关注相邻的图块。**请点击下一步**，看看更深的层如何混合全局信息：猫、狗、鞋子、裙子。';
    const lesson = Buffer.from(JSON.stringify({ vitvis_lesson: 1, title: '第三周：注意力', steps: [{ title: '相邻的图块', text, view: { layer: 1 } }] })).toString('base64url');
    const { page } = await openApp(browser, `${app.url}?v=2&motion=off&lesson=~${lesson}`, { width: 1366, height: 768 });
    const s = await waitState(page, 's => s.ui.lesson.playing && s.ui.lesson_glyphs > 30 && s.ui.lesson_glyphs_missing === 0');
    assert.equal(s.ui.lang, 'en');
    assert.match(s.ui.lesson_text, /这一层的注意力头主要关注相邻的图块。请点击下一步，看看更深的层/);
    await waitStable(page, 's => s.ui.lesson_card');
    await page.screenshot({ path: path.join(ARTIFACTS, 'lesson-chinese-words-en-ui-1366x768.png') });
  } finally {
    await browser.close();
    app.stop();
  }
});

test('a lesson file next to the app opens from ?lesson=, and the editor reorders its steps', async () => {
  const site = path.join(ROOT, 'build', 'e2e-lesson-site');
  linkDist(site);
  fs.mkdirSync(path.join(site, 'lessons'), { recursive: true });
  const step = (n) => ({ title: `Layer ${n}`, text: `Look at layer ${n}.`, view: { layer: n, head: 1 } });
  fs.writeFileSync(path.join(site, 'lessons', 'week3.json'),
    JSON.stringify({ vitvis_lesson: 1, title: 'Week 3', model: 'fashion-vit', steps: [step(1), step(2), step(3)] }));
  const app = await serve({ dir: site });
  const browser = await launch();
  try {
    const { page } = await openApp(browser, `${app.url}?v=2&motion=off&lesson=lessons/week3.json`, { width: 1366, height: 768 });
    let s = await waitState(page, 's => s.ui.lesson.playing && s.ui.lesson.step === 0 && s.selection.layer === 0');
    assert.equal(s.ui.lesson.title, 'Week 3');
    assert.deepEqual(s.ui.lesson.step_titles, ['Layer 1', 'Layer 2', 'Layer 3']);
    s = await waitStable(page, 's => s.ui.lesson_leave');
    await click(page, s.ui.lesson_leave);
    await click(page, (await waitState(page, 's => !s.ui.lesson.playing')).ui.lesson_button);
    s = await waitStable(page, 's => s.ui.lesson_step_down.length === 3 ? s.ui.lesson_step_down : null');
    await click(page, s.ui.lesson_step_down[0]);  // step 1 down: 2, 1, 3
    s = await waitState(page, "s => s.ui.lesson.step_titles.join() === 'Layer 2,Layer 1,Layer 3'");
    s = await waitStable(page, 's => s.ui.lesson_play');
    await click(page, s.ui.lesson_play);
    await waitState(page, 's => s.ui.lesson.playing && s.ui.lesson.step === 0 && s.selection.layer === 1');
  } finally {
    await browser.close();
    app.stop();
  }
});

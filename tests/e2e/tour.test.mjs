// The tour shows what it talks about (#32): at a laptop, a tablet and a phone, every step's subject is on
// screen and the card stands beside it, never over it; on touch screens the steps speak of tapping; the
// counter and the titles agree; leaving or finishing puts back the view the person had.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, overlap, serve, state, waitStable, waitState } from './browser.mjs';

let browser, srv;
before(async () => {
  browser = await launch();
  srv = await serve();
});
after(async () => { await browser?.close(); srv?.stop(); });

const SIZES = [
  { name: 'laptop', width: 1366, height: 768, touch: false },
  { name: 'tablet', width: 768, height: 1024, touch: true },
  { name: 'phone', width: 390, height: 844, touch: true },
];

for (const size of SIZES) {
  test(`the tour at ${size.width} x ${size.height}${size.touch ? ' (touch)' : ''}: each subject on screen, the card beside it`, async () => {
    // The person's own view before the tour (from a link): layer 2, the mean of the heads.
    const { page, context, errors } = await openApp(browser, srv.url + '?v=2&layer=2&head=mean', size);
    const tap = async (r) => {
      const c = center(r);
      if (size.touch) await page.touchscreen.tap(c.x, c.y);
      else await page.mouse.click(c.x, c.y);
    };
    let s = await waitState(page, 's => s.result && !s.busy && s.selection.layer === 1 && s.selection.head === -1');
    const mine = { layer: s.selection.layer, head: s.selection.head, token: s.selection.token, pinned: s.selection.pinned,
                   hidden: s.selection.hidden, info: s.ui.info_open };
    s = await waitStable(page, 's => [s.ui.menu_button, s.ui.tour_button]');
    if (s.ui.menu_button[2] > 0) {  // a narrow top bar keeps the tour in its ☰ menu
      await tap(s.ui.menu_button);
      s = await waitStable(page, 's => s.ui.tour_button[2] > 0 ? s.ui.tour_button : null');
    }
    await tap(s.ui.tour_button);
    s = await waitState(page, 's => s.ui.tour_open && s.ui.tour_step === 0');
    for (let i = 0; i < 11; i++) {
      s = await waitStable(page, `s => s.ui.tour_step === ${i} ? [s.ui.tour, s.ui.tour_subject, s.ui.tour_next] : null`);
      const card = s.ui.tour, subj = s.ui.tour_subject, text = s.ui.tour_text;
      assert.ok(card[0] >= 0 && card[1] >= 0 && card[0] + card[2] <= size.width + 1 && card[1] + card[3] <= size.height + 1,
        `step ${i + 1}: the card ${card} is on screen`);
      if (i > 0 && i < 10) {
        assert.ok(subj[2] > 0, `step ${i + 1} has a subject`);
        assert.ok(subj[0] >= -1 && subj[1] >= 0 && subj[0] + subj[2] <= size.width + 1 && subj[1] + subj[3] <= size.height + 1,
          `step ${i + 1}: its subject ${subj} is on screen`);
        assert.ok(!overlap(card, subj), `step ${i + 1}: the card ${card} covers its subject ${subj}`);
      }
      // The counter is the window's title; a step's title has no number of its own to disagree with it.
      assert.doesNotMatch(text.split('\n')[0], /^\d+[.．、]/, `step ${i + 1}'s title`);
      if (size.touch) assert.doesNotMatch(text, /\b(Hover|hover|mouse|arrow keys)\b|\[ and \]/, `step ${i + 1} speaks of a mouse on a touch screen`);
      if (i === 3 || i === 8) await page.screenshot({ path: path.join(ARTIFACTS, `tour-${size.name}-step${i + 1}.png`) });
      await tap(s.ui.tour_next);
      if (i < 10) s = await waitState(page, `s => s.ui.tour_step === ${i + 1}`);
    }
    // Finished: the view the person had is back.
    s = await waitState(page, 's => !s.ui.tour_open');
    s = await waitState(page, `s => s.selection.layer === ${mine.layer}`);
    assert.deepEqual({ layer: s.selection.layer, head: s.selection.head, token: s.selection.token, pinned: s.selection.pinned,
                       hidden: s.selection.hidden, info: s.ui.info_open }, mine);
    assert.equal(s.ui.insights, false);
    assert.equal(s.ui.own_window[2], 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

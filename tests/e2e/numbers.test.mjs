// Numbers are never clipped (#33): in (d), alone or embedded beside another module, at widths from 300 px
// to 1920 px, in both languages, every bar's number is drawn whole inside its bar and the panel, and says
// the model's probability; the labels give way (shortened with "…"), the numbers never.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, serve, state, waitStable, waitState } from './browser.mjs';

const WIDTHS = [300, 380, 480, 640, 900, 1280, 1920];
const CONFIGS = ['d', 'a,d', 'b,d', 'c,d', ''];  // '' = the whole app (from the width where (d) is a column)
let browser, srv;
before(async () => { browser = await launch(); srv = await serve({ isolation: false }); });
after(async () => { await browser?.close(); srv?.stop(); });

function checkRows(s, where) {
  const rows = s.ui.top_texts, bars = s.ui.top_bars, panel = s.ui.modules[3];
  assert.ok(rows.length >= 3 && rows.length === bars.length, `${where}: ${rows.length} rows`);
  const byNumber = s.result.top.slice(0, rows.length);
  rows.forEach((r, i) => {
    const want = `${(byNumber[i].probability * 100).toFixed(2)} %`;
    assert.ok(r.number.startsWith(want), `${where}: row ${i} says "${r.number}", the model ${want}`);
    const bar = bars[i];
    assert.ok(r.number_w + 2 <= bar[2], `${where}: "${r.number}" (${r.number_w} px) clipped in a ${bar[2]} px bar`);
    assert.ok(bar[0] >= panel[0] - 0.5 && bar[0] + bar[2] <= panel[0] + panel[2] + 0.5,
      `${where}: bar ${bar} leaves the panel ${panel}`);
    const name = byNumber[i].name;
    assert.ok(r.label === name || (r.label.endsWith('…') && name.startsWith(r.label.slice(0, -1))),
      `${where}: label "${r.label}" for ${name}`);
  });
}

for (const lang of ['en', 'zh-CN'])
  test(`(d)'s numbers are whole and the model's from 300 to 1920 px (${lang})`, async () => {
    for (const config of CONFIGS) {
      const q = `?lang=${lang}${config ? `&embed=${config}` : ''}`;
      const { page, context, errors } = await openApp(browser, srv.url + q, { width: WIDTHS[0], height: 720 });
      await waitState(page, 's => s.result && !s.busy', 60000);
      for (const width of WIDTHS) {
        if (!config && width < 900) continue;  // a phone's tabs: (d) is one tab of four (devices.test)
        await page.setViewportSize({ width, height: 720 });
        const s = await waitStable(page, `s => s.ui.modules[3][2] > 0 && s.ui.modules[3][0] + s.ui.modules[3][2] <= ${width}
          && s.ui.top_texts.length > 0 ? [s.ui.modules[3], s.ui.top_bars, s.ui.top_texts] : null`, 20000);
        checkRows(await state(page), `${q} at ${width} px`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

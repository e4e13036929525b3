import path from 'node:path';
import { ARTIFACTS, center, launch, openApp, serve, waitState, wheelIntoView, state } from './browser.mjs';
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const srv = await serve();
const browser = await launch();
for (const lang of ['zh-CN']) {
  const ctx = await openApp(browser, `${srv.url}?lang=${lang}`, { width: 1366, height: 768 });
  const page = ctx.page;
  let s = await waitState(page, `s => s.result && !s.busy && s.ui.font_lang === 1`);
  s = await wheelIntoView(page, 's => s.ui.card_survey', s.ui.modules[3]);
  let c = center(s.ui.card_survey); await page.mouse.click(c.x, c.y);
  s = await waitState(page, `s => !s.model.survey.running && s.model.survey.images > 0 && s.ui.card_patterns[2] > 0`, 60000);
  await pause(300);
  await page.screenshot({ path: path.join(ARTIFACTS, `zh-card.png`) });
  c = center(s.ui.insights_button); await page.mouse.click(c.x, c.y);
  s = await waitState(page, 's => s.ui.insights && s.ui.insights_tabs.length === 8');
  await pause(300); s = await state(page);
  c = center(s.ui.insights_tabs[0]); await page.mouse.move(c.x, c.y); await pause(120); await page.mouse.down(); await pause(80); await page.mouse.up();
  await waitState(page, 's => s.ui.insights_tab === 0 && s.ui.pattern_cells.length > 0');
  await pause(300);
  await page.screenshot({ path: path.join(ARTIFACTS, `zh-patterns.png`) });
  await ctx.context.close();
}
await browser.close();
srv.stop();

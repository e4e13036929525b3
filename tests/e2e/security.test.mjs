// The page's Content-Security-Policy: no eval, no third-party origins; every request stays on the
// page's own origin; labels and names are drawn as text only (no HTML anywhere but the shell).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, waitState } from './browser.mjs';

let browser, srv;
before(async () => { browser = await launch(); srv = await serve(); });
after(async () => { await browser?.close(); srv?.stop(); });

test('CSP forbids eval and foreign origins; all requests go to the page origin', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const requests = [], violations = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  await page.goto(srv.url);
  await page.waitForFunction(() => window.vitvis && window.vitvis.ready);
  await waitState(page, 's => s.result && !s.busy');
  const origin = new URL(srv.url).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((u) => u.endsWith('.onnx')), 'the model was fetched from the page origin');
  const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-eval'|\*/);
  // A page script trying eval or a foreign fetch is refused.
  const result = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__evalResult = (() => { try { return eval("1 + 1"); } catch (e) { return "blocked"; } })();';
    document.body.appendChild(s);  // inline script: blocked by CSP itself
    let fetchResult;
    try { await fetch('http://192.0.2.1/x'); fetchResult = 'allowed'; } catch (e) { fetchResult = 'blocked'; }
    return { inline: window.__evalResult ?? 'not run', fetchResult };
  });
  assert.equal(result.inline, 'not run', 'inline scripts must not run');
  assert.equal(result.fetchResult, 'blocked');
  assert.ok(violations.length >= 2, `expected the CSP to report the blocked attempts: ${violations}`);
  await context.close();
});

// Shared e2e helpers: launch Debian's Chromium headless via playwright-core, serve dist/, collect errors.
import { after } from 'node:test';
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

// Starts scripts/serve.mjs on a free-ish port (another random one if that one is taken, unless `port`
// is given); resolves with { url, stop }.
export async function serve({ isolation = true, port, dir } = {}) {
  for (let attempt = 0; ; attempt++) {
    const p = port ?? 8100 + Math.floor(Math.random() * 800);
    const args = [path.join(ROOT, 'scripts/serve.mjs'), '--port', String(p), '--dir', dir ?? path.join(ROOT, 'dist')];
    if (!isolation) args.push('--no-isolation');
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve, reject) => {
        proc.stdout.once('data', resolve);
        proc.once('exit', (c) => reject(new Error(`server exited ${c}`)));
      });
      return { url: `http://127.0.0.1:${p}/`, stop: () => proc.kill() };
    } catch (e) {
      if (port !== undefined || attempt >= 4) throw e;
    }
  }
}

// `args`: more Chromium switches (the fake camera's, for instance).
export async function launch({ args = [] } = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           ...args],
  });
}

// Opens the app and waits until `predicate(state)` holds; collects console errors and page errors.
// `reducedMotion: 'reduce'`: the browser asks for no animations (the app's flows do not start).
// serviceWorkers: 'block' where a test answers requests itself (page.route does not see what the
// service worker fetches once it controls the page: the trainer's data, a language fetched later).
export async function openApp(browser, url, { width = 1366, height = 768, dpr = 1, touch = false, reducedMotion, serviceWorkers } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr, hasTouch: touch,
                                             reducedMotion: reducedMotion ?? 'no-preference', serviceWorkers: serviceWorkers ?? 'allow' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(url);
  await poll(() => page.evaluate(() => !!(window.vitvis && window.vitvis.ready)), 60000, 'app ready');
  return { page, context, errors };
}

export async function state(page) {
  return page.evaluate(() => window.vitvis.state());
}

// Polls from Node (the page's CSP forbids the string evaluation waitForFunction would need).
async function poll(check, timeout, what) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A state read between a result's arrival and the frame that draws it has the result but the rects
// (s.ui) of the frame before; tests read rects, so states are taken only once the result is drawn.
const drawn = (s) => !s.result || s.result.drawn;

// Waits until predicateSrc (source of a function of the state) holds; returns that state.
export async function waitState(page, predicateSrc, timeout = 60000) {
  const predicate = (0, eval)(predicateSrc);
  let last;
  try {
    return await poll(async () => {
      last = await state(page);
      return drawn(last) && predicate(last) ? last : null;
    }, timeout, predicateSrc);
  } catch (e) {
    e.message += `\nlast state: ${JSON.stringify(last)?.slice(0, 1500)}`;
    throw e;
  }
}

// The address bar follows the view at the end of the next frame drawn: the URL once `ok(url)` holds,
// or after `timeout` ms (then the caller's assertion says what is wrong).
export async function urlWhen(page, ok, timeout = 5000) {
  const end = Date.now() + timeout;
  while (!ok(page.url()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return page.url();
}

export const center = (r) => ({ x: r[0] + r[2] / 2, y: r[1] + r[3] / 2 });
// Whether two rects [x, y, w, h] share any area.
export const overlap = (a, b) => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];

// One app page shared by the tests of a file: `await app.open()` in the file's before hook starts it
// and waits for `ready(state)`; it is closed after the tests. app.click(rect) clicks a rect's centre.
export function sharedApp(ready, { url = '', launchArgs = [], ...opts } = {}) {
  const app = {
    click: (r) => { const c = center(r); return app.page.mouse.click(c.x, c.y); },
    async open() {
      app.browser = await launch({ args: launchArgs });
      app.srv = await serve();
      Object.assign(app, await openApp(app.browser, app.srv.url + url, opts));
      await waitState(app.page, ready);
      return app;
    },
  };
  after(async () => { await app.context?.close(); await app.browser?.close(); app.srv?.stop(); });
  return app;
}

// Opens the model list and picks `name`; retries if a busy machine swallowed the click.
// Waits until `pick(state)` (source of a function) is non-empty and the same on two polls 150 ms
// apart: an ImGui popup or combo list is placed on its second frame, so its first rects can be off.
export async function waitStable(page, pickSrc, timeout = 30000) {
  const pick = (0, eval)(pickSrc);
  let prev = null;
  return poll(async () => {
    const s = await state(page);
    const v = drawn(s) ? JSON.stringify(pick(s)) : 'null';
    const ok = v === prev && v !== '[]' && v !== 'null' && v !== undefined;
    prev = v;
    if (!ok) await new Promise((r) => setTimeout(r, 150));
    return ok ? s : null;
  }, timeout, `stable ${pickSrc}`);
}

// Turns the wheel over `area` (a module's rect) until the rect `pick(state)` (source of a function) is
// drawn wholly inside it, 30 turns at most; resolves with the last state.
export async function wheelIntoView(page, pickSrc, area) {
  const pick = (0, eval)(pickSrc);
  let s;
  for (let i = 0; i < 30; i++) {
    s = await state(page);
    const b = pick(s);
    if (b[2] > 0 && b[1] >= area[1] && b[1] + b[3] <= area[1] + area[3]) break;
    await page.mouse.move(area[0] + area[2] / 2, area[1] + area[3] / 2);
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(150);
  }
  return s;
}

export async function pickModel(page, name) {
  for (let attempt = 0; attempt < 3; attempt++) {
    let s = await state(page);
    const before = s.last_error, was = s.model?.id;
    const c = center(s.ui.model_combo);
    await page.mouse.click(c.x, c.y);
    s = await waitStable(page, 's => s.ui.model_items');
    const i = s.models.indexOf(name);
    if (i < 0) throw new Error(`no model ${name}`);
    await page.mouse.click(...Object.values(center(s.ui.model_items[i])));
    // Loading from a cache can be over before the first poll: a changed model counts too.
    const picked = await waitState(page, `s => s.loading || s.last_error !== ${JSON.stringify(before)} || s.model?.id !== ${JSON.stringify(was)}`, 5000).catch(() => null);
    if (picked) return;
    await page.mouse.click(2, 300);  // close the list (ImGui keyboard navigation is off: no Esc)
  }
  throw new Error(`could not pick ${name}`);
}

// Shared e2e helpers: launch Debian's Chromium headless via playwright-core, serve dist/, collect errors.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

// Starts scripts/serve.mjs on a free-ish port; resolves with { url, stop }.
export async function serve({ isolation = true, port, dir } = {}) {
  port = port ?? 8100 + Math.floor(Math.random() * 800);
  const args = [path.join(ROOT, 'scripts/serve.mjs'), '--port', String(port), '--dir', dir ?? path.join(ROOT, 'dist')];
  if (!isolation) args.push('--no-isolation');
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    proc.stdout.once('data', resolve);
    proc.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => proc.kill() };
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

// Opens the app and waits until `predicate(state)` holds; collects console errors and page errors.
export async function openApp(browser, url, { width = 1366, height = 768, dpr = 1 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(url);
  await page.waitForFunction(() => window.vitvis && window.vitvis.ready, null, { timeout: 60000 });
  return { page, context, errors };
}

export async function state(page) {
  return page.evaluate(() => window.vitvis.state());
}

export async function waitState(page, predicateSrc, timeout = 60000) {
  await page.waitForFunction(`(() => { const s = window.vitvis && window.vitvis.ready && window.vitvis.state(); return s && (${predicateSrc})(s); })()`, null, { timeout, polling: 100 });
  return state(page);
}

export const center = (r) => ({ x: r[0] + r[2] / 2, y: r[1] + r[3] / 2 });

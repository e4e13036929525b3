// Small helpers for bench/: statistics, serving a directory, launching Chromium, machine load.
import { spawn, execSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, 'tests', 'package.json'));
export const { chromium } = require('playwright-core');

export function quantile(xs, q) {
  const a = xs.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (!a.length) return null;
  const i = (a.length - 1) * q, lo = Math.floor(i), hi = Math.ceil(i);
  return a[lo] + (a[hi] - a[lo]) * (i - lo);
}
export const median = (xs) => quantile(xs, 0.5);
export const max = (xs) => (xs.length ? Math.max(...xs) : null);
export const round = (x, d = 2) => (x == null || !Number.isFinite(x) ? x : Math.round(x * 10 ** d) / 10 ** d);
export function stats(xs) {
  return { n: xs.length, median: round(median(xs)), p95: round(quantile(xs, 0.95)), min: round(Math.min(...xs)), max: round(Math.max(...xs)) };
}

export function load(tag) {
  const [l1, l5, l15] = os.loadavg();
  return { tag, time: new Date().toISOString(), load1: round(l1), load5: round(l5), load15: round(l15) };
}
export function topProcesses(n = 8) {
  try {
    return execSync(`ps -eo pcpu,etime,comm,args --sort=-pcpu | head -${n + 1}`, { encoding: 'utf8' })
      .split('\n').slice(1).filter(Boolean).map((l) => l.trim().slice(0, 160));
  } catch { return []; }
}

// scripts/serve.mjs on a free-ish port for `dir`; resolves { url, stop }.
export async function serve(dir, { isolation = true } = {}) {
  for (let attempt = 0; attempt < 5; ++attempt) {
    const port = 9100 + Math.floor(Math.random() * 800);
    const args = [path.join(ROOT, 'scripts/serve.mjs'), '--port', String(port), '--dir', dir];
    if (!isolation) args.push('--no-isolation');
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => { err += d; });
    const ok = await new Promise((resolve) => {
      proc.stdout.once('data', () => resolve(true));
      proc.once('exit', () => resolve(false));
    });
    if (ok) return { url: `http://127.0.0.1:${port}/`, stop: () => proc.kill(), stderr: () => err };
  }
  throw new Error('could not start scripts/serve.mjs');
}

// p, or a rejection after ms. Playwright's pipe to Chromium does not keep Node running: a close() that
// never settles (seen after pages whose ORT worker threads were busy) otherwise ends the whole run at
// once, silently, with exit code 13 ("unsettled top-level await") and no results written.
export function within(p, ms, what) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
// Browsers whose page did not close: the run relaunches Chromium before measuring anything else.
export const staleBrowsers = new WeakSet();
export async function closeContext(context, log = () => {}) {
  try {
    await within(context.close(), 30000, 'closing the page');
  } catch (e) {
    log(`${e.message}: Chromium will be relaunched`);
    const b = context.browser();
    if (b) staleBrowsers.add(b);
  }
}

// gpuCompositing: without --disable-gpu the compositor also runs on SwiftShader (GL), so a WebGL canvas is
// handed over as a texture instead of being read back with glReadPixels on the page's main thread every frame.
const launchArgs = (gpuCompositing) => ['--no-sandbox', ...(gpuCompositing ? ['--ignore-gpu-blocklist'] : ['--disable-gpu']), '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--enable-precise-memory-info', '--js-flags=--expose-gc', '--enable-blink-features=ForceEagerMeasureMemory',
  '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'];

export async function launch({ gpuCompositing = false } = {}) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs(gpuCompositing) });
}

// A browser with a profile on disk, as a user's is (a new context of launch() keeps its storage,
// the Cache API included, in memory).
export async function launchPersistent(dir, { gpuCompositing = false, viewport } = {}) {
  return chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', args: launchArgs(gpuCompositing), viewport });
}

// Resident memory of Chromium's processes (the browser's own process tree), in bytes.
export function chromiumRss() {
  return chromiumRssByType().total;
}
// The same by process type: { total, browser, renderer, gpu-process, utility, … }.
export function chromiumRssByType() {
  const out = { total: 0 };
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const rss = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
      const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
      out.total += rss;
      out[type] = (out[type] ?? 0) + rss;
    } catch (e) { /* gone */ }
  }
  return out;
}

export function gzipSize(file) {
  const zlib = require('node:zlib');
  const b = fs.readFileSync(file);
  return { bytes: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length };
}

#!/usr/bin/env node
// Where does the app's main thread spend a frame? Samples the page's JS (CDP Profiler) for a few
// seconds idle, hovering, or during inferences, and prints the top functions by self time.
// Needs build/bench-site (scripts/bench.sh assembles it). Usage:
//   node bench/profile.mjs [--model ID] [--mode idle|hover|infer] [--seconds 4] [--width 1920 --height 1080] [--no-isolation]
import path from 'node:path';
import { ROOT, serve, launch } from './lib/util.mjs';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const model = opt('--model', ''), mode = opt('--mode', 'idle'), seconds = Number(opt('--seconds', 4));
const width = Number(opt('--width', 1920)), height = Number(opt('--height', 1080));
const srv = await serve(path.join(ROOT, 'build', 'bench-site'), { isolation: !args.includes('--no-isolation') });
const browser = await launch({ gpuCompositing: args.includes('--gpu-compositing') });
const context = await browser.newContext({ viewport: { width, height } });
const page = await context.newPage();
await page.goto(srv.url + (model ? `?model=${model}` : ''));
await page.waitForFunction(() => window.vitvis?.ready && window.vitvis.state().result && !window.vitvis.state().busy, null, { timeout: 300000, polling: 500 });
await page.waitForTimeout(1000);
const cdp = await context.newCDPSession(page);
if (args.includes('--trace')) {
  // Chrome trace of the renderer: which native tasks fill the main thread between frames.
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink,cc,gpu,viz,toplevel,v8', transferMode: 'ReportEvents' });
  await page.waitForTimeout(seconds * 1000);
  await cdp.send('Tracing.end');
  await done;
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const agg = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const k = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} | ${e.name}`;
    const a = agg.get(k) ?? { ms: 0, n: 0 };
    a.ms += e.dur / 1000; a.n++;
    agg.set(k, a);
  }
  console.log(`trace ${seconds} s (inclusive durations, nested events overlap)`);
  for (const [k, v] of [...agg.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) console.log(`${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(5)}x  ${k}`);
  await browser.close();
  srv.stop();
  process.exit(0);
}
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
const s0 = await page.evaluate(() => window.vitvis.state());
const t0 = Date.now();
await cdp.send('Profiler.start');
if (mode === 'idle') await page.waitForTimeout(seconds * 1000);
else if (mode === 'hover') {
  const [x, y, w, h] = s0.ui.image, g = s0.model.grid;
  for (let k = 0; Date.now() - t0 < seconds * 1000; ++k) { await page.mouse.move(x + ((k % g) + 0.5) * w / g, y + ((Math.floor(k / g) % g) + 0.5) * h / g); await page.waitForTimeout(40); }
} else {
  for (let k = 0; Date.now() - t0 < seconds * 1000; ++k) {
    const s = await page.evaluate(() => window.vitvis.state());
    const shown = s.ui.thumbs.map((r, i) => i).filter((i) => s.ui.thumbs[i][3] > 0).slice(0, 8);  // not scrolled away
    const r = s.ui.thumbs[shown[(shown.indexOf(s.selection.image) + 1) % shown.length]];
    await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
    await page.waitForFunction((n) => window.vitvis.state().result.inferences > n, s.result.inferences, { polling: 50, timeout: 120000 });
  }
}
const { profile } = await cdp.send('Profiler.stop');
const s1 = await page.evaluate(() => window.vitvis.state());
const el = (Date.now() - t0) / 1000;
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; ++i) {
  const n = byId.get(profile.samples[i]);
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) || 0) + (dt[i] || 0) / 1000);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`${mode} ${el.toFixed(1)} s, ${s1.frames - s0.frames} frames (${((s1.frames - s0.frames) / el).toFixed(1)} fps), ${width}x${height}`);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${v.toFixed(0).padStart(7)} ms ${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`);
await browser.close();
srv.stop();

// Issue 35's first-visit bench: what a first and a repeat visit of dist/ cost, served by scripts/serve.mjs.
//  - bytes on the wire: counted by a TCP proxy between Chromium and the server (HTTP headers and bodies, all
//    requests: the page's and its service worker's), and Chromium's own count for the page's requests
//    (CDP Network.loadingFinished encodedDataLength); until the first result, and until the network is quiet
//    (the service worker's install included);
//  - time from navigation to the first result drawn (window.vitvis.drawn() > 0), unthrottled and at 10 and
//    2 Mbit/s (CDP Network.emulateNetworkConditions, RTT 40 ms, upload 1 Mbit/s);
//  - how long the app waits for ONNX Runtime's wasm: when each binary's download ended (Resource Timing),
//    against the first result (the app starts only once both are in: web/boot.mjs);
//  - main-thread total blocking time from navigation to the first result: the sum of (duration - 50 ms)
//    over long tasks (PerformanceObserver 'longtask', observed from the document's start).
// A repeat visit: the same browser profile (HTTP cache, service worker) opens the page again.
// --baseline also measures the server as it was before precompression (scripts/serve.mjs at --base-rev,
// default b1ca241: no compression, no ETag), on the same dist/.
//   node bench/first_visit.mjs [--runs 1] [--label NAME] [--baseline] [--dir dist] [--conditions none,10,2]
//   (writes bench/results/<date>-first-visit-<label>.json)
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { ROOT, launch, round, median, load, topProcesses } from './lib/util.mjs';

const arg = (n, d) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1] : d; };
const RUNS = Number(arg('--runs', 1)), LABEL = arg('--label', 'run');
const DIR = path.resolve(arg('--dir', path.join(ROOT, 'dist')));
const BASE_REV = arg('--base-rev', 'b1ca241');
const CONDITIONS = arg('--conditions', 'none,10,2').split(',').map((c) => (c === 'none' ? null : Number(c)));
const RTT_MS = 40;
const log = (...a) => console.log('[first-visit]', ...a);

// A server (this tree's scripts/serve.mjs, or another file) on a free port; resolves its port.
async function startServer(script) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 9100 + Math.floor(Math.random() * 800);
    const proc = spawn(process.execPath, [script, '--port', String(port), '--dir', DIR], { stdio: ['ignore', 'pipe', 'ignore'] });
    const ok = await new Promise((resolve) => { proc.stdout.once('data', () => resolve(true)); proc.once('exit', () => resolve(false)); });
    if (ok) return { port, stop: () => proc.kill() };
  }
  throw new Error(`could not start ${script}`);
}

// A TCP proxy in front of `port` that counts the bytes each way (what goes over the wire, minus TCP/IP).
async function countingProxy(port) {
  const counts = { down: 0, up: 0, connections: 0, last: Date.now() };
  const sockets = new Set();
  const server = net.createServer((client) => {
    counts.connections++;
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(client); sockets.add(upstream);
    client.on('data', (d) => { counts.up += d.length; counts.last = Date.now(); });
    upstream.on('data', (d) => { counts.down += d.length; counts.last = Date.now(); });
    client.pipe(upstream); upstream.pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', end); upstream.on('error', end); client.on('close', end); upstream.on('close', end);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, counts,
           stop: () => { for (const s of sockets) s.destroy(); server.close(); } };
}

// Before the page's own scripts: long tasks from the document's start (the page's CSP does not apply).
const OBSERVE = `(() => {
  window.__longtasks = [];
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true }); } catch (e) {}
})();`;

async function visit(context, proxy, mbit, what) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let pageBytes = 0, pageRequests = 0;
  const perRequest = new Map();
  cdp.on('Network.responseReceived', (e) => perRequest.set(e.requestId, { url: e.response.url, encoding: e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '', status: e.response.status, fromSW: e.response.fromServiceWorker }));
  cdp.on('Network.loadingFinished', (e) => {
    pageBytes += e.encodedDataLength; pageRequests++;
    const r = perRequest.get(e.requestId); if (r) r.bytes = e.encodedDataLength;
  });
  if (mbit) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: RTT_MS,
      downloadThroughput: (mbit * 1e6) / 8, uploadThroughput: 1e6 / 8 });
  }
  const down0 = proxy.counts.down, up0 = proxy.counts.up;
  const t0 = Date.now();
  await page.goto(proxy.url, { waitUntil: 'commit' });
  let ready = false;
  for (;;) {
    ready = await page.evaluate(() => (window.vitvis?.drawn ? window.vitvis.drawn() > 0 : false)).catch(() => false);
    if (ready) break;
    if (Date.now() - t0 > 300000) throw new Error(`${what}: no result after 300 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const wallMs = Date.now() - t0;
  const atResult = { wire_down: proxy.counts.down - down0, wire_up: proxy.counts.up - up0, page_encoded: pageBytes, page_requests: pageRequests };
  const inPage = await page.evaluate(() => {
    const s = window.vitvis.state();
    const nav = performance.getEntriesByType('navigation')[0];
    const res = (suffix) => performance.getEntriesByType('resource').find((e) => e.name.endsWith(suffix));
    const at = (e) => (e ? Math.round(e.responseEnd) : null);
    const now = performance.now();
    const tasks = window.__longtasks.filter(([start]) => start <= now);
    return {
      result_ms: Math.round(now), has_result: !!s.result, model: s.model?.id, status_error: s.status?.error,
      nav_response_end_ms: nav ? Math.round(nav.responseEnd) : null,
      vitvis_wasm_end_ms: at(res('/vitvis.wasm')), ort_wasm_end_ms: at(res('/ort-wasm-simd-threaded.wasm')),
      long_tasks: tasks.length, longest_task_ms: Math.round(Math.max(0, ...tasks.map((t) => t[1]))),
      tbt_ms: Math.round(tasks.reduce((a, [, d]) => a + Math.max(0, d - 50), 0)),
      boot_text: document.getElementById('boot-text')?.textContent,
    };
  });
  // Until the network is quiet for 3 s (the service worker's install and the files it keeps).
  const settleStart = Date.now();
  while (Date.now() - proxy.counts.last < 3000 && Date.now() - settleStart < 120000) await new Promise((r) => setTimeout(r, 250));
  const settled = { wire_down: proxy.counts.down - down0, wire_up: proxy.counts.up - up0, page_encoded: pageBytes };
  const requests = [...perRequest.values()].filter((r) => r.bytes > 20000 || /wasm$/.test(r.url))
    .map((r) => ({ path: new URL(r.url).pathname, status: r.status, encoding: r.encoding, from_sw: r.fromSW, bytes: r.bytes }));
  await cdp.detach().catch(() => {});
  await page.close();
  return { what, mbit, wall_ms: wallMs, ...inPage,
           waits_for_ort_ms: inPage.ort_wasm_end_ms != null && inPage.vitvis_wasm_end_ms != null ? Math.max(0, inPage.ort_wasm_end_ms - inPage.vitvis_wasm_end_ms) : null,
           at_result: atResult, settled, big_requests: requests };
}

async function measure(server) {
  const srv = await startServer(server);
  const proxy = await countingProxy(srv.port);
  const out = [];
  try {
    for (const mbit of CONDITIONS) {
      for (let i = 0; i < RUNS; i++) {
        const browser = await launch();
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        await context.addInitScript(OBSERVE);
        const first = await visit(context, proxy, mbit, 'first');
        const repeat = await visit(context, proxy, mbit, 'repeat');
        for (const v of [first, repeat])
          log(`${path.basename(path.dirname(server)) === 'scripts' ? 'now' : 'baseline'} ${mbit ?? 'unthrottled'}${mbit ? ' Mbit/s' : ''} ${v.what}:`,
              `result ${v.result_ms} ms, wire ${round(v.at_result.wire_down / 1e6, 3)} MB to the result, ${round(v.settled.wire_down / 1e6, 3)} MB settled,`,
              `TBT ${v.tbt_ms} ms, ORT wasm in at ${v.ort_wasm_end_ms} ms (app's wasm ${v.vitvis_wasm_end_ms} ms)`);
        out.push({ mbit, run: i, first, repeat });
        await context.close();
        await browser.close();
      }
    }
  } finally {
    proxy.stop();
    srv.stop();
  }
  return out;
}

const summarize = (runs) => Object.fromEntries(CONDITIONS.map((mbit) => {
  const rs = runs.filter((r) => r.mbit === mbit);
  const m = (f) => median(rs.map(f));
  return [mbit ? `${mbit}mbit` : 'unthrottled', {
    first_result_ms: m((r) => r.first.result_ms), repeat_result_ms: m((r) => r.repeat.result_ms),
    first_wire_bytes_to_result: m((r) => r.first.at_result.wire_down), first_wire_bytes_settled: m((r) => r.first.settled.wire_down),
    first_page_encoded_bytes: m((r) => r.first.at_result.page_encoded),
    repeat_wire_bytes_settled: m((r) => r.repeat.settled.wire_down), repeat_page_encoded_bytes: m((r) => r.repeat.settled.page_encoded),
    first_tbt_ms: m((r) => r.first.tbt_ms), first_longest_task_ms: m((r) => r.first.longest_task_ms),
    first_ort_wasm_end_ms: m((r) => r.first.ort_wasm_end_ms), first_vitvis_wasm_end_ms: m((r) => r.first.vitvis_wasm_end_ms),
    first_waits_for_ort_ms: m((r) => r.first.waits_for_ort_ms),
  }];
}));

const R = { label: LABEL, date: new Date().toISOString(), dir: path.relative(ROOT, DIR) || DIR, runs: RUNS, rtt_ms: RTT_MS,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model }, load_before: load('start'), top_before: topProcesses(5),
  chromium: execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
  targets: { first_visit_wire_bytes: 5e6, repeat_visit_wire_bytes: 100e3, first_result_ms_at_10mbit: 10000, tbt_ms: 300 } };
R.now = { server: 'scripts/serve.mjs', runs: await measure(path.join(ROOT, 'scripts', 'serve.mjs')) };
R.now.summary = summarize(R.now.runs);
if (process.argv.includes('--baseline')) {
  const old = path.join(os.tmpdir(), `vitvis-serve-${BASE_REV}`, 'serve.mjs');
  fs.mkdirSync(path.dirname(old), { recursive: true });
  fs.writeFileSync(old, execFileSync('git', ['-C', ROOT, 'show', `${BASE_REV}:scripts/serve.mjs`]));
  R.baseline = { server: `scripts/serve.mjs at ${BASE_REV}`, runs: await measure(old) };
  R.baseline.summary = summarize(R.baseline.runs);
}
R.load_after = load('end');
log(JSON.stringify({ now: R.now.summary, baseline: R.baseline?.summary }, null, 1));
const out = path.join(ROOT, 'bench', 'results', `${new Date().toISOString().slice(0, 16).replace(/[-:]/g, '')}Z-first-visit-${LABEL}.json`);
fs.writeFileSync(out, JSON.stringify(R, null, 1));
log('wrote', path.relative(ROOT, out));

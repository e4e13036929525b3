// Measures the app (dist/ snapshot) in one page: session creation, clicks -> views, ORT run, copy +
// upload, frame gaps during inferences, memory over N inferences, frame build while hovering patches.
import { stats, median, max, round, closeContext } from './util.mjs';

// Installed before the page's scripts: wraps the ORT glue (web/ort_glue.mjs) to time session creation,
// downloads and runs from the page, and counts animation frames. Read-only: the app is unchanged.
const HOOK = `(() => {
  const B = window.__bench = { sessions: [], runs: [], fetches: [], raf: 0, rafT: [] };
  const tick = (t) => { B.raf++; B.rafT.push(performance.now()); if (B.rafT.length > 4000) B.rafT.splice(0, 2000); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  let v;
  Object.defineProperty(globalThis, 'vitvisOrt', { configurable: true, get() { return v; }, set(x) {
    v = x;
    const cs = x.createSession, run = x.run, fb = x.fetchBytes;
    x.createSession = async function (bytes, ...rest) {
      const t0 = performance.now();
      try { return await cs.call(this, bytes, ...rest); } finally { B.sessions.push({ t0, ms: performance.now() - t0, bytes: bytes.length }); }
    };
    x.run = async function (...a) {
      const t0 = performance.now();
      const r = await run.apply(this, a);
      B.runs.push({ t0, ms: performance.now() - t0, ort_ms: r.ms });
      return r;
    };
    x.fetchBytes = async function (url, p, ...rest) {
      const t0 = performance.now();
      const r = await fb.call(this, url, p, ...rest);
      B.fetches.push({ url: String(url), t0, ms: performance.now() - t0, bytes: r.length });
      return r;
    };
  } });
})();`;

const state = (page) => page.evaluate(() => window.vitvis.state());
const frames = (page, n) => page.evaluate((n) => new Promise((r) => { let k = 0; const f = () => (++k >= n ? r() : requestAnimationFrame(f)); requestAnimationFrame(f); }), n);
const lastN = (arr, n) => arr.slice(Math.max(0, arr.length - Math.min(n, arr.length)));

async function memory(page, uaMemory) {
  return page.evaluate(async (uaMemory) => {
    for (let i = 0; i < 3; ++i) globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 200));
    globalThis.gc?.();
    const s = window.vitvis.state();
    const m = { wasm_heap: s.perf.wasm_heap, js_heap_used: performance.memory?.usedJSHeapSize ?? null,
      js_heap_total: performance.memory?.totalJSHeapSize ?? null, ua_bytes: null };
    if (uaMemory && performance.measureUserAgentSpecificMemory && globalThis.crossOriginIsolated) {
      try {
        const r = await Promise.race([performance.measureUserAgentSpecificMemory(), new Promise((_, j) => setTimeout(() => j(new Error('timeout')), 40000))]);
        m.ua_bytes = r.bytes;  // page + its workers (ORT's proxy worker), incl. ArrayBuffers and wasm memories
      } catch (e) { m.ua_error = String(e); }
    }
    return m;
  }, uaMemory);
}

export async function measureApp(browser, url, { id, clicks, clickMs = 80, hoverMoves = 60, hoverDelay = 50, width = 1920, height = 1080, timeout = 600000, clickTimeout = 30000, log = () => {} }) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  await context.addInitScript(HOOK);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const out = { id, viewport: [width, height], errors };
  try {
    const t0 = Date.now();
    await page.goto(`${url}?model=${encodeURIComponent(id)}`);
    await page.waitForFunction(() => window.vitvis && window.vitvis.ready, null, { timeout: 120000 });
    await page.waitForFunction(() => window.__bench.runs.length >= 1, null, { timeout, polling: 200 });
    await frames(page, 4);
    let s = await state(page);
    if (!s.result || s.model?.id !== id) throw new Error(`no result for ${id}: ${s.status?.text}`);
    const B = await page.evaluate(() => ({ sessions: window.__bench.sessions, fetches: window.__bench.fetches, runs: window.__bench.runs }));
    const modelFetch = B.fetches.find((f) => /\.onnx$/.test(f.url));
    out.runtime = s.runtime;
    out.model = { tokens: s.model.tokens, layers: s.model.layers, heads: s.model.heads, dim: s.model.dim, grid: s.model.grid,
      result_bytes: s.result.bytes, samples: s.model.samples.length };
    out.load = {
      open_to_first_views_ms: Date.now() - t0,
      fetch_ms: round(modelFetch?.ms), model_bytes: modelFetch?.bytes,
      session_create_ms: round(B.sessions[0]?.ms),
      first_run_ms: round(B.runs[0]?.ms), first_views_ms: round(s.result.views_ms),
    };
    log(`  ${id}: session ${out.load.session_create_ms} ms, first views ${out.load.first_views_ms} ms, ${s.runtime.threads} thread(s)`);
    const ua = clicks >= 20;
    out.mem_start = await memory(page, ua);
    // Clicks: alternate between the loaded samples; each click -> inference -> views drawn.
    // Cycle through the loaded samples of the first thumbnail row (further rows may be scrolled away).
    const loaded = s.model.samples.map((x, i) => (x.loaded && s.ui.thumbs[i] && Math.abs(s.ui.thumbs[i][1] - s.ui.thumbs[0][1]) < 1 ? i : -1))
      .filter((i) => i >= 0).slice(0, 8);
    if (loaded.length < 2) throw new Error(`fewer than 2 clickable samples (${loaded.length})`);
    const per = [];
    for (let k = 0; k < clicks; ++k) {
      let nRuns, tClick;
      ({ s, nRuns, tClick } = await page.evaluate(() => ({ s: window.vitvis.state(), nRuns: window.__bench.runs.length, tClick: performance.now() })));
      const img = loaded[(loaded.indexOf(s.selection.image) + 1) % loaded.length];
      const r = s.ui.thumbs[img];
      const f0 = s.perf.frames, inf0 = s.result.inferences;
      // A click that does not start an inference within clickTimeout is retried (twice) and recorded.
      let ok = false;
      for (let attempt = 0; attempt < 3 && !ok; ++attempt) {
        if (attempt) await page.mouse.move(r[0] + r[2] / 2 + 3, r[1] + r[3] / 2 + 3);
        await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2, { delay: clickMs });
        ok = await page.waitForFunction((n) => window.__bench.runs.length > n, nRuns, { timeout: clickTimeout, polling: 'raf' }).then(() => true, () => false);
        if (!ok) {
          const d = await page.evaluate(() => { const s = window.vitvis.state(); return { busy: s.busy, image: s.selection.image, inferences: s.result?.inferences, status: s.status.text, runs: window.__bench.runs.length }; });
          out.click_failures = [...(out.click_failures ?? []), { click: k, attempt, target: img, ...d }];
          log(`  ${id}: click ${k} on sample ${img} started no inference in ${clickTimeout} ms: ${JSON.stringify(d)}`);
          if (d.busy) await page.waitForFunction(() => !window.vitvis.state().busy, null, { timeout, polling: 500 }).catch(() => {});
          ok = await page.evaluate((n) => window.__bench.runs.length > n, nRuns);
        }
      }
      if (!ok) continue;
      await frames(page, 3);
      // Page-side frame gaps (rAF timestamps): the gap that contains the moment session.run resolved
      // (outputs arrive from the worker, are copied into C++ and the views are updated) vs the longest
      // gap while ORT computes in its worker.
      const { s1, run, rafT } = await page.evaluate((t) => ({ s1: window.vitvis.state(), run: window.__bench.runs.at(-1), rafT: window.__bench.rafT.filter((x) => x >= t - 200) }), tClick);
      const tDone = run.t0 + run.ms;
      let resultGap = null, waitGap = 0;
      for (let i = 1; i < rafT.length; ++i) {
        const gap = rafT[i] - rafT[i - 1];
        if (rafT[i - 1] <= tDone && rafT[i] > tDone) resultGap = gap;
        else if (rafT[i] > tClick && rafT[i] <= tDone) waitGap = Math.max(waitGap, gap);
      }
      const n = s1.perf.frames - f0;
      const gaps = lastN(s1.perf.gap_ms, n), builds = lastN(s1.perf.build_ms, n);
      per.push({ image: img, views_ms: s1.result.views_ms, roundtrip_ms: s1.result.roundtrip_ms, ort_ms: s1.result.ort_ms,
        page_run_ms: run.ms, copy_ms: s1.result.copy_ms, upload_ms: s1.result.upload_ms, frames: n, frames_truncated: n > gaps.length,
        max_gap_ms: max(gaps), max_build_ms: max(builds), busy_after: s1.busy,
        raf_result_gap_ms: round(resultGap, 1), raf_wait_gap_ms: round(waitGap, 1),
        gaps: k < 10 ? gaps.map((x) => round(x, 1)) : undefined });
      if (k % 10 === 9 || k === clicks - 1) log(`  ${id}: ${k + 1}/${clicks} clicks, views ${round(s1.result.views_ms)} ms, ORT ${round(s1.result.ort_ms)} ms`);
    }
    out.clicks = per.length;
    out.mem_end = await memory(page, ua);
    const f = (k) => stats(per.map((p) => p[k]));
    out.summary = {
      views_ms: f('views_ms'), roundtrip_ms: f('roundtrip_ms'), ort_ms: f('ort_ms'), page_run_ms: f('page_run_ms'),
      copy_ms: f('copy_ms'), upload_ms: f('upload_ms'),
      // The app's own work for a result: copying the outputs in, plus building the frame that shows it
      // (analyses, texture uploads and every view's UI code; the longest build during the click).
      overhead_ms: stats(per.map((p) => p.copy_ms + p.max_build_ms)),
      overhead_ratio: round(median(per.map((p) => (p.copy_ms + p.max_build_ms) / p.ort_ms)), 3),
      max_gap_ms: round(max(per.map((p) => p.max_gap_ms))), gap_per_click: f('max_gap_ms'),
      frames_per_click: f('frames'), max_build_during_inference_ms: f('max_build_ms'),
      raf_result_gap_ms: f('raf_result_gap_ms'), raf_wait_gap_ms: f('raf_wait_gap_ms'),
    };
    out.per_click = per;
    const js0 = out.mem_start.js_heap_used, js1 = out.mem_end.js_heap_used;
    out.memory = {
      inferences: per.length,
      wasm_heap_start: out.mem_start.wasm_heap, wasm_heap_end: out.mem_end.wasm_heap,
      js_heap_start: js0, js_heap_end: js1,
      growth_bytes: (out.mem_end.wasm_heap - out.mem_start.wasm_heap) + (js1 != null && js0 != null ? js1 - js0 : 0),
      ua_start: out.mem_start.ua_bytes, ua_end: out.mem_end.ua_bytes,
      ua_growth_bytes: out.mem_start.ua_bytes != null && out.mem_end.ua_bytes != null ? out.mem_end.ua_bytes - out.mem_start.ua_bytes : null,
    };
    // Frame build while idle, then while hovering patches (module (d) unfolded: every module open).
    s = await state(page);
    if (!s.ui.unfolded && s.ui.fold_button[2] > 0) {
      await page.mouse.click(s.ui.fold_button[0] + s.ui.fold_button[2] / 2, s.ui.fold_button[1] + s.ui.fold_button[3] / 2);
      await page.waitForTimeout(1000);
    }
    await page.mouse.move(Math.max(2, s.ui.image[0] - 30), height - 5);
    await page.waitForTimeout(300);
    s = await state(page);
    const fi = s.perf.frames, ti = Date.now();
    await page.waitForTimeout(2000);
    s = await state(page);
    const idle = lastN(s.perf.build_ms, s.perf.frames - fi);
    out.idle = { frames: idle.length, fps: round(idle.length / ((Date.now() - ti) / 1000), 1), build_ms: stats(idle), gap_ms: stats(lastN(s.perf.gap_ms, s.perf.frames - fi)) };
    const [x, y, w, h] = s.ui.image, g = s.model.grid;
    const tokens = new Set();
    const fh = s.perf.frames, th = Date.now();
    for (let k = 0; k < hoverMoves; ++k) {
      const row = Math.floor(k / g) % g, c = k % g, col = row % 2 ? g - 1 - c : c;
      await page.mouse.move(x + (col + 0.5) * (w / g), y + (row + 0.5) * (h / g));
      await page.waitForTimeout(hoverDelay);
      if (k % 8 === 7) tokens.add((await page.evaluate(() => window.vitvis.state().selection.token)));
    }
    s = await state(page);
    const nh = s.perf.frames - fh;
    const hb = lastN(s.perf.build_ms, nh);
    out.hover = { moves: hoverMoves, frames: nh, frames_truncated: nh > hb.length, fps: round(nh / ((Date.now() - th) / 1000), 1),
      distinct_tokens_seen: tokens.size, unfolded: s.ui.unfolded, build_ms: stats(hb), gap_ms: stats(lastN(s.perf.gap_ms, nh)) };
    log(`  ${id}: hover build median ${out.hover.build_ms.median} ms p95 ${out.hover.build_ms.p95} ms (${nh} frames, ${out.hover.fps} fps)`);
  } finally {
    await closeContext(context, log);
  }
  return out;
}

export async function measureBare(browser, url, { modelUrl, dims, runs, proxy = true, canvas = false, timeout = 600000, log = () => {} }) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${url}bare.html?proxy=${proxy ? 1 : 0}&canvas=${canvas ? 1 : 0}`);
    await page.waitForFunction(() => window.bareReady === true, null, { timeout: 60000 });
    page.setDefaultTimeout(timeout);
    const info = await page.evaluate(() => window.bare.info());
    const loadRes = await page.evaluate((u) => window.bare.load(u), modelUrl);
    let idle = null;
    if (canvas) idle = await page.evaluate(() => window.bare.idleGaps(2000));
    const r = await page.evaluate(([d, n]) => window.bare.run(d, n, 1), [dims, runs]);
    await page.evaluate(() => window.bare.release()).catch(() => {});
    return { info, fetch_ms: round(loadRes.fetch_ms), create_ms: round(loadRes.create_ms), outputs: loadRes.outputs,
      out_bytes: r.out_bytes, run_ms: stats(r.ms), runs_ms: r.ms.map((x) => round(x)), errors,
      canvas: canvas ? { idle_gap_ms: stats(idle), max_gap_during_runs_ms: round(max(r.maxGaps)), result_gap_ms: stats(r.resultGaps),
        wait_gap_ms: stats(r.waitGaps) } : undefined };
  } finally {
    await closeContext(context, log);
  }
}

// Starts ViT-VIS: loads the ORT glue, downloads the two WebAssembly binaries (the app's and ONNX
// Runtime's) with a progress bar, then starts the app; any failure is shown instead of a blank page.
// Once the app is up it registers the service worker (sw.js) that keeps everything for offline use.
// (A file, not an inline script, so the page's Content-Security-Policy can forbid inline code.)
const boot = document.getElementById('boot');
const bootText = document.getElementById('boot-text');
const bar = document.getElementById('boot-progress');
// The loading screen speaks the link's language (?lang=zh-CN), like the app it starts.
const zh = /^zh/i.test(new URLSearchParams(location.search).get('lang') ?? '');
const words = zh
  ? { loading: '正在加载 ViT-VIS…', of: ' / ', failed: 'ViT-VIS 无法启动：', missing: 'vitvis.js 缺失', aria: '加载中' }
  : { loading: 'Loading ViT-VIS…', of: ' of ', failed: 'ViT-VIS could not start: ', missing: 'vitvis.js is missing', aria: 'Loading' };
if (zh) document.documentElement.lang = 'zh-CN';
bootText.textContent = words.loading;
bar.setAttribute('aria-label', words.aria);
const fail = (msg) => { boot.classList.remove('hidden'); boot.textContent = words.failed + msg; };
window.addEventListener('error', (e) => { if (!window.vitvis?.ready) fail(e.message); });

const mb = (n) => (n / 1e6).toFixed(1) + ' MB';

// Each binary's size, written by scripts/build.sh (empty in web/): the bar has its total from the
// start, and also when the server compresses the transfer (its Content-Length is then the compressed
// size, while the bytes counted are the decoded ones).
const SIZES = {};

// One bar for several downloads: bytes received and total over all of them (a total is known from
// SIZES, else once every response has its Content-Length; until then the bar shows bytes only).
function progressBar(names) {
  const files = Object.fromEntries(names.map((n) => [n, { received: 0, total: SIZES[n] || 0 }]));
  const show = () => {
    let received = 0, total = 0, known = true;
    for (const f of Object.values(files)) {
      received += f.received;
      total += f.total;
      if (!f.total) known = false;
    }
    bar.hidden = false;
    if (known && total) { bar.max = total; bar.value = Math.min(received, total); } else bar.removeAttribute('value');
    bar.dataset.received = String(received);
    bar.dataset.total = known ? String(total) : '0';
    const pct = known && total ? ` (${Math.floor((100 * received) / total)} %)` : '';
    bootText.textContent = known && total ? `${words.loading} ${mb(received)}${words.of}${mb(total)}${pct}` : `${words.loading} ${mb(received)}`;
  };
  show();
  // (a size from SIZES that the bytes outgrow is not this file's: the response's total then)
  return (name) => (received, total) => {
    files[name] = { received, total: SIZES[name] >= received ? SIZES[name] : total };
    show();
  };
}

try {
  // The bar with its total shows at once, before ORT's JavaScript comes.
  const progress = progressBar(['vitvis.wasm', 'ort/ort-wasm-simd-threaded.wasm']);
  await import('./ort_glue.mjs');
  const ortGlue = globalThis.vitvisOrt;
  const canvas = document.getElementById('canvas');
  // Keys go to the canvas: focus it on any pointer press (SDL prevents the default focus).
  canvas.addEventListener('pointerdown', () => canvas.focus({ preventScroll: true }));  // (an iframe: the page stays put)
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());

  const appWasm = ortGlue.fetchBytes('vitvis.wasm', progress('vitvis.wasm'));
  // (its progress also for the app, which is up before it: platform::runtime_downloading)
  const ortProgress = progress('ort/ort-wasm-simd-threaded.wasm');
  const runtime = globalThis.vitvisRuntime = { received: 0, total: SIZES['ort/ort-wasm-simd-threaded.wasm'] ?? 0, ready: false };
  const ortWasm = ortGlue.preloadRuntime((received, total) => {
    ortProgress(received, total);
    runtime.received = received;
    runtime.total = SIZES['ort/ort-wasm-simd-threaded.wasm'] >= received ? SIZES['ort/ort-wasm-simd-threaded.wasm'] : total;
  });
  ortWasm.then(() => { runtime.ready = true; }, () => { runtime.ready = true; });
  // The app starts with its own binary; ONNX Runtime's (14 MB, the larger) goes on downloading, and
  // createSession waits for it: meanwhile the image, its patches and the explanations are there.
  const binaries = Promise.all([appWasm]);
  binaries.catch((e) => fail(String(e.message ?? e)));
  ortWasm.catch((e) => console.error('ONNX Runtime:', e));

  window.Module = {
    canvas,
    // Emscripten calls this instead of fetching vitvis.wasm itself (returning {} means "later").
    instantiateWasm(imports, receiveInstance) {
      binaries
        .then(([bytes]) => WebAssembly.instantiate(bytes, imports))
        .then(({ instance, module }) => receiveInstance(instance, module))
        .catch((e) => fail('vitvis.wasm: ' + String(e.message ?? e)));
      return {};
    },
    onRuntimeInitialized() {
      boot.classList.add('hidden');
      // The service worker installs once ONNX Runtime's wasm is in: its precache then revalidates that
      // file (a 304) instead of downloading it a second time alongside the page.
      ortWasm.finally(registerServiceWorker);
    },
    print: (s) => console.log(s),
    printErr: (s) => console.warn(s),
  };
  const s = document.createElement('script');
  s.src = 'vitvis.js';
  s.onerror = () => fail(words.missing);
  document.body.appendChild(s);
} catch (e) {
  fail(String(e));
}

// Offline use: a service worker caches the app, ONNX Runtime and every model file it sees. Needs a
// secure context (https, or http on localhost); where it is unavailable or refused (e.g. a sandboxed
// iframe, a private window that forbids storage) the app simply works online only, silently.
async function registerServiceWorker() {
  const sw = navigator.serviceWorker;
  if (!sw || !window.isSecureContext) return;
  try {
    await sw.register('sw.js', { updateViaCache: 'none' });
    if (!sw.controller) await new Promise((resolve) => sw.addEventListener('controllerchange', resolve, { once: true }));
    // Files fetched before the worker controlled this page did not pass through it: hand their URLs
    // over so a model, a language or a font that was loaded once also works offline (the worker keeps
    // those in the folders it stores, sw.js OFFLINE_DIRS).
    const here = new URL('./', location.href).href;
    const post = (entries) => {
      const urls = entries.map((e) => e.name).filter((u) => u.startsWith(here) && !u.includes('?'));
      if (urls.length) sw.controller?.postMessage({ type: 'keep', urls });
    };
    post(performance.getEntriesByType('resource'));
    new PerformanceObserver((list) => post(list.getEntries())).observe({ type: 'resource' });
  } catch (e) {
    console.info('ViT-VIS works online only here (no service worker):', e?.message ?? e);
  }
}

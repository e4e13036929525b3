// The JS half of the browser seam (src/platform/browser.cpp is the C++ half), linked into vitvis.js
// with emcc --js-library. Every call from C++ into the page is here, and every answer goes back to
// C++ through one exported vitvis_on_* function (see browser.cpp), which then wakes the frame loop.
//
// Every global and listener this file touches in the page is listed in src/platform/browser.h (the
// seam's header): a new one goes there too.
mergeInto(LibraryManager.library, {
  // Marshalling, written once: a JS string into a malloc'd UTF-8 copy (the C++ side frees it).
  $vvString: function (s) {
    const n = lengthBytesUTF8(s) + 1, p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
  },
  $vvError: function (e) { return vvString(String((e && e.message) || e)); },
  $vvError__deps: ['$vvString'],
  // The numbers that cross the seam, named as in src/platform/browser.h (enum class FetchMode,
  // enum class CameraState): change both sides together.
  $vvFetchMode: { Bytes: 0, BytesKept: 1, HeaderKept: 2, Head: 3 },
  $vvCameraState: { Off: 0, Starting: 1, Running: 2, Paused: 3 },
  // A performance mark of a photo's way through the seam (bench/photo_decode.mjs reads them): only the
  // latest of each name is kept, so a long session (the camera's Live mode) does not pile them up.
  $vvMark: function (name, detail) {
    performance.clearMarks(name);
    performance.mark(name, { detail: detail || null });
  },
  $vvSeam: function () {
    if (!Module.vitvisSeam) {
      Module.vitvisSeam = { files: new Map(), kept: new Map(), aborts: new Map(),
                            fileButton: { x: 0, y: 0, w: 0, h: 0, accept: '' }, give: null };
    }
    return Module.vitvisSeam;
  },

  // mode (vvFetchMode): Bytes = hand C++ the bytes; BytesKept = also keep them here (for a session);
  // HeaderKept = keep them here and hand C++ only a safetensors header (its first 8 + n bytes) and the
  // file's size; Head = hand C++ only the first maxBytes bytes and the file's size (a user's file is
  // not read further).
  js_fetch_bytes__deps: ['$vvError', '$vvSeam', '$vvFetchMode'],
  js_fetch_bytes: function (req, url, mode, maxBytes) {
    const u = UTF8ToString(url), seam = vvSeam(), M = vvFetchMode;
    const progress = (r, t) => Module._vitvis_on_fetch_progress(req, r, t);
    const abort = new AbortController();
    seam.aborts.set(req, abort);
    const file = u.startsWith('userfile:') ? seam.files.get(Number(u.slice(9))) : null;
    let read;
    if (u.startsWith('userfile:')) {
      read = !file ? Promise.reject(new Error('the file is no longer available'))
        : mode === M.Head ? Promise.resolve(file)
        : maxBytes && file.size > maxBytes
          ? Promise.reject(globalThis.vitvisOrt.tooBig(file.size, maxBytes))
          : mode === M.HeaderKept ? Promise.resolve(file)  // a File is a Blob: ORT's worker reads it itself
            : file.arrayBuffer().then((b) => { progress(b.byteLength, b.byteLength); return new Uint8Array(b); });
    } else {
      read = mode === M.HeaderKept ? globalThis.vitvisOrt.fetchBlob(u, progress, maxBytes, abort.signal)
        : globalThis.vitvisOrt.fetchBytes(u, progress, mode === M.Head ? 0 : maxBytes, abort.signal);
    }
    // HeaderKept: the weights stay a Blob (never read into the page); C++ gets its safetensors header only.
    const header = async (blob) => {
      if (blob.size < 8) return new Uint8Array(await blob.arrayBuffer());
      const len = new DataView(await blob.slice(0, 8).arrayBuffer()).getBigUint64(0, true);
      return new Uint8Array(await blob.slice(0, Number(len > BigInt(blob.size - 8) ? BigInt(blob.size - 8) : len) + 8).arrayBuffer());
    };
    const head = async (data) => (data instanceof Blob ? new Uint8Array(await data.slice(0, maxBytes).arrayBuffer())
      : data.subarray(0, maxBytes));
    read.then(async (data) => {
      const bytes = mode === M.HeaderKept ? await header(data) : mode === M.Head ? await head(data) : data;
      seam.aborts.delete(req);
      if (abort.signal.aborted) throw new Error('cancelled');
      if (mode === M.BytesKept || mode === M.HeaderKept) seam.kept.set(req, data);
      const size = mode === M.HeaderKept || mode === M.Head ? (data.size ?? data.length) : bytes.length;
      if (mode === M.HeaderKept) progress(size, size);
      const ptr = _malloc(Math.max(1, bytes.length));
      HEAPU8.set(bytes, ptr);
      Module._vitvis_on_fetch_done(req, 1, ptr, bytes.length, size, 0);
    }).catch((e) => {
      seam.aborts.delete(req);
      seam.kept.delete(req);
      Module._vitvis_on_fetch_done(req, 0, 0, 0, 0, vvError(abort.signal.aborted ? 'cancelled' : e));
    });
  },
  js_cancel_fetch__deps: ['$vvSeam'],
  js_cancel_fetch: function (id) {
    const a = vvSeam().aborts.get(id);
    if (a) a.abort();
  },
  js_drop_kept__deps: ['$vvSeam'],
  js_drop_kept: function (id) { vvSeam().kept.delete(id); },

  // A session from the kept download fetchId; or, with a graph (graphLen > 0), from that graph whose
  // external data file `location` is the kept download (a safetensors file).
  js_create_session__deps: ['$vvError', '$vvSeam'],
  js_create_session: function (req, fetchId, graph, graphLen, location) {
    const seam = vvSeam(), bytes = seam.kept.get(fetchId);
    seam.kept.delete(fetchId);
    if (!bytes) { Module._vitvis_on_session(req, 0, 0); return; }
    const created = graphLen > 0
      ? globalThis.vitvisOrt.createSession(HEAPU8.slice(graph, graph + graphLen), [{ path: UTF8ToString(location), data: bytes }])
      : globalThis.vitvisOrt.createSession(bytes);
    created.then((s) => Module._vitvis_on_session(req, s.id, 0), (e) => Module._vitvis_on_session(req, 0, vvError(e)));
  },
  // The Hugging Face files kept in the Cache API, as JSON [{url, bytes}]; deleting those under a prefix.
  js_list_cached__deps: ['$vvString'],
  js_list_cached: function (req) {
    globalThis.vitvisOrt.cachedHubFiles().then((files) => JSON.stringify(files), () => '[]')
      .then((json) => Module._vitvis_on_cached(req, vvString(json)));
  },
  js_delete_cached: function (req, prefix) {
    globalThis.vitvisOrt.deleteCachedHubFiles(UTF8ToString(prefix)).catch(() => {})
      .then(() => Module._vitvis_on_copied(req, 1));
  },
  // Offline use (#35): the service worker (web/sw.js) says which files of offline.json it has
  // ('stored') and fetches and stores the others ('store'), talking over a MessageChannel. Its active
  // worker is asked even before it controls the page (the first visit); while it installs, this waits.
  $vvWorker: function () {
    const sw = navigator.serviceWorker;
    if (!sw || !window.isSecureContext) return Promise.reject(new Error('this page cannot use a service worker here (it needs https)'));
    return sw.getRegistration().then((reg) => {
      if (!reg) throw new Error('the service worker is not registered (storage refused, or a private window)');
      if (reg.active) return reg.active;
      const w = reg.installing || reg.waiting;
      if (!w) throw new Error('the service worker is not running');
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('the service worker is still installing; try again in a moment')), 60000);
        w.addEventListener('statechange', () => {
          if (w.state === 'activated') { clearTimeout(t); resolve(w); }
          if (w.state === 'redundant') { clearTimeout(t); reject(new Error('the service worker failed to install')); }
        });
      });
    });
  },
  js_offline_stored__deps: ['$vvString', '$vvWorker'],
  js_offline_stored: function (req, pathsJson) {
    const paths = JSON.parse(UTF8ToString(pathsJson));
    const say = (o) => Module._vitvis_on_offline(req, vvString(JSON.stringify(o)), 1);
    vvWorker().then((w) => new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = (e) => resolve(e.data);
      w.postMessage({ type: 'stored', paths }, [ch.port2]);
    })).then((r) => say({ worker: true, stored: r.stored || [], error: '' }),
             (e) => say({ worker: false, stored: [], error: String((e && e.message) || e) }));
  },
  js_offline_store__deps: ['$vvString', '$vvWorker', '$vvSeam'],
  js_offline_store: function (req, pathsJson) {
    const seam = vvSeam(), paths = JSON.parse(UTF8ToString(pathsJson));
    const say = (o, last) => Module._vitvis_on_offline(req, vvString(JSON.stringify(o)), last ? 1 : 0);
    let cancelled = false;
    seam.offlinePort = { postMessage: () => { cancelled = true; } };  // a cancel before the worker answers
    vvWorker().then((w) => {
      const ch = new MessageChannel();
      seam.offlinePort = ch.port1;
      if (cancelled) ch.port1.postMessage({ type: 'cancel' });
      ch.port1.onmessage = (e) => {
        const m = e.data || {};
        if (m.type === 'end') { seam.offlinePort = null; ch.port1.close(); }
        say(m, m.type === 'end');
      };
      w.postMessage({ type: 'store', paths }, [ch.port2]);
    }).catch((e) => {
      seam.offlinePort = null;
      say({ type: 'end', cancelled: false, error: 'no worker: ' + String((e && e.message) || e) }, true);
    });
  },
  js_offline_cancel__deps: ['$vvSeam'],
  js_offline_cancel: function () {
    const port = vvSeam().offlinePort;
    if (port) port.postMessage({ type: 'cancel' });
  },
  js_storage_estimate: function (req) {
    const st = navigator.storage;
    const done = (u, q, p) => Module._vitvis_on_storage(req, u, q, p ? 1 : 0);
    if (!st || !st.estimate) { done(-1, -1, false); return; }
    Promise.all([st.estimate(), st.persisted ? st.persisted() : false])
      .then((r) => done(typeof r[0].usage === 'number' ? r[0].usage : -1, typeof r[0].quota === 'number' ? r[0].quota : -1, r[1]),
            () => done(-1, -1, false));
  },
  js_storage_persist: function (req) {
    const st = navigator.storage;
    const done = (p) => Module._vitvis_on_storage(req, -1, -1, p ? 1 : 0);
    if (!st || !st.persist) { done(false); return; }
    st.persist().then(done, () => done(false));
  },
  js_online__deps: ['$vvSeam'],
  js_online: function () {
    const seam = vvSeam();
    if (!seam.onlineListening) {
      seam.onlineListening = true;
      const wake = () => { if (Module._vitvis_wake) Module._vitvis_wake(); };
      window.addEventListener('online', wake);
      window.addEventListener('offline', wake);
    }
    return navigator.onLine === false ? 0 : 1;
  },
  js_release_session: function (id) { globalThis.vitvisOrt.release(id).catch(() => {}); },

  js_run__deps: ['$vvString', '$vvError', '$vvMark'],
  js_run: function (req, session, inputName, data, count, dims, ndims, only) {
    const input = HEAPF32.slice(data >> 2, (data >> 2) + count);
    const d = Array.from(HEAP32.subarray(dims >> 2, (dims >> 2) + ndims));
    const fetches = UTF8ToString(only);
    vvMark('vitvis:run');
    globalThis.vitvisOrt.run(session, UTF8ToString(inputName), input, d, fetches ? fetches.split(',') : null).then((res) => {
      vvMark('vitvis:ran');
      const t0 = performance.now();
      for (const o of res.outputs) {
        const ptr = _malloc(Math.max(4, o.data.length * 4));
        HEAPF32.set(o.data, ptr >> 2);
        const dp = _malloc(4 * Math.max(1, o.dims.length));
        HEAP32.set(o.dims, dp >> 2);
        const np = vvString(o.name);
        Module._vitvis_on_output(req, np, ptr, o.data.length, dp, o.dims.length);
        _free(np);
        _free(dp);
      }
      Module._vitvis_on_run_copy(req, performance.now() - t0);
      Module._vitvis_on_run_done(req, 1, res.ms, 0);
    }, (e) => Module._vitvis_on_run_done(req, 0, 0, vvError(e)));
  },

  js_url_query__deps: ['$vvString'],
  js_url_query: function () { return vvString(location.search); },
  js_replace_query: function (q) { history.replaceState(null, '', location.pathname + UTF8ToString(q) + location.hash); },
  // The page's own link (text = 0) or the given text to the clipboard.
  js_copy_text: function (req, text) {
    const done = (ok) => Module._vitvis_on_copied(req, ok ? 1 : 0);
    const t = text ? UTF8ToString(text) : location.href;
    try { navigator.clipboard.writeText(t).then(() => done(true), () => done(false)); } catch (e) { done(false); }
  },
  js_page_address__deps: ['$vvString'],
  js_page_address: function () { return vvString(location.origin + location.pathname); },
  // The share dialog's live preview (#34): the embed link in an iframe of its real size over the page
  // (shrunk to fit), with a close button; Escape or the button removes it.
  js_show_preview: function (url, w, h, title, closeLabel) {
    const old = document.getElementById('vv-preview');
    if (old) old.vvClose();
    const o = document.createElement('div');
    o.id = 'vv-preview';
    o.setAttribute('role', 'dialog');
    o.setAttribute('aria-label', UTF8ToString(title));
    o.style.cssText = 'position:fixed;inset:0;z-index:20;background:rgba(0,0,0,.78);display:flex;flex-direction:column;' +
      'align-items:center;justify-content:center;gap:8px;font:15px system-ui,sans-serif;color:#eee';
    const width = w > 0 ? w : Math.max(320, innerWidth - 32);
    const k = Math.min(1, (innerWidth - 24) / width, (innerHeight - 72) / h);
    const bar = document.createElement('div');
    bar.style.cssText = `display:flex;gap:12px;align-items:center;max-width:${Math.floor(width * k)}px`;
    const label = document.createElement('span');
    label.textContent = UTF8ToString(title) + (k < 1 ? ` (${Math.round(k * 100)} %)` : '');
    const close = document.createElement('button');
    close.textContent = UTF8ToString(closeLabel);
    close.style.cssText = 'font:inherit;padding:6px 14px;min-height:36px';
    bar.append(label, close);
    const box = document.createElement('div');
    box.style.cssText = `width:${Math.floor(width * k)}px;height:${Math.floor(h * k)}px;overflow:hidden;background:#000`;
    const f = document.createElement('iframe');
    f.src = UTF8ToString(url);
    f.title = UTF8ToString(title);
    f.width = String(width);
    f.height = String(h);
    f.style.cssText = `border:0;transform:scale(${k});transform-origin:0 0`;
    box.append(f);
    o.append(bar, box);
    const key = (e) => { if (e.key === 'Escape') { e.stopPropagation(); o.vvClose(); } };  // (not the app's Escape too)
    o.vvClose = () => {
      document.removeEventListener('keydown', key, true);
      o.remove();
      if (Module.canvas) Module.canvas.focus({ preventScroll: true });
    };
    close.addEventListener('click', () => o.vvClose());
    document.addEventListener('keydown', key, true);
    document.body.append(o);
    close.focus();
  },
  js_same_origin: function (url) {
    try { return new URL(UTF8ToString(url), location.href).origin === location.origin ? 1 : 0; } catch (e) { return 0; }
  },

  // Pixels out of anything a 2D canvas draws (an ImageBitmap, the camera's <video>), w x h RGBA, handed
  // to C++ a strip of rows at a time through the buffer it sized for them (vitvis_on_image_size; 0 =
  // refused), where they are reduced as they come: a photo is never held whole twice.
  $vvPixels__deps: ['$vvError', '$vvMark'],
  $vvPixels: function (req, source, w, h) {
    const ptr = Module._vitvis_on_image_size(req, w, h);
    if (!ptr) {  // over the limits: C++ has said why
      if (source.close) source.close();
      Module._vitvis_on_image_done(req, 0, 0);
      return;
    }
    const rows = Module._vitvis_image_strip_rows(req);
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(w, h)
      : Object.assign(document.createElement('canvas'), { width: w, height: h });
    try {
      const g = canvas.getContext('2d', { willReadFrequently: true });
      // Halving: bilinear filtering is the 2 x 2 average; more: mipmapped, so no pixel is skipped.
      const sw = source.displayWidth || source.width, sh = source.displayHeight || source.height;  // (a VideoFrame's)
      g.imageSmoothingQuality = sw <= 2 * w + 1 && sh <= 2 * h + 1 ? 'low' : 'medium';
      g.drawImage(source, 0, 0, w, h);
      if (source.close) source.close();  // the ImageBitmap's copy goes before the rows are read
      vvMark('vitvis:drawn');
      for (let y = 0; y < h; y += rows) {
        const n = Math.min(rows, h - y);
        HEAPU8.set(g.getImageData(0, y, w, n).data, ptr);
        Module._vitvis_on_image_rows(req, y, n);
      }
      vvMark('vitvis:pixels');
      Module._vitvis_on_image_done(req, 1, 0);
    } catch (e) {
      Module._vitvis_on_image_done(req, 0, vvError(e));
    } finally {
      canvas.width = canvas.height = 0;
    }
  },
  // A JPEG decoded by WebCodecs' ImageDecoder straight to the kept size (cw x ch as stored): the JPEG
  // decoder scales in the DCT (1/2, 1/4, …), and the frame's rows are copied into the heap strip by strip
  // without a canvas. The frame comes as stored, with EXIF's turn as rotation/flip; C++ applies it
  // (vitvis_on_image_orientation). A size the DCT cannot hit is drawn to the kept size (drawImage turns
  // it). Resolves false where the browser lacks what this needs; rejects when the decoder fails.
  $vvScaledJpeg__deps: ['$vvPixels', '$vvMark'],
  $vvScaledJpeg: function (req, blob, cw, ch, rw, rh) {
    if (typeof ImageDecoder === 'undefined' || typeof VideoFrame === 'undefined' ||
        !('rotation' in VideoFrame.prototype)) return Promise.resolve(false);
    let dec;
    try {
      dec = new ImageDecoder({ data: blob.stream(), type: 'image/jpeg', desiredWidth: cw, desiredHeight: ch });
    } catch (e) {
      return Promise.reject(e);
    }
    return dec.decode().then((d) => (async () => {
      const frame = d.image;
      vvMark('vitvis:decoded', 'ImageDecoder');
      try {
        if (frame.codedWidth !== cw || frame.codedHeight !== ch) {
          vvPixels(req, frame, rw, rh);
          return true;
        }
        const ptr = Module._vitvis_on_image_size(req, cw, ch);
        if (!ptr) {
          Module._vitvis_on_image_done(req, 0, 0);
          return true;
        }
        const rows = Module._vitvis_image_strip_rows(req);
        vvMark('vitvis:drawn');
        for (let y = 0; y < ch; y += rows) {
          const n = Math.min(rows, ch - y);
          await frame.copyTo(HEAPU8.subarray(ptr, ptr + n * cw * 4), { rect: { x: 0, y: y, width: cw, height: n }, format: 'RGBA' });
          Module._vitvis_on_image_rows(req, y, n);
        }
        vvMark('vitvis:pixels');
        const turn = { 0: 1, 90: 6, 180: 3, 270: 8 }[frame.rotation] || 1;  // EXIF's numbers; mirrored:
        Module._vitvis_on_image_orientation(req, frame.flip ? { 1: 2, 6: 5, 3: 4, 8: 7 }[turn] : turn);
        Module._vitvis_on_image_done(req, 1, 0);
        return true;
      } finally {
        frame.close();
      }
    })()).finally(() => dec.close());
  },
  // Decodes an image file with the browser's own decoder: every format it reads, EXIF orientation
  // applied as it shows the file (createImageBitmap's imageOrientation 'from-image'). With a size (rw x
  // rh > 0), the decoded picture is drawn at that size, which is faster than letting createImageBitmap
  // resize it ('high'). A JPEG (jpeg: its EXIF
  // orientation, 5..8 stored a quarter turned) goes to vvScaledJpeg first, and here if that fails.
  js_decode_image__deps: ['$vvError', '$vvSeam', '$vvPixels', '$vvScaledJpeg', '$vvMark'],
  js_decode_image: function (req, url, rw, rh, jpeg) {
    const u = UTF8ToString(url), seam = vvSeam();
    const file = u.startsWith('userfile:') ? seam.files.get(Number(u.slice(9))) : null;
    const blob = file ? Promise.resolve(file) : fetch(u).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.blob();
    });
    const sized = rw > 0 && rh > 0;
    const viaBitmap = (b) => createImageBitmap(b, { imageOrientation: 'from-image' }).then((bm) => {
      vvMark('vitvis:decoded');
      vvPixels(req, bm, sized ? rw : bm.width, sized ? rh : bm.height);
    });
    vvMark('vitvis:decode');  // (the marks: bench/photo_decode.mjs's phases)
    blob.then((b) => {
      if (!jpeg || !sized) return viaBitmap(b);
      return vvScaledJpeg(req, b, jpeg >= 5 ? rh : rw, jpeg >= 5 ? rw : rh, rw, rh)
        .then((done) => done || viaBitmap(b), () => viaBitmap(b));
    }).catch((e) => Module._vitvis_on_image_done(req, 0, vvError(e)));
  },
  // Tiny files (made with cwebp, avifenc and a hand-written TIFF header) tell which formats decode here.
  $vvProbeFormats__deps: ['$vvSeam'],
  $vvProbeFormats: function () {
    const seam = vvSeam(), probes = {
      WebP: 'UklGRh4AAABXRUJQVlA4TBEAAAAvAUAAAAdQjyLXo/+BiOh/AAA=',
      AVIF: 'AAAAIGZ0eXBhdmlmAAAAAGF2aWZtaWYxbWlhZk1BMUEAAADybWV0YQAAAAAAAAAoaGRscgAAAAAAAAAAcGljdAAAAAAAAAAAAAAAAGxpYmF2aWYAAAAADnBpdG0AAAAAAAEAAAAeaWxvYwAAAABEAAABAAEAAAABAAABGgAAAB8AAAAoaWluZgAAAAAAAQAAABppbmZlAgAAAAABAABhdjAxQ29sb3IAAAAAamlwcnAAAABLaXBjbwAAABRpc3BlAAAAAAAAAAIAAAACAAAAEHBpeGkAAAAAAwgICAAAAAxhdjFDgSAAAAAAABNjb2xybmNseAABAA0ABoAAAAAXaXBtYQAAAAAAAAABAAEEAQKDBAAAACdtZGF0EgAKBzgANhAQ0GkyEhZABhhhhAAAeUzZ2TMkrsyYgA==',
      TIFF: 'SUkqAAgAAAAJAAABAwABAAAAAgAAAAEBAwABAAAAAgAAAAIBAwADAAAAegAAAAMBAwABAAAAAQAAAAYBAwABAAAAAgAAABEBBAABAAAAgAAAABUBAwABAAAAAwAAABYBAwABAAAAAgAAABcBBAABAAAADAAAAAAAAAAIAAgACADIHh7IHh7IHh7IHh4=',
    };
    seam.formats = ['PNG', 'JPEG', 'GIF', 'BMP'];
    if (typeof createImageBitmap === 'undefined') return;
    for (const name of Object.keys(probes)) {  // (no destructuring: emcc 3.1.6 mangles it in libraries)
      const bytes = Uint8Array.from(atob(probes[name]), (c) => c.charCodeAt(0));
      createImageBitmap(new Blob([bytes])).then((bm) => { bm.close(); seam.formats.push(name); }, () => {});
    }
  },
  js_image_formats__deps: ['$vvString', '$vvSeam'],
  js_image_formats: function () { return vvString((vvSeam().formats || ['PNG', 'JPEG', 'GIF', 'BMP']).join(', ')); },

  // The camera: a <video> that is never in the page, playing the stream; released when the app leaves
  // camera mode and whenever the page is hidden (taken again when it shows, if the app still wants it).
  // Errors come back as a word C++ turns into a sentence: denied, none, busy, insecure, or the browser's.
  $vvCamera__deps: ['$vvSeam'],
  $vvCamera: function () {
    const seam = vvSeam();
    if (!seam.camera) {
      const cam = seam.camera = { stream: null, video: null, want: false, front: true, count: 0, starting: false };
      cam.release = () => {
        if (cam.stream) cam.stream.getTracks().forEach((t) => t.stop());
        cam.stream = null;
        if (cam.video) cam.video.srcObject = null;
      };
      cam.open = async () => {
        const md = navigator.mediaDevices;
        if (!md || !md.getUserMedia) throw Object.assign(new Error('insecure'), { name: 'Insecure' });
        cam.release();
        cam.starting = true;
        try {
          const stream = await md.getUserMedia({ audio: false, video: {
            facingMode: cam.front ? 'user' : 'environment', width: { ideal: 640 }, height: { ideal: 480 } } });
          if (!cam.want) { stream.getTracks().forEach((t) => t.stop()); return; }
          cam.stream = stream;
          cam.video = cam.video || Object.assign(document.createElement('video'), { muted: true, playsInline: true });
          cam.video.srcObject = stream;
          await cam.video.play();
          const devices = await md.enumerateDevices().catch(() => []);
          cam.count = devices.filter((d) => d.kind === 'videoinput').length || 1;
        } finally {
          cam.starting = false;
        }
      };
      document.addEventListener('visibilitychange', () => {
        if (document.hidden) cam.release();
        else if (cam.want && !cam.stream) cam.open().catch(() => { cam.want = false; });
        if (Module._vitvis_wake) Module._vitvis_wake();
      });
    }
    return seam.camera;
  },
  js_camera_start__deps: ['$vvCamera', '$vvString'],
  js_camera_start: function (req, front) {
    const cam = vvCamera();
    cam.want = true;
    cam.front = !!front;
    const word = (e) => ({ NotAllowedError: 'denied', SecurityError: 'denied', NotFoundError: 'none',
      OverconstrainedError: 'none', NotReadableError: 'busy', Insecure: 'insecure' })[e && e.name] || String((e && e.message) || e);
    cam.open().then(() => Module._vitvis_on_camera(req, 1, 0),
                    (e) => { cam.want = false; cam.release(); Module._vitvis_on_camera(req, 0, vvString(word(e))); });
  },
  // The trainer worker (#37, web/trainer/trainer_worker.js): started on the first command; each of its
  // messages goes to C++ as its JSON text and its floats (malloc'd here, owned by C++ from then on).
  js_trainer_send__deps: ['$vvString', '$vvSeam'],
  js_trainer_send: function (command) {
    const seam = vvSeam();
    const say = (json, data) => {
      const n = data ? data.length : 0, p = n ? _malloc(n * 4) : 0;
      if (n) HEAPF32.set(data, p >> 2);
      Module._vitvis_on_trainer(vvString(json), p, n);
    };
    if (!seam.trainer) {
      try {
        seam.trainer = new Worker('trainer/trainer_worker.js');
      } catch (e) {
        say(JSON.stringify({ type: 'error', message: String((e && e.message) || e) }), null);
        return;
      }
      // A hidden tab pauses the training and a visible one resumes it (app/training.cpp, message 'page'):
      // the worker would go on using the device's cores (and a laptop's battery) unseen.
      document.addEventListener('visibilitychange', () => say(JSON.stringify({ type: 'page', hidden: document.hidden }), null));
      seam.trainer.onmessage = (e) => {
        const f = e.data.files;
        if (f) {  // the trained model's checkpoint: saved as two downloads, or opened like two dropped files
          const files = [new File([f.config], 'config.json', { type: 'application/json' }),
                         new File([f.weights], 'model.safetensors', { type: 'application/octet-stream' })];
          if (JSON.parse(e.data.json).purpose === 'save') {
            for (const file of files) {
              const a = document.createElement('a');
              a.href = URL.createObjectURL(file);
              a.download = file.name;
              document.body.appendChild(a);
              a.click();
              a.remove();
              setTimeout(() => URL.revokeObjectURL(a.href), 10000);
            }
          } else if (seam.give) {
            seam.give(...files);
          }
        }
        say(e.data.json, e.data.data);
      };
      seam.trainer.onerror = (e) => {
        e.preventDefault();
        say(JSON.stringify({ type: 'error', message: e.message || 'the trainer could not start' }), null);
      };
    }
    const m = JSON.parse(UTF8ToString(command));
    if (m.data) m.data = new URL(m.data, location.href).href;  // (the worker's URLs are relative to its script)
    seam.trainer.postMessage(m);
  },
  js_trainer_stop__deps: ['$vvSeam'],
  js_trainer_stop: function () {
    const seam = vvSeam();
    if (seam.trainer) seam.trainer.terminate();
    seam.trainer = null;
  },
  // The embed API (#34, docs/embedding.md): messages from the parent window at the origins the link's
  // parent= names go to C++ as JSON text (anything else is ignored); events go to the parent at them.
  js_page_listen__deps: ['$vvString', '$vvSeam'],
  js_page_listen: function (originsJson) {
    const seam = vvSeam();
    seam.pageOrigins = JSON.parse(UTF8ToString(originsJson));
    if (seam.pageListening || !seam.pageOrigins.length || window.parent === window) return;
    seam.pageListening = true;
    window.addEventListener('message', (e) => {
      if (e.source !== window.parent || !seam.pageOrigins.includes(e.origin)) return;
      let text;
      try { text = JSON.stringify(e.data); } catch (err) { return; }
      if (typeof text !== 'string' || text.length > 65536) return;
      Module._vitvis_on_page_message(vvString(text));
    });
  },
  js_page_post__deps: ['$vvSeam'],
  js_page_post: function (json) {
    const seam = vvSeam();
    if (!seam.pageOrigins || window.parent === window) return;
    const event = JSON.parse(UTF8ToString(json));
    for (const origin of seam.pageOrigins) {
      try { window.parent.postMessage(event, origin); } catch (err) { /* a closed parent */ }
    }
  },
  js_camera_stop__deps: ['$vvCamera'],
  js_camera_stop: function () { const cam = vvCamera(); cam.want = false; cam.release(); },
  // A vvCameraState: Paused = wanted, but the page is hidden.
  js_camera_state__deps: ['$vvCamera', '$vvCameraState'],
  js_camera_state: function () {
    const cam = vvCamera(), S = vvCameraState;
    return cam.stream && cam.video && cam.video.readyState >= 2 ? S.Running
      : cam.starting || cam.stream ? S.Starting : cam.want ? S.Paused : S.Off;
  },
  // The cameras the browser listed once one was open (front and back on a phone: 2).
  js_camera_count__deps: ['$vvCamera'],
  js_camera_count: function () { return vvCamera().count; },
  // The camera's current frame, its longer side scaled to at most maxSide.
  js_camera_frame__deps: ['$vvCamera', '$vvPixels', '$vvString'],
  js_camera_frame: function (req, maxSide) {
    const v = vvCamera().video;
    if (!v || !vvCamera().stream || v.readyState < 2 || !v.videoWidth) { Module._vitvis_on_image_done(req, 0, vvString('not ready')); return; }
    const k = Math.min(1, maxSide / Math.max(v.videoWidth, v.videoHeight));
    vvPixels(req, v, Math.max(1, Math.round(v.videoWidth * k)), Math.max(1, Math.round(v.videoHeight * k)));
  },

  js_install_inputs__deps: ['$vvString', '$vvSeam', '$vvProbeFormats'],
  js_install_inputs: function () {
    const seam = vvSeam();
    vvProbeFormats();
    let next = 1;
    // Hands files given together (one drop, one pick) to C++ in one batch: the last one says so.
    seam.give = (...files) => {
      files = files.filter(Boolean);
      files.forEach((f, i) => {
        const id = next++;
        seam.files.set(id, f);
        const p = vvString(f.name || 'pasted image');
        Module._vitvis_on_user_file(id, p, f.size, i === files.length - 1 ? 1 : 0);
        _free(p);
      });
    };
    window.addEventListener('dragover', (e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; });
    window.addEventListener('drop', (e) => {
      e.preventDefault();
      const fs = e.dataTransfer ? e.dataTransfer.files : null;
      if (fs && fs.length) seam.give(...Array.from(fs));
    });
    window.addEventListener('paste', (e) => {
      const it = Array.from((e.clipboardData && e.clipboardData.items) || []).find((i) => i.kind === 'file');
      if (it) { e.preventDefault(); seam.give(it.getAsFile()); }
    });
    // Browsers open a picker only inside the user's click handler: a click on the armed rect opens it.
    Module.canvas.addEventListener('click', (e) => {
      const b = seam.fileButton, r = Module.canvas.getBoundingClientRect();
      const px = e.clientX - r.left, py = e.clientY - r.top;
      if (!(b.w > 0 && px >= b.x && px < b.x + b.w && py >= b.y && py < b.y + b.h)) return;
      const el = document.createElement('input');
      el.type = 'file';
      el.accept = b.accept;
      el.multiple = true;  // config.json + model.safetensors (+ preprocessor_config.json) together
      el.style.display = 'none';
      el.addEventListener('change', () => { if (el.files && el.files.length) seam.give(...Array.from(el.files)); el.remove(); });
      el.addEventListener('cancel', () => el.remove());
      document.body.appendChild(el);
      el.click();
    });
  },
  js_set_file_button__deps: ['$vvSeam'],
  js_set_file_button: function (x, y, w, h, accept) {
    Object.assign(vvSeam().fileButton, { x, y, w, h, accept: UTF8ToString(accept) });
  },
  js_download: function (name, mime, data, len) {
    const blob = new Blob([HEAPU8.slice(data, data + len)], { type: UTF8ToString(mime) });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 30000);
  },

  js_runtime_isolated: function () { return globalThis.crossOriginIsolated === true ? 1 : 0; },
  js_runtime_threads: function () { return globalThis.vitvisOrt ? globalThis.vitvisOrt.info().threads : 1; },
  js_runtime_progress: function (received, total) {
    const p = globalThis.vitvisRuntime;
    if (!p || p.ready) return 0;
    HEAPF64[received >> 3] = p.received;
    HEAPF64[total >> 3] = p.total;
    return 1;
  },
  js_device_memory: function () { return Number(navigator.deviceMemory) || 0; },
  js_dpr: function () { return window.devicePixelRatio || 1; },
  js_coarse_pointer: function () { return window.matchMedia && window.matchMedia('(pointer: coarse)').matches ? 1 : 0; },
  js_reduced_motion: function () {
    return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 1 : 0;
  },
  js_heap_bytes: function () { return HEAP8.length; },
  js_inner_w: function () { return window.innerWidth; },
  js_inner_h: function () { return window.innerHeight; },
  // The page's live region (#vv-live, index.html) and <html lang>: what a screen reader says.
  js_announce: function (text, lang) {
    const el = document.getElementById('vv-live');
    if (el) el.textContent = UTF8ToString(text);
    const l = UTF8ToString(lang);
    if (l) document.documentElement.lang = l;
  },
  js_set_ready: function () {
    window.vitvis = window.vitvis || {};
    window.vitvis.state = () => JSON.parse(UTF8ToString(Module._vitvis_state_json()));
    window.vitvis.drawn = () => Module._vitvis_drawn_generation();  // cheap, for benches
    // The shown run's model input (original: the unedited one while patches are hidden), for tests.
    window.vitvis.input = (original) => {
      const n = Module._vitvis_input_size(original ? 1 : 0), p = Module._vitvis_input_data(original ? 1 : 0);
      return Array.from(HEAPF32.subarray(p >> 2, (p >> 2) + n));
    };
    window.vitvis.ready = true;
    // Keys reach the app without a click first (not inside an iframe: that would scroll the host page).
    if (window.top === window && Module.canvas) Module.canvas.focus();
  },
});

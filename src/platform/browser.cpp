// Emscripten implementation of the browser seam: EM_JS calls into web/ort_glue.mjs and back.
#include "browser.h"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>
#include <cstring>

namespace vitvis::platform {
namespace {

// Pending callbacks by request id (the browser answers asynchronously).
struct Pending {
  int next = 1;
  std::map<int, std::pair<FetchProgress, FetchDone>> fetches;
  std::map<int, std::function<void(int, std::string)>> sessions;
  std::map<int, std::function<void(bool, RunOutput, std::string)>> runs;
  std::map<int, RunOutput> partial;
  std::map<int, std::function<void(bool)>> copies;
  FileHandler on_file;
};
Pending& pending() {
  static Pending p;
  return p;
}

}  // namespace
}  // namespace vitvis::platform

using namespace vitvis::platform;

// ---- JS side ----
EM_JS(void, js_fetch_bytes, (int req, const char* url, int keep, double max_bytes), {
  const u = UTF8ToString(url);
  const progress = (r, t) => Module._vitvis_on_fetch_progress(req, r, t);
  // "userfile:<id>": a file the user dropped, pasted or picked (see js_install_inputs).
  const file = u.startsWith("userfile:") ? (Module.vitvisFiles || new Map()).get(Number(u.slice(9))) : undefined;
  const read = u.startsWith("userfile:")
    ? (!file ? Promise.reject(new Error("the file is no longer available"))
       : max_bytes && file.size > max_bytes
         ? Promise.reject(new Error("the file is " + (file.size / 1e6).toFixed(0) + " MB, over the " + (max_bytes / 1e6).toFixed(0) + " MB limit"))
         : file.arrayBuffer().then((b) => { progress(b.byteLength, b.byteLength); return new Uint8Array(b); }))
    : globalThis.vitvisOrt.fetchBytes(u, progress, max_bytes);
  read
    .then((bytes) => {
      if (keep) globalThis.vitvisOrt.kept.set(req, bytes);  // for create_session_from_fetch: no copy back out of the heap
      const ptr = _malloc(Math.max(1, bytes.length));
      HEAPU8.set(bytes, ptr);
      Module._vitvis_on_fetch_done(req, 1, ptr, bytes.length, 0);
    })
    .catch((e) => {
      const msg = String(e && e.message || e);
      const n = lengthBytesUTF8(msg) + 1, p = _malloc(n);
      stringToUTF8(msg, p, n);
      Module._vitvis_on_fetch_done(req, 0, 0, 0, p);
    });
});

EM_JS(void, js_create_session, (int req, const uint8_t* bytes, int len, int kept), {
  let copy;
  if (kept) {
    copy = globalThis.vitvisOrt.kept.get(kept);
    globalThis.vitvisOrt.kept.delete(kept);
  } else {
    copy = HEAPU8.slice(bytes, bytes + len);
  }
  if (!copy) { Module._vitvis_on_session(req, 0, 0); return; }
  globalThis.vitvisOrt.createSession(copy)
    .then((s) => Module._vitvis_on_session(req, s.id, 0))
    .catch((e) => {
      const msg = String(e && e.message || e);
      const n = lengthBytesUTF8(msg) + 1, p = _malloc(n);
      stringToUTF8(msg, p, n);
      Module._vitvis_on_session(req, 0, p);
    });
});

EM_JS(void, js_release_session, (int id), { globalThis.vitvisOrt.release(id).catch(() => {}); });
EM_JS(void, js_drop_kept, (int id), { globalThis.vitvisOrt.kept.delete(id); });
EM_JS(char*, js_url_query, (), {
  const v = location.search;
  const n = lengthBytesUTF8(v) + 1, p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});
EM_JS(void, js_replace_query, (const char* q), {
  history.replaceState(null, "", location.pathname + UTF8ToString(q) + location.hash);
});
EM_JS(void, js_copy_url, (int req), {
  const done = (ok) => Module._vitvis_on_copied(req, ok ? 1 : 0);
  try { navigator.clipboard.writeText(location.href).then(() => done(true), () => done(false)); } catch (e) { done(false); }
});
EM_JS(char*, js_url_param, (const char* name), {
  const v = new URLSearchParams(location.search).get(UTF8ToString(name));
  if (v === null) return 0;
  const n = lengthBytesUTF8(v) + 1, p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});

EM_JS(void, js_run, (int req, int session, const char* input_name, const float* data, int count, const int* dims, int ndims), {
  const input = HEAPF32.slice(data >> 2, (data >> 2) + count);
  const d = Array.from(HEAP32.subarray(dims >> 2, (dims >> 2) + ndims));
  globalThis.vitvisOrt.run(session, UTF8ToString(input_name), input, d)
    .then((res) => {
      const t0 = performance.now();
      for (const o of res.outputs) {
        const n = o.data.length;
        const ptr = _malloc(Math.max(4, n * 4));
        HEAPF32.set(o.data, ptr >> 2);
        const dp = _malloc(4 * Math.max(1, o.dims.length));
        HEAP32.set(o.dims, dp >> 2);
        const nl = lengthBytesUTF8(o.name) + 1, np = _malloc(nl);
        stringToUTF8(o.name, np, nl);
        Module._vitvis_on_output(req, np, ptr, n, dp, o.dims.length);
        _free(np);
        _free(dp);
      }
      Module._vitvis_on_run_copy(req, performance.now() - t0);
      Module._vitvis_on_run_done(req, 1, res.ms, 0);
    })
    .catch((e) => {
      const msg = String(e && e.message || e);
      const n = lengthBytesUTF8(msg) + 1, p = _malloc(n);
      stringToUTF8(msg, p, n);
      Module._vitvis_on_run_done(req, 0, 0, p);
    });
});

EM_JS(void, js_install_inputs, (), {
  Module.vitvisFiles = new Map();
  let next = 1;
  const give = (f) => {
    if (!f) return;
    const id = next++;
    Module.vitvisFiles.set(id, f);
    const name = f.name || "pasted image";
    const n = lengthBytesUTF8(name) + 1, p = _malloc(n);
    stringToUTF8(name, p, n);
    Module._vitvis_on_user_file(id, p, f.size);
    _free(p);
  };
  Module.vitvisGiveFile = give;
  window.addEventListener("dragover", (e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = "copy"; });
  window.addEventListener("drop", (e) => {
    e.preventDefault();
    const fs = e.dataTransfer ? e.dataTransfer.files : null;
    if (fs && fs.length) give(fs[0]);
  });
  window.addEventListener("paste", (e) => {
    const items = e.clipboardData ? Array.from(e.clipboardData.items || []) : [];
    const it = items.find((i) => i.kind === "file");
    if (it) { e.preventDefault(); give(it.getAsFile()); }
  });
});
EM_JS(void, js_set_file_button, (float x, float y, float w, float h, const char* accept), {
  if (!Module.vitvisFileButton) {
    Module.vitvisFileButton = { x: 0, y: 0, w: 0, h: 0, accept: "" };
    Module.canvas.addEventListener("click", (e) => {
      const b = Module.vitvisFileButton, r = Module.canvas.getBoundingClientRect();
      const px = e.clientX - r.left, py = e.clientY - r.top;
      if (!(b.w > 0 && px >= b.x && px < b.x + b.w && py >= b.y && py < b.y + b.h)) return;
      const el = document.createElement("input");
      el.type = "file";
      el.accept = b.accept;
      el.style.display = "none";
      el.addEventListener("change", () => { if (el.files && el.files[0]) Module.vitvisGiveFile(el.files[0]); el.remove(); });
      el.addEventListener("cancel", () => el.remove());
      document.body.appendChild(el);
      el.click();
    });
  }
  const b = Module.vitvisFileButton;
  b.x = x; b.y = y; b.w = w; b.h = h; b.accept = UTF8ToString(accept);
});
EM_JS(void, js_download, (const char* name, const char* mime, const uint8_t* data, int len), {
  const blob = new Blob([HEAPU8.slice(data, data + len)], { type: UTF8ToString(mime) });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 30000);
});
EM_JS(int, js_same_origin, (const char* url), {
  try { return new URL(UTF8ToString(url), location.href).origin === location.origin ? 1 : 0; } catch (e) { return 0; }
});

EM_JS(int, js_runtime_isolated, (), { return globalThis.crossOriginIsolated === true ? 1 : 0; });
EM_JS(int, js_runtime_threads, (), { return globalThis.vitvisOrt ? globalThis.vitvisOrt.info().threads : 1; });
EM_JS(double, js_dpr, (), { return window.devicePixelRatio || 1; });
EM_JS(double, js_heap_bytes, (), { return HEAP8.length; });
EM_JS(int, js_inner_w, (), { return window.innerWidth; });
EM_JS(int, js_inner_h, (), { return window.innerHeight; });
EM_JS(void, js_set_ready, (), {
  window.vitvis = window.vitvis || {};
  window.vitvis.state = () => JSON.parse(UTF8ToString(Module._vitvis_state_json()));
  window.vitvis.ready = true;
  // Keys reach the app without a click first (not inside an iframe: that would scroll the host page).
  if (window.top === window && Module.canvas) Module.canvas.focus();
});

// ---- callbacks from JS ----
extern "C" {

EMSCRIPTEN_KEEPALIVE void vitvis_on_fetch_progress(int req, double received, double total) {
  auto it = pending().fetches.find(req);
  if (it != pending().fetches.end() && it->second.first) it->second.first(received, total);
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_fetch_done(int req, int ok, uint8_t* ptr, int len, char* err) {
  auto it = pending().fetches.find(req);
  Bytes bytes = Bytes::adopt(ptr, size_t(len));
  std::string error = err ? err : "";
  std::free(err);
  if (it == pending().fetches.end()) return;
  FetchDone done = std::move(it->second.second);
  pending().fetches.erase(it);
  done(ok != 0, std::move(bytes), std::move(error));
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_user_file(int id, const char* name, double size) {
  if (pending().on_file) pending().on_file("userfile:" + std::to_string(id), name ? name : "", size);
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_session(int req, int session, char* err) {
  std::string error = err ? err : (session ? "" : "the model bytes are gone");
  std::free(err);
  auto it = pending().sessions.find(req);
  if (it == pending().sessions.end()) return;
  auto done = std::move(it->second);
  pending().sessions.erase(it);
  done(session, std::move(error));
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_output(int req, const char* name, float* data, int count, const int* dims, int ndims) {
  std::vector<int64_t> shape(dims, dims + ndims);
  pending().partial[req].tensors[name] = vitvis::Tensor::adopt_malloced(std::move(shape), data, size_t(count));
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_copied(int req, int ok) {
  auto it = pending().copies.find(req);
  if (it == pending().copies.end()) return;
  auto done = std::move(it->second);
  pending().copies.erase(it);
  done(ok != 0);
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_run_copy(int req, double ms) { pending().partial[req].copy_ms = ms; }

EMSCRIPTEN_KEEPALIVE void vitvis_on_run_done(int req, int ok, double ms, char* err) {
  std::string error = err ? err : "";
  std::free(err);
  RunOutput out = std::move(pending().partial[req]);
  pending().partial.erase(req);
  out.ort_ms = ms;
  auto it = pending().runs.find(req);
  if (it == pending().runs.end()) return;
  auto done = std::move(it->second);
  pending().runs.erase(it);
  done(ok != 0, std::move(out), std::move(error));
}

}  // extern "C"

namespace vitvis::platform {

void fetch_bytes(const std::string& url, FetchProgress progress, FetchDone done) {
  int req = pending().next++;
  pending().fetches[req] = {std::move(progress), std::move(done)};
  js_fetch_bytes(req, url.c_str(), 0, kMaxFetchBytes);
}

int fetch_bytes_kept(const std::string& url, FetchProgress progress, FetchDone done) {
  int req = pending().next++;
  pending().fetches[req] = {std::move(progress), std::move(done)};
  js_fetch_bytes(req, url.c_str(), 1, kMaxModelBytes);
  return req;
}

void drop_kept(int fetch_id) { js_drop_kept(fetch_id); }

void create_session(const Bytes& model, std::function<void(int, std::string)> done) {
  int req = pending().next++;
  pending().sessions[req] = std::move(done);
  js_create_session(req, model.data(), int(model.size()), 0);
}

void create_session_from_fetch(int fetch_id, std::function<void(int, std::string)> done) {
  int req = pending().next++;
  pending().sessions[req] = std::move(done);
  js_create_session(req, nullptr, 0, fetch_id);
}

void install_file_inputs(FileHandler on_file) {
  pending().on_file = std::move(on_file);
  js_install_inputs();
}
void set_file_button(float x, float y, float w, float h, const std::string& accept) {
  js_set_file_button(x, y, w, h, accept.c_str());
}
void download(const std::string& name, const std::string& mime, std::span<const uint8_t> bytes) {
  js_download(name.c_str(), mime.c_str(), bytes.data(), int(bytes.size()));
}
bool same_origin(const std::string& url) { return js_same_origin(url.c_str()) != 0; }

std::string url_query_string() {
  char* p = js_url_query();
  std::string v = p ? p : "";
  std::free(p);
  return v;
}

void replace_url_query(const std::string& query) { js_replace_query(query.c_str()); }

void copy_page_url(std::function<void(bool)> done) {
  int req = pending().next++;
  pending().copies[req] = std::move(done);
  js_copy_url(req);
}

std::string url_param(const std::string& name) {
  char* p = js_url_param(name.c_str());
  if (!p) return {};
  std::string v = p;
  std::free(p);
  return v;
}

void release_session(int session) {
  if (session > 0) js_release_session(session);
}

void run(int session, const std::string& input_name, const std::vector<float>& input, const std::vector<int64_t>& dims,
         std::function<void(bool, RunOutput, std::string)> done) {
  int req = pending().next++;
  pending().runs[req] = std::move(done);
  std::vector<int> d(dims.begin(), dims.end());
  js_run(req, session, input_name.c_str(), input.data(), int(input.size()), d.data(), int(d.size()));
}

RuntimeInfo runtime_info() {
  RuntimeInfo r;
  r.isolated = js_runtime_isolated() != 0;
  r.threads = js_runtime_threads();
  return r;
}

double device_pixel_ratio() { return js_dpr(); }
void window_css_size(int* w, int* h) {
  *w = js_inner_w();
  *h = js_inner_h();
}
double now_ms() { return emscripten_get_now(); }
double wasm_heap_bytes() { return js_heap_bytes(); }
void set_ready() { js_set_ready(); }

}  // namespace vitvis::platform

// The browser seam: fetching bytes, ONNX Runtime Web sessions, page facts. The only code that knows it
// runs in a browser; reached from src/app and src/shell only. C++ half: browser.cpp; JS half:
// web/vitvis_lib.js (an Emscripten --js-library). Every answer from the browser calls its callback,
// then the wake handler (the frame loop's).
//
// Everything the JS half touches in the page (nothing else is; add a new one here):
//   reads    globalThis.vitvisOrt    ONNX Runtime Web sessions, fetches with progress, the hub cache
//                                    (ort_glue.mjs: fetchBytes, fetchBlob, tooBig, createSession, run,
//                                    release, cachedHubFiles, deleteCachedHubFiles, info)
//            Module.canvas           the app's canvas (boot.mjs makes Module)
//            globalThis.vitvisRuntime  ONNX Runtime's binary on its way: {received, total, ready} (boot.mjs)
//            location, navigator.clipboard, navigator.mediaDevices (the camera), document.hidden,
//            navigator.onLine, navigator.storage (estimate, persisted, persist), navigator.serviceWorker's
//            registration (its active worker: offline use, #35),
//            globalThis.crossOriginIsolated, matchMedia('(pointer: coarse)'),
//            matchMedia('(prefers-reduced-motion: reduce)'),
//            window.devicePixelRatio / innerWidth / innerHeight / top, navigator.deviceMemory
//   starts   a Worker (trainer/trainer_worker.js: the trainer's own wasm, #37)
//   posts    to the service worker (web/sw.js) 'stored' / 'store' with a MessageChannel, and 'cancel' on
//            the port of the store in progress
//   calls    fetch (an image's URL), createImageBitmap, OffscreenCanvas, ImageDecoder and VideoFrame
//            (WebCodecs, where present), Module._vitvis_* (the C++ half's exported functions)
//   writes   Module.vitvisSeam       its own state, one object (tests read fileButton and camera):
//              files       Map id -> File: files the user dropped, pasted or picked ("userfile:<id>")
//              kept        Map fetch id -> Uint8Array or Blob: what FetchMode::BytesKept / HeaderKept kept
//              aborts      Map fetch id -> AbortController: downloads that can still be cancelled
//              fileButton  {x, y, w, h, accept}: where "Open…" is (CSS px; w = 0: disarmed)
//              give(...files)  hands files to the app as one batch
//              formats     the image formats this browser decodes (probed once)
//              camera      {stream, video, want, front, count, starting, open(), release()}
//            window.vitvis           set_ready(): state() (the probe's JSON), drawn() (the generation on
//                                    screen, for benches), input(original) (the shown run's model input,
//                                    for tests), ready = true
//            history.replaceState    the page's query (replace_url_query)
//            #vv-live's text, <html lang>   (announce)
//            performance marks 'vitvis:*'   a photo's and a run's way through the seam (bench/photo_decode.mjs)
//              trainer     the trainer worker (web/trainer/trainer_worker.js), once a command started it
//              offlinePort the port of the service worker's store in progress (null: none)
//              onlineListening  the online/offline listeners are added
//            document.body           a short-lived <input type=file> (the picker) and <a download>;
//                                    #vv-preview: the share dialog's preview (an iframe and a close button)
//            Module.canvas's focus   once the app is up (not inside an iframe)
//   listens  window dragover / drop / paste   files given to the page
//            Module.canvas click              opens the file picker (browsers allow it only in a click handler)
//            window message                   the embed API: messages from the origins in ?parent= (to
//                                             on_message), events posted to window.parent at them
//            document visibilitychange        releases the camera while the page is hidden, takes it again
//                                             after; wakes the frame loop (added once the camera is used)
//            window online / offline          wake the frame loop (added on the first online() call)
// The page around the seam, for completeness: ort_glue.mjs writes globalThis.vitvisOrt; boot.mjs writes
// window.Module and listens to window error, the canvas's pointerdown / contextmenu and the service
// worker's controllerchange.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "image.h"
#include "tensor.h"

namespace vitvis::platform {

// Downloaded bytes in the malloc'd block the browser wrote them to (adopted, not copied again: a
// ViT-B/16 file is 330 MB).
class Bytes {
 public:
  Bytes() = default;
  static Bytes adopt(uint8_t* data, size_t size) {
    Bytes b;
    b.data_.reset(data);
    b.size_ = data ? size : 0;
    return b;
  }
  const uint8_t* data() const { return data_.get(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const uint8_t* begin() const { return data_.get(); }
  const uint8_t* end() const { return data_.get() + size_; }
  operator std::span<const uint8_t>() const { return {data_.get(), size_}; }

 private:
  struct Free {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t, Free> data_;
  size_t size_ = 0;
};
// Size caps: models (ViT-L/16 in fp16 is ~600 MB) and everything else (images, lists, fonts).
inline constexpr double kMaxModelBytes = 800e6;
inline constexpr double kMaxFetchBytes = 64e6;
// What a fetch hands C++ and what the browser keeps: js_fetch_bytes's `mode`, named the same in
// web/vitvis_lib.js (vvFetchMode). The values cross the seam: change both sides together.
enum class FetchMode : int {
  Bytes = 0,       // C++ gets the bytes; the browser keeps nothing
  BytesKept = 1,   // C++ gets the bytes; the browser keeps them too (create_session_from_fetch)
  HeaderKept = 2,  // the browser keeps the file; C++ gets its safetensors header and the file's size
  Head = 3,        // C++ gets the first max bytes and the file's size; a user's file is not read further
};
using FetchProgress = std::function<void(double received, double total)>;
using FetchDone = std::function<void(bool ok, Bytes bytes, std::string error)>;
void fetch_bytes(const std::string& url, FetchProgress progress, FetchDone done);
// Like fetch_bytes, but the browser also keeps its own copy for create_session_from_fetch (big
// models: the C++ copy is only read for metadata and can be freed). Returns the fetch id.
int fetch_bytes_kept(const std::string& url, FetchProgress progress, FetchDone done);
// A safetensors file: the browser keeps the whole file (for create_session_with_weights) and C++ gets
// only its header (the first 8 + n bytes) and the file's size. Returns the fetch id.
using HeaderDone = std::function<void(bool ok, Bytes header, double file_bytes, std::string error)>;
int fetch_kept_header(const std::string& url, FetchProgress progress, HeaderDone done);
// The first `head_bytes` of a file (all of it when shorter) and its size, without reading the rest
// when it is the user's file: enough to sniff an image's format, size and orientation.
void fetch_head(const std::string& url, double head_bytes, HeaderDone done);
void drop_kept(int fetch_id);
// Stops a download (its callback then reports the error "cancelled").
void cancel_fetch(int fetch_id);
// The page's whole query ("?a=1…"), and replacing it without reloading (history.replaceState).
std::string url_query_string();
void replace_url_query(const std::string& query);
// Files the user hands the page: file picker, drag and drop, paste. Files given together (one drop, one
// pick) arrive as one batch; each has a "userfile:<id>" address that the fetch calls read like any URL.
struct UserFile {
  std::string url, name;  // url: "userfile:<id>"; name: the file's own, "pasted image" for a paste
  double size = 0;        // bytes
};
using FileHandler = std::function<void(std::vector<UserFile> files)>;
void install_file_inputs(FileHandler on_file);
// Browsers open a file picker only inside the handler of the user's click, which runs before the
// next frame: so the app tells the page where its "Open…" button is, and a click there opens the
// picker right in the page's own click handler. A zero rect disarms it.
void set_file_button(float x, float y, float w, float h, const std::string& accept);
// Saves bytes as a download named `name`.
void download(const std::string& name, const std::string& mime, std::span<const uint8_t> bytes);
// Whether url (relative or absolute) is on the page's own origin.
bool same_origin(const std::string& url);
// Copies the page URL to the clipboard; done(ok).
void copy_page_url(std::function<void(bool ok)> done);
void copy_text(const std::string& text, std::function<void(bool ok)> done);
// The page's address without its query ("https://host/path/"), for links the app writes.
std::string page_address();
// The share dialog's live preview: `url` in an iframe of width x height CSS px (0: the page's width)
// over the page, shrunk to fit, titled, with a close button (and Escape).
void show_preview(const std::string& url, int width, int height, const std::string& title,
                  const std::string& close_label);
// The Hugging Face files the browser keeps for next time (the Cache API): done(JSON [{url, bytes}]).
void list_cached_files(std::function<void(std::string json)> done);
// Deletes the kept files whose URL starts with prefix; done() when gone.
void delete_cached_files(const std::string& prefix, std::function<void()> done);

// Offline use (#35): the service worker's caches of this build. paths_json: a JSON array of files of the
// site (offline.json's paths). Answers are JSON text:
//   offline_stored: {"worker": bool, "stored": [path], "error": "…"} (worker false: no service worker
//     runs this page, error says why; nothing can be stored then)
//   offline_store: on_event is called for each of {"type": "progress", "path", "received"} (bytes of the
//     file so far), {"type": "file", "path", "ok", "bytes", "error"} (bytes 0: it was stored already),
//     and last {"type": "end", "cancelled": bool, "error": ""|"quota"|"no worker: …"}. One at a time.
void offline_stored(const std::string& paths_json, std::function<void(std::string json)> done);
void offline_store(const std::string& paths_json, std::function<void(std::string json)> on_event);
void offline_cancel();  // stops the store in progress (what was stored stays); its "end" says cancelled
// The browser's storage for this site: bytes used and the quota (-1 when it does not say), and whether it
// is persistent (not evicted under pressure). persist: asks for it (the browser may ask the person or
// decide itself); done(persisted).
void storage_estimate(std::function<void(double usage, double quota, bool persisted)> done);
void storage_persist(std::function<void(bool persisted)> done);
// navigator.onLine: false when the browser knows it has no network (its 'offline' event wakes the loop).
bool online();

// Images the browser decodes: every format it reads (WebP, AVIF, … besides stb's), EXIF orientation
// applied as it shows the file. The rows arrive a strip at a time and are reduced as they come by
// keep_factor(w, h, keep_side) (0: kept whole), so a photo is never held whole in the heap; an image
// over `limits` is refused before any pixel is copied. `size` (w x h as shown, when the header told):
// the browser decodes straight to the kept size, reduced by its own filter instead; a JPEG where the
// browser has WebCodecs' ImageDecoder by scaled decoding (the DCT at 1/2, 1/4, …, and its pixels copied
// into the heap without a canvas), which is faster.
using ImageDone = std::function<void(bool ok, RgbaImage image, std::string error)>;
struct ImageSize {
  int width = 0, height = 0;
  int jpeg_orientation = 0;  // a JPEG's EXIF orientation (1..8; 5..8 store it a quarter turned); 0: not a JPEG
};
void decode_image(const std::string& url, const DecodeLimits& limits, int keep_side, ImageSize size, ImageDone done);
// The formats this browser decodes, e.g. "PNG, JPEG, GIF, BMP, WebP, AVIF" (probed at start).
std::string image_formats();

// The camera (getUserMedia). It is released by camera_stop() and whenever the page is hidden (taken
// again when the page shows). Errors are words: "denied", "none", "busy", "insecure", or the browser's.
// The values cross the seam (js_camera_state), named the same in web/vitvis_lib.js (vvCameraState).
enum class CameraState : int {
  Off = 0,
  Starting = 1,
  Running = 2,
  Paused = 3,  // wanted, but the page is hidden (released until it shows)
};
void camera_start(bool front, std::function<void(bool ok, std::string error)> done);
void camera_stop();
CameraState camera_state();
int camera_count();  // cameras the browser lists once one is open (front and back on a phone: 2)
// The current frame, its longer side scaled to at most max_side.
void camera_frame(int max_side, ImageDone done);

// The trainer worker (#37): a command (JSON, see web/trainer/trainer_worker.js) starts it the first time;
// every message it sends comes to on_message (the last one given) as its JSON text and its floats.
using TrainerMessage = std::function<void(std::string json, std::vector<float> data)>;
void trainer_send(const std::string& command_json, TrainerMessage on_message);
void trainer_stop();  // ends the worker (a later command starts a fresh one)

// The embed API (#34, core/embed_api.h): the page around an embed (the parent window) talks to the app by
// postMessage. Only messages from `origins` (the link's parent=) are heard, each handed to on_message as
// its JSON text; post_to_page sends an event (a JSON object) to the parent at each of those origins.
using PageMessageHandler = std::function<void(std::string json)>;
void listen_to_page(const std::vector<std::string>& origins, PageMessageHandler on_message);
void post_to_page(const std::string& json);

// Creates an ORT session from the bytes a fetch_bytes_kept kept; done(session_id > 0) or done(0, error).
using SessionDone = std::function<void(int session, std::string error)>;
void create_session_from_fetch(int fetch_id, SessionDone done);
// A session from `graph` whose ONNX external data file `location` is the file fetch_kept_header kept.
void create_session_with_weights(const std::vector<uint8_t>& graph, int fetch_id, const std::string& location,
                                 SessionDone done);
void release_session(int session);

struct RunOutput {
  std::map<std::string, Tensor> tensors;
  double ort_ms = 0;   // session.run as measured in JS
  double copy_ms = 0;  // copying outputs into the wasm heap
};
// Runs one inference; the outputs land in malloc'd buffers that the Tensors adopt (no extra copy).
// `only` non-empty: just those outputs come back, names separated by commas (the occlusion sweep needs the
// logits alone, the pattern survey the attention maps).
void run(int session, const std::string& input_name, const std::vector<float>& input, const std::vector<int64_t>& dims,
         std::function<void(bool ok, RunOutput out, std::string error)> done, const std::string& only = {});

struct RuntimeInfo {
  bool isolated = false;
  int threads = 1;
};
RuntimeInfo runtime_info();
// ONNX Runtime's own binary while it still downloads (the app starts without waiting for it; sessions
// wait): true with the bytes so far and the total, false once it is in (or never started).
bool runtime_downloading(double* received, double* total);
// navigator.deviceMemory in GB (a rounded, capped value: 0.25 … 8), 0 where the browser does not say.
double device_memory_gb();

double device_pixel_ratio();
// Whether the main pointer is a finger (CSS "pointer: coarse").
bool coarse_pointer();
// Whether the person asked the system for less motion (CSS "prefers-reduced-motion: reduce").
bool reduced_motion();
void window_css_size(int* w, int* h);
double now_ms();
double wasm_heap_bytes();
// Puts `text` into the page's live region (a screen reader reads it out) and sets the page's language.
void announce(const std::string& text, const std::string& lang);
// Tells the page (and tests) the app is up: window.vitvis.state(), drawn() and input() call the probe's
// exported vitvis_state_json, vitvis_drawn_generation and vitvis_input_data / _size (shell/probe.cpp).
void set_ready();
// Called after every answer from the browser has been handled (the frame loop draws again).
void set_wake_handler(std::function<void()> wake);

}  // namespace vitvis::platform

// The C++ half of the browser seam (Emscripten): calls into web/vitvis_lib.js and the vitvis_on_*
// answers it sends back, each handed to its pending callback, then the wake handler.
#include "browser.h"

#include <emscripten.h>

#include "exif.h"
#include "json.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

// Implemented in web/vitvis_lib.js (strings in are UTF-8; strings out are malloc'd, freed here).
extern "C" {
void js_fetch_bytes(int req, const char* url, int mode, double max_bytes);  // mode: a FetchMode
void js_drop_kept(int fetch_id);
void js_cancel_fetch(int fetch_id);
void js_create_session(int req, int fetch_id, const uint8_t* graph, int graph_len, const char* location);
void js_release_session(int session);
void js_run(int req, int session, const char* input_name, const float* data, int count, const int* dims, int ndims,
            const char* only);
char* js_url_query();
void js_replace_query(const char* query);
void js_copy_text(int req, const char* text);
char* js_page_address();
void js_show_preview(const char* url, int w, int h, const char* title, const char* close_label);
void js_list_cached(int req);
void js_offline_stored(int req, const char* paths_json);
void js_offline_store(int req, const char* paths_json);
void js_offline_cancel();
void js_storage_estimate(int req);
void js_storage_persist(int req);
int js_online();
void js_delete_cached(int req, const char* prefix);
int js_same_origin(const char* url);
void js_install_inputs();
void js_set_file_button(float x, float y, float w, float h, const char* accept);
void js_download(const char* name, const char* mime, const uint8_t* data, int len);
int js_runtime_isolated();
int js_runtime_threads();
int js_runtime_progress(double* received, double* total);
double js_device_memory();
double js_dpr();
int js_coarse_pointer();
int js_reduced_motion();
double js_heap_bytes();
int js_inner_w();
int js_inner_h();
void js_set_ready();
void js_announce(const char* text, const char* lang);
void js_decode_image(int req, const char* url, int resize_w, int resize_h, int jpeg_orientation);
char* js_image_formats();
void js_camera_start(int req, int front);
void js_camera_stop();
void js_trainer_send(const char* command);
void js_trainer_stop();
void js_page_listen(const char* origins_json);
void js_page_post(const char* json);
int js_camera_state();  // a CameraState
int js_camera_count();
void js_camera_frame(int req, int max_side);
}

namespace vitvis::platform {
namespace {

// Pending callbacks by request id (the browser answers asynchronously).
struct Pending {
  int next = 1;
  std::map<int, std::pair<FetchProgress, HeaderDone>> fetches;  // (plain fetches ignore the size)
  std::map<int, std::function<void(int, std::string)>> sessions;
  std::map<int, std::function<void(bool, RunOutput, std::string)>> runs;
  std::map<int, RunOutput> partial;
  std::map<int, std::function<void(bool)>> done_flags;  // clipboard copies, cache deletions
  std::map<int, std::function<void(std::string)>> texts;
  std::map<int, std::function<void(std::string)>> offline_events;  // a store's: several per request
  std::map<int, std::function<void(double, double, bool)>> storage;
  struct Image {
    vitvis::DecodeLimits limits;
    int keep_side = 0;
    std::optional<vitvis::BlockReducer> rows;  // what the strips are reduced into
    vitvis::Pixels strip;
    int strip_rows = 0;
    std::string error;
    int orientation = 1;  // EXIF's, still to apply to the rows (the browser handed them as stored)
    ImageDone done;
  };
  std::map<int, Image> images;
  TrainerMessage trainer;
  PageMessageHandler page;
  FileHandler on_file;
  std::vector<UserFile> batch;  // files of one drop/pick, until the last has arrived
  std::function<void()> wake;
};
Pending& pending() {
  static Pending p;
  return p;
}

// A string the JS side malloc'd (nullptr = none), taken over and freed.
std::string take_string(char* p) {
  std::string s = p ? p : "";
  std::free(p);
  return s;
}

// Hands an answer to the callback registered under `req` (once), then wakes the frame loop.
template <class Map, class... Args>
void answer(Map& callbacks, int req, Args&&... args) {
  auto it = callbacks.find(req);
  if (it != callbacks.end()) {
    auto done = std::move(it->second);
    callbacks.erase(it);
    done(std::forward<Args>(args)...);
  }
  if (pending().wake) pending().wake();
}

}  // namespace
}  // namespace vitvis::platform

using namespace vitvis::platform;

// ---- answers from web/vitvis_lib.js ----
extern "C" {

EMSCRIPTEN_KEEPALIVE void vitvis_on_fetch_progress(int req, double received, double total) {
  auto it = pending().fetches.find(req);
  if (it != pending().fetches.end() && it->second.first) it->second.first(received, total);
  if (pending().wake) pending().wake();
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_fetch_done(int req, int ok, uint8_t* ptr, int len, double total, char* err) {
  Bytes bytes = Bytes::adopt(ptr, size_t(len));
  std::string error = take_string(err);
  auto it = pending().fetches.find(req);
  if (it == pending().fetches.end()) return;
  HeaderDone done = std::move(it->second.second);
  pending().fetches.erase(it);
  done(ok != 0, std::move(bytes), total, std::move(error));
  if (pending().wake) pending().wake();
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_user_file(int id, const char* name, double size, int last) {
  pending().batch.push_back({"userfile:" + std::to_string(id), name ? name : "", size});
  if (!last) return;
  std::vector<UserFile> files = std::move(pending().batch);
  pending().batch.clear();
  if (pending().on_file) pending().on_file(std::move(files));
  if (pending().wake) pending().wake();
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_session(int req, int session, char* err) {
  std::string error = take_string(err);
  if (error.empty() && !session) error = "the model bytes are gone";
  answer(pending().sessions, req, session, std::move(error));
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_output(int req, const char* name, float* data, int count, const int* dims,
                                           int ndims) {
  std::vector<int64_t> shape(dims, dims + ndims);
  pending().partial[req].tensors[name] = vitvis::Tensor::adopt_malloced(std::move(shape), data, size_t(count));
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_trainer(char* json, float* data, int count) {
  std::string text = take_string(json);
  std::vector<float> values(data, data + (data ? count : 0));
  std::free(data);
  if (pending().trainer) pending().trainer(std::move(text), std::move(values));
  if (pending().wake) pending().wake();
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_page_message(char* json) {
  std::string text = take_string(json);
  if (pending().page) pending().page(std::move(text));
  if (pending().wake) pending().wake();
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_copied(int req, int ok) { answer(pending().done_flags, req, ok != 0); }

EMSCRIPTEN_KEEPALIVE void vitvis_on_cached(int req, char* json) { answer(pending().texts, req, take_string(json)); }

// The browser has decoded an image of w x h: where each strip of its rows goes (nullptr: over the limits).
EMSCRIPTEN_KEEPALIVE uint8_t* vitvis_on_image_size(int req, int w, int h) {
  auto it = pending().images.find(req);
  if (it == pending().images.end()) return nullptr;
  auto& im = it->second;
  if (std::string e = vitvis::image_size_error(w, h, im.limits); !e.empty()) {
    im.error = e;
    return nullptr;
  }
  const int k = im.keep_side > 0 ? vitvis::keep_factor(w, h, im.keep_side) : 1;
  im.rows.emplace(w, h, k);
  im.strip_rows = std::max(k, (4 << 20) / (w * 4) / k * k);  // ~4 MB, whole blocks
  im.strip.resize(size_t(im.strip_rows) * size_t(w) * 4);
  return im.strip.data();
}

EMSCRIPTEN_KEEPALIVE int vitvis_image_strip_rows(int req) {
  auto it = pending().images.find(req);
  return it == pending().images.end() ? 0 : it->second.strip_rows;
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_image_rows(int req, int y0, int n) {
  auto it = pending().images.find(req);
  if (it != pending().images.end() && it->second.rows) it->second.rows->add_rows(it->second.strip.data(), y0, n);
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_image_orientation(int req, int orientation) {
  if (auto it = pending().images.find(req); it != pending().images.end()) it->second.orientation = orientation;
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_image_done(int req, int ok, char* err) {
  std::string error = take_string(err);
  auto it = pending().images.find(req);
  if (it == pending().images.end()) return;
  auto im = std::move(it->second);
  pending().images.erase(it);
  if (!ok && im.error.empty()) im.error = error.empty() ? "the browser could not decode it" : error;
  vitvis::RgbaImage image;
  if (ok && im.rows) image = im.rows->take();
  if (ok && im.orientation > 1) vitvis::apply_orientation(&image, im.orientation);
  im.done(ok && im.rows, std::move(image), std::move(im.error));
  if (pending().wake) pending().wake();
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_camera(int req, int ok, char* err) {
  std::string error = take_string(err);
  answer(pending().texts, req, ok ? std::string() : (error.empty() ? std::string("none") : error));
}

// Offline use: an answer or a store's event (last: the request's final one).
EMSCRIPTEN_KEEPALIVE void vitvis_on_offline(int req, char* json, int last) {
  std::string text = take_string(json);
  if (last) {
    answer(pending().offline_events, req, std::move(text));
    return;
  }
  auto it = pending().offline_events.find(req);
  if (it != pending().offline_events.end()) it->second(std::move(text));
  if (pending().wake) pending().wake();
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_storage(int req, double usage, double quota, int persisted) {
  answer(pending().storage, req, usage, quota, persisted != 0);
}

EMSCRIPTEN_KEEPALIVE void vitvis_wake() {
  if (pending().wake) pending().wake();
}

EMSCRIPTEN_KEEPALIVE void vitvis_on_run_copy(int req, double ms) { pending().partial[req].copy_ms = ms; }

EMSCRIPTEN_KEEPALIVE void vitvis_on_run_done(int req, int ok, double ms, char* err) {
  std::string error = take_string(err);
  RunOutput out = std::move(pending().partial[req]);
  pending().partial.erase(req);
  out.ort_ms = ms;
  answer(pending().runs, req, ok != 0, std::move(out), std::move(error));
}

}  // extern "C"

namespace vitvis::platform {

namespace {
int start_fetch(const std::string& url, FetchMode mode, double max_bytes, FetchProgress progress, HeaderDone done) {
  int req = pending().next++;
  pending().fetches[req] = {std::move(progress), std::move(done)};
  js_fetch_bytes(req, url.c_str(), int(mode), max_bytes);
  return req;
}
HeaderDone ignoring_size(FetchDone done) {
  return [done = std::move(done)](bool ok, Bytes b, double, std::string e) { done(ok, std::move(b), std::move(e)); };
}
}  // namespace

void fetch_bytes(const std::string& url, FetchProgress progress, FetchDone done) {
  start_fetch(url, FetchMode::Bytes, kMaxFetchBytes, std::move(progress), ignoring_size(std::move(done)));
}
int fetch_bytes_kept(const std::string& url, FetchProgress progress, FetchDone done) {
  return start_fetch(url, FetchMode::BytesKept, kMaxModelBytes, std::move(progress), ignoring_size(std::move(done)));
}
int fetch_kept_header(const std::string& url, FetchProgress progress, HeaderDone done) {
  return start_fetch(url, FetchMode::HeaderKept, kMaxModelBytes, std::move(progress), std::move(done));
}
void fetch_head(const std::string& url, double head_bytes, HeaderDone done) {
  start_fetch(url, FetchMode::Head, head_bytes, nullptr, std::move(done));
}
void drop_kept(int fetch_id) { js_drop_kept(fetch_id); }
void cancel_fetch(int fetch_id) { js_cancel_fetch(fetch_id); }

void create_session_from_fetch(int fetch_id, SessionDone done) {
  int req = pending().next++;
  pending().sessions[req] = std::move(done);
  js_create_session(req, fetch_id, nullptr, 0, "");
}

void create_session_with_weights(const std::vector<uint8_t>& graph, int fetch_id, const std::string& location,
                                 SessionDone done) {
  int req = pending().next++;
  pending().sessions[req] = std::move(done);
  js_create_session(req, fetch_id, graph.data(), int(graph.size()), location.c_str());
}

void release_session(int session) {
  if (session > 0) js_release_session(session);
}

void run(int session, const std::string& input_name, const std::vector<float>& input, const std::vector<int64_t>& dims,
         std::function<void(bool, RunOutput, std::string)> done, const std::string& only) {
  int req = pending().next++;
  pending().runs[req] = std::move(done);
  std::vector<int> d(dims.begin(), dims.end());
  js_run(req, session, input_name.c_str(), input.data(), int(input.size()), d.data(), int(d.size()), only.c_str());
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
std::string url_query_string() { return take_string(js_url_query()); }
void replace_url_query(const std::string& query) { js_replace_query(query.c_str()); }

void copy_page_url(std::function<void(bool)> done) {
  int req = pending().next++;
  pending().done_flags[req] = std::move(done);
  js_copy_text(req, nullptr);
}
void copy_text(const std::string& text, std::function<void(bool)> done) {
  int req = pending().next++;
  pending().done_flags[req] = std::move(done);
  js_copy_text(req, text.c_str());
}
std::string page_address() { return take_string(js_page_address()); }
void show_preview(const std::string& url, int width, int height, const std::string& title,
                  const std::string& close_label) {
  js_show_preview(url.c_str(), width, height, title.c_str(), close_label.c_str());
}

void list_cached_files(std::function<void(std::string)> done) {
  int req = pending().next++;
  pending().texts[req] = std::move(done);
  js_list_cached(req);
}

void offline_stored(const std::string& paths_json, std::function<void(std::string json)> done) {
  int req = pending().next++;
  pending().offline_events[req] = std::move(done);
  js_offline_stored(req, paths_json.c_str());
}

void offline_store(const std::string& paths_json, std::function<void(std::string json)> on_event) {
  int req = pending().next++;
  pending().offline_events[req] = std::move(on_event);
  js_offline_store(req, paths_json.c_str());
}

void offline_cancel() { js_offline_cancel(); }

void storage_estimate(std::function<void(double usage, double quota, bool persisted)> done) {
  int req = pending().next++;
  pending().storage[req] = std::move(done);
  js_storage_estimate(req);
}

void storage_persist(std::function<void(bool persisted)> done) {
  int req = pending().next++;
  pending().storage[req] = [done = std::move(done)](double, double, bool persisted) { done(persisted); };
  js_storage_persist(req);
}

bool online() { return js_online() != 0; }

void delete_cached_files(const std::string& prefix, std::function<void()> done) {
  int req = pending().next++;
  pending().done_flags[req] = [done = std::move(done)](bool) { done(); };
  js_delete_cached(req, prefix.c_str());
}

namespace {
int start_image(const DecodeLimits& limits, int keep_side, ImageDone done) {
  int req = pending().next++;
  auto& im = pending().images[req];
  im.limits = limits;
  im.keep_side = keep_side;
  im.done = std::move(done);
  return req;
}
}  // namespace

void decode_image(const std::string& url, const DecodeLimits& limits, int keep_side, ImageSize size, ImageDone done) {
  const int k =
      keep_side > 0 && size.width > 0 && size.height > 0 ? keep_factor(size.width, size.height, keep_side) : 1;
  const int rw = k > 1 ? size.width / k : 0, rh = k > 1 ? size.height / k : 0;
  js_decode_image(start_image(limits, keep_side, std::move(done)), url.c_str(), rw, rh, size.jpeg_orientation);
}
std::string image_formats() { return take_string(js_image_formats()); }

void camera_start(bool front, std::function<void(bool, std::string)> done) {
  int req = pending().next++;
  pending().texts[req] = [done = std::move(done)](std::string error) { done(error.empty(), std::move(error)); };
  js_camera_start(req, front ? 1 : 0);
}
void camera_stop() { js_camera_stop(); }

void trainer_send(const std::string& command_json, TrainerMessage on_message) {
  pending().trainer = std::move(on_message);
  js_trainer_send(command_json.c_str());
}
void trainer_stop() { js_trainer_stop(); }

void listen_to_page(const std::vector<std::string>& origins, PageMessageHandler on_message) {
  pending().page = std::move(on_message);
  std::string list = "[";
  for (const std::string& o : origins) list += (list.size() > 1 ? "," : "") + vitvis::json_quote(o);
  js_page_listen((list + "]").c_str());
}
void post_to_page(const std::string& json) { js_page_post(json.c_str()); }
CameraState camera_state() { return CameraState(js_camera_state()); }
int camera_count() { return js_camera_count(); }
void camera_frame(int max_side, ImageDone done) { js_camera_frame(start_image({}, 0, std::move(done)), max_side); }

RuntimeInfo runtime_info() { return {js_runtime_isolated() != 0, js_runtime_threads()}; }
bool runtime_downloading(double* received, double* total) { return js_runtime_progress(received, total) != 0; }
double device_memory_gb() { return js_device_memory(); }
double device_pixel_ratio() { return js_dpr(); }
bool coarse_pointer() { return js_coarse_pointer() != 0; }
bool reduced_motion() { return js_reduced_motion() != 0; }
void window_css_size(int* w, int* h) {
  *w = js_inner_w();
  *h = js_inner_h();
}
double now_ms() { return emscripten_get_now(); }
double wasm_heap_bytes() { return js_heap_bytes(); }
void set_ready() { js_set_ready(); }
void announce(const std::string& text, const std::string& lang) { js_announce(text.c_str(), lang.c_str()); }
void set_wake_handler(std::function<void()> wake) { pending().wake = std::move(wake); }

}  // namespace vitvis::platform

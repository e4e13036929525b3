// The shell: wires app <- ui with the platform, and runs the frame loop. Frames are requested, not
// guessed: input, every answer from the browser (it wakes the loop) and running animations
// (UiState::animate_until) draw frames; idle, the page costs nothing and ORT gets the CPU.
#include <emscripten.h>
#include <imgui.h>

#include <algorithm>
#include <string>

#include "platform/browser.h"
#include "shell/shell.h"

namespace vitvis {
namespace {

Shell* g_shell = nullptr;  // the one instance, for the exported test hook only

// A few frames after a change let hover, tooltips and layout settle. While ORT runs or a photo is
// decoded, as few as possible: in software GL a 1080p frame costs ~100 ms of CPU that the inference
// (or the browser's image decoder) would wait for.
// During an occlusion sweep (one short run after another, each waking the loop) and a model's download
// (a progress report for every chunk that arrives) a frame at most every kPacedFrameMs shows the
// progress (a pattern survey likewise): a frame per run would make every run wait for one (11x slower for the bundled
// model in software GL: bench/occlusion.mjs), and frames for every chunk starve the download itself of the main thread
// (a ViT-B/16 download into the cache took 15.6 s instead of 2.2 s: bench/hub_load.mjs). Input still draws at once.
constexpr double kPacedFrameMs = 250;
// Just after an inference starts, the canvas keeps its last picture (frame()).
constexpr double kHoldMs = 150;

bool needs_frame(Shell& s, bool changed, double now) {
  if (s.app.whatif.sweeping || s.app.loading_fetch != 0 || (s.app.model && s.app.model->survey.running)) {
    if (changed) s.awake_frames = 3;  // input gets its frames at once (a click takes two: press, release)
    s.woken = false;
    if (s.awake_frames > 0) {
      s.awake_frames--;
      return true;
    }
    if (now - s.paced_frame_at < kPacedFrameMs) return false;
    s.paced_frame_at = now;
    return true;
  }
  // A photo being decoded: one frame (it says "Opening …") once it has taken kDecodingNoteMs, and then
  // none until its result, unless the student does something. A frame in software GL holds the
  // decoder's answer up by ~40 ms (it shares the cores with the decoder), and a photo that opens
  // within a fifth of a second needs no note.
  constexpr double kDecodingNoteMs = 200;
  if (s.app.decoding > 0 && !changed) {
    s.woken = false;
    if (s.decoding_since == 0) s.decoding_since = now;
    if (s.decoding_frame_drawn || now - s.decoding_since < kDecodingNoteMs) return false;
    s.decoding_frame_drawn = true;
    return true;
  }
  if (s.app.decoding == 0) {
    s.decoding_frame_drawn = false;
    s.decoding_since = 0;
  }
  // Input gets a few frames (hover and press settle over them); an answer from the browser three: one
  // shows it, two let ImGui place and fit what it opened. In software GL each frame holds the main
  // thread ~40 ms after it is handed over (bench/photo_decode.mjs's marks), so fewer frames after
  // every answer leave the main thread to what comes next.
  if (changed)
    s.awake_frames = 6;
  else if (s.woken)
    s.awake_frames = std::max(s.awake_frames, 3);
  s.woken = false;
  if (s.app.busy() && !changed) s.awake_frames = std::min(s.awake_frames, 1);
  if (now < s.ui.animate_until) s.awake_frames = std::max(s.awake_frames, 2);
  // Such a frame would be held (frame()); with no input for ImGui to take, it is not built either: it
  // held the run's answer up by ~20 ms for a photo (the woken frame after its pixels arrived).
  if (s.app.busy() && !changed && now - s.app.run_started < kHoldMs) {
    if (s.awake_frames > 0) {
      s.awake_frames--;
      s.held_frames++;
    }
    return false;
  }
  if (s.awake_frames <= 0) return false;
  s.awake_frames--;
  return true;
}

void frame(void* arg) {
  Shell& s = *static_cast<Shell*>(arg);
  const bool fonts = refresh_fonts(s);
  const bool input = poll_events(s.window, s.ui);
  const double t0 = platform::now_ms();
  s.stats.add_turn(t0);
  if (!needs_frame(s, input || fonts, t0)) {
    s.skipped_frames++;
    return;
  }
  s.ui.now = t0;
  camera_tick(s.app, t0);
  survey_tick(s.app);
  const bool new_result = s.app.timings.views_pending;
  begin_imgui_frame();
  heatmap_new_frame();
  const double tp = platform::now_ms();
  prepare_views(s.app, s.ui);  // analyses and texture uploads for the new result or selection
  if (new_result) s.app.timings.upload_ms = platform::now_ms() - tp;
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  draw_ui(s.app, s.ui, size.x, size.y);
  ImGui::Render();
  const double t1 = platform::now_ms();
  s.stats.add_build(t1 - t0);
  if (new_result) {
    s.app.timings.views_pending = false;
    s.app.timings.views_ms = t1 - s.app.run_started;
  }
  carry_out_effects(s);
  // Just after an inference starts, the canvas keeps its last picture: a frame handed to the GPU now
  // (≈100 ms in software GL at 1080p) would hold up the result, which for small models is due in
  // ≈10 ms. Long runs (big models) show frames again after kHoldMs when something asks for one (the
  // pointer moves: then (a) says the new image is on its way). No frame is drawn only for that: on a
  // 2-core machine with software GL it would cost a ViT-B/16 run ~100 ms (bench/results/session4.md).
  if (s.app.busy() && platform::now_ms() - s.app.run_started < kHoldMs) {
    s.held_frames++;
    return;
  }
  present(s);
  s.frames++;
  // The live region follows the selection and the prediction (not every frame: a screen reader would
  // start over each time).
  const int lang = s.ui.languages.current;
  if (s.announce_key.changed(bool(s.app.model), s.app.shown ? s.app.shown->generation : 0, s.app.sel.token,
                             s.app.sel.layer, s.app.sel.head, lang, s.app.status.error ? s.app.status.text : "")) {
    std::string text = describe_for_screen_reader(s.app);
    if (s.app.status.error) text = s.app.status.text + " " + text;  // an error is read out first
    if (text != s.announced) platform::announce(s.announced = text, s.ui.languages.codes[size_t(lang)]);
  }
  // Keep the address bar in step with the view, so a copied URL restores it.
  if (s.app.model && s.app.url_applied) {
    std::string q = url_query(view_url_state(s.app, s.ui));
    if (q != s.url_written) platform::replace_url_query(s.url_written = q);
  }
}

// The view state in the URL (?model=…&image=…&layer=…&scale=1.5 …); bad parts get a notice.
void apply_url(Shell& s) {
  UrlParse url = parse_url_query(platform::url_query_string());
  const UrlState& u = url.state;
  s.app.url = u;
  if (u.scale > 0) s.ui.ui_scale = u.scale;
  if (!u.lang.empty() && !set_language(s.ui.languages, u.lang))
    url.notices.push_back("No language '" + u.lang + "'; using English.");
  s.ui.theme = u.theme;
  s.ui.seq_map = u.cmap == 1 ? ColorMap::Cividis : ColorMap::Viridis;
  s.ui.embed = u.embed;
  if (u.analyses > 0) open_analyses(s.ui, u.analyses - 1);
  if (u.steps) {
    open_steps(s.app, s.ui, u.steps - 1);
    if (u.step >= 0) s.ui.steps.step = u.step;
  }
  if (!url.notices.empty())
    s.app.notice =
        url.notices[0] + (url.notices.size() > 1 ? " (+" + std::to_string(url.notices.size() - 1) + " more)" : "");
}

}  // namespace
}  // namespace vitvis

using namespace vitvis;

extern "C" EMSCRIPTEN_KEEPALIVE const char* vitvis_state_json() {
  if (!g_shell) return "{}";
  g_shell->state = state_json(*g_shell);
  return g_shell->state.c_str();
}

// The generation of the result the last presented frame shows (0: none yet): a cheap poll for benches.
extern "C" EMSCRIPTEN_KEEPALIVE int vitvis_drawn_generation() {
  if (!g_shell || !g_shell->app.shown || g_shell->app.timings.views_pending) return 0;
  return g_shell->app.shown->generation;
}

// The model input of the shown run (original = 1: of the unedited run while patches are hidden), as
// [C, S, S] normalised floats in the wasm heap: what an onnxruntime-node run in a test is fed (#19).
namespace {
const std::vector<float>* input_of(int original) {
  if (!g_shell || !g_shell->app.shown) return nullptr;
  const auto& o = g_shell->app.whatif.original;
  return original && o ? &o->input.normalized : &g_shell->app.shown->input.normalized;
}
}  // namespace
extern "C" EMSCRIPTEN_KEEPALIVE const float* vitvis_input_data(int original) {
  const auto* v = input_of(original);
  return v ? v->data() : nullptr;
}
extern "C" EMSCRIPTEN_KEEPALIVE int vitvis_input_size(int original) {
  const auto* v = input_of(original);
  return v ? int(v->size()) : 0;
}

int main() {
  static Shell s;
  g_shell = &s;
  if (!open_window(s.window)) return 1;
  use_languages(&s.ui.languages);
  platform::set_wake_handler([] { g_shell->woken = true; });
  platform::fetch_bytes("fonts/DejaVuSans.ttf", nullptr, [](bool ok, platform::Bytes bytes, std::string err) {
    if (!ok) {
      set_error(g_shell->app, "Font missing (" + err + "); using the built-in font.");
      return;
    }
    g_shell->window.font.assign(bytes.begin(), bytes.end());
    g_shell->window.font_dpr = 0;  // rebuild the atlas with the real font next frame
  });
  apply_url(s);
  platform::install_file_inputs([](std::vector<platform::UserFile> files) {
    std::vector<UserFile> given;
    for (auto& f : files) given.push_back({std::move(f.url), std::move(f.name), f.size});
    open_user_files(g_shell->app, given);
  });
  load_index(s.app, "models/index.json");
  platform::set_ready();
  emscripten_set_main_loop_arg(frame, &s, 0, false);
  return 0;
}

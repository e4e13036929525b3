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

// Every frame takes CPU time (much of it in software GL) that an inference, a download or the
// browser's image decoder would wait for, so while one is under way frames are few. During an
// occlusion sweep, a pattern survey or a download, every run or chunk wakes the loop: a frame at most
// every kPacedFrameMs shows the progress without slowing the work itself. Input still draws at once.
constexpr double kPacedFrameMs = 250;
// Just after an inference starts, the canvas keeps its last picture (frame()).
constexpr double kHoldMs = 150;
// A photo that opens within this time needs no "Opening …" note.
constexpr double kDecodingNoteMs = 200;

bool needs_frame(Shell& s, bool changed, double now) {
  if (s.app.whatif.sweeping || s.app.loading_fetch != 0 || s.ui.runtime_loading || (s.app.model && s.app.model->survey.running)) {
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
  // none until its result, unless the student does something: a frame shares the cores with the decoder.
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
  // shows it, two let ImGui place and fit what it opened. No more, to leave the main thread free.
  if (changed)
    s.awake_frames = 6;
  else if (s.woken)
    s.awake_frames = std::max(s.awake_frames, 3);
  s.woken = false;
  if (s.app.busy() && !changed) s.awake_frames = std::min(s.awake_frames, 1);
  if (now < s.ui.animate_until) s.awake_frames = std::max(s.awake_frames, 2);
  // Such a frame would be held (frame()); with no input for ImGui to take, it is not built either.
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
  s.ui.runtime_loading = platform::runtime_downloading(&s.ui.runtime_received, &s.ui.runtime_total);
  if (s.frames == 0) s.ui.device_gb = platform::device_memory_gb(), s.ui.ort_threads = platform::runtime_info().threads;
  if (!needs_frame(s, input || fonts, t0)) {
    s.skipped_frames++;
    return;
  }
  s.ui.now = t0;
  page_api_turn(s);  // what the page around an embed asked for
  s.ui.motion.reduced = platform::reduced_motion();
  set_online(s.app, platform::online());  // the top bar's Offline badge (its events wake the loop)
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
  hide_for_capture(s);
  ImGui::Render();
  const double t1 = platform::now_ms();
  s.stats.add_build(t1 - t0);
  if (new_result) {
    s.app.timings.views_pending = false;
    s.app.timings.views_ms = t1 - s.app.run_started;
  }
  carry_out_effects(s);
  // Just after an inference starts, the canvas keeps its last picture: a frame handed to the GPU now
  // would hold up the result, which for small models is due almost at once. Long runs (big models)
  // show frames again after kHoldMs when something asks for one; none is drawn only for that.
  if (s.app.busy() && platform::now_ms() - s.app.run_started < kHoldMs) {
    s.held_frames++;
    return;
  }
  present(s);
  s.frames++;
  follow_view(s);
}

}  // namespace
}  // namespace vitvis

using namespace vitvis;

int main() {
  static Shell s;  // static: the callbacks below reach it without a capture
  if (!open_window(s.window)) return 1;
  use_languages(&s.ui.languages);
  install_probe(s);
  platform::set_wake_handler([] { s.woken = true; });
  platform::fetch_bytes("fonts/DejaVuSans.ttf", nullptr, [](bool ok, platform::Bytes bytes, std::string err) {
    if (!ok) {
      set_error(s.app, "Font missing (" + err + "); using the built-in font.");
      return;
    }
    s.window.font.assign(bytes.begin(), bytes.end());
    s.window.font_dpr = 0;  // rebuild the atlas with the real font next frame
  });
  // The languages' own names ("中文") in the language menu before any other language's font is fetched.
  platform::fetch_bytes("fonts/names.ttf", nullptr, [](bool ok, platform::Bytes bytes, std::string) {
    if (!ok) return;  // the menu then shows what the base font has; nothing else needs it
    s.window.names_font.assign(bytes.begin(), bytes.end());
    s.window.font_dpr = 0;
  });
  apply_url(s);
  platform::install_file_inputs([](std::vector<platform::UserFile> files) { open_user_files(s.app, files); });
  load_index(s.app, "models/index.json");
  platform::set_ready();
  emscripten_set_main_loop_arg(frame, &s, 0, false);
  return 0;
}

// The shell's one state struct: the App, the views' state, the window, and the frame loop's
// bookkeeping. main.cpp owns the only instance.
#pragma once
#include <SDL.h>

#include <set>
#include <string>
#include <vector>

#include "app/app.h"
#include "gesture.h"
#include "ui/announce.h"
#include "ui/layout.h"
#include "ui/theme.h"
#include "ui/ui_state.h"

namespace vitvis {

// Frame statistics for benchmarks (bench/), never for pass/fail tests.
struct FrameStats {
  static constexpr int kKeep = 240;
  double build_ms[kKeep] = {};  // ImGui NewFrame .. Render (our UI code), frames actually drawn
  double gap_ms[kKeep] = {};    // time between turns of the frame loop (drawn or left out as idle)
  int count = 0, gaps = 0;
  double last_turn = 0;
  void add_build(double build) { build_ms[count++ % kKeep] = build; }
  void add_turn(double now) {
    if (last_turn > 0) gap_ms[gaps++ % kKeep] = now - last_turn;
    last_turn = now;
  }
};

// SDL window + WebGL2 context + Dear ImGui, and the font atlas built for the current language/scale.
struct Window {
  SDL_Window* sdl = nullptr;
  std::vector<unsigned char> font;
  std::vector<unsigned char> cjk_font;  // fetched the first time Chinese is chosen
  std::vector<unsigned char> names_font;  // the languages' own names only (a few glyphs, fetched at start)
  bool cjk_requested = false;
  std::set<int> catalogs_requested;    // languages whose texts were fetched (src/ui/i18n, not compiled in)
  int font_lang = 0;                   // the language the atlas has glyphs for
  float font_dpr = 0, font_scale = 0;  // what the atlas was built for (0: rebuild)
  int theme = -1;                      // what the style was built for
  bool coarse = false;                 // (and for which pointer)
  TouchGestures gestures;              // what the fingers mean (core/gesture.h)
  double finger_at = -1e9;             // the last finger event (ms): the browser's mouse copies after it are dropped
};

struct Shell {
  App app;
  UiState ui;
  Window window;
  FrameStats stats;
  bool woken = false;                 // an answer from the browser arrived since the last turn
  double paced_frame_at = 0;          // the last frame drawn during an occlusion sweep or a download
  int awake_frames = 0;               // frames still to draw after the last change
  bool decoding_frame_drawn = false;  // the one frame drawn while a photo decodes
  double decoding_since = 0;          // when the loop first saw it decoding (ms; 0: not decoding)
  int frames = 0;                     // frames drawn and shown
  long long skipped_frames = 0;       // animation frames left out because nothing changed
  long long held_frames = 0;          // frames not drawn (or not built) while an inference starts
  std::string url_written;            // last query string put in the address bar
  std::string announced;              // last text put in the page's live region
  Memo<bool, int, int, int, int, int, std::string>
      announce_key;  // (model, generation, token, layer, head, language, status)
};

// window.cpp: set-up, events, fonts, and showing a built frame.
bool open_window(Window& w);
// Polls SDL events into ImGui; true when there were any, or when ImGui still has input queued from
// earlier ones. Fingers go through TouchGestures first: a tap is a click, a moving finger scrolls what is
// under it, a pinch (or Ctrl + wheel) scales the UI.
bool poll_events(Window& w, UiState& ui);
// Rebuilds the font atlas / style when the language, scale, theme or pixel ratio changed; true then.
bool refresh_fonts(Shell& s);
void begin_imgui_frame();
// Draws ImGui's frame, reads back a requested module picture (before the swap), and swaps.
void present(Shell& s);

// effects.cpp: the page around the canvas.
// What the views asked for in the frame just drawn (downloads, the file picker's rect, the clipboard).
void carry_out_effects(Shell& s);
// After a frame is shown: the live region and the address bar follow the view.
void follow_view(Shell& s);
// At start: the view state in the URL (?model=…&image=…&layer=…&scale=1.5 …); bad parts get a notice.
void apply_url(Shell& s);

// probe.cpp: what tests and benches read (window.vitvis.state(), drawn(), input(); web/vitvis_lib.js's
// js_set_ready). install_probe points its exported functions at the one Shell.
void install_probe(const Shell& s);
std::string state_json(const Shell& s);

}  // namespace vitvis

// The shell's one state struct: the App, the views' state, the window, and the frame loop's
// bookkeeping. main.cpp owns the only instance.
#pragma once
#include <SDL.h>

#include <set>
#include <string>
#include <vector>

#include "app/app.h"
#include "embed_api.h"
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
  std::string extra_glyphs;            // the UiState::extra_glyphs the atlas was built with
  std::set<int> catalogs_requested;    // languages whose texts were fetched (src/ui/i18n, not compiled in)
  int font_lang = 0;                   // the language the atlas has glyphs for
  float font_dpr = 0, font_scale = 0;  // what the atlas was built for (0: rebuild)
  int theme = -1;                      // what the style was built for
  bool coarse = false;                 // (and for which pointer)
  TouchGestures gestures;              // what the fingers mean (core/gesture.h)
  double finger_at = -1e9;             // the last finger event (ms): the browser's mouse copies after it are dropped
};

// The embed API's traffic with the page around an embed (page_api.cpp).
struct PageApi {
  bool listening = false;            // the link named origins (?parent=) and the page is heard
  std::vector<PageMessage> queued;   // messages not yet applied (they wait for the first result)
  const void* ready_model = nullptr; // the model "ready" was sent for
  long long result_generation = -1;  // the result "result" was sent for
  std::string sent_query;            // the view's link in the last "selection" event
  std::string page_query;            // the view's link right after the last message set it
  std::string last_id;               // the last message's id, echoed in what answers it
  bool answer_get = false;           // a "get" waits for its "selection"
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
  PageApi page;
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
// A module picture was asked for: the frame it is read from shows that module's window only (no menu,
// popup, tooltip or other window over it), one frame after the click. Between draw_ui and Render.
void hide_for_capture(Shell& s);
// Draws ImGui's frame, reads back a requested module picture (before the swap), and swaps.
void present(Shell& s);

// effects.cpp: the page around the canvas.
// What the views asked for in the frame just drawn (downloads, the file picker's rect, the clipboard).
void carry_out_effects(Shell& s);
// After a frame is shown: the live region and the address bar follow the view.
void follow_view(Shell& s);
// At start: the view state in the URL (?model=…&image=…&layer=…&scale=1.5 …); bad parts get a notice.
void apply_url(Shell& s);

// page_api.cpp: the embed API (core/embed_api.h, docs/embedding.md). listen_to_page at start when the
// link names parent origins; page_api_turn applies what arrived (at a frame's start); post_page_events
// sends the events after a frame is shown.
void listen_to_page(Shell& s, const std::string& parent);
void page_api_turn(Shell& s);
void post_page_events(Shell& s);

// probe.cpp: what tests and benches read (window.vitvis.state(), drawn(), input(); web/vitvis_lib.js's
// js_set_ready). install_probe points its exported functions at the one Shell.
void install_probe(const Shell& s);
std::string state_json(const Shell& s);

}  // namespace vitvis

// The views' state: which windows are open, the tour, the theme, and every module's view caches.
#pragma once
#include "app/i18n.h"
#include "app/selection.h"
#include "colormap.h"
#include "ui/analyses.h"
#include "ui/attention_panel.h"
#include "ui/classify_panel.h"
#include "ui/effects.h"
#include "ui/figure_window.h"
#include "ui/image_panel.h"
#include "ui/layers_panel.h"
#include "ui/lesson_player.h"
#include "ui/motion.h"
#include "ui/offline_window.h"
#include "ui/patch_detail.h"
#include "ui/probe.h"
#include "ui/steps_panel.h"
#include "ui/share_window.h"
#include "ui/training_window.h"
#include "ui/value_panel.h"
#include "ui/whatif_panel.h"

namespace vitvis {

// The module windows, in the order of the probe's "modules" list; Analyses is a floating window.
enum class Module : int { Image = 0, Attention = 1, Layers = 2, Classify = 3, Analyses = 4 };
inline constexpr int kModuleWindows = 4;
// How the modules share the screen, by its width in CSS pixels at UI scale 1: four columns (>= 1200),
// two rows of two (>= 700: tablets, small laptops), one at a time with tabs (phones).
enum class Layout : int { Columns = 0, Grid = 1, Tabs = 2 };

// A person's own view, kept while the tour or a lesson moves it, and put back when they leave
// (remember_view / restore_view in ui/tour.h).
struct SavedView {
  Selection sel;
  bool info_open[4] = {}, show_insights = false, steps_open = false, own_open = false, overlay = true;
  int insights_tab = 0, phone_module = 0, focus = -1, focus2 = -1;
  float scroll[4] = {};
};

struct UiState {
  double now = 0;            // this frame's clock (ms), set by the shell
  double animate_until = 0;  // an animation runs: the shell draws frames until then
  Motion motion;             // the animated data flow (ui/motion.h)
  float ui_scale = 1.0f;
  int theme = 0;                         // 0 dark, 1 high contrast
  ColorMap seq_map = ColorMap::Viridis;  // sequential maps: viridis or cividis
  int embed = 0;                         // EmbedModule bits from ?embed= (0 = the full app)
  bool show_help = false;                // the keyboard shortcut sheet
  Languages languages;                   // UI language (T()), switched in the top bar or by ?lang=
  bool hub_open = false;                 // the "From Hugging Face…" window
  char hub_text[200] = {};               // the model id typed there
  bool hub_listed = false;               // the downloaded models were asked for since it opened
  double hub_gflops = 0;                 // this device's speed for the cost estimates (measured when it opens)
  double device_gb = 0;                  // navigator.deviceMemory (0: not said), set by the shell
  int ort_threads = 1;                   // ONNX Runtime's threads, set by the shell
  bool hub_waiting = false;              // it started a load: it closes when that loads, stays when it fails
  unsigned hub_error = 0;                // the error (Status::serial) of its failed load, shown in it
  bool own_open = false;                 // the "Your own classes" window (#20)
  TrainingView training;                 // "Watch a ViT learn" (#37)
  ShareView share;                       // "Share or embed" (#34)
  FigureView figure;                     // "Figure for slides" (#35)
  OfflineView offline;                   // "Make available offline" (#35)
  LessonView lesson;                     // a teacher's lesson: made, played (#34)
  SavedView lesson_saved;                // the person's view before a lesson played
  float lesson_card_h = 0;               // the lesson card's height in the last frame
  std::string extra_glyphs;              // CJK characters shown beyond the catalogs' (a lesson's words):
                                         // the shell puts them in the font atlas
  std::string page_address;              // the page's address without its query (links start with it)
  bool show_insights = false;            // the analyses window
  int insights_tab = 0;
  bool insights_force_tab = false;  // select insights_tab once (tour, link)
  InsightsView insights;
  int tour_step = -1;  // guided tour: -1 never started; kTourSteps = finished
  bool tour_open = false;
  float tour_card_h = 0;  // the tour card's height in the last frame (where it goes depends on it)
  SavedView tour_return;  // the view the person had when the tour started: back when they leave it
  int tour_scroll = -1;            // a phone's tour step scrolls its module to this view (TourView), -1: none
  int tour_scroll_frames = 0;      // for so many frames more
  bool info_open[4] = {};          // "What happens here?" of (a)-(d)
  bool show_math = false;          // their formulas ("Show the math"), one choice for all four
  Effects effects;                 // carried out by the shell after each frame
  bool runtime_loading = false;    // ONNX Runtime's binary still downloads (the app is up before it)
  double runtime_received = 0, runtime_total = 0;
  bool coarse = false;             // a finger points (a touch was seen, or the browser says the pointer is coarse)
  int phone_module = 0;            // narrow screens show one module at a time: which (Module)
  float module_scroll[4] = {};              // each module's scroll in the last frame …
  float scroll_back[4] = {-1.f, -1.f, -1.f, -1.f};  // … and where to put it back (-1: nowhere)
  int focus = -1;                  // the focus layout: this module large, the others as summaries (-1: off)
  int focus2 = -1;                 // a second module large beside it (the presenter view), -1: none
  int layout = 0;                  // (Layout) of the last frame
  float top_full_w = 0;            // the top bar's width with everything on it (0: not measured for top_key yet)
  Memo<float, int, bool, bool> top_key;  // (scale, language, coarse, online: the badge) it was measured for
  // Touch (#33): where a finger's drag is the point (sliders, the drawing pad, painting hidden patches),
  // recorded by the views each frame; elsewhere a moving finger scrolls (core/gesture.h, the shell).
  struct DragZone {
    Rect rect;
    unsigned window = 0;  // the ImGui window it lies in (a window over it hides it)
  };
  std::vector<DragZone> drag_zones;
  int touch_pans = 0;              // drags turned into scrolling (for tests)
  int taps = 0;                    // finger taps (and presses) so far
  struct { int query = -1, key = -1, tap = -2; } matrix_tap;  // the (b) cell a finger read (marked while its panel is open)
  float pinch_preview = 0;         // the UI scale two fingers would leave (0: no pinch)
  bool pinch_limited = false;      // ...held back there, so the screen keeps its layout
  ValuePanel value;                // a tapped thing's value (ui/value_panel.h)
  unsigned banner_closed = 0;      // the error (Status::serial) whose banner was closed
  double first_result_at = 0;      // when the first result was drawn (the touch hint's clock)
  Probe probe;                     // rects and values for tests (ui/probe.h)
  ImageTextures images;
  AttentionTextures attn;
  LayerTextures layers;
  ClassifyTextures classify;
  PatchTextures patch;
  WhatIfView whatif;
  StepsView steps;
  double attn_changed_at = -1e9;  // when another view opened a layer in (b): drives its fade-in
  bool card_open_default = true;
  int scrolled_to_image = -1;       // the sample picker scrolled to show this selection
  int overview_flash = -1;          // the module a stage of the overview leads to, outlined (Module) …
  double overview_flash_until = 0;  // … until then
};

// The focus layout: whether module m is shown large (the focus, or the presenter's second)…
inline bool is_large(const UiState& ui, Module m) {
  return ui.focus >= 0 && (ui.focus == int(m) || ui.focus2 == int(m));
}
// … and making m large: it becomes the focus; when it was the second large one, the two swap.
inline void make_large(UiState& ui, int m) {
  if (ui.focus2 == m) ui.focus2 = ui.focus;
  ui.focus = m;
}

// The least side of a square view: on the desktop's columns 180 px (an open "What happens here?" box
// makes the panel scroll instead of shrinking the matrix to a stamp); in a tablet's grid or on a phone
// `side`.
inline float min_square(const UiState& ui, float side) { return (ui.layout == 0 ? 180.f : side) * ui.ui_scale; }

}  // namespace vitvis

// The views: each draws one module from the App's snapshot (read-only but for the selection and the
// drawing pad's canvas). GPU textures are view caches, keyed by the snapshot's generation and the
// selection parts they depend on (ui/memo.h). Views call no platform function: the clock comes with
// the frame (UiState::now), and downloads, the file picker and the clipboard are effects the shell
// carries out after the frame.
#pragma once
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <imgui.h>

#include "analysis.h"
#include "app/app.h"
#include "app/i18n.h"
#include "attention_steps.h"
#include "insights.h"
#include "ui/heatmap.h"
#include "ui/memo.h"
#include "ui/probe.h"
#include "ui/texture.h"

namespace vitvis {

// The module windows, in the order of the probe's "modules" list; Analyses is a floating window.
enum class Module : int { Image = 0, Attention = 1, Layers = 2, Classify = 3, Analyses = 4 };
// How the modules share the screen, by its width in CSS pixels at UI scale 1: four columns (>= 1200),
// two rows of two (>= 700: tablets, small laptops), one at a time with tabs (phones).
enum class Layout : int { Columns = 0, Grid = 1, Tabs = 2 };
Layout layout_for(float css_width);
inline constexpr int kModuleWindows = 4;

inline Rect rect_of(ImVec2 a, ImVec2 b) { return {a.x, a.y, b.x - a.x, b.y - a.y}; }
// The side of a square view (image, matrix) that fills the width but leaves `room_h` free below it;
// never less than min_side (or the width): in a short panel (a tablet's grid, a phone) the panel
// scrolls rather than shrinking the picture to a stamp.
inline float square_side(float avail_w, float room_h, float min_side) {
  return std::min(avail_w, std::max(room_h, std::min(avail_w, min_side)));
}

// Whether an item `width` wide still fits on this line after the last item (and the item spacing).
inline bool fits_width_on_line(float width) {
  return ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <=
         ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
}
// Whether a button labelled `label` (plus `extra`: a radio's circle) still fits on this line after the
// last item.
inline bool fits_on_line(const char* label, float extra = 0.f) {
  return fits_width_on_line(ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2 + extra);
}
// How wide a tab bar with these labels is when no tab is squeezed.
inline float tab_bar_width(std::span<const char* const> labels) {
  const ImGuiStyle& st = ImGui::GetStyle();
  float w = 0.f;
  for (const char* l : labels)
    w += ImGui::CalcTextSize(l, nullptr, true).x + st.FramePadding.x * 2.f + st.ItemInnerSpacing.x;
  return w;
}
// A combo as wide as its longest choice, with the frame's padding (a finger's on touch screens) and
// its arrow: no choice is cut.
inline float combo_width(std::span<const char* const> choices) {
  float widest = 0.f;
  for (const char* c : choices) widest = std::max(widest, ImGui::CalcTextSize(c).x);
  return widest + 2.f * ImGui::GetStyle().FramePadding.x + ImGui::GetFrameHeight();
}
// The text colour that marks what is in focus: the logit lens's class, the tour step's title.
inline constexpr ImVec4 kMarkText{1.f, 0.8f, 0.3f, 1.f};
// SameLine() when it fits, else the next line (rows of buttons that would run past a narrow panel wrap
// instead of being cut).
inline void same_line_if_fits(const char* label, float extra = 0.f) {
  if (fits_on_line(label, extra)) ImGui::SameLine();
}

// `text` cut at a UTF-8 character boundary with "…" so that it fits in `width` (whole when it fits):
// ImageNet's class names are long ("African hunting dog, hyena dog, Cape hunting dog, Lycaon pictus");
// wherever one is shortened, its tooltip has the whole name.
inline std::string fitted(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string t = text;
  while (!t.empty() && ImGui::CalcTextSize((t + "…").c_str()).x > width) {
    t.pop_back();
    while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();  // continuation bytes
    if (!t.empty() && static_cast<unsigned char>(t.back()) >= 0xC0) t.pop_back();              // a lead byte
  }
  return t + "…";
}

// Places the i-th button of a row that starts at start_x (window-local): beside the previous one while
// it fits, else on a new line at start_x (ViT-B/16's 12 heads with touch-sized buttons wrap on a phone).
inline void button_row_next(int i, float start_x, const char* label) {
  if (i == 0)
    ImGui::SameLine(start_x);
  else if (fits_on_line(label))
    ImGui::SameLine();
  else
    ImGui::SetCursorPosX(start_x);
}

// A small button, full-size when a finger points (SmallButton has no vertical padding: 22 px high).
inline bool small_button(bool coarse, const char* label) {
  return coarse ? ImGui::Button(label) : ImGui::SmallButton(label);
}

// Text as ImGui::TextUnformatted, with a Chinese line's break points (with_cjk_breaks) where the
// language has them; wrapped_text(f/v) wrap it as ImGui::TextWrapped does (at the panel's edge, or at
// the caller's PushTextWrapPos).
void wrappable_text(const char* text);
void wrapped_text(const char* text);
void wrapped_textf(const char* fmt, ...) IM_FMTARGS(1);
void wrapped_textv(const char* fmt, va_list args) IM_FMTLIST(1);

// A tooltip for a paragraph: wrapped at ~36 em (or the screen's width), never running off the screen.
inline void wrapped_tooltip(const char* text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(std::min(ImGui::GetFontSize() * 36.f, ImGui::GetIO().DisplaySize.x - 40.f));
  wrappable_text(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// Text that wraps only at spaces, so a number such as 0.8929 is never split at its point (ImGui's
// wrapping also breaks after '.'). A line without spaces (Chinese) wraps as ImGui does.
void flowing_text(const char* text);
void flowing_textf(const char* fmt, ...) IM_FMTARGS(1);

// A dimmed hint that wraps at the panel edge instead of being cut off.
inline void hint(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped_text(text);
  ImGui::PopStyleColor();
}
// A token's name in the UI language: "patch (r, c)" is translated; CLS, DIST and REGn are the
// papers' own symbols and stay.
inline std::string token_label(const ModelSpec& s, int token) {
  if (token < s.prefix_tokens || token >= s.num_tokens()) return s.token_name(token);
  char b[64];
  std::snprintf(b, sizeof b, T("patch (%d, %d)"), s.patch_row(token), s.patch_col(token));
  return b;
}
inline Rect last_item_rect() { return rect_of(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }
inline Rect window_rect() {
  const ImVec2 p = ImGui::GetWindowPos(), z = ImGui::GetWindowSize();
  return {p.x, p.y, z.x, z.y};
}
// A window over the modules (step-through, analyses): first placed at `area`, then movable, closed
// with its X; `pinned` (a phone, where it stands for the module) keeps it at `area` (which the tour's
// card shortens). False (and nothing to End) when closed or collapsed away.
inline bool begin_floating(const char* title, bool* open, Rect area, bool pinned) {
  const ImGuiCond cond = pinned ? ImGuiCond_Always : ImGuiCond_Appearing;
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y), cond);
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h), cond);
  if (ImGui::Begin(title, open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) return true;
  ImGui::End();
  return false;
}

// The run (b) and (c) subtract while "Show the difference" is on (#19): image A when comparing two
// images, the unedited run when patches are hidden.
inline const Snapshot* change_base(const App& app) { return app.whatif.show_change ? reference_run(app) : nullptr; }
// Class k's name as a student reads it: the model's label in the UI's language (class_name), the
// student's own class names as they typed them.
inline const char* class_label(const ModelSpec& s, int k) {
  if (k < 0 || k >= int(s.labels.size())) return "";
  return s.custom_head ? s.labels[size_t(k)].c_str() : class_name(s.labels[size_t(k)]);
}
// Class k's name as the shown result labels it (the student's classes while their head is in use).
inline const char* shown_class_label(const App& app, int k) {
  return app.shown ? class_label(app.shown->result.spec(), k) : "";
}

// The reference run in words, for tooltips: "image A" or "the unedited image".
inline const char* reference_label(const App& app) { return compare_a(app) ? T("image A") : T("the unedited image"); }

// GPU copies of what the attention views show, re-uploaded only when their key changes.
struct AttentionTextures {
  Memo<int, int, int, int> key;  // (generation, layer, head, generation compared with or -1)
  std::vector<float> matrix;     // [N, N] currently shown
  std::vector<float> change;     // [N, N] matrix minus the reference run's (empty: not compared)
  Memo<int, int, int> a_key;     // (generation of image A, layer, head) when comparing two images
  std::vector<float> a_matrix;   // [N, N] image A's
  FloatTexture a_tex;
  FloatTexture matrix_tex;
  Memo<int, int> heads_key;         // (generation, layer)
  std::vector<FloatTexture> heads;  // small multiples, one per head
  ValueScale heads_scale;
  Memo<int, int, int, int> overlay_key;  // (generation, layer, head, token)
  std::vector<float> overlay;            // [grid, grid] attention of the selected token to each patch
  FloatTexture overlay_tex;
  bool log_scale = false;
  bool show_overlay = true;
};

// Module (c): one atlas texture of all channel maps of the shown hidden state, and one channel
// across all hidden states.
struct LayerTextures {
  Memo<int, int, int, int, bool> key;  // (generation, hidden, sort, generation compared with or -1, all_layers)
  bool change = false;                 // the maps show the edited run minus the unedited one (#19)
  bool all_layers = false;             // one colour range for every layer's maps (else this layer's own)
  ChannelStats stats;
  std::vector<int> order;  // channel shown in tile i
  ChannelAtlas atlas;
  FloatTexture atlas_tex;
  ValueScale scale;                   // symmetric, shared by all maps of this hidden state (or of all)
  int sort = 0;                       // ChannelOrder
  Memo<int, int, int> compare_key;    // (generation, channel, generation compared with or -1)
  std::vector<FloatTexture> compare;  // channel maps of hidden_0 .. hidden_L
  std::vector<std::vector<float>> compare_values;
  ValueScale compare_scale;
  Memo<int, int> a_key;                 // (generation of image A, channel) when comparing two images
  std::vector<FloatTexture> a_compare;  // image A's channel through the layers
  std::vector<std::vector<float>> a_values;
};

// Module (d): the class-token strip and the contributions of its dimensions to the top classes.
struct ClassifyTextures {
  Memo<int> key;                            // (generation)
  std::vector<float> unit;                  // cls_final / max|cls_final|
  FloatTexture strip;                       // [D, 1]
  std::vector<std::vector<float>> contrib;  // per top class: [D]
  bool unfolded = true;
  double toggled_at = -1e9;
  int lines_class = -1;  // the class whose lines are drawn this frame
};
constexpr int kClassLines = 16;  // (d) draws the strongest contributions of one class

// Module (a): the selected patch's flattened pixels and embedding.
struct PatchTextures {
  Memo<int, int> key;            // (generation, token)
  std::vector<float> pixels;     // [C*p*p]
  std::vector<float> embedding;  // [D]
  FloatTexture pixels_tex, embedding_tex;
  ValueScale embedding_scale;
};

// "Attention up close" (#9): one attention row step by step, and one head through depth.
struct StepsView {
  bool open = false;
  int tab = 0;                   // 0 = step through one row, 1 = one head through depth
  int step = 0;                  // 0..6
  double changed_at = -1e9;      // drives the slide/fade between steps
  Memo<int, int, int, int> key;  // (generation, layer, head, query) of `s`
  bool ok = false;
  std::string why_not;
  AttentionSteps s;
  int hover_key = -1;                   // key token hovered in the table: its cell is outlined in (b)
  bool force_tab = false;               // select `tab` in the tab bar once (opened from a link)
  Memo<int, int, int> depth_key;        // (generation, head, query)
  std::vector<FloatTexture> depth_tex;  // one [N, N] map per layer
  std::vector<std::vector<float>> depth_mats;
  std::vector<RowSummary> depth_rows;  // the selected row, per layer
  ValueScale depth_scale;
};

// What the views ask the shell to do after the frame (they never call the browser themselves).
struct Effects {
  struct Download {
    std::string name, mime, bytes;
  };
  Rect file_button;         // "Open…" under the pointer: a click there opens the file picker
  std::string file_accept;  // its accept= list
  bool copy_link = false;   // copy the page URL to the clipboard
  std::vector<Download> downloads;
  struct {
    Rect rect;  // a module's picture, read back from the frame after it is drawn
    std::string name;
  } png;
};

// The images the model sees, as GPU textures: the shown snapshot's input, the sample thumbnails (by
// Sample::uid) and the drawing pad.
struct ImageTextures {
  Memo<int> input_key;  // (generation)
  Texture input;
  std::unordered_map<int, Texture> thumbs;
  Memo<int> pad_key;  // (DrawingPad::version)
  Texture pad;
  Memo<int> camera_key;  // (Camera::version)
  Texture camera;
  Memo<int> original_key;  // (generation) of the unedited run, under the occlusion map
  Texture original;
  std::unordered_map<int, Texture> own_thumbs;  // examples of your own classes, by OwnExample::uid
};

// What-if (#19): the occlusion map of one class, and the brush stroke being drawn in (a).
struct WhatIfView {
  Memo<int, int, int, int, int> key;  // (its original's generation, fill, window, class, runs recorded)
  std::vector<float> map;             // [grid, grid]: drop of the class's probability when hidden
  FloatTexture tex;
  ValueScale scale;
  int cls = -1;
  bool overlay = false;  // (a) shows the occlusion map over the image (instead of the attention)
  bool painting = false;
  uint8_t paint = 1;  // what the stroke sets: 1 hide, 0 show again
  PatchMask stroke;   // the mask while the stroke lasts (committed on release: one run, one undo step)
};

// The analyses window's cached results (recomputed when the inference or parameters change).
struct InsightsView {
  Memo<int> patterns_key;               // (generation)
  std::vector<PatternScores> patterns;  // [L * H], layer-major
  std::vector<char> patterns_done;      // [L]: that layer's heads are in patterns
  int patterns_generation = -1;         // the snapshot they belong to (its generation)
  int fusion = 0;                       // HeadFusion
  float discard = 0.f;
  Memo<int, int, float, int> rollout_key;  // (generation, fusion, discard, layer)
  std::vector<float> rollout_map;          // [grid, grid]
  FloatTexture rollout_tex;
  Memo<int> dist_key;
  std::vector<std::vector<float>> dist;  // [L][H] pixels
  Memo<int> pos_key;
  std::vector<float> pos_atlas;  // [grid², grid²]
  FloatTexture pos_tex;
  Memo<int> pca_key;
  FilterPca pca;
  std::vector<Texture> pca_tex;
  Memo<int, int> tok_key;  // (generation, hidden)
  TokenPca tok;
  Texture tok_tex;
  Memo<int> lens_key;
  std::vector<std::vector<ClassScore>> lens;
  Memo<int, int> norms_key;  // (generation, hidden)
  TokenNorms norms;
};

struct UiState {
  double now = 0;            // this frame's clock (ms), set by the shell
  double animate_until = 0;  // an animation runs: the shell draws frames until then
  float ui_scale = 1.0f;
  int theme = 0;                         // 0 dark, 1 high contrast
  ColorMap seq_map = ColorMap::Viridis;  // sequential maps: viridis or cividis
  int embed = 0;                         // EmbedModule bits from ?embed= (0 = the full app)
  bool show_help = false;                // the keyboard shortcut sheet
  Languages languages;                   // UI language (T()), switched in the top bar or by ?lang=
  bool hub_open = false;                 // the "From Hugging Face…" window
  char hub_text[200] = {};               // the model id typed there
  bool hub_listed = false;               // the downloaded models were asked for since it opened
  bool own_open = false;                 // the "Your own classes" window (#20)
  bool show_insights = false;            // the analyses window
  int insights_tab = 0;
  bool insights_force_tab = false;  // select insights_tab once (tour, link)
  InsightsView insights;
  int tour_step = -1;  // guided tour: -1 never started; kTourSteps = finished
  bool tour_open = false;
  int tour_scroll = -1;            // a phone's tour step scrolls its module to this view (TourView), -1: none
  int tour_scroll_frames = 0;      // for so many frames more
  bool info_open[4] = {};          // "What happens here?" of (a)-(d)
  Effects effects;                 // carried out by the shell after each frame
  bool coarse = false;             // a finger points (a touch was seen, or the browser says the pointer is coarse)
  int phone_module = 0;            // narrow screens show one module at a time: which (Module)
  int layout = 0;                  // (Layout) of the last frame
  float top_full_w = 0;            // the top bar's width with everything on it (0: not measured for top_key yet)
  Memo<float, int, bool> top_key;  // (scale, language, coarse) it was measured for
  bool touch_claimed = false;      // a widget uses the finger's drag itself this frame (pad, patches)
  int touch_pans = 0;              // drags turned into scrolling (for tests)
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
  int scrolled_to_image = -1;  // the sample picker scrolled to show this selection
};

// The least side of a square view: on the desktop's columns 180 px (an open "What happens here?" box
// makes the panel scroll instead of shrinking the matrix to a stamp); in a tablet's grid or on a phone
// `side`.
inline float min_square(const UiState& ui, float side) { return (ui.layout == 0 ? 180.f : side) * ui.ui_scale; }

// Named intents: what several views ask for, written once (ui/intents.cpp).
void animate(UiState& ui, double ms);                // keep frames coming for ms from now
void focus_layer(App& app, UiState& ui, int layer);  // (b) shows this layer, fading in
void open_steps(App& app, UiState& ui, int tab);     // "Attention up close" at tab (0 row, 1 depth)
constexpr int kStepsRowTab = 0, kStepsDepthTab = 1;
void open_analyses(UiState& ui, int tab);          // the Analyses window at tab
constexpr int kRolloutTab = 1, kLogitLensTab = 6;  // two of Analyses' tabs (insights_panel.cpp)
// The texture of the shown snapshot's input, and a sample's thumbnail (uploaded once).
const Texture& input_texture(const App& app, UiState& ui);
const Texture& thumbnail(UiState& ui, const Sample& s);

// Every module window: placed at `area`, recorded in the probe's modules, with a right-click Save menu.
bool begin_module(App& app, UiState& ui, Module module, const char* title, Rect area);
void draw_save_items(App& app, UiState& ui, int module);  // a Module, or -1: everything
void draw_top_bar(App& app, UiState& ui, Rect area);
void draw_image_panel(App& app, UiState& ui, Rect area);
void draw_patch_detail(App& app, UiState& ui);
void update_patch_textures(const App& app, UiState& ui);
void draw_classify_panel(App& app, UiState& ui, Rect area);
void draw_attention_panel(App& app, UiState& ui, Rect area);
void draw_layers_panel(App& app, UiState& ui, Rect area);
void update_layer_textures(const App& app, UiState& ui);
// Keeps the attention textures in step with the result and selection (call before drawing views).
void update_attention_textures(const App& app, UiState& ui);
void update_steps(const App& app, UiState& ui);
void draw_steps_window(App& app, UiState& ui, Rect area);  // floats over (c) and (b) when open
void draw_model_card(App& app, UiState& ui);               // contents, inside module (d)
void draw_status_bar(const App& app, UiState& ui, Rect area);

// What-if (whatif_panel.cpp): (a)'s hide/occlusion controls under the image; the brush over the patch grid
// (at p, cells of `cell`); the hidden patches marked there; the occlusion map over the unedited image
// (Analyses, beside the rollout). occlusion_map() brings the cached map up to date (nullptr: none yet).
void draw_whatif_controls(App& app, UiState& ui);
void hide_brush(App& app, UiState& ui, ImVec2 p, float cell);
void draw_hidden_marks(const App& app, const UiState& ui, ImVec2 p, float cell);
void draw_occlusion_picture(App& app, UiState& ui, float side);
const WhatIfView* occlusion_map(const App& app, UiState& ui);
int occlusion_class(const App& app);  // the class the map is for: the highlighted one, else the prediction
// "sample 4", "your drawing"…: which image a run was on (compare labels).
std::string run_name(const App& app, const Snapshot& run);

// The URL state of the whole view: the selection plus what the UI shows (embed, panels, theme…).
UrlState view_url_state(const App& app, const UiState& ui);

// The guided tour (tour.cpp) and the analyses window (insights_panel.cpp).
inline constexpr int kTourSteps = 11;
// What a tour step scrolls into view on a phone, where the card covers the lower half of the module.
enum TourView { kTourImage = 0, kTourPatch, kTourMatrix, kTourTiles, kTourClasses, kTourRollout };
// Called where `view` starts in its module: scrolls the module there when a tour step asks, over a few
// frames (a window that has just appeared clamps the scroll to its last frame's content).
inline void tour_scroll_here(UiState& ui, int view) {
  if (ui.tour_scroll != view) return;
  ImGui::SetScrollHereY(0.f);
  if (--ui.tour_scroll_frames <= 0) ui.tour_scroll = -1;
}

void start_tour(App& app, UiState& ui);
void draw_tour(App& app, UiState& ui);
void draw_insights_window(App& app, UiState& ui, Rect area);
void draw_hub_window(App& app, UiState& ui);          // "From Hugging Face…": curated list, any model id
void draw_own_classes_window(App& app, UiState& ui);  // "Your own classes": examples, training, the head
// Pattern scores of every head ([L * H], layer-major); only `layer`'s are sure to be computed.
const std::vector<PatternScores>& head_patterns(const App& app, UiState& ui, int layer);
const char* pattern_symbol(AttentionPattern p);  // │ ╲ │╲ ▦ ∿
const char* pattern_label(AttentionPattern p);   // translated name
// A finished pattern survey in words: "160 maps (10 samples x 16 heads): diagonal 7, block 19, …" (the
// classes with none left out); empty when there is none.
std::string survey_text(const App& app);
// "Count them on all N samples" (ImGui id suffix `id`; a small button in the card): starts the survey when
// clicked, `tooltip` on hover; returns its rect.
Rect survey_start_button(App& app, const char* id, bool small, const char* tooltip);
// After a survey: "Most patterns: Ankle boot, 7 of its 16 head maps." and an "Open it" button (disabled,
// "shown", when it is on screen); returns the button's rect, empty when no sample has a patterned head.
Rect survey_richest_button(App& app, const char* id, bool small);
// "What happens here": a module's explanation, formula with the model's shapes, and live numbers.
void draw_module_info(App& app, UiState& ui, Module module);

// Brings the view caches up to date with the snapshot and selection (the shell times it).
void prepare_views(const App& app, UiState& ui);
// Places the panels for a window of w x h CSS pixels and draws them.
void draw_ui(App& app, UiState& ui, float w, float h);

// Fonts and colours; `scale` = UI scale x device pixel ratio (glyphs rasterized at that size).
void apply_theme(float ui_scale, int theme, bool coarse = false);
// Keyboard: arrows move the selected patch, [ ] heads, PageUp/PageDown layers, ? the shortcut sheet.
void handle_shortcuts(App& app, UiState& ui);
void draw_help(UiState& ui);
// Touch: a finger dragging over a scrollable panel scrolls it (unless a widget claimed the drag).
void touch_pan(UiState& ui);
// The selection and the prediction in words, for the page's live region (announce.cpp).
std::string describe_for_screen_reader(const App& app);
// cjk_ttf/cjk_text: a font merged in for the glyphs of cjk_text (empty: Latin only).
bool load_fonts(const std::vector<unsigned char>& ttf, float pixel_scale, float ui_scale,
                const std::vector<unsigned char>& cjk_ttf = {}, const std::string& cjk_text = {});

}  // namespace vitvis

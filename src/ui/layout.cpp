// Places the modules left to right like the model: input -> (encoder) -> classification; or, in
// embed mode (?embed=…), only the chosen modules, compactly, for an iframe in a tutorial.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/analyses.h"
#include "ui/attention_panel.h"
#include "ui/classify_panel.h"
#include "ui/figure_window.h"
#include "ui/hub_window.h"
#include "ui/offline_window.h"
#include "ui/image_panel.h"
#include "ui/intents.h"
#include "ui/layers_panel.h"
#include "ui/layout.h"
#include "ui/lesson_player.h"
#include "ui/motion.h"
#include "ui/overview.h"
#include "ui/own_classes_window.h"
#include "ui/probe.h"
#include "ui/share_window.h"
#include "ui/status_bar.h"
#include "ui/summaries.h"
#include "ui/steps_panel.h"
#include "ui/top_bar.h"
#include "ui/tour.h"
#include "ui/training_window.h"
#include "ui/ui_state.h"
#include "ui/error_banner.h"
#include "ui/value_panel.h"
#include "ui/widgets.h"

namespace vitvis {
namespace {

// Only the modules in ui.embed, side by side with widths by how much they need; a one-line status.
void draw_embedded(App& app, UiState& ui, float w, float h) {
  struct Col {
    int bit;
    Module module;
    float weight;
    void (*draw)(App&, UiState&, Rect);
  };
  const Col all[] = {{kEmbedImage, Module::Image, 0.9f, draw_image_panel},
                     {kEmbedLayers, Module::Layers, 1.f, draw_layers_panel},
                     {kEmbedAttention, Module::Attention, 1.1f, draw_attention_panel},
                     {kEmbedClassify, Module::Classify, 1.f, draw_classify_panel}};
  std::vector<Col> cols;
  float total = 0;
  for (const Col& c : all) {
    if (ui.embed & c.bit)
      cols.push_back(c), total += c.weight;
    else
      ui.probe.modules[size_t(c.module)] = {};  // not shown: nothing to save as PNG
  }
  const float status = 26.f * ui.ui_scale, gap = 3.f;
  const float n = float(cols.size()), avail = w - gap * (n + 1), body = h - status - 2 * gap;
  // Side by side while each column keeps room for its numbers and a label; in a narrow frame, one above
  // the other (each as wide as the frame).
  const bool rows = cols.size() > 1 && avail / n < 260.f * ui.ui_scale;
  float at = gap;
  for (const Col& c : cols) {
    if (rows) {
      const float rh = (body - gap * (n - 1)) * c.weight / total;
      c.draw(app, ui, {gap, at, w - 2 * gap, rh});
      at += rh + gap;
    } else {
      const float cw = avail * c.weight / total;
      c.draw(app, ui, {at, gap, cw, body});
      at += cw + gap;
    }
  }
  draw_status_bar(app, ui, {0, h - status, w, status});
  draw_steps_window(app, ui, {gap, gap, w - 2 * gap, h - status - 2 * gap});  // little room: over everything
}

}  // namespace

Layout layout_for(float css_width) {
  if (css_width >= 1200.f) return Layout::Columns;
  if (css_width >= 700.f) return Layout::Grid;
  return Layout::Tabs;
}

UrlState view_url_state(const App& app, const UiState& ui) {
  UrlState u = current_url_state(app, ui.ui_scale);
  u.embed = ui.embed;
  u.parent = app.url.parent;  // (the embed API keeps hearing its page after a reload)
  if (ui.lesson.playing) u.lesson = app.url.lesson;  // a lesson from the link plays again after a reload
  u.steps = ui.steps.open ? ui.steps.tab + 1 : 0;
  u.step = ui.steps.open && ui.steps.tab == 0 ? ui.steps.step : -1;
  u.analyses = ui.show_insights ? ui.insights_tab + 1 : 0;
  u.theme = ui.theme;
  u.cmap = ui.seq_map == ColorMap::Cividis ? 1 : 0;
  u.motion = ui.motion.enabled ? -1 : 0;
  u.focus = ui.focus;
  u.focus2 = ui.focus >= 0 ? ui.focus2 : -1;
  u.lang = ui.languages.current ? ui.languages.codes[size_t(ui.languages.current)] : "";
  return u;
}

void handle_shortcuts(App& app, UiState& ui) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  for (ImWchar c : io.InputQueueCharacters)
    if (c == '?') ui.show_help = !ui.show_help;
  if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {  // the topmost thing closes first
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId))
      ImGui::ClosePopupsExceptModals();  // an open menu or list
    else if (ui.show_help)
      ui.show_help = false;
    else if (ui.share.open)
      ui.share.open = false;
    else if (ui.lesson.editor_open)
      ui.lesson.editor_open = false;
    else if (app.sel.pinned)
      app.sel.pinned = false;
  }
  if (!app.shown) return;
  const ModelSpec& s = app.shown->result.spec();
  const int g = s.grid();
  int dr = 0, dc = 0;
  if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) dc = -1;
  if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) dc = 1;
  if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) dr = -1;
  if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) dr = 1;
  if (dr || dc) {  // from the selected patch (or the centre), clamped to the grid; the patch is pinned
    int row = g / 2, col = g / 2;
    if (app.sel.token >= s.prefix_tokens && app.sel.token < s.num_tokens())
      row = std::clamp(s.patch_row(app.sel.token) + dr, 0, g - 1),
      col = std::clamp(s.patch_col(app.sel.token) + dc, 0, g - 1);
    app.sel.token = s.token_of_patch(row, col);
    app.sel.pinned = true;
  }
  auto head_step = [&](int d) {  // mean (-1), head 1 … head H, wrapping
    const int n = s.heads + 1;
    app.sel.head = ((app.sel.head + 1 + d) % n + n) % n - 1;
  };
  if (ImGui::IsKeyPressed(ImGuiKey_LeftBracket)) head_step(-1);
  if (ImGui::IsKeyPressed(ImGuiKey_RightBracket)) head_step(1);
  if (lesson_keys(app, ui)) return;  // a lesson's clicker keys
  if (ImGui::IsKeyPressed(ImGuiKey_PageUp)) focus_layer(app, ui, std::max(0, app.sel.layer - 1));
  if (ImGui::IsKeyPressed(ImGuiKey_PageDown)) focus_layer(app, ui, std::min(s.layers - 1, app.sel.layer + 1));
}

void draw_help(UiState& ui) {
  ui.probe.help = {};
  if (!ui.show_help) return;
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(size.x / 2, size.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowFocus();
  ImGui::Begin(T("Keyboard shortcuts###help"), &ui.show_help,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
  const char* const rows[][2] = {{"← → ↑ ↓", T("move the selected patch (it stays pinned)")},
                                 {"[  ]", T("previous / next head (and the mean)")},
                                 {"Page Up / Page Down", T("previous / next layer")},
                                 {"Esc", T("unpin the patch; close this sheet")},
                                 {"?", T("show / hide this sheet")},
                                 {T("drop or paste a file"), T("classify your image / load your .onnx model")}};
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (auto& r : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r[0]);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r[1]);
    }
    ImGui::EndTable();
  }
  ui.probe.help = last_item_rect();
  ImGui::End();
}

// What touch adds over everything: the tapped value's panel, and the scale a pinch would leave.
void draw_touch_layer(const App& app, UiState& ui, float w, float h) {
  if (app.shown && ui.first_result_at == 0) ui.first_result_at = ui.now;
  float top = ui.embed ? 0.f : (ui.coarse ? 56.f : 40.f) * ui.ui_scale;
  // A phone: under its top three and its tabs, so the panel never covers the answer it may be about.
  if (!ui.embed && ui.layout == int(Layout::Tabs) && !ui.probe.module_tabs.empty()) {
    top = ui.probe.module_tabs[0].y + ui.probe.module_tabs[0].h + 8.f;
    for (const Rect& r : ui.probe.overview_layers) top = std::max(top, r.y + r.h + 8.f);  // (the layers' row)
  }
  draw_value_panel(ui, {0, top, w, h - top - (ui.embed ? 0.f : 32.f * ui.ui_scale)});
  if (ui.pinch_preview <= 0) return;
  char text[160];
  std::snprintf(text, sizeof text,
                ui.pinch_limited ? T("UI scale %.0f %%: as far as this screen keeps its layout (lift to apply)")
                                 : T("UI scale %.0f %% (lift your fingers to apply)"),
                double(ui.pinch_preview) * 100.0);
  const ImVec2 size = ImGui::CalcTextSize(text);
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImVec2 a((w - size.x) * 0.5f - 12.f, h * 0.45f), b(a.x + size.x + 24.f, a.y + size.y + 16.f);
  dl->AddRectFilled(a, b, IM_COL32(20, 22, 28, 235), 8.f);
  dl->AddRect(a, b, IM_COL32(255, 200, 60, 255), 8.f);
  dl->AddText(ImVec2(a.x + 12.f, a.y + 8.f), IM_COL32(255, 255, 255, 255), text);
}

void draw_ui(App& app, UiState& ui, float w, float h) {
  ui.probe.save_items.clear();      // refilled while a Save menu is open
  ui.probe.glossary_terms.clear();  // refilled by the open "What happens here?" boxes
  ui.probe.math_buttons.clear();
  ui.probe.glossary_hovered = -1;
  ui.probe.phone_top = {};  // drawn on a phone only
  ui.probe.phone_top_texts.clear();
  ui.drag_zones.clear();  // refilled by the views (sliders, the pad): the shell reads them at a finger's touch
  tips_frame(ui);
  motion_frame(app, ui);  // before the shortcuts: a key that skips a flow is seen first
  handle_shortcuts(app, ui);
  if (ui.embed) {
    draw_embedded(app, ui, w, h);
    draw_lesson(app, ui);  // an embed plays a lesson too
    draw_error_banner(app, ui, {4.f, 4.f, w - 8.f, h * 0.5f});  // over the embed: it has no status line
    draw_help(ui);
    draw_touch_layer(app, ui, w, h);
    return;
  }
  const float s = ui.ui_scale;
  const float top = (ui.coarse ? 56.f : 40.f) * s, status = 32.f * s, gap = 4.f;
  const Layout layout = layout_for(w / s);
  const float over_h = overview_height(ui, int(layout), h / s);  // the model at a glance, under the top bar
  float body_y = top + gap + (over_h > 0 ? over_h + gap : 0.f);
  draw_top_bar(app, ui, {0, 0, w, top});
  draw_overview(app, ui, {0, top + gap, w, over_h});
  if (const float banner = draw_error_banner(app, ui, {gap, body_y, w - 2 * gap, h * (layout == Layout::Tabs ? 0.25f : 0.4f)}); banner > 0)
    body_y += banner + gap;  // the modules move down under it (it covers nothing)
  float body_h = h - body_y - status - gap;
  // The story reads (a) input -> (c) encoder layers -> (b) attention of the chosen layer -> (d) classes.
  using Draw = void (*)(App&, UiState&, Rect);
  const Module order[4] = {Module::Image, Module::Layers, Module::Attention, Module::Classify};
  const Draw draws[4] = {draw_image_panel, draw_layers_panel, draw_attention_panel, draw_classify_panel};
  Rect over;  // where the floating windows (steps, analyses) go: over (a) and (c), so (b) stays in view
  ui.layout = int(layout);
  ui.probe.module_tabs.clear();  // (a phone's navigation draws them)
  ui.probe.module_tab_texts.clear();
  Rect areas[4];                    // each module's place, in `order` (zero: not shown)
  for (Rect& r : ui.probe.summaries) r = {};
  if (layout != Layout::Tabs && ui.focus >= 0 && ui.focus < kModuleWindows) {
    // One module large (or the presenter's two, side by side in the story's order), the others as live
    // summaries in a column at the left (in the story's order); the floating windows (steps, analyses)
    // go over the large ones, so the summaries (the image) stay.
    const bool two = ui.focus2 >= 0 && ui.focus2 < kModuleWindows && ui.focus2 != ui.focus;
    const int small = two ? 2 : 3;
    const float col_w = std::clamp(w * 0.18f, 170.f * s, 300.f * s), sum_h = (body_h - float(small - 1) * gap) / float(small);
    const float big_x = col_w + 2 * gap, big_w = w - big_x - gap, half = (big_w - gap) / 2.f;
    float y = body_y, x = big_x;
    for (int i = 0; i < 4; ++i) {
      if (int(order[i]) == ui.focus || (two && int(order[i]) == ui.focus2)) {
        areas[i] = {x, body_y, two ? half : big_w, body_h};
        x += half + gap;
        continue;
      }
      draw_summary(app, ui, int(order[i]), {gap, y, col_w, sum_h});
      y += sum_h + gap;
    }
    over = {big_x, body_y, big_w, body_h};
  } else if (layout == Layout::Columns) {  // a desktop, a projector: four columns
    const float left_w = std::clamp(w * 0.23f, 260.f, 520.f);
    const float right_w = std::clamp(w * 0.25f, 280.f, 520.f);
    const float rest = w - left_w - right_w - 5 * gap;
    const float layers_w = rest * 0.45f, attn_w = rest - layers_w;
    areas[0] = {gap, body_y, left_w, body_h};
    areas[1] = {left_w + 2 * gap, body_y, layers_w, body_h};
    areas[2] = {left_w + layers_w + 3 * gap, body_y, attn_w, body_h};
    areas[3] = {left_w + rest + 4 * gap, body_y, right_w, body_h};
    over = {gap, body_y, left_w + layers_w + gap, body_h};
  } else if (layout == Layout::Grid) {  // a tablet, a small laptop: two rows of two, in reading order
    const float cw = (w - 3 * gap) / 2, rh = (body_h - gap) / 2;
    for (int i = 0; i < 4; ++i)
      areas[i] = {gap + float(i % 2) * (cw + gap), body_y + float(i / 2) * (rh + gap), cw, rh};
    over = {gap, body_y, cw, body_h};
  } else {  // a phone: one module at a time, tabs in reading order; the selection is the same in all
    // The answer stays in sight on every tab: the top three above the tabs.
    if (const float top3 = draw_phone_prediction(app, ui, {0, body_y, w, 0}); top3 > 0) {
      body_y += top3;
      body_h -= top3;
    }
    const float tabs_h = draw_phone_navigation(app, ui, {0, body_y, w, 0});  // the model at a glance leads the way
    over = {gap, body_y + tabs_h + gap, w - 2 * gap, body_h - tabs_h - gap};
    // The tour's card sits over the bottom of the screen: the module shown ends above it (last frame's
    // card), so what a step talks about is not under the card and the module scrolls to all of it.
    // The windows a step opens (Analyses at its rollout) stand there too.
    const float card_top = ui.probe.tour.y - gap;
    if (ui.tour_open && ui.probe.tour.h > 0 && card_top - over.y >= 200.f) over.h = card_top - over.y;
    for (int i = 0; i < 4; ++i)
      if (ui.phone_module == int(order[i])) areas[i] = over;
  }
  for (int i = 0; i < 4; ++i)
    if (areas[i].w > 0)
      draws[i](app, ui, areas[i]);
    else
      ui.probe.modules[size_t(order[i])] = {};
  draw_status_bar(app, ui, {0, h - status, w, status});
  draw_steps_window(app, ui, over);
  draw_insights_window(app, ui, over);
  draw_tour(app, ui);
  draw_lesson(app, ui);
  draw_hub_window(app, ui);
  draw_share_window(app, ui);
  draw_figure_window(app, ui);
  draw_offline_window(app, ui);
  draw_own_classes_window(app, ui);
  draw_training_window(app, ui);
  draw_help(ui);
  draw_touch_layer(app, ui, w, h);
}

void prepare_views(const App& app, UiState& ui) {
  update_attention_textures(app, ui);
  update_layer_textures(app, ui);
  update_patch_textures(app, ui);
  update_steps(app, ui);
  prepare_analyses(app, ui);
}

}  // namespace vitvis

// The Analyses window: its tabs (one file each, analyses_*.cpp), computed before the frame and drawn in it.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/analyses_tabs.h"
#include "ui/image_panel.h"
#include "ui/intents.h"
#include "ui/probe.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/theme.h"

namespace vitvis {

// The tabs in the order the window shows them.
const AnalysisTab kAnalysisTabs[kAnalysisTabCount] = {
    {[] { return T("Head patterns"); }, prepare_patterns, draw_patterns},
    {[] { return T("Rollout"); }, prepare_rollout, draw_rollout},
    {[] { return T("Distance"); }, prepare_distance, draw_distance},
    {[] { return T("Positions"); }, prepare_position, draw_position},
    {[] { return T("Patch filters"); }, prepare_filters, draw_filters},
    {[] { return T("Token PCA"); }, prepare_token_pca, draw_token_pca},
    {[] { return T("Logit lens"); }, prepare_logit_lens, draw_logit_lens},
    {[] { return T("Token norms"); }, prepare_norms, draw_norms},
};

int shown_generation(const App& app) { return app.shown->generation; }

void not_ready(UiState& ui) {
  ImGui::TextDisabled("%s", T("Computing…"));
  animate(ui, 100);  // the next frame has it
}

void map_over_image(const App& app, UiState& ui, const FloatTexture& tex, const ValueScale& sc, float side,
                    float alpha) {
  ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
  ImGui::Dummy(ImVec2(side, side));
  ImGui::GetWindowDrawList()->AddImage(input_texture(app, ui).imgui_id(), p, q);
  draw_heatmap(tex, p, q, ui.seq_map, sc, alpha);
  ImGui::GetWindowDrawList()->AddRect(p, q, IM_COL32(150, 150, 160, 200));
}

void explain(const char* text) { wrapped_text(text); }

void prepare_analyses(const App& app, UiState& ui) {
  if (!app.shown) return;
  const int layers = app.shown->result.spec().layers;
  const int layer = std::clamp(app.sel.layer, 0, layers - 1);
  prepare_layer_patterns(app, ui, layer, layer);  // (b)'s head thumbnails show them
  if (ui.show_insights) kAnalysisTabs[std::clamp(ui.insights_tab, 0, kAnalysisTabCount - 1)].prepare(app, ui);
}

void draw_insights_window(App& app, UiState& ui, Rect area) {
  ui.probe.insights = {};
  ui.probe.insights_tabs.clear();
  ui.probe.pattern_cells.clear();
  ui.probe.filter_pcs.clear();
  ui.probe.position_note = {};
  ui.probe.lens_cells.clear();
  if (!ui.show_insights || !app.shown) return;
  if (!begin_floating(T("Analyses###insights"), &ui.show_insights, area, ui.layout == int(Layout::Tabs))) return;
  ui.probe.insights = window_rect();
  const char* names[kAnalysisTabCount];
  for (int i = 0; i < kAnalysisTabCount; ++i) names[i] = kAnalysisTabs[i].name();
  const int want = ui.insights_force_tab ? ui.insights_tab : -1;
  ui.insights_force_tab = false;
  const float width = ImGui::GetContentRegionAvail().x;
  auto draw_tab = [&](int i, bool own_child) {
    ui.insights_tab = i;
    if (own_child) ImGui::BeginChild("tab");
    kAnalysisTabs[i].draw(app, ui, width);
    if (own_child) ImGui::EndChild();
  };
  // The tabs' names whole on one line, or (a phone: eight tabs would shrink to a glyph each) as rows of
  // buttons, the shown one highlighted.
  if (tab_bar_width(names) > width) {  // the buttons scroll with the tab's content (a phone has little height)
    ImGui::BeginChild("tab");
    if (want >= 0) ui.insights_tab = want;
    const int shown = std::clamp(ui.insights_tab, 0, kAnalysisTabCount - 1);
    const float x0 = ImGui::GetCursorPosX();
    for (int i = 0; i < kAnalysisTabCount; ++i) {
      char label[96];
      std::snprintf(label, sizeof label, "%s###tab%d", names[i], i);
      if (i) button_row_next(i, x0, names[i]);
      const bool on = i == shown;
      push_selected(on);
      const bool pressed = ImGui::Button(label);
      pop_selected(on);
      ui.probe.insights_tabs.push_back(last_item_rect());
      if (pressed) ui.insights_tab = i, ImGui::SetScrollY(0.f);  // the new tab from its top
    }
    ImGui::Separator();
    draw_tab(std::clamp(ui.insights_tab, 0, kAnalysisTabCount - 1), false);
    ImGui::EndChild();
  } else if (ImGui::BeginTabBar("analyses", ImGuiTabBarFlags_FittingPolicyResizeDown)) {
    for (int i = 0; i < kAnalysisTabCount; ++i) {
      char label[96];
      std::snprintf(label, sizeof label, "%s###tab%d", names[i], i);
      const bool open = ImGui::BeginTabItem(label, nullptr, want == i ? ImGuiTabItemFlags_SetSelected : 0);
      ui.probe.insights_tabs.push_back(last_item_rect());
      if (!open) continue;
      draw_tab(i, true);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace vitvis

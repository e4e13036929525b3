// Analyses > Distance: mean attention distance per head against depth (Dosovitskiy et al.).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/analyses_tabs.h"
#include "ui/probe.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"

namespace vitvis {

void prepare_distance(const App& app, UiState& ui) {
  InsightsView& v = ui.insights;
  if (!v.dist_key.changed(shown_generation(app))) return;
  v.dist.clear();
  for (int l = 0; l < app.shown->result.spec().layers; ++l)
    v.dist.push_back(mean_attention_distance(app.shown->result, l));
  v.computed++;
}

void draw_distance(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  if (!computed_for(v.dist_key, shown_generation(app))) return not_ready(ui);
  const ModelSpec& s = app.shown->result.spec();
  explain(T("insights.distance.body"));
  // Scatter: x = layer, y = pixels; one dot per head, coloured by head (the key under it), the selected
  // head ringed.
  // (viridis from a quarter up: its darkest purple vanished on the dark theme's background)
  auto head_colour = [&](int hd) {
    return colormap_abgr(ColorMap::Viridis, 0.25f + 0.75f * float(hd) / float(std::max(1, s.heads - 1)));
  };
  const float h = 220.f * ui.ui_scale, left = 44.f * ui.ui_scale, bottom = 22.f * ui.ui_scale;
  const float maxd = float(s.image_size) * std::sqrt(2.f) * 0.5f;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("plot", ImVec2(width, h + bottom));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pw = width - left - 10.f;
  auto px = [&](int l) { return p.x + left + pw * (float(l) + 0.5f) / float(s.layers); };
  auto py = [&](float d) { return p.y + h - h * std::clamp(d / maxd, 0.f, 1.f); };
  dl->AddLine(ImVec2(p.x + left, p.y), ImVec2(p.x + left, p.y + h), IM_COL32(160, 160, 170, 255));
  dl->AddLine(ImVec2(p.x + left, p.y + h), ImVec2(p.x + width - 10, p.y + h), IM_COL32(160, 160, 170, 255));
  char b[32];
  for (int t = 0; t <= 4; ++t) {
    const float d = maxd * float(t) / 4.f;
    std::snprintf(b, sizeof b, "%.0f", double(d));
    dl->AddText(ImVec2(p.x + 4, py(d) - 7), IM_COL32(170, 170, 180, 255), b);
  }
  const ImVec2 m = ImGui::GetIO().MousePos;
  int hl = -1, hh = -1;
  float best = 8.f;
  for (int l = 0; l < s.layers; ++l) {
    std::snprintf(b, sizeof b, "%d", l + 1);
    dl->AddText(ImVec2(px(l) - 4, p.y + h + 3), IM_COL32(170, 170, 180, 255), b);
    for (int hd = 0; hd < s.heads; ++hd) {
      const float jitter = (float(hd) - float(s.heads - 1) / 2.f) * std::min(4.f, pw / float(s.layers * s.heads + 1));
      const ImVec2 c(px(l) + jitter, py(v.dist[size_t(l)][size_t(hd)]));
      const bool sel = l == app.sel.layer && hd == app.sel.head;
      dl->AddCircleFilled(c, 4.f, head_colour(hd));
      if (sel) dl->AddCircle(c, 7.f, IM_COL32(255, 200, 60, 255), 0, 2.f);
      const float dd = std::hypot(m.x - c.x, m.y - c.y);
      if (dd < best) best = dd, hl = l, hh = hd;
    }
  }
  ui.probe.distance_plot = rect_of(p, ImVec2(p.x + width, p.y + h + bottom));
  if (hl >= 0 && ImGui::IsItemHovered()) {
    tip(T("layer %d, head %d: mean attention distance %.1f px\nclick: show this head in (b)"), hl + 1,
                      hh + 1, double(v.dist[size_t(hl)][size_t(hh)]));
    if (ImGui::IsItemClicked()) app.sel.layer = hl, app.sel.head = hh;
  }
  ImGui::TextDisabled("%s", T("x: layer, y: mean attention distance in pixels (one dot per head)"));
  // Which colour is which head: "head" and the numbered dots, wrapping on a narrow window (12 heads).
  ImGui::TextDisabled("%s", T("colour = head:"));
  const ImVec2 key0 = ImGui::GetItemRectMin();
  float key_right = ImGui::GetItemRectMax().x;
  const float r = 4.f * ui.ui_scale, line = ImGui::GetTextLineHeight();
  for (int hd = 0; hd < s.heads; ++hd) {
    std::snprintf(b, sizeof b, "%d", hd + 1);
    if (fits_width_on_line(2.f * r + 3.f + ImGui::CalcTextSize(b).x)) ImGui::SameLine();
    const ImVec2 q = ImGui::GetCursorScreenPos();
    dl->AddCircleFilled(ImVec2(q.x + r, q.y + line * 0.5f), r, head_colour(hd));
    ImGui::Dummy(ImVec2(2.f * r + 3.f, line));
    ImGui::SameLine(0, 0);
    ImGui::TextDisabled("%s", b);
    key_right = std::max(key_right, ImGui::GetItemRectMax().x);
  }
  ui.probe.distance_key = rect_of(key0, ImVec2(key_right, ImGui::GetItemRectMax().y));
  hint(T("insights.distance.paper"));
}

}  // namespace vitvis

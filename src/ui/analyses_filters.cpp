// Analyses > Patch filters: principal components of the patch projection's filters.
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

void prepare_filters(const App& app, UiState& ui) {
  InsightsView& v = ui.insights;
  const ModelSpec& s = app.shown->result.spec();
  if (!v.pca_key.changed(shown_generation(app))) return;
  const int k = std::min(28, s.dim);
  v.pca = patch_filter_pca(app.shown->result, k);
  const int p = v.pca.patch, C = v.pca.channels, n = C * p * p;
  v.pca_tex.clear();
  for (int c = 0; c < int(v.pca.explained_ratio.size()); ++c) {
    // each component scaled symmetrically so 0 is mid-grey (RGB for 3 channels, grey for 1)
    float m = 1e-12f;
    for (int i = 0; i < n; ++i) m = std::max(m, std::abs(v.pca.components[size_t(c * n + i)]));
    std::vector<uint8_t> rgba(size_t(p) * p * 4);
    for (int y = 0; y < p; ++y)
      for (int x = 0; x < p; ++x)
        for (int ch = 0; ch < 3; ++ch) {
          const float val = v.pca.components[size_t(c * n + std::min(ch, C - 1) * p * p + y * p + x)];
          rgba[size_t((y * p + x) * 4 + ch)] = uint8_t(std::lround(127.5f + 127.5f * val / m));
        }
    for (size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;
    v.pca_tex.emplace_back();
    v.pca_tex.back().upload_rgba(p, p, rgba.data());
  }
  v.computed++;
}

void draw_filters(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  if (!computed_for(v.pca_key, shown_generation(app))) return not_ready(ui);
  const ModelSpec& s = app.shown->result.spec();
  explain(T("insights.filters.body"));
  const float t = 44.f * ui.ui_scale, gap = 6.f;
  const int per_row = std::max(1, int((width + gap) / (t + gap)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t c = 0; c < v.pca_tex.size(); ++c) {
    if (c % size_t(per_row)) ImGui::SameLine(0, gap);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(int(c));
    ImGui::InvisibleButton("pc", ImVec2(t, t));
    dl->AddImage(v.pca_tex[c].imgui_id(), p, ImVec2(p.x + t, p.y + t));
    if (ImGui::IsItemHovered())
      tip(T("principal component %d of the %d patch filters: %.1f%% of their variance"), int(c) + 1,
                        s.dim, 100.0 * double(v.pca.explained_ratio[c]));
    ui.probe.filter_pcs.push_back(rect_of(p, ImVec2(p.x + t, p.y + t)));
    ImGui::PopID();
  }
  hint(T("insights.filters.paper"));
}

}  // namespace vitvis

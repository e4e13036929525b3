// Analyses > Positions: how similar the position embeddings of every two patches are.
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
#include "ui/theme.h"

namespace vitvis {

void prepare_position(const App& app, UiState& ui) {
  InsightsView& v = ui.insights;
  const ModelSpec& s = app.shown->result.spec();
  const int g = s.grid(), P = s.num_patches();
  if (!v.pos_key.changed(shown_generation(app))) return;
  const std::vector<float> sim = pos_embed_similarity(app.shown->result);  // [P, P]
  // Arrange as the paper's figure: tile (r, c) shows the similarity of patch (r, c) to every patch.
  v.pos_atlas.assign(size_t(P) * P, 0.f);
  for (int i = 0; i < P; ++i)
    for (int j = 0; j < P; ++j)
      v.pos_atlas[size_t((i / g) * g + j / g) * size_t(g * g) + size_t((i % g) * g + j % g)] = sim[size_t(i) * P + j];
  v.pos_tex.upload(g * g, g * g, v.pos_atlas);
  v.computed++;
}

void draw_position(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  if (!computed_for(v.pos_key, shown_generation(app))) return not_ready(ui);
  const ModelSpec& s = app.shown->result.spec();
  const int g = s.grid();
  explain(T("insights.position.body"));
  // A model of ours started from 2-D sine-cosine codes says so in its training line (train_vit.py).
  if (s.training.find("--pos-init sincos") != std::string::npos) {
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Mark));
    explain(T("insights.position.sincos"));
    ImGui::PopStyleColor();
    ui.probe.position_note = last_item_rect();
  }
  const float side = std::min(width, 360.f * ui.ui_scale);
  ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
  ImGui::InvisibleButton("pos", ImVec2(side, side));
  const ValueScale sc{-1.f, 1.f, false};
  draw_heatmap(v.pos_tex, p, q, ColorMap::CoolWarm, sc);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float tile = side / float(g);
  for (int i = 1; i < g; ++i) {
    dl->AddLine(ImVec2(p.x + tile * i, p.y), ImVec2(p.x + tile * i, q.y), IM_COL32(0, 0, 0, 255), 1.5f);
    dl->AddLine(ImVec2(p.x, p.y + tile * i), ImVec2(q.x, p.y + tile * i), IM_COL32(0, 0, 0, 255), 1.5f);
  }
  if (app.sel.token >= s.prefix_tokens && app.sel.token < s.num_tokens()) {
    const int r = s.patch_row(app.sel.token), c = s.patch_col(app.sel.token);
    dl->AddRect(ImVec2(p.x + c * tile, p.y + r * tile), ImVec2(p.x + (c + 1) * tile, p.y + (r + 1) * tile),
                IM_COL32(255, 200, 60, 255), 0, 0, 2.f);
  }
  ui.probe.position_grid = rect_of(p, q);
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int x = std::clamp(int((m.x - p.x) / side * float(g * g)), 0, g * g - 1);
    const int y = std::clamp(int((m.y - p.y) / side * float(g * g)), 0, g * g - 1);
    const int i = (y / g) * g + x / g, j = (y % g) * g + x % g;
    tip(T("position embedding of patch (%d, %d) vs patch (%d, %d): cosine %.3f"), i / g + 1, i % g + 1,
                      j / g + 1, j % g + 1, double(v.pos_atlas[size_t(y) * size_t(g * g) + size_t(x)]));
    if (ImGui::IsItemClicked()) app.sel.token = s.prefix_tokens + i, app.sel.pinned = true;
  }
  draw_legend(ColorMap::CoolWarm, sc, std::min(side, 260.f * ui.ui_scale), T("cosine similarity"));
  hint(T("insights.position.paper"));
}

}  // namespace vitvis

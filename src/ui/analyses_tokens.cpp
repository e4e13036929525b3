// Analyses > Token PCA: the patch tokens of one hidden state as colours, by their principal components.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/analyses_tabs.h"
#include "ui/image_panel.h"
#include "ui/probe.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"

namespace vitvis {

void prepare_token_pca(const App& app, UiState& ui) {
  InsightsView& v = ui.insights;
  const ModelSpec& s = app.shown->result.spec();
  const int hidden = std::clamp(app.sel.hidden, 0, s.layers), g = s.grid();
  if (!v.tok_key.changed(shown_generation(app), hidden)) return;
  v.tok = patch_token_pca(app.shown->result, hidden);
  std::vector<uint8_t> rgba(size_t(g) * g * 4, 255);
  for (int i = 0; i < g * g; ++i)
    for (int ch = 0; ch < 3; ++ch)
      rgba[size_t(i * 4 + ch)] = uint8_t(std::lround(255.f * v.tok.rgb[size_t(i * 3 + ch)]));
  v.tok_tex.upload_rgba(g, g, rgba.data());
  v.computed++;
}

void draw_token_pca(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  if (!computed_for(v.tok_key, shown_generation(app))) return not_ready(ui);
  explain(T("insights.tokens.body"));
  const int hidden = std::get<1>(*v.tok_key.key());  // the hidden state the colours are of
  wrapped_textf(
      T("Hidden state %d (choose it in (c)); PC1 → red, PC2 → green, PC3 → blue: %.0f%% + %.0f%% + %.0f%% of the variance"),
      hidden, 100.0 * double(v.tok.explained_ratio[0]), 100.0 * double(v.tok.explained_ratio[1]),
      100.0 * double(v.tok.explained_ratio[2]));
  const float side = std::min((width - 10.f) / 2.f, 240.f * ui.ui_scale);
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(side * 2 + 10.f, side));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddImage(input_texture(app, ui).imgui_id(), p, ImVec2(p.x + side, p.y + side));
  dl->AddImage(v.tok_tex.imgui_id(), ImVec2(p.x + side + 10, p.y), ImVec2(p.x + 2 * side + 10, p.y + side));
  ui.probe.token_pca = {p.x + side + 10, p.y, side, side};
  hint(T("insights.tokens.paper"));
}

}  // namespace vitvis

// Analyses > Token norms: the length of every token, with the high-norm outliers (Darcet et al.).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/analyses_tabs.h"
#include "ui/labels.h"
#include "ui/probe.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"

namespace vitvis {

void prepare_norms(const App& app, UiState& ui) {
  InsightsView& v = ui.insights;
  const int hidden = std::clamp(app.sel.hidden, 0, app.shown->result.spec().layers);
  if (!v.norms_key.changed(shown_generation(app), hidden)) return;
  v.norms = token_norms(app.shown->result, hidden);
  v.computed++;
}

void draw_norms(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  if (!computed_for(v.norms_key, shown_generation(app))) return not_ready(ui);
  const ModelSpec& s = app.shown->result.spec();
  const int n = s.num_tokens();
  explain(T("insights.norms.body"));
  const int hidden = std::get<1>(*v.norms_key.key());  // the hidden state the bars are of
  const float h = 160.f * ui.ui_scale;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("norms", ImVec2(width, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The top of the plot: the longest token, or the threshold when every token stays under it (its line
  // then shows that, inside the plot: it was drawn over the text above).
  const float longest = *std::max_element(v.norms.norm.begin(), v.norms.norm.end());
  const bool line = v.norms.threshold > 0 && v.norms.threshold < longest * 1.5f;
  const float mx = std::max(1e-6f, line ? std::max(longest, v.norms.threshold * 1.05f) : longest);
  const float bw = width / float(n);
  int flagged = 0;
  for (int t = 0; t < n; ++t) {
    const float bh = h * v.norms.norm[size_t(t)] / mx;
    const ImU32 col = s.is_prefix(t)            ? IM_COL32(150, 150, 160, 255)
                      : v.norms.high[size_t(t)] ? IM_COL32(240, 80, 70, 255)
                                                : IM_COL32(90, 170, 240, 255);
    dl->AddRectFilled(ImVec2(p.x + bw * t, p.y + h - bh), ImVec2(p.x + bw * (t + 1) - (bw > 3 ? 1 : 0), p.y + h), col);
    flagged += v.norms.high[size_t(t)];
  }
  const float th = h - h * v.norms.threshold / mx;
  ui.probe.norms_line = {};
  if (line) {
    dl->AddLine(ImVec2(p.x, p.y + th), ImVec2(p.x + width, p.y + th), IM_COL32(240, 80, 70, 200), 1.f);
    ui.probe.norms_line = {p.x, p.y + th, width, 1.f};
  }
  ui.probe.norms_plot = rect_of(p, ImVec2(p.x + width, p.y + h));
  if (ImGui::IsItemHovered()) {
    const int t = std::clamp(int((ImGui::GetIO().MousePos.x - p.x) / bw), 0, n - 1);
    tip(T("%s: norm %.3f%s"), token_label(s, t).c_str(), double(v.norms.norm[size_t(t)]),
                      v.norms.high[size_t(t)] ? T(" (high-norm outlier)") : "");
    if (ImGui::IsItemClicked()) app.sel.token = t, app.sel.pinned = true;
  }
  wrapped_textf(
      T("Hidden state %d: median %.3f, threshold %.3f (the red line), %d high-norm patch tokens (red bars). Grey: the class token and any other prefix token."),
      hidden, double(v.norms.median), double(v.norms.threshold), flagged);
  hint(T("insights.norms.paper"));
}

}  // namespace vitvis

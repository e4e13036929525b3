// Analyses > Rollout: how much of the class token comes from each patch (Abnar & Zuidema), beside the occlusion map.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/analyses_tabs.h"
#include "ui/probe.h"
#include "ui/tour.h"
#include "ui/ui_state.h"
#include "ui/whatif_panel.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"

namespace vitvis {

void prepare_rollout(const App& app, UiState& ui) {
  InsightsView& v = ui.insights;
  const ModelSpec& s = app.shown->result.spec();
  const int layer = std::clamp(app.sel.layer, 0, s.layers - 1);
  if (v.rollout_key.changed(shown_generation(app), v.fusion, v.discard, layer)) {
    RolloutOptions o;
    o.fusion = HeadFusion(v.fusion);
    o.discard_ratio = v.discard;
    v.rollout_map = rollout_cls_map(s, attention_rollout(app.shown->result, layer, o));
    v.rollout_tex.upload(s.grid(), s.grid(), v.rollout_map);
    v.computed++;
  }
  occlusion_map(app, ui);  // the map beside it, when its sweep has finished
}

void draw_rollout(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  if (!computed_for(v.rollout_key, shown_generation(app))) return not_ready(ui);
  const ModelSpec& s = app.shown->result.spec();
  explain(T("insights.rollout.body"));
  const char* fusions[3] = {T("mean"), T("max"), T("min")};
  ImGui::SetNextItemWidth(110.f * ui.ui_scale);
  ImGui::Combo(T("head fusion"), &v.fusion, fusions, 3);
  const float slider = 140.f * ui.ui_scale;  // beside the combo where it fits with its label (not on a phone)
  if (fits_width_on_line(slider + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(T("discard")).x))
    ImGui::SameLine();
  ImGui::SetNextItemWidth(slider);
  ImGui::SliderFloat(T("discard"), &v.discard, 0.f, 0.95f, "%.2f");
  drag_zone(ui);
  ui.probe.rollout_discard = last_item_rect();  // (with its label)
  if (ImGui::IsItemHovered())
    describe(T("Fraction of the smallest attention weights dropped before multiplying (0 = keep all)."));
  const int layer = std::clamp(app.sel.layer, 0, s.layers - 1);
  // Beside it (below, when the window is narrow), the occlusion map (#19): what the decision rests on.
  const float gap = 16.f * ui.ui_scale;
  const bool two = width >= 2.f * 220.f * ui.ui_scale + gap;
  const float side =
      two ? std::min((width - gap) / 2.f, 300.f * ui.ui_scale) : std::min(width * 0.6f, 300.f * ui.ui_scale);
  tour_scroll_here(ui, kTourRollout);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
  if (layer == 0)  // ("layers 1 … 1" read oddly)
    wrapped_text(ui.coarse ? T("Class token after layer 1 (choose the layer in (b)):")
                           : T("Class token after layer 1 (choose the layer in (b) or with Page Up/Down):"));
  else
    wrapped_textf(ui.coarse ? T("Class token after layers 1 … %d (choose the layer in (b)):")
                            : T("Class token after layers 1 … %d (choose the layer in (b) or with Page Up/Down):"),
                  layer + 1);
  ImGui::PopTextWrapPos();
  const ValueScale sc = sequential_scale(v.rollout_map);
  map_over_image(app, ui, v.rollout_tex, sc, side, 0.65f);
  ui.probe.rollout_map = last_item_rect();
  if (ImGui::IsItemHovered()) {
    const Rect r = ui.probe.rollout_map;
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int g = s.grid(), c = std::clamp(int((m.x - r.x) / r.w * g), 0, g - 1),
              rr = std::clamp(int((m.y - r.y) / r.h * g), 0, g - 1);
    tip(T("patch (%d, %d): rollout weight %.4f"), rr + 1, c + 1, double(v.rollout_map[size_t(rr * g + c)]));
  }
  draw_legend(ui.seq_map, sc, std::min(side, 260.f * ui.ui_scale), T("share of the class token's information"));
  ImGui::EndGroup();
  if (two) ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
  wrapped_text(T("Occlusion: the drop of the class's probability when each patch is hidden:"));
  ImGui::PopTextWrapPos();
  draw_occlusion_picture(app, ui, side);
  ImGui::EndGroup();
  explain(T("insights.occlusion.body"));
  hint(T("insights.rollout.paper"));
}

}  // namespace vitvis

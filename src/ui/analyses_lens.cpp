// Analyses > Logit lens: the class token read out after every layer with the final head.
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
#include "ui/theme.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"

namespace vitvis {

void prepare_logit_lens(const App& app, UiState& ui) {
  InsightsView& v = ui.insights;
  if (!v.lens_key.changed(shown_generation(app))) return;
  v.lens = logit_lens(app.shown->result, 3);
  v.computed++;
}

void draw_logit_lens(App& app, UiState& ui, float) {
  InsightsView& v = ui.insights;
  if (!computed_for(v.lens_key, shown_generation(app))) return not_ready(ui);
  const ModelSpec& s = app.shown->result.spec();
  explain(T("insights.lens.body"));
  ui.probe.lens_cells.clear();
  // Your own head (#20) reads the earlier layers only through the model's final LayerNorm, which older
  // exports do not give: then only the last layer's row is known.
  const ModelSpec& ls = app.shown->result.spec();
  const bool partial = ls.custom_head && !ls.has_final_norm;
  if (partial) hint(T("own.lens.needs_norm"));
  // In colour: the class highlighted in (d), else the model's answer (the last row's first), so that
  // where the answer first appears can be seen without hovering anything.
  const int mark = app.sel.cls >= 0                          ? app.sel.cls
                   : v.lens.empty() || v.lens.back().empty() ? -1
                                                             : v.lens.back()[0].index;
  ui.probe.lens_marked = 0;
  if (ImGui::BeginTable("lens", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableSetupColumn(T("read after"));
    ImGui::TableSetupColumn(T("1st"));
    ImGui::TableSetupColumn(T("2nd"));
    ImGui::TableSetupColumn(T("3rd"));
    ImGui::TableHeadersRow();
    for (size_t l = partial ? v.lens.size() - 1 : 0; l < v.lens.size(); ++l) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (l == 0)
        ImGui::TextUnformatted(T("embedding"));
      else
        ImGui::Text(T("layer %d"), int(l));
      for (const ClassScore& c : v.lens[l]) {
        ImGui::TableNextColumn();
        const bool hl = c.index == mark;
        ui.probe.lens_marked += hl;
        if (hl) ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Mark));
        // The name shortened to what the column leaves beside the percentage (the tooltip has it whole).
        const std::string name = class_label(s, c.index);
        char pct[24];
        std::snprintf(pct, sizeof pct, " %.1f%%", 100.0 * double(c.probability));
        const float room = ImGui::GetContentRegionAvail().x;
        const std::string shown = fitted(name, room - ImGui::CalcTextSize(pct).x);
        ImGui::BeginGroup();
        if (shown == name) {
          ImGui::Text("%s%s", shown.c_str(), pct);
        } else {  // a narrow column (a phone): the name on its own line, the percentage under it
          ImGui::TextUnformatted(fitted(name, room).c_str());
          ImGui::TextUnformatted(pct + 1);
        }
        ImGui::EndGroup();
        ui.probe.lens_cells.push_back(
            {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectSize().x, room});
        if (hl) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
          tip(T("%s\nlogit %.3f, probability %.5f"), name.c_str(), double(c.logit),
                            double(c.probability));
      }
    }
    ImGui::EndTable();
  }
  ui.probe.lens_table = last_item_rect();
  if (mark >= 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Mark));
    if (app.sel.cls >= 0)
      wrapped_textf(T("In colour: %s, the class highlighted in (d)."), class_label(s, mark));
    else
      wrapped_textf(ui.coarse ? T("In colour: %s, the model's answer (tap a class in (d) to follow another).")
                              : T("In colour: %s, the model's answer (hover a class in (d) to follow another)."),
                    class_label(s, mark));
    ImGui::PopStyleColor();
  }
  hint(T("insights.lens.paper"));
}

}  // namespace vitvis

// The model card: what the loaded ViT is, read from its metadata and graph (nothing hard-coded).
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/analyses.h"
#include "ui/model_card.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"

namespace vitvis {

void draw_model_card(App& app, UiState& ui) {
  if (!app.model) {
    ImGui::TextDisabled("%s", T("No model loaded yet."));
    return;
  }
  const ModelSpec& s = app.model->spec;
  wrapped_text(s.name.c_str());
  if (!s.description.empty()) hint(model_description(app.model->entry.id, s.description));
  const char* const names[] = {T("input"), T("patch grid"), T("tokens N"),     T("layers L"),
                               T("heads"), T("dim D"),      T("classes K"),    T("parameters"),
                               T("file"),  T("accuracy"),   T("head patterns")};
  float names_w = 0.f;
  for (const char* n : names) names_w = std::max(names_w, ImGui::CalcTextSize(n).x);
  if (ImGui::BeginTable("card", 2)) {
    ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, names_w + 8.f);
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
    auto row = [](const char* k, const char* fmt, auto... v) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", k);
      ImGui::TableNextColumn();
      wrapped_textf(fmt, v...);
    };
    row(names[0], "%d x %d x %d", s.channels, s.image_size, s.image_size);
    row(names[1], T("%d x %d patches of %d px"), s.grid(), s.grid(), s.patch_size);
    row(names[2], T("%d (%d prefix + %d patches)"), s.num_tokens(), s.prefix_tokens, s.num_patches());
    row(names[3], "%d", s.layers);
    row(names[4], "%d (d_head = %d)", s.heads, s.head_dim());
    row(names[5], "%d", s.dim);
    row(names[6], "%d", s.num_classes);
    if (s.parameters > 0) row(names[7], "%.3g M (%lld)", double(s.parameters) / 1e6, (long long)s.parameters);
    row(names[8], "%.2f MB", app.model->file_bytes / 1e6);
    if (!s.accuracy.empty()) row(names[9], "%s", s.accuracy.c_str());
    ui.probe.card_survey = ui.probe.card_richest = {};
    if (const std::string pats = survey_text(app); !pats.empty()) {
      row(names[10], "%s", pats.c_str());
      ui.probe.card_patterns = last_item_rect();
      ui.probe.card_richest = survey_richest_button(app, "###card_richest", true);
    } else if (const int n = survey_samples(app); n > 0) {
      // Not counted yet: counted here as in Analyses -> Head patterns (one run per sample).
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", names[10]);
      ImGui::TableNextColumn();
      const PatternSurvey& v = app.model->survey;
      if (v.running) {
        ImGui::TextDisabled(T("running sample %d of %d…"), std::min(v.images + 1, n), n);
      } else {
        ui.probe.card_survey = survey_start_button(
            app, "###card_survey", true,
            T("Runs the model once on each of its samples and counts its heads' attention patterns (vertical, diagonal, block, heterogeneous: see Analyses -> Head patterns)."));
      }
    }
    ImGui::EndTable();
  }
  if (!s.source.empty() && ImGui::TreeNode(T("Source, licence, training###source"))) {
    wrapped_textf(T("Source: %s"), s.source.c_str());
    if (!s.license.empty()) wrapped_textf(T("Licence: %s"), s.license.c_str());
    if (!s.training.empty()) wrapped_textf(T("Training: %s"), s.training.c_str());
    ImGui::TreePop();
  }
}

}  // namespace vitvis

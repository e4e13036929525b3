// Module (d), first part: the top predictions with their probabilities.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "ui/views.h"

namespace vitvis {

void draw_classify_panel(App& app, UiState& ui, Rect area) {
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::Begin("(d) Classification", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  ui.layout.top_rows.clear();
  if (!app.result) {
    ImGui::TextDisabled(app.busy ? "Running the model…" : "No prediction yet.");
    ImGui::End();
    return;
  }
  const InferenceResult& r = *app.result;
  const ModelSpec& spec = r.spec();
  ImGui::TextWrapped("The class token's final vector goes through the head: logits = W·cls + b, then softmax turns logits into probabilities.");
  ImGui::Spacing();
  const int k = std::min(5, spec.num_classes);
  const float label_w = std::min(ImGui::GetContentRegionAvail().x * 0.42f, 170.f * ui.ui_scale);
  for (const ClassScore& c : r.top_k(k)) {
    ImGui::PushID(c.index);
    ImVec2 p = ImGui::GetCursorScreenPos();
    const std::string& label = spec.labels[size_t(c.index)];
    bool truth = app.model && app.sel.image >= 0 && app.sel.image < int(app.model->samples.size()) &&
                 app.model->samples[size_t(app.sel.image)]->label == c.index;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label.c_str());
    if (truth) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.5f, 0.9f, 0.5f, 1.f), "✓");
    }
    ImGui::SameLine(label_w);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f %%", 100.0 * c.probability);
    ImGui::ProgressBar(c.probability, ImVec2(-1, 0), buf);
    if (ImGui::IsItemHovered()) {
      app.sel.cls = c.index;
      ImGui::SetTooltip("%s\nlogit = %.6f\nprobability = %.6f", label.c_str(), c.logit, c.probability);
    }
    ImVec2 q = ImGui::GetItemRectMax();
    ui.layout.top_rows.push_back({p.x, p.y, q.x - p.x, q.y - p.y});
    ImGui::PopID();
  }
  if (app.model && app.sel.image >= 0 && app.sel.image < int(app.model->samples.size())) {
    const Sample& s = *app.model->samples[size_t(app.sel.image)];
    ImGui::Spacing();
    ImGui::TextDisabled("True class of this sample: %s", s.name.c_str());
  }
  ImGui::End();
}

}  // namespace vitvis

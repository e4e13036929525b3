// The top bar: model picker (with download progress), copy link, UI scale, tour, analyses, language,
// Save, View and the shortcut sheet.
#include <imgui.h>

#include <cstdio>

#include "ui/views.h"

namespace vitvis {

void draw_top_bar(App& app, UiState& ui, Rect area) {
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::Begin("##top", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImVec4(0.55f, 0.8f, 1.f, 1.f), "ViT-VIS");
  ImGui::SameLine();
  ImGui::TextDisabled("%s", T("how a Vision Transformer classifies an image"));
  ImGui::SameLine();
  ImGui::TextDisabled("|  %s", T("model:"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(220.f * ui.ui_scale);
  ImVec2 p = ImGui::GetCursorScreenPos();
  const char* current = app.model ? app.model->entry.name.c_str() : T("(loading…)");
  ui.probe.model_items.clear();
  ui.probe.lang_items.clear();
  if (ImGui::BeginCombo("##model", current)) {
    for (size_t i = 0; i < app.models.size(); ++i) {
      bool sel = app.model && app.model->entry.id == app.models[i].id;
      if (ImGui::Selectable(app.models[i].name.c_str(), sel) && !sel) load_model(app, int(i));
      ui.probe.model_items.push_back(last_item_rect());
    }
    ImGui::Separator();
    if (ImGui::Selectable(T("From Hugging Face…###hub"))) ui.hub_open = true;
    ui.probe.model_items.push_back(last_item_rect());
    ImGui::EndCombo();
  }
  ImVec2 q = ImGui::GetItemRectMax();
  ui.probe.model_combo = {p.x, p.y, q.x - p.x, q.y - p.y};
  if (app.pending_model >= 0) {
    ImGui::SameLine();
    char buf[64];
    if (app.load_total > 0)
      std::snprintf(buf, sizeof buf, "%.1f / %.1f MB", app.load_received / 1e6, app.load_total / 1e6);
    else
      std::snprintf(buf, sizeof buf, "%.1f MB", app.load_received / 1e6);
    ImGui::SetNextItemWidth(200.f * ui.ui_scale);
    ImGui::ProgressBar(app.load_total > 0 ? float(app.load_received / app.load_total) : 0.f,
                       ImVec2(200.f * ui.ui_scale, 0), buf);
    if (app.loading_fetch) {
      ImGui::SameLine();
      if (ImGui::SmallButton(T("Cancel###cancelload"))) cancel_loading(app);
      ui.probe.cancel_load = last_item_rect();
    }
  }
  if (!app.loading_fetch) ui.probe.cancel_load = {};
  ImGui::SameLine();
  if (ImGui::SmallButton(T("copy link###copylink"))) ui.effects.copy_link = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", T("The address bar always holds this view (model, image, layer, head, patch, class)."));
  ui.probe.copy_link = last_item_rect();
  ImGui::SameLine();
  ImGui::TextDisabled("|  %s", T("UI scale"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110.f * ui.ui_scale);
  float scale = ui.ui_scale;
  if (ImGui::SliderFloat("##scale", &scale, 0.75f, 2.0f, "%.2fx")) ui.ui_scale = scale;
  ImGui::SameLine();
  if (ImGui::SmallButton(ui.tour_step > 0 && !ui.tour_open && ui.tour_step < kTourSteps ? T("Resume tour") : T("Tour")))
    start_tour(app, ui);
  ui.probe.tour_button = last_item_rect();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("A guided walk from pixels to prediction."));
  ImGui::SameLine();
  if (ImGui::SmallButton(T("Analyses"))) ui.show_insights = !ui.show_insights;
  ui.probe.insights_button = last_item_rect();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90.f * ui.ui_scale);
  Languages& lang = ui.languages;
  if (ImGui::BeginCombo("##lang", lang.names[size_t(lang.current)].c_str())) {
    for (size_t i = 0; i < lang.codes.size(); ++i) {
      if (ImGui::Selectable(lang.names[i].c_str(), int(i) == lang.current)) set_language(lang, lang.codes[i]);
      ui.probe.lang_items.push_back(last_item_rect());
    }
    ImGui::EndCombo();
  }
  ui.probe.lang_combo = last_item_rect();
  ImGui::SameLine();
  if (ImGui::SmallButton(T("Save ▾###save"))) ImGui::OpenPopup("save");
  ui.probe.save_button = last_item_rect();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s",
                      T("Save a module as a picture, or its numbers as CSV / JSON\n(also: right-click a module)."));
  if (ImGui::BeginPopup("save")) {
    draw_save_items(app, ui, -1);
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(T("View ▾###view"))) ImGui::OpenPopup("view");
  ui.probe.view_button = last_item_rect();
  ui.probe.view_items.clear();
  if (ImGui::BeginPopup("view")) {
    ImGui::TextDisabled("%s", T("Theme"));
    if (ImGui::RadioButton(T("Dark###dark"), ui.theme == 0)) ui.theme = 0;
    ui.probe.view_items.push_back(last_item_rect());
    if (ImGui::RadioButton(T("High contrast (projector)###contrast"), ui.theme == 1)) ui.theme = 1;
    ui.probe.view_items.push_back(last_item_rect());
    ImGui::TextDisabled("%s", T("Colour map for weights and probabilities"));
    if (ImGui::RadioButton("viridis", ui.seq_map == ColorMap::Viridis)) ui.seq_map = ColorMap::Viridis;
    ui.probe.view_items.push_back(last_item_rect());
    if (ImGui::RadioButton(T("cividis (optimised for colour-vision deficiency)###cividis"),
                           ui.seq_map == ColorMap::Cividis))
      ui.seq_map = ColorMap::Cividis;
    ui.probe.view_items.push_back(last_item_rect());
    hint(T("Both are readable with red-green colour blindness and in greyscale; signed values use blue-white-red."));
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(" ? ")) ui.show_help = !ui.show_help;
  ui.probe.help_button = last_item_rect();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("Keyboard shortcuts (or press ?)"));
  ImGui::End();
}

}  // namespace vitvis

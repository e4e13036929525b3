// The model card: what the loaded ViT is, read from its metadata and graph (nothing hard-coded).
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "platform/browser.h"
#include "ui/views.h"

namespace vitvis {

void draw_model_card(App& app, UiState& ui) {
  (void)ui;
  if (!app.model) {
    ImGui::TextDisabled("%s", T("No model loaded yet."));
    return;
  }
  const ModelSpec& s = app.model->spec;
  ImGui::TextWrapped("%s", s.name.c_str());
  if (!s.description.empty()) hint(s.description.c_str());
  const char* const names[] = {T("input"),     T("patch grid"), T("tokens N"),   T("layers L"), T("heads"),
                               T("dim D"),     T("classes K"),  T("parameters"), T("file"),     T("accuracy")};
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
      ImGui::TextWrapped(fmt, v...);
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
    ImGui::EndTable();
  }
  if (!s.source.empty() && ImGui::TreeNode(T("Source, licence, training###source"))) {
    ImGui::TextWrapped(T("Source: %s"), s.source.c_str());
    if (!s.license.empty()) ImGui::TextWrapped(T("Licence: %s"), s.license.c_str());
    if (!s.training.empty()) ImGui::TextWrapped(T("Training: %s"), s.training.c_str());
    ImGui::TreePop();
  }
}

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
  ui.layout.model_items.clear();
  ui.layout.lang_items.clear();
  if (ImGui::BeginCombo("##model", current)) {
    for (size_t i = 0; i < app.models.size(); ++i) {
      bool sel = app.model && app.model->entry.id == app.models[i].id;
      if (ImGui::Selectable(app.models[i].name.c_str(), sel) && !sel) load_model(app, int(i));
      ui.layout.model_items.push_back(last_item_rect());
    }
    ImGui::EndCombo();
  }
  ImVec2 q = ImGui::GetItemRectMax();
  ui.layout.model_combo = {p.x, p.y, q.x - p.x, q.y - p.y};
  if (app.pending_model >= 0) {
    ImGui::SameLine();
    char buf[64];
    if (app.load_total > 0) std::snprintf(buf, sizeof buf, "%.1f / %.1f MB", app.load_received / 1e6, app.load_total / 1e6);
    else std::snprintf(buf, sizeof buf, "%.1f MB", app.load_received / 1e6);
    ImGui::SetNextItemWidth(200.f * ui.ui_scale);
    ImGui::ProgressBar(app.load_total > 0 ? float(app.load_received / app.load_total) : 0.f, ImVec2(200.f * ui.ui_scale, 0), buf);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(T("copy link###copylink"))) {
    platform::copy_page_url([&app](bool ok) {
      if (ok) set_info(app, T("Link copied: it opens this exact view."));
      else set_error(app, T("The browser did not allow copying; copy the address bar instead."));
    });
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", T("The address bar always holds this view (model, image, layer, head, patch, class)."));
  ui.layout.copy_link = last_item_rect();
  ImGui::SameLine();
  ImGui::TextDisabled("|  %s", T("UI scale"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110.f * ui.ui_scale);
  float scale = ui.ui_scale;
  if (ImGui::SliderFloat("##scale", &scale, 0.75f, 2.0f, "%.2fx")) ui.ui_scale = scale;
  ImGui::SameLine();
  if (ImGui::SmallButton(ui.tour_step > 0 && !ui.tour_open && ui.tour_step < kTourSteps ? T("Resume tour") : T("Tour")))
    start_tour(app, ui);
  ui.layout.tour_button = last_item_rect();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("A guided walk from pixels to prediction."));
  ImGui::SameLine();
  if (ImGui::SmallButton(T("Analyses"))) ui.show_insights = !ui.show_insights;
  ui.layout.insights_button = last_item_rect();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90.f * ui.ui_scale);
  Languages& lang = ui.languages;
  if (ImGui::BeginCombo("##lang", lang.names[size_t(lang.current)].c_str())) {
    for (size_t i = 0; i < lang.codes.size(); ++i) {
      if (ImGui::Selectable(lang.names[i].c_str(), int(i) == lang.current)) set_language(lang, lang.codes[i]);
      ui.layout.lang_items.push_back(last_item_rect());
    }
    ImGui::EndCombo();
  }
  ui.layout.lang_combo = last_item_rect();
  ImGui::SameLine();
  if (ImGui::SmallButton(T("Save ▾###save"))) ImGui::OpenPopup("save");
  ui.layout.save_button = last_item_rect();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", T("Save a module as a picture, or its numbers as CSV / JSON\n(also: right-click a module)."));
  if (ImGui::BeginPopup("save")) {
    draw_save_items(app, ui, -1);
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(T("View ▾###view"))) ImGui::OpenPopup("view");
  ui.layout.view_button = last_item_rect();
  ui.layout.view_items.clear();
  if (ImGui::BeginPopup("view")) {
    ImGui::TextDisabled("%s", T("Theme"));
    if (ImGui::RadioButton(T("Dark###dark"), ui.theme == 0)) ui.theme = 0;
    ui.layout.view_items.push_back(last_item_rect());
    if (ImGui::RadioButton(T("High contrast (projector)###contrast"), ui.theme == 1)) ui.theme = 1;
    ui.layout.view_items.push_back(last_item_rect());
    ImGui::TextDisabled("%s", T("Colour map for weights and probabilities"));
    if (ImGui::RadioButton("viridis", ui.seq_map == ColorMap::Viridis)) ui.seq_map = ColorMap::Viridis;
    ui.layout.view_items.push_back(last_item_rect());
    if (ImGui::RadioButton(T("cividis (optimised for colour-vision deficiency)###cividis"), ui.seq_map == ColorMap::Cividis))
      ui.seq_map = ColorMap::Cividis;
    ui.layout.view_items.push_back(last_item_rect());
    hint(T("Both are readable with red-green colour blindness and in greyscale; signed values use blue-white-red."));
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(" ? ")) ui.show_help = !ui.show_help;
  ui.layout.help_button = last_item_rect();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("Keyboard shortcuts (or press ?)"));
  ImGui::End();
}

void draw_status_bar(App& app, UiState& ui, Rect area) {
  (void)ui;
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::Begin("##status", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  if (app.status.error) ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "⚠ %s", app.status.text.c_str());
  else if (!app.status.text.empty()) ImGui::TextUnformatted(app.status.text.c_str());
  if (app.result) {
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20.f, area.w - 330.f * ui.ui_scale));
    ImGui::TextDisabled(T("inference %.0f ms (ORT %.0f ms) · %s"), app.timings.roundtrip_ms, app.timings.ort_ms,
                        app.busy ? T("running…") : T("ready"));
  }
  ImGui::End();
}

}  // namespace vitvis

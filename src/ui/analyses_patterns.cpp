// Analyses > Head patterns: every head classified as vertical, diagonal, block or heterogeneous (Kovaleva et al.), on
// the shown image and, in a survey, on all the samples.
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

const char* pattern_symbol(AttentionPattern p) {
  switch (p) {
    case AttentionPattern::Vertical: return "│";
    case AttentionPattern::Diagonal: return "╲";
    case AttentionPattern::VerticalDiagonal: return "│╲";
    case AttentionPattern::Block: return "▦";
    default: return "∿";
  }
}

const char* pattern_label(AttentionPattern p) {
  switch (p) {
    case AttentionPattern::Vertical: return T("vertical");
    case AttentionPattern::Diagonal: return T("diagonal");
    case AttentionPattern::VerticalDiagonal: return T("vertical + diagonal");
    case AttentionPattern::Block: return T("block");
    default: return T("heterogeneous");
  }
}

const char* pattern_short_label(AttentionPattern p) {
  switch (p) {
    case AttentionPattern::Vertical: return T("vertical");
    case AttentionPattern::Diagonal: return T("diagonal");
    case AttentionPattern::VerticalDiagonal: return T("vert.+diag.");
    case AttentionPattern::Block: return T("block");
    default: return T("mixed");
  }
}

namespace {

// The counts above for the shown image; these over all the model's samples, one run each (#16).
void draw_pattern_survey(App& app, UiState& ui) {
  const PatternSurvey& v = app.model->survey;
  const int n = survey_samples(app);
  ui.probe.survey_button = ui.probe.survey_cancel = {};
  if (n == 0) return;
  ImGui::Spacing();
  if (v.running) {
    char b[96];
    std::snprintf(b, sizeof b, T("running sample %d of %d…"), std::min(v.images + 1, n), n);
    const float cancel_w = ImGui::CalcTextSize(T("Cancel###survey_cancel")).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::ProgressBar(float(v.images) / float(n),
                       ImVec2(std::max(80.f, ImGui::GetContentRegionAvail().x - cancel_w - 8.f), 0), b);
    ImGui::SameLine();
    if (ImGui::Button(T("Cancel###survey_cancel"))) cancel_pattern_survey(app);
    ui.probe.survey_cancel = last_item_rect();
    return;
  }
  if (v.done()) wrapped_textf(T("On all the model's samples: %s"), survey_text(app).c_str());
  ui.probe.survey_richest = survey_richest_button(app, "###survey_richest", false);
  ui.probe.survey_button = survey_start_button(
      app, "###survey", false,
      T("Runs the model once on each of its samples and classifies every head of every layer, as above. The model card shows the result."));
}

}  // namespace

Rect survey_start_button(App& app, const char* id, bool small, const char* tooltip) {
  char label[128];
  std::snprintf(label, sizeof label, T("Count them on all %d samples"), survey_samples(app));
  const std::string text = std::string(label) + id;
  if (small ? ImGui::SmallButton(text.c_str()) : ImGui::Button(text.c_str())) start_pattern_survey(app);
  const Rect r = last_item_rect();
  if (ImGui::IsItemHovered()) wrapped_tooltip(tooltip);
  return r;
}

Rect survey_richest_button(App& app, const char* id, bool small) {
  const PatternSurvey& v = app.model->survey;
  if (!v.done() || v.richest < 0 || v.richest >= int(app.model->samples.size())) return {};
  const ModelSpec& s = app.model->spec;
  wrapped_textf(T("Most patterns: %s, %d of its %d head maps."),
                class_name(app.model->samples[size_t(v.richest)]->name), v.richest_maps, s.layers * s.heads);
  const bool shown = app.shown && app.shown->image == v.richest;
  ImGui::BeginDisabled(shown);
  const std::string text = std::string(shown ? T("shown") : T("Open it")) + id;
  if (small ? ImGui::SmallButton(text.c_str()) : ImGui::Button(text.c_str())) select_image(app, v.richest);
  ImGui::EndDisabled();
  const Rect r = last_item_rect();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    describe(T(
        "Of all the samples, this one has the most heads that are vertical, diagonal or block: name the pattern of each of its heads (Analyses -> Head patterns, or the thumbnails in (b))."));
  return r;
}

std::string survey_text(const App& app) {
  if (!app.model || !app.model->survey.done()) return {};
  const PatternSurvey& v = app.model->survey;
  const ModelSpec& s = app.model->spec;
  std::string list;
  for (int c = 0; c < int(v.counts.size()); ++c) {
    if (v.counts[size_t(c)] == 0) continue;
    if (!list.empty()) list += T(", ");  // (a list's separator: "，" in Chinese)
    list += pattern_label(AttentionPattern(c)) + std::string(" ") + std::to_string(v.counts[size_t(c)]);
  }
  char head[160];
  std::snprintf(head, sizeof head, T("%d head maps (%d samples x %d layers x %d heads)"), v.images * s.layers * s.heads,
                v.images, s.layers, s.heads);
  return std::string(head) + ": " + list;
}

void draw_patterns(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  if (!computed_for(v.patterns_key, shown_generation(app)) ||
      std::count(v.patterns_done.begin(), v.patterns_done.end(), 0) > 0)
    return not_ready(ui);
  const ModelSpec& s = app.shown->result.spec();
  explain(T("insights.patterns.body"));
  const auto& pats = v.patterns;
  const float cell = std::clamp((width - 70.f) / float(s.heads), 18.f, 56.f * ui.ui_scale);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 colours[5] = {IM_COL32(230, 120, 60, 255), IM_COL32(80, 170, 240, 255), IM_COL32(190, 110, 220, 255),
                            IM_COL32(90, 200, 120, 255), IM_COL32(120, 120, 130, 255)};
  ImGui::TextDisabled("%s", T("rows: layers, columns: heads"));
  for (int l = 0; l < s.layers; ++l) {
    ImGui::Text(T("layer %d"), l + 1);
    ImGui::SameLine(70.f * ui.ui_scale);
    for (int h = 0; h < s.heads; ++h) {
      if (h) ImGui::SameLine(0, 2);
      const PatternScores& p = pats[size_t(l * s.heads + h)];
      ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + cell, a.y + cell * 0.7f);
      ImGui::PushID(l * 1000 + h);
      if (ImGui::InvisibleButton("cell", ImVec2(cell, cell * 0.7f))) app.sel.layer = l, app.sel.head = h;
      dl->AddRectFilled(a, b, colours[int(p.pattern)], 3.f);
      if (app.sel.layer == l && app.sel.head == h) dl->AddRect(a, b, IM_COL32(255, 255, 255, 255), 3.f, 0, 2.f);
      const char* sym = pattern_symbol(p.pattern);
      const ImVec2 ts = ImGui::CalcTextSize(sym);
      dl->AddText(ImVec2(a.x + (cell - ts.x) / 2, a.y + (cell * 0.7f - ts.y) / 2), IM_COL32(255, 255, 255, 255), sym);
      if (ImGui::IsItemHovered())
        tip(
            T("Layer %d, head %d: %s\nvertical score %.2f (≥ 0.5)\ndiagonal score %.2f (≥ 0.5)\nblock score %.2f (≥ 0.5)\nboth vertical and diagonal ≥ 0.3: vertical + diagonal\nclick: show this head in (b)"),
            l + 1, h + 1, pattern_label(p.pattern), double(p.vertical), double(p.diagonal), double(p.block));
      ui.probe.pattern_cells.push_back(rect_of(a, b));
      ImGui::PopID();
    }
  }
  int count[5] = {};
  for (auto& p : pats) count[int(p.pattern)]++;
  // The key: three to a line (the block and mixed counts together on the second), fewer where narrow.
  for (int c = 0; c < 5; ++c) {
    char key[128];
    std::snprintf(key, sizeof key, "%s %s: %d", pattern_symbol(AttentionPattern(c)), pattern_label(AttentionPattern(c)),
                  count[c]);
    if (c % 3 != 0 && fits_on_line(key, 14.f)) ImGui::SameLine(0, 14);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colours[c]), "%s", key);
  }
  // Mostly "heterogeneous" (the bundled small models): say what that means, and where the shapes are.
  ui.probe.patterns_note = {};
  const int mixed = count[int(AttentionPattern::Heterogeneous)], heads = int(pats.size());
  if (heads > 0 && 4 * mixed >= 3 * heads) {
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Mark));
    char note[768];
    std::snprintf(note, sizeof note, T("insights.patterns.mixed"), mixed, heads, s.grid(), s.grid());
    explain(note);
    ImGui::PopStyleColor();
    ui.probe.patterns_note = last_item_rect();
  }
  draw_pattern_survey(app, ui);
  hint(T("insights.patterns.paper"));
}

void prepare_layer_patterns(const App& app, UiState& ui, int first, int last) {
  InsightsView& v = ui.insights;
  const InferenceResult& r = app.shown->result;
  const ModelSpec& s = r.spec();
  if (v.patterns_key.changed(shown_generation(app))) {
    v.patterns.assign(size_t(s.layers * s.heads), PatternScores{});
    v.patterns_done.assign(size_t(s.layers), 0);
    v.patterns_generation = shown_generation(app);
  }
  for (int l = std::max(first, 0); l <= std::min(last, s.layers - 1); ++l) {
    if (v.patterns_done[size_t(l)]) continue;
    const std::vector<PatternScores> heads = classify_layer_heads(r, l);
    std::copy(heads.begin(), heads.end(), v.patterns.begin() + l * s.heads);
    v.patterns_done[size_t(l)] = 1;
    v.computed++;
  }
}

void prepare_patterns(const App& app, UiState& ui) {
  prepare_layer_patterns(app, ui, 0, app.shown->result.spec().layers - 1);
}

std::span<const PatternScores> head_patterns(const App& app, const UiState& ui, int layer) {
  const InsightsView& v = ui.insights;
  if (!app.shown || !computed_for(v.patterns_key, shown_generation(app)) || layer < 0 ||
      layer >= int(v.patterns_done.size()) || !v.patterns_done[size_t(layer)])
    return {};
  const int heads = app.shown->result.spec().heads;
  return std::span<const PatternScores>(v.patterns).subspan(size_t(layer * heads), size_t(heads));
}

}  // namespace vitvis

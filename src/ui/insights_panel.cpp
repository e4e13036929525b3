// The analyses window (#5): eight views that make attention and representations understandable, each
// computed in src/core/insights.cpp and explained in words. Cached per inference and parameters.
// [SECTION] cache  [SECTION] the eight tabs  [SECTION] window
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/views.h"

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

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] cache
// ---------------------------------------------------------------------------------------------

int gen(const App& app) { return app.shown->generation; }

// Pattern scores per head, computed a layer at a time when first asked for: the head thumbnails in
// (b) need one layer's (a ViT-B/16 has 144 heads; all of them cost ~100 ms per inference in wasm),
// the Analyses grid needs them all.
const std::vector<PatternScores>& layer_patterns(const App& app, InsightsView& v, int first, int last) {
  const InferenceResult& r = app.shown->result;
  const ModelSpec& s = r.spec();
  if (v.patterns_key.changed(gen(app))) {
    v.patterns.assign(size_t(s.layers * s.heads), PatternScores{});
    v.patterns_done.assign(size_t(s.layers), 0);
    v.patterns_generation = gen(app);
  }
  for (int l = std::max(first, 0); l <= std::min(last, s.layers - 1); ++l) {
    if (v.patterns_done[size_t(l)]) continue;
    const std::vector<PatternScores> heads = classify_layer_heads(r, l);
    std::copy(heads.begin(), heads.end(), v.patterns.begin() + l * s.heads);
    v.patterns_done[size_t(l)] = 1;
  }
  return v.patterns;
}
const std::vector<PatternScores>& all_patterns(const App& app, InsightsView& v) {
  return layer_patterns(app, v, 0, app.shown->result.spec().layers - 1);
}

// An image the size of the input with a [grid, grid] map over it.
void map_over_image(const App& app, UiState& ui, const FloatTexture& tex, const ValueScale& sc, float side,
                    float alpha) {
  ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
  ImGui::Dummy(ImVec2(side, side));
  ImGui::GetWindowDrawList()->AddImage(input_texture(app, ui).imgui_id(), p, q);
  draw_heatmap(tex, p, q, ui.seq_map, sc, alpha);
  ImGui::GetWindowDrawList()->AddRect(p, q, IM_COL32(150, 150, 160, 200));
}

void paper(const char* ref) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped_text(ref);
  ImGui::PopStyleColor();
}

void explain(const char* text) { wrapped_text(text); }

// ---------------------------------------------------------------------------------------------
// [SECTION] the eight tabs
// ---------------------------------------------------------------------------------------------

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
    wrapped_tooltip(T(
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

namespace {

void tab_patterns(App& app, UiState& ui, float width) {
  const ModelSpec& s = app.shown->result.spec();
  explain(T("insights.patterns.body"));
  const auto& pats = all_patterns(app, ui.insights);
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
        ImGui::SetTooltip(
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
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.85f, 0.5f, 1.f));
    char note[768];
    std::snprintf(note, sizeof note, T("insights.patterns.mixed"), mixed, heads, s.grid(), s.grid());
    explain(note);
    ImGui::PopStyleColor();
    ui.probe.patterns_note = last_item_rect();
  }
  draw_pattern_survey(app, ui);
  paper(T("insights.patterns.paper"));
}

void tab_rollout(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
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
  ui.probe.rollout_discard = last_item_rect();  // (with its label)
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", T("Fraction of the smallest attention weights dropped before multiplying (0 = keep all)."));
  const int layer = std::clamp(app.sel.layer, 0, s.layers - 1);
  if (v.rollout_key.changed(gen(app), v.fusion, v.discard, layer)) {
    RolloutOptions o;
    o.fusion = HeadFusion(v.fusion);
    o.discard_ratio = v.discard;
    v.rollout_map = rollout_cls_map(s, attention_rollout(app.shown->result, layer, o));
    v.rollout_tex.upload(s.grid(), s.grid(), v.rollout_map);
  }
  // Beside it (below, when the window is narrow), the occlusion map (#19): what the decision rests on.
  const float gap = 16.f * ui.ui_scale;
  const bool two = width >= 2.f * 220.f * ui.ui_scale + gap;
  const float side =
      two ? std::min((width - gap) / 2.f, 300.f * ui.ui_scale) : std::min(width * 0.6f, 300.f * ui.ui_scale);
  tour_scroll_here(ui, kTourRollout);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
  if (layer == 0)  // ("layers 1 … 1" read oddly)
    wrapped_text(T("Class token after layer 1 (choose the layer in (b) or with Page Up/Down):"));
  else
    wrapped_textf(T("Class token after layers 1 … %d (choose the layer in (b) or with Page Up/Down):"), layer + 1);
  ImGui::PopTextWrapPos();
  const ValueScale sc = sequential_scale(v.rollout_map);
  map_over_image(app, ui, v.rollout_tex, sc, side, 0.65f);
  ui.probe.rollout_map = last_item_rect();
  if (ImGui::IsItemHovered()) {
    const Rect r = ui.probe.rollout_map;
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int g = s.grid(), c = std::clamp(int((m.x - r.x) / r.w * g), 0, g - 1),
              rr = std::clamp(int((m.y - r.y) / r.h * g), 0, g - 1);
    ImGui::SetTooltip(T("patch (%d, %d): rollout weight %.4f"), rr, c, double(v.rollout_map[size_t(rr * g + c)]));
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
  paper(T("insights.rollout.paper"));
}

void tab_distance(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  const ModelSpec& s = app.shown->result.spec();
  explain(T("insights.distance.body"));
  if (v.dist_key.changed(gen(app))) {
    v.dist.clear();
    for (int l = 0; l < s.layers; ++l) v.dist.push_back(mean_attention_distance(app.shown->result, l));
  }
  // Scatter: x = layer, y = pixels; one dot per head, coloured by head (the key under it), the selected
  // head ringed.
  // (viridis from a quarter up: its darkest purple vanished on the dark theme's background)
  auto head_colour = [&](int hd) {
    return colormap_abgr(ColorMap::Viridis, 0.25f + 0.75f * float(hd) / float(std::max(1, s.heads - 1)));
  };
  const float h = 220.f * ui.ui_scale, left = 44.f * ui.ui_scale, bottom = 22.f * ui.ui_scale;
  const float maxd = float(s.image_size) * std::sqrt(2.f) * 0.5f;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("plot", ImVec2(width, h + bottom));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pw = width - left - 10.f;
  auto px = [&](int l) { return p.x + left + pw * (float(l) + 0.5f) / float(s.layers); };
  auto py = [&](float d) { return p.y + h - h * std::clamp(d / maxd, 0.f, 1.f); };
  dl->AddLine(ImVec2(p.x + left, p.y), ImVec2(p.x + left, p.y + h), IM_COL32(160, 160, 170, 255));
  dl->AddLine(ImVec2(p.x + left, p.y + h), ImVec2(p.x + width - 10, p.y + h), IM_COL32(160, 160, 170, 255));
  char b[32];
  for (int t = 0; t <= 4; ++t) {
    const float d = maxd * float(t) / 4.f;
    std::snprintf(b, sizeof b, "%.0f", double(d));
    dl->AddText(ImVec2(p.x + 4, py(d) - 7), IM_COL32(170, 170, 180, 255), b);
  }
  const ImVec2 m = ImGui::GetIO().MousePos;
  int hl = -1, hh = -1;
  float best = 8.f;
  for (int l = 0; l < s.layers; ++l) {
    std::snprintf(b, sizeof b, "%d", l + 1);
    dl->AddText(ImVec2(px(l) - 4, p.y + h + 3), IM_COL32(170, 170, 180, 255), b);
    for (int hd = 0; hd < s.heads; ++hd) {
      const float jitter = (float(hd) - float(s.heads - 1) / 2.f) * std::min(4.f, pw / float(s.layers * s.heads + 1));
      const ImVec2 c(px(l) + jitter, py(v.dist[size_t(l)][size_t(hd)]));
      const bool sel = l == app.sel.layer && hd == app.sel.head;
      dl->AddCircleFilled(c, 4.f, head_colour(hd));
      if (sel) dl->AddCircle(c, 7.f, IM_COL32(255, 200, 60, 255), 0, 2.f);
      const float dd = std::hypot(m.x - c.x, m.y - c.y);
      if (dd < best) best = dd, hl = l, hh = hd;
    }
  }
  ui.probe.distance_plot = rect_of(p, ImVec2(p.x + width, p.y + h + bottom));
  if (hl >= 0 && ImGui::IsItemHovered()) {
    ImGui::SetTooltip(T("layer %d, head %d: mean attention distance %.1f px\nclick: show this head in (b)"), hl + 1,
                      hh + 1, double(v.dist[size_t(hl)][size_t(hh)]));
    if (ImGui::IsItemClicked()) app.sel.layer = hl, app.sel.head = hh;
  }
  ImGui::TextDisabled("%s", T("x: layer, y: mean attention distance in pixels (one dot per head)"));
  // Which colour is which head: "head" and the numbered dots, wrapping on a narrow window (12 heads).
  ImGui::TextDisabled("%s", T("colour = head:"));
  const ImVec2 key0 = ImGui::GetItemRectMin();
  float key_right = ImGui::GetItemRectMax().x;
  const float r = 4.f * ui.ui_scale, line = ImGui::GetTextLineHeight();
  for (int hd = 0; hd < s.heads; ++hd) {
    std::snprintf(b, sizeof b, "%d", hd + 1);
    if (fits_width_on_line(2.f * r + 3.f + ImGui::CalcTextSize(b).x)) ImGui::SameLine();
    const ImVec2 q = ImGui::GetCursorScreenPos();
    dl->AddCircleFilled(ImVec2(q.x + r, q.y + line * 0.5f), r, head_colour(hd));
    ImGui::Dummy(ImVec2(2.f * r + 3.f, line));
    ImGui::SameLine(0, 0);
    ImGui::TextDisabled("%s", b);
    key_right = std::max(key_right, ImGui::GetItemRectMax().x);
  }
  ui.probe.distance_key = rect_of(key0, ImVec2(key_right, ImGui::GetItemRectMax().y));
  paper(T("insights.distance.paper"));
}

void tab_position(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  const ModelSpec& s = app.shown->result.spec();
  const int g = s.grid(), P = s.num_patches();
  explain(T("insights.position.body"));
  // A model of ours started from 2-D sine-cosine codes says so in its training line (train_vit.py).
  if (s.training.find("--pos-init sincos") != std::string::npos) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.85f, 0.5f, 1.f));
    explain(T("insights.position.sincos"));
    ImGui::PopStyleColor();
    ui.probe.position_note = last_item_rect();
  }
  if (v.pos_key.changed(gen(app))) {
    const std::vector<float> sim = pos_embed_similarity(app.shown->result);  // [P, P]
    // Arrange as the paper's figure: tile (r, c) shows the similarity of patch (r, c) to every patch.
    v.pos_atlas.assign(size_t(P) * P, 0.f);
    for (int i = 0; i < P; ++i)
      for (int j = 0; j < P; ++j)
        v.pos_atlas[size_t((i / g) * g + j / g) * size_t(g * g) + size_t((i % g) * g + j % g)] = sim[size_t(i) * P + j];
    v.pos_tex.upload(g * g, g * g, v.pos_atlas);
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
    ImGui::SetTooltip(T("position embedding of patch (%d, %d) vs patch (%d, %d): cosine %.3f"), i / g, i % g, j / g,
                      j % g, double(v.pos_atlas[size_t(y) * size_t(g * g) + size_t(x)]));
    if (ImGui::IsItemClicked()) app.sel.token = s.prefix_tokens + i, app.sel.pinned = true;
  }
  draw_legend(ColorMap::CoolWarm, sc, std::min(side, 260.f * ui.ui_scale), T("cosine similarity"));
  paper(T("insights.position.paper"));
}

void tab_filters(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  const ModelSpec& s = app.shown->result.spec();
  explain(T("insights.filters.body"));
  if (v.pca_key.changed(gen(app))) {
    const int k = std::min(28, s.dim);
    v.pca = patch_filter_pca(app.shown->result, k);
    const int p = v.pca.patch, C = v.pca.channels, n = C * p * p;
    v.pca_tex.clear();
    for (int c = 0; c < int(v.pca.explained_ratio.size()); ++c) {
      // each component scaled symmetrically so 0 is mid-grey (RGB for 3 channels, grey for 1)
      float m = 1e-12f;
      for (int i = 0; i < n; ++i) m = std::max(m, std::abs(v.pca.components[size_t(c * n + i)]));
      std::vector<uint8_t> rgba(size_t(p) * p * 4);
      for (int y = 0; y < p; ++y)
        for (int x = 0; x < p; ++x)
          for (int ch = 0; ch < 3; ++ch) {
            const float val = v.pca.components[size_t(c * n + std::min(ch, C - 1) * p * p + y * p + x)];
            rgba[size_t((y * p + x) * 4 + ch)] = uint8_t(std::lround(127.5f + 127.5f * val / m));
          }
      for (size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;
      v.pca_tex.emplace_back();
      v.pca_tex.back().upload_rgba(p, p, rgba.data());
    }
  }
  const float t = 44.f * ui.ui_scale, gap = 6.f;
  const int per_row = std::max(1, int((width + gap) / (t + gap)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t c = 0; c < v.pca_tex.size(); ++c) {
    if (c % size_t(per_row)) ImGui::SameLine(0, gap);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(int(c));
    ImGui::InvisibleButton("pc", ImVec2(t, t));
    dl->AddImage(v.pca_tex[c].imgui_id(), p, ImVec2(p.x + t, p.y + t));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(T("principal component %d of the %d patch filters: %.1f%% of their variance"), int(c) + 1,
                        s.dim, 100.0 * double(v.pca.explained_ratio[c]));
    ui.probe.filter_pcs.push_back(rect_of(p, ImVec2(p.x + t, p.y + t)));
    ImGui::PopID();
  }
  paper(T("insights.filters.paper"));
}

void tab_token_pca(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  const ModelSpec& s = app.shown->result.spec();
  const int hidden = std::clamp(app.sel.hidden, 0, s.layers), g = s.grid();
  explain(T("insights.tokens.body"));
  if (v.tok_key.changed(gen(app), hidden)) {
    v.tok = patch_token_pca(app.shown->result, hidden);
    std::vector<uint8_t> rgba(size_t(g) * g * 4, 255);
    for (int i = 0; i < g * g; ++i)
      for (int ch = 0; ch < 3; ++ch)
        rgba[size_t(i * 4 + ch)] = uint8_t(std::lround(255.f * v.tok.rgb[size_t(i * 3 + ch)]));
    v.tok_tex.upload_rgba(g, g, rgba.data());
  }
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
  paper(T("insights.tokens.paper"));
}

void tab_logit_lens(App& app, UiState& ui) {
  InsightsView& v = ui.insights;
  const ModelSpec& s = app.shown->result.spec();
  explain(T("insights.lens.body"));
  if (v.lens_key.changed(gen(app))) { v.lens = logit_lens(app.shown->result, 3); }
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
        if (hl) ImGui::PushStyleColor(ImGuiCol_Text, kMarkText);
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
          ImGui::SetTooltip(T("%s\nlogit %.3f, probability %.5f"), name.c_str(), double(c.logit),
                            double(c.probability));
      }
    }
    ImGui::EndTable();
  }
  ui.probe.lens_table = last_item_rect();
  if (mark >= 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, kMarkText);
    if (app.sel.cls >= 0)
      wrapped_textf(T("In colour: %s, the class highlighted in (d)."), class_label(s, mark));
    else
      wrapped_textf(T("In colour: %s, the model's answer (hover a class in (d) to follow another)."),
                    class_label(s, mark));
    ImGui::PopStyleColor();
  }
  paper(T("insights.lens.paper"));
}

void tab_norms(App& app, UiState& ui, float width) {
  InsightsView& v = ui.insights;
  const ModelSpec& s = app.shown->result.spec();
  const int hidden = std::clamp(app.sel.hidden, 0, s.layers), n = s.num_tokens();
  explain(T("insights.norms.body"));
  if (v.norms_key.changed(gen(app), hidden)) { v.norms = token_norms(app.shown->result, hidden); }
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
    ImGui::SetTooltip(T("%s: norm %.3f%s"), token_label(s, t).c_str(), double(v.norms.norm[size_t(t)]),
                      v.norms.high[size_t(t)] ? T(" (high-norm outlier)") : "");
    if (ImGui::IsItemClicked()) app.sel.token = t, app.sel.pinned = true;
  }
  wrapped_textf(
      T("Hidden state %d: median %.3f, threshold %.3f (the red line), %d high-norm patch tokens (red bars). Grey: the class token and any other prefix token."),
      hidden, double(v.norms.median), double(v.norms.threshold), flagged);
  paper(T("insights.norms.paper"));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] window
// ---------------------------------------------------------------------------------------------

void draw_insights_window(App& app, UiState& ui, Rect area) {
  ui.probe.insights = {};
  ui.probe.insights_tabs.clear();
  ui.probe.pattern_cells.clear();
  ui.probe.filter_pcs.clear();
  ui.probe.position_note = {};
  ui.probe.lens_cells.clear();
  if (!ui.show_insights || !app.shown) return;
  if (!begin_floating(T("Analyses###insights"), &ui.show_insights, area, ui.layout == int(Layout::Tabs))) return;
  ui.probe.insights = window_rect();
  const char* names[8] = {T("Head patterns"), T("Rollout"),   T("Distance"),   T("Positions"),
                          T("Patch filters"), T("Token PCA"), T("Logit lens"), T("Token norms")};
  const int want = ui.insights_force_tab ? ui.insights_tab : -1;
  ui.insights_force_tab = false;
  const float width = ImGui::GetContentRegionAvail().x;
  auto draw_tab = [&](int i, bool own_child) {
    ui.insights_tab = i;
    if (own_child) ImGui::BeginChild("tab");
    switch (i) {
      case 0: tab_patterns(app, ui, width); break;
      case kRolloutTab: tab_rollout(app, ui, width); break;
      case 2: tab_distance(app, ui, width); break;
      case 3: tab_position(app, ui, width); break;
      case 4: tab_filters(app, ui, width); break;
      case 5: tab_token_pca(app, ui, width); break;
      case kLogitLensTab: tab_logit_lens(app, ui); break;
      default: tab_norms(app, ui, width); break;
    }
    if (own_child) ImGui::EndChild();
  };
  // The tabs' names whole on one line, or (a phone: eight tabs would shrink to a glyph each) as rows of
  // buttons, the shown one highlighted.
  const ImGuiStyle& st = ImGui::GetStyle();
  if (tab_bar_width(names) > width) {  // the buttons scroll with the tab's content (a phone has little height)
    ImGui::BeginChild("tab");
    if (want >= 0) ui.insights_tab = want;
    const int shown = std::clamp(ui.insights_tab, 0, 7);
    const float x0 = ImGui::GetCursorPosX();
    for (int i = 0; i < 8; ++i) {
      char label[96];
      std::snprintf(label, sizeof label, "%s###tab%d", names[i], i);
      if (i) button_row_next(i, x0, names[i]);
      const bool on = i == shown;
      if (on) ImGui::PushStyleColor(ImGuiCol_Button, st.Colors[ImGuiCol_ButtonActive]);
      const bool pressed = ImGui::Button(label);
      if (on) ImGui::PopStyleColor();
      ui.probe.insights_tabs.push_back(last_item_rect());
      if (pressed) ui.insights_tab = i, ImGui::SetScrollY(0.f);  // the new tab from its top
    }
    ImGui::Separator();
    draw_tab(std::clamp(ui.insights_tab, 0, 7), false);
    ImGui::EndChild();
  } else if (ImGui::BeginTabBar("analyses", ImGuiTabBarFlags_FittingPolicyResizeDown)) {
    for (int i = 0; i < 8; ++i) {
      char label[96];
      std::snprintf(label, sizeof label, "%s###tab%d", names[i], i);
      const bool open = ImGui::BeginTabItem(label, nullptr, want == i ? ImGuiTabItemFlags_SetSelected : 0);
      ui.probe.insights_tabs.push_back(last_item_rect());
      if (!open) continue;
      draw_tab(i, true);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

const std::vector<PatternScores>& head_patterns(const App& app, UiState& ui, int layer) {
  if (!app.shown) {
    ui.insights.patterns.clear();
    ui.insights.patterns_key.reset();
    ui.insights.patterns_generation = -1;
    return ui.insights.patterns;
  }
  return layer_patterns(app, ui.insights, layer, layer);
}

}  // namespace vitvis

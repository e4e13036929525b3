// Module (b): multi-head self-attention of the selected layer/head as an N x N heatmap, with the
// selected token's row and column marked, and all heads of the layer as small multiples.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "attention.h"
#include "ui/analyses.h"
#include "ui/attention_panel.h"
#include "ui/heatmap.h"
#include "ui/intents.h"
#include "ui/labels.h"
#include "ui/module_frame.h"
#include "ui/probe.h"
#include "ui/steps_panel.h"
#include "ui/tour.h"
#include "ui/ui_state.h"
#include "ui/whatif_panel.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"
#include "ui/theme.h"

namespace vitvis {
namespace {

void draw_selectors(App& app, UiState& ui, const ModelSpec& s) {
  ui.probe.layer_buttons.clear();
  ui.probe.head_buttons.clear();
  // The buttons of both rows start at the same x, whatever the language.
  const float buttons_x = std::max(ImGui::CalcTextSize(T("Layer")).x, ImGui::CalcTextSize(T("Head")).x) +
                          ImGui::GetCursorPosX() + ImGui::GetStyle().ItemSpacing.x;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T("Layer"));
  for (int l = 0; l < s.layers; ++l) {
    char b[16];
    std::snprintf(b, sizeof b, "%d##L", l + 1);
    button_row_next(l, buttons_x, b);
    bool on = app.sel.layer == l;
    push_selected(on);
    if (ImGui::Button(b)) app.sel.layer = l, app.sel.hidden = l + 1;  // (c) shows this layer's outputs too
    pop_selected(on);
    ImVec2 a = ImGui::GetItemRectMin(), z = ImGui::GetItemRectMax();
    ui.probe.layer_buttons.push_back(rect_of(a, z));
    if (ImGui::IsItemHovered()) describef(T("Encoder layer %d of %d"), l + 1, s.layers);
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T("Head"));
  for (int h = -1; h < s.heads; ++h) {
    char b[48];
    if (h < 0)
      std::snprintf(b, sizeof b, "%s##H", T("mean"));
    else
      std::snprintf(b, sizeof b, "%d##H", h + 1);
    button_row_next(h + 1, buttons_x, b);
    bool on = app.sel.head == h;
    push_selected(on);
    if (ImGui::Button(b)) app.sel.head = h;
    pop_selected(on);
    ui.probe.head_buttons.push_back(last_item_rect());
  }
  same_line_if_fits(T("log###log"));
  ImGui::Checkbox(T("log###log"), &ui.attn.log_scale);
  if (ImGui::Button(T("Step through this row ▸###steps"))) open_steps(app, ui, kStepsRowTab);
  ui.probe.steps_button = last_item_rect();
  if (ImGui::IsItemHovered()) describe(T("attention.steps_button.tip"));
  // The thesis's "one head through depth" task, one click away (not only inside the step-through).
  same_line_if_fits(T("One head through all layers ▸###depth_open"));
  if (ImGui::Button(T("One head through all layers ▸###depth_open"))) open_steps(app, ui, kStepsDepthTab);
  ui.probe.depth_button = last_item_rect();
  if (ImGui::IsItemHovered())
    describe(T(
        "The same head in every layer, side by side, with the selected row marked: see whether its attention spreads out, sharpens or moves as the layers go deeper."));
}

// The colour range of the weights: of the shown matrix, or of A's and B's together when comparing.
ValueScale matrix_scale(const App& app, const UiState& ui) {
  auto range = [&](std::span<const float> v) { return ui.attn.log_scale ? log_scale(v) : sequential_scale(v); };
  if (!compare_a(app)) return range(ui.attn.matrix);
  std::vector<float> all = ui.attn.matrix;
  all.insert(all.end(), ui.attn.a_matrix.begin(), ui.attn.a_matrix.end());
  return range(all);
}

// Image A's matrix beside B's (compare two images, #19): same layer and head, same colours.
void draw_matrix_a(App& app, UiState& ui, const ModelSpec& s, float side, const ValueScale& weights) {
  const int n = s.num_tokens();
  ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
  ImGui::InvisibleButton("matrix_a", ImVec2(side, side));
  draw_heatmap(ui.attn.a_tex, p, q, ui.seq_map, weights);
  const float cell = side / float(n);
  if (app.sel.token >= 0 && app.sel.token < n) {
    const float t = cell * float(app.sel.token);
    ImGui::GetWindowDrawList()->AddRect(ImVec2(p.x, p.y + t), ImVec2(q.x, p.y + t + cell),
                                        IM_COL32(255, 255, 255, 220));
  }
  if (ImGui::IsItemHovered() && ui.attn.a_matrix.size() == size_t(n) * size_t(n)) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int qi = std::clamp(int((m.y - p.y) / cell), 0, n - 1), ki = std::clamp(int((m.x - p.x) / cell), 0, n - 1);
    if (!app.sel.pinned) app.sel.token = qi;
    tip(T("image A\nquery %s (row %d)\nkey %s (column %d)\nweight = %.6f"), token_label(s, qi).c_str(),
                      qi, token_label(s, ki).c_str(), ki, ui.attn.a_matrix[size_t(qi) * n + ki]);
  }
  ui.probe.attention_a = rect_of(p, q);
}

// `weights`: the colour range of the weights (matrix_scale), when not showing a difference.
void draw_matrix(App& app, UiState& ui, const ModelSpec& s, float side, const ValueScale& weights) {
  const int n = s.num_tokens();
  ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
  ImGui::InvisibleButton("matrix", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  ui.probe.hover_cell = {};
  const bool diff = !ui.attn.change.empty();
  const ValueScale scale = diff ? diverging_scale(ui.attn.change) : weights;
  const ColorMap map = diff ? ColorMap::CoolWarm : ui.seq_map;
  // Fade in when another module (c) opened this layer, so the eye follows the change.
  const float fade = std::clamp(float(ui.now - ui.attn_changed_at) / 450.f, 0.f, 1.f);
  draw_heatmap(ui.attn.matrix_tex, p, q, map, scale, 0.25f + 0.75f * fade);
  if (fade < 1.f) ImGui::GetWindowDrawList()->AddRect(p, q, IM_COL32(255, 200, 60, int(255 * (1.f - fade))), 0, 0, 3.f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cell = side / float(n);
  // Prefix tokens are separated by a thin line: everything after it is a patch.
  const float pre = cell * float(s.prefix_tokens);
  dl->AddLine(ImVec2(p.x + pre, p.y), ImVec2(p.x + pre, q.y), IM_COL32(255, 255, 255, 90));
  dl->AddLine(ImVec2(p.x, p.y + pre), ImVec2(q.x, p.y + pre), IM_COL32(255, 255, 255, 90));
  if (app.sel.token >= 0 && app.sel.token < n) {
    const float t = cell * float(app.sel.token);
    const ImU32 col = app.sel.pinned ? IM_COL32(255, 200, 60, 255) : IM_COL32(255, 255, 255, 220);
    dl->AddRect(ImVec2(p.x, p.y + t), ImVec2(q.x, p.y + t + cell), col, 0, 0, 1.5f);  // row: what it attends to
    dl->AddRect(ImVec2(p.x + t, p.y), ImVec2(p.x + t + cell, q.y), col, 0, 0, 1.5f);  // column: who attends to it
  }
  // The cell the step-through view is pointing at (its query row, the hovered key).
  if (ui.steps.open && ui.steps.hover_key >= 0 && ui.steps.hover_key < n && ui.steps.s.layer == app.sel.layer) {
    const float y = cell * float(ui.steps.s.query), x = cell * float(ui.steps.hover_key), m = std::max(cell, 4.f);
    dl->AddRect(ImVec2(p.x + x - (m - cell) / 2, p.y + y - (m - cell) / 2),
                ImVec2(p.x + x + (m + cell) / 2, p.y + y + (m + cell) / 2), IM_COL32(255, 80, 80, 255), 0, 0, 2.f);
  }
  // The cell a finger read stays marked while its value is in the panel (the finger has gone).
  if (!hovered && ui.value.open && ui.value.tap == ui.matrix_tap.tap && ui.matrix_tap.key < n && ui.matrix_tap.query < n) {
    const float kx = p.x + cell * float(ui.matrix_tap.key), qy = p.y + cell * float(ui.matrix_tap.query),
                mk = std::max(cell, 7.f);
    const ImVec2 ca(kx + cell / 2 - mk / 2, qy + cell / 2 - mk / 2), cb(ca.x + mk, ca.y + mk);
    dl->AddRect(ImVec2(kx, p.y), ImVec2(kx + cell, q.y), IM_COL32(110, 220, 255, 0xB0), 0, 0, 1.f);
    dl->AddRect(ca, cb, IM_COL32(110, 220, 255, 255), 0, 0, 2.f);
    ui.probe.hover_cell = rect_of(ca, cb);
  }
  if (hovered) {
    ImVec2 m = ImGui::GetIO().MousePos;
    int qi = std::clamp(int((m.y - p.y) / cell), 0, n - 1), ki = std::clamp(int((m.x - p.x) / cell), 0, n - 1);
    // A finger covers several small cells: within its width in the row, the key it meant is the one the
    // query attends to most (the bright dot under it).
    if (finger_points() && cell < 12.f && !ui.attn.matrix.empty()) {
      const int reach = int(8.f / cell), row = qi * n;
      for (int k = std::max(0, ki - reach), best = ki; k <= std::min(n - 1, ki + reach); ++k)
        if (ui.attn.matrix[size_t(row + k)] > ui.attn.matrix[size_t(row + best)]) best = k, ki = k;
    }
    if (!app.sel.pinned) app.sel.token = qi;
    if (ImGui::IsItemClicked()) {
      app.sel.pinned = !(app.sel.pinned && app.sel.token == qi);
      app.sel.token = qi;
    }
    // The hovered cell, at least 7 px however small the cells, and its key's column: the weight in the
    // tooltip is how much query qi (the row, marked above) takes from key ki.
    const ImU32 key_col = IM_COL32(110, 220, 255, 255);
    const float kx = p.x + cell * float(ki), qy = p.y + cell * float(qi), mk = std::max(cell, 7.f);
    dl->AddRect(ImVec2(kx, p.y), ImVec2(kx + cell, q.y), (key_col & 0x00FFFFFF) | 0xB0000000, 0, 0, 1.f);
    const ImVec2 ca(kx + cell / 2 - mk / 2, qy + cell / 2 - mk / 2), cb(ca.x + mk, ca.y + mk);
    dl->AddRect(ca, cb, key_col, 0, 0, 2.f);
    ui.probe.hover_cell = rect_of(ca, cb);
    if (finger_points()) ui.matrix_tap = {qi, ki, ui.taps};
    const size_t i = size_t(qi) * n + ki;
    if (diff)
      tip(T("%s looks at %s with weight %.6f (%s: %.6f, change %+.6f)\nThe row (%d) is the token that asks (query), the column (%d) the token it looks at (key)."), token_label(s, qi).c_str(), token_label(s, ki).c_str(), ui.attn.matrix[i],
          reference_label(app), ui.attn.matrix[i] - ui.attn.change[i], ui.attn.change[i], qi, ki);
    else
      tip(T("%s looks at %s with weight %.6f\nThe row (%d) is the token that asks (query), the column (%d) the token it looks at (key); each row adds up to 1."), token_label(s, qi).c_str(), token_label(s, ki).c_str(), ui.attn.matrix[i], qi, ki);
  }
  ui.probe.attention = rect_of(p, q);
  draw_legend(map, scale, std::min(side, 260.f * ui.ui_scale),
              diff ? (compare_a(app) ? T("weight: B − A") : T("change of the weight: hidden − unhidden"))
                   : T("attention weight"));
}

// fit_h > 0 (a large panel: the focus layout, a projector): the thumbnails grow to fill width x fit_h.
void draw_head_multiples(App& app, UiState& ui, const ModelSpec& s, float width, float max_side, float fit_h = 0.f) {
  ui.probe.head_thumbs.clear();
  ui.probe.head_thumb_labels.clear();
  ui.probe.head_patterns.clear();
  // (wrapped at the thumbnails' width: in a narrow column beside the matrix it takes two lines)
  const float title_y = ImGui::GetCursorPosY();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  wrapped_textf(ui.coarse ? T("All heads of layer %d (tap one to show it large)") : T("All heads of layer %d (click to focus)"),
                app.sel.layer + 1);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  const float title_h = ImGui::GetCursorPosY() - title_y;
  const float gap = 6.f;
  int per_row = std::max(1, std::min(s.heads, int((width + gap) / (64.f * ui.ui_scale + gap))));
  // Under each thumbnail its pattern in words (a line of text), so the eye and the rule can be compared.
  const float caption = ImGui::GetTextLineHeight() + 2.f;
  float t = std::max(24.f, std::min({110.f * ui.ui_scale, max_side - caption,
                                     (width - gap * float(per_row - 1)) / float(per_row)}));
  for (int cols = 1; fit_h > 0.f && cols <= s.heads; ++cols) {  // the column count that gives the largest thumbnails
    const int rows = (s.heads + cols - 1) / cols;
    const float side = std::min((width - gap * float(cols - 1)) / float(cols),
                                (fit_h - title_h) / float(rows) - caption - gap);
    if (side > t) t = side, per_row = cols;
  }
  const auto pats = head_patterns(app, ui, app.sel.layer);  // this layer's (none the frame a layer is chosen)
  for (int h = 0; h < s.heads && h < int(ui.attn.heads.size()); ++h) {
    if (h % per_row) ImGui::SameLine(0, gap);
    ImGui::PushID(h);
    ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + t, p.y + t);
    if (ImGui::InvisibleButton("head", ImVec2(t, t + caption))) app.sel.head = h;
    draw_heatmap(ui.attn.heads[size_t(h)], p, q, ui.seq_map, ui.attn.heads_scale);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRect(p, q, app.sel.head == h ? IM_COL32(255, 200, 60, 255) : IM_COL32(120, 120, 130, 255), 0, 0,
                app.sel.head == h ? 2.5f : 1.f);
    char b[48];
    std::snprintf(b, sizeof b, T("head %d"), h + 1);
    if (ImGui::CalcTextSize(b).x > t - 6) std::snprintf(b, sizeof b, "%d", h + 1);  // small thumbnails: the number
    dl->AddText(ImVec2(p.x + 3, p.y + 2), IM_COL32(255, 255, 255, 230), b);
    ui.probe.head_thumb_labels.push_back({p.x + 3, p.y + 2, ImGui::CalcTextSize(b).x, ImGui::GetTextLineHeight()});
    // Its attention pattern class (Kovaleva et al.), see the Analyses window.
    const size_t pi = size_t(h);
    const bool has_pattern = pi < pats.size();
    if (has_pattern) {
      // In words; the short name where the thumbnail is narrow (the tooltip has the whole name and why).
      std::string said = std::string(pattern_symbol(pats[pi].pattern)) + " " + pattern_label(pats[pi].pattern);
      if (ImGui::CalcTextSize(said.c_str()).x > t)
        said = std::string(pattern_symbol(pats[pi].pattern)) + " " + pattern_short_label(pats[pi].pattern);
      if (ImGui::CalcTextSize(said.c_str()).x > t)  // the word before the glyph: it says what the glyph only draws
        said = fitted(pattern_short_label(pats[pi].pattern), t);
      dl->AddText(ImVec2(p.x, q.y + 1.f), IM_COL32(255, 220, 120, 255), said.c_str());
      ui.probe.head_patterns.push_back(said);
    }
    if (ImGui::IsItemHovered()) {
      if (has_pattern) {
        const PatternScores& ps = pats[pi];
        const PatternThresholds th;
        char tip[640];
        std::snprintf(
            tip, sizeof tip,
            T("Head %d of layer %d: %s.\nThe rule's scores (one pattern needs %.1f, vertical + diagonal needs both at least %.1f): one or two columns (vertical) %.2f, itself and its neighbours (diagonal) %.2f, blocks %.2f.\nThe rule averages over every row; a bright column the eye sees may still hold less than half of the rows' weight.\nShared colour range %.2g … %.2g."),
                         h + 1, app.sel.layer + 1, pattern_label(ps.pattern), double(th.vertical), double(th.mixed), double(ps.vertical),
                         double(ps.diagonal), double(ps.block), double(ui.attn.heads_scale.lo),
                         double(ui.attn.heads_scale.hi));
        wrapped_tooltip(tip);
      } else {
        tip(T("Head %d of layer %d\nshared colour range %.3g … %.3g\npattern: %s"), h + 1,
                          app.sel.layer + 1, ui.attn.heads_scale.lo, ui.attn.heads_scale.hi, "-");
      }
    }
    ui.probe.head_thumbs.push_back(rect_of(p, q));
    ImGui::PopID();
  }
}

}  // namespace

void update_attention_textures(const App& app, UiState& ui) {
  if (!app.shown) return;
  const InferenceResult& r = app.shown->result;
  const ModelSpec& s = r.spec();
  const int layer = std::clamp(app.sel.layer, 0, s.layers - 1), head = std::clamp(app.sel.head, -1, s.heads - 1);
  const int n = s.num_tokens(), g = s.grid();
  const int gen = app.shown->generation;
  const Snapshot* base = change_base(app);
  if (ui.attn.key.changed(gen, layer, head, base ? base->generation : -1)) {
    ui.attn.matrix = attention_matrix(r, layer, head);
    ui.attn.change.clear();
    if (base) {  // hidden patches: what changed against the unedited run
      ui.attn.change = attention_matrix(base->result, layer, head);
      for (size_t i = 0; i < ui.attn.change.size(); ++i) ui.attn.change[i] = ui.attn.matrix[i] - ui.attn.change[i];
    }
    ui.attn.matrix_tex.upload(n, n, base ? ui.attn.change : ui.attn.matrix);
    ui.attn.overlay_key.reset();
  }
  if (ui.attn.heads_key.changed(gen, layer)) {
    if (ui.attn.heads.size() != size_t(s.heads)) ui.attn.heads = std::vector<FloatTexture>(size_t(s.heads));
    auto all = r.attention_all(layer);
    ui.attn.heads_scale = sequential_scale(all);  // one range for all heads, so they compare
    for (int h = 0; h < s.heads; ++h)
      ui.attn.heads[size_t(h)].upload(n, n, all.subspan(size_t(h) * n * n, size_t(n) * n));
  }
  if (const Snapshot* a = compare_a(app); a && ui.attn.a_key.changed(a->generation, layer, head)) {
    ui.attn.a_matrix = attention_matrix(a->result, layer, head);
    ui.attn.a_tex.upload(n, n, ui.attn.a_matrix);
  }
  if (app.sel.token >= 0 && ui.attn.overlay_key.changed(gen, layer, head, app.sel.token)) {
    ui.attn.overlay = row_as_patch_grid(s, ui.attn.matrix, app.sel.token);
    ui.attn.overlay_tex.upload(g, g, ui.attn.overlay);
  }
}

void draw_attention_panel(App& app, UiState& ui, Rect area) {
  begin_module(app, ui, Module::Attention, area);
  if (!app.shown) {
    hint(T("Attention appears after the first inference."));
    ImGui::End();
    return;
  }
  const ModelSpec& s = app.shown->result.spec();
  draw_selectors(app, ui, s);
  wrapped_textf(T("Each row is a token that asks, each column a token it can look at; a brighter cell is more attention, and each row adds up to 1 over the %d tokens%s."), s.num_tokens(), app.sel.head < 0 ? T(" (mean of the heads)") : "");
  if (ui.show_math) wrapped_textf(T("In symbols: softmax(Q·K^T / √%d), the rows are queries and the columns keys."), s.head_dim());
  tour_scroll_here(ui, kTourMatrix);  // (the line above as its context where there is room)
  const float avail_w = ImGui::GetContentRegionAvail().x;
  // Head thumbnails get at most a quarter of the height, so a compact (embedded) panel keeps a big matrix.
  const float thumbs_h = std::clamp(ImGui::GetContentRegionAvail().y * 0.25f, 100.f * ui.ui_scale, 150.f * ui.ui_scale);
  const float side =
      square_side(avail_w, ImGui::GetContentRegionAvail().y - thumbs_h - 60.f * ui.ui_scale, min_square(ui, 260.f));
  // Large (the focus layout, presenting): the matrix as tall as the panel allows and the heads in a column
  // beside it, when that makes the matrix larger than with the heads below it.
  const float legend_h = 60.f * ui.ui_scale, gap_w = 12.f * ui.ui_scale;
  const float wide_side = std::min(ImGui::GetContentRegionAvail().y - legend_h, avail_w - gap_w - 100.f * ui.ui_scale);
  if (is_large(ui, Module::Attention) && !compare_a(app) && wide_side > side) {
    ui.probe.attention_a = {};
    ImGui::BeginGroup();
    draw_matrix(app, ui, s, std::max(120.f, wide_side), matrix_scale(app, ui));
    ImGui::EndGroup();
    ImGui::SameLine(0, gap_w);
    ImGui::BeginGroup();
    tour_scroll_here(ui, kTourHeads);
    const float heads_w = ImGui::GetContentRegionAvail().x;
    draw_head_multiples(app, ui, s, heads_w, std::min(150.f * ui.ui_scale, heads_w / 2.f), wide_side + legend_h);
    ImGui::EndGroup();
    ImGui::End();
    return;
  }
  ui.probe.attention_a = {};
  const ValueScale weights = matrix_scale(app, ui);
  if (compare_a(app)) {  // A and B side by side at the same layer and head
    const float gap = 8.f * ui.ui_scale, half = std::max(80.f, (avail_w - gap) / 2.f);
    const float both = std::min(half, side);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(fitted(std::string("A: ") + run_name(app, *compare_a(app)), both).c_str());
    draw_matrix_a(app, ui, s, both, weights);
    ImGui::EndGroup();
    ImGui::SameLine(0, gap);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(fitted(std::string("B: ") + run_name(app, *app.shown), both).c_str());
    draw_matrix(app, ui, s, both, weights);
    ImGui::EndGroup();
  } else {
    draw_matrix(app, ui, s, side, weights);
  }
  ImGui::Separator();
  tour_scroll_here(ui, kTourHeads);
  draw_head_multiples(app, ui, s, avail_w, thumbs_h - ImGui::GetTextLineHeightWithSpacing() - 6.f);
  ImGui::End();
}

}  // namespace vitvis

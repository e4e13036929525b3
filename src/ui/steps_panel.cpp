// "Attention up close" (#9): one attention row of the selected layer/head/query token, step by step with
// the model's real q, k, v and W_O numbers; and the same head followed through every layer.
// [SECTION] number widgets  [SECTION] the seven steps  [SECTION] through depth  [SECTION] window
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/i18n.h"
#include "attention.h"
#include "ui/heatmap.h"
#include "ui/image_panel.h"
#include "ui/intents.h"
#include "ui/labels.h"
#include "ui/probe.h"
#include "ui/steps_panel.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"
#include "ui/theme.h"

namespace vitvis {
namespace {

constexpr int kSteps = 7;
const char* step_title(int step) {
  const char* const titles[kSteps] = {T("1 The query"),        T("2 Dot with every key"),     T("3 Scale by 1/√d"),
                                      T("4 Softmax"),          T("5 Weighted sum of values"), T("6 Concatenate heads"),
                                      T("7 Output projection")};
  return titles[step];
}

// ---------------------------------------------------------------------------------------------
// [SECTION] number widgets
// ---------------------------------------------------------------------------------------------

// A row of coloured cells, one per value; returns the hovered index or -1.
int vector_cells(const char* id, std::span<const float> v, ColorMap map, const ValueScale& sc, float width,
                 float height, int highlight_from = -1, int highlight_to = -1) {
  if (v.empty()) return -1;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(width, height));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cw = width / float(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    ImVec2 a(p.x + cw * float(i), p.y);
    dl->AddRectFilled(a, ImVec2(a.x + cw + 0.5f, p.y + height), colormap_abgr(map, sc.t(v[i])));
  }
  dl->AddRect(p, ImVec2(p.x + width, p.y + height), IM_COL32(150, 150, 160, 200));
  if (highlight_from >= 0)
    dl->AddRect(ImVec2(p.x + cw * float(highlight_from), p.y - 2),
                ImVec2(p.x + cw * float(highlight_to), p.y + height + 2), IM_COL32(255, 200, 60, 255), 0, 0, 2.f);
  if (!ImGui::IsItemHovered()) return -1;
  const int i = std::clamp(int((ImGui::GetIO().MousePos.x - p.x) / cw), 0, int(v.size()) - 1);
  dl->AddRect(ImVec2(p.x + cw * float(i), p.y), ImVec2(p.x + cw * float(i + 1), p.y + height),
              IM_COL32(255, 255, 255, 255));
  return i;
}

// "a·b + c·d + …" for the largest terms of a sum, as a tooltip body.
void terms_tooltip(const char* head, const std::vector<std::pair<int, float>>& terms, const char* index_name,
                   const char* term_name, float total) {
  std::string text = head;
  char line[160];
  std::snprintf(line, sizeof line, T("largest terms (%s: %s):"), index_name, term_name);
  text += std::string("\n") + line;
  for (auto& [i, t] : terms) {
    std::snprintf(line, sizeof line, "\n  %s %d: %+.5f", index_name, i, t);
    text += line;
  }
  std::snprintf(line, sizeof line, T("sum of all terms = %.6f"), total);
  tip_text((text + "\n" + line).c_str());
}

// A bar for a weight in [0, 1] (or any non-negative value against `max`).
void bar(float v, float max, float width, ImU32 col) {
  ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  ImGui::Dummy(ImVec2(width, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), IM_COL32(60, 62, 72, 255));
  dl->AddRectFilled(p, ImVec2(p.x + width * std::clamp(max > 0 ? v / max : 0.f, 0.f, 1.f), p.y + h), col);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] the seven steps
// ---------------------------------------------------------------------------------------------

struct StepCtx {
  App& app;
  UiState& ui;
  const InferenceResult& r;
  const ModelSpec& spec;
  const AttentionSteps& s;
  float width;
};

// The per-key table of steps 2–4: token, q·k, scaled, exp, weight — columns up to `upto`.
void key_table(StepCtx& c, int upto) {
  const AttentionSteps& s = c.s;
  const int cols = upto == 2 ? 5 : 2 + upto;  // key, q·k [, /√d [, exp, weight]]
  const float rows_h = std::max(120.f, ImGui::GetContentRegionAvail().y - 8.f);
  if (!ImGui::BeginTable("keys", cols, ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV,
                         ImVec2(c.width, rows_h)))
    return;
  ImGui::TableSetupScrollFreeze(0, 1);
  const ImGuiTableColumnFlags st = ImGuiTableColumnFlags_WidthStretch;
  ImGui::TableSetupColumn(T("key j"), st, 1.4f);
  ImGui::TableSetupColumn("q·k_j", st, 1.f);
  if (upto >= 1) ImGui::TableSetupColumn("/√d", st, 1.f);
  if (upto >= 2) ImGui::TableSetupColumn("exp(·−max)", st, 1.f);
  if (upto >= 2) ImGui::TableSetupColumn(T("weight"), st, 2.f);
  ImGui::TableHeadersRow();
  const float wmax = *std::max_element(s.weights.begin(), s.weights.end());
  ImGuiListClipper clip;
  clip.Begin(s.tokens);
  while (clip.Step())
    for (int j = clip.DisplayStart; j < clip.DisplayEnd; ++j) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      char label[48];
      std::snprintf(label, sizeof label, "%d %s", j, token_label(c.spec, j).c_str());
      ImGui::Selectable(label, j == s.query, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap);
      const bool row_hovered = ImGui::IsItemHovered();
      ImGui::TableNextColumn();
      ImGui::Text("%+.4f", s.dots[j]);
      if (ImGui::IsItemHovered()) {
        char h[192];
        std::snprintf(h, sizeof h, T("q·k_%d = Σ_e q[e]·k_%d[e] over d = %d dimensions"), j, j, s.head_dim);
        terms_tooltip(h, dot_terms(c.r, s, j, 5), "e", "q[e]·k[e]", s.dots[j]);
      }
      if (upto >= 1) {
        ImGui::TableNextColumn();
        ImGui::Text("%+.4f", s.scaled[j]);
        if (ImGui::IsItemHovered())
          tip("%.5f × 1/√%d (= %.5f) = %.5f", s.dots[j], s.head_dim, s.scale, s.scaled[j]);
      }
      if (upto >= 2) {
        ImGui::TableNextColumn();
        ImGui::Text("%.5f", s.exps[j]);
        if (ImGui::IsItemHovered())
          tip(
              T("exp(%.5f − %.5f) = %.6f\nSubtracting the row maximum keeps exp() from overflowing;\nit cancels in the division."),
              s.scaled[j], s.max_scaled, s.exps[j]);
        ImGui::TableNextColumn();
        bar(s.weights[j], wmax, 44.f * c.ui.ui_scale, IM_COL32(90, 170, 250, 255));
        ImGui::SameLine();
        ImGui::Text("%.5f", s.weights[j]);
        if (ImGui::IsItemHovered())
          tip(T("%.6f / %.6f = %.6f\n= cell (row %d, column %d) of the heatmap in (b)"), s.exps[j],
                            s.sum_exp, s.weights[j], s.query, j);
      }
      if (row_hovered) c.ui.steps.hover_key = j;
    }
  ImGui::EndTable();
}

void step_query(StepCtx& c) {
  const AttentionSteps& s = c.s;
  wrapped_textf(T("steps.query.body"), s.head_dim);
  wrapped_textf("q_%d = LN(x_%d) · W_Q    x ∈ ℝ^%d,  W_Q ∈ ℝ^(%d×%d),  q ∈ ℝ^%d", s.query, s.query, s.dim, s.dim,
                s.head_dim, s.head_dim);
  const ValueScale sc = diverging_scale(s.q);
  int i = vector_cells("q", s.q, ColorMap::CoolWarm, sc, c.width, 22.f * c.ui.ui_scale);
  if (i >= 0)
    tip(T("q[%d] = %.6f (exported output q_%d, head %d, token %d)"), i, s.q[size_t(i)], s.layer,
                      s.head + 1, s.query);
  draw_legend(ColorMap::CoolWarm, sc, std::min(c.width, 260.f * c.ui.ui_scale), T("query value"));
  wrapped_text(T("steps.query.next"));
}

void step_dots(StepCtx& c, int upto) {
  const AttentionSteps& s = c.s;
  if (upto == 0) {
    wrapped_textf(T("steps.dots.body"), s.tokens, s.head_dim);
    wrapped_textf("score_j = q·k_j = Σ_e q[e]·k_j[e]     K ∈ ℝ^(%d×%d) → scores ∈ ℝ^%d", s.tokens, s.head_dim,
                  s.tokens);
  } else if (upto == 1) {
    wrapped_textf(T("steps.scale.body"), s.head_dim, std::sqrt(float(s.head_dim)));
    ImGui::Text("score_j / √d = score_j × %.5f", s.scale);
  } else {
    wrapped_text(T("steps.softmax.body"));
    wrapped_textf("w_j = exp(s_j − m) / Σ_i exp(s_i − m),  m = %.4f,  Σ = %.5f", s.max_scaled, s.sum_exp);
    ImGui::TextColored(ink(Ink::Good),
                       T("These weights are row %d of the heatmap in (b): max difference %.1e."), s.query,
                       s.max_diff_row);
  }
  ImGui::TextDisabled("%s", c.ui.coarse ? T("Tap a number to see where it comes from and to mark its cell in (b).")
                                    : T("Hover a number to see where it comes from; hovering a row marks its cell in (b)."));
  key_table(c, upto);
}

void step_values(StepCtx& c) {
  const AttentionSteps& s = c.s;
  wrapped_textf(T("steps.values.body"), s.head_dim);
  wrapped_textf("head_%d = Σ_j w_j · v_j     W ∈ ℝ^(1×%d) · V ∈ ℝ^(%d×%d) → ℝ^%d", s.head + 1, s.tokens, s.tokens,
                s.head_dim, s.head_dim);
  const ValueScale sc = diverging_scale(s.head_out);
  int e = vector_cells("head_out", s.head_out, ColorMap::CoolWarm, sc, c.width, 22.f * c.ui.ui_scale);
  if (e >= 0) {
    char h[96];
    std::snprintf(h, sizeof h, "head_%d[%d] = Σ_j w_j · v_j[%d]", s.head + 1, e, e);
    terms_tooltip(h, value_terms(c.r, s, e, 5), T("key j"), "w_j·v_j[e]", s.head_out[size_t(e)]);
  }
  draw_legend(ColorMap::CoolWarm, sc, std::min(c.width, 260.f * c.ui.ui_scale), T("head output"));
  wrapped_text(T("Tokens with large weights dominate the sum; the rest contribute little."));
}

void step_concat(StepCtx& c) {
  const AttentionSteps& s = c.s;
  const int H = c.spec.heads;
  wrapped_textf(T("steps.concat.body"), H, s.layer + 1);
  wrapped_textf(T("Concat(head_1 … head_%d) ∈ ℝ^%d = %d heads × %d"), H, s.dim, H, s.head_dim);
  const ValueScale sc = diverging_scale(s.concat);
  int i = vector_cells("concat", s.concat, ColorMap::CoolWarm, sc, c.width, 22.f * c.ui.ui_scale, s.head * s.head_dim,
                       (s.head + 1) * s.head_dim);
  if (i >= 0)
    tip(T("concat[%d] = head %d, dimension %d = %.6f%s"), i, i / s.head_dim + 1, i % s.head_dim,
                      s.concat[size_t(i)], i / s.head_dim == s.head ? T("\n(the head stepped through: outlined)") : "");
  draw_legend(ColorMap::CoolWarm, sc, std::min(c.width, 260.f * c.ui.ui_scale), T("concatenated heads"));
}

void step_projection(StepCtx& c) {
  const AttentionSteps& s = c.s;
  wrapped_textf(T("steps.projection.body"), s.dim);
  wrapped_textf("o = Concat · W_O + b_O     ℝ^%d · ℝ^(%d×%d) → ℝ^%d", s.dim, s.dim, s.dim, s.dim);
  if (!s.has_projection) {
    ImGui::TextColored(ink(Ink::Warn), "%s", T("This model does not export wo_l, bo_l, o_l."));
    hint(T("Re-export it with scripts/export_vit.py --checkpoint model.onnx --out new.onnx to see this step."));
    return;
  }
  const ValueScale sc = diverging_scale(s.projected);
  int o = vector_cells("projected", s.projected, ColorMap::CoolWarm, sc, c.width, 22.f * c.ui.ui_scale);
  if (o >= 0) {
    char h[128];
    std::snprintf(h, sizeof h, "o[%d] = b_O[%d] + Σ_i concat[i] · W_O[i, %d]", o, o, o);
    terms_tooltip(h, projection_terms(c.r, s, o, 5), "i", "concat[i]·W_O[i,c]", s.projected[size_t(o)]);
  }
  draw_legend(ColorMap::CoolWarm, sc, std::min(c.width, 260.f * c.ui.ui_scale), T("attention output o"));
  ImGui::TextColored(ink(Ink::Good),
                     T("Matches the model's own attention output of layer %d within %.1e."), s.layer + 1,
                     s.max_diff_projected);
  wrapped_textf(T("hidden_%d = x + o + MLP(LN(x + o)): the next module (c) shows these hidden states."), s.layer + 1);
}

// The image the row is about, `side` square: the query's patch outlined, and a row of weights on the patch
// grid over it (none: the patch alone). The image stays in sight while a row is stepped through.
void row_picture(App& app, UiState& ui, float side, int query, const FloatTexture* row, const ValueScale& scale) {
  const ModelSpec& s = app.shown->result.spec();
  const ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
  ImGui::Dummy(ImVec2(side, side));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddImage(input_texture(app, ui).imgui_id(), p, q);
  if (row && row->valid()) draw_heatmap(*row, p, q, ui.seq_map, scale, 0.6f);
  const int g = s.grid();
  const float cell = side / float(g);
  if (!s.is_prefix(query)) {
    const int i = query - s.prefix_tokens;
    const ImVec2 a(p.x + float(i % g) * cell, p.y + float(i / g) * cell);
    dl->AddRect(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(255, 200, 60, 255), 0, 0, 2.f);
  }
  dl->AddRect(p, q, IM_COL32(120, 120, 130, 255));
}

// The image with this row, `side` square, and what it shows in words under it (wrapped to `side`).
void step_picture(App& app, UiState& ui, const StepsView& v, int step, float side) {
  const ModelSpec& s = app.shown->result.spec();
  const bool weighted = step >= 3;  // from the softmax on, the row's weights exist
  row_picture(app, ui, side, v.s.query, weighted ? &v.row_tex : nullptr, v.row_scale);
  ui.probe.steps_picture = last_item_rect();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
  if (weighted)
    wrapped_textf(T("Where %s looks: the weights of step 4 over the patches (prefix tokens left out)."),
                  token_label(s, v.s.query).c_str());
  else if (s.is_prefix(v.s.query))
    wrapped_text(T("The class token has no patch of its own: from step 4 on, its weights are drawn over the image."));
  else
    wrapped_textf(T("%s, outlined: its query comes from this patch. From step 4 on, the weights are drawn over the image."),
                  token_label(s, v.s.query).c_str());
  ImGui::PopTextWrapPos();
}

void draw_step(StepCtx& c, int step) {
  switch (step) {
    case 0: step_query(c); break;
    case 1: step_dots(c, 0); break;
    case 2: step_dots(c, 1); break;
    case 3: step_dots(c, 2); break;
    case 4: step_values(c); break;
    case 5: step_concat(c); break;
    default: step_projection(c); break;
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] through depth
// ---------------------------------------------------------------------------------------------

void update_depth(const App& app, UiState& ui, int head, int query) {
  StepsView& v = ui.steps;
  const InferenceResult& r = app.shown->result;
  const ModelSpec& s = r.spec();
  const int n = s.num_tokens();
  if (!v.depth_key.changed(app.shown->generation, head, query)) return;
  if (v.depth_tex.size() != size_t(s.layers)) v.depth_tex = std::vector<FloatTexture>(size_t(s.layers));
  v.depth_mats.assign(size_t(s.layers), {});
  v.depth_rows.assign(size_t(s.layers), {});
  std::vector<float> all;
  for (int l = 0; l < s.layers; ++l) {
    v.depth_mats[size_t(l)] = attention_matrix(r, l, head);
    v.depth_tex[size_t(l)].upload(n, n, v.depth_mats[size_t(l)]);
    v.depth_rows[size_t(l)] = row_summary(s, v.depth_mats[size_t(l)], query);
    v.depth_scales.resize(size_t(s.layers));
    v.depth_scales[size_t(l)] = sequential_scale(v.depth_mats[size_t(l)]);
    all.insert(all.end(), v.depth_mats[size_t(l)].begin(), v.depth_mats[size_t(l)].end());
  }
  v.depth_scale = sequential_scale(all);
  // The same row on the patch grid, over the image.
  if (v.depth_row_tex.size() != size_t(s.layers)) v.depth_row_tex = std::vector<FloatTexture>(size_t(s.layers));
  v.depth_row_scales.assign(size_t(s.layers), {});
  std::vector<float> grids;
  for (int l = 0; l < s.layers; ++l) {
    const std::vector<float> grid = row_as_patch_grid(s, v.depth_mats[size_t(l)], query);
    v.depth_row_tex[size_t(l)].upload(s.grid(), s.grid(), grid);
    v.depth_row_scales[size_t(l)] = sequential_scale(grid);
    grids.insert(grids.end(), grid.begin(), grid.end());
  }
  v.depth_row_scale = sequential_scale(grids);
}

// One sentence on the trend from the first to the last layer.
std::string depth_sentence(const std::vector<RowSummary>& rows, bool patch_query) {
  if (rows.size() < 2) return {};
  const RowSummary &a = rows.front(), &b = rows.back();
  char buf[640];
  const char* spread = b.entropy_bits > a.entropy_bits ? T("spreads out") : T("narrows");
  if (patch_query && a.distance_px >= 0)
    std::snprintf(buf, sizeof buf, T("steps.depth.patch_trend"), int(rows.size()), spread, a.entropy_bits,
                  b.entropy_bits, b.distance_px > a.distance_px ? T("further") : T("closer"), a.distance_px,
                  b.distance_px, 100 * a.to_prefix, 100 * b.to_prefix);
  else
    std::snprintf(buf, sizeof buf, T("steps.depth.cls_trend"), int(rows.size()), spread, a.entropy_bits,
                  b.entropy_bits);
  return buf;
}

void draw_depth(App& app, UiState& ui, float width) {
  StepsView& v = ui.steps;
  const ModelSpec& s = app.shown->result.spec();
  const int head = std::clamp(app.sel.head, -1, s.heads - 1);
  const int query = app.sel.token >= 0 ? app.sel.token : 0;
  update_depth(app, ui, head, query);
  char which[48];
  if (head < 0)
    std::snprintf(which, sizeof which, "%s", T("The mean of the heads"));
  else
    std::snprintf(which, sizeof which, T("Head %d"), head + 1);
  wrapped_textf(T("steps.depth.intro"), which, s.layers, query, token_label(s, query).c_str());
  const float gap = 8.f;
  const int per_row = std::max(1, std::min(s.layers, int((width + gap) / (120.f * ui.ui_scale + gap))));
  const float side = (width - gap * float(per_row - 1)) / float(per_row);
  const float cell = side / float(s.num_tokens());
  for (int l = 0; l < s.layers; ++l) {
    if (l % per_row) ImGui::SameLine(0, gap);
    ImGui::BeginGroup();
    ImGui::PushID(l);
    ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
    if (ImGui::InvisibleButton("layer", ImVec2(side, side))) focus_layer(app, ui, l);
    const ValueScale& range = v.depth_shared ? v.depth_scale : v.depth_scales[size_t(l)];
    draw_heatmap(v.depth_tex[size_t(l)], p, q, ui.seq_map, range);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float t = cell * float(query);
    dl->AddRect(ImVec2(p.x, p.y + t), ImVec2(q.x, p.y + t + std::max(cell, 1.5f)), IM_COL32(255, 200, 60, 255), 0, 0,
                1.5f);
    dl->AddRect(p, q, app.sel.layer == l ? IM_COL32(255, 200, 60, 255) : IM_COL32(120, 120, 130, 255));
    char label[48];
    std::snprintf(label, sizeof label, T("layer %d"), l + 1);
    dl->AddText(ImVec2(p.x + 3, p.y + 2), IM_COL32(255, 255, 255, 230), label);
    if (ImGui::IsItemHovered()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const int n = s.num_tokens();
      const int qi = std::clamp(int((m.y - p.y) / cell), 0, n - 1), ki = std::clamp(int((m.x - p.x) / cell), 0, n - 1);
      tip(T("layer %d: query %s, key %s, weight %.5f\nclick: open this layer in (b)"), l + 1,
                        token_label(s, qi).c_str(), token_label(s, ki).c_str(),
                        v.depth_mats[size_t(l)][size_t(qi) * n + ki]);
    }
    ui.probe.depth_maps.push_back(rect_of(p, q));
    const RowSummary& rs = v.depth_rows[size_t(l)];
    if (!v.depth_shared) ImGui::TextDisabled(T("0 … %.2g"), double(range.hi));  // this map's own range
    // In words (each explained on hover), fitted to the map's width.
    auto line = [&](const std::string& text, const char* why) {
      ImGui::TextUnformatted(fitted(text, side).c_str());
      if (ImGui::IsItemHovered()) tip_text(why);
    };
    char b[96];
    std::snprintf(b, sizeof b, T("spread %.2f bits"), rs.entropy_bits);
    line(b, T("How widely this row shares its attention (its entropy): 0 bits is one token only; more bits, more tokens."));
    std::snprintf(b, sizeof b, T("class token %.0f %%"), 100 * rs.to_prefix);
    line(b, T("How much of this row's attention goes to the class token."));
    if (rs.distance_px >= 0) {
      std::snprintf(b, sizeof b, T("reach %.1f px"), rs.distance_px);
      line(b, T("How far away, on average, the patches it looks at are (in pixels of the image, weighted by attention)."));
    } else {
      ImGui::TextDisabled("%s", T("reach —"));
    }
    ImGui::PopID();
    ImGui::EndGroup();
  }
  // Where the token looks in each layer, over the image (the image stays in sight; the maps above are
  // rows of numbers, these are the same rows where they fall on the picture).
  ImGui::SeparatorText(T("Where it looks, layer by layer"));
  for (int l = 0; l < s.layers; ++l) {
    if (l % per_row) ImGui::SameLine(0, gap);
    row_picture(app, ui, side, query, &v.depth_row_tex[size_t(l)],
                v.depth_shared ? v.depth_row_scale : v.depth_row_scales[size_t(l)]);
    char label[48];
    std::snprintf(label, sizeof label, T("layer %d"), l + 1);
    ImGui::GetWindowDrawList()->AddText(ImVec2(ImGui::GetItemRectMin().x + 3, ImGui::GetItemRectMin().y + 2),
                                        IM_COL32(255, 255, 255, 230), label);
    if (ImGui::IsItemHovered())
      tip(T("layer %d: where %s looks, over the image (its weights on the patches)"), l + 1,
          token_label(s, query).c_str());
    ui.probe.depth_pictures.push_back(last_item_rect());
  }
  ImGui::Spacing();
  wrapped_text(depth_sentence(v.depth_rows, !s.is_prefix(query)).c_str());
  ImGui::Checkbox(T("same colours for every layer###depth_shared"), &v.depth_shared);
  ui.probe.depth_shared = last_item_rect();
  if (v.depth_shared)
    draw_legend(ui.seq_map, v.depth_scale, std::min(width, 260.f * ui.ui_scale), T("attention weight (all layers)"));
  else {
    const int shown = std::clamp(app.sel.layer, 0, s.layers - 1);
    char cap[200];
    std::snprintf(cap, sizeof cap, T("attention weight in layer %d's colours; each map runs from 0 to its own largest weight (under it)"),
                  shown + 1);
    draw_legend(ui.seq_map, v.depth_scales[size_t(shown)], std::min(width, 260.f * ui.ui_scale), cap);
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] window
// ---------------------------------------------------------------------------------------------

void update_steps(const App& app, UiState& ui) {
  StepsView& v = ui.steps;
  if (!v.open || !app.shown) return;
  const ModelSpec& s = app.shown->result.spec();
  const int layer = std::clamp(app.sel.layer, 0, s.layers - 1), head = std::clamp(app.sel.head, 0, s.heads - 1);
  const int query = app.sel.token >= 0 ? app.sel.token : 0;
  if (!v.key.changed(app.shown->generation, layer, head, query)) return;
  v.ok = attention_steps(app.shown->result, layer, head, query, &v.s, &v.why_not);
  if (!v.ok) return;
  const int g = s.grid();
  std::vector<float> grid(size_t(g) * g);
  for (int i = 0; i < g * g; ++i) grid[size_t(i)] = v.s.weights[size_t(s.prefix_tokens + i)];
  v.row_tex.upload(g, g, grid);
  v.row_scale = sequential_scale(grid);
}

// Moves to step i with its slide-in.
static void go_to_step(UiState& ui, int i) {
  ui.steps.step = i;
  ui.steps.changed_at = ui.now;
  animate(ui, 500);
}

void draw_steps_window(App& app, UiState& ui, Rect area) {
  StepsView& v = ui.steps;
  ui.probe.steps_window = ui.probe.steps_prev = ui.probe.steps_next = {};
  ui.probe.step_pills.clear();
  ui.probe.depth_maps.clear();
  ui.probe.depth_pictures.clear();
  ui.probe.steps_picture = {};
  v.hover_key = -1;
  if (!v.open || !app.shown) return;
  if (!begin_floating(T("Attention up close###steps"), &v.open, area, ui.layout == int(Layout::Tabs))) return;
  ui.probe.steps_window = window_rect();
  const ModelSpec& s = app.shown->result.spec();
  const int query = app.sel.token >= 0 ? app.sel.token : 0;
  const float width = ImGui::GetContentRegionAvail().x;
  // The two tabs' names, shorter where both would not fit whole (a phone).
  const char* row_tab = T("Step through one row###row");
  const char* depth_tab = T("One head through depth###depth");
  if (tab_bar_width(std::array{row_tab, depth_tab}) + 8.f > width)
    row_tab = T("One row###row"), depth_tab = T("Through depth###depth");
  if (ImGui::BeginTabBar("modes")) {
    const int want = v.force_tab ? v.tab : -1;  // read before the first tab item overwrites v.tab
    v.force_tab = false;
    if (ImGui::BeginTabItem(row_tab, nullptr, want == kStepsRowTab ? ImGuiTabItemFlags_SetSelected : 0)) {
      v.tab = kStepsRowTab;
      // From the selection (v.s is empty when the model has no q/k/v to recompute from).
      ImGui::Text(T("Layer %d · head %d · query token %d (%s)"), std::clamp(app.sel.layer, 0, s.layers - 1) + 1,
                  std::clamp(app.sel.head, 0, s.heads - 1) + 1, query, token_label(s, query).c_str());
      if (app.sel.head < 0) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", T("(the mean has no q, k, v of its own: head 1)"));
      }
      if (app.sel.token < 0)
        hint(ui.coarse ? T("No token selected: the class token's row is shown. Tap a patch to choose another.")
                       : T("No token selected: the class token's row is shown. Hover or click a patch to choose another."));
      if (!v.ok) {
        ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Warn));
        wrapped_text(v.why_not.c_str());
        ImGui::PopStyleColor();
      } else {
        // Step pills, Prev/Next.
        for (int i = 0; i < kSteps; ++i) {
          char b[8];
          std::snprintf(b, sizeof b, "%d##step", i + 1);
          if (i) same_line_if_fits(b);  // a narrow window: the pills wrap
          const bool on = v.step == i;
          push_selected(on);
          if (ImGui::Button(b) && v.step != i) go_to_step(ui, i);
          pop_selected(on);
          if (ImGui::IsItemHovered()) tip_text(step_title(i));
          ui.probe.step_pills.push_back(last_item_rect());
        }
        // ◀ ▶ beside the pills, or under them where both do not fit
        if (fits_width_on_line(12.f + 2.f * ImGui::GetFrameHeight())) ImGui::SameLine(0, 12);
        ImGui::BeginDisabled(v.step == 0);
        if (ImGui::ArrowButton("prev", ImGuiDir_Left)) go_to_step(ui, v.step - 1);
        ImGui::EndDisabled();
        ui.probe.steps_prev = last_item_rect();
        ImGui::SameLine();
        ImGui::BeginDisabled(v.step == kSteps - 1);
        if (ImGui::ArrowButton("next", ImGuiDir_Right)) go_to_step(ui, v.step + 1);
        ImGui::EndDisabled();
        ui.probe.steps_next = last_item_rect();
        ImGui::SeparatorText(step_title(v.step));
        // Each step slides in and fades up from the previous one.
        const float t = std::clamp(float(ui.now - v.changed_at) / 350.f, 0.f, 1.f);
        const float ease = 1.f - (1.f - t) * (1.f - t);
        ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.2f + 0.8f * ease);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (1.f - ease) * 24.f);
        // The image the row is about stays in sight: in a column beside every step where the window is wide
        // (the same size on every step), else under a short step where there is room (never a scrollbar).
        const float gap = 12.f * ui.ui_scale, beside = std::clamp(width * 0.3f, 140.f * ui.ui_scale, 240.f * ui.ui_scale);
        const bool column = width >= 520.f * ui.ui_scale;
        const float step_w = (column ? width - beside - gap : width) - (1.f - ease) * 24.f;
        const ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + step_w);
        StepCtx c{app, ui, app.shown->result, s, v.s, step_w};
        draw_step(c, v.step);
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        ImGui::PopStyleVar();
        if (column) {
          const ImVec2 below = ImGui::GetCursorScreenPos();
          ImGui::SetCursorScreenPos(ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x - beside, top.y));
          ImGui::BeginGroup();
          step_picture(app, ui, v, v.step, beside);
          ImGui::EndGroup();
          const float end = std::max(below.y, ImGui::GetItemRectMax().y + ImGui::GetStyle().ItemSpacing.y);
          ImGui::SetCursorScreenPos(ImVec2(below.x, end));
          ImGui::Dummy(ImVec2(0, 0));
        } else {
          const float line = ImGui::GetTextLineHeightWithSpacing();
          const float side = std::min({ImGui::GetContentRegionAvail().y - 4.f * line, width, 320.f * ui.ui_scale});
          if (side >= 96.f * ui.ui_scale) {
            ImGui::SeparatorText(T("In the image"));
            step_picture(app, ui, v, v.step, side);
          }
        }
      }
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(depth_tab, nullptr, want == kStepsDepthTab ? ImGuiTabItemFlags_SetSelected : 0)) {
      v.tab = kStepsDepthTab;
      draw_depth(app, ui, width);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace vitvis

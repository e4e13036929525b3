// Module (c): every hidden state's patch tokens as D channel maps of the patch-grid shape
// (virtualized, sortable), the selected patch marked in each, and one channel across all layers.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/catalog.h"
#include "app/i18n.h"
#include "ui/heatmap.h"
#include "ui/intents.h"
#include "ui/labels.h"
#include "ui/layers_panel.h"
#include "ui/module_frame.h"
#include "ui/probe.h"
#include "ui/tour.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"
#include "ui/theme.h"

namespace vitvis {
namespace {

// Marks the selected patch's cell inside a map drawn at [p, p + side].
void mark_patch(const App& app, const ModelSpec& s, ImVec2 p, float side) {
  if (app.sel.token < s.prefix_tokens || app.sel.token >= s.num_tokens()) return;
  const float c = side / float(s.grid());
  ImVec2 a(p.x + c * float(s.patch_col(app.sel.token)), p.y + c * float(s.patch_row(app.sel.token)));
  ImGui::GetWindowDrawList()->AddRect(a, ImVec2(a.x + c, a.y + c),
                                      app.sel.pinned ? IM_COL32(255, 200, 60, 255) : IM_COL32(255, 255, 255, 230));
}

void draw_hidden_buttons(App& app, UiState& ui, const ModelSpec& s) {
  ui.probe.hidden_buttons.clear();
  for (int l = 0; l <= s.layers; ++l) {
    char b[32];
    if (l == 0)
      std::snprintf(b, sizeof b, "%s##h", T("emb"));
    else
      std::snprintf(b, sizeof b, "%d##h", l);
    if (l) same_line_if_fits(b);
    const bool on = app.sel.hidden == l;
    push_selected(on);
    if (ImGui::Button(b)) {
      app.sel.hidden = l;
      if (l >= 1 && app.sel.layer != l - 1) focus_layer(app, ui, l - 1);  // open this block's attention in (b)
    }
    pop_selected(on);
    if (ImGui::IsItemHovered())
      describef(l == 0 ? T("hidden_0: patch embeddings + class token + position embeddings")
                               : T("hidden_%d: output of encoder layer %d (click: its attention opens in (b))"),
                        l, l);
    ui.probe.hidden_buttons.push_back(last_item_rect());
  }
}

// One channel map of side t in the channel-through-the-layers row: the map, the selected patch marked on
// it, and (hovered) the patch under the pointer in *r, *c.
Rect map_item(const App& app, const UiState& ui, const ModelSpec& s, const FloatTexture& tex, const char* id, float t,
              int* r, int* c) {
  const ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + t, p.y + t);
  ImGui::InvisibleButton(id, ImVec2(t, t));
  draw_heatmap(tex, p, q, ColorMap::CoolWarm, ui.layers.compare_scale);
  mark_patch(app, s, p, t);
  const ImVec2 m = ImGui::GetIO().MousePos;
  const int g = s.grid();
  *c = std::clamp(int((m.x - p.x) / t * g), 0, g - 1);
  *r = std::clamp(int((m.y - p.y) / t * g), 0, g - 1);
  return rect_of(p, q);
}

void draw_compare_row(App& app, UiState& ui, const ModelSpec& s, float width) {
  ui.probe.compare_maps.clear();
  ui.probe.compare_labels.clear();
  if (app.sel.channel < 0 || ui.layers.compare.empty()) {
    hint(ui.coarse ? T("Tap a map to follow that channel through all layers.")
                   : T("Click a map to follow that channel through all layers."));
    return;
  }
  ImGui::Text(T("Channel %d through the layers"), app.sel.channel);
  const int n = s.layers + 1;
  const Snapshot* a = compare_a(app);
  const float label_w = a ? ImGui::CalcTextSize("B ").x + 4.f : 0.f;
  const float gap = 4.f, t = std::min(56.f * ui.ui_scale, (width - label_w - gap * float(n - 1)) / float(n));
  ui.probe.compare_maps_a.clear();
  if (a && ui.layers.a_values.size() == size_t(n)) {  // image A's row above B's
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("A");
    for (int l = 0; l < n; ++l) {
      ImGui::SameLine(label_w + float(l) * (t + gap) + ImGui::GetStyle().WindowPadding.x);
      ImGui::PushID(100 + l);
      int r = 0, c = 0;
      const Rect at = map_item(app, ui, s, ui.layers.a_compare[size_t(l)], "cmp_a", t, &r, &c);
      if (ImGui::IsItemHovered()) {
        const int g = s.grid();
        tip(T("image A, channel %d\npatch (%d, %d) = %.5f"), app.sel.channel, r + 1, c + 1,
                          ui.layers.a_values[size_t(l)][size_t(r * g + c)]);
      }
      ui.probe.compare_maps_a.push_back(at);
      ImGui::PopID();
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("B");
    ImGui::SameLine(label_w + ImGui::GetStyle().WindowPadding.x);
  }
  for (int l = 0; l < n; ++l) {
    if (l) ImGui::SameLine(0, gap);
    ImGui::PushID(l);
    int r = 0, c = 0;
    const Rect box = map_item(app, ui, s, ui.layers.compare[size_t(l)], "cmp", t, &r, &c);
    const ImVec2 p(box.x, box.y), q(box.x + box.w, box.y + box.h);
    if (ImGui::IsItemHovered()) {
      const int g = s.grid();
      char state[48];
      if (l)
        std::snprintf(state, sizeof state, T("after layer %d"), l);
      else
        std::snprintf(state, sizeof state, "%s", T("embedding"));
      tip(ui.layers.change ? T("%s, channel %d\npatch (%d, %d): change %+.5f")
                                         : T("%s, channel %d\npatch (%d, %d) = %.5f"),
                        state, app.sel.channel, r + 1, c + 1, ui.layers.compare_values[size_t(l)][size_t(r * g + c)]);
    }
    if (ImGui::IsItemClicked()) app.sel.hidden = l;
    ui.probe.compare_maps.push_back(rect_of(p, q));
    // Under each map, which hidden state it is: "emb", then the layer's number.
    char name[32];
    if (l)
      std::snprintf(name, sizeof name, "%d", l);
    else
      std::snprintf(name, sizeof name, "%s", T("emb"));
    const std::string shown = fitted(name, t);
    const ImVec2 ts = ImGui::CalcTextSize(shown.c_str());
    const ImVec2 at(p.x + (t - ts.x) / 2, q.y + 2);
    ImGui::GetWindowDrawList()->AddText(
        at, ImGui::GetColorU32(l == app.sel.hidden ? ImGuiCol_Text : ImGuiCol_TextDisabled), shown.c_str());
    ui.probe.compare_labels.push_back({at.x, at.y, ts.x, ts.y});
    ImGui::PopID();
  }
  ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight()));  // the labels' line
}

void draw_tiles(App& app, UiState& ui, const ModelSpec& s) {
  ui.probe.channel_tiles.clear();
  const LayerTextures& L = ui.layers;
  const int total = int(L.order.size()), g = s.grid();
  const float gap = 4.f, avail = ImGui::GetContentRegionAvail().x;
  // Large (the focus layout): eight maps a row, as big as that makes them.
  const float tile = is_large(ui, Module::Layers)
                         ? std::clamp((avail + gap) / 8.f - gap, 52.f * ui.ui_scale, 128.f * ui.ui_scale)
                         : std::max(28.f, 52.f * ui.ui_scale);
  const int per_row = std::max(1, int((avail + gap) / (tile + gap)));
  const int rows = (total + per_row - 1) / per_row;
  const float aw = float(L.atlas.cols * g), ah = float(L.atlas.rows * g);
  // The tiles fill what the panel has left; where that is under two rows (a phone, the tour's card
  // below) they take up to the panel's height, and the panel scrolls to them.
  float tiles_h = 0.f;
  if (ImGui::GetContentRegionAvail().y < 2.f * (tile + gap))
    tiles_h = std::min(float(rows) * (tile + gap) + gap,
                       ImGui::GetWindowContentRegionMax().y - ImGui::GetWindowContentRegionMin().y);
  ImGui::BeginChild("tiles", ImVec2(0, tiles_h), false);
  ImGuiListClipper clip;
  clip.Begin(rows, tile + gap);
  bool first = true;
  while (clip.Step()) {
    for (int row = clip.DisplayStart; row < clip.DisplayEnd; ++row) {
      for (int k = 0; k < per_row; ++k) {
        const int i = row * per_row + k;
        if (i >= total) break;
        if (k) ImGui::SameLine(0, gap);
        ImGui::PushID(i);
        ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + tile, p.y + tile);
        // Chosen on release, so a finger that scrolls the maps does not also pick one.
        const bool picked = ImGui::InvisibleButton("tile", ImVec2(tile, tile));
        const int ar = i / L.atlas.cols, ac = i % L.atlas.cols, ch = L.order[size_t(i)];
        draw_heatmap(
            L.atlas_tex, p, q, ColorMap::CoolWarm, L.scale, 1.f,
            ImVec4(float(ac * g) / aw, float(ar * g) / ah, float((ac + 1) * g) / aw, float((ar + 1) * g) / ah));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        if (ch == app.sel.channel) dl->AddRect(p, q, IM_COL32(255, 200, 60, 255), 0, 0, 2.f);
        mark_patch(app, s, p, tile);
        if (ImGui::IsItemHovered()) {
          const ImVec2 m = ImGui::GetIO().MousePos;
          const int c = std::clamp(int((m.x - p.x) / tile * g), 0, g - 1),
                    r = std::clamp(int((m.y - p.y) / tile * g), 0, g - 1);
          const float v = L.atlas.values[size_t(ar * g + r) * size_t(L.atlas.cols * g) + size_t(ac * g + c)];
          if (L.change)
            tip(
                T("channel %d, patch (%d, %d): change %+.5f against %s\nclick: follow it through the layers"), ch, r + 1, c + 1,
                v, reference_label(app));
          else
            tip(
                T("Channel %d at patch (%d, %d): %.5f\nOver all patches this channel varies by %.4g (variance); its largest size is %.4g.\nclick: follow it through the layers"),
                ch, r + 1, c + 1, v, L.stats.variance[size_t(ch)], L.stats.max_abs[size_t(ch)]);
        }
        if (picked) app.sel.channel = ch;
        if (first) {
          ui.probe.first_tile = i;
          first = false;
        }
        ui.probe.channel_tiles.push_back(rect_of(p, q));
        ImGui::PopID();
      }
    }
  }
  ImGui::EndChild();
}

}  // namespace

void update_layer_textures(const App& app, UiState& ui) {
  if (!app.shown) return;
  const InferenceResult& r = app.shown->result;
  const ModelSpec& s = r.spec();
  LayerTextures& L = ui.layers;
  const int hidden = std::clamp(app.sel.hidden, 0, s.layers);
  const int gen = app.shown->generation;
  const Snapshot* base = change_base(app);
  const int base_gen = base ? base->generation : -1;
  if (L.key.changed(gen, hidden, L.sort, base_gen, L.all_layers)) {
    L.stats = channel_stats(r, hidden);
    L.order = channel_order(L.stats, ChannelOrder(L.sort));
    int cols = 1;
    while (cols * cols < s.dim) ++cols;
    L.atlas = channel_atlas(r, hidden, L.order, cols);
    L.change = base != nullptr;
    if (base) {  // hidden patches (#19): each map minus the unedited run's, in the same tiles
      const ChannelAtlas before = channel_atlas(base->result, hidden, L.order, cols);
      for (size_t i = 0; i < L.atlas.values.size(); ++i) L.atlas.values[i] -= before.values[i];
    }
    L.atlas_tex.upload(L.atlas.cols * L.atlas.grid, L.atlas.rows * L.atlas.grid, L.atlas.values);
    L.scale = diverging_scale(L.atlas.values);
    if (L.all_layers) {
      const float m = patch_max_abs_all_layers(r, base ? &base->result : nullptr);
      L.scale = {-std::max(m, 1e-6f), std::max(m, 1e-6f), false};
    }
  }
  if (app.sel.channel >= 0 && app.sel.channel < s.dim && L.compare_key.changed(gen, app.sel.channel, base_gen)) {
    if (L.compare.size() != size_t(s.layers + 1)) L.compare = std::vector<FloatTexture>(size_t(s.layers + 1));
    L.compare_values.clear();
    std::vector<float> all;
    for (int l = 0; l <= s.layers; ++l) {
      L.compare_values.push_back(channel_map(r, l, app.sel.channel));
      if (base) {
        const std::vector<float> before = channel_map(base->result, l, app.sel.channel);
        for (size_t i = 0; i < before.size(); ++i) L.compare_values.back()[i] -= before[i];
      }
      L.compare[size_t(l)].upload(s.grid(), s.grid(), L.compare_values.back());
      all.insert(all.end(), L.compare_values.back().begin(), L.compare_values.back().end());
    }
    L.compare_scale = diverging_scale(all);
    L.a_key.reset();  // A's row (below) shares this range
  }
  // Compare two images (#19): image A's channel through the layers above B's, in one colour range.
  if (const Snapshot* a = compare_a(app);
      a && app.sel.channel >= 0 && app.sel.channel < s.dim && L.a_key.changed(a->generation, app.sel.channel)) {
    if (L.a_compare.size() != size_t(s.layers + 1)) L.a_compare = std::vector<FloatTexture>(size_t(s.layers + 1));
    L.a_values.clear();
    std::vector<float> all;
    for (const auto& v : L.compare_values) all.insert(all.end(), v.begin(), v.end());
    for (int l = 0; l <= s.layers; ++l) {
      L.a_values.push_back(channel_map(a->result, l, app.sel.channel));
      L.a_compare[size_t(l)].upload(s.grid(), s.grid(), L.a_values.back());
      if (!base) all.insert(all.end(), L.a_values.back().begin(), L.a_values.back().end());
    }
    L.compare_scale = diverging_scale(all);
  }
}

namespace {

// The catalog's model for the same images on a finer patch grid (index.json "finer"), a click away:
// a 7 x 7 map has too few squares to show an object's outline past the embedding.
void draw_finer_grid(App& app, UiState& ui) {
  ui.probe.finer_grid = {};
  if (!app.model || app.model->entry.finer.empty()) return;
  const int i = find_model(app.models, app.model->entry.finer);
  if (i < 0 || app.models[size_t(i)].id == app.model->entry.id) return;
  const char* name = app.models[size_t(i)].name.c_str();
  // One line: the words and a button with the model's name when both fit (desktop), else one button
  // saying both, shortened to the panel (tablet, phone: the maps below keep their room).
  const char* lead = T("Finer maps, where outlines show:");
  const float pad = 2.f * ImGui::GetStyle().FramePadding.x, room = ImGui::GetContentRegionAvail().x - pad;
  const std::string named = std::string(name) + " ▸";
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  std::string label;
  if (ImGui::CalcTextSize(lead).x + spacing + ImGui::CalcTextSize(named.c_str()).x <= room) {
    if (ui.coarse) ImGui::AlignTextToFramePadding();  // (a SmallButton has no vertical padding)
    ImGui::TextDisabled("%s", lead);
    ImGui::SameLine();
    label = named;
  } else {
    char both[200];
    std::snprintf(both, sizeof both, T("Finer maps: %s ▸"), name);
    label = fitted(both, room);
  }
  label += "###finer";
  if (ui.coarse ? ImGui::Button(label.c_str()) : ImGui::SmallButton(label.c_str()))
    load_model(app, i);  // (a finger's size on touch)
  ui.probe.finer_grid = last_item_rect();
  if (ImGui::IsItemHovered()) {
    char tip[600];
    std::snprintf(
        tip, sizeof tip,
        T("Loads %s: the same kind of images cut into smaller patches, so every channel map has more squares and an outline can show. The model menu brings this one back."),
        name);
    wrapped_tooltip(tip);
  }
}

}  // namespace

void draw_layers_panel(App& app, UiState& ui, Rect area) {
  begin_module(app, ui, Module::Layers, area);
  if (!app.shown) {
    hint(T("Layer outputs appear after the first inference."));
    ImGui::End();
    return;
  }
  const ModelSpec& s = app.shown->result.spec();
  draw_hidden_buttons(app, ui, s);
  const int hidden = std::clamp(app.sel.hidden, 0, s.layers);
  char state[48];
  if (hidden)
    std::snprintf(state, sizeof state, T("After layer %d"), hidden);
  else
    std::snprintf(state, sizeof state, "%s", T("Embedding output"));
  wrapped_textf(T("%s: %d patch tokens x %d channels, each channel drawn as a %d x %d map (class token left out)."),
                state, s.num_patches(), s.dim, s.grid(), s.grid());
  draw_finer_grid(app, ui);
  const char* const sort_names[] = {T("channel index"), T("variance"), T("max |value|")};
  ImGui::SetNextItemWidth(combo_width(sort_names));
  ImGui::Combo(T("sort###sort"), &ui.layers.sort, sort_names, 3);
  same_line_if_fits(T("same colours for every layer"), ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::Checkbox(T("same colours for every layer"), &ui.layers.all_layers);
  ui.probe.all_layers_box = last_item_rect();
  if (ImGui::IsItemHovered())
    tip(
        "%s",
        T("Off: each layer's maps use that layer's own range, so every layer's pattern is easy to see.\nOn: one range for all layers, so you can see how the values grow (or shrink) from layer to layer."));
  draw_legend(ColorMap::CoolWarm, ui.layers.scale, std::min(ImGui::GetContentRegionAvail().x, 240.f * ui.ui_scale),
              ui.layers.change       ? (compare_a(app) ? T("difference: B − A") : T("change: hidden − unhidden"))
              : ui.layers.all_layers ? T("value (one range for all layers)")
                                     : T("value (shared range for this layer)"));
  draw_compare_row(app, ui, s, ImGui::GetContentRegionAvail().x);
  ImGui::Separator();
  tour_scroll_here(ui, kTourTiles);
  draw_tiles(app, ui, s);
  ImGui::End();
}

}  // namespace vitvis

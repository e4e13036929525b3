// Module (a), second part: the selected patch up close — its pixels, the flattened vector the
// patch projection reads, and the embedding it produces, with the real shapes of z0.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/heatmap.h"
#include "ui/motion.h"
#include "ui/patch_detail.h"
#include "ui/probe.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"

namespace vitvis {
namespace {

// A horizontal strip of values (drawn from a [1, n] texture) with exact values on hover.
void value_strip(const char* id, const FloatTexture& tex, const std::vector<float>& v, ColorMap map,
                 const ValueScale& sc, float width, float height, const char* what, Rect* out) {
  ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + width, p.y + height);
  ImGui::InvisibleButton(id, ImVec2(width, height));
  draw_heatmap(tex, p, q, map, sc);
  ImGui::GetWindowDrawList()->AddRect(p, q, IM_COL32(150, 150, 160, 200));
  if (ImGui::IsItemHovered() && !v.empty()) {
    const int i = std::clamp(int((ImGui::GetIO().MousePos.x - p.x) / width * float(v.size())), 0, int(v.size()) - 1);
    tip(what, i + 1, v[size_t(i)]);  // (what: a format of the number's place, counted from 1, and its value)
  }
  *out = {p.x, p.y, width, height};
}


// A newly pinned patch (ui/motion.h): its pixels fly from the enlarged patch into the flattened vector
// x_p, in the order the projection reads them (channel, row, column); then its embedding fills in from
// the left.
void embed_flow(const UiState& ui, const std::vector<float>& pixels, int p, int channels, ImVec2 box_at, float box,
                Rect xp, Rect emb) {
  if (!flow_running(ui, Flow::Embed) || xp.w <= 0 || emb.w <= 0) return;
  const float t = flow_t(ui, Flow::Embed), fly = std::clamp(t / 0.6f, 0.f, 1.f);
  const float fill = ease_out(std::clamp((t - 0.55f) / 0.45f, 0.f, 1.f));
  const int vec = channels * p * p;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
  // What has not arrived yet is not there: x_p is covered right of the last value that landed, the
  // embedding right of how far it has filled.
  const float landed = std::clamp((fly - 0.4f) / 0.6f, 0.f, 1.f);
  dl->AddRectFilled(ImVec2(xp.x + xp.w * landed, xp.y), ImVec2(xp.x + xp.w + 1.f, xp.y + xp.h + 1.f), bg);
  dl->AddRectFilled(ImVec2(emb.x + emb.w * fill, emb.y), ImVec2(emb.x + emb.w + 1.f, emb.y + emb.h + 1.f), bg);
  const float cell = box / float(p), slot = xp.w / float(vec);
  for (int k = 0; k < vec; ++k) {
    const float u = ease_out(staggered(fly, k, vec, 0.4f));
    if (u <= 0.f || u >= 1.f) continue;
    const int y = (k / p) % p, x = k % p;
    const ImVec2 a0(box_at.x + cell * float(x), box_at.y + cell * float(y)), a1(xp.x + slot * float(k), xp.y);
    const ImVec2 a(a0.x + (a1.x - a0.x) * u, a0.y + (a1.y - a0.y) * u);
    const float w = cell + (std::max(1.f, slot) - cell) * u, h = cell + (xp.h - cell) * u;
    const float v = std::clamp(pixels[size_t(k)], 0.f, 1.f);
    dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), ImGui::ColorConvertFloat4ToU32(ImVec4(v, v, v, 1.f)));
    dl->AddRect(a, ImVec2(a.x + w, a.y + h), IM_COL32(255, 200, 60, 160));
  }
}

}  // namespace

void update_patch_textures(const App& app, UiState& ui) {
  PatchTextures& P = ui.patch;
  if (!app.shown || !app.model) return;
  const ModelSpec& s = app.shown->result.spec();
  const int token = app.sel.token;
  if (token < s.prefix_tokens || token >= s.num_tokens()) return;
  if (!P.key.changed(app.shown->generation, token)) return;
  const int patch = token - s.prefix_tokens;
  P.pixels = patch_vector(s, app.shown->input.pixels, patch);
  P.pixels_tex.upload(int(P.pixels.size()), 1, P.pixels);
  auto e = app.shown->result.patch_embeddings().row(patch);
  P.embedding.assign(e.data(), e.data() + s.dim);
  P.embedding_tex.upload(s.dim, 1, P.embedding);
  P.embedding_scale = diverging_scale(P.embedding);
}

void draw_patch_detail(App& app, UiState& ui) {
  ui.probe.pixel_strip = ui.probe.embedding_strip = {};
  if (!app.shown) return;
  const ModelSpec& s = app.shown->result.spec();
  const int token = app.sel.token;
  if (token < s.prefix_tokens || token >= s.num_tokens() || ui.patch.pixels.empty()) {
    hint(ui.coarse ? T("Tap a patch to see its pixels and embedding.") : T("Hover or click a patch to see its pixels and embedding."));
    return;
  }
  const PatchTextures& P = ui.patch;
  const int p = s.patch_size, C = s.channels, vec = C * p * p;
  ImGui::Text(T("Patch (%d, %d) = token %d"), s.patch_row(token) + 1, s.patch_col(token) + 1, token);
  // The pixels, enlarged (first channel as grey, or RGB).
  const float box = 56.f * ui.ui_scale, cell = box / float(p);
  ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("pixels", ImVec2(box, box));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int y = 0; y < p; ++y)
    for (int x = 0; x < p; ++x) {
      float rgb[3];
      for (int c = 0; c < 3; ++c) rgb[c] = P.pixels[size_t(std::min(c, C - 1) * p * p + y * p + x)];
      ImVec2 a(o.x + cell * float(x), o.y + cell * float(y));
      dl->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell),
                        ImGui::ColorConvertFloat4ToU32(ImVec4(rgb[0], rgb[1], rgb[2], 1.f)));
    }
  dl->AddRect(o, ImVec2(o.x + box, o.y + box), IM_COL32(255, 200, 60, 255));
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int x = std::clamp(int((m.x - o.x) / cell), 0, p - 1), y = std::clamp(int((m.y - o.y) / cell), 0, p - 1);
    tip(T("pixel (%d, %d) of the patch = %.4f%s"), y + 1, x + 1, P.pixels[size_t(y * p + x)],
                      C > 1 ? T(" (channel 0)") : "");
  }
  ImGui::SameLine();
  ImGui::BeginGroup();
  const float w = ImGui::GetContentRegionAvail().x, h = 14.f * ui.ui_scale;
  ImGui::TextDisabled(T("its %d pixels in a row"), vec);
  if (ImGui::IsItemHovered()) tip(T("x_p: the patch's %d × %d pixels (%d channel(s)) read row by row: %d values"), p, p, C, vec);
  value_strip("xp", P.pixels_tex, P.pixels, ui.seq_map, ValueScale{0.f, 1.f, false}, w, h,
              T("pixel %d of the patch, read row by row (x_p): %.5f"), &ui.probe.pixel_strip);
  ImGui::TextDisabled(T("its embedding: %d numbers"), s.dim);
  if (ImGui::IsItemHovered()) tip(T("x_p·E + b: the pixels times the learned matrix E, plus b: %d numbers"), s.dim);
  value_strip("emb", P.embedding_tex, P.embedding, ColorMap::CoolWarm, P.embedding_scale, w, h,
              T("number %d of the patch's embedding: %.5f"), &ui.probe.embedding_strip);
  ImGui::EndGroup();
  embed_flow(ui, P.pixels, p, C, o, box, ui.probe.pixel_strip, ui.probe.embedding_strip);
  draw_legend(ColorMap::CoolWarm, P.embedding_scale, ImGui::GetContentRegionAvail().x, nullptr);
  wrapped_textf("z0 = [x_cls; x_1·E + b; …; x_%d·E + b] + E_pos → hidden_0 [%d, %d]", s.num_patches(), s.num_tokens(), s.dim);
  if (ImGui::IsItemHovered())
    tip(s.prefix_tokens > 1 ? T("patch.z0.tip_prefixes") : T("patch.z0.tip_prefix"), vec, vec, s.dim,
                      s.dim, s.prefix_tokens, s.num_tokens(), s.dim);
}

}  // namespace vitvis

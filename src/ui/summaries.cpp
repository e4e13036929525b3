#include "ui/summaries.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/heatmap.h"
#include "ui/image_panel.h"
#include "ui/labels.h"
#include "ui/module_frame.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"

namespace vitvis {
namespace {

// The picture of each summary, in a square of side `side` at p.
void picture(const App& app, UiState& ui, Module m, ImVec2 p, float side) {
  const ImVec2 q(p.x + side, p.y + side);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  switch (m) {
    case Module::Image: {
      const Texture& in = input_texture(app, ui);
      if (in.valid()) dl->AddImage(in.imgui_id(), p, q);
      if (ui.attn.show_overlay && app.sel.token >= 0 && ui.attn.overlay_tex.valid())
        draw_heatmap(ui.attn.overlay_tex, p, q, ui.seq_map, sequential_scale(ui.attn.overlay), 0.6f);
      break;
    }
    case Module::Attention:
      if (ui.attn.matrix_tex.valid()) draw_heatmap(ui.attn.matrix_tex, p, q, ui.seq_map, sequential_scale(ui.attn.matrix));
      break;
    case Module::Layers: {  // the first maps of the shown layer output, 4 x 4 at most
      const ChannelAtlas& a = ui.layers.atlas;
      if (!ui.layers.atlas_tex.valid() || a.cols <= 0 || a.rows <= 0) break;
      const int n = std::min({4, a.cols, a.rows});
      draw_heatmap(ui.layers.atlas_tex, p, q, ColorMap::CoolWarm, ui.layers.scale, 1.f,
                   ImVec4(0, 0, float(n) / float(a.cols), float(n) / float(a.rows)));
      for (int k = 1; k < n; ++k) {  // one map per tile, as in (c)
        const float at = side * float(k) / float(n);
        dl->AddLine(ImVec2(p.x + at, p.y), ImVec2(p.x + at, q.y), IM_COL32(30, 32, 40, 255), 2.f);
        dl->AddLine(ImVec2(p.x, p.y + at), ImVec2(q.x, p.y + at), IM_COL32(30, 32, 40, 255), 2.f);
      }
      break;
    }
    default: break;
  }
  dl->AddRect(p, q, IM_COL32(120, 120, 130, 255));
}

// Its line of numbers.
std::string line_of(const App& app, Module m) {
  if (!app.shown) return "";
  const ModelSpec& s = app.shown->result.spec();
  char b[200];
  switch (m) {
    case Module::Image:
      if (app.sel.token >= s.prefix_tokens && app.sel.token < s.num_tokens())
        std::snprintf(b, sizeof b, "%s", token_label(s, app.sel.token).c_str());
      else
        std::snprintf(b, sizeof b, T("%d x %d patches"), s.grid(), s.grid());
      return b;
    case Module::Attention:
      std::snprintf(b, sizeof b, T("layer %d, %s"), app.sel.layer + 1, head_label(app.sel.head).c_str());
      return b;
    case Module::Layers:
      if (app.sel.hidden <= 0)
        std::snprintf(b, sizeof b, "%s", T("embedding"));
      else
        std::snprintf(b, sizeof b, T("after layer %d"), app.sel.hidden);
      return b;
    default: return "";
  }
}

}  // namespace

void draw_summary(App& app, UiState& ui, int module, Rect area) {
  const Module m = Module(module);
  static const char* const ids[4] = {"##sum_a", "##sum_b", "##sum_c", "##sum_d"};
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::Begin(ids[module], nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoScrollWithMouse);
  ui.probe.summaries[size_t(module)] = area;
  const ImVec2 start = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  // The whole card is one button: a click makes this module the large one.
  if (ImGui::InvisibleButton("card", avail)) make_large(ui, module);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (hovered) {
    dl->AddRect(start, ImVec2(start.x + avail.x, start.y + avail.y), IM_COL32(255, 200, 60, 255), 4.f, 0, 2.f);
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    describe(T("Click to show this module large."));
  }
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const std::string title = fitted(module_title(m), avail.x);
  dl->AddText(start, ImGui::GetColorU32(ImGuiCol_Text), title.c_str());
  ImVec2 body(start.x, start.y + line);
  const float room = avail.y - line;
  if (m == Module::Classify) {  // the top three classes as small bars
    if (app.shown) {
      const auto top = app.shown->result.top_k(3);
      const float row = std::min(room / 3.f, line * 1.3f), label_w = avail.x * 0.5f;
      for (size_t i = 0; i < top.size(); ++i) {
        const float y = body.y + float(i) * row;
        const std::string name = fitted(shown_class_label(app, top[i].index), label_w - 4.f);
        dl->AddText(ImVec2(body.x, y), ImGui::GetColorU32(ImGuiCol_Text), name.c_str());
        const float bw = avail.x - label_w, bh = row * 0.7f;
        dl->AddRectFilled(ImVec2(body.x + label_w, y), ImVec2(body.x + label_w + bw, y + bh),
                          ImGui::GetColorU32(ImGuiCol_FrameBg));
        dl->AddRectFilled(ImVec2(body.x + label_w, y),
                          ImVec2(body.x + label_w + bw * std::clamp(top[i].probability, 0.f, 1.f), y + bh),
                          ImGui::GetColorU32(ImGuiCol_PlotHistogram));
        char pct[32];
        std::snprintf(pct, sizeof pct, "%.1f %%", 100.0 * double(top[i].probability));
        dl->AddText(ImVec2(body.x + label_w + 3.f, y), ImGui::GetColorU32(ImGuiCol_Text), pct);
      }
    }
  } else {
    const float side = std::max(0.f, std::min(avail.x, room - line));
    picture(app, ui, m, body, side);
    const std::string said = fitted(line_of(app, m), avail.x);
    dl->AddText(ImVec2(body.x, body.y + side + 2.f), ImGui::GetColorU32(ImGuiCol_TextDisabled), said.c_str());
  }
  ImGui::End();
}

}  // namespace vitvis

// Places the modules left to right like the model: input -> (encoder) -> classification; or, in
// embed mode (?embed=…), only the chosen modules, compactly, for an iframe in a tutorial.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <vector>

#include "ui/views.h"

namespace vitvis {
namespace {

// Only the modules in ui.embed, side by side with widths by how much they need; a one-line status.
void draw_embedded(App& app, UiState& ui, float w, float h) {
  struct Col {
    int bit;
    Module module;
    float weight;
    void (*draw)(App&, UiState&, Rect);
  };
  const Col all[] = {{kEmbedImage, Module::Image, 0.9f, draw_image_panel},
                     {kEmbedLayers, Module::Layers, 1.f, draw_layers_panel},
                     {kEmbedAttention, Module::Attention, 1.1f, draw_attention_panel},
                     {kEmbedClassify, Module::Classify, 1.f, draw_classify_panel}};
  std::vector<Col> cols;
  float total = 0;
  for (const Col& c : all) {
    if (ui.embed & c.bit)
      cols.push_back(c), total += c.weight;
    else
      ui.probe.modules[size_t(c.module)] = {};  // not shown: nothing to save as PNG
  }
  const float status = 26.f * ui.ui_scale, gap = 3.f;
  float x = gap;
  const float avail = w - gap * float(cols.size() + 1);
  for (const Col& c : cols) {
    const float cw = avail * c.weight / total;
    c.draw(app, ui, {x, gap, cw, h - status - 2 * gap});
    x += cw + gap;
  }
  draw_status_bar(app, ui, {0, h - status, w, status});
  draw_steps_window(app, ui, {gap, gap, w - 2 * gap, h - status - 2 * gap});  // little room: over everything
}

}  // namespace

UrlState view_url_state(const App& app, const UiState& ui) {
  UrlState u = current_url_state(app, ui.ui_scale);
  u.embed = ui.embed;
  u.steps = ui.steps.open ? ui.steps.tab + 1 : 0;
  u.step = ui.steps.open && ui.steps.tab == 0 ? ui.steps.step : -1;
  u.analyses = ui.show_insights ? ui.insights_tab + 1 : 0;
  u.theme = ui.theme;
  u.cmap = ui.seq_map == ColorMap::Cividis ? 1 : 0;
  u.lang = ui.languages.current ? ui.languages.codes[size_t(ui.languages.current)] : "";
  return u;
}

void handle_shortcuts(App& app, UiState& ui) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  for (ImWchar c : io.InputQueueCharacters)
    if (c == '?') ui.show_help = !ui.show_help;
  if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
    if (ui.show_help)
      ui.show_help = false;
    else if (app.sel.pinned)
      app.sel.pinned = false;
  }
  if (!app.shown) return;
  const ModelSpec& s = app.shown->result.spec();
  const int g = s.grid();
  int dr = 0, dc = 0;
  if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) dc = -1;
  if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) dc = 1;
  if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) dr = -1;
  if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) dr = 1;
  if (dr || dc) {  // from the selected patch (or the centre), clamped to the grid; the patch is pinned
    int row = g / 2, col = g / 2;
    if (app.sel.token >= s.prefix_tokens && app.sel.token < s.num_tokens())
      row = std::clamp(s.patch_row(app.sel.token) + dr, 0, g - 1),
      col = std::clamp(s.patch_col(app.sel.token) + dc, 0, g - 1);
    app.sel.token = s.token_of_patch(row, col);
    app.sel.pinned = true;
  }
  auto head_step = [&](int d) {  // mean (-1), head 1 … head H, wrapping
    const int n = s.heads + 1;
    app.sel.head = ((app.sel.head + 1 + d) % n + n) % n - 1;
  };
  if (ImGui::IsKeyPressed(ImGuiKey_LeftBracket)) head_step(-1);
  if (ImGui::IsKeyPressed(ImGuiKey_RightBracket)) head_step(1);
  if (ImGui::IsKeyPressed(ImGuiKey_PageUp)) focus_layer(app, ui, std::max(0, app.sel.layer - 1));
  if (ImGui::IsKeyPressed(ImGuiKey_PageDown)) focus_layer(app, ui, std::min(s.layers - 1, app.sel.layer + 1));
}

void draw_help(UiState& ui) {
  ui.probe.help = {};
  if (!ui.show_help) return;
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(size.x / 2, size.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowFocus();
  ImGui::Begin(T("Keyboard shortcuts###help"), &ui.show_help,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
  const char* const rows[][2] = {{"← → ↑ ↓", T("move the selected patch (it stays pinned)")},
                                 {"[  ]", T("previous / next head (and the mean)")},
                                 {"Page Up / Page Down", T("previous / next layer")},
                                 {"Esc", T("unpin the patch; close this sheet")},
                                 {"?", T("show / hide this sheet")},
                                 {T("drop or paste a file"), T("classify your image / load your .onnx model")}};
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (auto& r : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r[0]);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r[1]);
    }
    ImGui::EndTable();
  }
  ui.probe.help = last_item_rect();
  ImGui::End();
}

void touch_pan(UiState& ui) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool claimed = ui.touch_claimed;
  ui.touch_claimed = false;
  if (io.MouseSource != ImGuiMouseSource_TouchScreen || claimed || !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 8.f))
    return;
  ImGuiWindow* w = GImGui->HoveredWindow;
  while (w && w->ScrollMax.y <= 0.f && (w->Flags & ImGuiWindowFlags_ChildWindow)) w = w->ParentWindow;
  if (!w || w->ScrollMax.y <= 0.f || io.MouseDelta.y == 0.f) return;
  ImGui::SetScrollY(w, std::clamp(w->Scroll.y - io.MouseDelta.y, 0.f, w->ScrollMax.y));
  ImGui::ClearActiveID();  // a pan is not a tap: the button under the finger does not fire
  ui.touch_pans++;
}

void draw_ui(App& app, UiState& ui, float w, float h) {
  ui.probe.save_items.clear();  // refilled while a Save menu is open
  handle_shortcuts(app, ui);
  if (ui.embed) {
    draw_embedded(app, ui, w, h);
    draw_help(ui);
    touch_pan(ui);
    return;
  }
  const float s = ui.ui_scale;
  const float top = 40.f * s, status = 32.f * s, gap = 4.f;
  const float body_h = h - top - status - 2 * gap;
  // Columns: (a) input | (c) encoder layers | (b) attention of the chosen layer | (d) classification.
  const float left_w = std::clamp(w * 0.23f, 260.f, 520.f);
  const float right_w = std::clamp(w * 0.25f, 280.f, 520.f);
  const float rest = w - left_w - right_w - 5 * gap;
  const float layers_w = rest * 0.45f, attn_w = rest - layers_w;
  draw_top_bar(app, ui, {0, 0, w, top});
  draw_image_panel(app, ui, {gap, top + gap, left_w, body_h});
  draw_layers_panel(app, ui, {left_w + 2 * gap, top + gap, layers_w, body_h});
  draw_attention_panel(app, ui, {left_w + layers_w + 3 * gap, top + gap, attn_w, body_h});
  const float rx = left_w + rest + 4 * gap;
  draw_classify_panel(app, ui, {rx, top + gap, right_w, body_h});
  draw_status_bar(app, ui, {0, h - status, w, status});
  // Over (a) and (c), so (b) stays in view and shows the row and cell being explained.
  draw_steps_window(app, ui, {gap, top + gap, left_w + layers_w + gap, body_h});
  draw_insights_window(app, ui, {gap, top + gap, left_w + layers_w + gap, body_h});
  draw_tour(app, ui);
  draw_hub_window(app, ui);
  draw_help(ui);
  touch_pan(ui);
}

}  // namespace vitvis

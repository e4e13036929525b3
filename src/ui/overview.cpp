// The model at a glance (overview.h): stages in words with the loaded model's own numbers under them.
#include "ui/overview.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/image_panel.h"
#include "ui/intents.h"
#include "ui/labels.h"
#include "ui/motion.h"
#include "ui/texture.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"

namespace vitvis {
namespace {

constexpr ImU32 kBox = IM_COL32(52, 58, 72, 255), kBoxHover = IM_COL32(88, 100, 128, 255);
constexpr ImU32 kEdge = IM_COL32(110, 120, 140, 255), kMark = IM_COL32(255, 200, 60, 255);
constexpr ImU32 kText = IM_COL32(235, 235, 240, 255), kDim = IM_COL32(165, 170, 185, 255);

// Where a stage leads: the module that shows it, outlined for a moment so the eye finds it (the strip
// is shown where every module is on screen).
void open_module(UiState& ui, Module m) {
  if (ui.focus >= 0) make_large(ui, int(m));  // the focus layout: that module large
  if (ui.layout == int(Layout::Tabs)) ui.phone_module = int(m);  // a phone: its tab
  ui.overview_flash = int(m);
  ui.overview_flash_until = ui.now + 900.0;
  animate(ui, 900);
}

struct Stage {
  const char* title;    // in words
  std::string numbers;  // the model's own, under the title
  std::string brief;    // the same, shorter, where the strip is narrow
  const char* tip;      // one or two plain sentences
};

// A box with a title and a line of numbers; true when clicked.
bool stage_box(UiState& ui, int id, const Stage& st, float w, float h, bool marked, const Texture* picture = nullptr) {
  ImGui::PushID(id);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton("stage", ImVec2(w, h));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 q(p.x + w, p.y + h);
  dl->AddRectFilled(p, q, hovered ? kBoxHover : kBox, 5.f);
  dl->AddRect(p, q, marked ? kMark : kEdge, 5.f, 0, marked ? 2.f : 1.f);
  const float line = ImGui::GetTextLineHeight(), pad = 6.f * ui.ui_scale;
  float text_w = w - 2 * pad;
  if (picture && picture->valid()) {  // a live preview at the box's right end
    const float side = h - 6.f;
    dl->AddImage(picture->imgui_id(), ImVec2(q.x - 3.f - side, p.y + 3.f), ImVec2(q.x - 3.f, q.y - 3.f));
    text_w -= side + 3.f;
  }
  const std::string& said = ImGui::CalcTextSize(st.numbers.c_str()).x <= text_w ? st.numbers : st.brief;
  if (h < 2.f * line) {  // one line (a short window): the title, then the numbers briefly
    const std::string title = fitted(st.title, text_w);
    const float title_w = ImGui::CalcTextSize(title.c_str()).x + pad;
    dl->AddText(ImVec2(p.x + pad, p.y + (h - line) / 2), kText, title.c_str());
    const std::string numbers = fitted(st.brief, text_w - title_w);
    if (numbers != "…") dl->AddText(ImVec2(p.x + pad + title_w, p.y + (h - line) / 2), kDim, numbers.c_str());
  } else {
    const std::string title = fitted(st.title, text_w), numbers = fitted(said, text_w);
    dl->AddText(ImVec2(p.x + pad, p.y + (h - 2 * line) / 2), kText, title.c_str());
    dl->AddText(ImVec2(p.x + pad, p.y + (h - 2 * line) / 2 + line), kDim, numbers.c_str());
  }
  if (hovered) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (ui.now >= ui.overview_flash_until)  // (not over the module a click just outlined)
      wrapped_tooltip((std::string(st.title) + " · " + st.numbers + "\n" + st.tip).c_str());
  }
  ui.probe.overview_stages.push_back(last_item_rect());
  ui.probe.overview_text.push_back(std::string(st.title) + " | " + st.numbers);
  ImGui::PopID();
  return clicked;
}

float arrow_width() { return 14.f * ImGui::GetIO().FontGlobalScale + 6.f; }

void arrow(float h) {
  ImGui::SameLine(0, 0);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = arrow_width();
  ImGui::Dummy(ImVec2(w, h));
  const float y = p.y + h / 2;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(p.x + 3, y), ImVec2(p.x + w - 3, y), kEdge, 1.5f);
  dl->AddTriangleFilled(ImVec2(p.x + w - 3, y), ImVec2(p.x + w - 8, y - 4), ImVec2(p.x + w - 8, y + 4), kEdge);
  ImGui::SameLine(0, 0);
}

// The encoder: one small box a layer, a dot a head in it; the selected layer and head marked.
void encoder(App& app, UiState& ui, const ModelSpec& s, float w, float h) {
  const float line = ImGui::GetTextLineHeight(), pad = 4.f * ui.ui_scale;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  char title[192];
  char where[64];
  if (app.sel.head < 0)
    std::snprintf(where, sizeof where, T("layer %d, mean of heads"), app.sel.layer + 1);
  else
    std::snprintf(where, sizeof where, T("layer %d, head %d"), app.sel.layer + 1, app.sel.head + 1);
  std::snprintf(title, sizeof title, T("Encoder: %d × attention (%d heads) + MLP · %s"), s.layers, s.heads, where);
  const std::string shown = fitted(title, w - 2 * pad);
  ui.probe.overview_text.push_back(title);
  ui.probe.overview_heads = 0;
  const bool one_line = h < 2.f * line;  // a short window: the boxes alone (the title in their tooltips)
  const float top = one_line ? p.y : p.y + line + 2.f, box_h = one_line ? h : h - line - 2.f, gap = 3.f;
  // Boxes no wider than a few heads' dots need (a big screen centres them instead of stretching them).
  const float box_w = std::min((w - gap * float(s.layers - 1)) / float(std::max(1, s.layers)),
                               ImGui::GetFontSize() * (2.f + 0.8f * float(std::min(s.heads, 12))));
  const float x_start = p.x + (w - (box_w * float(s.layers) + gap * float(s.layers - 1))) / 2.f;
  if (!one_line) dl->AddText(ImVec2(p.x + pad, p.y), kText, shown.c_str());
  // Where the boxes leave room (a big screen), the flow's line runs on to them.
  const float mid = top + box_h / 2, last = x_start + box_w * float(s.layers) + gap * float(s.layers - 1);
  if (x_start > p.x + 2.f) dl->AddLine(ImVec2(p.x, mid), ImVec2(x_start, mid), kEdge, 1.5f);
  if (last < p.x + w - 2.f) dl->AddLine(ImVec2(last, mid), ImVec2(p.x + w, mid), kEdge, 1.5f);
  for (int l = 0; l < s.layers; ++l) {
    const ImVec2 a(x_start + float(l) * (box_w + gap), top), b(a.x + box_w, top + box_h);
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(l);
    if (ImGui::InvisibleButton("layer", ImVec2(box_w, box_h))) {
      focus_layer(app, ui, l);
      // (b) shows the layer's attention; a phone showing (c) stays there (it shows the layer's output).
      const bool stay = ui.layout == int(Layout::Tabs) && ui.phone_module == int(Module::Layers);
      open_module(ui, stay ? Module::Layers : Module::Attention);
    }
    const bool hovered = ImGui::IsItemHovered(), on = app.sel.layer == l;
    dl->AddRectFilled(a, b, hovered ? kBoxHover : kBox, 3.f);
    dl->AddRect(a, b, on ? kMark : kEdge, 3.f, 0, on ? 2.f : 1.f);
    // Its number, then the heads as dots in a row (a grid when the box is narrow); the chosen one filled.
    char num[8];
    std::snprintf(num, sizeof num, "%d", l + 1);
    const float num_w = ImGui::CalcTextSize(num).x;
    float r = std::clamp(box_h / 5.f, 1.5f, 4.f * ui.ui_scale);
    float x0 = a.x + 3.f;
    if (box_w >= num_w + 8.f + 2.f * r) {
      dl->AddText(ImVec2(x0, a.y + (box_h - line) / 2), on ? kMark : kDim, num);
      x0 += num_w + 4.f;
    }
    int per_row = 1, rows = 1;
    for (;; r -= 0.5f) {  // as big as fits: rows of dots inside the box
      per_row = std::max(1, int((b.x - x0 - 2.f) / (2.f * r + 2.f)));
      rows = (s.heads + per_row - 1) / per_row;
      if (float(rows) * (2.f * r + 2.f) <= box_h - 1.f || r <= 1.f) break;
    }
    const float grid_h = float(rows) * (2.f * r + 2.f);
    for (int hd = 0; hd < s.heads; ++hd) {
      const ImVec2 c(x0 + r + float(hd % per_row) * (2.f * r + 2.f),
                     a.y + (box_h - grid_h) / 2.f + r + 1.f + float(hd / per_row) * (2.f * r + 2.f));
      const bool chosen = on && (app.sel.head < 0 || app.sel.head == hd);
      if (chosen)
        dl->AddCircleFilled(c, r, kMark);
      else
        dl->AddCircle(c, r, kDim);
      if (l == 0) ui.probe.overview_heads++;
    }
    if (hovered && ui.now >= ui.overview_flash_until) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      char tip[256];
      std::snprintf(
          tip, sizeof tip,
          T("Layer %d: %d heads of attention let every token look at the others, then an MLP changes each token on its own. Click: its attention in (b), its output in (c)."),
          l + 1, s.heads);
      describe(tip);
    }
    ui.probe.overview_layers.push_back(rect_of(a, b));
    ImGui::PopID();
  }
  ImGui::SetCursorScreenPos(p);  // the whole encoder as one item, for the arrows beside it
  ImGui::Dummy(ImVec2(w, h));
}


ImVec2 lerp(ImVec2 a, ImVec2 b, float t) { return ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t); }
ImU32 with_alpha(ImU32 c, float a) {
  return (c & ~IM_COL32_A_MASK) | (ImU32(std::clamp(a, 0.f, 1.f) * 255.f) << IM_COL32_A_SHIFT);
}

// The image is cut into its patches, which fly in reading order from the image's picture into a row of
// tokens (the class token first) in the Tokens stage (Flow::Patches).
void patches_flow(UiState& ui, const ModelSpec& s, const Texture& picture) {
  if (!flow_running(ui, Flow::Patches) || ui.probe.overview_stages.size() < 3 || !picture.valid()) return;
  const float t = flow_t(ui, Flow::Patches);
  const Rect from_box = ui.probe.overview_stages[0], to_box = ui.probe.overview_stages[2];
  const float side = from_box.h - 6.f;
  const ImVec2 pic(from_box.x + from_box.w - 3.f - side, from_box.y + 3.f);
  const int g = s.grid(), n = s.num_patches(), prefix = s.prefix_tokens, tokens = n + prefix;
  // The token slots: rows of squares as big as fit in the Tokens box.
  const float aw = to_box.w - 8.f, ah = to_box.h - 6.f;
  float sq = std::min(aw, ah);
  int cols = 1;
  for (; sq > 1.f; sq -= 0.5f) {
    cols = std::max(1, int(aw / (sq + 1.f)));
    if (float((tokens + cols - 1) / cols) * (sq + 1.f) <= ah) break;
  }
  const int rows = (tokens + cols - 1) / cols;
  const ImVec2 origin(to_box.x + 4.f + (aw - float(std::min(cols, tokens)) * (sq + 1.f)) / 2.f,
                      to_box.y + 3.f + (ah - float(rows) * (sq + 1.f)) / 2.f);
  auto slot = [&](int k) { return ImVec2(origin.x + float(k % cols) * (sq + 1.f), origin.y + float(k / cols) * (sq + 1.f)); };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The Tokens box is the stage's canvas while they arrive; its words come back at the end.
  const float cover = 1.f - std::clamp((t - 0.85f) / 0.15f, 0.f, 1.f);
  dl->AddRectFilled(ImVec2(to_box.x + 1, to_box.y + 1), ImVec2(to_box.x + to_box.w - 1, to_box.y + to_box.h - 1),
                    with_alpha(kBox, cover), 5.f);
  // The cut: the grid drawn over the picture first.
  const float grid_a = std::clamp(t / 0.15f, 0.f, 1.f) * cover, cell = side / float(g);
  for (int i = 1; i < g; ++i) {
    dl->AddLine(ImVec2(pic.x + float(i) * cell, pic.y), ImVec2(pic.x + float(i) * cell, pic.y + side),
                with_alpha(IM_COL32(90, 200, 255, 255), 0.7f * grid_a));
    dl->AddLine(ImVec2(pic.x, pic.y + float(i) * cell), ImVec2(pic.x + side, pic.y + float(i) * cell),
                with_alpha(IM_COL32(90, 200, 255, 255), 0.7f * grid_a));
  }
  for (int k = 0; k < prefix; ++k) {  // the class token (and any other prefix token) is put first
    const ImVec2 a = slot(k);
    dl->AddRectFilled(a, ImVec2(a.x + sq, a.y + sq), with_alpha(kMark, std::clamp(t / 0.2f, 0.f, 1.f) * cover));
  }
  const float lift = 0.15f;  // the patches leave after the grid is drawn
  for (int i = 0; i < n; ++i) {
    const float u = ease_out(staggered(std::clamp((t - lift) / (1.f - lift), 0.f, 1.f), i, n, 0.6f));
    const int r = i / g, c = i % g;
    const ImVec2 a0(pic.x + float(c) * cell, pic.y + float(r) * cell), a1 = slot(prefix + i);
    const float sz = cell + (sq - cell) * u;
    const ImVec2 a = lerp(a0, a1, u);
    dl->AddImage(picture.imgui_id(), a, ImVec2(a.x + sz, a.y + sz), ImVec2(float(c) / float(g), float(r) / float(g)),
                 ImVec2(float(c + 1) / float(g), float(r + 1) / float(g)), with_alpha(IM_COL32_WHITE, cover));
  }
}

// The class token's way: from the Tokens stage through every layer into the head and the answer
// (Flow::ClassToken); the layer it passes lights up. (d)'s bars grow as it arrives (classify_panel).
void class_token_flow(UiState& ui) {
  if (!flow_running(ui, Flow::ClassToken) || ui.probe.overview_stages.size() < 5) return;
  const float t = flow_t(ui, Flow::ClassToken);
  if (t <= 0.f) return;  // waiting for the patches
  auto centre = [](const Rect& r) { return ImVec2(r.x + r.w / 2, r.y + r.h / 2); };
  std::vector<ImVec2> path{centre(ui.probe.overview_stages[2])};
  for (const Rect& r : ui.probe.overview_layers) path.push_back(centre(r));
  path.push_back(centre(ui.probe.overview_stages[3]));
  path.push_back(centre(ui.probe.overview_stages[4]));
  float total = 0.f;
  for (size_t i = 1; i < path.size(); ++i) total += std::hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
  float along = ease_out(t) * total;
  ImVec2 at = path.back();
  size_t seg = path.size() - 1;
  for (size_t i = 1; i < path.size(); ++i) {
    const float len = std::hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
    if (along <= len) {
      at = lerp(path[i - 1], path[i], len > 0.f ? along / len : 1.f);
      seg = i;
      break;
    }
    along -= len;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t l = 0; l < ui.probe.overview_layers.size(); ++l) {  // the layers it has passed, lit
    const Rect& r = ui.probe.overview_layers[l];
    if (l + 1 < seg) dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), with_alpha(kMark, 0.25f), 3.f);
  }
  for (size_t i = 1; i < seg; ++i) dl->AddLine(path[i - 1], path[i], with_alpha(kMark, 0.5f), 2.f);
  dl->AddLine(path[seg - 1], at, with_alpha(kMark, 0.5f), 2.f);
  const float r = std::max(3.f, ui.probe.overview.h * 0.18f);
  dl->AddCircleFilled(at, r, kMark);
  dl->AddCircle(at, r + 1.f, IM_COL32(20, 20, 24, 255), 0, 1.5f);
}

// A tab label of the catalog ("(a)\nImage###tab_a"): its letter and its name.
std::pair<std::string, std::string> tab_words(const char* label) {
  const std::string all(label);
  const size_t nl = all.find('\n'), id = all.find("###");
  return {all.substr(0, nl), all.substr(nl + 1, id - nl - 1)};
}

// One tab of a phone's navigation: its module's letter (where every tab has room for it) and name, the
// model's numbers for it under them (briefly where they do not fit).
bool phone_tab(UiState& ui, const char* label, bool with_letter, const std::string& numbers, const std::string& brief,
               float w, float h, bool on) {
  const auto [letter, name] = tab_words(label);
  ImGui::PushID(label);
  const ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + w, p.y + h);
  const bool clicked = ImGui::InvisibleButton("tab", ImVec2(w, h));
  const bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, q, ImGui::GetColorU32(on || held ? ImGuiCol_ButtonActive : hovered ? ImGuiCol_ButtonHovered : ImGuiCol_Button),
                    ImGui::GetStyle().FrameRounding);
  const float pad = 4.f, line = ImGui::GetTextLineHeight();
  const std::string title = fitted(with_letter ? letter + " " + name : name, w - 2 * pad);
  const std::string nums = fitted(ImGui::CalcTextSize(numbers.c_str()).x <= w - 2 * pad ? numbers : brief, w - 2 * pad);
  const float y = p.y + (h - 2.f * line) / 2.f;
  const ImVec2 tw = ImGui::CalcTextSize(title.c_str()), nw = ImGui::CalcTextSize(nums.c_str());
  dl->AddText(ImVec2(p.x + (w - tw.x) / 2.f, y), ImGui::GetColorU32(ImGuiCol_Text), title.c_str());
  dl->AddText(ImVec2(p.x + (w - nw.x) / 2.f, y + line),
              ImGui::GetColorU32(on ? ImGuiCol_Text : ImGuiCol_TextDisabled), nums.c_str());
  ui.probe.module_tabs.push_back(last_item_rect());
  ui.probe.module_tab_texts.push_back(title + " | " + nums);
  ImGui::PopID();
  return clicked;
}

}  // namespace

float draw_phone_navigation(App& app, UiState& ui, Rect area) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float s = ui.ui_scale, line = ImGui::GetTextLineHeight();
  const float tab_h = std::max(48.f * s, 2.f * line + 10.f * s);
  const ModelSpec* spec = app.model ? &app.model->spec : nullptr;
  const float enc_h = spec ? std::max(30.f * s, line + 12.f * s) : 0.f;  // a finger's height
  const float h = 2.f * style.WindowPadding.y + tab_h + (spec ? style.ItemSpacing.y + enc_h : 0.f);
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, h));
  ImGui::Begin("##moduletabs", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  // The tabs in the data's order through the model: image and patches, the tokens through the layers, the
  // attention inside a layer, the class token's classes.
  const Module order[4] = {Module::Image, Module::Layers, Module::Attention, Module::Classify};
  const char* names[4] = {T("(a)\nImage###tab_a"), T("(c)\nLayers###tab_c"), T("(b)\nAttention###tab_b"),
                          T("(d)\nClasses###tab_d")};
  char nums[4][64] = {}, brief[4][32] = {};
  if (spec) {
    std::snprintf(nums[0], sizeof nums[0], T("%d × %d patches"), spec->grid(), spec->grid());
    std::snprintf(nums[1], sizeof nums[1], T("%d tokens"), spec->num_tokens());
    std::snprintf(nums[2], sizeof nums[2], T("%d heads"), spec->heads);
    std::snprintf(nums[3], sizeof nums[3], T("%d classes"), spec->num_classes);
    std::snprintf(brief[0], sizeof brief[0], T("%d patches"), spec->num_patches());
    std::snprintf(brief[1], sizeof brief[1], "%d", spec->num_tokens());
    std::snprintf(brief[2], sizeof brief[2], "%d", spec->heads);
    std::snprintf(brief[3], sizeof brief[3], "%d", spec->num_classes);
  }
  const float tab_w = (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x * 3) / 4;
  bool letters = true;  // the letters on every tab or on none
  for (const char* n : names) {
    const auto [letter, name] = tab_words(n);
    letters = letters && ImGui::CalcTextSize((letter + " " + name).c_str()).x <= tab_w - 8.f;
  }
  for (int i = 0; i < 4; ++i) {
    if (i) ImGui::SameLine();
    if (phone_tab(ui, names[i], letters, nums[i], brief[i], tab_w, tab_h, ui.phone_module == int(order[i])))
      ui.phone_module = int(order[i]);
    if (i < 3) {  // a chevron in the gap: the tabs follow the data's way through the model
      const ImVec2 b = ImGui::GetItemRectMax(), a = ImGui::GetItemRectMin();
      const float cx = b.x + style.ItemSpacing.x * 0.5f, cy = (a.y + b.y) * 0.5f, r = 3.5f;
      ImGui::GetWindowDrawList()->AddTriangleFilled(ImVec2(cx - r * 0.6f, cy - r), ImVec2(cx - r * 0.6f, cy + r),
                                                    ImVec2(cx + r * 0.8f, cy), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    }
  }
  if (spec) {  // the encoder's layers: where the selection is, and a tap chooses a layer
    const char* label = T("The encoder's layers:");
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (enc_h - line) / 2.f);
    ImGui::TextDisabled("%s", label);
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - (enc_h - line) / 2.f);
    ui.probe.overview_text.clear();
    encoder(app, ui, *spec, ImGui::GetContentRegionAvail().x, enc_h);
  }
  ImGui::End();
  return h;
}

float overview_height(const UiState& ui, int layout, float css_height) {
  if (ui.embed || layout == int(Layout::Tabs)) return 0.f;
  // On a touch screen the layer boxes are a finger's height (under the encoder's title line); a short
  // window (a 768-pixel laptop) gets one line, so the modules keep their height.
  const float line = ImGui::GetTextLineHeight();
  const bool short_window = css_height < 860.f;
  if (ui.coarse) return short_window ? line + 16.f * ui.ui_scale : line + 44.f * ui.ui_scale;
  return short_window ? line + 8.f * ui.ui_scale : 2.f * line + 14.f * ui.ui_scale;
}

void draw_overview(App& app, UiState& ui, Rect area) {
  ui.probe.overview = {};
  ui.probe.overview_stages.clear();
  ui.probe.overview_text.clear();
  ui.probe.overview_layers.clear();
  if (area.h <= 0 || !app.model) return;
  const ModelSpec& s = app.model->spec;
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4.f * ui.ui_scale, 4.f * ui.ui_scale));
  ImGui::Begin("##overview", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  ui.probe.overview = area;
  const float h = ImGui::GetContentRegionAvail().y, w = ImGui::GetContentRegionAvail().x;
  const float line = ImGui::GetTextLineHeight();
  char b[4][96];
  std::snprintf(b[0], sizeof b[0], "%d × %d", s.image_size, s.image_size);
  std::snprintf(b[1], sizeof b[1], T("%d × %d of %d × %d px"), s.grid(), s.grid(), s.patch_size, s.patch_size);
  std::snprintf(b[2], sizeof b[2], T("%d tokens · %d numbers each"), s.num_tokens(), s.dim);
  std::snprintf(b[3], sizeof b[3], T("%d numbers → %d scores"), s.dim, s.num_classes);
  std::string answer = "–";
  if (app.shown) {
    const auto top = app.shown->result.top_k(1);
    if (!top.empty()) {
      char a[160];
      std::snprintf(a, sizeof a, "%s %.0f %%", shown_class_label(app, top[0].index),
                    100.0 * double(top[0].probability));
      answer = a;
    }
  }
  char brief[3][48];
  std::snprintf(brief[0], sizeof brief[0], "%d × %d", s.grid(), s.grid());
  std::snprintf(brief[1], sizeof brief[1], T("%d tokens"), s.num_tokens());
  std::snprintf(brief[2], sizeof brief[2], "%d → %d", s.dim, s.num_classes);
  const Stage stages[5] = {
      {T("Image"), b[0], b[0], T("The picture the model sees, resized to its input size.")},
      {T("Patches"), b[1], brief[0], T("The image is cut into square patches; each becomes one token.")},
      {T("Tokens"), b[2], brief[1],
       T("Each patch becomes a vector (its embedding) plus a code for where it sits; a class token is put first.")},
      {T("Class token → head"), b[3], brief[2],
       T("After the last layer only the class token is read: one linear layer turns it into a score per class.")},
      {T("Answer"), answer, answer, T("The scores become probabilities (softmax); the highest is the answer.")}};
  // Widths: each stage as wide as its words and numbers, the encoder what is left; where that is too little
  // for its layers (a tablet), the stages say their numbers briefly.
  const float arrow_w = arrow_width(), pad = 14.f * ui.ui_scale;
  const float enc_least =
      std::max(ui.layout == int(Layout::Grid) ? 0.36f * w : 0.f,  // (a tablet: room for its title)
               float(s.layers) * (ImGui::CalcTextSize("12").x + 8.f + float(std::min(s.heads, 4)) * 5.f));
  float stage_w[5], least_w[5], full = 0.f, least = 0.f;
  for (int i = 0; i < 5; ++i) {
    const float title_w = ImGui::CalcTextSize(stages[i].title).x, pic = i == 0 ? h : 0.f;
    const float brief_w = ImGui::CalcTextSize(stages[i].brief.c_str()).x;
    const float one_line_w = title_w + 6.f * ui.ui_scale + brief_w + pad + pic;  // title and numbers side by side
    const float full_w =
        h < 2.f * line ? one_line_w : std::max(title_w, ImGui::CalcTextSize(stages[i].numbers.c_str()).x) + pad + pic;
    least_w[i] = h < 2.f * line ? one_line_w : std::max(title_w, brief_w) + pad + pic;
    stage_w[i] = std::min(full_w, 240.f * ui.ui_scale);
    full += stage_w[i], least += least_w[i];
  }
  float enc_w = w - 5 * arrow_w - full;
  if (enc_w < enc_least) {
    const float give = std::min(1.f, (enc_least - enc_w) / std::max(1.f, full - least));
    enc_w = w - 5 * arrow_w;
    for (int i = 0; i < 5; ++i) {
      stage_w[i] -= (stage_w[i] - std::min(stage_w[i], least_w[i])) * give;
      enc_w -= stage_w[i];
    }
  }
  const Module leads[5] = {Module::Image, Module::Image, Module::Layers, Module::Classify, Module::Classify};
  for (int i = 0; i < 5; ++i) {
    if (i > 0) arrow(h);
    if (i == 3) {  // the encoder sits between the tokens and the class token
      encoder(app, ui, s, std::max(40.f, enc_w), h);
      arrow(h);
    }
    const bool marked = i == 2 && app.sel.hidden == 0;  // (c) shows the tokens as they enter the encoder
    if (stage_box(ui, i, stages[i], stage_w[i], h, marked, i == 0 ? &input_texture(app, ui) : nullptr)) {
      if (i == 2) app.sel.hidden = 0;
      open_module(ui, leads[i]);
    }
  }
  patches_flow(ui, s, input_texture(app, ui));
  class_token_flow(ui);
  ImGui::End();
  // The module a stage leads to, outlined for a moment.
  if (ui.overview_flash >= 0 && ui.now < ui.overview_flash_until) {
    const Rect m = ui.probe.modules[size_t(ui.overview_flash)];
    if (m.w > 0)
      ImGui::GetForegroundDrawList()->AddRect(ImVec2(m.x + 1, m.y + 1), ImVec2(m.x + m.w - 1, m.y + m.h - 1), kMark,
                                              4.f, 0, 3.f);
  } else {
    ui.overview_flash = -1;
  }
}

}  // namespace vitvis

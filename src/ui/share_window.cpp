// "Share or embed": what a teacher pastes into a course page. The link is the view as the address bar has
// it, with the choices here on top; the iframe code wraps it with a size, a title in words and what it may
// use. The preview shows the embed itself, live, at its size (the page draws it: platform/show_preview).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/i18n.h"
#include "embed_api.h"
#include "ui/announce.h"
#include "ui/layout.h"
#include "ui/module_frame.h"
#include "ui/probe.h"
#include "ui/share_window.h"
#include "ui/ui_state.h"
#include "ui/value_panel.h"
#include "ui/widgets.h"

namespace vitvis {
namespace {

struct Preset {
  int width, height;  // width 0: the page's width; -1: the custom size
};
constexpr Preset kSharePresets[] = {{640, 400}, {900, 520}, {1200, 700}, {0, 640}, {-1, -1}};
constexpr int kCustom = 4;
const char* preset_name(int i) {
  switch (i) {
    case 0: return T("Small (640 × 400)###s");
    case 1: return T("Medium (900 × 520)###m");
    case 2: return T("Large (1200 × 700)###l");
    case 3: return T("Full width × 640###f");
    default: return T("Custom###c");
  }
}

// The modules in the story's order, with their link letters' bits.
constexpr struct {
  Module module;
  int bit;
} kShareModules[] = {{Module::Image, kEmbedImage},
                     {Module::Layers, kEmbedLayers},
                     {Module::Attention, kEmbedAttention},
                     {Module::Classify, kEmbedClassify}};

std::string share_link(const App& app, const UiState& ui, bool* origin_ok) {
  const ShareView& sh = ui.share;
  UrlState u = view_url_state(app, ui);
  u.embed = sh.modules;
  if (u.embed) u.focus = -1;  // an embed shows its modules side by side
  u.lang = sh.lang > 0 && sh.lang < int(ui.languages.codes.size()) ? ui.languages.codes[size_t(sh.lang)] : "";
  u.theme = sh.theme;
  u.scale = sh.scale != 1.f ? sh.scale : 0.f;
  if (sh.calm) u.motion = 0;
  std::string origin;
  *origin_ok = !sh.api || parse_origin(sh.origin, &origin);
  u.parent = sh.api && *origin_ok ? origin : "";
  return ui.page_address + url_query(u);
}

// Text to copy, whole, in a framed box of its own; lines break before a link's '&' and after spaces
// (never inside a value such as patch=4,2), and anywhere only in a piece longer than the box.
void copy_box(const char* id, const std::string& text, Rect* where) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::GetContentRegionAvail().x, inner = w - 2 * st.FramePadding.x;
  std::vector<std::string> pieces;
  for (size_t i = 0, from = 0; i <= text.size(); ++i)
    if (i == text.size() || (text[i] == '&' && i > from) || (i > from && text[i - 1] == ' ')) {
      if (i > from) pieces.push_back(text.substr(from, i - from));
      from = i;
    }
  // The lines first (for the box's height), then the box.
  std::vector<std::string> lines(1);
  float x = 0;
  for (const std::string& p : pieces) {
    const float pw = ImGui::CalcTextSize(p.c_str()).x;
    if (x > 0 && x + pw > inner) lines.emplace_back(), x = 0;
    lines.back() += p;
    x += pw;
  }
  float h = 2 * st.FramePadding.y + st.ItemSpacing.y * float(lines.size() - 1);
  for (const std::string& l : lines) h += ImGui::CalcTextSize(l.c_str(), nullptr, false, inner).y;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
  ImGui::BeginChild(id, ImVec2(w, h), false, ImGuiWindowFlags_NoScrollbar);
  ImGui::SetCursorPos(st.FramePadding);
  ImGui::PushTextWrapPos(inner + st.FramePadding.x);
  for (const std::string& l : lines) {
    ImGui::SetCursorPosX(st.FramePadding.x);
    ImGui::TextUnformatted(l.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  ImGui::PopStyleColor();
  *where = last_item_rect();
}

}  // namespace

void open_share(UiState& ui) {
  ShareView& sh = ui.share;
  sh.open = true;
  sh.modules = ui.embed;
  sh.lang = ui.languages.current;
  sh.theme = ui.theme;
  sh.scale = ui.ui_scale;
  sh.calm = !ui.motion.enabled;
}

void draw_share_window(App& app, UiState& ui) {
  Probe& p = ui.probe;
  p.share_window = p.share_copy_link = p.share_copy_code = p.share_preview = p.share_link_box = p.share_code_box = {};
  p.share_api = p.share_origin = {};
  p.share_origin_ok = true;
  p.share_modules.clear();
  p.share_link.clear();
  p.share_code.clear();
  ShareView& sh = ui.share;
  if (!sh.open || !app.model) return;
  const ImVec2 disp = ImGui::GetIO().DisplaySize;
  const float w = std::min(600.f * ui.ui_scale, disp.x - 16.f);
  const float top = (ui.coarse ? 56.f : 40.f) * ui.ui_scale + 4.f;  // under the top bar (its buttons stay)
  ImGui::SetNextWindowPos(ImVec2(disp.x / 2, top), ImGuiCond_Appearing, ImVec2(0.5f, 0.f));
  ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(disp.x - 8.f, disp.y - top - 4.f));
  if (!ImGui::Begin(T("Share or embed this view###sharewin"), &sh.open,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  p.share_window = window_rect();
  const std::string view = describe_view(app);
  wrapped_textf(T("This view: %s."), view.c_str());
  hint(T("Students who open the link or the embed see exactly this: the model, image, layer, head, patch and class."));

  ImGui::SeparatorText(T("Show"));
  if (ImGui::RadioButton(T("The whole app###whole"), sh.modules == 0)) sh.modules = 0;
  p.share_modules.push_back(last_item_rect());
  hint(T("Or only some modules (an embed in a tutorial page):"));
  for (const auto& m : kShareModules) {
    bool on = (sh.modules & m.bit) != 0;
    if (fits_on_line(module_title(m.module), ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x) &&
        &m != &kShareModules[0])
      ImGui::SameLine();
    if (ImGui::Checkbox(module_title(m.module), &on)) sh.modules = on ? sh.modules | m.bit : sh.modules & ~m.bit;
    p.share_modules.push_back(last_item_rect());
  }

  // What to copy, near the top (the settings below change it; the text itself is at the end).
  bool origin_ok = true;
  const std::string link = share_link(app, ui, &origin_ok);
  const Preset& preset = kSharePresets[sh.size];
  const int width = preset.width >= 0 ? preset.width : sh.width, height = preset.width >= 0 ? preset.height : sh.height;
  const std::string title = std::string("ViT-VIS: ") + view;
  const std::string code = iframe_snippet(link, width, height, title);
  p.share_link = link;
  p.share_code = code;
  ImGui::Spacing();
  if (ImGui::Button(T("Copy link###sharecopylink"))) {
    ui.effects.copy_text = link;
    ui.effects.copy_said = T("Link copied: it opens this exact view.");
  }
  p.share_copy_link = last_item_rect();
  if (fits_on_line(T("Copy embed code###sharecopycode"))) ImGui::SameLine();
  if (ImGui::Button(T("Copy embed code###sharecopycode"))) {
    ui.effects.copy_text = code;
    ui.effects.copy_said = T("Embed code copied: paste it into the course page's HTML.");
  }
  p.share_copy_code = last_item_rect();
  if (fits_on_line(T("Preview###sharepreview"))) ImGui::SameLine();
  if (ImGui::Button(T("Preview###sharepreview"))) {
    ui.effects.preview.url = link;
    ui.effects.preview.title = title;
    ui.effects.preview.width = width;
    ui.effects.preview.height = height;
  }
  p.share_preview = last_item_rect();
  if (ImGui::IsItemHovered()) tip_text(T("Opens the embed itself, live, at its size (shrunk to fit this screen)."));

  ImGui::SeparatorText(T("Look"));
  const float label_w = ImGui::CalcTextSize(T("Language")).x;
  auto row = [&](const char* label) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(std::max(label_w, ImGui::CalcTextSize(T("Theme")).x) + ImGui::GetStyle().ItemSpacing.x * 3);
  };
  row(T("Language"));
  ImGui::SetNextItemWidth(180.f * ui.ui_scale);
  const Languages& langs = ui.languages;
  if (ImGui::BeginCombo("##sharelang", langs.names[size_t(sh.lang)].c_str())) {
    for (size_t i = 0; i < langs.codes.size(); ++i)
      if (ImGui::Selectable(langs.names[i].c_str(), int(i) == sh.lang)) sh.lang = int(i);
    ImGui::EndCombo();
  }
  row(T("Theme"));
  if (ImGui::RadioButton(T("Dark###sharedark"), sh.theme == 0)) sh.theme = 0;
  ImGui::SameLine();
  if (ImGui::RadioButton(T("High contrast (projector)###sharecontrast"), sh.theme == 1)) sh.theme = 1;
  ImGui::SetNextItemWidth(180.f * ui.ui_scale);
  ImGui::SliderFloat(T("UI scale###sharescale"), &sh.scale, 0.75f, 2.f, "%.2fx");
  drag_zone(ui);
  sh.scale = std::round(sh.scale * 20.f) / 20.f;
  ImGui::Checkbox(T("No animations (a calm embed)###sharecalm"), &sh.calm);

  ImGui::SeparatorText(T("Size of the embed"));
  ImGui::SetNextItemWidth(std::min(260.f * ui.ui_scale, ImGui::GetContentRegionAvail().x));
  if (ImGui::BeginCombo("##sharesize", preset_name(sh.size))) {
    for (int i = 0; i < int(std::size(kSharePresets)); ++i)
      if (ImGui::Selectable(preset_name(i), i == sh.size)) {
        sh.size = i;
        if (kSharePresets[i].width >= 0) sh.width = kSharePresets[i].width, sh.height = kSharePresets[i].height;
      }
    ImGui::EndCombo();
  }
  if (sh.size == kCustom) {
    ImGui::SetNextItemWidth(110.f * ui.ui_scale);
    ImGui::InputInt(T("wide###sharew"), &sh.width, 10, 100);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110.f * ui.ui_scale);
    ImGui::InputInt(T("high (CSS pixels)###shareh"), &sh.height, 10, 100);
    sh.width = std::clamp(sh.width, 280, 3840);
    sh.height = std::clamp(sh.height, 240, 2160);
  }

  ImGui::SeparatorText(T("Embed API"));
  ImGui::Checkbox(T("Let the course page drive it###shareapi"), &sh.api);
  p.share_api = last_item_rect();
  if (ImGui::IsItemHovered())
    tip_text(T("The page around the embed can then change its layer, head, patch… without reloading it, and hear what the student picks (docs/embedding.md)."));
  if (sh.api) {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##shareorigin", "https://course.example.org", sh.origin, sizeof sh.origin);
    p.share_origin = last_item_rect();
    p.share_origin_ok = origin_ok;
    if (!origin_ok)
      hint(T("Write the course page's origin: https:// and its host (and :port), no path. Only that page may drive the embed."));
    else
      hint(T("Only a page on this origin may drive it."));
  }

  ImGui::SeparatorText(T("Link"));
  copy_box("##sharelink", link, &p.share_link_box);
  ImGui::SeparatorText(T("Embed code (HTML)"));
  copy_box("##sharecode", code, &p.share_code_box);
  if (sh.api && !origin_ok) hint(T("(The link leaves the API out until the origin is valid.)"));
  ImGui::End();
}

}  // namespace vitvis

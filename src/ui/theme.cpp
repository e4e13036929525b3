// Theme: a calm dark style and the bundled DejaVu Sans, rasterized at the device's pixel size.
#include <imgui.h>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/theme.h"

namespace vitvis {

namespace {
int current_theme = 0;
ImVec4 to_imvec(Rgba c) { return ImVec4(c.r, c.g, c.b, c.a); }
}  // namespace

ImVec4 ink(Ink k) { return to_imvec(theme_palette(current_theme)[k]); }
ImVec4 paint(Paint p) { return to_imvec(theme_palette(current_theme)[p]); }

void push_selected(bool on) {
  if (!on) return;
  ImGui::PushStyleColor(ImGuiCol_Button, paint(Paint::Selected));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, paint(Paint::Selected));
  ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::OnSelected));
}
void pop_selected(bool on) {
  if (on) ImGui::PopStyleColor(3);
}

void apply_theme(float ui_scale, int theme, bool coarse) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 4.f;
  style.FrameRounding = 3.f;
  style.GrabRounding = 3.f;
  style.WindowBorderSize = 1.f;
  style.WindowPadding = ImVec2(10, 8);
  style.ItemSpacing = ImVec2(8, 6);
  style.SelectableTextAlign = ImVec2(0.f, 0.5f);  // a finger-tall list row keeps its text in the middle
  // Colours from core/palette (the contrast test reads the same table).
  current_theme = theme;
  const Palette& pal = theme_palette(theme);
  ImVec4* c = style.Colors;
  auto set = [&](ImGuiCol col, Paint p) { c[col] = to_imvec(pal[p]); };
  c[ImGuiCol_Text] = to_imvec(pal[Ink::Text]);
  c[ImGuiCol_TextDisabled] = to_imvec(pal[Ink::Disabled]);
  set(ImGuiCol_WindowBg, Paint::WindowBg);
  // Menus, lists, tooltips and the value panel are opaque: text behind them must not show through.
  set(ImGuiCol_PopupBg, Paint::PopupBg);
  set(ImGuiCol_FrameBg, Paint::FrameBg);
  set(ImGuiCol_FrameBgHovered, Paint::FrameBgHovered);
  set(ImGuiCol_FrameBgActive, Paint::FrameBgActive);
  set(ImGuiCol_Button, Paint::Button);
  set(ImGuiCol_ButtonHovered, Paint::ButtonHovered);
  set(ImGuiCol_ButtonActive, Paint::ButtonActive);
  set(ImGuiCol_Header, Paint::Header);
  set(ImGuiCol_HeaderHovered, Paint::HeaderHovered);
  set(ImGuiCol_HeaderActive, Paint::HeaderActive);
  set(ImGuiCol_TitleBg, Paint::TitleBg);
  set(ImGuiCol_TitleBgActive, Paint::TitleBg);
  set(ImGuiCol_Tab, Paint::Tab);
  set(ImGuiCol_TabHovered, Paint::TabHovered);
  set(ImGuiCol_TabActive, Paint::TabActive);
  set(ImGuiCol_SliderGrab, Paint::SliderGrab);
  set(ImGuiCol_SliderGrabActive, Paint::SliderGrabActive);
  set(ImGuiCol_PlotHistogram, Paint::TopClass);
  if (theme == 1) {  // high contrast for projectors: black panels, white text, bright outlines
    c[ImGuiCol_ChildBg] = c[ImGuiCol_WindowBg];
    c[ImGuiCol_Border] = ImVec4(1.f, 1.f, 1.f, 0.9f);
    c[ImGuiCol_CheckMark] = ImVec4(1.f, 0.85f, 0.2f, 1.f);
    c[ImGuiCol_Separator] = ImVec4(1.f, 1.f, 1.f, 0.6f);
    style.WindowBorderSize = style.FrameBorderSize = 1.5f;
  }
  if (coarse) {  // a finger: every button and field at least 44 px high and wide (Apple's 44 pt)
    style.FramePadding = ImVec2(18, 14);
    style.ItemSpacing = ImVec2(10, 10);
    style.ScrollbarSize = 22;
    style.GrabMinSize = 24;
  }
  style.ScaleAllSizes(ui_scale);
  ImGui::GetStyle() = style;
}

namespace {

// Merges the glyphs of `text` from `ttf` into the font added last; `ranges` must outlive the atlas build.
bool merge_font(const std::vector<unsigned char>& ttf, const std::string& text, float size, ImVector<ImWchar>& ranges) {
  if (ttf.empty() || text.empty()) return false;
  ImFontGlyphRangesBuilder b;
  b.AddText(text.c_str());
  ranges.clear();
  b.BuildRanges(&ranges);
  ImFontConfig m;
  m.MergeMode = true;
  m.FontDataOwnedByAtlas = false;
  ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(ttf.data()), int(ttf.size()), size, &m,
                                             ranges.Data);
  return true;
}

}  // namespace

bool load_fonts(const std::vector<unsigned char>& ttf, float pixel_scale, float ui_scale,
                const std::vector<unsigned char>& cjk_ttf, const std::string& cjk_text,
                const std::vector<unsigned char>& names_ttf, const std::string& names_text) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // the bytes stay owned by main()
  cfg.OversampleH = 2;
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2000, 0x22FF,
                                   0x2500, 0x26FF, 0x2700, 0x27BF, 0};  // incl. ⚠ (U+26A0)
  ImFont* f = nullptr;
  if (!ttf.empty())
    f = io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(ttf.data()), int(ttf.size()),
                                       16.f * ui_scale * pixel_scale, &cfg, ranges);
  // Chinese: merged from a subset of WenQuanYi Micro Hei holding just the glyphs the catalogs use.
  static ImVector<ImWchar> cjk_ranges, name_ranges;  // must outlive the atlas build
  if (f && merge_font(cjk_ttf, cjk_text, 16.f * ui_scale * pixel_scale, cjk_ranges))
    // The break point with_cjk_breaks puts between Chinese characters: a blank to ImGui's wrapping, with
    // no width (its one texel stays empty).
    io.Fonts->AddCustomRectFontGlyph(f, ImWchar(kCjkBreak), 1, 1, 0.f);
  // The languages' names: merged after Chinese's font (glyphs already there are kept).
  if (f) merge_font(names_ttf, names_text, 16.f * ui_scale * pixel_scale, name_ranges);
  if (!f) {
    ImFontConfig d;
    d.SizePixels = 13.f * ui_scale * pixel_scale;
    io.Fonts->AddFontDefault(&d);
  }
  io.FontGlobalScale = 1.f / pixel_scale;  // glyphs are crisp at device pixels, sized in CSS pixels
  return f != nullptr;
}

}  // namespace vitvis

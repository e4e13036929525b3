// Drawing helpers every view shares: fitting text and buttons on a line, wrapping, tooltips, rects.
#pragma once
#include <algorithm>
#include <cstdarg>
#include <span>
#include <string>

#include <imgui.h>

#include "ui/probe.h"

namespace vitvis {

inline Rect rect_of(ImVec2 a, ImVec2 b) { return {a.x, a.y, b.x - a.x, b.y - a.y}; }
// The side of a square view (image, matrix) that fills the width but leaves `room_h` free below it;
// never less than min_side (or the width): in a short panel (a tablet's grid, a phone) the panel
// scrolls rather than shrinking the picture to a stamp.
inline float square_side(float avail_w, float room_h, float min_side) {
  return std::min(avail_w, std::max(room_h, std::min(avail_w, min_side)));
}

// Whether an item `width` wide still fits on this line after the last item (and the item spacing).
inline bool fits_width_on_line(float width) {
  return ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <=
         ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
}
// Whether a button labelled `label` (plus `extra`: a radio's circle) still fits on this line after the
// last item.
inline bool fits_on_line(const char* label, float extra = 0.f) {
  return fits_width_on_line(ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2 + extra);
}
// How wide a tab bar with these labels is when no tab is squeezed.
inline float tab_bar_width(std::span<const char* const> labels) {
  const ImGuiStyle& st = ImGui::GetStyle();
  float w = 0.f;
  for (const char* l : labels)
    w += ImGui::CalcTextSize(l, nullptr, true).x + st.FramePadding.x * 2.f + st.ItemInnerSpacing.x;
  return w;
}
// A combo as wide as its longest choice, with the frame's padding (a finger's on touch screens) and
// its arrow: no choice is cut.
inline float combo_width(std::span<const char* const> choices) {
  float widest = 0.f;
  for (const char* c : choices) widest = std::max(widest, ImGui::CalcTextSize(c).x);
  return widest + 2.f * ImGui::GetStyle().FramePadding.x + ImGui::GetFrameHeight();
}
// The text colour that marks what is in focus: the logit lens's class, the tour step's title.
inline constexpr ImVec4 kMarkText{1.f, 0.8f, 0.3f, 1.f};
// SameLine() when it fits, else the next line (rows of buttons that would run past a narrow panel wrap
// instead of being cut).
inline void same_line_if_fits(const char* label, float extra = 0.f) {
  if (fits_on_line(label, extra)) ImGui::SameLine();
}

// `text` cut at a UTF-8 character boundary with "…" so that it fits in `width` (whole when it fits):
// ImageNet's class names are long ("African hunting dog, hyena dog, Cape hunting dog, Lycaon pictus");
// wherever one is shortened, its tooltip has the whole name.
inline std::string fitted(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string t = text;
  while (!t.empty() && ImGui::CalcTextSize((t + "…").c_str()).x > width) {
    t.pop_back();
    while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();  // continuation bytes
    if (!t.empty() && static_cast<unsigned char>(t.back()) >= 0xC0) t.pop_back();              // a lead byte
  }
  return t + "…";
}

// Places the i-th button of a row that starts at start_x (window-local): beside the previous one while
// it fits, else on a new line at start_x (ViT-B/16's 12 heads with touch-sized buttons wrap on a phone).
inline void button_row_next(int i, float start_x, const char* label) {
  if (i == 0)
    ImGui::SameLine(start_x);
  else if (fits_on_line(label))
    ImGui::SameLine();
  else
    ImGui::SetCursorPosX(start_x);
}

// A small button, full-size when a finger points (SmallButton has no vertical padding: 22 px high).
inline bool small_button(bool coarse, const char* label) {
  return coarse ? ImGui::Button(label) : ImGui::SmallButton(label);
}

// Text as ImGui::TextUnformatted, with a Chinese line's break points (with_cjk_breaks) where the
// language has them; wrapped_text(f/v) wrap it as ImGui::TextWrapped does (at the panel's edge, or at
// the caller's PushTextWrapPos).
void wrappable_text(const char* text);
// The height wrappable_text(text) takes when wrapped at `wrap_w` px (for a window sized before it is drawn).
float wrappable_height(const char* text, float wrap_w);
void wrapped_text(const char* text);
void wrapped_textf(const char* fmt, ...) IM_FMTARGS(1);
void wrapped_textv(const char* fmt, va_list args) IM_FMTLIST(1);
// printf into a string of the size it needs (the *f helpers here and in ui/value_panel.h).
std::string formatted_v(const char* fmt, va_list args) IM_FMTLIST(1);
std::string formatted(const char* fmt, ...) IM_FMTARGS(1);

// Text that wraps only at spaces, so a number such as 0.8929 is never split at its point (ImGui's
// wrapping also breaks after '.'). A line without spaces (Chinese) wraps as ImGui does.
void flowing_text(const char* text);
void flowing_textf(const char* fmt, ...) IM_FMTARGS(1);

// A dimmed hint that wraps at the panel edge instead of being cut off.
inline void hint(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped_text(text);
  ImGui::PopStyleColor();
}
inline Rect last_item_rect() { return rect_of(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }
inline Rect window_rect() {
  const ImVec2 p = ImGui::GetWindowPos(), z = ImGui::GetWindowSize();
  return {p.x, p.y, z.x, z.y};
}
// A window over the modules (step-through, analyses): first placed at `area`, then movable, closed
// with its X; `pinned` (a phone, where it stands for the module) keeps it at `area` (which the tour's
// card shortens). False (and nothing to End) when closed or collapsed away.
inline bool begin_floating(const char* title, bool* open, Rect area, bool pinned) {
  const ImGuiCond cond = pinned ? ImGuiCond_Always : ImGuiCond_Appearing;
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y), cond);
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h), cond);
  if (ImGui::Begin(title, open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) return true;
  ImGui::End();
  return false;
}

}  // namespace vitvis

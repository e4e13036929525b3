// Tooltips with a mouse, the value panel on touch (ui/value_panel.h).
#include "ui/value_panel.h"

#include <imgui_internal.h>  // BringWindowToDisplayFront

#include <algorithm>
#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <string>

#include "app/i18n.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"

namespace vitvis {
namespace {

UiState* g_ui = nullptr;  // the frame's UiState (tips_frame)
constexpr double kHintMs = 7000;  // the hint that values can be tapped stays so long after the first result

// A tooltip's "click: …" lines, said for a finger (English; the Chinese 点击 is a tap too). A
// right-click stays as it is (a finger has none: those tips name the mouse's way).
std::string for_finger(const std::string& t) {
  if (cjk_language()) return t;
  static const char* const words[][2] = {{"click", "tap"},         {"Click", "Tap"},         {"clicks", "taps"},
                                         {"clicked", "tapped"},    {"clicking", "tapping"}};
  std::string out;
  for (size_t i = 0; i < t.size();) {
    if (!std::isalpha(static_cast<unsigned char>(t[i]))) {
      out += t[i++];
      continue;
    }
    size_t j = i;
    while (j < t.size() && std::isalpha(static_cast<unsigned char>(t[j]))) ++j;
    const std::string word = t.substr(i, j - i);
    std::string said = word;
    if (i == 0 || t[i - 1] != '-')  // "right-click" names the mouse's way: kept
      for (const auto& w : words)
        if (word == w[0]) said = w[1];
    out += said;
    i = j;
  }
  return out;
}

void to_panel(const char* text) {
  ValuePanel& v = g_ui->value;
  v.open = true;
  v.given = true;
  v.tap = g_ui->taps;
  v.text = for_finger(text);
  v.at = ImGui::GetIO().MousePos;
  v.hint_done = true;
}

}  // namespace

void tips_frame(UiState& ui) { g_ui = &ui; }

bool finger_points() { return ImGui::GetIO().MouseSource == ImGuiMouseSource_TouchScreen; }

void tip_text(const char* text) {
  if (g_ui && finger_points())
    to_panel(text);
  else
    ImGui::SetTooltip("%s", text);
}

void tip(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  const std::string text = formatted_v(fmt, args);
  va_end(args);
  tip_text(text.c_str());
}

void wrapped_tooltip(const char* text) {
  if (g_ui && finger_points()) {
    to_panel(text);
    return;
  }
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(std::min(ImGui::GetFontSize() * 36.f, ImGui::GetIO().DisplaySize.x - 40.f));
  wrappable_text(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void describe(const char* text) {
  if (g_ui && finger_points() && !(g_ui->value.held && ImGui::IsMouseDown(0))) return;
  wrapped_tooltip(text);
}

void describef(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  const std::string text = formatted_v(fmt, args);
  va_end(args);
  describe(text.c_str());
}

void drag_zone(UiState& ui) {
  ui.drag_zones.push_back({last_item_rect(), ImGui::GetCurrentWindow()->ID});
}

void close_value_panel(UiState& ui) { ui.value.tapped = true; }

void draw_value_panel(UiState& ui, Rect screen) {
  ValuePanel& v = ui.value;
  if (v.tapped && !v.given) {  // a tap elsewhere than on the panel, with no value of its own: it closes
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (!v.last.contains(m.x, m.y)) v.open = false;
  }
  v.tapped = v.given = false;
  v.last = {};
  ui.probe.value_panel = {};
  ui.probe.value_close = {};
  ui.probe.value_text.clear();
  const float margin = 8.f, w = std::min(screen.w - 2 * margin, ImGui::GetFontSize() * 30.f);
  // Once, on a touch screen, after the first result: how to read a value (it lets taps through).
  // (Not during the tour: its card explains, and the hint would cover it.)
  bool hint = !v.open && !v.hint_done && ui.coarse && !ui.tour_open && !ui.lesson.playing && ui.first_result_at > 0 &&
              ui.now < ui.first_result_at + kHintMs;
  // Any tap ends it (a tab, a layer): it said its piece, and it covers what the finger goes to.
  if (hint && v.hint_taps < 0) v.hint_taps = ui.taps;
  if (hint && ui.taps != v.hint_taps) hint = false, v.hint_done = true;
  if (!v.open && !hint) return;
  // Away from the finger: at the bottom when it tapped the upper half, else at the top.
  const bool bottom = v.open ? v.at.y < screen.y + screen.h * 0.5f : true;
  const ImVec2 pos(std::clamp(v.open ? v.at.x - w * 0.5f : screen.x + (screen.w - w) * 0.5f, screen.x + margin,
                              screen.x + screen.w - w - margin),
                   bottom ? screen.y + screen.h - margin : screen.y + margin);
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always, ImVec2(0.f, bottom ? 1.f : 0.f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0.f), ImVec2(w, screen.h * 0.45f));
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_AlwaysAutoResize |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing;
  if (hint) flags |= ImGuiWindowFlags_NoInputs;
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::GetStyleColorVec4(ImGuiCol_PopupBg));
  ImGui::PushStyleColor(ImGuiCol_Border, ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram));
  ImGui::Begin("##value", nullptr, flags);
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  if (hint) {
    if (ui.layout == int(Layout::Tabs))  // a phone: why the tabs read (a) (c) (b) (d)
      wrapped_text(T("The tabs follow the data through the model: the image → its layers → the attention inside a layer → the classes. Under them, the encoder's layers: tap one to choose it."));
    wrapped_text(T("Tap any square, bar, cell or line to read its number here."));
    ui.animate_until = std::max(ui.animate_until, ui.first_result_at + kHintMs + 50);
  } else {
    const char* close = T("Close");
    const float close_w = ImGui::CalcTextSize(close).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - close_w - ImGui::GetStyle().ItemSpacing.x);
    wrappable_text(v.text.c_str());
    ImGui::PopTextWrapPos();
    const float text_bottom = ImGui::GetItemRectMax().y;
    ImGui::SetCursorPos(ImVec2(ImGui::GetContentRegionMax().x - close_w, ImGui::GetStyle().WindowPadding.y));
    if (ImGui::Button(close)) v.open = false;
    ui.probe.value_close = last_item_rect();
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, std::max(text_bottom, ImGui::GetCursorScreenPos().y)));
    ImGui::Dummy(ImVec2(0, 0));
    ui.probe.value_text = v.text;
  }
  ui.probe.value_panel = window_rect();
  if (!hint) v.last = ui.probe.value_panel;
  ImGui::End();
  ImGui::PopStyleColor(2);
}

}  // namespace vitvis

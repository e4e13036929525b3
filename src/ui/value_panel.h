// Values on a mouse's hover and on a finger's tap (#33). Views call tip() where they would call
// ImGui::SetTooltip: with a mouse it is that tooltip; when a finger tapped the thing, the same text goes
// into a small panel that stays until it is closed or the next tap, placed away from what was tapped
// (so it does not cover what is compared).
#pragma once
#include <imgui.h>

#include <string>

#include "ui/probe.h"

namespace vitvis {

struct UiState;

struct ValuePanel {
  bool open = false;
  std::string text;
  ImVec2 at;                 // where the finger tapped
  bool hint_done = false;    // the "tap to read its number" hint was shown and the first tap came
};

// At the start of each frame: where tip() writes (the panel of this UiState).
void tips_frame(UiState& ui);
// A finger points now (tips go into the panel instead of a tooltip).
bool finger_points();
void tip(const char* fmt, ...) IM_FMTARGS(1);
void tip_text(const char* text);
// A paragraph: a tooltip wrapped at ~36 em (or the screen's width) with a mouse; the panel on touch.
void wrapped_tooltip(const char* text);
// A new tap: the open panel closes (the tap may open it again with its own value).
void close_value_panel(UiState& ui);
// The last item is dragged on purpose (a slider, the drawing pad): a finger landing on it presses at once
// instead of scrolling (core/gesture.h).
void drag_zone(UiState& ui);
// At the end of draw_ui: the panel (touch only), or the one-time hint that values can be tapped.
void draw_value_panel(UiState& ui, Rect screen);

}  // namespace vitvis

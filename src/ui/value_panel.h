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
  int hint_taps = -1;        // ui.taps when the hint appeared
  int tap = -1;              // which tap (UiState::taps) gave its value
  bool held = false;         // the finger down now landed and rested (a long press)
  bool tapped = false;       // a new tap this frame: the panel closes at the frame's end unless the tap
                             // was on it (its Close button) or gave it a new value
  bool given = false;        // a value came this frame
  Rect last;                 // where the panel was drawn last frame
};

// At the start of each frame: where tip() writes (the panel of this UiState).
void tips_frame(UiState& ui);
// A finger points now (tips go into the panel instead of a tooltip).
bool finger_points();
void tip(const char* fmt, ...) IM_FMTARGS(1);
void tip_text(const char* text);
// A paragraph: a tooltip wrapped at ~36 em (or the screen's width) with a mouse; the panel on touch.
void wrapped_tooltip(const char* text);
// What a control does: wrapped_tooltip with a mouse; on touch only for a finger that rests on it (a long
// press), so a tap on a button acts without a panel of its description.
void describe(const char* text);
void describef(const char* fmt, ...) IM_FMTARGS(1);
// A new tap: the open panel closes at the end of this frame, unless the tap was on the panel or gave it a
// value (closing at once would let a tap on its Close button fall through to what lies under it).
void close_value_panel(UiState& ui);
// The last item is dragged on purpose (a slider, the drawing pad): a finger landing on it presses at once
// instead of scrolling (core/gesture.h).
void drag_zone(UiState& ui);
// At the end of draw_ui: the panel (touch only), or the one-time hint that values can be tapped.
void draw_value_panel(UiState& ui, Rect screen);

}  // namespace vitvis

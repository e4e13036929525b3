// The guided tour: ten steps from pixels to prediction, moving the selection and outlining the module.
#pragma once
#include <imgui.h>

#include "ui/ui_state.h"

namespace vitvis {

struct App;
struct UiState;

inline constexpr int kTourSteps = 11;
// What a tour step scrolls into view (to the top of its module).
enum TourView { kTourImage = 0, kTourPatch, kTourMatrix, kTourHeads, kTourTiles, kTourClasses, kTourRollout };
// Called where `view` starts in its module: scrolls the module there when a tour step asks, over a few
// frames (a window that has just appeared clamps the scroll to its last frame's content).
inline void tour_scroll_here(UiState& ui, int view) {
  if (ui.tour_scroll != view) return;
  // The line above as context where there is room; a phone (a module short under the tour's card) shows
  // the subject itself at the top.
  if (ui.layout == int(Layout::Tabs))
    ImGui::SetScrollFromPosY(ImGui::GetCursorPosY() - ImGui::GetScrollY() - ImGui::GetStyle().ItemSpacing.y, 0.f);
  else
    ImGui::SetScrollHereY(0.f);
  if (--ui.tour_scroll_frames <= 0) ui.tour_scroll = -1;
}

void start_tour(App& app, UiState& ui);
// The person's view before the tour or a lesson moves it, and back (the image too where asked: a lesson
// changes it, the tour does not).
void remember_view(const App& app, const UiState& ui, SavedView* saved);
void restore_view(App& app, UiState& ui, const SavedView& saved, bool image_too = false);
void draw_tour(App& app, UiState& ui);

}  // namespace vitvis

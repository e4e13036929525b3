// The guided tour: ten steps from pixels to prediction. Each step moves the one selection, opens the
// module's explanation and outlines the module it talks about; it can be left and resumed.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/analyses.h"
#include "ui/intents.h"
#include "ui/probe.h"
#include "ui/tour.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"

namespace vitvis {
namespace {

struct TourStep {
  int module;  // a Module; -1 = the whole app
  const char* title;
  const char* body;
};

// The steps' texts (keys resolved now, so the language can change between frames).
TourStep step_of(int i) {
  const TourStep steps[kTourSteps] = {
      {-1, T("tour.1.title"), T("tour.1.body")}, {0, T("tour.2.title"), T("tour.2.body")},
      {0, T("tour.3.title"), T("tour.3.body")},  {1, T("tour.4.title"), T("tour.4.body")},
      {1, T("tour.5.title"), T("tour.5.body")},  {1, T("tour.6.title"), T("tour.6.body")},
      {2, T("tour.7.title"), T("tour.7.body")},  {1, T("tour.8.title"), T("tour.8.body")},
      {3, T("tour.9.title"), T("tour.9.body")},  {4, T("tour.10.title"), T("tour.10.body")},
      {3, T("tour.11.title"), T("tour.11.body")}};
  return steps[std::clamp(i, 0, kTourSteps - 1)];
}

// What each step shows: the selection it sets and the explanation it opens.
void enter_step(App& app, UiState& ui, int i) {
  ui.tour_step = i;
  for (bool& o : ui.info_open) o = false;
  ui.show_insights = false;
  ui.steps.open = false;
  ui.own_open = false;
  // On a phone or a tablet a module is short and the card covers part of it: the view the step talks
  // about scrolls to the module's top (its explanation, opened above it, is a scroll away).
  static constexpr int kView[kTourSteps] = {-1,           kTourImage,   kTourPatch, kTourMatrix,
                                            kTourMatrix,  kTourMatrix,  kTourTiles, kTourMatrix,
                                            kTourClasses, kTourRollout, -1};
  ui.tour_scroll = ui.layout != int(Layout::Columns) ? kView[i] : -1;
  ui.tour_scroll_frames = 4;
  // A phone shows one module: the one this step is about.
  if (ui.layout == int(Layout::Tabs) && step_of(i).module >= 0 && step_of(i).module < kModuleWindows)
    ui.phone_module = step_of(i).module;
  if (!app.model) return;
  const ModelSpec& s = app.model->spec;
  const int centre = s.token_of_patch(s.grid() / 2, s.grid() / 2);
  switch (i) {
    case 0:
      if (app.sel.image < 0 && !app.model->samples.empty()) select_image(app, 0);
      break;
    case 1:  // the patch grid
      app.sel.token = centre, app.sel.pinned = true, ui.info_open[0] = true;
      break;
    case 2:  // one patch becomes a vector
      app.sel.token = centre, app.sel.pinned = true;
      break;
    case 3:  // the attention matrix, first layer, one head
      focus_layer(app, ui, 0), app.sel.head = 0, ui.info_open[1] = true;
      break;
    case 4:  // the selected patch's row and where it looks on the image
      app.sel.token = centre, app.sel.pinned = true, ui.attn.show_overlay = true;
      break;
    case 5:  // heads differ
      app.sel.head = std::min(1, s.heads - 1);
      break;
    case 6:  // the layers' outputs
      app.sel.hidden = 1, ui.info_open[2] = true;
      break;
    case 7:  // deeper: the last layer, mean of heads
      focus_layer(app, ui, s.layers - 1), app.sel.hidden = s.layers, app.sel.head = -1;
      break;
    case 8:  // the class token decides
      ui.info_open[3] = true;
      if (app.shown) app.sel.cls = app.sel.pinned_cls = app.shown->result.top_k(1)[0].index;
      break;
    case 9:  // where the class token looks overall: attention rollout (and the occlusion map beside it)
      open_analyses(ui, kRolloutTab);
      break;
    default:  // your own classes: a new head on the same features
      ui.own_open = true;
      break;
  }
}

}  // namespace

void start_tour(App& app, UiState& ui) {
  ui.tour_open = true;
  const bool resume = ui.tour_step > 0 && ui.tour_step < kTourSteps;
  enter_step(app, ui, resume ? ui.tour_step : 0);
}

void draw_tour(App& app, UiState& ui) {
  ui.probe.tour = ui.probe.tour_next = ui.probe.tour_back = ui.probe.tour_leave = {};
  if (!ui.tour_open) return;
  const int i = std::clamp(ui.tour_step, 0, kTourSteps - 1);
  const TourStep st = step_of(i);
  const ImVec2 disp = ImGui::GetIO().DisplaySize;
  // Outline the module talked about, and put the card beside it (or in the middle).
  Rect target = st.module >= 0 && st.module < kModuleWindows ? ui.probe.modules[size_t(st.module)] : Rect{};
  if (st.module == int(Module::Analyses)) target = ui.probe.insights;
  const float w = std::min(380.f * ui.ui_scale, disp.x - 20.f);
  if (target.w > 0)
    ImGui::GetForegroundDrawList()->AddRect(ImVec2(target.x - 2, target.y - 2),
                                            ImVec2(target.x + target.w + 2, target.y + target.h + 2),
                                            IM_COL32(255, 200, 60, 255), 4.f, 0, 4.f);
  // One place for the card, whatever the step: its bottom-right corner just above the status line, so
  // Next stays under the finger (or the mouse) from the first step to the last.
  const ImVec2 pos(disp.x - 12.f, disp.y - 32.f * ui.ui_scale - 12.f);
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always, ImVec2(1.f, 1.f));
  ImGui::SetNextWindowSize(ImVec2(w, 0));
  ImGui::SetNextWindowFocus();
  char title[96];
  std::snprintf(title, sizeof title, T("Tour %d / %d###tour"), i + 1, kTourSteps);
  ImGui::Begin(title, nullptr,
               ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushTextWrapPos(0.f);
  ImGui::PushStyleColor(ImGuiCol_Text, kMarkText);
  wrappable_text(st.title);
  ImGui::PopStyleColor();
  wrappable_text(st.body);
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ImGui::BeginDisabled(i == 0);
  if (ImGui::Button(T("◀ Back"))) enter_step(app, ui, i - 1);
  ImGui::EndDisabled();
  ui.probe.tour_back = last_item_rect();
  ImGui::SameLine();
  if (ImGui::Button(i + 1 < kTourSteps ? T("Next ▶") : T("Finish"))) {
    if (i + 1 < kTourSteps) {
      enter_step(app, ui, i + 1);
    } else {
      ui.tour_step = kTourSteps;
      ui.tour_open = false;
      ui.show_insights = false;  // the tour leaves the app as it found it
      ui.own_open = false;
    }
  }
  ui.probe.tour_next = last_item_rect();
  ImGui::SameLine();
  if (ImGui::Button(T("Leave (resume later)"))) ui.tour_open = false;  // tour_step is kept: "Resume tour"
  ui.probe.tour_leave = last_item_rect();
  ui.probe.tour = window_rect();
  ImGui::End();
}

}  // namespace vitvis

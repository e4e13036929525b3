// The guided tour: ten steps from pixels to prediction. Each step moves the one selection, opens the
// module's explanation and outlines the module it talks about; it can be left and resumed.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <vector>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/analyses.h"
#include "ui/intents.h"
#include "ui/probe.h"
#include "ui/tour.h"
#include "ui/ui_state.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace vitvis {
namespace {

struct TourStep {
  int module;  // a Module; -1 = the whole app
  const char* title;
  const char* body;
  const char* touch = nullptr;  // the body on a touch screen, where it says how to point
};

// The steps' texts (keys resolved now, so the language can change between frames).
TourStep step_of(int i) {
  const TourStep steps[kTourSteps] = {
      {-1, T("tour.1.title"), T("tour.1.body")},
      {0, T("tour.2.title"), T("tour.2.body")},
      {0, T("tour.3.title"), T("tour.3.body"), T("tour.3.touch")},
      {1, T("tour.4.title"), T("tour.4.body"), T("tour.4.touch")},
      {1, T("tour.5.title"), T("tour.5.body"), T("tour.5.touch")},
      {1, T("tour.6.title"), T("tour.6.body"), T("tour.6.touch")},
      {2, T("tour.7.title"), T("tour.7.body"), T("tour.7.touch")},
      {1, T("tour.8.title"), T("tour.8.body")},
      {3, T("tour.9.title"), T("tour.9.body"), T("tour.9.touch")},
      {4, T("tour.10.title"), T("tour.10.body")},
      {3, T("tour.11.title"), T("tour.11.body")}};
  return steps[std::clamp(i, 0, kTourSteps - 1)];
}

// What a step talks about, as drawn in the last frame (the first rect is where it scrolls to); the card
// goes beside these, never over them.
std::vector<Rect> subjects(const UiState& ui, int i) {
  const Probe& p = ui.probe;
  auto unite = [](std::initializer_list<Rect> rs) {
    Rect u;
    for (const Rect& r : rs) {
      if (r.w <= 0 || r.h <= 0) continue;
      if (u.w <= 0) {
        u = r;
        continue;
      }
      const float x1 = std::max(u.x + u.w, r.x + r.w), y1 = std::max(u.y + u.h, r.y + r.h);
      u.x = std::min(u.x, r.x), u.y = std::min(u.y, r.y), u.w = x1 - u.x, u.h = y1 - u.y;
    }
    return u;
  };
  auto first = [&](const std::vector<Rect>& v, size_t n) {
    Rect u;
    for (size_t k = 0; k < std::min(n, v.size()); ++k) u = unite({u, v[k]});
    return u;
  };
  switch (i) {
    case 1: return {p.image};
    case 2: return {unite({p.pixel_strip, p.embedding_strip})};
    case 3:
    case 7: return {p.attention};
    case 4: return {p.attention, p.image};
    case 5: return {first(p.head_thumbs, 16)};
    case 6: return {first(p.channel_tiles, 4)};
    case 8: return {unite({first(p.top_labels, 3), first(p.top_bars, 3)})};  // the classes (the strip is tall)
    case 9: return {p.insights};
    case 10: return {p.own_window};
    default: return {};
  }
}

// The yellow outline of the module a step talks about, over everything but the card (it never cuts the
// card's words): each edge drawn in the parts outside the card.
void outline_around(const Rect& t, const Rect& card) {
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImU32 col = IM_COL32(255, 200, 60, 255);
  const float x0 = t.x - 2, y0 = t.y - 2, x1 = t.x + t.w + 2, y1 = t.y + t.h + 2, th = 4.f;
  auto segment = [&](ImVec2 a, ImVec2 b) {  // a horizontal or vertical edge, minus the card's span
    const bool horizontal = a.y == b.y;
    const float c = horizontal ? a.y : a.x, lo = horizontal ? a.x : a.y, hi = horizontal ? b.x : b.y;
    const float cl = horizontal ? card.y - th : card.x - th, ch = horizontal ? card.y + card.h + th : card.x + card.w + th;
    const float sl = horizontal ? card.x : card.y, sh = horizontal ? card.x + card.w : card.y + card.h;
    auto line = [&](float from, float to) {
      if (to <= from) return;
      dl->AddLine(horizontal ? ImVec2(from, c) : ImVec2(c, from), horizontal ? ImVec2(to, c) : ImVec2(c, to), col, th);
    };
    if (card.w <= 0 || c < cl || c > ch || sh <= lo || sl >= hi) return line(lo, hi);
    line(lo, std::min(hi, sl));
    line(std::max(lo, sh), hi);
  };
  segment(ImVec2(x0, y0), ImVec2(x1, y0));
  segment(ImVec2(x0, y1), ImVec2(x1, y1));
  segment(ImVec2(x0, y0), ImVec2(x0, y1));
  segment(ImVec2(x1, y0), ImVec2(x1, y1));
}

bool overlaps(const Rect& a, const Rect& b) {
  return a.w > 0 && b.w > 0 && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// Where the card goes (and, where room is short, how wide): its usual place, the bottom-right corner (Next stays under the finger from step
// to step), unless it would cover what the step talks about; then beside that (right, left, below,
// above), on screen and over none of the step's subjects.
ImVec2 card_place(const UiState& ui, const std::vector<Rect>& subj, ImVec2 card, ImVec2 disp, float* width) {
  const float m = 10.f, top = (ui.coarse ? 56.f : 40.f) * ui.ui_scale, bottom = disp.y - 32.f * ui.ui_scale - m;
  const ImVec2 corner(disp.x - m - card.x, bottom - card.y);
  // A phone: always at the bottom; the module shown ends above it (layout.cpp) and is scrolled to the
  // subject, so nothing the step talks about is under the card.
  if (subj.empty() || subj[0].w <= 0 || ui.layout == int(Layout::Tabs)) return corner;
  const Rect& s = subj[0];
  auto clampx = [&](float x) { return std::clamp(x, m, std::max(m, disp.x - m - card.x)); };
  auto clampy = [&](float y) { return std::clamp(y, top + m, std::max(top + m, bottom - card.y)); };
  const ImVec2 tries[5] = {corner, {s.x + s.w + m, clampy(s.y)}, {s.x - m - card.x, clampy(s.y)},
                           {clampx(s.x), s.y + s.h + m}, {clampx(s.x), s.y - m - card.y}};
  auto fits = [&](ImVec2 at, float cw) {
    const Rect c{at.x, at.y, cw, card.y};
    if (at.x < m - 0.5f || at.y < top - 0.5f || at.x + cw > disp.x - m + 0.5f || at.y + card.y > bottom + 0.5f)
      return false;
    bool clear = true;
    for (const Rect& r : subj) clear = clear && !overlaps(c, r);
    return clear;
  };
  for (const ImVec2& at : tries)
    if (fits(at, card.x)) return at;
  // No room for the whole width: a narrower card in the wider gap beside the subject (taller; the next
  // frame places it with its new height).
  const float right = disp.x - m - (s.x + s.w + m), left = s.x - 2 * m, least = 240.f * ui.ui_scale;
  if (std::max(right, left) >= least) {
    *width = std::max(right, left);
    const ImVec2 low(disp.x - m - *width, bottom - card.y), at(right >= left ? s.x + s.w + m : m, clampy(s.y));
    if (fits(low, *width)) return low;  // still in its corner where that clears the subject
    if (fits(at, *width)) return at;
  }
  return corner;
}

}  // namespace

// The view the person had (the image only where it is asked back: the tour does not change it).
void remember_view(const App& app, const UiState& ui, SavedView* saved) {
  SavedView& r = *saved;
  r.sel = app.sel;
  std::copy(std::begin(ui.info_open), std::end(ui.info_open), std::begin(r.info_open));
  r.show_insights = ui.show_insights, r.insights_tab = ui.insights_tab, r.steps_open = ui.steps.open;
  r.own_open = ui.own_open, r.overlay = ui.attn.show_overlay, r.phone_module = ui.phone_module, r.focus = ui.focus;
  r.focus2 = ui.focus2;
  std::copy(std::begin(ui.module_scroll), std::end(ui.module_scroll), std::begin(r.scroll));
}
void restore_view(App& app, UiState& ui, const SavedView& r, bool image_too) {
  const int image = app.sel.image;
  app.sel = r.sel;
  app.sel.image = image;
  if (image_too && r.sel.image >= 0 && r.sel.image != image) select_image(app, r.sel.image);
  std::copy(std::begin(r.info_open), std::end(r.info_open), std::begin(ui.info_open));
  ui.show_insights = r.show_insights, ui.insights_tab = r.insights_tab, ui.insights_force_tab = r.show_insights;
  ui.steps.open = r.steps_open, ui.own_open = r.own_open, ui.attn.show_overlay = r.overlay;
  ui.phone_module = r.phone_module, ui.focus = r.focus;
  ui.focus2 = r.focus2;
  std::copy(std::begin(r.scroll), std::end(r.scroll), std::begin(ui.scroll_back));
  ui.tour_scroll = -1;
  animate(ui, 100);  // the scroll is set in the next frames
}

namespace {

// What each step shows: the selection it sets and the explanation it opens.
void enter_step(App& app, UiState& ui, int i) {
  ui.tour_step = i;
  for (bool& o : ui.info_open) o = false;
  ui.show_insights = false;
  ui.steps.open = false;
  ui.own_open = false;
  // What the step talks about scrolls to its module's top (the explanation a step opens above it is a
  // scroll away, never pushing it below the fold).
  static constexpr int kView[kTourSteps] = {-1,           kTourImage,   kTourPatch, kTourMatrix,
                                            kTourMatrix,  kTourHeads,   kTourTiles, kTourMatrix,
                                            kTourClasses, kTourRollout, -1};
  ui.tour_scroll = kView[i];
  ui.tour_scroll_frames = 4;
  // The focus layout shows the module this step is about large.
  if (ui.focus >= 0 && step_of(i).module >= 0 && step_of(i).module < kModuleWindows) make_large(ui, step_of(i).module);
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
  remember_view(app, ui, &ui.tour_return);
  ui.tour_open = true;
  const bool resume = ui.tour_step > 0 && ui.tour_step < kTourSteps;
  enter_step(app, ui, resume ? ui.tour_step : 0);
}

void draw_tour(App& app, UiState& ui) {
  ui.probe.tour = ui.probe.tour_next = ui.probe.tour_back = ui.probe.tour_leave = {};
  if (!ui.tour_open) {
    ui.probe.tour_subject = {};
    return;
  }
  const int i = std::clamp(ui.tour_step, 0, kTourSteps - 1);
  const TourStep st = step_of(i);
  const ImVec2 disp = ImGui::GetIO().DisplaySize;
  // Outline the module talked about, and put the card beside it (or in the middle).
  Rect target = st.module >= 0 && st.module < kModuleWindows ? ui.probe.modules[size_t(st.module)] : Rect{};
  if (st.module == int(Module::Analyses)) target = ui.probe.insights;
  const float w = std::min(380.f * ui.ui_scale, disp.x - 20.f);
  const std::vector<Rect> subj = subjects(ui, i);
  const Rect was = ui.probe.tour_subject;
  ui.probe.tour_subject = subj.empty() ? Rect{} : subj[0];
  const Rect& now = ui.probe.tour_subject;
  if (now.x != was.x || now.y != was.y || now.w != was.w || now.h != was.h) animate(ui, 100);  // it moved: again
  // The card beside what the step talks about (its size: the last frame's; the first frame of a step
  // guesses and the next one corrects).
  const ImVec2 card(w, ui.tour_card_h > 0 ? ui.tour_card_h : 220.f * ui.ui_scale);
  float card_w = w;
  ImGui::SetNextWindowPos(card_place(ui, subj, card, disp, &card_w), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(card_w, 0));
  ImGui::SetNextWindowFocus();
  char title[96];
  std::snprintf(title, sizeof title, T("Tour %d / %d###tour"), i + 1, kTourSteps);
  ImGui::Begin(title, nullptr,
               ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushTextWrapPos(0.f);
  ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Mark));
  wrappable_text(st.title);
  ImGui::PopStyleColor();
  const char* body = ui.coarse && st.touch ? st.touch : st.body;
  wrappable_text(body);
  ui.probe.tour_text = std::string(st.title) + "\n" + body;
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
      restore_view(app, ui, ui.tour_return);  // the tour leaves the app as it found it
    }
  }
  ui.probe.tour_next = last_item_rect();
  ImGui::SameLine();
  if (ImGui::Button(T("Leave (resume later)"))) {  // tour_step is kept: "Resume tour"
    ui.tour_open = false;
    restore_view(app, ui, ui.tour_return);
  }
  ui.probe.tour_leave = last_item_rect();
  ui.probe.tour = window_rect();
  ui.tour_card_h = ui.probe.tour.h;
  if (target.w > 0) outline_around(target, ui.probe.tour);
  if (std::abs(ui.probe.tour.h - card.y) > 0.5f) animate(ui, 100);  // placed for another height: once more
  ImGui::End();
}

}  // namespace vitvis

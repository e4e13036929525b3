// Module (a), "What if it could not see this?" (#19): hiding patches with a brush, what fills them, undo
// and reset; the occlusion sweep with its progress and cancel; its map over the image, in (a) and beside
// the attention rollout in Analyses.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/heatmap.h"
#include "ui/image_panel.h"
#include "ui/intents.h"
#include "ui/labels.h"
#include "ui/ui_state.h"
#include "ui/whatif_panel.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"

namespace vitvis {
namespace {

const char* fill_label(HideFill f) {
  switch (f) {
    case HideFill::Zero: return T("zero (black)");
    case HideFill::Blur: return T("blur");
    default: return T("image mean");
  }
}

const char* fill_tip(HideFill f) {
  switch (f) {
    case HideFill::Zero: return T("whatif.fill.zero");
    case HideFill::Blur: return T("whatif.fill.blur");
    default: return T("whatif.fill.mean");
  }
}

int patch_at(ImVec2 p, float cell, int g, ImVec2 m) {
  const int c = int((m.x - p.x) / cell), r = int((m.y - p.y) / cell);
  if (m.x < p.x || m.y < p.y || c < 0 || r < 0 || c >= g || r >= g) return -1;
  return r * g + c;
}

void draw_sweep_row(App& app, UiState& ui) {
  WhatIf& w = app.whatif;
  const float fh = ImGui::GetFrameHeight();
  if (w.sweeping) {
    const int done = w.current.sweep.done(), runs = w.current.sweep.runs();
    char b[64];
    std::snprintf(b, sizeof b, T("hiding %d of %d…"), done + 1 > runs ? runs : done + 1, runs);
    const float cancel_w = ImGui::CalcTextSize(T("Cancel###occ_cancel")).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::ProgressBar(runs ? float(done) / float(runs) : 0.f,
                       ImVec2(std::max(80.f, ImGui::GetContentRegionAvail().x - cancel_w - 8.f), fh), b);
    ui.probe.occlusion_progress = last_item_rect();
    ImGui::SameLine();
    if (ImGui::Button(T("Cancel###occ_cancel"))) cancel_occlusion(app);
    ui.probe.occlusion_cancel = last_item_rect();
    return;
  }
  ui.probe.occlusion_progress = ui.probe.occlusion_cancel = {};
  const bool have = occlusion_for_shown(app) != nullptr;
  if (!have) {
    if (ImGui::Button(T("Occlusion map###occ_start"))) {
      start_occlusion(app);
      ui.whatif.overlay = true;
    }
    ui.probe.occlusion_start = last_item_rect();
    if (ImGui::IsItemHovered()) {
      char tip[1024];
      std::snprintf(tip, sizeof tip, T("whatif.occlusion.tip"), w.window, w.window,
                    OcclusionSweep(app.model->spec.grid(), w.window, {}).runs());
      wrapped_tooltip(tip);
    }
  } else {
    ImGui::Checkbox(T("Occlusion overlay###occ_overlay"), &ui.whatif.overlay);
    ui.probe.occlusion_start = last_item_rect();
    if (ui.whatif.overlay) ui.attn.show_overlay = false;
    if (ImGui::IsItemHovered()) describe(T("whatif.occlusion.overlay_tip"));
  }
  // The window: one patch at a time, or a square of 2 x 2 or 3 x 3 (coarser, fewer runs).
  // (a finger's padding cut "1 x 1" to "1 x" when the width left it out)
  const char* const widest_window[] = {"3 x 3"};
  const float combo_w = combo_width(widest_window);
  if (fits_width_on_line(combo_w)) ImGui::SameLine();
  char win[16];
  std::snprintf(win, sizeof win, "%d x %d", w.window, w.window);
  ImGui::SetNextItemWidth(combo_w);
  if (ImGui::BeginCombo("##occ_window", win)) {
    for (int k = 1; k <= std::min(3, app.model->spec.grid()); ++k) {
      char item[16];
      std::snprintf(item, sizeof item, "%d x %d", k, k);
      if (ImGui::Selectable(item, w.window == k)) w.window = k;
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) describe(T("How many patches the sweep hides at a time (a square)."));
}

// Compare two images: pin the shown one as A; the next one shown is B.
void draw_compare_row(App& app, UiState& ui) {
  const WhatIf& w = app.whatif;
  ui.probe.pin_a = ui.probe.unpin_a = {};
  if (!w.pinned) {
    same_line_if_fits(T("Pin as A###pin_a"));
    if (small_button(ui.coarse, T("Pin as A###pin_a"))) pin_compare(app);
    ui.probe.pin_a = last_item_rect();
    if (ImGui::IsItemHovered()) describe(T("whatif.compare.tip"));
    return;
  }
  if (small_button(ui.coarse, T("Unpin A###unpin_a"))) {
    unpin_compare(app);
    return;
  }
  ui.probe.unpin_a = last_item_rect();
  ImGui::SameLine();
  const ClassScore top = w.pinned->result.top_k(1)[0];
  char line[300];
  std::snprintf(line, sizeof line, T("A: %s, %s %.1f %%"), run_name(app, *w.pinned).c_str(),
                shown_class_label(app, top.index), 100.0 * double(top.probability));
  ImGui::TextUnformatted(fitted(line, ImGui::GetContentRegionAvail().x).c_str());
  if (ImGui::IsItemHovered()) tip_text(line);
  if (!compare_a(app)) hint(T("Now pick another image (or hide patches): it is B, shown beside A."));
}

}  // namespace

std::string run_name(const App& app, const Snapshot& run) {
  char b[96];
  if (run.image >= 0)
    std::snprintf(b, sizeof b, T("sample %d"), run.image + 1);
  else
    std::snprintf(b, sizeof b, "%s", T("drawing or camera"));
  std::string name = b;
  if (run.edited()) name += std::string(" ") + T("(patches hidden)");
  (void)app;
  return name;
}

int occlusion_class(const App& app) {
  if (app.sel.cls >= 0) return app.sel.cls;
  const auto& o = app.whatif.original;
  if (!o) return -1;
  const auto top = o->result.top_k(1);
  return top.empty() ? -1 : top[0].index;
}

const WhatIfView* occlusion_map(const App& app, UiState& ui) {
  const WhatIf& w = app.whatif;
  const WhatIf::Sweep* s = occlusion_for_shown(app);
  if (!s && w.sweeping && w.original && w.current.generation == w.original->generation) s = &w.current;
  if (!s || !app.model) return nullptr;
  WhatIfView& v = ui.whatif;
  const int cls = occlusion_class(app);
  if (v.key.changed(s->generation, int(s->fill), s->sweep.window(), cls, s->sweep.done())) {
    v.map = s->sweep.drop_map(cls);
    v.cls = cls;
    v.tex.upload(s->sweep.grid(), s->sweep.grid(), v.map);
    v.scale = diverging_scale(v.map);
    if (v.scale.hi <= 0.f) v.scale = {-1e-3f, 1e-3f, false};
  }
  return &v;
}

void hide_brush(App& app, UiState& ui, ImVec2 p, float cell) {
  WhatIfView& v = ui.whatif;
  const int g = app.model->spec.grid();
  const int i = patch_at(p, cell, g, ImGui::GetIO().MousePos);
  if (ImGui::IsItemActivated() && i >= 0) {
    v.stroke = app.whatif.hidden;
    if (v.stroke.size() != size_t(g) * size_t(g)) v.stroke.assign(size_t(g) * size_t(g), 0);
    v.paint = v.stroke[size_t(i)] ? 0 : 1;  // starting on a hidden patch shows patches again
    v.painting = true;
  }
  if (v.painting && ImGui::IsItemActive() && i >= 0) v.stroke[size_t(i)] = v.paint;
  if (v.painting && !ImGui::IsItemActive()) {
    v.painting = false;
    set_hidden(app, v.stroke);  // one run, one undo step per stroke
  }
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
    describe(T("Click or drag over patches to hide them; start on a hidden patch to show them again."));
}

void draw_hidden_marks(const App& app, const UiState& ui, ImVec2 p, float cell) {
  if (!app.model) return;
  const PatchMask& m = ui.whatif.painting ? ui.whatif.stroke : app.whatif.hidden;
  const int g = app.model->spec.grid();
  if (m.size() != size_t(g) * size_t(g)) return;
  const bool drawn = app.shown && app.shown->hidden == m;  // the image shows them filled already
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 mark = IM_COL32(255, 140, 60, 230);
  for (int r = 0; r < g; ++r)
    for (int c = 0; c < g; ++c) {
      if (!m[size_t(r * g + c)]) continue;
      const ImVec2 a(p.x + float(c) * cell, p.y + float(r) * cell), b(a.x + cell, a.y + cell);
      if (!drawn) dl->AddRectFilled(a, b, IM_COL32(20, 22, 28, 160));
      dl->AddLine(ImVec2(a.x + 2, b.y - 2), ImVec2(b.x - 2, a.y + 2), mark, 1.5f);
      dl->AddRect(a, b, mark, 0, 0, 1.5f);
    }
}

void draw_whatif_controls(App& app, UiState& ui) {
  ui.probe.hide_toggle = ui.probe.hide_fill = ui.probe.hide_undo = ui.probe.hide_reset = ui.probe.occlusion_start = {};
  if (!app.model || !app.shown) return;
  WhatIf& w = app.whatif;
  const ModelSpec& s = app.model->spec;
  ImGui::Checkbox(T("Hide patches###hide"), &w.hiding);
  ui.probe.hide_toggle = last_item_rect();
  if (ImGui::IsItemHovered()) describe(T("whatif.hide.tip"));
  // The combo as wide as its longest choice ("zero (black)" was cut).
  const char* fills[kHideFills];
  for (int f = 0; f < kHideFills; ++f) fills[f] = fill_label(HideFill(f));
  const float fill_w = combo_width(fills);
  if (fits_width_on_line(fill_w)) ImGui::SameLine();
  ImGui::SetNextItemWidth(fill_w);
  if (ImGui::BeginCombo("##fill", fill_label(w.fill))) {
    for (int f = 0; f < kHideFills; ++f) {
      if (ImGui::Selectable(fill_label(HideFill(f)), int(w.fill) == f)) set_hide_fill(app, HideFill(f));
      if (ImGui::IsItemHovered()) wrapped_tooltip(fill_tip(HideFill(f)));
    }
    ImGui::EndCombo();
  }
  ui.probe.hide_fill = last_item_rect();
  if (ImGui::IsItemHovered())
    wrapped_tooltip((std::string(T("What covers a hidden patch.")) + "\n" + fill_tip(w.fill)).c_str());
  same_line_if_fits(T("Undo###hide_undo"));
  ImGui::BeginDisabled(w.undo.empty());
  if (small_button(ui.coarse, T("Undo###hide_undo"))) undo_hidden(app);
  ImGui::EndDisabled();
  ui.probe.hide_undo = last_item_rect();
  same_line_if_fits(T("Reset###hide_reset"));
  ImGui::BeginDisabled(hidden_count(w.hidden) == 0);
  if (small_button(ui.coarse, T("Reset###hide_reset"))) set_hidden(app, {});
  ImGui::EndDisabled();
  ui.probe.hide_reset = last_item_rect();
  // What hiding did, in one line: the unedited prediction's probability before and after.
  const int n = hidden_count(w.hidden);
  if (n && w.original && app.shown->edited()) {
    const int k = w.original->result.top_k(1)[0].index;
    const float before = w.original->result.probabilities()[size_t(k)];
    const float now = app.shown->result.probabilities()[size_t(k)];
    wrapped_textf(T("%d of %d patches hidden: %s %.1f %% → %.1f %%"), n, s.num_patches(), shown_class_label(app, k),
                  100.0 * double(before), 100.0 * double(now));
  } else if (w.hiding) {
    hint(ui.coarse ? T("Tap or drag over the patches above to hide them.")
                   : T("Click or drag over the patches above to hide them."));
  }
  draw_sweep_row(app, ui);
  draw_compare_row(app, ui);
  ui.probe.show_change = {};
  if (reference_run(app)) {  // hidden patches, or A and B: the difference views
    if (ImGui::Checkbox(T("Show the change in (b) and (c)###show_change"), &w.show_change)) animate(ui, 100);
    ui.probe.show_change = last_item_rect();
    if (ImGui::IsItemHovered()) describe(T("whatif.change.tip"));
  }
  if (const WhatIfView* v = occlusion_map(app, ui); v && ui.whatif.overlay) {
    char cap[300];
    std::snprintf(cap, sizeof cap, T("how much hiding each patch lowers the probability of %s"),
                  fitted(shown_class_label(app, v->cls), 160.f).c_str());
    draw_legend(ColorMap::CoolWarm, v->scale, std::min(ImGui::GetContentRegionAvail().x, 240.f * ui.ui_scale), cap);
    // Which image it was measured on, and why the attention overlay went.
    hint(hidden_count(w.hidden) > 0
             ? T("Measured on the original image, with none of your patches hidden. It is shown instead of the attention overlay.")
             : T("Measured on this image. It is shown instead of the attention overlay."));
  }
}

void draw_occlusion_picture(App& app, UiState& ui, float side) {
  ui.probe.occlusion_map = {};
  const WhatIf& w = app.whatif;
  const WhatIfView* v = occlusion_map(app, ui);
  if (!v || !w.original) {
    hint(T("Not computed yet for this image."));
    if (!w.sweeping && ImGui::Button(T("Compute the occlusion map###occ_compute"))) start_occlusion(app);
    if (w.sweeping)
      ImGui::ProgressBar(float(w.current.sweep.done()) / float(std::max(1, w.current.sweep.runs())), ImVec2(side, 0));
    return;
  }
  ImageTextures& im = ui.images;
  if (im.original_key.changed(w.original->generation))
    im.original.upload_planes(w.original->input.channels, w.original->input.size, w.original->input.pixels);
  ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
  ImGui::InvisibleButton("occlusion", ImVec2(side, side));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddImage(im.original.imgui_id(), p, q);
  draw_heatmap(v->tex, p, q, ColorMap::CoolWarm, v->scale, 0.7f);
  dl->AddRect(p, q, IM_COL32(150, 150, 160, 200));
  ui.probe.occlusion_map = rect_of(p, q);
  const int g = app.model->spec.grid();
  if (ImGui::IsItemHovered()) {
    const int i = patch_at(p, side / float(g), g, ImGui::GetIO().MousePos);
    if (i >= 0)
      tip(T("patch (%d, %d): hiding it lowers P(%s) by %+.4f on average"), i / g + 1, i % g + 1,
                        shown_class_label(app, v->cls), double(v->map[size_t(i)]));
  }
  char cap[300];
  std::snprintf(cap, sizeof cap, T("how much hiding each patch lowers the probability of %s"), fitted(shown_class_label(app, v->cls), 160.f).c_str());
  draw_legend(ColorMap::CoolWarm, v->scale, side, cap);
}

}  // namespace vitvis

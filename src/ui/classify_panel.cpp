// Module (d): the class token's final vector linked to the top-10 classes. Lines carry each
// dimension's contribution (value x head weight) to a class's logit; folds to a compact bar view.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/analyses.h"
#include "ui/classify_panel.h"
#include "ui/heatmap.h"
#include "ui/intents.h"
#include "ui/labels.h"
#include "ui/motion.h"
#include "ui/model_card.h"
#include "ui/module_frame.h"
#include "ui/probe.h"
#include "ui/tour.h"
#include "ui/ui_state.h"
#include "ui/whatif_panel.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"
#include "ui/theme.h"

namespace vitvis {
namespace {

float segment_distance(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
  float t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0.f;
  t = std::clamp(t, 0.f, 1.f);
  const float ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return std::sqrt(ex * ex + ey * ey);
}

// Class k's probability in the reference run (#19: image A when comparing, the unedited image when
// patches are hidden), else -1.
float reference_probability(const App& app, int k) {
  const Snapshot* o = reference_run(app);
  if (!o || k < 0 || k >= int(o->result.probabilities().size())) return -1.f;
  return o->result.probabilities()[size_t(k)];
}

// The true class of the image the shown result belongs to (not of an image still on its way).
bool is_true_class(const App& app, int k) {
  return app.shown && app.shown->true_label >= 0 && app.shown->true_label == k;
}

// The room of the ✓ (true class) or ✗ (a wrong answer) beside a class name.
float mark_width() { return ImGui::CalcTextSize(" ✓").x + 4.f; }

// One class row: label (shortened with "…" to its column; the whole label is in the tooltip),
// probability bar; returns whether it is hovered.
// A class's number as its bar shows it: the probability, and the change against the reference run.
std::string bar_number(const App& app, int k, float prob) {
  char buf[48];
  const float before = reference_probability(app, k);
  if (before >= 0.f)  // the change against the reference run, in percentage points
    std::snprintf(buf, sizeof buf, "%.2f %% (%+.1f)", 100.0 * prob, 100.0 * double(prob - before));
  else
    std::snprintf(buf, sizeof buf, "%.2f %%", 100.0 * prob);
  return buf;
}

// The room the widest of these classes' numbers needs inside its bar: numbers are never clipped, the
// labels give way (shortened with "…").
float number_room(const App& app, const std::vector<ClassScore>& top) {
  float w = 0.f;
  for (const ClassScore& c : top) w = std::max(w, ImGui::CalcTextSize(bar_number(app, c.index, c.probability).c_str()).x);
  return w + ImGui::GetStyle().FramePadding.x * 2.f + 4.f;
}

// The label's width in a row of `row_w`: `want`, less what the number needs, but never below "Ab…".
float label_room(float want, float row_w, float number_w) {
  return std::max(std::min(want, row_w - number_w), ImGui::CalcTextSize("Ab…").x);
}

bool class_row(const App& app, UiState& ui, const std::string& label, int k, float prob, float label_w, float bar_w) {
  ImGui::PushID(k);
  const float x0 = ImGui::GetCursorPosX();  // window-local: SameLine offsets are relative to the window
  // The true class gets ✓; a wrong prediction (the top row, when the true class is known) gets ✗.
  const bool wrong =
      app.shown->true_label >= 0 && k != app.shown->true_label && k == app.shown->result.top_k(1)[0].index;
  const float check = is_true_class(app, k) || wrong ? mark_width() : 0.f;
  ImGui::AlignTextToFramePadding();
  const std::string shown = fitted(label, label_w - check - ImGui::GetStyle().ItemSpacing.x);
  ImGui::TextUnformatted(shown.c_str());
  ui.probe.top_labels.push_back(last_item_rect());
  if (shown != label) ++ui.probe.top_labels_shortened;
  if (is_true_class(app, k)) {
    ImGui::SameLine(0, 4);
    ImGui::TextColored(ink(Ink::Good), "✓");
    if (ImGui::IsItemHovered()) describe(T("the true class of this sample"));
  } else if (wrong) {
    ImGui::SameLine(0, 4);
    ImGui::TextColored(ink(Ink::Bad), "✗");
    if (ImGui::IsItemHovered()) describe(T("the model's answer, and it is wrong"));
  }
  ImGui::SameLine(x0 + label_w);
  const std::string number = bar_number(app, k, prob);
  const float before = reference_probability(app, k);
  // The bars grow as the class token arrives at the head (ui/motion.h); the numbers are the model's.
  const float grow = ease_out(std::clamp((flow_t(ui, Flow::ClassToken) - 0.6f) / 0.4f, 0.f, 1.f));
  ImGui::ProgressBar(prob * grow, ImVec2(bar_w, 0), number.c_str());
  ui.probe.top_bars.push_back(last_item_rect());
  ui.probe.top_texts.push_back({shown, number, ImGui::CalcTextSize(number.c_str()).x});
  if (before >= 0.f) {  // where the reference run's bar ended: two notches at the bar's edges, off its number
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float x = a.x + (b.x - a.x) * std::clamp(before, 0.f, 1.f), n = std::max(3.f, (b.y - a.y) * 0.28f);
    const ImU32 col = prob < before ? IM_COL32(255, 120, 100, 255) : IM_COL32(120, 230, 140, 255);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddTriangleFilled(ImVec2(x - n, a.y), ImVec2(x + n, a.y), ImVec2(x, a.y + n), col);
    dl->AddTriangleFilled(ImVec2(x - n, b.y), ImVec2(x + n, b.y), ImVec2(x, b.y - n), col);
  }
  // The label's part of the row too, where no window (the tour's card, a popup) is over it.
  const bool hovered =
      ImGui::IsItemHovered() ||
      (ImGui::IsWindowHovered(ImGuiHoveredFlags_RootAndChildWindows) &&
       ImGui::IsMouseHoveringRect(ImVec2(ImGui::GetItemRectMin().x - label_w, ImGui::GetItemRectMin().y),
                                  ImGui::GetItemRectMax()));
  ImGui::PopID();
  return hovered;
}

void draw_detailed(App& app, UiState& ui, const InferenceResult& r, float height) {
  const ModelSpec& s = r.spec();
  const auto top = r.top_k(std::min(10, s.num_classes));
  const auto cls = r.cls_final();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  const float strip_w = 16.f * ui.ui_scale, number_w = number_room(app, top);
  // The lines' gap narrows first when the numbers and a short label need the room (a narrow embed).
  const float gap_w =
      std::clamp(w - strip_w - number_w - ImGui::CalcTextSize("Abcd…").x, 8.f, std::max(36.f, w * 0.18f));
  const float row_h = ImGui::GetFrameHeightWithSpacing();
  const float rows_h = row_h * float(top.size());
  const float strip_h = std::max(rows_h, height);
  // The strip: cls_final scaled to [-1, 1], one cell per dimension (a 1 x D texture).
  if (ui.classify.key.changed(app.shown->generation)) {
    ui.classify.unit = scaled_to_unit(cls);
    ui.classify.strip.upload(1, s.dim, ui.classify.unit);
    ui.classify.contrib.clear();
    for (const ClassScore& c : top) ui.classify.contrib.push_back(class_contributions(r, c.index));
  }
  const ImVec2 sp(origin.x, origin.y), sq(origin.x + strip_w, origin.y + strip_h);
  draw_heatmap(ui.classify.strip, sp, sq, ColorMap::CoolWarm, ValueScale{-1.f, 1.f, false});
  dl->AddRect(sp, sq, IM_COL32(150, 150, 160, 255));
  const float cell = strip_h / float(s.dim);
  // Rows of classes to the right, vertically centred on the strip.
  const float rows_x = origin.x + strip_w + gap_w, rows_y = origin.y + (strip_h - rows_h) * 0.5f;
  float widest = 0.f;  // the longest label shown, so short labels leave the bars their room
  for (const ClassScore& c : top) widest = std::max(widest, ImGui::CalcTextSize(class_label(s, c.index)).x);
  // class_row keeps the mark's room and an item spacing beside the text (a touch screen's is wider).
  const float label_w = label_room(
      std::min(widest + mark_width() + ImGui::GetStyle().ItemSpacing.x + 2.f, (w - strip_w - gap_w) * 0.55f),
      w - strip_w - gap_w, number_w);
  ui.probe.top_rows.clear();
  int hovered_class = -1;
  for (size_t i = 0; i < top.size(); ++i) {
    ImGui::SetCursorScreenPos(ImVec2(rows_x, rows_y + row_h * float(i)));
    const std::string label = class_label(s, top[i].index);
    if (class_row(app, ui, label, top[i].index, top[i].probability, label_w, w - strip_w - gap_w - label_w)) {
      hovered_class = int(i);
      const float before = reference_probability(app, top[i].index);
      char change[160] = "";
      if (before >= 0.f)
        std::snprintf(change, sizeof change, T("\n%s: %.6f (change %+.6f)"), reference_label(app), before,
                      top[i].probability - before);
      tip(T("%s: %.2f %% — how likely the model finds this class.\nIts score (logit) %.5f is the class token's numbers times this class's weights, added up; softmax turns all the scores into probabilities that add up to 100 %%.\nExactly: probability %.6f; logit = Σ_d cls_d · W[%d, d] + b%s"), label.c_str(), 100.0 * double(top[i].probability), top[i].logit, top[i].probability,
          top[i].index, change);
    }
    ui.probe.top_rows.push_back({rows_x, rows_y + row_h * float(i), w - strip_w - gap_w, row_h});
  }
  if (hovered_class >= 0) {
    app.sel.cls = top[size_t(hovered_class)].index;
    if (ImGui::IsMouseClicked(0)) app.sel.pinned_cls = app.sel.pinned_cls == app.sel.cls ? -1 : app.sel.cls;
  }
  // Lines: one class at a time (the hovered or pinned one, else the prediction), its strongest
  // contributions only: a readable picture of which dimensions push that class up or down. (Lines for
  // all ten classes at once were a web nobody could read.)
  size_t focus = 0;
  for (size_t i = 0; i < top.size(); ++i)
    if (top[i].index == app.sel.cls) focus = i;
  ui.classify.lines_class = top.empty() ? -1 : top[focus].index;
  const int lines = std::min(s.dim, kClassLines);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  float best = ui.coarse ? 16.f : 5.f;  // a finger is wider than a 1-2 px line
  int hit_class = -1, hit_dim = -1;
  ImVec2 hit_a, hit_b;
  if (!top.empty()) {
    const auto& c = ui.classify.contrib[focus];
    float max_c = 1e-12f;
    for (float v : c) max_c = std::max(max_c, std::abs(v));
    const ImVec2 b(rows_x - 4.f, rows_y + row_h * (float(focus) + 0.5f));
    for (int d : top_abs_indices(c, lines)) {
      const ImVec2 a(sq.x + 2.f, sp.y + cell * (float(d) + 0.5f));
      const float m = std::abs(c[size_t(d)]) / max_c;
      dl->AddLine(a, b, colormap_abgr(ColorMap::CoolWarm, 0.5f + 0.5f * c[size_t(d)] / max_c, 0.35f + 0.65f * m),
                  1.f + 2.f * m);
      const float dist = segment_distance(mouse, a, b);
      if (dist < best && ImGui::IsWindowHovered()) {
        best = dist;
        hit_class = int(focus);
        hit_dim = d;
        hit_a = a;
        hit_b = b;
      }
    }
  }
  if (hit_dim >= 0 && hovered_class < 0) {
    const int k = top[size_t(hit_class)].index;
    dl->AddLine(hit_a, hit_b, IM_COL32(255, 255, 255, 255), 3.f);
    const float v = cls[size_t(hit_dim)], wt = r.head_weight()(k, hit_dim);
    tip(T("Dimension %d pushes the score of %s by %+.5f (red lines push up, blue down):\nthe class token's value %.5f × the head's weight %.5f (W[%d, %d])."), hit_dim, class_label(s, k), v * wt, v, wt, k, hit_dim);
  }
  // Strip hover: exact value of a dimension.
  const float reach = ui.coarse ? 12.f : 0.f;  // the 16 px strip is hard to hit with a finger
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_RootAndChildWindows) &&
      ImGui::IsMouseHoveringRect(ImVec2(sp.x - reach, sp.y), ImVec2(sq.x + reach, sq.y), false) && hit_dim < 0) {
    const int d = std::clamp(int((mouse.y - sp.y) / cell), 0, s.dim - 1);
    tip(T("Number %d of the class token's %d (counted from 0): %.5f, as the head reads it (after the last LayerNorm).\nOn the strip: %.4f (every number divided by the largest size among them, so the strip runs from −1 to 1)."), d, s.dim, cls[size_t(d)],
        ui.classify.unit[size_t(d)]);
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + strip_h + 4.f));
  ui.probe.strip = rect_of(sp, sq);
}

void draw_compact(App& app, UiState& ui, const InferenceResult& r) {
  const ModelSpec& s = r.spec();
  const auto top = r.top_k(std::min(10, s.num_classes));
  const float w = ImGui::GetContentRegionAvail().x,
              label_w = label_room(std::min(w * 0.42f, 150.f * ui.ui_scale), w, number_room(app, top));
  ui.probe.top_rows.clear();
  for (const ClassScore& c : top) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    const std::string label = class_label(s, c.index);
    if (class_row(app, ui, label, c.index, c.probability, label_w, w - label_w)) {
      app.sel.cls = c.index;
      if (ImGui::IsMouseClicked(0)) app.sel.pinned_cls = app.sel.pinned_cls == c.index ? -1 : c.index;
      tip(T("%s: %.2f %% likely\nscore (logit) %.5f, probability %.6f"), label.c_str(), 100.0 * double(c.probability), c.logit, c.probability);
    }
    ui.probe.top_rows.push_back({p.x, p.y, w, ImGui::GetFrameHeight()});
  }
}

// What the bars do not say by themselves: a blank input still gets an answer (softmax has no "none"),
// and the classes with no evidence for them all sit near the same small share.
void honest_lines(const App& app, UiState& ui) {
  ui.probe.blank_warning = ui.probe.rest_line = {};
  const InferenceResult& res = app.shown->result;
  const int k = res.spec().num_classes;
  if (input_spread(app.shown->input) < kBlankSpread) {
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Warn));
    wrapped_textf(
        T("This input is almost blank. The model cannot answer \"nothing\": it always shares 100 %% among its %d classes, so its top class means little here."),
        k);
    ImGui::PopStyleColor();
    ui.probe.blank_warning = last_item_rect();
    return;
  }
  const std::vector<ClassScore> top = res.top_k(k);
  if (top.size() < 3 || top[0].probability < 0.5f || top[1].probability >= 0.05f) return;
  float rest = 0.f;
  for (size_t i = 1; i < top.size(); ++i) rest += top[i].probability;
  char line[384];
  std::snprintf(
      line, sizeof line,
      T("The other %d classes share the remaining %.1f %%: after softmax, classes with no evidence for them all end up near the same small value."),
      k - 1, 100.0 * double(rest));
  hint(line);
  ui.probe.rest_line = last_item_rect();
}

}  // namespace

void draw_classify_panel(App& app, UiState& ui, Rect area) {
  begin_module(app, ui, Module::Classify, area);
  ui.probe.top_rows.clear();
  ui.probe.top_labels.clear();
  ui.probe.top_labels_shortened = 0;
  ui.probe.top_bars.clear();
  ui.probe.top_texts.clear();
  ui.probe.strip = {};
  ui.probe.lines_caption = ui.probe.lens_button = {};
  ui.classify.lines_class = -1;
  if (!app.shown) {
    ImGui::TextDisabled("%s", app.busy() ? T("Running the model…") : T("No prediction yet."));
    ImGui::End();
    return;
  }
  const InferenceResult& r = app.shown->result;
  const ModelSpec& s = r.spec();
  app.sel.cls = app.sel.pinned_cls;          // hovering a class or a line overrides it this frame
  if (!ui.info_open[int(Module::Classify)]) {  // the open box above says it already, at length
    wrapped_textf(T("Only the class token is read: its %d numbers (after the last LayerNorm) give each class a score, and the scores become the probabilities below."), s.dim);
    if (ui.show_math) wrapped_text(T("In symbols: logits = W·cls + b; probabilities = softmax(logits)."));
  }
  const char* label = ui.classify.unfolded ? T("▾ fold to bars###fold") : T("▸ unfold: show the links###fold");
  if (small_button(ui.coarse, label)) {
    ui.classify.unfolded = !ui.classify.unfolded;
    ui.classify.toggled_at = ui.now;
    animate(ui, 600);
  }
  ui.probe.fold_button = last_item_rect();
  // The layer-by-layer story of the answer is told by the logit lens (Analyses): next to the fold.
  same_line_if_fits(T("How the answer forms: logit lens…###lens_open"));
  if (small_button(ui.coarse, T("How the answer forms: logit lens…###lens_open"))) open_analyses(ui, kLogitLensTab);
  ui.probe.lens_button = last_item_rect();
  if (ImGui::IsItemHovered())
    describe(T(
        "Opens Analyses at the logit lens: the model's own head reads the class token after every layer, so you can see in which layer the answer appears."));
  // Fold/unfold animates the detailed view's height.
  const float t = std::clamp(float(ui.now - ui.classify.toggled_at) / 300.f, 0.f, 1.f);
  const float open = ui.classify.unfolded ? t : 1.f - t;
  tour_scroll_here(ui, kTourClasses);
  if (open > 0.f) {
    const float full = std::max(ImGui::GetFrameHeightWithSpacing() * float(std::min(10, s.num_classes)),
                                std::min(ImGui::GetContentRegionAvail().y - 40.f, 300.f * ui.ui_scale));
    if (open < 1.f) {
      ImGui::BeginChild("anim", ImVec2(0, full * open), false,
                        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoInputs);
      draw_detailed(app, ui, r, full);
      ImGui::EndChild();
    } else {
      draw_detailed(app, ui, r, full);
      // The legend's caption says whose lines these are (one line of text more, not a paragraph).
      char caption[512];
      const bool lines = ui.classify.lines_class >= 0 && ui.classify.lines_class < s.num_classes;
      if (lines)
        std::snprintf(
            caption, sizeof caption,
            T("Strip: the class token's numbers, scaled to ±1. Lines: the %d that move %s most (red up, blue down)."),
            std::min(s.dim, kClassLines), class_label(s, ui.classify.lines_class));
      ImGui::BeginGroup();
      draw_legend(ColorMap::CoolWarm, ValueScale{-1.f, 1.f, false},
                  std::min(ImGui::GetContentRegionAvail().x, 220.f * ui.ui_scale),
                  lines ? caption : T("Strip: the class token's numbers, scaled to ±1; lines: how much each pushes a class."));
      ImGui::EndGroup();
      if (lines) ui.probe.lines_caption = last_item_rect();
    }
  } else {
    draw_compact(app, ui, r);
  }
  ui.probe.unfolded = ui.classify.unfolded && open >= 1.f;
  ui.probe.verdict = {};
  if (app.shown->true_label >= 0) {  // right or wrong, said in words (wrapped: a folded panel must not cut it)
    const InferenceResult& res = app.shown->result;
    const ClassScore top1 = res.top_k(1)[0];
    const int t = app.shown->true_label;
    const double p_true = t < int(res.probabilities().size()) ? res.probabilities()[size_t(t)] : 0.0;
    char line[768];
    if (top1.index == t)
      std::snprintf(line, sizeof line, T("✓ Right: the true class of this sample is %s."),
                    class_name(app.shown->true_name));
    else
      std::snprintf(line, sizeof line, T("✗ Wrong: the model says %s (%.2f %%); the true class is %s (%.2f %%)."),
                    class_label(res.spec(), top1.index), 100.0 * double(top1.probability),
                    class_name(app.shown->true_name), 100.0 * p_true);
    ImGui::PushStyleColor(ImGuiCol_Text,
                          top1.index == t ? ImVec4(0.55f, 0.9f, 0.55f, 1.f) : ImVec4(1.f, 0.5f, 0.45f, 1.f));
    flowing_text(line);
    ImGui::PopStyleColor();
    ui.probe.verdict = last_item_rect();
  }
  // Your own classes (#20): which head speaks here, and the way to train one.
  ui.probe.own_head_line = {};
  if (app.own.active) {
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Mark));
    wrapped_textf(T("Your head: %d classes, trained on the model's class-token features."), s.num_classes);
    ImGui::PopStyleColor();
    ui.probe.own_head_line = last_item_rect();
    if (small_button(ui.coarse, T("Back to the model's head###own_off"))) use_own_head(app, false);
    same_line_if_fits(T("Teach it your own classes…###own_open"));
  }
  if (small_button(ui.coarse, T("Teach it your own classes…###own_open"))) ui.own_open = true;
  ui.probe.own_button = last_item_rect();
  if (ImGui::IsItemHovered()) describe(T("own.button.tip"));

  if (app.result_pending()) hint(T("A new image is being classified; this is still the previous image's prediction."));
  if (const Snapshot* a = compare_a(app)) {  // compare two images: both predictions
    const ClassScore ta = a->result.top_k(1)[0], tb = r.top_k(1)[0];
    wrapped_textf(T("A (%s): %s %.2f %%  ·  B (%s): %s %.2f %%"), run_name(app, *a).c_str(), class_label(s, ta.index),
                  100.0 * double(ta.probability), run_name(app, *app.shown).c_str(), class_label(s, tb.index),
                  100.0 * double(tb.probability));
    ui.probe.compare_line = last_item_rect();
    hint(T("whatif.d.compare"));
  } else {
    ui.probe.compare_line = {};
    if (app.shown->edited()) hint(T("whatif.d.hint"));
  }
  honest_lines(app, ui);
  ImGui::Spacing();
  ui.probe.card_patterns = {};  // (drawn by the card, when open and counted)
  if (ImGui::CollapsingHeader(T("Model card###card"), ui.card_open_default ? ImGuiTreeNodeFlags_DefaultOpen : 0))
    draw_model_card(app, ui);
  ImGui::End();
}

float draw_phone_prediction(const App& app, UiState& ui, Rect area) {
  ui.probe.phone_top = {};
  ui.probe.phone_top_texts.clear();
  if (!app.shown) return 0.f;
  const InferenceResult& r = app.shown->result;
  const auto top = r.top_k(std::min(3, r.spec().num_classes));
  // Two lines a cell (the name, the number): a finger's height, and room for a name on a 360-px phone.
  const ImVec2 pad(6.f, 4.f);
  const float cell_h = 2.f * ImGui::GetTextLineHeight() + 2.f * pad.y, h = cell_h + 2.f * 4.f;
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6.f, 4.f));
  ImGui::Begin("##phone_top", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                          ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoSavedSettings);
  const float cell_w = (ImGui::GetContentRegionAvail().x - 2.f * ImGui::GetStyle().ItemSpacing.x) / float(top.size());
  for (size_t i = 0; i < top.size(); ++i) {
    if (i) ImGui::SameLine();
    char number[32];
    std::snprintf(number, sizeof number, "%.1f %%", 100.0 * double(top[i].probability));
    // The number whole, the class name in what is left (shortened with "…").
    const float number_w = ImGui::CalcTextSize(number).x;
    const std::string name = fitted(class_label(r.spec(), top[i].index), cell_w - 2.f * pad.x - 2.f);
    const std::string text = name + "\n" + number;
    ImGui::PushID(int(i));
    ImGui::PushStyleColor(ImGuiCol_Button, i == 0 ? paint(Paint::TopClass)
                                                 : ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    if (i == 0) ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::OnTopClass));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, pad);
    if (ImGui::Button(text.c_str(), ImVec2(cell_w, cell_h))) ui.phone_module = int(Module::Classify);
    ImGui::PopStyleVar();
    if (i == 0) ImGui::PopStyleColor();
    ImGui::PopStyleColor();
    ImGui::PopID();
    ui.probe.phone_top_texts.push_back({name, number, number_w});
  }
  ui.probe.phone_top = window_rect();
  ImGui::End();
  ImGui::PopStyleVar();
  return h;
}

}  // namespace vitvis

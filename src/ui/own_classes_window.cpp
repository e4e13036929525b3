// "Your own classes" (#20): name 2-10 classes, add whatever (a) shows as an example of one, train a new
// head on the frozen model's class-token features, and use it (or the model's) everywhere. The window
// floats over the modules like "From Hugging Face…".
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/own_classes_window.h"
#include "ui/probe.h"
#include "ui/texture.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"
#include "ui/theme.h"

namespace vitvis {
namespace {

// The training (blue) and held-out (orange) curves over the steps, in a box of w x h: the loss (from 0 to
// its largest value) or the accuracy (0 to 100 %).
void draw_curves(const HeadTraining& t, float w, float h, bool accuracy) {
  ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + w, p.y + h);
  ImGui::Dummy(ImVec2(w, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, q, IM_COL32(24, 26, 32, 255));
  dl->AddRect(p, q, IM_COL32(90, 90, 100, 255));
  if (t.curve.size() < 2) return;
  float top = 1.f;
  if (!accuracy) {
    top = 0;
    for (const HeadCurvePoint& c : t.curve) top = std::max({top, c.train_loss, c.held_loss});
    top = std::max(top, 1e-6f);
  }
  const float last = float(t.curve.back().step);
  auto at = [&](int step, float loss) {
    return ImVec2(p.x + 4 + (w - 8) * float(step) / last, q.y - 4 - (h - 8) * loss / top);
  };
  for (int series = 0; series < 2; ++series) {
    if (series == 1 && t.held.empty()) break;
    std::vector<ImVec2> pts;
    for (const HeadCurvePoint& c : t.curve)
      pts.push_back(
          at(c.step, accuracy ? (series ? c.held_accuracy : c.train_accuracy) : (series ? c.held_loss : c.train_loss)));
    dl->AddPolyline(pts.data(), int(pts.size()), series ? IM_COL32(255, 170, 80, 255) : IM_COL32(90, 180, 255, 255), 0,
                    2.f);
  }
  if (ImGui::IsItemHovered()) {
    const float x = ImGui::GetIO().MousePos.x;
    const HeadCurvePoint* best = &t.curve.front();
    for (const HeadCurvePoint& c : t.curve)
      if (std::abs(at(c.step, 0).x - x) < std::abs(at(best->step, 0).x - x)) best = &c;
    tip(T("step %d\ntraining: loss %.4f, accuracy %.0f %%\nheld out: loss %.4f, accuracy %.0f %%"),
                      best->step, double(best->train_loss), 100.0 * double(best->train_accuracy),
                      double(best->held_loss), 100.0 * double(best->held_accuracy));
  }
}

void draw_class_rows(App& app, UiState& ui) {
  OwnClasses& o = app.own;
  Probe& p = ui.probe;
  const float thumb = 34.f * ui.ui_scale;
  if (ui.images.own_thumbs.size() > o.examples.size())  // removed examples (or another model's): their textures go
    std::erase_if(ui.images.own_thumbs, [&](const auto& t) {
      return std::none_of(o.examples.begin(), o.examples.end(), [&](const OwnExample& e) { return e.uid == t.first; });
    });
  for (int k = 0; k < int(o.names.size()); ++k) {
    ImGui::PushID(k);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s", o.names[size_t(k)].c_str());
    int n = 0;
    for (const OwnExample& e : o.examples) n += e.label == k;
    char count[48];
    std::snprintf(count, sizeof count, T("%d examples"), n);
    // Name, button and count on one line: the name field gives way first (a phone), then they wrap.
    const char* add_label = T("+ add the image shown###own_add");
    const ImGuiStyle& st = ImGui::GetStyle();
    const float rest = ImGui::CalcTextSize(add_label, nullptr, true).x + st.FramePadding.x * 2.f +
                       ImGui::CalcTextSize(count).x + st.ItemSpacing.x * 2.f;
    ImGui::SetNextItemWidth(
        std::clamp(ImGui::GetContentRegionAvail().x - rest, 80.f * ui.ui_scale, 130.f * ui.ui_scale));
    const std::string hint_text = own_class_name(app, k);
    if (ImGui::InputTextWithHint("##name", hint_text.c_str(), buf, sizeof buf)) o.names[size_t(k)] = buf;
    p.own_names.push_back(last_item_rect());
    same_line_if_fits(add_label);
    ImGui::BeginDisabled(!app.shown);
    if (small_button(ui.coarse, add_label)) add_own_example(app, k);
    ImGui::EndDisabled();
    p.own_add.push_back(last_item_rect());
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      tip(
          "%s",
          T("The image (a) shows now (a sample, your drawing, a camera snap or your own file) becomes an example of this class."));
    if (fits_width_on_line(ImGui::CalcTextSize(count).x)) ImGui::SameLine();
    ImGui::TextDisabled("%s", count);
    // Thumbnails, one row (the latest; "+n" for the others); a click removes one.
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float more_w = ImGui::CalcTextSize("+000").x + 8.f;
    const int fit = std::max(1, int((ImGui::GetContentRegionAvail().x - more_w + 4) / (thumb + 4)));
    int skip = std::max(0, n - fit), index = 0;
    bool first = true;
    for (const OwnExample& e : o.examples) {
      if (e.label != k || index++ < skip) continue;
      if (!first && ImGui::GetItemRectMax().x + 4 + thumb <= right) ImGui::SameLine(0, 4);
      first = false;
      Texture& t = ui.images.own_thumbs[e.uid];
      if (!t.valid()) t.upload_planes(e.thumb.channels, e.thumb.size, e.thumb.pixels);
      ImGui::PushID(e.uid);
      const ImVec2 a = ImGui::GetCursorScreenPos();
      if (ImGui::InvisibleButton("ex", ImVec2(thumb, thumb))) {
        remove_own_example(app, e.uid);
        ImGui::PopID();
        break;
      }
      ImGui::GetWindowDrawList()->AddImage(t.imgui_id(), a, ImVec2(a.x + thumb, a.y + thumb));
      if (ImGui::IsItemHovered()) {
        ImGui::GetWindowDrawList()->AddRect(a, ImVec2(a.x + thumb, a.y + thumb), IM_COL32(255, 120, 100, 255), 0, 0,
                                            2.f);
        describe(T("Click to remove this example."));
      }
      ImGui::PopID();
    }
    if (skip > 0) {
      ImGui::SameLine(0, 6);
      ImGui::TextDisabled("+%d", skip);
      if (ImGui::IsItemHovered()) tip(T("%d earlier examples of this class"), skip);
    }
    ImGui::PopID();
  }
}

}  // namespace

void draw_own_classes_window(App& app, UiState& ui) {
  Probe& p = ui.probe;
  p.own_window = p.own_train = p.own_use = p.own_save = p.own_more = p.own_fewer = {};
  p.own_names.clear();
  p.own_add.clear();
  if (!ui.own_open || !app.model) return;
  const ImVec2 disp = ImGui::GetIO().DisplaySize;
  const float w = std::min(600.f * ui.ui_scale, disp.x - 16.f);
  ImGui::SetNextWindowPos(ImVec2(disp.x / 2, disp.y * 0.45f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(w, std::min(disp.y - 40.f, 620.f * ui.ui_scale)), ImGuiCond_Appearing);
  if (!ImGui::Begin(T("Your own classes###ownwin"), &ui.own_open,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  p.own_window = window_rect();
  OwnClasses& o = app.own;
  wrapped_text(T("own.intro"));
  ImGui::SeparatorText(T("Classes and examples"));
  draw_class_rows(app, ui);
  if (int(o.names.size()) < kMaxOwnClasses) {
    if (small_button(ui.coarse, T("+ class###own_more"))) set_own_class_count(app, int(o.names.size()) + 1);
    p.own_more = last_item_rect();
    ImGui::SameLine();
  }
  if (int(o.names.size()) > 2) {
    if (small_button(ui.coarse, T("− last class###own_fewer"))) set_own_class_count(app, int(o.names.size()) - 1);
    p.own_fewer = last_item_rect();
  } else {
    ImGui::NewLine();
  }
  const std::vector<bool> held = [&] {
    std::vector<int> labels;
    for (const OwnExample& e : o.examples) labels.push_back(e.label);
    return held_out_mask(labels);
  }();
  const int n_held = int(std::count(held.begin(), held.end(), true));
  wrapped_textf(
      T("Held out to check the head on images it was not trained on: every 5th example of a class (%d of %d now)."),
      n_held, int(o.examples.size()));
  ImGui::SeparatorText(T("Train"));
  if (ImGui::Button(T("Train the head###own_train"))) train_own_head(app);
  p.own_train = last_item_rect();
  if (ImGui::IsItemHovered()) describe(T("own.train.tip"));
  if (o.training.head.classes > 0) {
    ImGui::SameLine();
    bool use = o.active;
    if (ImGui::Checkbox(T("Use my head everywhere###own_use"), &use)) use_own_head(app, use);
    p.own_use = last_item_rect();
    if (ImGui::IsItemHovered()) describe(T("own.use.tip"));
    ImGui::SameLine();
    if (small_button(ui.coarse, T("Save head###own_save")))
      ui.effects.downloads.push_back({"vitvis-head.json", "application/json", own_head_file(app)});
    p.own_save = last_item_rect();
    if (ImGui::IsItemHovered())
      describe(T("Saves the head with its class names; open or drop the file later to load it again."));
  }
  if (!o.training.curve.empty()) {
    const HeadCurvePoint& last = o.training.curve.back();
    ImGui::Text(T("After %d steps (%.0f ms): training loss %.4f, accuracy %.0f %%"), last.step, o.train_ms,
                double(last.train_loss), 100.0 * double(last.train_accuracy));
    if (!o.training.held.empty())
      ImGui::Text(T("held out (%d): loss %.4f, accuracy %.0f %%"), int(o.training.held.size()), double(last.held_loss),
                  100.0 * double(last.held_accuracy));
    const float cw = std::min((ImGui::GetContentRegionAvail().x - 8.f) / 2.f, 260.f * ui.ui_scale);
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", T("loss"));
    draw_curves(o.training, cw, 80.f * ui.ui_scale, false);
    p.own_curve = last_item_rect();
    ImGui::EndGroup();
    ImGui::SameLine(0, 8.f);
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", T("accuracy (0 … 100)"));
    draw_curves(o.training, cw, 80.f * ui.ui_scale, true);
    ImGui::EndGroup();
    ImGui::TextColored(ink(Ink::Train), "%s", T("— training examples"));
    ImGui::SameLine();
    ImGui::TextColored(ink(Ink::HeldOut), "%s", T("— held-out examples"));
  } else if (o.training.head.classes > 0) {
    hint(T("A head loaded from a file (no curves: it was trained elsewhere)."));
  }
  hint(T("Open… or drop a saved head file (.json) to load it."));
  ImGui::End();
}

}  // namespace vitvis

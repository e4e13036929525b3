// The top bar: model picker (with download progress), copy link, UI scale, tour, analyses, language,
// Save, View and the shortcut sheet. Where they do not all fit, the tagline goes first, then everything
// after the model picker folds into a ☰ menu.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/module_frame.h"
#include "ui/offline_window.h"
#include "ui/probe.h"
#include "ui/share_window.h"
#include "ui/top_bar.h"
#include "ui/tour.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"
#include "ui/theme.h"

namespace vitvis {
namespace {

void draw_view_items(UiState& ui) {
  ImGui::TextDisabled("%s", T("Theme"));
  if (ImGui::RadioButton(T("Dark###dark"), ui.theme == 0)) ui.theme = 0;
  ui.probe.view_items.push_back(last_item_rect());
  if (ImGui::RadioButton(T("High contrast (projector)###contrast"), ui.theme == 1)) ui.theme = 1;
  ui.probe.view_items.push_back(last_item_rect());
  ImGui::TextDisabled("%s", T("Colour map for weights and probabilities"));
  if (ImGui::RadioButton("viridis", ui.seq_map == ColorMap::Viridis)) ui.seq_map = ColorMap::Viridis;
  ui.probe.view_items.push_back(last_item_rect());
  if (ImGui::RadioButton(T("cividis (optimised for colour-vision deficiency)###cividis"),
                         ui.seq_map == ColorMap::Cividis))
    ui.seq_map = ColorMap::Cividis;
  ui.probe.view_items.push_back(last_item_rect());
  hint(T("Both are readable with red-green colour blindness and in greyscale; signed values use blue-white-red."));
  ImGui::Separator();
  bool focus = ui.focus >= 0;
  if (ImGui::Checkbox(T("One module large (focus)###focus"), &focus)) ui.focus = focus ? int(Module::Attention) : -1, ui.focus2 = -1;
  ui.probe.view_items.push_back(last_item_rect());
  bool present = ui.focus >= 0 && ui.focus2 >= 0;
  if (ImGui::Checkbox(T("Two modules large, side by side (presenting)###present"), &present)) {
    if (!present) {
      ui.focus2 = -1;
    } else {
      if (ui.focus < 0) ui.focus = int(Module::Attention);
      ui.focus2 = ui.focus == int(Module::Classify) ? int(Module::Attention) : int(Module::Classify);
    }
  }
  ui.probe.view_items.push_back(last_item_rect());
  if (ImGui::IsItemHovered())
    tip_text(T("For a projector: two modules fill the screen (the attention and the answer first); click a summary at the left to bring it in. With High contrast and a larger UI scale, the back row reads it too."));
  if (ImGui::IsItemHovered())
    tip_text(ui.coarse ? T("Big views on a small screen: one module large, the others as small live summaries beside it (tap one to make it large).")
                        : T("Big views on a small screen: one module large, the others as small live summaries beside it (click one to make it large)."));
  ImGui::BeginDisabled(ui.motion.reduced);
  bool moving = ui.motion.enabled && !ui.motion.reduced;
  if (ImGui::Checkbox(T("Animations (show where the numbers go)###motion"), &moving)) ui.motion.enabled = moving;
  ImGui::EndDisabled();
  ui.probe.view_items.push_back(last_item_rect());
  if (ui.motion.reduced) hint(T("Off: this device asks for reduced motion."));
  ImGui::Separator();
  if (ImGui::Selectable(T("Make available offline…###offline"), false, 0, ImVec2(0, ui.coarse ? 44.f : 0.f)))
    open_offline(ui);
  ui.probe.offline_menu_item = last_item_rect();
  if (ImGui::IsItemHovered())
    describe(T("Store the app, both languages, the fonts and the models in this browser, for a class without a network."));
}

// A bar button, or in the menu a menu item (which closes the menu when chosen).
bool action(const UiState& ui, const char* label, bool menu) {
  if (menu) return ImGui::MenuItem(label);
  ImGui::SameLine();
  return small_button(ui.coarse, label);
}

// Everything after the model picker: on the bar (menu = false) or as the ☰ menu's items.
void draw_actions(App& app, UiState& ui, bool menu) {
  if (action(ui, T("copy link###copylink"), menu)) ui.effects.copy_link = true;
  if (ImGui::IsItemHovered())
    describe(T("The address bar always holds this view (model, image, layer, head, patch, class)."));
  ui.probe.copy_link = last_item_rect();
  if (action(ui, T("Share…###share"), menu)) open_share(ui);
  ui.probe.share_button = last_item_rect();
  if (ImGui::IsItemHovered())
    describe(T("A link or an embed (iframe) for a course page: choose modules, size, language; preview; copy."));
  if (!menu) ImGui::SameLine();
  ImGui::TextDisabled(menu ? "%s" : "|  %s", T("UI scale"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110.f * ui.ui_scale);
  // The UI takes the new scale when the slider is let go: rescaled under the pointer mid-drag, the
  // slider would move away from it.
  static float editing = 0.f;  // the value while the slider is held (0: not held)
  float scale = editing > 0.f ? editing : ui.ui_scale;
  ImGui::SliderFloat("##scale", &scale, 0.75f, 2.0f, "%.2fx");
  drag_zone(ui);
  if (ImGui::IsItemActive())
    editing = std::round(scale * 20.f) / 20.f;  // steps of 5 %
  else if (editing > 0.f) {
    ui.ui_scale = editing;
    editing = 0.f;
  }
  if (action(ui, ui.tour_step > 0 && !ui.tour_open && ui.tour_step < kTourSteps ? T("Resume tour") : T("Tour"), menu))
    start_tour(app, ui);
  ui.probe.tour_button = last_item_rect();
  if (ImGui::IsItemHovered()) describe(T("A guided walk from pixels to prediction."));
  if (action(ui, T("Lesson…###lesson"), menu)) ui.lesson.editor_open = !ui.lesson.editor_open;
  ui.probe.lesson_button = last_item_rect();
  if (ImGui::IsItemHovered())
    describe(T("Make a lesson: record views as steps with your own words; play it in class, or hand it to students as a file or a link."));
  if (action(ui, T("Analyses"), menu)) ui.show_insights = !ui.show_insights;
  ui.probe.insights_button = last_item_rect();
  // (a run goes on while the window is closed: the button says so)
  const bool training = app.training.state == Training::State::Running && !ui.training.open;
  if (action(ui, training ? T("Train a ViT · training…###trainvit") : T("Train a ViT###trainvit"), menu))
    ui.training.open = !ui.training.open;
  ui.probe.training_button = last_item_rect();
  if (ImGui::IsItemHovered()) describe(T("Train a small ViT from nothing and watch it learn, live."));
  if (!menu) ImGui::SameLine();
  ImGui::SetNextItemWidth((menu ? 160.f : 90.f) * ui.ui_scale);
  Languages& lang = ui.languages;
  if (ImGui::BeginCombo("##lang", lang.names[size_t(lang.current)].c_str(), ImGuiComboFlags_HeightLargest)) {
    for (size_t i = 0; i < lang.codes.size(); ++i) {
      if (ImGui::Selectable(lang.names[i].c_str(), int(i) == lang.current, 0, ImVec2(0, ui.coarse ? 44.f : 0.f)))
        set_language(lang, lang.codes[i]);
      ui.probe.lang_items.push_back(last_item_rect());
    }
    ImGui::EndCombo();
  }
  ui.probe.lang_combo = last_item_rect();
  const char* save_tip = T("Save a module as a picture, or its numbers as CSV / JSON\n(also: right-click a module).");
  ui.probe.view_items.clear();
  if (menu) {
    // In the ☰ menu, Save and View open in place (a submenu beside it would fall under it on a phone).
    const bool save_open = ImGui::CollapsingHeader(T("Save ▾###save"));
    ui.probe.save_button = last_item_rect();
    if (save_open) {
      ImGui::Indent();
      draw_save_items(app, ui, -1);
      ImGui::Unindent();
    }
    const bool view_open = ImGui::CollapsingHeader(T("View ▾###view"));
    ui.probe.view_button = last_item_rect();
    if (view_open) {
      ImGui::Indent();
      draw_view_items(ui);
      ImGui::Unindent();
    }
    if (ImGui::MenuItem(T("Keyboard shortcuts (or press ?)"))) ui.show_help = !ui.show_help;
    ui.probe.help_button = last_item_rect();
    return;
  }
  ImGui::SameLine();
  if (small_button(ui.coarse, T("Save ▾###save"))) ImGui::OpenPopup("save");
  ui.probe.save_button = last_item_rect();
  if (ImGui::IsItemHovered()) tip_text(save_tip);
  if (ImGui::BeginPopup("save")) {
    draw_save_items(app, ui, -1);
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (small_button(ui.coarse, T("View ▾###view"))) ImGui::OpenPopup("view");
  ui.probe.view_button = last_item_rect();
  if (ImGui::BeginPopup("view")) {
    draw_view_items(ui);
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (small_button(ui.coarse, " ? ")) ui.show_help = !ui.show_help;
  ui.probe.help_button = last_item_rect();
  if (ImGui::IsItemHovered()) describe(T("Keyboard shortcuts (or press ?)"));
}

}  // namespace

void draw_top_bar(App& app, UiState& ui, Rect area) {
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::Begin("##top", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  if (ui.top_key.changed(ui.ui_scale, ui.languages.current, ui.coarse, app.offline.online)) ui.top_full_w = 0;
  const char* tagline = T("how a Vision Transformer classifies an image");
  const float tagline_w = ImGui::CalcTextSize(tagline).x + ImGui::GetStyle().ItemSpacing.x;
  // Measured with everything on the bar once (0: this frame measures it, off screen if it must).
  const bool full = ui.top_full_w == 0 || area.w >= ui.top_full_w;
  const bool menu = !full && area.w < ui.top_full_w - tagline_w;
  const char* menu_label = "☰###menu";
  const float menu_w = ImGui::CalcTextSize("☰").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ink(Ink::Brand), "ViT-VIS");
  draw_offline_badge(app, ui);  // while the browser is offline
  if (full) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tagline);
  }
  ImGui::SameLine();
  if (!menu) {  // a phone needs the room for the model's name
    ImGui::TextDisabled("|  %s", T("model:"));
    ImGui::SameLine();
  }
  const float room = ImGui::GetContentRegionAvail().x - (menu ? menu_w + ImGui::GetStyle().ItemSpacing.x : 0.f);
  const std::string name = app.model ? app.model->entry.name : std::string(T("(loading…)"));
  const float pad = ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2.f;  // the arrow and margins
  // With the menu the bar has room to spare (a tablet): the whole name, up to what the line leaves (and
  // the loading bar's room while a model loads). The full bar keeps a fixed width: it was measured once.
  const float spare = room - (app.pending_model >= 0 ? 150.f * ui.ui_scale : 0.f);
  const float combo_w =
      menu ? std::min(std::max(spare, 80.f), std::max(220.f * ui.ui_scale, ImGui::CalcTextSize(name.c_str()).x + pad))
           : 220.f * ui.ui_scale;
  ImGui::SetNextItemWidth(combo_w);
  ImVec2 p = ImGui::GetCursorScreenPos();
  // A long name (a hub id, "Fashion-MNIST ViT 14x14" on a phone) ends in "…" rather than at the arrow.
  const std::string current = fitted(name, combo_w - pad);
  ui.probe.model_shown = current;
  ui.probe.model_items.clear();
  ui.probe.lang_items.clear();
  const bool open = ImGui::BeginCombo("##model", current.c_str(), ImGuiComboFlags_HeightLargest);  // finger-tall rows
  if (!open && current != name && ImGui::IsItemHovered()) tip_text(name.c_str());
  if (open) {
    for (size_t i = 0; i < app.models.size(); ++i) {
      bool sel = app.model && app.model->entry.id == app.models[i].id;
      if (ImGui::Selectable(app.models[i].name.c_str(), sel, 0, ImVec2(0, ui.coarse ? 44.f : 0.f)) && !sel)
        load_model(app, int(i));
      ui.probe.model_items.push_back(last_item_rect());
    }
    ImGui::Separator();
    if (ImGui::Selectable(T("From Hugging Face…###hub"), false, 0, ImVec2(0, ui.coarse ? 44.f : 0.f))) ui.hub_open = true;
    ui.probe.model_items.push_back(last_item_rect());
    ImGui::EndCombo();
  }
  ImVec2 q = ImGui::GetItemRectMax();
  ui.probe.model_combo = {p.x, p.y, q.x - p.x, q.y - p.y};
  if (app.pending_model >= 0) {
    char buf[64];
    if (app.load_total > 0)
      std::snprintf(buf, sizeof buf, "%.1f / %.1f MB", app.load_received / 1e6, app.load_total / 1e6);
    else
      std::snprintf(buf, sizeof buf, "%.1f MB", app.load_received / 1e6);
    // On a narrow bar the progress takes what is left of the line (and a cancel button).
    float bar_w = 200.f * ui.ui_scale;
    if (menu) bar_w = std::max(60.f, ImGui::GetContentRegionAvail().x - menu_w - 90.f * ui.ui_scale);
    ImGui::SameLine();
    ImGui::ProgressBar(app.load_total > 0 ? float(app.load_received / app.load_total) : 0.f, ImVec2(bar_w, 0), buf);
    if (app.loading_fetch) {
      ImGui::SameLine();
      if (small_button(ui.coarse, T("Cancel###cancelload"))) cancel_loading(app);
      ui.probe.cancel_load = last_item_rect();
    }
  }
  if (!app.loading_fetch) ui.probe.cancel_load = {};
  if (menu) {
    ui.probe.copy_link = ui.probe.share_button = ui.probe.lesson_button = ui.probe.tour_button = ui.probe.insights_button = ui.probe.lang_combo = {};
    ui.probe.save_button = ui.probe.view_button = ui.probe.help_button = {};
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - menu_w));
    if (ImGui::Button(menu_label)) ImGui::OpenPopup("menu");
    ui.probe.menu_button = last_item_rect();
    if (ImGui::IsItemHovered()) describe(T("Tour, analyses, language, saving and the view"));
    // A finger's menu: the items' gaps make each one (its hit area spans them) about 44 px high.
    if (ui.coarse) ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(10.f, 24.f * ui.ui_scale));
    // At the screen's right edge, never wider or taller than the screen (Save and View open inside it;
    // a finger scrolls it).
    const ImVec2 disp = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(disp.x - 4.f, ui.probe.menu_button.y + ui.probe.menu_button.h + 2.f), ImGuiCond_Always,
                            ImVec2(1.f, 0.f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(disp.x - 8.f, disp.y - ui.probe.menu_button.y - ui.probe.menu_button.h - 6.f));
    if (ImGui::BeginPopup("menu")) {
      draw_actions(app, ui, true);
      ImGui::EndPopup();
    }
    if (ui.coarse) ImGui::PopStyleVar();
  } else {
    ui.probe.menu_button = {};
    draw_actions(app, ui, false);
    // What the whole bar needs (measured on a full frame): the next frames fold it if it does not fit.
    if (full && ui.top_full_w == 0)
      ui.top_full_w = ImGui::GetItemRectMax().x - area.x + ImGui::GetStyle().WindowPadding.x;
  }
  ImGui::End();
}

}  // namespace vitvis

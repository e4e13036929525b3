// What several views ask for, written once: focus a layer, open the step-through or an Analyses tab,
// keep frames coming for an animation.
#include "ui/intents.h"

#include <algorithm>

#include "app/app.h"
#include "app/catalog.h"
#include "ui/ui_state.h"

namespace vitvis {

void animate(UiState& ui, double ms) { ui.animate_until = std::max(ui.animate_until, ui.now + ms); }

void focus_layer(App& app, UiState& ui, int layer) {
  if (app.sel.layer == layer) return;
  app.sel.layer = layer;
  app.sel.hidden = layer + 1;   // (c) follows: the output of the layer whose attention (b) shows
  ui.attn_changed_at = ui.now;  // (b) fades the new layer in so the eye follows the change
  animate(ui, 600);
}

void open_steps(App& app, UiState& ui, int tab) {
  ui.steps.open = true;
  ui.steps.tab = tab;
  ui.steps.force_tab = true;
  if (app.sel.token >= 0) app.sel.pinned = true;  // keep the row while the mouse moves on
}

void open_analyses(UiState& ui, int tab) {
  ui.show_insights = true;
  ui.insights_tab = tab;
  ui.insights_force_tab = true;
}

std::vector<std::string> apply_view(App& app, UiState& ui, const UrlState& u, const std::vector<std::string>& fields) {
  std::vector<std::string> notices;
  if (!app.model) return {"no model is loaded yet"};
  auto given = [&](const char* f) { return std::find(fields.begin(), fields.end(), f) != fields.end(); };
  if (!u.lang.empty() && !set_language(ui.languages, u.lang)) notices.push_back("no language '" + u.lang + "'");
  if (given("theme")) ui.theme = u.theme;
  if (given("cmap")) ui.seq_map = u.cmap == 1 ? ColorMap::Cividis : ColorMap::Viridis;
  if (given("motion")) ui.motion.enabled = u.motion != 0;
  if (u.scale > 0) ui.ui_scale = u.scale;
  if (u.focus != -1) {
    ui.focus = u.focus >= 0 ? u.focus : -1;
    ui.focus2 = u.focus >= 0 ? u.focus2 : -1;
    if (u.focus >= 0) ui.phone_module = u.focus;
  }
  if (u.image >= 0) {
    const int n = int(app.model->samples.size());
    if (u.image >= n) notices.push_back("image " + std::to_string(u.image + 1) + " does not exist; showing the last");
    const int image = std::min(u.image, n - 1);
    if (image >= 0 && image != app.sel.image) select_image(app, image);
  }
  const int layer_before = app.sel.layer;
  const std::vector<std::string> clamped = apply_url_selection(u, app.model->spec, &app.sel);
  for (const std::string& c : clamped) notices.push_back(c + " is out of range; showing the nearest that exists");
  if (u.patch_row == -2) app.sel.pinned = false, app.sel.token = -1;  // "patch": null
  if (u.cls == -2) app.sel.pinned_cls = app.sel.cls = -1;              // "class": null
  if (app.sel.layer != layer_before) {  // (b) fades the new layer in; (c) as the view said, else following
    const int layer = app.sel.layer, hidden = app.sel.hidden;
    app.sel.layer = layer_before;
    focus_layer(app, ui, layer);
    app.sel.hidden = hidden;
  }
  if (u.fill >= 0) set_hide_fill(app, HideFill(u.fill));
  if (!u.hide.empty()) {
    PatchMask mask;
    if (mask_from_text(u.hide, app.model->spec.num_patches(), &mask))
      set_hidden(app, std::move(mask));
    else
      notices.push_back("hide does not fit this model's patches");
  }
  if (u.analyses > 0) open_analyses(ui, u.analyses - 1);
  if (u.steps) {
    open_steps(app, ui, u.steps - 1);
    if (u.step >= 0) ui.steps.step = u.step;
  }
  return notices;
}

}  // namespace vitvis

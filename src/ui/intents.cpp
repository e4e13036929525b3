// What several views ask for, written once: focus a layer, open the step-through or an Analyses tab,
// keep frames coming for an animation.
#include "ui/intents.h"

#include <algorithm>

#include "app/app.h"
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

}  // namespace vitvis

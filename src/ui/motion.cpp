#include "ui/motion.h"

#include <imgui.h>

#include "app/app.h"
#include "ui/intents.h"
#include "ui/ui_state.h"

namespace vitvis {

const char* flow_name(Flow f) {
  static const char* const names[kFlows] = {"patches", "class_token", "row", "embed"};
  return names[int(f)];
}

bool motion_allowed(const UiState& ui) { return ui.motion.enabled && !ui.motion.reduced; }

void start_flow(UiState& ui, Flow f, double delay_ms) {
  if (!motion_allowed(ui)) return;
  Timeline& t = ui.motion.flows[int(f)];
  t.start = ui.now + delay_ms;
  t.duration = kFlowMs;
  ui.motion.started[int(f)]++;
  animate(ui, delay_ms + kFlowMs + 20.0);  // the last frame shows it done
}

float flow_t(const UiState& ui, Flow f) { return ui.motion.flows[int(f)].progress(ui.now); }
bool flow_running(const UiState& ui, Flow f) { return ui.motion.flows[int(f)].running(ui.now); }

void motion_frame(const App& app, UiState& ui) {
  Motion& m = ui.motion;
  bool running = false;
  for (const Timeline& t : m.flows) running |= t.running(ui.now);
  // Skippable: any click or key ends what runs (the click still does what it does).
  const ImGuiIO& io = ImGui::GetIO();
  bool input = !io.InputQueueCharacters.empty();
  for (int b = 0; b < ImGuiMouseButton_COUNT; ++b) input |= ImGui::IsMouseClicked(b);
  for (int k = ImGuiKey_NamedKey_BEGIN; k < ImGuiKey_NamedKey_END && !input; ++k)
    input |= k < ImGuiKey_MouseLeft && ImGui::IsKeyPressed(ImGuiKey(k), false);
  if (running && (input || !motion_allowed(ui))) {
    for (Timeline& t : m.flows)
      if (t.running(ui.now)) t.finish(), m.skipped++;
    running = false;
  }
  if (running) m.frames++;
  // A new image (a sample, an upload, another model) shows its way in; not the camera's frames, the
  // pad's strokes or an edit of the same image.
  if (app.shown && app.model && !app.camera.active && app.shown->image >= 0 && !app.shown->edited() &&
      (app.model.get() != m.model || app.shown->image != m.image)) {
    m.model = app.model.get();
    m.image = app.shown->image;
    start_flow(ui, Flow::Patches);
    start_flow(ui, Flow::ClassToken, kFlowMs);
  }
  const int pinned = app.sel.pinned ? app.sel.token : -1;
  if (pinned != m.pinned_token) {
    m.pinned_token = pinned;
    if (pinned >= 0) {
      start_flow(ui, Flow::Row);
      start_flow(ui, Flow::Embed);
    }
  }
}

}  // namespace vitvis

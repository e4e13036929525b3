// Places the modules left to right like the model: input -> (encoder) -> classification.
#include <imgui.h>

#include <algorithm>

#include "platform/browser.h"
#include "ui/views.h"

namespace vitvis {

void draw_ui(App& app, UiState& ui, float w, float h) {
  const float s = ui.ui_scale;
  const float top = 40.f * s, status = 32.f * s, gap = 4.f;
  const float body_h = h - top - status - 2 * gap;
  // Columns: (a) input | (c) encoder layers | (b) attention of the chosen layer | (d) classification.
  const float left_w = std::clamp(w * 0.23f, 260.f, 520.f);
  const float right_w = std::clamp(w * 0.25f, 280.f, 520.f);
  const float rest = w - left_w - right_w - 5 * gap;
  const float layers_w = rest * 0.45f, attn_w = rest - layers_w;
  if (app.sel.pinned && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) app.sel.pinned = false;
  const double t0 = platform::now_ms();
  update_attention_textures(app, ui);
  update_layer_textures(app, ui);
  update_patch_textures(app, ui);
  update_steps(app, ui);
  if (app.timings.views_pending) app.timings.upload_ms = platform::now_ms() - t0;
  draw_top_bar(app, ui, {0, 0, w, top});
  draw_image_panel(app, ui, {gap, top + gap, left_w, body_h});
  draw_layers_panel(app, ui, {left_w + 2 * gap, top + gap, layers_w, body_h});
  draw_attention_panel(app, ui, {left_w + layers_w + 3 * gap, top + gap, attn_w, body_h});
  const float rx = left_w + rest + 4 * gap;
  draw_classify_panel(app, ui, {rx, top + gap, right_w, body_h});
  draw_status_bar(app, ui, {0, h - status, w, status});
  // Over (a) and (c), so (b) stays in view and shows the row and cell being explained.
  draw_steps_window(app, ui, {gap, top + gap, left_w + layers_w + gap, body_h});
}

}  // namespace vitvis

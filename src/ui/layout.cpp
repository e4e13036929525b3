// Places the modules left to right like the model: input -> (encoder) -> classification.
#include <imgui.h>

#include <algorithm>

#include "ui/views.h"

namespace vitvis {

void draw_ui(App& app, UiState& ui, float w, float h) {
  const float s = ui.ui_scale;
  const float top = 40.f * s, status = 32.f * s, gap = 4.f;
  const float body_h = h - top - status - 2 * gap;
  const float left_w = std::clamp(w * 0.30f, 280.f, 600.f);
  const float right_w = std::clamp(w * 0.28f, 280.f, 560.f);
  const float mid_w = w - left_w - right_w - 4 * gap;
  update_attention_textures(app, ui);
  draw_top_bar(app, ui, {0, 0, w, top});
  draw_image_panel(app, ui, {gap, top + gap, left_w, body_h});
  draw_attention_panel(app, ui, {left_w + 2 * gap, top + gap, mid_w, body_h});
  const float rx = left_w + mid_w + 3 * gap;
  const float card_h = std::min(body_h * 0.55f, 330.f * s);
  draw_classify_panel(app, ui, {rx, top + gap, right_w, body_h - card_h - gap});
  draw_model_card(app, ui, {rx, top + body_h - card_h + gap, right_w, card_h});
  draw_status_bar(app, ui, {0, h - status, w, status});
}

}  // namespace vitvis

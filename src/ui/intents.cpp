// What several views ask for, written once: focus a layer, open the step-through or an Analyses tab,
// keep frames coming for an animation; and the image textures every view shares.
#include "ui/views.h"

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

void prepare_views(const App& app, UiState& ui) {
  update_attention_textures(app, ui);
  update_layer_textures(app, ui);
  update_patch_textures(app, ui);
  update_steps(app, ui);
}

const Texture& input_texture(const App& app, UiState& ui) {
  if (!app.shown) {
    ui.images.input = {};
    ui.images.input_key.reset();
  } else if (ui.images.input_key.changed(app.shown->generation)) {
    const ModelInput& in = app.shown->input;
    ui.images.input.upload_planes(in.channels, in.size, in.pixels);
  }
  return ui.images.input;
}

const Texture& thumbnail(UiState& ui, const Sample& s) {
  Texture& t = ui.images.thumbs[s.uid];
  if (!t.valid() && s.loaded) {  // a 12-megapixel photo is never a texture (phones cap them at 4096)
    RgbaImage shrunk;
    const RgbaImage& small = s.thumb.width > 0 ? s.thumb : (shrunk = shrink_image(s.image, kThumbSide));
    t.upload_rgba(small.width, small.height, small.pixels.data());
  }
  return t;
}

}  // namespace vitvis

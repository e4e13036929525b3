// The model at a glance: the loaded ViT's structure as one strip (image -> patches -> tokens -> L encoder
// layers -> class token -> classes), drawn from its metadata, the selection marked, each stage a way into
// the module that shows it.
#pragma once
#include "ui/probe.h"

namespace vitvis {

struct App;
struct UiState;

// The strip's height for this UI scale and a window css_height CSS pixels high at scale 1 (0 where it is
// not shown: phones, embeds).
float overview_height(const UiState& ui, int layout, float css_height);
void draw_overview(App& app, UiState& ui, Rect area);
// A phone: the model at a glance is its navigation: a tab per module in the data's order through the model,
// each with the loaded model's numbers for its stage, and under them the encoder's layers (a box a layer,
// a dot a head, the selection marked; a tap chooses the layer). Drawn at area's top; returns its height.
float draw_phone_navigation(App& app, UiState& ui, Rect area);

}  // namespace vitvis

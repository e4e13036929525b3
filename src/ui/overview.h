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

}  // namespace vitvis

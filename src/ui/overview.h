// The model at a glance: the loaded ViT's structure as one strip (image -> patches -> tokens -> L encoder
// layers -> class token -> classes), drawn from its metadata, the selection marked, each stage a way into
// the module that shows it.
#pragma once
#include "ui/probe.h"

namespace vitvis {

struct App;
struct UiState;

// The strip's height for this UI scale (0 where it is not shown: phones, embeds).
float overview_height(const UiState& ui, int layout);
void draw_overview(App& app, UiState& ui, Rect area);

}  // namespace vitvis

// Named intents: what several views ask for, written once.
#pragma once

namespace vitvis {

struct App;
struct UiState;

// Named intents: what several views ask for, written once (ui/intents.cpp).
void animate(UiState& ui, double ms);                // keep frames coming for ms from now
void focus_layer(App& app, UiState& ui, int layer);  // (b) shows this layer, fading in
void open_steps(App& app, UiState& ui, int tab);     // "Attention up close" at tab (0 row, 1 depth)
void open_analyses(UiState& ui, int tab);            // the Analyses window at tab

}  // namespace vitvis

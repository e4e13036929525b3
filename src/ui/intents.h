// Named intents: what several views ask for, written once.
#pragma once
#include <string>
#include <vector>

#include "url_state.h"

namespace vitvis {

struct App;
struct UiState;

// Named intents: what several views ask for, written once (ui/intents.cpp).
void animate(UiState& ui, double ms);                // keep frames coming for ms from now
void focus_layer(App& app, UiState& ui, int layer);  // (b) shows this layer, fading in
void open_steps(App& app, UiState& ui, int tab);     // "Attention up close" at tab (0 row, 1 depth)
void open_analyses(UiState& ui, int tab);            // the Analyses window at tab
// A view's given fields (`fields`: their names, as core/embed_api's read_view gives them), each as the
// same link would set it: the embed API's "set" and a lesson's step. Returns what did not fit, in words.
std::vector<std::string> apply_view(App& app, UiState& ui, const UrlState& u, const std::vector<std::string>& fields);

}  // namespace vitvis

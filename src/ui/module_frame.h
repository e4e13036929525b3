// Every module window: placed, recorded in the probe, with a right-click Save menu.
#pragma once
#include "ui/probe.h"
#include "ui/ui_state.h"

namespace vitvis {

struct App;
struct UiState;

// Every module window: placed at `area`, recorded in the probe's modules, with a right-click Save menu.
bool begin_module(App& app, UiState& ui, Module module, const char* title, Rect area);
void draw_save_items(App& app, UiState& ui, int module);  // a Module, or -1: everything

}  // namespace vitvis

// Every module window: placed, recorded in the probe, with a right-click Save menu.
#pragma once
#include "ui/probe.h"
#include "ui/ui_state.h"

namespace vitvis {

struct App;
struct UiState;

// A module's title in the UI language: "(a) Image & patches" … (its window, its summary in the focus layout).
const char* module_title(Module module);
// Every module window: placed at `area` under its title, recorded in the probe's modules, with a
// right-click Save menu.
bool begin_module(App& app, UiState& ui, Module module, Rect area);
void draw_save_items(App& app, UiState& ui, int module);  // a Module, or -1: everything

}  // namespace vitvis

// "What happens here?": a module's explanation, formula with the model's shapes, and live numbers.
#pragma once
#include "ui/ui_state.h"

namespace vitvis {

struct App;
struct UiState;

void draw_module_info(App& app, UiState& ui, Module module);

}  // namespace vitvis

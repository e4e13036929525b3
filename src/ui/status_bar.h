// The status line under the modules.
#pragma once
#include "ui/probe.h"

namespace vitvis {

struct App;
struct UiState;

void draw_status_bar(const App& app, UiState& ui, Rect area);

}  // namespace vitvis

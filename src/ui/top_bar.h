// The top bar: model picker, language, view, tour, help, scale.
#pragma once
#include "ui/probe.h"

namespace vitvis {

struct App;
struct UiState;

void draw_top_bar(App& app, UiState& ui, Rect area);

}  // namespace vitvis

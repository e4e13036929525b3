// The focus layout (#32): one module large, the other three as compact live summaries beside it, each
// a click away from being the large one.
#pragma once
#include "ui/probe.h"

namespace vitvis {

struct App;
struct UiState;

// A compact live view of `module` (a Module) in `area`: its name, a small picture of what it shows now,
// one line of its numbers. A click makes it the large module.
void draw_summary(App& app, UiState& ui, int module, Rect area);

}  // namespace vitvis

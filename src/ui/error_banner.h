// Errors as messages (#33): the last error as a wrapping banner under the top bar, in the UI's language:
// what happened in plain words, the message itself whole, and what to do next. It closes with its button
// and goes by itself with the next success (app/actions.cpp clears the status).
#pragma once
#include <string>

#include "ui/probe.h"

namespace vitvis {

struct App;
struct UiState;

// An error message as a student reads it: "⚠ what happened in plain words", the message, what to do next
// (one line each; only the message when there are no plain words for it).
std::string explained_error(const std::string& message);

// Draws the banner across `area` (its height is what it needs) and returns the height it takes (0: none).
float draw_error_banner(App& app, UiState& ui, Rect area);

}  // namespace vitvis

// The frame's entry points for the shell: bring the view caches up to date, lay out and draw the modules.
#pragma once
#include "ui/ui_state.h"
#include "url_state.h"

namespace vitvis {

struct App;
struct UiState;

// How the modules share the screen, by its width in CSS pixels at UI scale 1: four columns (>= 1200),
// two rows of two (>= 700: tablets, small laptops), one at a time with tabs (phones).
Layout layout_for(float css_width);
// Brings the view caches up to date with the snapshot and selection (the shell times it).
void prepare_views(const App& app, UiState& ui);
// Places the panels for a window of w x h CSS pixels and draws them.
void draw_ui(App& app, UiState& ui, float w, float h);
// The URL state of the whole view: the selection plus what the UI shows (embed, panels, theme…).
UrlState view_url_state(const App& app, const UiState& ui);
// Keyboard: arrows move the selected patch, [ ] heads, PageUp/PageDown layers, ? the shortcut sheet.
void handle_shortcuts(App& app, UiState& ui);
void draw_help(UiState& ui);

}  // namespace vitvis

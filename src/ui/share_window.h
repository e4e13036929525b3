// "Share or embed" (#34): the view as a link or as an iframe for a course page, with the modules, size,
// language, theme and scale chosen, the embed API's origin, a live preview and copy buttons.
#pragma once

namespace vitvis {

struct App;
struct UiState;

struct ShareView {
  bool open = false;
  int modules = 0;          // EmbedModule bits (0: the whole app)
  int size = 1;             // kSharePresets index (the last: custom)
  int width = 900, height = 520;
  int lang = 0;             // a Languages index
  int theme = 0;            // 0 dark, 1 high contrast
  float scale = 1.f;        // the UI scale in the link
  bool calm = false;        // no animations (?motion=off)
  bool api = false;         // the course page may drive it (?parent=)
  char origin[128] = {};    // the course page's origin for the API
};

void open_share(UiState& ui);  // opens it with the view as it is now (language, theme, scale, modules)
void draw_share_window(App& app, UiState& ui);

}  // namespace vitvis

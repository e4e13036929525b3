// "Make available offline…" (#35): what the app stores for use without a network (the build's
// offline.json in groups: the app, both languages, the fonts, each bundled model, …, and the hub models
// already downloaded), the total first, then a download with its progress; and the top bar's "Offline"
// badge while the browser has no network. Drawn from app.offline.
#pragma once

namespace vitvis {

struct App;
struct UiState;

struct OfflineView {
  bool open = false;
  bool asked = false;  // what is stored was asked for since it opened
  float height = 0;       // its height in the last frame (it fits what it shows) …
  bool recenter = false;  // … which changed: centred again
};

void open_offline(UiState& ui);
void draw_offline_window(App& app, UiState& ui);
// The badge on the top bar (a SameLine item) while the browser is offline; its tooltip says what works.
void draw_offline_badge(App& app, UiState& ui);
// The group's name as the window lists it, in the UI's language.
const char* offline_group_name(const char* kind, const char* name);

}  // namespace vitvis

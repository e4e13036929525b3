// "Your own classes" (#20): examples, training, the head.
#pragma once

namespace vitvis {

struct App;
struct UiState;

void draw_own_classes_window(App& app, UiState& ui);  // "Your own classes": examples, training, the head

}  // namespace vitvis

// The model card inside module (d), read from the model's metadata.
#pragma once

namespace vitvis {

struct App;
struct UiState;

void draw_model_card(App& app, UiState& ui);  // contents, inside module (d)

}  // namespace vitvis

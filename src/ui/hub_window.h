// "From Hugging Face…": the curated list and any model id.
#pragma once

namespace vitvis {

struct App;
struct UiState;

void draw_hub_window(App& app, UiState& ui);  // "From Hugging Face…": curated list, any model id

}  // namespace vitvis

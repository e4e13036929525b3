// The selection and the prediction in words, for the page's live region.
#pragma once
#include <string>

namespace vitvis {

struct App;
struct UiState;

std::string describe_for_screen_reader(const App& app);

}  // namespace vitvis

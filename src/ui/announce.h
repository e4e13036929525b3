// The selection and the prediction in words, for the page's live region.
#pragma once
#include <string>

namespace vitvis {

struct App;
struct UiState;

std::string describe_for_screen_reader(const App& app);
// The view in a few words, for a shared link and the embed API: "Layer 2, head 3, patch (4, 2) of
// 'Ankle boot'" (the image by its true class, or its file name when it has none).
std::string describe_view(const App& app);

}  // namespace vitvis

// What the Save menu and the figure window share: file names and the "about" lines that say which
// model, image and view a saved file comes from.
#pragma once
#include <string>

#include "export.h"

namespace vitvis {

struct App;

// "vitvis_<model>_<what>_img20-Ankle_boot" (the student's own image: "own-image").
std::string file_stem(const App& app, const std::string& what);
// What module m shows besides the image: "attention_L2_H3", "layers_out3_ch12", "image_patch4-2".
std::string figure_what(const App& app, int m);
// model, image, true class, predicted class, layer, head, patch (and hidden state/channel for (c)).
ExportAbout export_about(const App& app, int module);

}  // namespace vitvis

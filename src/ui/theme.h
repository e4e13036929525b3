// Fonts and colours.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

#include "palette.h"

namespace vitvis {

// The current theme's colours (core/palette): a coloured word, a background.
ImVec4 ink(Ink k);
ImVec4 paint(Paint p);
// A selected button (a layer, a head, a choice): its colours pushed when `on` (and popped after the button).
void push_selected(bool on);
void pop_selected(bool on);

// Fonts and colours; `scale` = UI scale x device pixel ratio (glyphs rasterized at that size).
void apply_theme(float ui_scale, int theme, bool coarse = false);
// cjk_ttf/cjk_text: a font merged in for the glyphs of cjk_text (empty: Latin only). names_ttf/names_text:
// a tiny font merged in for the languages' own names ("中文" in the language menu before Chinese's font
// has been fetched).
bool load_fonts(const std::vector<unsigned char>& ttf, float pixel_scale, float ui_scale,
                const std::vector<unsigned char>& cjk_ttf = {}, const std::string& cjk_text = {},
                const std::vector<unsigned char>& names_ttf = {}, const std::string& names_text = {});

}  // namespace vitvis

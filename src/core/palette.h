// The UI's colours per theme (0 dark, 1 high contrast for projectors), as data: ui/theme.cpp gives them
// to ImGui and the views take their text colours from here, so a native test can check that every
// text colour is readable on every background it is drawn on (WCAG contrast ratio).
#pragma once
#include <array>
#include <span>

namespace vitvis {

struct Rgba {
  float r = 0, g = 0, b = 0, a = 1;
};

// Text colours.
enum class Ink : int {
  Text,        // body text
  Disabled,    // hints, captions
  Mark,        // what is in focus (the logit lens's class, the tour step's title)
  Good,        // "✓ right"
  Bad,         // "✗ wrong", errors in the status line
  Warn,        // cautions
  Info,        // "What happens here?" bars
  Brand,       // the app's name
  Train,       // training examples / curves
  HeldOut,     // held-out examples / curves
  OnSelected,  // on a selected button (layer, head, tab of a choice)
  OnTopClass,  // on the top class's filled bar
  BannerText,  // the error banner's words
  BannerTitle, // its first line
  Count
};

// Backgrounds text is drawn on.
enum class Paint : int {
  WindowBg,
  PopupBg,
  FrameBg,
  FrameBgHovered,
  FrameBgActive,
  Button,
  ButtonHovered,
  ButtonActive,
  Selected,  // a selected button
  Header,
  HeaderHovered,
  HeaderActive,
  TitleBg,
  Tab,
  TabHovered,
  TabActive,
  SliderGrab,  // the slider's knob, under its value
  SliderGrabActive,
  TopClass,  // the top class's filled bar (ImGui's PlotHistogram)
  Banner,    // the error banner
  Count
};

struct Palette {
  std::array<Rgba, size_t(Ink::Count)> ink;
  std::array<Rgba, size_t(Paint::Count)> paint;
  Rgba operator[](Ink k) const { return ink[size_t(k)]; }
  Rgba operator[](Paint p) const { return paint[size_t(p)]; }
};

const Palette& theme_palette(int theme);

// Which text colour is drawn on which background anywhere in the UI.
struct TextPair {
  Ink ink;
  Paint paint;
};
std::span<const TextPair> text_pairs();

// WCAG 2 contrast ratio of `fg` over `bg`, each composited by its alpha over `under` (bg first).
double contrast_ratio(Rgba fg, Rgba bg, Rgba under);

}  // namespace vitvis

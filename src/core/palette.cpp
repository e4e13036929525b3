// The two themes' colours. Dark: ImGui's dark style with calmer panels (its values, so the test sees what
// is drawn). High contrast: black panels and white text; a selected button is yellow with black text;
// every fill that carries white text is dark enough for 4.5:1.
#include "palette.h"

#include <cmath>

namespace vitvis {
namespace {

Palette dark() {
  Palette p;
  auto ink = [&](Ink k, Rgba c) { p.ink[size_t(k)] = c; };
  auto paint = [&](Paint k, Rgba c) { p.paint[size_t(k)] = c; };
  ink(Ink::Text, {1, 1, 1, 1});
  ink(Ink::Disabled, {0.6f, 0.6f, 0.62f, 1});
  ink(Ink::Mark, {1.f, 0.8f, 0.3f, 1});
  ink(Ink::Good, {0.5f, 0.9f, 0.5f, 1});
  ink(Ink::Bad, {1.f, 0.45f, 0.4f, 1});
  ink(Ink::Warn, {1.f, 0.75f, 0.3f, 1});
  ink(Ink::Info, {0.62f, 0.86f, 1.f, 1});
  ink(Ink::Brand, {0.55f, 0.8f, 1.f, 1});
  ink(Ink::Train, {0.35f, 0.7f, 1.f, 1});
  ink(Ink::HeldOut, {1.f, 0.67f, 0.31f, 1});
  ink(Ink::OnSelected, {1, 1, 1, 1});
  ink(Ink::OnTopClass, {0.05f, 0.05f, 0.08f, 1});
  ink(Ink::BannerText, {1.f, 0.94f, 0.92f, 1});
  ink(Ink::BannerTitle, {1.f, 0.75f, 0.7f, 1});
  paint(Paint::WindowBg, {0.105f, 0.115f, 0.135f, 1});
  paint(Paint::PopupBg, {0.075f, 0.085f, 0.105f, 1});
  paint(Paint::FrameBg, {0.16f, 0.29f, 0.48f, 0.54f});
  paint(Paint::FrameBgHovered, {0.26f, 0.59f, 0.98f, 0.40f});
  paint(Paint::FrameBgActive, {0.26f, 0.59f, 0.98f, 0.67f});
  paint(Paint::Button, {0.26f, 0.59f, 0.98f, 0.40f});
  paint(Paint::ButtonHovered, {0.26f, 0.59f, 0.98f, 1.f});
  paint(Paint::ButtonActive, {0.06f, 0.53f, 0.98f, 1.f});
  paint(Paint::Selected, {0.06f, 0.53f, 0.98f, 1.f});
  paint(Paint::Header, {0.22f, 0.33f, 0.50f, 0.8f});
  paint(Paint::HeaderHovered, {0.26f, 0.59f, 0.98f, 0.80f});
  paint(Paint::HeaderActive, {0.26f, 0.59f, 0.98f, 1.f});
  paint(Paint::TitleBg, {0.16f, 0.19f, 0.26f, 1});
  paint(Paint::Tab, {0.18f, 0.35f, 0.58f, 0.86f});
  paint(Paint::TabHovered, {0.26f, 0.59f, 0.98f, 0.80f});
  paint(Paint::TabActive, {0.20f, 0.41f, 0.68f, 1.f});
  paint(Paint::SliderGrab, {0.24f, 0.52f, 0.88f, 1.f});
  paint(Paint::SliderGrabActive, {0.26f, 0.59f, 0.98f, 1.f});
  paint(Paint::TopClass, {0.27f, 0.62f, 0.85f, 1});
  paint(Paint::Banner, {0.32f, 0.09f, 0.08f, 0.97f});
  return p;
}

Palette high_contrast() {
  Palette p = dark();
  auto ink = [&](Ink k, Rgba c) { p.ink[size_t(k)] = c; };
  auto paint = [&](Paint k, Rgba c) { p.paint[size_t(k)] = c; };
  ink(Ink::Disabled, {0.85f, 0.85f, 0.85f, 1});
  ink(Ink::OnSelected, {0, 0, 0, 1});
  ink(Ink::OnTopClass, {1, 1, 1, 1});
  ink(Ink::BannerText, {1, 1, 1, 1});
  ink(Ink::BannerTitle, {1.f, 0.85f, 0.8f, 1});
  paint(Paint::WindowBg, {0, 0, 0, 1});
  paint(Paint::PopupBg, {0, 0, 0, 1});
  paint(Paint::FrameBg, {0.12f, 0.12f, 0.12f, 1});
  paint(Paint::FrameBgHovered, {0.2f, 0.2f, 0.2f, 1});
  paint(Paint::FrameBgActive, {0.25f, 0.25f, 0.25f, 1});
  paint(Paint::Button, {0.f, 0.28f, 0.62f, 1});
  paint(Paint::ButtonHovered, {0.05f, 0.4f, 0.85f, 1});
  paint(Paint::ButtonActive, {0.f, 0.2f, 0.45f, 1});
  paint(Paint::Selected, {1.f, 0.85f, 0.2f, 1});
  paint(Paint::Header, {0.f, 0.3f, 0.65f, 1});
  paint(Paint::HeaderHovered, {0.05f, 0.4f, 0.8f, 1});
  paint(Paint::HeaderActive, {0.f, 0.2f, 0.45f, 1});
  paint(Paint::TitleBg, {0.f, 0.2f, 0.45f, 1});
  paint(Paint::Tab, {0.f, 0.22f, 0.5f, 1});
  paint(Paint::TabHovered, {0.05f, 0.4f, 0.8f, 1});
  paint(Paint::TabActive, {0.f, 0.3f, 0.65f, 1});
  paint(Paint::SliderGrab, {0.62f, 0.42f, 0.f, 1});  // dark amber: the value over it stays readable
  paint(Paint::SliderGrabActive, {0.55f, 0.36f, 0.f, 1});
  paint(Paint::TopClass, {0.f, 0.3f, 0.65f, 1});
  paint(Paint::Banner, {0.3f, 0.f, 0.f, 1});
  return p;
}

constexpr TextPair kPairs[] = {
    // body text and hints on every surface
    {Ink::Text, Paint::WindowBg}, {Ink::Text, Paint::PopupBg}, {Ink::Disabled, Paint::WindowBg}, {Ink::Disabled, Paint::PopupBg},
    {Ink::Text, Paint::FrameBg}, {Ink::Text, Paint::FrameBgHovered}, {Ink::Text, Paint::FrameBgActive},
    {Ink::Text, Paint::Button}, {Ink::Text, Paint::ButtonHovered}, {Ink::Text, Paint::ButtonActive},
    {Ink::OnSelected, Paint::Selected}, {Ink::Text, Paint::Header}, {Ink::Text, Paint::HeaderHovered},
    {Ink::Text, Paint::HeaderActive}, {Ink::Text, Paint::TitleBg}, {Ink::Text, Paint::Tab}, {Ink::Text, Paint::TabHovered},
    {Ink::Text, Paint::TabActive}, {Ink::Text, Paint::SliderGrab}, {Ink::Text, Paint::SliderGrabActive},
    {Ink::OnTopClass, Paint::TopClass}, {Ink::Text, Paint::TopClass},  // (d)'s top bar; a progress bar's value
    {Ink::BannerText, Paint::Banner}, {Ink::BannerTitle, Paint::Banner},
    // the coloured words, on panels and in popups
    {Ink::Mark, Paint::WindowBg}, {Ink::Good, Paint::WindowBg}, {Ink::Bad, Paint::WindowBg}, {Ink::Warn, Paint::WindowBg},
    {Ink::Info, Paint::Header}, {Ink::Info, Paint::WindowBg}, {Ink::Brand, Paint::WindowBg}, {Ink::Train, Paint::WindowBg},
    {Ink::HeldOut, Paint::WindowBg}, {Ink::Mark, Paint::PopupBg}, {Ink::Good, Paint::PopupBg}, {Ink::Bad, Paint::PopupBg},
    {Ink::Warn, Paint::PopupBg},
};

double channel(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double luminance(double r, double g, double b) { return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); }

}  // namespace

const Palette& theme_palette(int theme) {
  static const Palette d = dark(), hc = high_contrast();
  return theme == 1 ? hc : d;
}

std::span<const TextPair> text_pairs() { return kPairs; }

double contrast_ratio(Rgba fg, Rgba bg, Rgba under) {
  const double br = bg.r * bg.a + under.r * (1 - bg.a), bgg = bg.g * bg.a + under.g * (1 - bg.a),
               bb = bg.b * bg.a + under.b * (1 - bg.a);
  const double fr = fg.r * fg.a + br * (1 - fg.a), fgg = fg.g * fg.a + bgg * (1 - fg.a), fb = fg.b * fg.a + bb * (1 - fg.a);
  const double l1 = luminance(fr, fgg, fb), l2 = luminance(br, bgg, bb);
  return (std::max(l1, l2) + 0.05) / (std::min(l1, l2) + 0.05);
}

}  // namespace vitvis

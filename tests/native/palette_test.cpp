// The high-contrast theme (for projectors) is readable: every text colour on every background it is
// drawn on has a WCAG contrast ratio of at least 4.5:1 (AA for body text).
#include "palette.h"

#include <gtest/gtest.h>

using namespace vitvis;

TEST(Palette, ContrastRatioIsWcags) {
  EXPECT_NEAR(contrast_ratio({1, 1, 1, 1}, {0, 0, 0, 1}, {0, 0, 0, 1}), 21.0, 1e-9);
  EXPECT_NEAR(contrast_ratio({0.5f, 0.5f, 0.5f, 1}, {1, 1, 1, 1}, {0, 0, 0, 1}), 3.98, 0.01);  // #808080 on white
  // a half-transparent white fill over black is mid-grey: white text on it is poor
  EXPECT_LT(contrast_ratio({1, 1, 1, 1}, {1, 1, 1, 0.5f}, {0, 0, 0, 1}), 4.5);
}

TEST(Palette, HighContrastThemeHasAtLeast4_5To1ForEveryTextAndBackground) {
  const Palette& p = theme_palette(1);
  ASSERT_GE(text_pairs().size(), 30u);
  for (const TextPair& t : text_pairs()) {
    const double c = contrast_ratio(p[t.ink], p[t.paint], p[Paint::WindowBg]);
    EXPECT_GE(c, 4.5) << "ink " << int(t.ink) << " on paint " << int(t.paint);
  }
}

TEST(Palette, DarkThemesColouredWordsAreReadableOnItsPanels) {
  const Palette& p = theme_palette(0);
  for (Ink k : {Ink::Text, Ink::Mark, Ink::Good, Ink::Bad, Ink::Warn, Ink::Info, Ink::Brand, Ink::Train, Ink::HeldOut})
    EXPECT_GE(contrast_ratio(p[k], p[Paint::WindowBg], p[Paint::WindowBg]), 4.5) << int(k);
  EXPECT_GE(contrast_ratio(p[Ink::Disabled], p[Paint::WindowBg], p[Paint::WindowBg]), 4.5);
}

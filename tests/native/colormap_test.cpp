// Colour maps match reference viridis endpoints; scales map values as the shader does.
#include "colormap.h"

#include <gtest/gtest.h>

#include <vector>

using namespace vitvis;

TEST(ColorMap, ViridisEndpointsMatchMatplotlib) {
  auto a = colormap(ColorMap::Viridis, 0.f), b = colormap(ColorMap::Viridis, 1.f),
       m = colormap(ColorMap::Viridis, 0.5f);
  // matplotlib viridis: 0 -> (0.267, 0.005, 0.329), 0.5 -> (0.128, 0.567, 0.551), 1 -> (0.993, 0.906, 0.144)
  EXPECT_NEAR(a[0], 0.267, 0.02);
  EXPECT_NEAR(a[2], 0.329, 0.02);
  EXPECT_NEAR(m[0], 0.128, 0.02);
  EXPECT_NEAR(m[1], 0.567, 0.02);
  EXPECT_NEAR(m[2], 0.551, 0.02);
  EXPECT_NEAR(b[0], 0.993, 0.02);
  EXPECT_NEAR(b[1], 0.906, 0.02);
  EXPECT_NEAR(b[2], 0.144, 0.02);
}

TEST(ColorMap, ViridisLuminanceIncreases) {
  float prev = -1;
  for (int i = 0; i <= 20; ++i) {
    auto c = colormap(ColorMap::Viridis, i / 20.f);
    float l = 0.2126f * c[0] + 0.7152f * c[1] + 0.0722f * c[2];
    EXPECT_GT(l, prev) << i;
    prev = l;
  }
}

TEST(ColorMap, CoolWarmIsBlueGreyRed) {
  auto lo = colormap(ColorMap::CoolWarm, 0.f), mid = colormap(ColorMap::CoolWarm, 0.5f),
       hi = colormap(ColorMap::CoolWarm, 1.f);
  EXPECT_GT(lo[2], lo[0]);
  EXPECT_FLOAT_EQ(mid[0], mid[2]);
  EXPECT_GT(hi[0], hi[2]);
  EXPECT_EQ(colormap_abgr(ColorMap::CoolWarm, 0.5f) & 0xFF, 221u);  // 0.865 * 255
  EXPECT_EQ(colormap_abgr(ColorMap::CoolWarm, 0.5f, 0.f) >> 24, 0u);
}

TEST(ValueScale, SequentialDivergingLog) {
  std::vector<float> v = {-2.f, 1.f, 3.f};
  auto s = sequential_scale(v);
  EXPECT_FLOAT_EQ(s.t(-2.f), 0.f);
  EXPECT_FLOAT_EQ(s.t(0.5f), 0.5f);
  auto d = diverging_scale(v);
  EXPECT_FLOAT_EQ(d.lo, -3.f);
  EXPECT_FLOAT_EQ(d.t(0.f), 0.5f);
  std::vector<float> p = {0.f, 1e-6f, 0.01f, 1.f};
  auto l = log_scale(p);
  EXPECT_FLOAT_EQ(l.lo, 1e-4f);
  EXPECT_NEAR(l.t(0.01f), 0.5f, 1e-5);
  EXPECT_FLOAT_EQ(l.t(0.f), 0.f);
  std::vector<float> flat = {2.f, 2.f};
  EXPECT_FLOAT_EQ(sequential_scale(flat).t(2.f), 0.f);
}

TEST(ValueScale, LegendEndsReadZeroOnlyWithinAThousandthOfTheRange) {
  const ValueScale attention{5.02e-15f, 0.854f, false};  // softmax's smallest weight
  EXPECT_EQ(attention.shown(attention.lo), 0.f);
  EXPECT_FLOAT_EQ(attention.shown(attention.hi), 0.854f);
  EXPECT_FLOAT_EQ(attention.shown(0.001f), 0.001f);  // more than 1/1000 of 0.854: kept
  const ValueScale tiny{-2e-9f, 3e-9f, false};       // a range that is all small is not zeroed
  EXPECT_FLOAT_EQ(tiny.shown(tiny.lo), -2e-9f);
  const ValueScale probs{1e-6f, 0.9f, true};  // a log scale's low end is the point of it
  EXPECT_FLOAT_EQ(probs.shown(probs.lo), 1e-6f);
}

TEST(ColorMap, CividisMatchesMatplotlibAndIsMonotoneInLuminance) {
  // matplotlib's _cividis_data: first, middle (index 128) and last entries
  auto a = colormap(ColorMap::Cividis, 0.f), m = colormap(ColorMap::Cividis, 128.f / 255.f),
       z = colormap(ColorMap::Cividis, 1.f);
  EXPECT_NEAR(a[0], 0.0000f, 1e-4);
  EXPECT_NEAR(a[1], 0.1351f, 1e-4);
  EXPECT_NEAR(a[2], 0.3048f, 1e-4);
  EXPECT_NEAR(m[0], 0.4887f, 0.01);
  EXPECT_NEAR(m[1], 0.4853f, 0.01);
  EXPECT_NEAR(m[2], 0.4710f, 0.01);
  EXPECT_NEAR(z[0], 0.9957f, 1e-4);
  EXPECT_NEAR(z[1], 0.9093f, 1e-4);
  EXPECT_NEAR(z[2], 0.2178f, 1e-4);
  float prev = -1;
  for (int i = 0; i <= 100; ++i) {
    auto c = colormap(ColorMap::Cividis, float(i) / 100.f);
    float lum = 0.2126f * c[0] + 0.7152f * c[1] + 0.0722f * c[2];
    EXPECT_GT(lum, prev) << i;
    prev = lum;
  }
}

// Drawing pad canvas: brush coverage, strokes, clear, invert, and what the model then sees.
#include "drawing.h"

#include <gtest/gtest.h>

#include "onnx_builder.h"

using namespace vitvis;

TEST(Drawing, DotCoverageIsRoundAndAntialiased) {
  DrawingCanvas c(16);
  EXPECT_TRUE(c.empty());
  c.stroke(8, 8, 8, 8, 2.f);  // a dot at the corner shared by pixels 7 and 8
  auto at = [&](int x, int y) { return c.ink()[size_t(y) * 16 + x]; };
  EXPECT_FLOAT_EQ(at(7, 7), 1.f);  // centre (7.5, 7.5): distance 0.707 < 2
  EXPECT_FLOAT_EQ(at(8, 8), 1.f);
  EXPECT_FLOAT_EQ(at(0, 0), 0.f);
  // pixel (9, 7): centre (9.5, 7.5), distance √(1.5² + 0.5²) = 1.581 -> cover 2.5 − 1.581 = 0.919
  EXPECT_NEAR(at(9, 7), 0.9189, 1e-3);
  // pixel (10, 8): centre (10.5, 8.5), distance √(2.5² + 0.5²) = 2.55 -> 0 (outside)
  EXPECT_FLOAT_EQ(at(10, 8), 0.f);
  EXPECT_FALSE(c.empty());
}

TEST(Drawing, StrokeCoversTheSegmentAndClearErases) {
  DrawingCanvas c(32);
  c.stroke(4, 16, 28, 16, 1.f);
  for (int x = 4; x < 28; ++x) EXPECT_FLOAT_EQ(c.ink()[size_t(15) * 32 + x], 1.f) << x;  // centre y 15.5: 0.5 away
  EXPECT_FLOAT_EQ(c.ink()[size_t(5) * 32 + 16], 0.f);
  c.clear();
  EXPECT_TRUE(c.empty());
}

TEST(Drawing, ImageAndInvert) {
  DrawingCanvas c(8);
  c.stroke(0, 0, 8, 0, 1.f);  // top row (centres 0.5 away: full ink; row 1 is 1.5 away: none)
  RgbaImage light = c.to_image(false), dark = c.to_image(true);
  EXPECT_EQ(light.width, 8);
  EXPECT_EQ(light.pixels[0], 255);        // ink white
  EXPECT_EQ(light.pixels[4 * 8 * 4], 0);  // row 4 black
  EXPECT_EQ(dark.pixels[0], 0);
  EXPECT_EQ(dark.pixels[4 * 8 * 4], 255);
  EXPECT_EQ(light.pixels[3], 255);
  // What a 1-channel model sees: the same picture, downsampled (8 -> 8 here: identical)
  fixtures::TinyVit t;
  ModelInput in = preprocess(light, fixtures::spec_of(t));
  EXPECT_NEAR(in.pixels[0], 1.f, 1e-6);
  EXPECT_NEAR(in.pixels[4 * 8], 0.f, 1e-6);
}

TEST(Drawing, SizeIsBounded) {
  DrawingCanvas c(100000);
  EXPECT_EQ(c.size(), 1024);
  c.reset(1);
  EXPECT_EQ(c.size(), 8);
  c.stroke(-1e9f, -1e9f, 1e9f, 1e9f, 1e9f);  // clamped: fills without overflowing
  EXPECT_FLOAT_EQ(c.ink()[0], 1.f);
}

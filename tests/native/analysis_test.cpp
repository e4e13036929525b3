// Module data transforms on hand-checked tensors: patch vectors, channel maps/atlas/order, contributions.
#include "analysis.h"

#include <gtest/gtest.h>

#include <numeric>

#include "onnx_builder.h"

using namespace vitvis;

namespace {
// image 8, patch 4 -> grid 2 (P = 4), prefix 2, D = 4, K = 3. hidden_l[t, d] = 100 l + 10 t + d.
InferenceResult make() {
  fixtures::TinyVit t;
  t.prefix = 2;
  return fixtures::result_of(t, [](const std::string& name, std::vector<float>& v) {
    if (name.rfind("hidden_", 0) == 0) {
      int l = std::stoi(name.substr(7));
      for (int tok = 0; tok < 6; ++tok)
        for (int d = 0; d < 4; ++d) v[size_t(tok * 4 + d)] = float(100 * l + 10 * tok + d);
    } else if (name == "cls_final") {
      v = {1.f, -2.f, 0.5f, 4.f};
    } else if (name == "head_weight") {
      std::iota(v.begin(), v.end(), 0.f);  // w[k, d] = 4k + d
    } else if (name == "head_bias") {
      v = {0.1f, 0.2f, 0.3f};
    }
  });
}
}  // namespace

TEST(Analysis, PatchVectorIsChannelRowColOfThePatch) {
  ModelSpec s;
  s.image_size = 4;
  s.patch_size = 2;
  s.channels = 2;
  std::vector<float> img(2 * 4 * 4);
  std::iota(img.begin(), img.end(), 0.f);  // value = c*16 + y*4 + x
  // Patch 3 = grid (1, 1): rows 2-3, cols 2-3.
  EXPECT_EQ(patch_vector(s, img, 3), (std::vector<float>{10, 11, 14, 15, 26, 27, 30, 31}));
  EXPECT_TRUE(patch_vector(s, img, 4).empty());
}

TEST(Analysis, ChannelMapsDropPrefixTokens) {
  InferenceResult r = make();
  // Channel 1 of layer 2 over patches (tokens 2..5): 200 + 10 t + 1.
  EXPECT_EQ(channel_map(r, 2, 1), (std::vector<float>{221, 231, 241, 251}));
  ChannelStats st = channel_stats(r, 0);
  EXPECT_FLOAT_EQ(st.mean[3], (23 + 33 + 43 + 53) / 4.f);
  EXPECT_FLOAT_EQ(st.variance[0], 125.f);  // values 20,30,40,50
  EXPECT_FLOAT_EQ(st.max_abs[2], 52.f);
}

TEST(Analysis, OneRangeForAllLayersSkipsPrefixTokens) {
  InferenceResult r = make();  // layers 0..2: the largest patch value is layer 2's 200 + 50 + 3
  EXPECT_FLOAT_EQ(patch_max_abs_all_layers(r), 253.f);
  fixtures::TinyVit t;
  t.prefix = 2;
  // Layer 1's patch token 3 channel 0 at -400 (the largest |value|); the class token at 9000 is not a patch.
  InferenceResult base = fixtures::result_of(t, [](const std::string& name, std::vector<float>& v) {
    if (name.rfind("hidden_", 0) == 0) {
      const int l = std::stoi(name.substr(7));
      for (int tok = 0; tok < 6; ++tok)
        for (int d = 0; d < 4; ++d) v[size_t(tok * 4 + d)] = float(100 * l + 10 * tok + d) - 1.f;
      if (l == 1) v[3 * 4 + 0] = -400.f, v[0] = 9000.f;
    }
  });
  EXPECT_FLOAT_EQ(patch_max_abs_all_layers(base), 400.f);
  // The change r - base: 1 everywhere except layer 1 token 3 channel 0 (130 + 400 = 530).
  EXPECT_FLOAT_EQ(patch_max_abs_all_layers(r, &base), 530.f);
}

TEST(Analysis, ChannelOrderAndAtlas) {
  ChannelStats st;
  st.mean = {0, 0, 0};
  st.variance = {1, 3, 2};
  st.max_abs = {5, 1, 9};
  EXPECT_EQ(channel_order(st, ChannelOrder::Index), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(channel_order(st, ChannelOrder::Variance), (std::vector<int>{1, 2, 0}));
  EXPECT_EQ(channel_order(st, ChannelOrder::MaxAbs), (std::vector<int>{2, 0, 1}));
  InferenceResult r = make();
  ChannelAtlas a = channel_atlas(r, 1, {3, 0, 2}, 2);  // 2 columns, 2 rows of 2x2 tiles
  EXPECT_EQ(a.rows, 2);
  ASSERT_EQ(a.values.size(), 16u);
  // Tile 0 (channel 3) top-left: patch 0 -> token 2 -> 100 + 20 + 3.
  EXPECT_FLOAT_EQ(a.values[0], 123.f);
  // Tile 1 (channel 0) at x 2..3: patch 1 (row 0, col 1) -> token 3 -> 130.
  EXPECT_FLOAT_EQ(a.values[3], 130.f);
  // Tile 2 (channel 2) second tile row, patch 2 (row 1, col 0) -> y = 3, x = 0 -> token 4 -> 142.
  EXPECT_FLOAT_EQ(a.values[3 * 4 + 0], 142.f);
  // Tile 3 unused.
  EXPECT_FLOAT_EQ(a.values[3 * 4 + 3], 0.f);
}

TEST(Analysis, ContributionsSumToTheLogitWithoutBias) {
  InferenceResult r = make();
  auto c = class_contributions(r, 2);  // w[2] = 8, 9, 10, 11
  EXPECT_EQ(c, (std::vector<float>{8.f, -18.f, 5.f, 44.f}));
  float logit = std::accumulate(c.begin(), c.end(), 0.f) + r.head_bias()[2];
  EXPECT_FLOAT_EQ(logit, 39.3f);
  EXPECT_EQ(top_abs_indices(c, 2), (std::vector<int>{3, 1}));
  auto u = scaled_to_unit(r.cls_final());
  EXPECT_FLOAT_EQ(u[3], 1.f);
  EXPECT_FLOAT_EQ(u[1], -0.5f);
  std::vector<float> z = {0.f, 0.f};
  EXPECT_EQ(scaled_to_unit(z), z);
}

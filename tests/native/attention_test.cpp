// Head means and attention rows as patch grids, with several prefix tokens.
#include "attention.h"

#include <gtest/gtest.h>

#include "onnx_builder.h"

using namespace vitvis;

namespace {
// A model with 2 prefix tokens, 2x2 patches (N = 6), 2 heads; head h row q key k = (h+1)*(10q+k).
InferenceResult make(ModelSpec* spec_out) {
  fixtures::TinyVit t;
  t.prefix = 2;
  *spec_out = fixtures::spec_of(t);
  return fixtures::result_of(t, [](const std::string& name, std::vector<float>& v) {
    if (name.rfind("attn_", 0) == 0)
      for (int h = 0; h < 2; ++h)
        for (int q = 0; q < 6; ++q)
          for (int k = 0; k < 6; ++k) v[size_t((h * 6 + q) * 6 + k)] = float((h + 1) * (10 * q + k));
  });
}
}  // namespace

TEST(Attention, HeadAndMeanOfHeads) {
  ModelSpec s;
  InferenceResult r = make(&s);
  auto h1 = attention_matrix(r, 0, 1);
  EXPECT_FLOAT_EQ(h1[3 * 6 + 4], 2.f * 34.f);
  auto mean = attention_matrix(r, 1, -1);
  EXPECT_FLOAT_EQ(mean[3 * 6 + 4], 1.5f * 34.f);  // (34 + 68) / 2
}

TEST(Attention, RowAsPatchGridDropsPrefixKeys) {
  ModelSpec s;
  InferenceResult r = make(&s);
  auto m = attention_matrix(r, 0, 0);
  auto g = row_as_patch_grid(s, m, 3);
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g, (std::vector<float>{32.f, 33.f, 34.f, 35.f}));  // keys 2..5 of query 3
  EXPECT_FLOAT_EQ(prefix_attention(s, m, 3), 30.f + 31.f);
  EXPECT_EQ(row_as_patch_grid(s, m, 99), std::vector<float>(4, 0.f));
}

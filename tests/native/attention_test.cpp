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
  std::string err;
  auto info = parse_onnx_model_info(t.bytes(), &err);
  ModelSpec s;
  std::vector<std::string> errors;
  EXPECT_TRUE(model_spec_from_onnx(*info, &s, &errors));
  std::map<std::string, Tensor> m;
  for (auto& [name, shape] : t.outputs()) {
    std::vector<float> v(size_t(shape_elements(shape)), 0.f);
    if (name.rfind("attn_", 0) == 0)
      for (int h = 0; h < 2; ++h)
        for (int q = 0; q < 6; ++q)
          for (int k = 0; k < 6; ++k) v[size_t((h * 6 + q) * 6 + k)] = float((h + 1) * (10 * q + k));
    m.emplace(name, Tensor(shape, v));
  }
  InferenceResult r;
  EXPECT_TRUE(InferenceResult::create(s, m, &r, &err)) << err;
  *spec_out = s;
  return r;
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

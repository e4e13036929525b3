// Typed views over ORT outputs: shape checks, softmax/top-k, attention and hidden indexing.
#include "inference_result.h"

#include <gtest/gtest.h>

#include <cmath>

#include "onnx_builder.h"

using namespace vitvis;

namespace {
ModelSpec tiny_spec(const fixtures::TinyVit& t = {}) { return fixtures::spec_of(t); }
// Output i's element j = 1000*i + j, so every view's indexing can be checked exactly.
std::map<std::string, Tensor> fake_outputs(const fixtures::TinyVit& t) {
  std::map<std::string, Tensor> m;
  int i = 0;
  for (auto& [name, shape] : t.outputs()) {
    std::vector<float> v(size_t(shape_elements(shape)));
    for (size_t j = 0; j < v.size(); ++j) v[j] = float(1000 * i + int(j));
    if (name == "logits") v = {1.f, 3.f, 2.f};
    m.emplace(name, Tensor(shape, v));
    ++i;
  }
  return m;
}
}  // namespace

TEST(Softmax, MatchesHandComputedAndIsStable) {
  std::vector<float> x = {1.f, 2.f, 3.f};
  auto p = softmax(x);
  double e1 = std::exp(1.0), e2 = std::exp(2.0), e3 = std::exp(3.0), s = e1 + e2 + e3;
  EXPECT_NEAR(p[0], e1 / s, 1e-7);
  EXPECT_NEAR(p[2], e3 / s, 1e-7);
  std::vector<float> big = {1000.f, 1000.f};
  auto q = softmax(big);
  EXPECT_FLOAT_EQ(q[0], 0.5f);
}

TEST(TopK, OrdersAndBreaksTiesByIndex) {
  std::vector<float> x = {0.1f, 0.5f, 0.5f, -1.f, 0.9f};
  EXPECT_EQ(top_k_indices(x, 3), (std::vector<int>{4, 1, 2}));
  EXPECT_EQ(top_k_indices(x, 10).size(), 5u);
  EXPECT_TRUE(top_k_indices(x, 0).empty());
}

TEST(InferenceResult, ViewsIndexTheRightElements) {
  fixtures::TinyVit t;
  ModelSpec s = tiny_spec(t);
  InferenceResult r;
  std::string err;
  ASSERT_TRUE(InferenceResult::create(s, fake_outputs(t), &r, &err)) << err;
  auto top = r.top_k(2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].index, 1);
  EXPECT_EQ(top[1].index, 2);
  EXPECT_NEAR(top[0].probability, std::exp(3.0) / (std::exp(1.0) + std::exp(2.0) + std::exp(3.0)), 1e-6);
  // attn_1 [1, 2, 5, 5]: head 1, row 2, col 3 -> flat 25 + 10 + 3.
  const float a0 = r.get("attn_1").values()[0];
  EXPECT_FLOAT_EQ(r.attention(1, 1)(2, 3), a0 + 38);
  EXPECT_EQ(r.attention(0, 0).rows(), 5);
  // hidden_2 [1, 5, 4]: row 3, col 1 -> 13.
  EXPECT_FLOAT_EQ(r.hidden(2)(3, 1), r.get("hidden_2").values()[0] + 13);
  EXPECT_EQ(r.patch_embeddings().rows(), 4);
  EXPECT_EQ(r.cls_logits().rows(), 3);
  EXPECT_EQ(r.cls_final().size(), 4u);
  EXPECT_THROW(r.hidden(3), std::out_of_range);
  EXPECT_THROW(r.attention(2, 0), std::out_of_range);
  EXPECT_THROW(r.attention(0, 2), std::out_of_range);
}

TEST(InferenceResult, RefusesWrongShapesMissingOutputsAndNaN) {
  fixtures::TinyVit t;
  ModelSpec s = tiny_spec(t);
  InferenceResult r;
  std::string err;
  auto m = fake_outputs(t);
  m.erase("hidden_1");
  EXPECT_FALSE(InferenceResult::create(s, m, &r, &err));
  EXPECT_NE(err.find("hidden_1"), std::string::npos);
  m = fake_outputs(t);
  m["attn_0"] = Tensor({1, 2, 5, 4}, std::vector<float>(40));
  EXPECT_FALSE(InferenceResult::create(s, m, &r, &err));
  EXPECT_NE(err.find("expected [1, 2, 5, 5]"), std::string::npos);
  m = fake_outputs(t);
  m["logits"] = Tensor({1, 3}, {0.f, NAN, 1.f});
  EXPECT_FALSE(InferenceResult::create(s, m, &r, &err));
  EXPECT_NE(err.find("non-finite"), std::string::npos);
}

TEST(Tensor, AdoptsMallocedBuffers) {
  float* p = static_cast<float*>(std::malloc(6 * sizeof(float)));
  for (int i = 0; i < 6; ++i) p[i] = float(i);
  Tensor t = Tensor::adopt_malloced({2, 3}, p, 6);
  Tensor copy = t;  // shares the buffer; freed once
  EXPECT_EQ(copy.values()[5], 5.f);
  EXPECT_EQ(t.shape_string(), "[2, 3]");
  EXPECT_EQ(shape_elements({2, -1}), -1);
  EXPECT_EQ(shape_elements({1ll << 30, 1ll << 30}), -1);
}

// The step-through maths on a hand-checked 3-token example (2 heads of d = 2) and its consistency
// with the exported attention rows and projection output.
#include "attention_steps.h"

#include <gtest/gtest.h>

#include <cmath>

#include "onnx_builder.h"

using namespace vitvis;

namespace {

// N = 3 tokens (CLS, DIST, one 4×4 patch), D = 4, 2 heads of d = 2, one layer.
fixtures::TinyVit three_tokens() {
  fixtures::TinyVit t;
  t.image = 4, t.patch = 4, t.prefix = 2, t.layers = 1, t.heads = 2, t.dim = 4, t.qkv = true, t.proj = true;
  return t;
}

// Hand-computed: q = [1, 0]; k = [1,0], [0,1], [1,1] -> q·k = [1, 0, 1]; /√2 -> [.7071, 0, .7071];
// exp(x − max) = [1, e^(−1/√2), 1] = [1, 0.4930687, 1]; sum 2.4930687; softmax [0.4011121, 0.1977758, 0.4011121].
// v = [2,0], [0,2], [1,1] -> Σ w_j v_j = [3·0.4011121, 2·0.1977758 + 0.4011121] = [1.2033363, 0.7966637].
const float kW0 = 0.4011121f, kW1 = 0.1977758f;

InferenceResult example(const fixtures::TinyVit& t, bool exported_row_right = true) {
  return fixtures::result_of(t, [&](const std::string& n, std::vector<float>& v) {
    // [1, H=2, N=3, d=2]: head 0 then head 1, token-major
    if (n == "q_0") v = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    if (n == "k_0") v = {1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    if (n == "v_0") v = {2, 0, 0, 2, 1, 1, 3, 0, 0, 3, 0, 0};
    if (n == "attn_0") {  // [1, 2, 3, 3]; only query row 0 matters here
      v.assign(18, 1.f / 3);
      if (exported_row_right)
        v[0] = kW0, v[1] = kW1, v[2] = kW0;
      else
        v[0] = 0.8f, v[1] = 0.1f, v[2] = 0.1f;
    }
    if (n == "wo_0") v = {1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1};  // [in, out]: in 2 also feeds out 0
    if (n == "bo_0") v = {0.5f, -0.5f, 0, 0};
    if (n == "o_0") v = {2.7033363f, 0.2966637f, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
  });
}

}  // namespace

TEST(AttentionSteps, HandCheckedThreeTokenRow) {
  auto t = three_tokens();
  auto r = example(t);
  AttentionSteps s;
  std::string why;
  ASSERT_TRUE(attention_steps(r, 0, 0, 0, &s, &why)) << why;
  EXPECT_EQ(s.tokens, 3);
  EXPECT_EQ(s.head_dim, 2);
  EXPECT_NEAR(s.scale, 1 / std::sqrt(2.f), 1e-7);
  EXPECT_EQ(s.q, (std::vector<float>{1, 0}));
  EXPECT_EQ(s.dots, (std::vector<float>{1, 0, 1}));
  EXPECT_NEAR(s.scaled[0], 0.7071068f, 1e-6);
  EXPECT_NEAR(s.scaled[1], 0.f, 1e-7);
  EXPECT_NEAR(s.max_scaled, 0.7071068f, 1e-6);
  EXPECT_NEAR(s.exps[0], 1.f, 1e-7);
  EXPECT_NEAR(s.exps[1], 0.4930687f, 1e-6);
  EXPECT_NEAR(s.sum_exp, 2.4930687, 1e-6);
  EXPECT_NEAR(s.weights[0], kW0, 1e-6);
  EXPECT_NEAR(s.weights[1], kW1, 1e-6);
  EXPECT_NEAR(s.weights[2], kW0, 1e-6);
  EXPECT_LE(s.max_diff_row, 1e-5);  // equals the exported row
  EXPECT_NEAR(s.head_out[0], 1.2033363f, 1e-6);
  EXPECT_NEAR(s.head_out[1], 0.7966637f, 1e-6);
  // Concat: head 0's output then head 1's (exported uniform row · v = [1, 1])
  ASSERT_EQ(s.concat.size(), 4u);
  EXPECT_NEAR(s.concat[2], 1.f, 1e-6);
  EXPECT_NEAR(s.concat[3], 1.f, 1e-6);
  ASSERT_TRUE(s.has_projection);
  EXPECT_NEAR(s.projected[0], 1.2033363f + 1.f + 0.5f, 1e-6);
  EXPECT_NEAR(s.projected[1], 0.7966637f - 0.5f, 1e-6);
  EXPECT_LE(s.max_diff_projected, 1e-5);  // equals the exported o_0 row
}

TEST(AttentionSteps, WhereNumbersComeFrom) {
  auto t = three_tokens();
  auto r = example(t);
  AttentionSteps s;
  std::string why;
  ASSERT_TRUE(attention_steps(r, 0, 0, 0, &s, &why));
  // head_out[1] = w0·0 + w1·2 + w2·1: largest term is key 2 (0.4011), then key 1 (0.3956)
  auto vt = value_terms(r, s, 1, 2);
  ASSERT_EQ(vt.size(), 2u);
  EXPECT_EQ(vt[0].first, 2);
  EXPECT_NEAR(vt[0].second, kW0, 1e-6);
  EXPECT_EQ(vt[1].first, 1);
  EXPECT_NEAR(vt[1].second, 2 * kW1, 1e-6);
  // projected[0] = 0.5 + concat0·1 + concat2·1
  auto pt = projection_terms(r, s, 0, 4);
  ASSERT_EQ(pt.size(), 4u);
  EXPECT_EQ(pt[0].first, 0);
  EXPECT_EQ(pt[1].first, 2);
  EXPECT_FLOAT_EQ(pt[2].second, 0.f);
  EXPECT_TRUE(value_terms(r, s, 5, 2).empty());
}

TEST(AttentionSteps, DisagreementWithTheExportedRowIsMeasured) {
  auto t = three_tokens();
  auto r = example(t, /*exported_row_right=*/false);
  AttentionSteps s;
  std::string why;
  ASSERT_TRUE(attention_steps(r, 0, 0, 0, &s, &why));
  EXPECT_NEAR(s.max_diff_row, 0.8f - kW0, 1e-6);
  EXPECT_LE(s.max_diff_projected, 1e-5);  // the projection uses the recomputed row, which o_0 agrees with
}

TEST(AttentionSteps, WithoutQkvSaysWhatIsMissing) {
  fixtures::TinyVit t;
  auto r = fixtures::result_of(t, [](const std::string&, std::vector<float>&) {});
  AttentionSteps s;
  std::string why;
  EXPECT_FALSE(attention_steps(r, 0, 0, 0, &s, &why));
  EXPECT_NE(why.find("q_l, k_l, v_l"), std::string::npos);
  t.qkv = true;  // q/k/v but no projection: steps up to the concat
  auto r2 = fixtures::result_of(t, [](const std::string&, std::vector<float>&) {});
  ASSERT_TRUE(attention_steps(r2, 1, 1, 3, &s, &why)) << why;
  EXPECT_FALSE(s.has_projection);
  EXPECT_NEAR(s.weights[0], 1.f / 5, 1e-6);              // all-zero q, k: uniform over the 5 tokens
  EXPECT_FALSE(attention_steps(r2, 2, 0, 0, &s, &why));  // no layer 2
  EXPECT_FALSE(attention_steps(r2, 0, 0, 5, &s, &why));  // no token 5
}

TEST(AttentionSteps, EntropyInBits) {
  EXPECT_FLOAT_EQ(entropy_bits(std::vector<float>{1, 0, 0, 0}), 0.f);
  EXPECT_FLOAT_EQ(entropy_bits(std::vector<float>{0.25f, 0.25f, 0.25f, 0.25f}), 2.f);
  EXPECT_NEAR(entropy_bits(std::vector<float>{0.5f, 0.25f, 0.25f}), 1.5f, 1e-6);
}

TEST(AttentionSteps, DotTermsAndRowSummary) {
  auto t = three_tokens();
  auto r = example(t);
  AttentionSteps s;
  std::string why;
  ASSERT_TRUE(attention_steps(r, 0, 0, 0, &s, &why));
  auto dt = dot_terms(r, s, 2, 2);  // q·k_2 = 1·1 + 0·1
  ASSERT_EQ(dt.size(), 2u);
  EXPECT_EQ(dt[0].first, 0);
  EXPECT_FLOAT_EQ(dt[0].second, 1.f);
  EXPECT_FLOAT_EQ(dt[1].second, 0.f);
  // 1 CLS + a 3×3 grid of 4-px patches; query = centre patch (1,1) = token 5.
  fixtures::TinyVit g;
  g.image = 12;
  ModelSpec spec = fixtures::spec_of(g);
  const int N = spec.num_tokens();
  std::vector<float> m(size_t(N) * N, 0.f);
  // row 5: 0.5 on CLS, 0.25 on itself (distance 0), 0.25 on the corner patch (0,0) = token 1 (√2 patches away)
  m[5 * N + 0] = 0.5f, m[5 * N + 5] = 0.25f, m[5 * N + 1] = 0.25f;
  auto rs = row_summary(spec, m, 5);
  EXPECT_FLOAT_EQ(rs.to_prefix, 0.5f);
  EXPECT_FLOAT_EQ(rs.entropy_bits, 1.5f);
  EXPECT_NEAR(rs.distance_px, 0.5 * std::sqrt(2.0) * 4, 1e-5);  // renormalised over the patch keys
  m[0] = 1.f;
  EXPECT_FLOAT_EQ(row_summary(spec, m, 0).distance_px, -1.f);  // CLS has no position
  EXPECT_FLOAT_EQ(row_summary(spec, m, 0).entropy_bits, 0.f);
}

// The analyses of insights.h: hand-checked toys, then the bundled model against scripts/reference_insights.py.
#include "insights.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "json.h"
#include "onnx_builder.h"

using namespace vitvis;

namespace {

ModelSpec toy_spec(int grid, int prefix = 1, int patch = 4) {
  ModelSpec s;
  s.image_size = grid * patch, s.patch_size = patch, s.prefix_tokens = prefix, s.channels = 1;
  return s;
}

// [N, N] with value(q, k) per entry.
template <class F>
std::vector<float> matrix(int n, F value) {
  std::vector<float> m(size_t(n) * size_t(n));
  for (int q = 0; q < n; ++q)
    for (int k = 0; k < n; ++k) m[size_t(q * n + k)] = float(value(q, k));
  return m;
}

// ---- 1. pattern classes: a 6x6 grid + class token (N = 37) ----

TEST(InsightsPattern, ClassTokenColumnIsVertical) {
  auto s = toy_spec(6);
  auto p = classify_attention_pattern(s, matrix(37, [](int, int k) { return k == 0; }));
  EXPECT_EQ(p.pattern, AttentionPattern::Vertical);
  EXPECT_FLOAT_EQ(p.vertical, 1.f);
  EXPECT_FLOAT_EQ(p.diagonal, 1.f / 37);  // only the class token's own row is "self"
  EXPECT_FLOAT_EQ(p.block, 0.f);          // no patch->patch mass
}

TEST(InsightsPattern, IdentityIsDiagonal) {
  auto p = classify_attention_pattern(toy_spec(6), matrix(37, [](int q, int k) { return q == k; }));
  EXPECT_EQ(p.pattern, AttentionPattern::Diagonal);
  EXPECT_FLOAT_EQ(p.diagonal, 1.f);
  EXPECT_FLOAT_EQ(p.vertical, 2.f / 37);
}

TEST(InsightsPattern, HalfClassHalfSelfIsVerticalPlusDiagonal) {
  auto p = classify_attention_pattern(
      toy_spec(6), matrix(37, [](int q, int k) { return q == 0 ? double(k == 0) : 0.5 * (k == 0) + 0.5 * (k == q); }));
  EXPECT_EQ(p.pattern, AttentionPattern::VerticalDiagonal);
  EXPECT_NEAR(p.vertical, 19.5 / 37, 1e-6);  // class column (1 + 36/2)/37 + one self column 0.5/37
  EXPECT_NEAR(p.diagonal, 19.0 / 37, 1e-6);
}

TEST(InsightsPattern, TwoBandsOfThreeRowsAreBlocks) {
  // Class token attends to itself; patches in rows 0-2 (tokens 1..18) attend uniformly among
  // themselves, rows 3-5 (tokens 19..36) likewise.
  auto p = classify_attention_pattern(toy_spec(6), matrix(37, [](int q, int k) {
                                        if (q == 0 || k == 0) return double(q == k);
                                        return (q - 1) / 18 == (k - 1) / 18 ? 1.0 / 18 : 0.0;
                                      }));
  EXPECT_EQ(p.pattern, AttentionPattern::Block);
  EXPECT_NEAR(p.block, 1.f, 1e-6);
  // 3x3 neighbours inside a band of 3 rows: its outer rows 2·(2·4 + 4·6) = 64, its middle row
  // 2·6 + 4·9 = 48; each weighs 1/18. Two bands + the class token's self.
  EXPECT_NEAR(p.diagonal, (1 + 2 * 112.0 / 18) / 37, 1e-6);
}

TEST(InsightsPattern, UniformAndRandomAreHeterogeneous) {
  auto u = classify_attention_pattern(toy_spec(6), matrix(37, [](int, int) { return 1.0 / 37; }));
  EXPECT_EQ(u.pattern, AttentionPattern::Heterogeneous);
  EXPECT_NEAR(u.vertical, 2.0 / 37, 1e-6);
  // 3x3 neighbourhoods on a 6x6 grid: 4 corners · 4 + 16 edges · 6 + 16 inner · 9 = 256, + class self.
  EXPECT_NEAR(u.diagonal, 257.0 / 37 / 37, 1e-6);
  EXPECT_NEAR(u.block, 0.f, 1e-6);

  std::mt19937 rng(5);
  std::normal_distribution<double> noise;
  std::vector<double> logits(37 * 37);
  for (auto& v : logits) v = noise(rng);
  auto rnd = matrix(37, [&](int q, int k) {
    double sum = 0;
    for (int j = 0; j < 37; ++j) sum += std::exp(logits[size_t(q * 37 + j)]);
    return std::exp(logits[size_t(q * 37 + k)]) / sum;
  });
  EXPECT_EQ(classify_attention_pattern(toy_spec(6), rnd).pattern, AttentionPattern::Heterogeneous);
}

// A layer's [H, N, N] maps, head by head (what the survey classifies from the attention outputs alone).
TEST(InsightsPattern, LayerHeadsFromTheLayersMaps) {
  auto s = toy_spec(6);
  s.heads = 2;
  auto vertical = matrix(37, [](int, int k) { return k == 0; }),
       diagonal = matrix(37, [](int q, int k) { return q == k; });
  std::vector<float> layer = diagonal;
  layer.insert(layer.end(), vertical.begin(), vertical.end());
  const auto heads = classify_layer_heads(s, layer);
  ASSERT_EQ(heads.size(), 2u);
  EXPECT_EQ(heads[0].pattern, AttentionPattern::Diagonal);
  EXPECT_EQ(heads[1].pattern, AttentionPattern::Vertical);
  EXPECT_FLOAT_EQ(heads[1].diagonal, classify_attention_pattern(s, vertical).diagonal);
  layer.pop_back();  // not H x N x N values
  EXPECT_TRUE(classify_layer_heads(s, layer).empty());
}

TEST(InsightsPattern, NamesAreStableKeys) {
  EXPECT_STREQ(pattern_name(AttentionPattern::Vertical), "vertical");
  EXPECT_STREQ(pattern_name(AttentionPattern::Diagonal), "diagonal");
  EXPECT_STREQ(pattern_name(AttentionPattern::VerticalDiagonal), "vertical+diagonal");
  EXPECT_STREQ(pattern_name(AttentionPattern::Block), "block");
  EXPECT_STREQ(pattern_name(AttentionPattern::Heterogeneous), "heterogeneous");
  EXPECT_EQ(classify_attention_pattern(toy_spec(6), std::vector<float>(5)).pattern,
            AttentionPattern::Heterogeneous);  // wrong size
}

// ---- 2. rollout: one patch + class token (N = 2), two layers of two heads ----

InferenceResult two_token_model() {
  fixtures::TinyVit t;
  t.image = 4;  // grid 1
  return fixtures::result_of(t, [](const std::string& name, std::vector<float>& v) {
    if (name.rfind("attn_", 0) == 0) v = {1, 0, 0.5f, 0.5f, 0, 1, 0.5f, 0.5f};  // heads [2, 2, 2]
  });
}

void expect_matrix(const std::vector<float>& got, std::vector<double> want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6) << "entry " << i;
}

TEST(InsightsRollout, MeanOfHeadsPlusIdentityMultipliedThroughLayers) {
  auto r = two_token_model();
  // mean [[.5 .5] [.5 .5]] -> 0.5 A + 0.5 I = [[.75 .25] [.25 .75]]; squared for two layers.
  expect_matrix(attention_rollout(r, 0), {0.75, 0.25, 0.25, 0.75});
  expect_matrix(attention_rollout(r, 1), {0.625, 0.375, 0.375, 0.625});
  EXPECT_NEAR(rollout_cls_map(r.spec(), attention_rollout(r, 1))[0], 0.375, 1e-6);
}

TEST(InsightsRollout, MaxMinFusionAndDiscard) {
  auto r = two_token_model();
  // max [[1 1] [.5 .5]] -> [[1 .5] [.25 .75]] -> rows renormalised
  expect_matrix(attention_rollout(r, 0, {.fusion = HeadFusion::Max}), {2.0 / 3, 1.0 / 3, 0.25, 0.75});
  // min [[0 0] [.5 .5]] -> [[.5 0] [.25 .75]]
  expect_matrix(attention_rollout(r, 0, {.fusion = HeadFusion::Min}), {1, 0, 0.25, 0.75});
  // mean, discard half of the 2 off-diagonal entries: tie 0.5/0.5, the lower index (0,1) goes.
  expect_matrix(attention_rollout(r, 0, {.discard_ratio = 0.5f}), {1, 0, 0.25, 0.75});
  // discard everything off the diagonal: the identity
  expect_matrix(attention_rollout(r, 1, {.discard_ratio = 1.f}), {1, 0, 0, 1});
}

TEST(InsightsRollout, ClassRowAsPatchMap) {
  auto s = toy_spec(2, 2);  // N = 6
  std::vector<float> roll(36);
  for (size_t i = 0; i < roll.size(); ++i) roll[i] = float(i);
  EXPECT_EQ(rollout_cls_map(s, roll), (std::vector<float>{2, 3, 4, 5}));
  EXPECT_EQ(rollout_cls_map(s, std::vector<float>(3)), std::vector<float>(4, 0.f));
}

// ---- 3. attention distance: 3x3 grid, 4-pixel patches, class token (N = 10) ----

TEST(InsightsDistance, OneQueryRenormalisedOverPatches) {
  auto s = toy_spec(3);
  std::vector<float> a(100, 0.f);
  const int centre = s.token_of_patch(1, 1);
  a[size_t(centre * 10 + 0)] = 0.5f;                        // class token: dropped
  a[size_t(centre * 10 + s.token_of_patch(0, 0))] = 0.25f;  // diagonal neighbour, √2 patches
  a[size_t(centre * 10 + s.token_of_patch(1, 2))] = 0.25f;  // right neighbour, 1 patch
  EXPECT_NEAR(query_attention_distance(s, a, centre), 4 * (0.5 * std::sqrt(2.0) + 0.5), 1e-5);
  EXPECT_EQ(query_attention_distance(s, a, 0), 0.f);  // prefix query
  EXPECT_EQ(query_attention_distance(s, a, 1), 0.f);  // no mass on patches
}

TEST(InsightsDistance, HeadMeansOverPatchQueries) {
  fixtures::TinyVit t;
  t.image = 12;  // 3x3 grid of 4-pixel patches
  auto r = fixtures::result_of(t, [](const std::string& name, std::vector<float>& v) {
    if (name != "attn_0") return;
    for (int q = 0; q < 10; ++q)
      for (int k = 0; k < 10; ++k) {
        v[size_t(q * 10 + k)] = q == k;                          // head 0: self
        v[size_t(100 + q * 10 + k)] = k == 0 ? 0.1f : 0.9f / 9;  // head 1: uniform over patches
      }
  });
  auto d = mean_attention_distance(r, 0);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0], 0.f);
  // Sum of all 81 patch-centre distances on a 3x3 grid: 48 + 24√2 + 16√5 (in patches).
  EXPECT_NEAR(d[1], 4 * (48 + 24 * std::sqrt(2.0) + 16 * std::sqrt(5.0)) / 81, 1e-5);
}

// ---- 4. position embeddings: 2x2 grid, D = 4 ----

TEST(InsightsPosEmbed, CosineOfPatchEmbeddings) {
  fixtures::TinyVit t;
  auto r = fixtures::result_of(t, [](const std::string& name, std::vector<float>& v) {
    if (name == "pos_embed") v = {9, 9, 9, 9, /*patches*/ 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0};
  });
  const double h = 1 / std::sqrt(2.0);
  expect_matrix(pos_embed_similarity(r), {1, h, 0, 0, h, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0});
  expect_matrix(pos_embed_similarity_map(r, 1), {h, 1, 0, 0});
  expect_matrix(pos_embed_similarity_map(r, 4), {0, 0, 0, 0});
}

// ---- 5. filter PCA: four 1x2x2 filters along two orthogonal directions ----

TEST(InsightsFilterPca, ComponentsRatiosAndSign) {
  fixtures::TinyVit t;
  t.image = 4, t.patch = 2;  // C·p·p = 4, D = 4 filters
  auto r = fixtures::result_of(t, [](const std::string& name, std::vector<float>& v) {
    // ±2·u and ±v with u = (-0.6, 0.8, 0, 0), v = (0, 0, 0.8, 0.6): variances 8/3 and 2/3.
    if (name == "patch_weight") v = {-1.2f, 1.6f, 0, 0, 1.2f, -1.6f, 0, 0, 0, 0, 0.8f, 0.6f, 0, 0, -0.8f, -0.6f};
  });
  auto pca = patch_filter_pca(r, 2);
  EXPECT_EQ(pca.channels, 1);
  EXPECT_EQ(pca.patch, 2);
  expect_matrix(pca.components, {-0.6, 0.8, 0, 0, 0, 0, 0.8, 0.6});  // largest |value| positive
  expect_matrix(pca.explained_ratio, {0.8, 0.2});
}

// ---- 6. token PCA: four patch tokens with variance along e0 and e1 ----

TEST(InsightsTokenPca, ScoresMinMaxScaled) {
  fixtures::TinyVit t;
  auto r = fixtures::result_of(t, [](const std::string& name, std::vector<float>& v) {
    if (name == "hidden_1") v = {100, 100, 100, 100, /*patches*/ 3, 0, 0, 0, -3, 0, 0, 0, 0, 1, 0, 0, 0, -1, 0, 0};
  });
  auto pca = patch_token_pca(r, 1);
  // PC1 = e0: scores 3, -3, 0, 0; PC2 = e1: 0, 0, 1, -1; PC3: no variance -> 0.
  expect_matrix(pca.rgb, {1, 0.5, 0, 0, 0.5, 0, 0.5, 1, 0, 0.5, 0, 0});
  expect_matrix(pca.explained_ratio, {0.9, 0.1, 0});
}

// ---- 7. logit lens ----

TEST(InsightsLogitLens, TopClassesPerLayer) {
  fixtures::TinyVit t;  // L = 2, K = 3
  auto r = fixtures::result_of(t, [](const std::string& name, std::vector<float>& v) {
    if (name == "cls_logits") v = {0, 0, 0, 0, std::log(2.f), std::log(5.f), 1, 0, 0};
  });
  auto lens = logit_lens(r, 2);
  ASSERT_EQ(lens.size(), 3u);
  EXPECT_EQ(lens[0][0].index, 0);  // ties: lower index first
  EXPECT_EQ(lens[0][1].index, 1);
  EXPECT_NEAR(lens[0][0].probability, 1.0 / 3, 1e-6);
  EXPECT_EQ(lens[1][0].index, 2);
  EXPECT_NEAR(lens[1][0].probability, 5.0 / 8, 1e-6);
  EXPECT_EQ(lens[1][1].index, 1);
  EXPECT_NEAR(lens[1][1].probability, 2.0 / 8, 1e-6);
  EXPECT_EQ(lens[2][0].index, 0);
}

// ---- 8. token norms: 3x3 grid, tokens (norm, 0, 0, 0) ----

TokenNorms norms_of(std::vector<float> patch_norms) {
  fixtures::TinyVit t;
  t.image = 12;
  auto r = fixtures::result_of(t, [&](const std::string& name, std::vector<float>& v) {
    if (name != "hidden_0") return;
    v[0] = 50;  // class token: large, never flagged
    for (size_t i = 0; i < 9; ++i) v[(i + 1) * 4] = patch_norms[i];
  });
  return token_norms(r, 0);
}

TEST(InsightsTokenNorms, ModifiedZScoreFlagsOutliers) {
  auto n = norms_of({1, 2, 3, 4, 5, 6, 7, 8, 20});
  EXPECT_FLOAT_EQ(n.norm[0], 50.f);
  EXPECT_FLOAT_EQ(n.median, 5.f);
  EXPECT_FLOAT_EQ(n.mad, 2.f);  // |dev| 4 3 2 1 0 1 2 3 15
  EXPECT_NEAR(n.threshold, 5 + 3.5 * 1.4826 * 2, 1e-5);
  std::vector<bool> want(10, false);
  want[9] = true;
  EXPECT_EQ(n.high, want);
}

TEST(InsightsTokenNorms, ZeroMadFallsBackToMeanDeviation) {
  auto n = norms_of({1, 1, 1, 1, 2, 1, 1, 1, 10});
  EXPECT_FLOAT_EQ(n.mad, 0.f);
  EXPECT_NEAR(n.threshold, 1 + 3.5 * 1.253314 * 10 / 9, 1e-5);  // mean |dev| = (1 + 9) / 9
  EXPECT_EQ(std::count(n.high.begin(), n.high.end(), true), 1);
  EXPECT_TRUE(n.high[9]);
  auto flat = norms_of(std::vector<float>(9, 3.f));
  EXPECT_EQ(std::count(flat.high.begin(), flat.high.end(), true), 0);
}

// ---- the bundled Fashion-MNIST ViT against scripts/reference_insights.py ----

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<double> numbers(const Json* j) {
  std::vector<double> out;
  if (!j) return out;
  if (j->is_number()) out.push_back(j->number);
  for (const Json& e : j->array) {
    auto sub = numbers(&e);
    out.insert(out.end(), sub.begin(), sub.end());
  }
  return out;
}

class InsightsReference : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = std::string(VITVIS_SOURCE_DIR) + "/tests/native/data/insights/";
    auto index = parse_json(read_file(dir + "outputs.json"));
    auto ref = parse_json(read_file(dir + "reference.json"));
    ASSERT_TRUE(index && ref) << "run /usr/bin/python3 scripts/reference_insights.py";
    const std::string bin = read_file(dir + "outputs.bin");
    const Json& sj = *index->get("spec");
    ModelSpec s;
    auto field = [&](const char* k) { return int(sj.get(k)->number); };
    s.image_size = field("image_size"), s.patch_size = field("patch_size"), s.channels = field("channels");
    s.layers = field("layers"), s.heads = field("heads"), s.dim = field("dim");
    s.prefix_tokens = field("prefix_tokens"), s.num_classes = field("num_classes");
    s.has_final_norm = true;  // the fixture carries norm_weight / norm_bias
    std::map<std::string, Tensor> outputs;
    for (const Json& t : index->get("tensors")->array) {
      std::vector<int64_t> shape;
      for (double d : numbers(t.get("shape"))) shape.push_back(int64_t(d));
      const size_t count = size_t(shape_elements(shape)), offset = size_t(t.get("offset")->number);
      ASSERT_LE((offset + count) * 4, bin.size());
      std::vector<float> v(count);
      std::memcpy(v.data(), bin.data() + offset * 4, count * 4);  // little-endian hosts only
      outputs.emplace(t.get("name")->string, Tensor(shape, std::move(v)));
    }
    result_ = new InferenceResult;
    std::string err;
    ASSERT_TRUE(InferenceResult::create(s, outputs, result_, &err)) << err;
    ref_ = new Json(std::move(*ref));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete ref_;
    result_ = nullptr, ref_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(result_ && ref_); }

  static void expect_near(std::span<const float> got, const std::vector<double>& want, const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (size_t i = 0; i < want.size(); ++i) ASSERT_NEAR(got[i], want[i], kTolerance) << what << " [" << i << "]";
  }

  static constexpr double kTolerance = 1e-4;
  static inline InferenceResult* result_ = nullptr;
  static inline Json* ref_ = nullptr;
};

TEST_F(InsightsReference, PatternClassesAndScores) {
  const ModelSpec& s = result_->spec();
  const auto& layers = ref_->get("patterns")->array;
  ASSERT_EQ(int(layers.size()), s.layers);
  for (int l = 0; l < s.layers; ++l) {
    const std::vector<PatternScores> heads = classify_layer_heads(*result_, l);
    ASSERT_EQ(int(heads.size()), s.heads);
    for (int h = 0; h < s.heads; ++h) {
      const Json& want = layers[size_t(l)].array[size_t(h)];
      const PatternScores& got = heads[size_t(h)];
      const std::string at = "layer " + std::to_string(l) + " head " + std::to_string(h);
      EXPECT_EQ(pattern_name(got.pattern), want.get("pattern")->string) << at;
      EXPECT_NEAR(got.vertical, want.get("vertical")->number, kTolerance) << at;
      EXPECT_NEAR(got.diagonal, want.get("diagonal")->number, kTolerance) << at;
      EXPECT_NEAR(got.block, want.get("block")->number, kTolerance) << at;
    }
  }
}

TEST_F(InsightsReference, Rollout) {
  int checked = 0;
  for (const Json& item : ref_->get("rollout")->array) {
    const std::string f = item.get("fusion")->string;
    RolloutOptions o{.fusion = f == "max"   ? HeadFusion::Max
                               : f == "min" ? HeadFusion::Min
                                            : HeadFusion::Mean,
                     .discard_ratio = float(item.get("discard")->number)};
    const int layer = int(item.get("layer")->number);
    auto roll = attention_rollout(*result_, layer, o);
    const std::string at = f + " discard " + std::to_string(o.discard_ratio) + " layer " + std::to_string(layer);
    expect_near(rollout_cls_map(result_->spec(), roll), numbers(item.get("cls_map")), at);
    if (item.get("matrix")) expect_near(roll, numbers(item.get("matrix")), at + " matrix"), ++checked;
  }
  EXPECT_EQ(checked, 3);
}

TEST_F(InsightsReference, AttentionDistance) {
  const ModelSpec& s = result_->spec();
  for (int l = 0; l < s.layers; ++l) {
    expect_near(mean_attention_distance(*result_, l), numbers(&ref_->get("distance")->array[size_t(l)]),
                "layer " + std::to_string(l));
    for (int h = 0; h < s.heads; ++h) {
      auto a = result_->attention(l, h);
      std::vector<float> rows;
      for (int q = s.prefix_tokens; q < s.num_tokens(); ++q)
        rows.push_back(query_attention_distance(s, {a.data(), size_t(a.size())}, q));
      expect_near(rows, numbers(&ref_->get("query_distance")->array[size_t(l)].array[size_t(h)]), "queries");
    }
  }
}

TEST_F(InsightsReference, PosEmbedSimilarity) {
  auto want = numbers(ref_->get("pos_cosine"));
  expect_near(pos_embed_similarity(*result_), want, "matrix");
  const size_t p = size_t(result_->spec().num_patches());
  expect_near(pos_embed_similarity_map(*result_, 10),
              std::vector<double>(want.begin() + long(10 * p), want.begin() + long(11 * p)), "row 10");
}

TEST_F(InsightsReference, FilterPca) {
  const Json& want = *ref_->get("filter_pca");
  auto pca = patch_filter_pca(*result_, int(want.get("k")->number));
  expect_near(pca.components, numbers(want.get("components")), "components");
  expect_near(pca.explained_ratio, numbers(want.get("explained")), "explained");
}

TEST_F(InsightsReference, TokenPca) {
  for (int l = 0; l <= result_->spec().layers; ++l) {
    const Json& want = ref_->get("token_pca")->array[size_t(l)];
    auto pca = patch_token_pca(*result_, l);
    expect_near(pca.rgb, numbers(want.get("rgb")), "rgb layer " + std::to_string(l));
    expect_near(pca.explained_ratio, numbers(want.get("explained")), "explained layer " + std::to_string(l));
  }
}

TEST_F(InsightsReference, LogitLens) {
  auto lens = logit_lens(*result_, 5);
  const auto& want = ref_->get("logit_lens")->array;
  ASSERT_EQ(lens.size(), want.size());
  for (size_t l = 0; l < lens.size(); ++l)
    for (size_t i = 0; i < 5; ++i) {
      EXPECT_EQ(lens[l][i].index, int(want[l].array[i].get("index")->number)) << l << " " << i;
      EXPECT_NEAR(lens[l][i].probability, want[l].array[i].get("probability")->number, kTolerance);
    }
}

TEST_F(InsightsReference, TokenNorms) {
  int flagged = 0;
  for (int l = 0; l <= result_->spec().layers; ++l) {
    const Json& want = ref_->get("token_norms")->array[size_t(l)];
    auto n = token_norms(*result_, l);
    const std::string at = "layer " + std::to_string(l);
    expect_near(n.norm, numbers(want.get("norm")), at);
    EXPECT_NEAR(n.median, want.get("median")->number, kTolerance) << at;
    EXPECT_NEAR(n.mad, want.get("mad")->number, kTolerance) << at;
    EXPECT_NEAR(n.threshold, want.get("threshold")->number, kTolerance) << at;
    const auto& high = want.get("high")->array;
    ASSERT_EQ(n.high.size(), high.size());
    for (size_t i = 0; i < high.size(); ++i) EXPECT_EQ(n.high[i], high[i].boolean) << at << " token " << i;
    flagged += int(std::count(n.high.begin(), n.high.end(), true));
  }
  EXPECT_GT(flagged, 0);  // the sample has outliers, so the comparison is not all-false
}

// #20: a trained head replaces the model's. Given the model's own head, the re-headed result gives back
// the model's logits and its whole logit lens (the final LayerNorm redone in C++ on every layer's class
// token) from the PyTorch reference outputs.
TEST_F(InsightsReference, ReheadingWithTheModelsOwnHeadGivesItsLens) {
  const ModelSpec& s = result_->spec();
  Head h;
  h.dim = s.dim, h.classes = s.num_classes;
  const auto w = result_->head_weight_values(), b = result_->head_bias();
  h.weight.assign(w.begin(), w.end());
  h.bias.assign(b.begin(), b.end());
  std::vector<std::string> names;
  for (int k = 0; k < s.num_classes; ++k) names.push_back("c" + std::to_string(k));
  InferenceResult r;
  std::string err;
  ASSERT_TRUE(InferenceResult::with_head(*result_, h, names, &r, &err)) << err;
  EXPECT_TRUE(r.spec().custom_head);
  EXPECT_EQ(r.spec().labels, names);
  for (int k = 0; k < s.num_classes; ++k) EXPECT_NEAR(r.logits()[size_t(k)], result_->logits()[size_t(k)], kTolerance);
  const auto got = r.cls_logits(), want = result_->cls_logits();
  for (int l = 0; l <= s.layers; ++l)
    for (int k = 0; k < s.num_classes; ++k) EXPECT_NEAR(got(l, k), want(l, k), kTolerance) << "layer " << l;
  // A head of 3 classes gives 3 probabilities; heads that do not fit are refused.
  Head h3;
  h3.dim = s.dim, h3.classes = 3;
  h3.weight.assign(h.weight.begin(), h.weight.begin() + 3 * s.dim);
  h3.bias = {0.f, 0.f, 0.f};
  ASSERT_TRUE(InferenceResult::with_head(*result_, h3, {"a", "b", "c"}, &r, &err)) << err;
  EXPECT_EQ(r.probabilities().size(), 3u);
  EXPECT_EQ(r.cls_logits().rows(), s.layers + 1);
  EXPECT_FALSE(InferenceResult::with_head(*result_, h3, {"a", "b"}, &r, &err));  // the names do not fit
  Head wrong = h3;
  wrong.dim = s.dim + 1;
  EXPECT_FALSE(InferenceResult::with_head(*result_, wrong, {"a", "b", "c"}, &r, &err));
}

}  // namespace

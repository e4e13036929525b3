// The trainer worker's session (training_run.h): configuration JSON, batches, learning, divergence,
// read-outs and the checkpoint export read back by the app's own loader; the safetensors writer and the
// position-embedding similarity of a bare [P, D] block.
#include "training_run.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>

#include "insights.h"
#include "json.h"
#include "safetensors.h"
#include "vit_graph.h"

using namespace vitvis;

namespace {

// A tiny model on 8×8 images (2×2 patches of 4×4).
TrainerConfig tiny() {
  TrainerConfig c;
  c.image_size = 8, c.patch = 4, c.dim = 16, c.depth = 2, c.heads = 2, c.mlp_dim = 32, c.classes = 2;
  c.lr = 3e-3, c.warmup = 5, c.total_steps = 200, c.seed = 7;
  return c;
}

// Two classes a ViT tells apart from any one patch: stripes along the rows (0) or along the columns (1),
// each with a random phase (a stripe pattern or its negative: not linearly separable) and noise.
TrainingData stripes(int count, int train) {
  TrainingData d;
  d.channels = 1, d.image_size = 8, d.train = train, d.mean = {0.5}, d.std = {0.25}, d.names = {"rows", "columns"};
  uint32_t s = 12345;
  auto uniform = [&] { return float((s = s * 1664525u + 1013904223u) >> 8) / float(1u << 24); };
  for (int i = 0; i < count; ++i) {
    const int y = (i * 7 + 3) % 5 < 2 ? 1 : 0, phase = uniform() < 0.5f ? 0 : 1;
    for (int r = 0; r < 8; ++r)
      for (int c = 0; c < 8; ++c) d.images.push_back((((y ? c : r) + phase) % 2 ? 1.f : -1.f) + (uniform() - 0.5f));
    d.labels.push_back(y);
  }
  return d;
}

std::vector<float> losses(TrainingRun& run, int chunks) {
  std::vector<float> out;
  for (int i = 0; i < chunks; ++i) out.push_back(float(run.run_steps(5, 16, nullptr).mean_loss));
  return out;
}

}  // namespace

TEST(SafetensorsWriter, WritesWhatTheReaderReads) {
  const std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {-1.5f};
  const SafeTensorF32 t[] = {{"w", {2, 3}, a}, {"b", {1}, b}};
  std::string err;
  const std::vector<uint8_t> file = write_safetensors_f32(t, &err);
  ASSERT_FALSE(file.empty()) << err;
  auto n = safetensors_header_length(std::span<const uint8_t>(file.data(), 8), file.size(), &err);
  ASSERT_TRUE(n) << err;
  EXPECT_EQ(*n % 8, 0u);
  auto h = parse_safetensors_header(file, file.size(), &err);
  ASSERT_TRUE(h) << err;
  ASSERT_EQ(h->tensors.size(), 2u);
  EXPECT_EQ(h->metadata.at("format"), "pt");
  const SafeTensor* w = h->find("w");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(w->offset, h->header_bytes);
  float back[6];
  std::memcpy(back, file.data() + w->offset, sizeof back);
  EXPECT_EQ(std::vector<float>(back, back + 6), a);
  float bb;
  std::memcpy(&bb, file.data() + h->find("b")->offset, 4);
  EXPECT_EQ(bb, -1.5f);
}

TEST(SafetensorsWriter, RefusesValuesThatDoNotFillTheShape) {
  const std::vector<float> a = {1, 2, 3};
  const SafeTensorF32 t[] = {{"w", {2, 2}, a}};
  std::string err;
  EXPECT_TRUE(write_safetensors_f32(t, &err).empty());
  EXPECT_NE(err.find("'w'"), std::string::npos);
  const SafeTensorF32 twice[] = {{"x", {3}, a}, {"x", {3}, a}};
  EXPECT_TRUE(write_safetensors_f32(twice, &err).empty());
}

TEST(PosEmbedSimilarity, OfABarePatchBlock) {
  // Rows (1, 0), (0, 2), (1, 1), (0, 0): cosines by hand.
  const std::vector<float> pe = {1, 0, 0, 2, 1, 1, 0, 0};
  const std::vector<float> s = pos_embed_similarity(pe, 2);
  ASSERT_EQ(s.size(), 16u);
  const float r = float(1 / std::sqrt(2.0));
  const float want[16] = {1, 0, r, 0, 0, 1, r, 0, r, r, 1, 0, 0, 0, 0, 0};
  for (int i = 0; i < 16; ++i) EXPECT_NEAR(s[size_t(i)], want[i], 1e-6) << i;
  EXPECT_TRUE(pos_embed_similarity(pe, 3).empty());
}

TEST(TrainerConfigJson, ReadsEveryFieldAndRefusesTypos) {
  TrainerConfig c;
  std::string err;
  ASSERT_TRUE(trainer_config_from_json(
      R"({"image_size": 32, "channels": 3, "patch": 8, "dim": 48, "depth": 3, "heads": 3, "mlp_dim": 96,
          "classes": 5, "registers": 2, "pos": "sincos_fixed", "attn_init": "mimetic", "lr": 0.01,
          "weight_decay": 0.1, "warmup": 7, "total_steps": 99, "label_smoothing": 0.2, "beta1": 0.8,
          "beta2": 0.99, "eps": 1e-6, "seed": 42})",
      &c, &err))
      << err;
  EXPECT_EQ(c.image_size, 32);
  EXPECT_EQ(c.channels, 3);
  EXPECT_EQ(c.patch, 8);
  EXPECT_EQ(c.dim, 48);
  EXPECT_EQ(c.depth, 3);
  EXPECT_EQ(c.heads, 3);
  EXPECT_EQ(c.mlp_dim, 96);
  EXPECT_EQ(c.classes, 5);
  EXPECT_EQ(c.registers, 2);
  EXPECT_EQ(c.pos, PosMode::SinCosFixed);
  EXPECT_EQ(c.attn_init, AttnInit::Mimetic);
  EXPECT_DOUBLE_EQ(c.lr, 0.01);
  EXPECT_DOUBLE_EQ(c.weight_decay, 0.1);
  EXPECT_EQ(c.warmup, 7);
  EXPECT_EQ(c.total_steps, 99);
  EXPECT_FLOAT_EQ(c.label_smoothing, 0.2f);
  EXPECT_FLOAT_EQ(c.beta1, 0.8f);
  EXPECT_FLOAT_EQ(c.beta2, 0.99f);
  EXPECT_FLOAT_EQ(c.eps, 1e-6f);
  EXPECT_EQ(c.seed, 42u);
  // The JSON it writes reads back to the same configuration.
  TrainerConfig back;
  ASSERT_TRUE(trainer_config_from_json(trainer_config_json(c), &back, &err)) << err;
  EXPECT_EQ(trainer_config_json(back), trainer_config_json(c));

  EXPECT_FALSE(trainer_config_from_json(R"({"heads": 4, "layers": 2})", &c, &err));
  EXPECT_NE(err.find("layers"), std::string::npos);
  EXPECT_FALSE(trainer_config_from_json(R"({"dim": 64.5})", &c, &err));
  EXPECT_FALSE(trainer_config_from_json(R"({"pos": "learned"})", &c, &err));
  EXPECT_FALSE(trainer_config_from_json("[1]", &c, &err));
  // Sizes are checked by the trainer: heads that do not divide dim.
  TrainingRun run;
  ASSERT_TRUE(trainer_config_from_json(R"({"dim": 64, "heads": 5})", &c, &err));
  EXPECT_FALSE(run.configure(c, &err));
  EXPECT_NE(err.find("heads"), std::string::npos);
}

TEST(TrainingRun, RefusesDataThatDoesNotFit) {
  TrainingRun run;
  std::string err;
  ASSERT_TRUE(run.configure(tiny(), &err)) << err;
  TrainingData d = stripes(10, 8);
  d.labels[3] = 2;
  EXPECT_FALSE(run.set_data(d, &err));
  EXPECT_NE(err.find("label 2"), std::string::npos);
  d = stripes(10, 8);
  d.images.pop_back();
  EXPECT_FALSE(run.set_data(d, &err));
  d = stripes(10, 0);
  EXPECT_FALSE(run.set_data(d, &err));
  EXPECT_FALSE(run.ready());
  EXPECT_EQ(run.run_steps(1, 4, &err).done, 0);
}

TEST(TrainingRun, LearnsAndTheSameSeedGivesTheSameRun) {
  TrainingRun a, b, c;
  std::string err;
  for (TrainingRun* r : {&a, &b, &c}) {
    TrainerConfig cfg = tiny();
    if (r == &c) cfg.seed = 8;
    ASSERT_TRUE(r->configure(cfg, &err)) << err;
    ASSERT_TRUE(r->set_data(stripes(240, 160), &err)) << err;
  }
  const Evaluation before = a.evaluate();
  EXPECT_EQ(before.images, 80);
  const std::vector<float> la = losses(a, 12), lb = losses(b, 12), lc = losses(c, 12);
  EXPECT_EQ(la, lb);  // bit for bit: same weights, same batches
  EXPECT_NE(la, lc);
  EXPECT_EQ(a.trainer().steps(), 60);
  EXPECT_EQ(a.epoch(), 5);  // 60 · 16 = 960 images: 6 passes over 160, the 6th not yet left
  const Evaluation after = a.evaluate();
  EXPECT_GE(after.accuracy, 0.95) << "held-out accuracy " << after.accuracy;
  EXPECT_LT(after.loss, before.loss);
  EXPECT_LT(la.back(), la.front());
  std::printf("# held-out accuracy %.3f -> %.3f, loss %.4f -> %.4f (60 steps)\n", before.accuracy, after.accuracy,
              before.loss, after.loss);
  // The held-out loss is the training objective's (label-smoothed) on those images.
  const TrainingData& d = a.data();
  const std::span<const float> held(d.images.data() + 160 * 64, 80 * 64);
  const std::span<const int> labels(d.labels.data() + 160, 80);
  EXPECT_NEAR(after.loss, a.trainer().loss_and_gradients(held, labels), 1e-5);
  const Evaluation some = a.evaluate(30);
  EXPECT_EQ(some.images, 30);
  EXPECT_NEAR(some.loss, a.trainer().loss_and_gradients(held.first(30 * 64), labels.first(30)), 1e-5);
}

TEST(TrainingRun, ReadOuts) {
  TrainingRun run;
  std::string err;
  TrainerConfig cfg = tiny();
  cfg.registers = 1;
  ASSERT_TRUE(run.configure(cfg, &err)) << err;
  ASSERT_TRUE(run.set_data(stripes(20, 12), &err)) << err;
  const int L = cfg.depth, H = cfg.heads, N = cfg.tokens(), P = cfg.patches();
  const std::vector<float> att = run.attention(3);
  ASSERT_EQ(att.size(), size_t(L * H * N * N));
  for (int row = 0; row < L * H * N; ++row)
    EXPECT_NEAR(std::accumulate(att.begin() + row * N, att.begin() + (row + 1) * N, 0.0), 1.0, 1e-5);
  EXPECT_TRUE(run.attention(20).empty());

  const std::vector<float> sim = run.pos_similarity();
  ASSERT_EQ(sim.size(), size_t(P * P));
  // The patches' rows of pos_embed (after the class token and the register), by hand.
  auto pe = run.trainer().values(*run.trainer().find_param("pos_embed"));
  const float* p0 = pe.data() + 2 * cfg.dim;
  const float* p1 = p0 + cfg.dim;
  double dot = 0, n0 = 0, n1 = 0;
  for (int d = 0; d < cfg.dim; ++d) dot += p0[d] * p1[d], n0 += p0[d] * p0[d], n1 += p1[d] * p1[d];
  EXPECT_NEAR(sim[1], dot / std::sqrt(n0 * n1), 1e-6);
  EXPECT_NEAR(sim[0], 1.0, 1e-6);
  // Without position codes there is nothing to compare.
  TrainingRun bare;
  cfg.pos = PosMode::None;
  ASSERT_TRUE(bare.configure(cfg, &err)) << err;
  ASSERT_TRUE(bare.set_data(stripes(20, 12), &err)) << err;
  EXPECT_TRUE(bare.pos_similarity().empty());

  const std::vector<int> counts = run.head_pattern_counts(5);
  ASSERT_EQ(counts.size(), size_t(L * 5));
  for (int l = 0; l < L; ++l)
    EXPECT_EQ(std::accumulate(counts.begin() + l * 5, counts.begin() + (l + 1) * 5, 0), 5 * H) << "layer " << l;
}

TEST(TrainingRun, ANonFiniteLossStopsTheRunWithTheLastGoodWeights) {
  TrainingRun run;
  std::string err;
  ASSERT_TRUE(run.configure(tiny(), &err)) << err;
  TrainingData d = stripes(40, 32);
  ASSERT_TRUE(run.set_data(d, &err)) << err;
  ASSERT_EQ(run.run_steps(2, 32, &err).done, 2);
  const std::vector<float> before_third(run.trainer().all_values().begin(), run.trainer().all_values().end());
  ASSERT_EQ(run.run_steps(1, 32, &err).done, 1);
  d.images[5 * 64 + 10] = std::nanf("");  // one pixel of training image 5: every batch of 32 has it
  ASSERT_TRUE(run.set_data(d, &err)) << err;
  const StepsReport r = run.run_steps(3, 32, &err);
  EXPECT_TRUE(r.diverged);
  EXPECT_EQ(r.done, 0);
  EXPECT_NE(err.find("NaN"), std::string::npos) << err;
  EXPECT_NE(err.find("step 4"), std::string::npos) << err;
  EXPECT_TRUE(run.diverged());
  // The weights the third step started from: the last whose loss was finite (the third step's result
  // gave NaN).
  EXPECT_EQ(std::vector<float>(run.trainer().all_values().begin(), run.trainer().all_values().end()), before_third);
  EXPECT_EQ(run.trainer().steps(), 3);
  err.clear();
  EXPECT_EQ(run.run_steps(1, 4, &err).done, 0);
  EXPECT_NE(err.find("diverged"), std::string::npos) << err;
  ASSERT_TRUE(run.configure(tiny(), &err));  // a new start trains again
  EXPECT_FALSE(run.diverged());
  EXPECT_EQ(run.run_steps(1, 32, &err).done, 0);  // the poisoned image is still there
  ASSERT_TRUE(run.configure(tiny(), &err));
  d.images[5 * 64 + 10] = 0;
  ASSERT_TRUE(run.set_data(d, &err)) << err;
  EXPECT_EQ(run.run_steps(2, 32, &err).done, 2) << err;
}

TEST(TrainingRun, ExportsACheckpointTheAppReads) {
  TrainingRun run;
  std::string err;
  TrainerConfig cfg = tiny();
  cfg.registers = 2;
  ASSERT_TRUE(run.configure(cfg, &err)) << err;
  ASSERT_TRUE(run.set_data(stripes(20, 16), &err)) << err;
  run.run_steps(2, 8, &err);
  const std::vector<uint8_t> st = run.safetensors();
  const std::string config = run.config_json();
  ASSERT_TRUE(vit_config_supported(config, &err)) << err;
  auto header = parse_safetensors_header(st, st.size(), &err);
  ASSERT_TRUE(header) << err;
  auto info = read_vit_checkpoint(config, *header, "", &err);
  ASSERT_TRUE(info) << err << "\n" << config;
  EXPECT_EQ(info->model_type, "timm");
  EXPECT_EQ(info->image_size, 8);
  EXPECT_EQ(info->patch_size, 4);
  EXPECT_EQ(info->channels, 1);
  EXPECT_EQ(info->dim, 16);
  EXPECT_EQ(info->layers, 2);
  EXPECT_EQ(info->heads, 2);
  EXPECT_EQ(info->mlp_dim, 32);
  EXPECT_EQ(info->num_classes, 2);
  EXPECT_EQ(info->registers, 2);
  EXPECT_TRUE(info->pos_covers_prefix);
  EXPECT_EQ(info->labels, (std::vector<std::string>{"rows", "columns"}));
  ASSERT_EQ(info->mean.size(), 1u);
  EXPECT_NEAR(info->mean[0], 0.5, 1e-7);
  EXPECT_NEAR(info->std[0], 0.25, 1e-7);
  EXPECT_EQ(info->resize, 8);
  EXPECT_FALSE(info->bicubic);
  // The weights are the trainer's, byte for byte.
  for (const TrainerParam& p : run.trainer().params()) {
    const SafeTensor* t = header->find(p.name);
    ASSERT_TRUE(t) << p.name;
    EXPECT_EQ(t->shape, p.shape) << p.name;
    std::vector<float> v(p.size);
    std::memcpy(v.data(), st.data() + t->offset, t->bytes);
    auto want = run.trainer().values(p);
    EXPECT_TRUE(std::equal(v.begin(), v.end(), want.begin())) << p.name;
  }
  auto graph = build_vit_graph(*info, *header, {}, &err);
  EXPECT_TRUE(graph && !graph->empty()) << err;
  // How it was trained travels along.
  auto j = parse_json(config);
  ASSERT_TRUE(j && j->get("vitvis_training"));
  EXPECT_EQ(j->get("vitvis_steps")->number, 2);
}

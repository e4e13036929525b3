// The in-browser ViT trainer (vit_trainer.h) against PyTorch: gradients, 50 AdamW steps, the position
// codes and schedule of scripts/train_vit.py (fixtures: scripts/make_trainer_fixtures.py), and its own
// checks: configs, initialisations, the forward API.
#include "vit_trainer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "json.h"

using namespace vitvis;

namespace {

const std::string kDir = std::string(VITVIS_SOURCE_DIR) + "/tests/native/data/trainer/";

const Json& manifest() {
  static const Json m = [] {
    std::ifstream f(kDir + "cases.json");
    std::stringstream ss;
    ss << f.rdbuf();
    auto j = parse_json(ss.str());
    return j ? *j : Json{};
  }();
  return m;
}

std::vector<float> read_floats(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  std::vector<float> out(size_t(f.tellg()) / 4);
  f.seekg(0);
  f.read(reinterpret_cast<char*>(out.data()), std::streamsize(out.size() * 4));  // little-endian hosts
  return out;
}

std::span<const float> blob(const std::vector<float>& bin, const Json& blobs, const std::string& name) {
  const Json* b = blobs.get(name);
  if (!b || b->array.size() != 2) return {};
  const size_t at = size_t(b->array[0].number), n = size_t(b->array[1].number);
  if (at + n > bin.size()) return {};
  return {bin.data() + at, n};
}

int num(const Json& o, const char* k, int fallback = 0) {
  const Json* v = o.get(k);
  return v && v->is_number() ? int(v->number) : fallback;
}

TrainerConfig config_of(const Json& c) {
  TrainerConfig t;
  t.image_size = 28, t.patch = num(c, "patch"), t.channels = num(c, "channels"), t.dim = num(c, "dim");
  t.depth = num(c, "depth"), t.heads = num(c, "heads"), t.mlp_dim = num(c, "mlp_dim");
  t.classes = num(c, "classes"), t.registers = num(c, "registers");
  const std::string pos = c.get("pos")->string;
  t.pos = pos == "sincos"         ? PosMode::SinCos
          : pos == "sincos_fixed" ? PosMode::SinCosFixed
          : pos == "none"         ? PosMode::None
                                  : PosMode::Random;
  t.attn_init = c.get("attn_init")->string == "mimetic" ? AttnInit::Mimetic : AttnInit::Default;
  t.label_smoothing = float(c.get("smoothing")->number);
  if (const Json* lr = c.get("lr")) t.lr = lr->number;
  if (const Json* wd = c.get("wd")) t.weight_decay = wd->number;
  t.warmup = num(c, "warmup", t.warmup), t.total_steps = num(c, "steps", t.total_steps);
  return t;
}

// Sets every parameter from the blobs prefix + name; checks names and shapes against the case's list.
void load_weights(VitTrainer& tr, const Json& cs, const std::vector<float>& bin, const std::string& prefix) {
  const auto& list = cs.get("params")->array;
  ASSERT_EQ(tr.params().size(), list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    const TrainerParam& p = tr.params()[i];
    EXPECT_EQ(p.name, list[i].get("name")->string);
    std::vector<int64_t> shape;
    for (const Json& d : list[i].get("shape")->array) shape.push_back(int64_t(d.number));
    EXPECT_EQ(p.shape, shape) << p.name;
    std::string err;
    ASSERT_TRUE(tr.set_param(p.name, blob(bin, *cs.get("blobs"), prefix + p.name), &err)) << err;
  }
}

std::vector<const Json*> cases_of(const char* kind) {
  std::vector<const Json*> out;
  if (const Json* c = manifest().get("cases"))
    for (const Json& j : c->array)
      if (j.get("kind")->string == kind) out.push_back(&j);
  return out;
}

TEST(VitTrainer, FixturesAreThere) {
  ASSERT_TRUE(manifest().is_object()) << "run scripts/make_trainer_fixtures.py";
  EXPECT_GE(cases_of("gradients").size(), 5u);
  EXPECT_GE(cases_of("trajectory").size(), 2u);
}

// Every parameter's gradient within |a − b| <= 1e-4·|b| + 1e-6 of PyTorch's (float64 there, float32 here).
TEST(VitTrainer, GradientsMatchPyTorch) {
  for (const Json* cs : cases_of("gradients")) {
    const std::string name = cs->get("name")->string;
    SCOPED_TRACE(name);
    const std::vector<float> bin = read_floats(kDir + name + ".bin");
    VitTrainer tr;
    std::string err;
    ASSERT_TRUE(tr.init(config_of(*cs->get("config")), &err)) << err;
    load_weights(tr, *cs, bin, "w:");
    std::vector<int> labels;
    for (const Json& y : cs->get("labels")->array) labels.push_back(int(y.number));
    const float loss = tr.loss_and_gradients(blob(bin, *cs->get("blobs"), "images"), labels, &err);
    ASSERT_TRUE(std::isfinite(loss)) << err;
    const double ref_loss = cs->get("loss")->number;
    EXPECT_NEAR(loss, ref_loss, 1e-5 * std::abs(ref_loss) + 1e-6);
    // worst: error / allowed; rel3, rel5: the largest |a − b| / |b| where |b| >= 1e-3, 1e-5
    double worst = 0, rel3 = 0, rel5 = 0;
    std::string worst_name;
    for (const TrainerParam& p : tr.params()) {
      const auto want = blob(bin, *cs->get("blobs"), "g:" + p.name);
      const auto got = tr.gradient(p);
      ASSERT_EQ(want.size(), got.size()) << p.name;
      int bad = 0;
      for (size_t i = 0; i < want.size(); ++i) {
        const double a = got[i], b = want[i], allowed = 1e-4 * std::abs(b) + 1e-6;
        if (!(std::abs(a - b) <= allowed) && ++bad <= 3)
          ADD_FAILURE() << p.name << "[" << i << "]: " << a << " vs PyTorch " << b;
        if (std::abs(a - b) / allowed > worst) worst = std::abs(a - b) / allowed, worst_name = p.name;
        if (std::abs(b) >= 1e-3) rel3 = std::max(rel3, std::abs(a - b) / std::abs(b));
        if (std::abs(b) >= 1e-5) rel5 = std::max(rel5, std::abs(a - b) / std::abs(b));
      }
    }
    // The forward pass too: logits, and the first image's attention probabilities in the last block.
    const auto logits = tr.forward(blob(bin, *cs->get("blobs"), "images"), int(labels.size()));
    const auto ref_logits = blob(bin, *cs->get("blobs"), "logits");
    ASSERT_EQ(logits.size(), ref_logits.size());
    for (size_t i = 0; i < logits.size(); ++i) EXPECT_NEAR(logits[i], ref_logits[i], 1e-4) << i;
    const auto ref_attn = blob(bin, *cs->get("blobs"), "attn_last");
    const int N = tr.config().tokens();
    const auto attn = tr.last_attention(tr.config().depth - 1).first(size_t(tr.config().heads * N * N));
    ASSERT_EQ(attn.size(), ref_attn.size());
    double attn_err = 0;
    for (size_t i = 0; i < attn.size(); ++i) attn_err = std::max(attn_err, double(std::abs(attn[i] - ref_attn[i])));
    EXPECT_LT(attn_err, 1e-5);
    std::printf(
        "[ trainer  ] %-28s loss %.6f (PyTorch %.6f); gradients: max error %.3f of the tolerance (%s), "
        "max relative error %.1e where |g| >= 1e-3, %.1e where |g| >= 1e-5; attention max error %.1e\n",
        name.c_str(), loss, ref_loss, worst, worst_name.c_str(), rel3, rel5, attn_err);
  }
}

// 50 AdamW steps with warm-up and cosine decay: the loss of every step within 1e-3 of PyTorch's.
TEST(VitTrainer, AdamWTrajectoryMatchesPyTorch) {
  const Json* pool = manifest().get("pool");
  ASSERT_TRUE(pool);
  const std::vector<float> pool_bin = read_floats(kDir + pool->get("file")->string);
  const auto pool_images = blob(pool_bin, *pool->get("blobs"), "images");
  std::vector<int> pool_labels;
  for (const Json& y : pool->get("labels")->array) pool_labels.push_back(int(y.number));
  const size_t image_floats = 28 * 28;
  ASSERT_EQ(pool_images.size(), pool_labels.size() * image_floats);
  for (const Json* cs : cases_of("trajectory")) {
    const std::string name = cs->get("name")->string;
    SCOPED_TRACE(name);
    const std::vector<float> bin = read_floats(kDir + name + ".bin");
    VitTrainer tr;
    std::string err;
    ASSERT_TRUE(tr.init(config_of(*cs->get("config")), &err)) << err;
    load_weights(tr, *cs, bin, "w:");
    for (size_t i = 0; i < tr.params().size(); ++i)  // train_vit.py's weight-decay groups
      EXPECT_EQ(tr.params()[i].decay, cs->get("params")->array[i].get("decay")->boolean) << tr.params()[i].name;
    const auto& losses = cs->get("losses")->array;
    const auto& lrs = cs->get("lrs")->array;
    double max_diff = 0;
    std::vector<float> images;
    std::vector<int> labels;
    for (size_t s = 0; s < losses.size(); ++s) {
      images.clear(), labels.clear();
      for (const Json& j : cs->get("batches")->array[s].array) {
        const size_t k = size_t(j.number);
        images.insert(images.end(), pool_images.begin() + long(k * image_floats),
                      pool_images.begin() + long((k + 1) * image_floats));
        labels.push_back(pool_labels[k]);
      }
      EXPECT_NEAR(tr.current_lr(), lrs[s].number, 1e-9 * lrs[s].number + 1e-12) << "step " << s;
      const float loss = tr.loss_and_gradients(images, labels, &err);
      ASSERT_TRUE(std::isfinite(loss)) << err;
      EXPECT_NEAR(loss, losses[s].number, 1e-3) << "step " << s;
      max_diff = std::max(max_diff, std::abs(double(loss) - losses[s].number));
      tr.step();
    }
    EXPECT_EQ(tr.steps(), int64_t(losses.size()));
    // The weights after the 50 steps, all but the key biases (qkv.bias[D:2D]): softmax does not see a
    // constant added to a row of scores, so their gradient is 0 in exact arithmetic and only rounding noise
    // here and in PyTorch, which Adam scales up to steps of about lr either way; they change no output.
    double max_w = 0;
    const int D = tr.config().dim;
    for (const TrainerParam& p : tr.params()) {
      const auto want = blob(bin, *cs->get("blobs"), "final:" + p.name);
      const auto got = tr.values(p);
      ASSERT_EQ(want.size(), got.size());
      const bool qkv_bias = p.name.ends_with(".attn.qkv.bias");
      for (size_t i = 0; i < want.size(); ++i)
        if (!qkv_bias || i < size_t(D) || i >= size_t(2 * D))
          max_w = std::max(max_w, double(std::abs(got[i] - want[i])));
    }
    EXPECT_LT(max_w, 1e-4);
    std::printf(
        "[ trainer  ] %-28s %zu steps: loss %.4f -> %.4f, max loss difference %.2e, max weight "
        "difference %.2e\n",
        name.c_str(), losses.size(), losses.front().number, losses.back().number, max_diff, max_w);
  }
}

TEST(VitTrainer, SinCosAndScheduleMatchTrainVit) {
  const Json* sc = manifest().get("sincos");
  ASSERT_TRUE(sc);
  for (const Json& c : sc->array) {
    const auto codes = sincos_2d(num(c, "grid"), num(c, "dim"));
    const auto& want = c.get("codes")->array;
    ASSERT_EQ(codes.size(), want.size());
    for (size_t i = 0; i < codes.size(); ++i) EXPECT_NEAR(codes[i], want[i].number, 2e-7) << i;
  }
  for (const Json& c : manifest().get("lr_at")->array) {
    TrainerConfig t;
    t.lr = c.get("lr")->number, t.warmup = num(c, "warmup"), t.total_steps = num(c, "total");
    for (size_t i = 0; i < c.get("steps")->array.size(); ++i) {
      const double want = c.get("values")->array[i].number;
      EXPECT_NEAR(trainer_lr_at(t, int64_t(c.get("steps")->array[i].number)), want, 1e-12 * c.get("lr")->number);
    }
  }
}

TEST(VitTrainer, RefusesBadConfigsAndInputs) {
  TrainerConfig ok;
  EXPECT_EQ(validate_trainer_config(ok), "");
  auto bad = [&](auto change, const char* what) {
    TrainerConfig c = ok;
    change(c);
    const std::string e = validate_trainer_config(c);
    EXPECT_NE(e.find(what), std::string::npos) << e;
    VitTrainer tr;
    std::string err;
    EXPECT_FALSE(tr.init(c, &err));
    EXPECT_EQ(err, e);
    EXPECT_FALSE(tr.ready());
  };
  bad([](TrainerConfig& c) { c.heads = 3; }, "divide dim");
  bad([](TrainerConfig& c) { c.patch = 5; }, "does not divide image size");
  bad([](TrainerConfig& c) { c.dim = 0; }, "dim");
  bad([](TrainerConfig& c) { c.patch = 0; }, "patch size");
  bad([](TrainerConfig& c) { c.depth = 1000; }, "depth");
  bad([](TrainerConfig& c) { c.classes = 1; }, "classes");
  bad([](TrainerConfig& c) { c.registers = -1; }, "registers");
  bad([](TrainerConfig& c) { c.image_size = 1024, c.patch = 1; }, "too many tokens");
  bad([](TrainerConfig& c) { c.dim = 2048, c.mlp_dim = 8192, c.depth = 48, c.heads = 16; }, "too large");
  bad([](TrainerConfig& c) { c.label_smoothing = 1; }, "smoothing");
  bad([](TrainerConfig& c) { c.lr = std::nan(""); }, "learning rate");
  bad([](TrainerConfig& c) { c.beta2 = 1; }, "betas");

  VitTrainer tr;
  std::string err;
  EXPECT_TRUE(std::isnan(tr.loss_and_gradients({}, {}, &err)));  // no model yet
  TrainerConfig c;
  c.dim = 16, c.depth = 1, c.heads = 2, c.mlp_dim = 16, c.patch = 7;
  ASSERT_TRUE(tr.init(c, &err)) << err;
  std::vector<float> img(2 * 28 * 28, 0.1f);
  EXPECT_TRUE(tr.forward(std::span<const float>(img).first(100), 2, nullptr, &err).empty());
  EXPECT_FALSE(err.empty());
  EXPECT_TRUE(std::isnan(tr.loss_and_gradients(img, std::vector<int>{0, 10}, &err)));
  EXPECT_NE(err.find("label 10"), std::string::npos);
  EXPECT_TRUE(std::isnan(tr.loss_and_gradients(img, std::vector<int>{0}, &err)));
  EXPECT_FALSE(tr.set_param("blocks.1.norm1.weight", std::vector<float>(16), &err));
  EXPECT_FALSE(tr.set_param("norm.weight", std::vector<float>(15), &err));
  EXPECT_TRUE(std::isfinite(tr.loss_and_gradients(img, std::vector<int>{0, 9}, &err))) << err;
}

TEST(VitTrainer, ForwardGivesLogitsAndAttention) {
  TrainerConfig c;
  c.dim = 32, c.depth = 2, c.heads = 4, c.mlp_dim = 64, c.registers = 2, c.seed = 3;
  VitTrainer tr;
  ASSERT_TRUE(tr.init(c));
  const int B = 3, N = c.tokens();
  std::vector<float> img(size_t(B) * 28 * 28);
  for (size_t i = 0; i < img.size(); ++i) img[i] = std::sin(0.37f * float(i));
  std::vector<std::vector<float>> attn;
  const auto logits = tr.forward(img, B, &attn);
  ASSERT_EQ(logits.size(), size_t(B * c.classes));
  ASSERT_EQ(attn.size(), size_t(c.depth));
  for (const auto& a : attn) {
    ASSERT_EQ(a.size(), size_t(B * c.heads * N * N));
    for (size_t r = 0; r < a.size(); r += size_t(N)) {
      float sum = 0;
      for (int j = 0; j < N; ++j) {
        sum += a[r + size_t(j)];
        EXPECT_GE(a[r + size_t(j)], 0.f);
      }
      EXPECT_NEAR(sum, 1.f, 1e-5);
    }
  }
  // Each image on its own gives the same logits as in the batch.
  const auto one = tr.forward(std::span<const float>(img).subspan(28 * 28, 28 * 28), 1);
  for (int k = 0; k < c.classes; ++k) EXPECT_NEAR(one[size_t(k)], logits[size_t(c.classes + k)], 1e-5);
  EXPECT_EQ(tr.last_batch(), 1);
  EXPECT_EQ(tr.last_attention(0).size(), size_t(c.heads * N * N));
  EXPECT_TRUE(tr.last_attention(2).empty());
}

double mean_of(std::span<const float> v) {
  double s = 0;
  for (float x : v) s += x;
  return s / double(v.size());
}
double std_of(std::span<const float> v) {
  const double m = mean_of(v);
  double s = 0;
  for (float x : v) s += (x - m) * (x - m);
  return std::sqrt(s / double(v.size()));
}

// vit_model.py's reset_parameters: N(0, 1) clamped to ±2 (std 0.9594) times 0.02, or 1/√fan_in for the
// patch conv; biases 0, LayerNorms 1. Seeded: the same seed, the same weights.
TEST(VitTrainer, RandomInitHasPyTorchsDistributions) {
  TrainerConfig c;  // the bundled fashion model's sizes
  VitTrainer a, b, d;
  ASSERT_TRUE(a.init(c));
  ASSERT_TRUE(b.init(c));
  c.seed = 1;
  ASSERT_TRUE(d.init(c));
  EXPECT_TRUE(std::equal(a.all_values().begin(), a.all_values().end(), b.all_values().begin()));
  EXPECT_FALSE(std::equal(a.all_values().begin(), a.all_values().end(), d.all_values().begin()));
  const double k = 0.9594;
  for (const TrainerParam& p : a.params()) {
    const auto v = a.values(p);
    const bool bias = p.name.ends_with(".bias"), ln = p.name.find("norm") != std::string::npos;
    if (ln && !bias) {
      for (float x : v) ASSERT_EQ(x, 1.f) << p.name;
    } else if (bias) {
      for (float x : v) ASSERT_EQ(x, 0.f) << p.name;
    } else {
      const double want = p.name == "patch_embed.proj.weight" ? 0.25 : 0.02;
      const double tol = 4 * want / std::sqrt(2.0 * double(v.size())) + 0.01 * want;  // about 4 σ of a std
      EXPECT_NEAR(std_of(v), k * want, v.size() > 10 ? tol : 0.6 * want) << p.name;
      EXPECT_NEAR(mean_of(v), 0, 5 * want / std::sqrt(double(v.size()))) << p.name;
      float mx = 0;
      for (float x : v) mx = std::max(mx, std::abs(x));
      EXPECT_LE(mx, float(2 * want) * 1.000001f) << p.name;
      if (v.size() > 1000) {
        EXPECT_EQ(mx, float(2 * want)) << p.name;  // some values are clamped
      }
    }
  }
}

TEST(VitTrainer, PositionModes) {
  TrainerConfig c;
  c.dim = 16, c.depth = 1, c.heads = 2, c.mlp_dim = 16, c.patch = 7, c.registers = 2;
  const int N = c.tokens(), P = c.patches();
  const auto codes = sincos_2d(c.grid(), c.dim);
  std::vector<float> img(2 * 28 * 28);
  for (size_t i = 0; i < img.size(); ++i) img[i] = std::cos(0.11f * float(i));
  for (PosMode mode : {PosMode::Random, PosMode::SinCos, PosMode::SinCosFixed, PosMode::None}) {
    c.pos = mode;
    VitTrainer tr;
    ASSERT_TRUE(tr.init(c));
    const TrainerParam* pos = tr.find_param("pos_embed");
    ASSERT_TRUE(pos);
    EXPECT_EQ(pos->shape, (std::vector<int64_t>{1, N, c.dim}));
    const std::vector<float> start(tr.values(*pos).begin(), tr.values(*pos).end());
    auto at = [&](int token, int ch) { return start[size_t(token * c.dim + ch)]; };
    if (mode == PosMode::Random) {
      EXPECT_GT(std_of(start), 0.01);
    } else {
      for (int ch = 0; ch < c.dim; ++ch) EXPECT_EQ(at(0, ch), 0.f);
      for (int t = 0; t < P; ++t)
        for (int ch = 0; ch < c.dim; ++ch)
          EXPECT_EQ(at(1 + c.registers + t, ch), mode == PosMode::None ? 0.f : codes[size_t(t * c.dim + ch)]);
      if (mode != PosMode::SinCos) {
        for (int ch = 0; ch < c.dim; ++ch) EXPECT_EQ(at(1, ch), 0.f);
      }
    }
    const bool trained = mode == PosMode::Random || mode == PosMode::SinCos;
    EXPECT_EQ(pos->trainable, trained);
    EXPECT_FALSE(pos->decay);
    for (int s = 0; s < 3; ++s) {
      ASSERT_TRUE(std::isfinite(tr.loss_and_gradients(img, std::vector<int>{1, 2})));
      tr.step();
    }
    const auto now = tr.values(*pos);
    EXPECT_EQ(std::equal(now.begin(), now.end(), start.begin()), !trained);
  }
}

// Mimetic init: W_qᵀ W_k ≈ 0.7 Z + 0.7 I and W_vᵀ W_oᵀ ≈ 0.4 Z − 0.4 I (Z ~ N(0, 1/D)).
TEST(VitTrainer, MimeticInit) {
  TrainerConfig c;
  c.attn_init = AttnInit::Mimetic;
  VitTrainer tr;
  ASSERT_TRUE(tr.init(c));
  const int D = c.dim;
  for (int l = 0; l < c.depth; ++l) {
    const std::string b = "blocks." + std::to_string(l) + ".attn.";
    const auto qkv = tr.values(*tr.find_param(b + "qkv.weight"));
    const auto proj = tr.values(*tr.find_param(b + "proj.weight"));
    // (W_qᵀ W_k)_ij = Σ_r Wq[r,i] Wk[r,j]; (W_vᵀ W_oᵀ)_ij = Σ_r Wv[r,i] Wo[j,r]
    double diag_qk = 0, diag_vo = 0, off_qk = 0, off_qk2 = 0;
    for (int i = 0; i < D; ++i)
      for (int j = 0; j < D; ++j) {
        double qk = 0, vo = 0;
        for (int r = 0; r < D; ++r) {
          qk += double(qkv[size_t(r * D + i)]) * qkv[size_t((D + r) * D + j)];
          vo += double(qkv[size_t((2 * D + r) * D + i)]) * proj[size_t(j * D + r)];
        }
        if (i == j)
          diag_qk += qk / D, diag_vo += vo / D;
        else
          off_qk += qk, off_qk2 += qk * qk;
      }
    const double n_off = double(D) * (D - 1);
    EXPECT_NEAR(diag_qk, 0.7, 0.08) << l;
    EXPECT_NEAR(diag_vo, -0.4, 0.05) << l;
    EXPECT_NEAR(off_qk / n_off, 0, 0.01) << l;
    EXPECT_NEAR(std::sqrt(off_qk2 / n_off), 0.7 / std::sqrt(double(D)), 0.01) << l;
  }
}

}  // namespace

// The trainer's set-up, initialisation and AdamW (vit_trainer.h); the passes are in vit_trainer_math.cpp.
#include "vit_trainer.h"

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "vit_trainer_impl.h"

namespace vitvis {
namespace {

bool fail(std::string* error, const std::string& what) {
  if (error) *error = what;
  return false;
}

// Normal numbers from std::mt19937 (whose numbers the standard fixes) by Box-Muller, so that a seed gives
// the same weights on every platform (std::normal_distribution's algorithm is the library's choice).
class Normal {
 public:
  explicit Normal(uint64_t seed) : gen_(std::mt19937::result_type(seed ^ (seed >> 32))) {}
  double operator()() {
    if (has_spare_) return has_spare_ = false, spare_;
    const double u1 = (double(gen_()) + 1.0) / 4294967297.0, u2 = double(gen_()) / 4294967296.0;
    const double r = std::sqrt(-2.0 * std::log(u1)), th = 2.0 * std::numbers::pi * u2;
    spare_ = r * std::sin(th), has_spare_ = true;
    return r * std::cos(th);
  }

 private:
  std::mt19937 gen_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// vit_model.py's tn(): N(0, 1) clamped to ±2, times std.
void clamped_normal(std::span<float> out, float std_dev, Normal& rng) {
  for (float& x : out) x = float(std::clamp(rng(), -2.0, 2.0) * double(std_dev));
}

std::string range_error(const char* what, long long v, long long lo, long long hi) {
  if (v >= lo && v <= hi) return "";
  return std::string(what) + " " + std::to_string(v) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi);
}

}  // namespace

std::string validate_trainer_config(const TrainerConfig& c) {
  for (const std::string& e :
       {range_error("image size", c.image_size, 1, 1024), range_error("channels", c.channels, 1, 4),
        range_error("patch size", c.patch, 1, 1024), range_error("dim", c.dim, 1, 2048),
        range_error("depth", c.depth, 1, 48), range_error("heads", c.heads, 1, 64),
        range_error("MLP dim", c.mlp_dim, 1, 8192), range_error("classes", c.classes, 2, 10000),
        range_error("registers", c.registers, 0, 64), range_error("warm-up steps", c.warmup, 0, 100000000),
        range_error("total steps", c.total_steps, 1, 1000000000)})
    if (!e.empty()) return e;
  if (c.image_size % c.patch)
    return "patch size " + std::to_string(c.patch) + " does not divide image size " + std::to_string(c.image_size);
  if (c.dim % c.heads) return "heads " + std::to_string(c.heads) + " do not divide dim " + std::to_string(c.dim);
  if (c.tokens() > 4097) return "too many tokens (" + std::to_string(c.tokens()) + "): use a larger patch";
  const double params = double(c.depth) * (4.0 * c.dim * c.dim + 2.0 * c.dim * c.mlp_dim) + double(c.tokens()) * c.dim +
                        double(c.channels) * c.patch * c.patch * c.dim + double(c.classes) * c.dim;
  if (params > 1e8) return "the model is too large to train here (" + std::to_string(long(params)) + " parameters)";
  auto finite = [](double v) { return std::isfinite(v); };
  if (!finite(c.lr) || c.lr < 0 || c.lr > 10) return "learning rate must be in 0..10";
  if (!finite(c.weight_decay) || c.weight_decay < 0 || c.weight_decay > 10) return "weight decay must be in 0..10";
  if (!finite(c.label_smoothing) || c.label_smoothing < 0 || c.label_smoothing >= 1)
    return "label smoothing must be in [0, 1)";
  if (!finite(c.beta1) || !finite(c.beta2) || c.beta1 < 0 || c.beta1 >= 1 || c.beta2 < 0 || c.beta2 >= 1)
    return "Adam's betas must be in [0, 1)";
  if (!finite(c.eps) || c.eps <= 0) return "Adam's epsilon must be positive";
  return "";
}

std::vector<float> sincos_2d(int grid, int dim) {
  std::vector<float> out(size_t(grid) * size_t(grid) * size_t(dim), 0.f);
  const int q = dim / 4;
  for (int y = 0; y < grid; ++y)
    for (int x = 0; x < grid; ++x) {
      float* o = out.data() + (size_t(y) * size_t(grid) + size_t(x)) * size_t(dim);
      for (int f = 0; f < q; ++f) {
        const double omega = std::numbers::pi * std::pow(double(grid), -double(f) / double(std::max(1, q - 1)));
        o[f] = float(std::sin(y * omega)), o[q + f] = float(std::cos(y * omega));
        o[2 * q + f] = float(std::sin(x * omega)), o[3 * q + f] = float(std::cos(x * omega));
      }
    }
  return out;
}

double trainer_lr_at(const TrainerConfig& c, int64_t step) {
  const int64_t total = c.total_steps, warm = std::min<int64_t>(c.warmup, total / 5);
  if (step < warm) return double(c.lr) * double(step + 1) / double(warm);
  return double(c.lr) * 0.5 *
         (1 + std::cos(std::numbers::pi * double(step - warm) / double(std::max<int64_t>(1, total - warm))));
}

VitTrainer::VitTrainer() : impl_(std::make_unique<Impl>()) {}
VitTrainer::~VitTrainer() = default;
bool VitTrainer::ready() const { return impl_->ready; }
const TrainerConfig& VitTrainer::config() const { return impl_->cfg; }
int64_t VitTrainer::steps() const { return impl_->t; }
double VitTrainer::current_lr() const { return trainer_lr_at(impl_->cfg, impl_->t); }
int VitTrainer::last_batch() const { return impl_->batch; }
const std::vector<TrainerParam>& VitTrainer::params() const { return impl_->params; }

bool VitTrainer::init(const TrainerConfig& cfg, std::string* error) {
  if (std::string e = validate_trainer_config(cfg); !e.empty()) return fail(error, e);
  auto fresh = std::make_unique<Impl>();
  Impl& m = *fresh;
  m.cfg = cfg;
  const long D = cfg.dim, N = cfg.tokens(), M = cfg.mlp_dim, K = cfg.classes,
             cpp = long(cfg.channels) * cfg.patch * cfg.patch;
  const bool pos_trained = cfg.pos == PosMode::Random || cfg.pos == PosMode::SinCos;
  size_t at = 0;
  auto add = [&](std::string name, std::vector<int64_t> shape, long rows, long cols, bool decay = false,
                 bool trainable = true) {
    TrainerParam p{std::move(name), std::move(shape), at, size_t(rows * cols), decay, trainable};
    at += p.size;
    m.params.push_back(std::move(p));
    return Slot{m.params.back().offset, rows, cols};
  };
  m.cls = add("cls_token", {1, 1, D}, 1, D);
  if (cfg.registers) m.reg = add("reg_token", {1, cfg.registers, D}, cfg.registers, D, true);
  m.pos = add("pos_embed", {1, N, D}, N, D, false, pos_trained);
  m.patch_w = add("patch_embed.proj.weight", {D, cfg.channels, cfg.patch, cfg.patch}, D, cpp, true);
  m.patch_b = add("patch_embed.proj.bias", {D}, 1, D);
  for (int l = 0; l < cfg.depth; ++l) {
    const std::string b = "blocks." + std::to_string(l) + ".";
    BlockSlots s;
    s.ln1_w = add(b + "norm1.weight", {D}, 1, D), s.ln1_b = add(b + "norm1.bias", {D}, 1, D);
    s.qkv_w = add(b + "attn.qkv.weight", {3 * D, D}, 3 * D, D, true),
    s.qkv_b = add(b + "attn.qkv.bias", {3 * D}, 1, 3 * D);
    s.proj_w = add(b + "attn.proj.weight", {D, D}, D, D, true), s.proj_b = add(b + "attn.proj.bias", {D}, 1, D);
    s.ln2_w = add(b + "norm2.weight", {D}, 1, D), s.ln2_b = add(b + "norm2.bias", {D}, 1, D);
    s.fc1_w = add(b + "mlp.fc1.weight", {M, D}, M, D, true), s.fc1_b = add(b + "mlp.fc1.bias", {M}, 1, M);
    s.fc2_w = add(b + "mlp.fc2.weight", {D, M}, D, M, true), s.fc2_b = add(b + "mlp.fc2.bias", {D}, 1, D);
    m.blocks.push_back(s);
  }
  m.norm_w = add("norm.weight", {D}, 1, D), m.norm_b = add("norm.bias", {D}, 1, D);
  m.head_w = add("head.weight", {K, D}, K, D, true), m.head_b = add("head.bias", {K}, 1, K);
  m.value.assign(at, 0.f), m.grad.assign(at, 0.f), m.m.assign(at, 0.f), m.v.assign(at, 0.f);
  m.decay_mask.assign(at, 0.f), m.train_mask.assign(at, 0.f);
  for (const TrainerParam& p : m.params) {
    std::fill_n(m.decay_mask.begin() + long(p.offset), p.size, p.decay ? 1.f : 0.f);
    std::fill_n(m.train_mask.begin() + long(p.offset), p.size, p.trainable ? 1.f : 0.f);
  }

  // vit_model.py reset_parameters(seed): N(0,1) clamped to ±2 times 0.02 for the tokens, pos_embed and
  // the Linear weights (biases 0), times 1/√fan_in for the patch conv; LayerNorms 1 and 0.
  Normal rng(cfg.seed);
  auto span_of = [&](const Slot& s) { return std::span<float>(m.value.data() + s.offset, size_t(s.rows * s.cols)); };
  clamped_normal(span_of(m.pos), 0.02f, rng);
  clamped_normal(span_of(m.cls), 0.02f, rng);
  if (cfg.registers) clamped_normal(span_of(m.reg), 0.02f, rng);
  clamped_normal(span_of(m.patch_w), float(1 / std::sqrt(double(cpp))), rng);
  for (const BlockSlots& s : m.blocks) {
    for (const Slot* w : {&s.qkv_w, &s.proj_w, &s.fc1_w, &s.fc2_w}) clamped_normal(span_of(*w), 0.02f, rng);
    m.row(s.ln1_w).setOnes(), m.row(s.ln2_w).setOnes();
  }
  m.row(m.norm_w).setOnes();
  clamped_normal(span_of(m.head_w), 0.02f, rng);
  if (cfg.pos != PosMode::Random) {
    const long P = cfg.patches();
    TMatMap pe = m.mat(m.pos);
    if (cfg.pos == PosMode::SinCos) {
      pe.row(0).setZero();  // train_vit.py: the class token's code 0, the registers' stay random
    } else {
      pe.setZero();
    }
    if (cfg.pos != PosMode::None) {
      const std::vector<float> sc = sincos_2d(cfg.grid(), cfg.dim);
      pe.bottomRows(P) = Eigen::Map<const TMat>(sc.data(), P, D);
    }
  }
  if (cfg.attn_init == AttnInit::Mimetic) {
    // train_vit.py mimetic_init: W_qᵀ W_k = a1 Z1 + b1 I, W_vᵀ W_oᵀ = a2 Z2 − b2 I, Z ~ N(0, 1/D), each
    // split by SVD (m = U S Vᵀ) into A = √S Uᵀ, B = √S Vᵀ with Aᵀ B = m.
    Normal mrng(cfg.seed + 1);
    using MD = Eigen::MatrixXd;
    auto factors = [&](double a, double b, MD& fa, MD& fb) {
      MD z(D, D);
      for (long i = 0; i < D; ++i)
        for (long j = 0; j < D; ++j) z(i, j) = mrng() / std::sqrt(double(D));
      const MD mm = a * z + b * MD::Identity(D, D);
      Eigen::BDCSVD<MD> svd(mm, Eigen::ComputeFullU | Eigen::ComputeFullV);
      const Eigen::VectorXd r = svd.singularValues().cwiseSqrt();
      fa = r.asDiagonal() * svd.matrixU().transpose();
      fb = r.asDiagonal() * svd.matrixV().transpose();
    };
    for (const BlockSlots& s : m.blocks) {
      MD wq, wk, wv, wo_t;
      factors(0.7, 0.7, wq, wk);
      factors(0.4, -0.4, wv, wo_t);
      TMatMap qkv = m.mat(s.qkv_w);
      qkv.topRows(D) = wq.cast<float>(), qkv.middleRows(D, D) = wk.cast<float>(), qkv.bottomRows(D) = wv.cast<float>();
      m.mat(s.proj_w) = wo_t.transpose().cast<float>();
    }
  }
  m.ready = true;
  impl_ = std::move(fresh);
  return true;
}

std::vector<float> VitTrainer::forward(std::span<const float> images, int batch,
                                       std::vector<std::vector<float>>* attentions, std::string* error) {
  Impl& m = *impl_;
  const TrainerConfig& c = m.cfg;
  if (!m.ready) return fail(error, "the trainer has no model (init first)"), std::vector<float>{};
  if (batch < 1 || batch > 4096 ||
      images.size() != size_t(batch) * size_t(c.channels) * size_t(c.image_size) * size_t(c.image_size))
    return fail(error, "the images do not fit the batch size and the model's input"), std::vector<float>{};
  m.forward(images.data(), batch);
  if (attentions) {
    attentions->resize(size_t(c.depth));
    for (int l = 0; l < c.depth; ++l) {
      const TMat& a = m.cache[size_t(l)].attn;
      (*attentions)[size_t(l)].assign(a.data(), a.data() + a.size());
    }
  }
  return std::vector<float>(m.logits.data(), m.logits.data() + m.logits.size());
}

float VitTrainer::loss_and_gradients(std::span<const float> images, std::span<const int> labels, std::string* error) {
  Impl& m = *impl_;
  const TrainerConfig& c = m.cfg;
  const float nan = std::nanf("");
  if (!m.ready) return fail(error, "the trainer has no model (init first)"), nan;
  const int batch = int(labels.size());
  if (batch < 1 || batch > 4096 ||
      images.size() != size_t(batch) * size_t(c.channels) * size_t(c.image_size) * size_t(c.image_size))
    return fail(error, "the images do not fit the labels' count and the model's input"), nan;
  for (int y : labels)
    if (y < 0 || y >= c.classes) return fail(error, "label " + std::to_string(y) + " is not a class"), nan;
  m.forward(images.data(), batch);
  const double loss = m.loss(labels.data());
  m.backward();
  return float(loss);
}

void VitTrainer::step() {
  Impl& m = *impl_;
  if (!m.ready) return;
  const TrainerConfig& c = m.cfg;
  const double lr = trainer_lr_at(c, m.t);
  ++m.t;
  // torch.optim.AdamW: p −= lr·wd·p; m, v moments; p −= lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε).
  const float bc1 = float(1 - std::pow(double(c.beta1), double(m.t)));
  const float bc2_sqrt = float(std::sqrt(1 - std::pow(double(c.beta2), double(m.t))));
  const float step_size = float(lr / double(bc1)), decay = float(lr * c.weight_decay);
  using A = Eigen::Map<Eigen::ArrayXf>;
  const long n = long(m.value.size());
  A p(m.value.data(), n), g(m.grad.data(), n), mo(m.m.data(), n), ve(m.v.data(), n);
  A dm(m.decay_mask.data(), n), tm(m.train_mask.data(), n);
  p -= (decay * tm * dm) * p;
  mo = c.beta1 * mo + (1 - c.beta1) * g * tm;
  ve = c.beta2 * ve + (1 - c.beta2) * (g * tm).square();
  p -= (step_size * tm) * mo / (ve.sqrt() / bc2_sqrt + c.eps);
}

void VitTrainer::reset_optimizer() {
  Impl& m = *impl_;
  std::fill(m.m.begin(), m.m.end(), 0.f), std::fill(m.v.begin(), m.v.end(), 0.f);
  m.t = 0;
}

std::span<const float> VitTrainer::last_attention(int layer) const {
  const Impl& m = *impl_;
  if (!m.ready || m.batch == 0 || layer < 0 || layer >= m.cfg.depth) return {};
  const TMat& a = m.cache[size_t(layer)].attn;
  return {a.data(), size_t(a.size())};
}

const TrainerParam* VitTrainer::find_param(std::string_view name) const {
  for (const TrainerParam& p : impl_->params)
    if (p.name == name) return &p;
  return nullptr;
}
std::span<float> VitTrainer::values(const TrainerParam& p) { return {impl_->value.data() + p.offset, p.size}; }
std::span<const float> VitTrainer::values(const TrainerParam& p) const {
  return {impl_->value.data() + p.offset, p.size};
}
std::span<const float> VitTrainer::gradient(const TrainerParam& p) const {
  return {impl_->grad.data() + p.offset, p.size};
}
std::span<float> VitTrainer::all_values() { return impl_->value; }
std::span<const float> VitTrainer::all_gradients() const { return impl_->grad; }

bool VitTrainer::set_param(std::string_view name, std::span<const float> vals, std::string* error) {
  const TrainerParam* p = find_param(name);
  if (!p) return fail(error, "no parameter named " + std::string(name));
  if (vals.size() != p->size)
    return fail(error,
                std::string(name) + " has " + std::to_string(p->size) + " values, not " + std::to_string(vals.size()));
  std::copy(vals.begin(), vals.end(), impl_->value.begin() + long(p->offset));
  return true;
}

}  // namespace vitvis

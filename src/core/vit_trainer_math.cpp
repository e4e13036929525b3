// The trainer's forward and backward passes (vit_trainer.h): whole-batch Eigen products on [tokens, dim]
// row-major matrices; the attention per (image, head) on [N, N] blocks.
#include <cmath>
#include <cstring>
#include <numbers>
#include <unsupported/Eigen/SpecialFunctions>

#include "vit_trainer_impl.h"

namespace vitvis {
namespace {

constexpr float kLnEps = 1e-6f;

// y = LayerNorm(x)·γ + β; keeps x̂ and 1/σ for the backward pass.
template <typename In, typename Out>
void ln_forward(const In& x, TMat& xhat, TVec& rstd, const TRowMap& gamma, const TRowMap& beta, Out&& y) {
  const float inv_d = 1.f / float(x.cols());
  rstd.noalias() = x.rowwise().sum() * inv_d;  // the mean, for now
  xhat = x.colwise() - rstd;
  rstd = ((xhat.rowwise().squaredNorm() * inv_d).array() + kLnEps).rsqrt();
  xhat.array().colwise() *= rstd.array();
  y = (xhat.array().rowwise() * gamma.array()).rowwise() + beta.array();
}

// dx (+)= LayerNorm's backward of dy; dγ, dβ accumulated. scratch: [rows, D].
void ln_backward(const TMat& dy, const TMat& xhat, const TVec& rstd, const TRowMap& gamma, TRowMap dgamma,
                 TRowMap dbeta, TMat& scratch, TVec& m1, TVec& m2, TMat& dx, bool accumulate) {
  const float inv_d = 1.f / float(dy.cols());
  dgamma.array() += (dy.array() * xhat.array()).colwise().sum();
  dbeta.array() += dy.array().colwise().sum();
  scratch = dy.array().rowwise() * gamma.array();
  m1.noalias() = scratch.rowwise().sum() * inv_d;
  m2.noalias() = (scratch.array() * xhat.array()).matrix().rowwise().sum() * inv_d;
  scratch.colwise() -= m1;
  scratch.array() -= xhat.array().colwise() * m2.array();
  if (accumulate)
    dx.array() += scratch.array().colwise() * rstd.array();
  else
    dx = scratch.array().colwise() * rstd.array();
}

// W [out, in]: y = x Wᵀ + b.
template <typename Out>
void linear(const TMat& x, const TMatMap& w, const TRowMap& b, Out&& y) {
  y.noalias() = x * w.transpose();
  y.rowwise() += b;
}

// dW += dyᵀ x, db += Σ dy.
void linear_grads(const TMat& dy, const TMat& x, TMatMap dw, TRowMap db) {
  dw.noalias() += dy.transpose() * x;
  db += dy.colwise().sum();
}

}  // namespace

void VitTrainer::Impl::resize_for(int b) {
  if (b == batch) return;
  batch = b;
  const long D = cfg.dim, M = cfg.mlp_dim, N = cfg.tokens(), T = long(b) * N, P = cfg.patches(),
             cpp = long(cfg.channels) * cfg.patch * cfg.patch;
  patches.resize(long(b) * P, cpp);
  x.resize(T, D);
  cache.resize(size_t(cfg.depth));
  for (auto& c : cache) {
    c.xhat1.resize(T, D), c.xhat2.resize(T, D), c.rstd1.resize(T), c.rstd2.resize(T);
    c.qkv.resize(T, 3 * D), c.attn.resize(long(b) * cfg.heads * N, N), c.ctx.resize(T, D);
    c.f1.resize(T, M), c.cdf.resize(T, M);
  }
  cls_hat.resize(b, D), cls_rstd.resize(b), cls_out.resize(b, D), cls_d.resize(b, D), cls_din.resize(b, D);
  cls_sc.resize(b, D), cls_m1.resize(b), cls_m2.resize(b);
  logits.resize(b, cfg.classes), dlogits.resize(b, cfg.classes);
  h.resize(T, D), dh.resize(T, D), dx.resize(T, D), dqkv.resize(T, 3 * D), dctx.resize(T, D);
  dgel.resize(T, M), gel.resize(T, M), dpatch.resize(long(b) * P, D), s.resize(N, N), ds.resize(N, N);
  tmp_nd.resize(T, D), rv1.resize(T), rv2.resize(T);
}

void VitTrainer::Impl::forward(const float* images, int b) {
  resize_for(b);
  const int C = cfg.channels, S = cfg.image_size, p = cfg.patch, G = cfg.grid(), R = cfg.registers;
  const long D = cfg.dim, N = cfg.tokens(), P = cfg.patches(), H = cfg.heads, dh_ = cfg.head_dim();
  // Patches as rows [c, py, px] (the conv weight's order).
  for (int i = 0; i < b; ++i)
    for (int gy = 0; gy < G; ++gy)
      for (int gx = 0; gx < G; ++gx) {
        float* dst = patches.row(long(i) * P + gy * G + gx).data();
        for (int c = 0; c < C; ++c)
          for (int py = 0; py < p; ++py, dst += p)
            std::memcpy(dst,
                        images + ((size_t(i) * size_t(C) + size_t(c)) * size_t(S) + size_t(gy * p + py)) * size_t(S) +
                            size_t(gx * p),
                        size_t(p) * sizeof(float));
      }
  linear(patches, mat(patch_w), row(patch_b), dpatch);  // dpatch as scratch: the embeddings [b·P, D]
  const TMatMap pe = mat(pos);
  for (int i = 0; i < b; ++i) {
    const long r0 = long(i) * N;
    x.row(r0) = row(cls) + pe.row(0);
    for (int r = 0; r < R; ++r) x.row(r0 + 1 + r) = mat(reg).row(r) + pe.row(1 + r);
    x.middleRows(r0 + 1 + R, P) = dpatch.middleRows(long(i) * P, P) + pe.bottomRows(P);
  }
  const float scale = 1.f / std::sqrt(float(dh_));
  for (int l = 0; l < cfg.depth; ++l) {
    BlockCache& c = cache[size_t(l)];
    const BlockSlots& bs = blocks[size_t(l)];
    ln_forward(x, c.xhat1, c.rstd1, row(bs.ln1_w), row(bs.ln1_b), h);
    linear(h, mat(bs.qkv_w), row(bs.qkv_b), c.qkv);
    for (int i = 0; i < b; ++i)
      for (int hd = 0; hd < H; ++hd) {
        const auto q = c.qkv.block(long(i) * N, hd * dh_, N, dh_);
        const auto k = c.qkv.block(long(i) * N, D + hd * dh_, N, dh_);
        const auto v = c.qkv.block(long(i) * N, 2 * D + hd * dh_, N, dh_);
        auto a = c.attn.middleRows((long(i) * H + hd) * N, N);
        a.noalias() = (q * scale) * k.transpose();  // as vit_model.py in training: the scale on q
        rv1.head(N) = a.rowwise().maxCoeff();
        a.colwise() -= rv1.head(N);
        a = a.array().exp();
        rv1.head(N) = a.rowwise().sum().cwiseInverse();
        a.array().colwise() *= rv1.head(N).array();
        c.ctx.block(long(i) * N, hd * dh_, N, dh_).noalias() = a * v;
      }
    linear(c.ctx, mat(bs.proj_w), row(bs.proj_b), tmp_nd);
    x += tmp_nd;
    ln_forward(x, c.xhat2, c.rstd2, row(bs.ln2_w), row(bs.ln2_b), h);
    linear(h, mat(bs.fc1_w), row(bs.fc1_b), c.f1);
    c.cdf = ((c.f1.array() * float(1 / std::numbers::sqrt2)).erf() + 1.f) * 0.5f;
    gel = c.f1.array() * c.cdf.array();
    linear(gel, mat(bs.fc2_w), row(bs.fc2_b), tmp_nd);
    x += tmp_nd;
  }
  // Only the class token reaches the head: the final LayerNorm of the other tokens changes nothing.
  for (int i = 0; i < b; ++i) cls_out.row(i) = x.row(long(i) * N);
  ln_forward(cls_out, cls_hat, cls_rstd, row(norm_w), row(norm_b), cls_out);
  linear(cls_out, mat(head_w), row(head_b), logits);
}

double VitTrainer::Impl::loss(const int* labels) {
  const long K = cfg.classes;
  const double eps = cfg.label_smoothing;
  double total = 0;
  for (long i = 0; i < logits.rows(); ++i) {
    const float mx = logits.row(i).maxCoeff();
    dlogits.row(i) = (logits.row(i).array() - mx).exp();
    const double z = dlogits.row(i).sum();
    const double lse = double(mx) + std::log(z);
    const double logp_y = double(logits(i, labels[i])) - lse;
    const double mean_logp = double(logits.row(i).sum()) / double(K) - lse;
    total += -(1 - eps) * logp_y - eps * mean_logp;
    // d/dlogits = softmax − target, target = (1 − ε)·onehot + ε / K; the mean over the batch.
    dlogits.row(i) *= float(1 / z);
    dlogits.row(i).array() -= float(eps / double(K));
    dlogits(i, labels[i]) -= float(1 - eps);
  }
  dlogits *= 1.f / float(logits.rows());
  return total / double(logits.rows());
}

void VitTrainer::Impl::backward() {
  std::fill(grad.begin(), grad.end(), 0.f);
  const int b = batch, R = cfg.registers;
  const long D = cfg.dim, N = cfg.tokens(), P = cfg.patches(), H = cfg.heads, dh_ = cfg.head_dim();
  const float scale = 1.f / std::sqrt(float(dh_));
  // Head and final LayerNorm (class tokens only).
  linear_grads(dlogits, cls_out, dmat(head_w), drow(head_b));
  cls_d.noalias() = dlogits * mat(head_w);  // [b, D]
  ln_backward(cls_d, cls_hat, cls_rstd, row(norm_w), drow(norm_w), drow(norm_b), cls_sc, cls_m1, cls_m2, cls_din,
              false);
  dx.setZero();
  for (int i = 0; i < b; ++i) dx.row(long(i) * N) = cls_din.row(i);

  for (int l = cfg.depth - 1; l >= 0; --l) {
    BlockCache& c = cache[size_t(l)];
    const BlockSlots& bs = blocks[size_t(l)];
    // MLP: x_out = x_mid + fc2(GELU(fc1(LN2(x_mid)))).
    gel = c.f1.array() * c.cdf.array();
    linear_grads(dx, gel, dmat(bs.fc2_w), drow(bs.fc2_b));
    dgel.noalias() = dx * mat(bs.fc2_w);
    // GELU'(x) = Φ(x) + x·φ(x)
    dgel.array() *= c.cdf.array() + c.f1.array() * (c.f1.array().square() * -0.5f).exp() *
                                        float(std::numbers::inv_sqrtpi / std::numbers::sqrt2);
    h = (c.xhat2.array().rowwise() * row(bs.ln2_w).array()).rowwise() + row(bs.ln2_b).array();
    linear_grads(dgel, h, dmat(bs.fc1_w), drow(bs.fc1_b));
    dh.noalias() = dgel * mat(bs.fc1_w);
    ln_backward(dh, c.xhat2, c.rstd2, row(bs.ln2_w), drow(bs.ln2_w), drow(bs.ln2_b), tmp_nd, rv1, rv2, dx, true);
    // Attention: x_mid = x_in + proj(attn(LN1(x_in))).
    linear_grads(dx, c.ctx, dmat(bs.proj_w), drow(bs.proj_b));
    dctx.noalias() = dx * mat(bs.proj_w);
    for (int i = 0; i < b; ++i)
      for (int hd = 0; hd < H; ++hd) {
        const long r0 = long(i) * N;
        const auto q = c.qkv.block(r0, hd * dh_, N, dh_);
        const auto k = c.qkv.block(r0, D + hd * dh_, N, dh_);
        const auto v = c.qkv.block(r0, 2 * D + hd * dh_, N, dh_);
        const auto a = c.attn.middleRows((long(i) * H + hd) * N, N);
        const auto dout = dctx.block(r0, hd * dh_, N, dh_);
        ds.noalias() = dout * v.transpose();                                        // dA
        dqkv.block(r0, 2 * D + hd * dh_, N, dh_).noalias() = a.transpose() * dout;  // dV
        // softmax: dS = A ⊙ (dA − Σ_j dA·A)
        rv1.head(N) = (ds.array() * a.array()).rowwise().sum();
        ds = a.array() * (ds.array().colwise() - rv1.head(N).array());
        dqkv.block(r0, hd * dh_, N, dh_).noalias() = (ds * scale) * k;
        dqkv.block(r0, D + hd * dh_, N, dh_).noalias() = (ds.transpose() * scale) * q;
      }
    h = (c.xhat1.array().rowwise() * row(bs.ln1_w).array()).rowwise() + row(bs.ln1_b).array();
    linear_grads(dqkv, h, dmat(bs.qkv_w), drow(bs.qkv_b));
    dh.noalias() = dqkv * mat(bs.qkv_w);
    ln_backward(dh, c.xhat1, c.rstd1, row(bs.ln1_w), drow(bs.ln1_w), drow(bs.ln1_b), tmp_nd, rv1, rv2, dx, true);
  }
  // Embeddings: x = [cls, reg, patch embeddings] + pos.
  TMatMap dpos = dmat(pos);
  for (int i = 0; i < b; ++i) {
    const long r0 = long(i) * N;
    dpos += dx.middleRows(r0, N);
    drow(cls) += dx.row(r0);
    if (R > 0) dmat(reg) += dx.middleRows(r0 + 1, R);
    dpatch.middleRows(long(i) * P, P) = dx.middleRows(r0 + 1 + R, P);
  }
  linear_grads(dpatch, patches, dmat(patch_w), drow(patch_b));
}

}  // namespace vitvis

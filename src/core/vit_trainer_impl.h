// The trainer's insides (vit_trainer.h), shared by vit_trainer.cpp (set-up, initialisation, AdamW) and
// vit_trainer_math.cpp (forward and backward). Not for use outside the two.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "vit_trainer.h"

namespace vitvis {

using TMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using TVec = Eigen::VectorXf;  // one value per row of a TMat
using TMatMap = Eigen::Map<TMat>;
using TRowMap = Eigen::Map<Eigen::RowVectorXf>;

// Where one parameter lies in the flat buffers, as a [rows, cols] row-major matrix.
struct Slot {
  size_t offset = 0;
  long rows = 0, cols = 0;
};

struct BlockSlots {
  Slot ln1_w, ln1_b, qkv_w, qkv_b, proj_w, proj_b, ln2_w, ln2_b, fc1_w, fc1_b, fc2_w, fc2_b;
};

// What a block's backward needs from its forward, for a batch of T = batch·N tokens.
struct BlockCache {
  TMat xhat1, xhat2;  // [T, D] normalised inputs of the two LayerNorms
  TVec rstd1, rstd2;  // [T] their 1/σ
  TMat qkv;           // [T, 3D]
  TMat attn;          // [batch·heads·N, N] softmax probabilities
  TMat ctx;           // [T, D] heads' outputs, concatenated
  TMat f1, cdf;       // [T, M] fc1 output and Φ(fc1 output): GELU = f1·Φ
};

struct VitTrainer::Impl {
  TrainerConfig cfg;
  bool ready = false;
  std::vector<TrainerParam> params;
  std::vector<float> value, grad, m, v;       // flat, params() order
  std::vector<float> decay_mask, train_mask;  // per float: 1 / 0
  int64_t t = 0;                              // AdamW steps taken

  Slot cls, reg, pos, patch_w, patch_b, norm_w, norm_b, head_w, head_b;
  std::vector<BlockSlots> blocks;

  // Forward / backward state for the current batch size.
  int batch = 0;
  TMat patches;  // [batch·P, C·p·p]
  TMat x;        // [T, D] residual stream
  std::vector<BlockCache> cache;
  TMat cls_hat;  // [batch, D] final LayerNorm's normalised class tokens
  TVec cls_rstd;
  TMat cls_out, logits, dlogits, cls_d, cls_din, cls_sc;
  // Scratch
  TMat h, dh, dx, dqkv, dctx, dgel, gel, dpatch, s, ds, tmp_nd;
  TVec rv1, rv2, cls_m1, cls_m2;

  TMatMap mat(const Slot& s) { return TMatMap(value.data() + s.offset, s.rows, s.cols); }
  TMatMap dmat(const Slot& s) { return TMatMap(grad.data() + s.offset, s.rows, s.cols); }
  TRowMap row(const Slot& s) { return TRowMap(value.data() + s.offset, s.rows * s.cols); }
  TRowMap drow(const Slot& s) { return TRowMap(grad.data() + s.offset, s.rows * s.cols); }

  void resize_for(int batch);
  // images [batch, C, H, W]: fills every cache and logits.
  void forward(const float* images, int batch);
  // Label-smoothed cross-entropy of logits; sets dlogits. Returns the mean loss.
  double loss(const int* labels);
  // From dlogits: every parameter's gradient (grad overwritten).
  void backward();
};

}  // namespace vitvis

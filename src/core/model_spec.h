// The ViT-VIS model contract: what a model's metadata and outputs must say, checked once at load time.
#pragma once
#include <string>
#include <vector>

#include "onnx_model_info.h"

namespace vitvis {

struct ModelSpec {
  std::string name, description, source, license, training, accuracy;
  int image_size = 0;  // H == W
  int patch_size = 0;
  int channels = 0;
  int layers = 0;  // L encoder blocks
  int heads = 0;
  int dim = 0;            // D
  int prefix_tokens = 1;  // class token (+ distillation token, registers)
  int registers = -1;     // register tokens (metadata `registers`; -1: not said)
  int num_classes = 0;    // K
  int resize = 0;         // shorter side resized to this before the centre crop
  int crop = 0;
  bool bicubic = false;       // interpolation "bicubic" (format 2); else bilinear
  bool resize_exact = false;  // resize_mode "exact" (format 2): both sides to `resize`, aspect not kept
  bool invert = false;
  std::vector<float> mean, std;
  std::vector<std::string> labels;
  bool has_qkv = false;    // optional q_l/k_l/v_l outputs
  bool has_proj = false;   // optional o_l/wo_l/bo_l outputs (attention output projection; needs has_qkv)
  bool has_final_norm = false;  // optional norm_weight/norm_bias outputs (the final LayerNorm, #20)
  float norm_eps = 1e-6f;       // its epsilon (metadata norm_eps)
  bool custom_head = false;     // the result's head is one the student trained (#20), not the model's
  int64_t parameters = 0;  // stored weights (sum over ONNX initializers)

  int grid() const { return image_size / patch_size; }              // patches per side
  int num_patches() const { return grid() * grid(); }               // P
  int num_tokens() const { return num_patches() + prefix_tokens; }  // N
  int head_dim() const { return heads ? dim / heads : 0; }

  // Token index of patch (row, col), and back; prefix tokens come first.
  int token_of_patch(int row, int col) const { return prefix_tokens + row * grid() + col; }
  bool is_prefix(int token) const { return token < prefix_tokens; }
  int patch_row(int token) const { return (token - prefix_tokens) / grid(); }
  int patch_col(int token) const { return (token - prefix_tokens) % grid(); }
  std::string token_name(int token) const;  // "CLS", "DIST", "REG1", "patch (r, c)" (counted from 1)
};

// Builds the spec from metadata and checks every required output's presence and shape.
// On failure returns false and fills *errors with plain sentences a teacher can act on.
bool model_spec_from_onnx(const OnnxModelInfo& info, ModelSpec* spec, std::vector<std::string>* errors);

// The outputs the app reads with their shapes: required ones first, then q/k/v (spec.has_qkv) and
// o/wo/bo (spec.has_proj).
std::vector<std::pair<std::string, std::vector<int64_t>>> contract_outputs(const ModelSpec& spec);
std::vector<std::string> contract_output_names(const ModelSpec& spec);

}  // namespace vitvis

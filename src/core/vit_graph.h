// Turns a ViT checkpoint — config.json + the header of model.safetensors (+ preprocessor_config.json)
// — into an ONNX graph in the ViT-VIS format (docs/model-format.md: every output, the metadata).
// Layouts: Hugging Face ViTForImageClassification ("vit"), DeiTForImageClassification[WithTeacher]
// ("deit"), and timm vit_* / deit_* (fused qkv, LayerScale, register tokens). The weights are not
// copied: the graph's initializers point into the safetensors file as ONNX external data, and the
// runtime is handed that file's bytes. F16/BF16 weights are cast to float32 once (a Cast ORT folds).
// Reading: vit_checkpoint.cpp; the graph and its metadata: vit_graph.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.h"
#include "safetensors.h"

namespace vitvis {

// The tensors of one encoder block (empty: not in the checkpoint, e.g. no bias, no LayerScale).
struct VitBlockNames {
  std::string ln1_w, ln1_b, q_w, q_b, k_w, k_b, v_w, v_b;  // separate q/k/v (Hugging Face) …
  std::string qkv_w, qkv_b;                                // … or fused [3D, D] (timm)
  std::string proj_w, proj_b, ln2_w, ln2_b, fc1_w, fc1_b, fc2_w, fc2_b, ls1, ls2;
};

// What a checkpoint is, read from its files and checked against the weights' names and shapes.
struct VitCheckpointInfo {
  std::string model_type;  // "vit" / "deit" (Hugging Face) or "timm"
  int image_size = 0, patch_size = 0, channels = 0, dim = 0, layers = 0, heads = 0, mlp_dim = 0, num_classes = 0;
  bool distilled = false;         // a distillation token
  bool two_heads = false;         // logits = mean of the class-token and distillation-token heads
  int registers = 0;              // register tokens (timm *_reg*)
  bool pos_covers_prefix = true;  // false: position embeddings for the patches only (timm no_embed_class)
  float ln_eps = 1e-6f;
  std::vector<std::string> labels;  // index = class id; empty when the checkpoint names none
  std::vector<double> mean, std;    // preprocessing, from the checkpoint's processor / pretrained_cfg
  int resize = 0;                   // shorter side before the centre crop to image_size
  bool bicubic = false;             // the processor resamples bicubic (else bilinear)
  bool resize_exact = false;        // both sides to `resize` (ViTImageProcessor's squash), not the shorter
  std::string cls, dist, reg, pos, patch_w, patch_b, norm_w, norm_b, head_w, head_b, head2_w, head2_b;
  std::vector<VitBlockNames> blocks;
  int prefix_tokens() const { return 1 + (distilled ? 1 : 0) + registers; }
  int num_patches() const { return (image_size / patch_size) * (image_size / patch_size); }
  int num_tokens() const { return num_patches() + prefix_tokens(); }
};

// Reads config.json (and preprocessor_config.json, may be empty) and checks every tensor the graph
// needs against `weights`. Refuses, with a message that names what is supported, other architectures
// (Swin, BEiT, ConvNeXt, …), models without a class token (mean pooling), missing tensors, wrong
// shapes and dtypes other than F32/F16/BF16.
std::optional<VitCheckpointInfo> read_vit_checkpoint(std::string_view config_json, const SafetensorsHeader& weights,
                                                     std::string_view preprocessor_json, std::string* error);

// Only config.json: refuses an unsupported architecture before the weights are downloaded.
bool vit_config_supported(std::string_view config_json, std::string* error);
// A timm config.json (an `architecture` name): its preprocessing is its pretrained_cfg, and such
// repositories have no preprocessor_config.json.
bool vit_config_is_timm(std::string_view config_json);

struct VitGraphOptions {
  std::string weights_file = "model.safetensors";  // external data location written into the graph
  bool with_qkv = true;                            // q_l, k_l, v_l, o_l, wo_l, bo_l outputs
  std::string name, description, source;           // metadata (name defaults to the model type)
  // Names for a checkpoint that has none, when its class count matches (ImageNet-1k for timm).
  std::vector<std::string> fallback_labels;
};

// The ONNX ModelProto bytes.
std::optional<std::vector<uint8_t>> build_vit_graph(const VitCheckpointInfo& info, const SafetensorsHeader& weights,
                                                    const VitGraphOptions& options, std::string* error);

}  // namespace vitvis

// Turns a Hugging Face ViT / DeiT checkpoint (config.json + the header of model.safetensors, plus
// preprocessor_config.json when present) into an ONNX graph in the ViT-VIS format
// (docs/model-format.md: every output, the metadata). The weights are not copied: the graph's
// initializers point into the safetensors file as ONNX external data, and the runtime is handed that
// file's bytes. F16/BF16 weights are cast to float32 once (a Cast node ORT folds at load time).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.h"
#include "safetensors.h"

namespace vitvis {

// What a checkpoint is, read from config.json and checked against the weights' names and shapes.
struct VitCheckpointInfo {
  std::string model_type;  // "vit" or "deit"
  std::string prefix;      // "vit." / "deit." / "" (a bare ViTModel)
  int image_size = 0, patch_size = 0, channels = 0, dim = 0, layers = 0, heads = 0, mlp_dim = 0, num_classes = 0;
  bool distilled = false;     // a distillation token (DeiT)
  bool teacher_head = false;  // DeiTForImageClassificationWithTeacher: logits = mean of both heads
  float ln_eps = 1e-12f;
  std::vector<std::string> labels;  // id2label, index = class id
  int num_tokens() const { return (image_size / patch_size) * (image_size / patch_size) + 1 + (distilled ? 1 : 0); }
};

// Reads config.json and checks every tensor the graph needs against `weights`. Refuses, with a message
// that names what is supported, architectures other than ViT/DeiT (Swin, BEiT, ConvNeXt, …), models
// without a class token, missing tensors, wrong shapes and dtypes other than F32/F16/BF16.
std::optional<VitCheckpointInfo> read_vit_checkpoint(std::string_view config_json, const SafetensorsHeader& weights,
                                                     std::string* error);

// Only config.json: refuses an unsupported architecture before the weights are downloaded.
bool vit_config_supported(std::string_view config_json, std::string* error);

struct VitGraphOptions {
  std::string weights_file = "model.safetensors";  // external data location written into the graph
  bool with_qkv = true;                            // q_l, k_l, v_l, o_l, wo_l, bo_l outputs
  std::string name, description, source;           // metadata (name defaults to the model type)
};

// The ONNX ModelProto bytes. preprocessor_json may be empty (the model type's defaults are used).
std::optional<std::vector<uint8_t>> build_vit_graph(const VitCheckpointInfo& info, const SafetensorsHeader& weights,
                                                    std::string_view preprocessor_json, const VitGraphOptions& options,
                                                    std::string* error);

}  // namespace vitvis

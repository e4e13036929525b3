// Training the app's Vision Transformer in the browser (issue #37): forward and backward of the ViT of
// scripts/vit_model.py (timm parameter names), softmax cross-entropy with label smoothing, AdamW with a
// linear warm-up and cosine decay, and the initialisations of scripts/train_vit.py. Float32, one thread,
// Eigen products over whole batches ([tokens, dim] row-major blocks). scripts/make_trainer_fixtures.py
// writes the PyTorch references that tests/native/vit_trainer_test.cpp checks it against.
//
// The model: patch embedding (a conv with stride = patch: a linear map of each flattened patch, in the
// channel-major order of the conv weight [D, C, P, P]), tokens [class, registers..., patches...] plus
// pos_embed, pre-LN blocks (LayerNorm eps 1e-6, multi-head self-attention softmax(Q Kᵀ / √d_head) with qkv
// bias, proj, residual; LayerNorm, fc1, exact GELU, fc2, residual), final LayerNorm, head on the class token.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitvis {

// Position codes. Random and SinCos are scripts/train_vit.py's --pos-init random / sincos: both are
// trained. SinCosFixed keeps the sine-cosine codes (class and register rows 0) and None keeps all zeros:
// pos_embed is then not trained (it still exists, with its gradient, so the checkpoint has it).
enum class PosMode { Random, SinCos, SinCosFixed, None };
// Attention weights at the start: the module's own random init, or mimetic (train_vit.py mimetic_init).
enum class AttnInit { Default, Mimetic };

struct TrainerConfig {
  int image_size = 28, channels = 1, patch = 4;
  int dim = 64, depth = 4, heads = 4, mlp_dim = 128;
  int classes = 10, registers = 0;
  PosMode pos = PosMode::Random;
  AttnInit attn_init = AttnInit::Default;
  // AdamW (torch.optim.AdamW) with train_vit.py's schedule (lr_at): warm-up steps = min(warmup,
  // total_steps / 5), lr·(s+1)/warm during it, then lr·½(1 + cos(π (s − warm) / max(1, total − warm))).
  // Weight decay applies to the tensors of 2 or more dimensions except pos_embed and cls_token.
  double lr = 2e-3, weight_decay = 0.05;
  int warmup = 500, total_steps = 10000;
  float label_smoothing = 0.1f;
  float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
  uint64_t seed = 0;

  int grid() const { return patch > 0 ? image_size / patch : 0; }
  int patches() const { return grid() * grid(); }
  int tokens() const { return 1 + registers + patches(); }
  int head_dim() const { return heads > 0 ? dim / heads : 0; }
};

// "" when cfg can be trained here, else what is wrong (heads must divide dim, patch the image size,
// every size within the limits this trainer accepts).
std::string validate_trainer_config(const TrainerConfig& cfg);

// One parameter tensor: its timm name and shape (as in PyTorch's state_dict and the app's safetensors
// reading, src/core/vit_checkpoint.cpp), where it lies in the flat buffers, and how AdamW treats it.
struct TrainerParam {
  std::string name;
  std::vector<int64_t> shape;
  size_t offset = 0, size = 0;  // in floats, into the flat parameter / gradient buffers
  bool decay = false;           // AdamW weight decay applies
  bool trainable = true;        // step() changes it
};

// 2-D sine-cosine position codes [grid·grid, dim] row-major, as train_vit.py's sincos_2d.
std::vector<float> sincos_2d(int grid, int dim);
// The learning rate of step s (0-based) under cfg's schedule, as train_vit.py's lr_at.
double trainer_lr_at(const TrainerConfig& cfg, int64_t step);

class VitTrainer {
 public:
  VitTrainer();
  ~VitTrainer();
  VitTrainer(const VitTrainer&) = delete;
  VitTrainer& operator=(const VitTrainer&) = delete;

  // Sets up cfg's model with fresh weights (cfg.seed; std::mt19937, PyTorch's distributions, not its
  // numbers) and a fresh optimiser. false and *error (nothing changes) when cfg is invalid.
  bool init(const TrainerConfig& cfg, std::string* error = nullptr);
  bool ready() const;
  const TrainerConfig& config() const;

  // Images [batch, C, H, W] (NCHW, already normalised), labels in 0..classes-1.
  // Logits [batch, classes] row-major; attentions, when given: per layer [batch, heads, N, N].
  // Empty logits (and *error) when the sizes do not fit.
  std::vector<float> forward(std::span<const float> images, int batch,
                             std::vector<std::vector<float>>* attentions = nullptr, std::string* error = nullptr);
  // Mean (label-smoothed) cross-entropy over the batch; sets every parameter's gradient (overwritten,
  // not accumulated). NaN (and *error) when the sizes or labels do not fit.
  float loss_and_gradients(std::span<const float> images, std::span<const int> labels, std::string* error = nullptr);
  // One AdamW step with the gradients of the last loss_and_gradients, at trainer_lr_at(config, steps()).
  void step();
  int64_t steps() const;  // AdamW steps taken
  double current_lr() const;

  // The last forward's attention probabilities of one layer, [batch, heads, N, N] (valid until the
  // next forward / loss_and_gradients).
  std::span<const float> last_attention(int layer) const;
  int last_batch() const;

  // Parameters in PyTorch's named_parameters() order: cls_token [1,1,D], reg_token [1,R,D] (registers
  // only), pos_embed [1,N,D], patch_embed.proj.weight [D,C,P,P], patch_embed.proj.bias, blocks.i.{norm1,
  // attn.qkv, attn.proj, norm2, mlp.fc1, mlp.fc2}.{weight,bias}, norm.{weight,bias}, head.{weight,bias}.
  const std::vector<TrainerParam>& params() const;
  const TrainerParam* find_param(std::string_view name) const;
  std::span<float> values(const TrainerParam& p);
  std::span<const float> values(const TrainerParam& p) const;
  std::span<const float> gradient(const TrainerParam& p) const;
  std::span<float> all_values();  // every parameter, flat, in params() order
  std::span<const float> all_gradients() const;
  // Copies values into the named parameter; false (and *error) for an unknown name or a wrong size.
  bool set_param(std::string_view name, std::span<const float> values, std::string* error = nullptr);
  // Forgets AdamW's moments and step count (e.g. after loading other weights).
  void reset_optimizer();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace vitvis

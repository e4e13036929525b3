// One training session of the ViT trainer (vit_trainer.h) as the trainer worker runs it (issue #37): a
// data set split into training and held-out images, seeded shuffling into batches, steps that stop on a
// non-finite loss and keep the last good weights, held-out loss and accuracy, what the Training window
// shows (a probe image's attention, the position-embedding similarity, head-pattern counts) and the
// checkpoint the app's hub loader reads (timm layout: model.safetensors + config.json, vit_checkpoint.cpp).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vit_trainer.h"

namespace vitvis {

// Images [count, C, S, S] row-major, already normalised as the model expects ((pixel − mean) / std,
// pixels in [0, 1]), labels in 0..classes−1; the first `train` images train, the rest are held out.
struct TrainingData {
  int channels = 1, image_size = 28;
  std::vector<float> images;
  std::vector<int> labels;
  int train = 0;
  std::vector<double> mean, std;   // per channel: what the images were normalised with (for the export)
  std::vector<std::string> names;  // class names (index = label); may be empty
  int count() const { return int(labels.size()); }
  int held_out() const { return count() - train; }
};

struct StepsReport {
  int done = 0;          // steps taken in this call
  double mean_loss = 0;  // mean training loss (label-smoothed, the objective) over them
  double last_loss = 0;
  bool diverged = false;  // a non-finite loss stopped the run; the weights are the last good ones
};

struct Evaluation {
  int images = 0;       // held-out images evaluated
  double loss = 0;      // mean cross-entropy with the run's label smoothing (comparable with the training loss)
  double accuracy = 0;  // top-1
};

// A TrainerConfig from JSON (the worker's "init" message): an object whose keys are TrainerConfig's field
// names (image_size, channels, patch, dim, depth, heads, mlp_dim, classes, registers, lr, weight_decay,
// warmup, total_steps, label_smoothing, beta1, beta2, eps, seed; pos "random" | "sincos" | "sincos_fixed" |
// "none"; attn_init "default" | "mimetic"), each optional (TrainerConfig's default); the derived keys
// trainer_config_json adds (grid, tokens, head_dim, params) are skipped. false and *error on
// an unknown key, a value of the wrong type or a non-integer size; the values themselves are checked by
// validate_trainer_config.
bool trainer_config_from_json(std::string_view json, TrainerConfig* cfg, std::string* error);
// Every field of cfg as JSON, in the form trainer_config_from_json reads, plus the derived grid, tokens,
// head_dim and the parameter count `params` (when given).
std::string trainer_config_json(const TrainerConfig& cfg, long long params = -1);

class TrainingRun {
 public:
  // A fresh model and optimiser for cfg (cfg.seed also seeds the shuffling). false and *error when cfg
  // is invalid (the run keeps what it had). Keeps the data when it fits the new model.
  bool configure(const TrainerConfig& cfg, std::string* error);
  // false and *error when the data does not fit the model (size, channels, labels) or has no training images.
  bool set_data(TrainingData data, std::string* error);
  bool ready() const { return trainer_.ready() && data_.train > 0 && fits_; }

  // Up to `steps` AdamW steps of `batch` training images each. Batches are drawn without replacement from a
  // permutation of the training images, reshuffled every epoch from cfg.seed (the same seed, the same
  // batches on every platform). A non-finite loss stops the run: report.diverged, the weights restored to
  // the last ones whose loss was finite, *error says so; later calls refuse until configure().
  StepsReport run_steps(int steps, int batch, std::string* error);
  // Held-out loss and accuracy on the first `max_images` held-out images (all when <= 0).
  Evaluation evaluate(int max_images = 0);
  // Logits [count, classes] of `count` images [count, C, S, S] (the trainer's own forward).
  std::vector<float> logits(std::span<const float> images, int count, std::string* error);

  // The attention of image `index` of the data set: [L, H, N, N] (rows = queries).
  std::vector<float> attention(int index);
  // Cosine similarity of every patch's position embedding with every other: [P, P] (empty without
  // position codes).
  std::vector<float> pos_similarity() const;
  // Head-pattern classes (insights.h, Kovaleva et al.) of every head on the first `images` held-out
  // images: [L, 5] counts in AttentionPattern order (vertical, diagonal, vertical+diagonal, block,
  // heterogeneous).
  std::vector<int> head_pattern_counts(int images);

  // The model's checkpoint: model.safetensors (float32, timm names) and its config.json (timm layout:
  // architecture, num_classes, label_names, model_args.num_heads, pretrained_cfg with the data's mean/std).
  std::vector<uint8_t> safetensors() const;
  std::string config_json() const;

  const VitTrainer& trainer() const { return trainer_; }
  VitTrainer& trainer() { return trainer_; }
  const TrainingData& data() const { return data_; }
  int64_t epoch() const { return epoch_; }
  bool diverged() const { return diverged_; }

 private:
  void reshuffle();

  VitTrainer trainer_;
  TrainingData data_;
  bool fits_ = false, diverged_ = false;
  std::vector<int> order_;  // the current epoch's permutation of the training images
  size_t next_ = 0;         // next position in order_
  int64_t epoch_ = 0;
  uint64_t shuffle_state_ = 0;
  std::vector<float> good_;          // the last weights whose loss was finite
  std::vector<float> batch_images_;  // scratch
  std::vector<int> batch_labels_;
};

}  // namespace vitvis

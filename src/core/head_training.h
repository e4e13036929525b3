// "Teach it your own classes" (#20): a new classification head (one linear layer) trained on the frozen
// model's class-token features, and the small file that keeps it. docs/analyses.md §10 gives the rules;
// scripts/reference_head.py is the NumPy reference of the trainer.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitvis {

// Examples: features [n, D] row-major (the model's cls_final), labels in 0..K-1.
struct HeadExamples {
  int dim = 0, classes = 0;
  std::vector<float> features;
  std::vector<int> labels;
  int size() const { return int(labels.size()); }
};

struct HeadOptions {
  int steps = 300;       // full-batch gradient descent steps
  float l2 = 1e-3f;      // λ: loss = mean cross-entropy + λ/2 · ||W||² (the bias is not regularised)
  float step_size = 0;   // 0: 1 / (max_i ||x_i||² / 2 + λ), a step the loss's curvature allows
  int record_every = 5;  // a point of the curves every this many steps (and the last)
};

// A head: logits = W · x + b, W [K, D] row-major.
struct Head {
  int dim = 0, classes = 0;
  std::vector<float> weight, bias;
  std::vector<float> logits(std::span<const float> x) const;
};

struct HeadCurvePoint {
  int step = 0;
  float train_loss = 0, train_accuracy = 0;
  float held_loss = 0, held_accuracy = 0;  // 0 when nothing is held out
};

struct HeadTraining {
  Head head;
  std::vector<HeadCurvePoint> curve;
  float step_size = 0;
  std::vector<int> train, held;  // example indices
};

// Which examples are held out: of each class's examples in the order added, every 5th (the 5th, 10th, …),
// so a class needs 5 examples before one is kept aside.
std::vector<bool> held_out_mask(const std::vector<int>& labels);

// Softmax regression from W = 0, b = 0 by full-batch gradient descent on the training examples; the
// curves also report the held-out examples. Empty head when there is nothing to train on.
HeadTraining train_head(const HeadExamples& ex, const HeadOptions& opt = {});

// Mean cross-entropy (+ λ/2 ||W||²) and accuracy of `head` on the examples `which`.
struct HeadScore {
  float loss = 0, accuracy = 0;
};
HeadScore score_head(const Head& head, const HeadExamples& ex, std::span<const int> which, float l2);

// The head file (JSON): what it is for and its numbers. `model` identifies the model the features come
// from (its name, D and a fingerprint of its own head weights): a head for another model is refused.
struct HeadFile {
  std::string model_name;
  uint32_t model_fingerprint = 0;
  std::vector<std::string> class_names;
  Head head;
};
std::string write_head_file(const HeadFile& f);
std::optional<HeadFile> read_head_file(std::string_view text, std::string* error);
// FNV-1a over the float bytes (a model's own head weights identify it).
uint32_t fingerprint(std::span<const float> values);

}  // namespace vitvis

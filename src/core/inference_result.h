// One inference's outputs with typed, shape-checked views: the single input of every view.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "head_training.h"
#include "model_spec.h"
#include "tensor.h"

namespace vitvis {

struct ClassScore {
  int index = 0;
  float logit = 0;
  float probability = 0;
};

class InferenceResult {
 public:
  // Checks every contract output against the spec; on failure returns false with *error set.
  static bool create(const ModelSpec& spec, std::map<std::string, Tensor> outputs, InferenceResult* out,
                     std::string* error);
  // The same result with another head (#20): logits, head_weight, head_bias and cls_logits come from
  // `head` over the same features, the labels are `names`. cls_logits (the logit lens) needs the final
  // LayerNorm (spec.has_final_norm) for the layers before the last; without it those rows are NaN.
  static bool with_head(const InferenceResult& r, const Head& head, const std::vector<std::string>& names,
                        InferenceResult* out, std::string* error);

  const ModelSpec& spec() const { return spec_; }
  std::span<const float> logits() const { return get("logits").values(); }  // [K]
  const std::vector<float>& probabilities() const { return probs_; }        // softmax(logits)
  std::vector<ClassScore> top_k(int k) const;
  RowMatrixMap patch_embeddings() const;                  // [P, D]
  RowMatrixMap hidden(int layer) const;                   // [N, D], layer 0..L (0 = embedding output)
  RowMatrixMap attention(int layer, int head) const;      // [N, N], rows = queries, sum to 1
  std::span<const float> attention_all(int layer) const;  // [H, N, N]
  RowMatrixMap cls_logits() const;                        // [L+1, K]
  std::span<const float> cls_final() const { return get("cls_final").values(); }        // [D]
  RowMatrixMap pos_embed() const;                                                       // [N, D]
  RowMatrixMap head_weight() const;                                                     // [K, D]
  std::span<const float> head_weight_values() const { return get("head_weight").values(); }
  std::span<const float> head_bias() const { return get("head_bias").values(); }        // [K]
  std::span<const float> patch_weight() const { return get("patch_weight").values(); }  // [D, C, p, p]
  bool has(const std::string& name) const { return outputs_.count(name) != 0; }
  const Tensor& get(const std::string& name) const;
  size_t total_bytes() const;

 private:
  ModelSpec spec_;
  std::map<std::string, Tensor> outputs_;
  std::vector<float> probs_;
};

// Numerically stable softmax.
std::vector<float> softmax(std::span<const float> x);

// Indices of the k largest values, largest first (ties: lower index first).
std::vector<int> top_k_indices(std::span<const float> x, int k);

}  // namespace vitvis

// Validation of ORT outputs against the model contract and the typed views over them.
#include "inference_result.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace vitvis {

std::vector<float> softmax(std::span<const float> x) {
  std::vector<float> p(x.size());
  if (x.empty()) return p;
  float mx = *std::max_element(x.begin(), x.end());
  double sum = 0;
  for (size_t i = 0; i < x.size(); ++i) sum += (p[i] = std::exp(x[i] - mx));
  for (auto& v : p) v = float(v / sum);
  return p;
}

std::vector<int> top_k_indices(std::span<const float> x, int k) {
  std::vector<int> idx(x.size());
  std::iota(idx.begin(), idx.end(), 0);
  k = std::clamp(k, 0, int(x.size()));
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(),
                    [&](int a, int b) { return x[a] > x[b] || (x[a] == x[b] && a < b); });
  idx.resize(k);
  return idx;
}

bool InferenceResult::create(const ModelSpec& spec, std::map<std::string, Tensor> outputs, InferenceResult* out,
                             std::string* error) {
  for (auto& [name, shape] : contract_outputs(spec)) {
    auto it = outputs.find(name);
    if (it == outputs.end()) {
      *error = "The model did not return output '" + name + "'.";
      return false;
    }
    const Tensor& t = it->second;
    if (t.shape() != shape || int64_t(t.size()) != shape_elements(shape)) {
      *error = "Output '" + name + "' has shape " + t.shape_string() + ", expected " + shape_to_string(shape) + ".";
      return false;
    }
  }
  InferenceResult r;
  r.spec_ = spec;
  r.outputs_ = std::move(outputs);
  for (float v : r.logits())
    if (!std::isfinite(v)) {
      *error = "The model returned non-finite logits.";
      return false;
    }
  r.probs_ = softmax(r.logits());
  *out = std::move(r);
  return true;
}

bool InferenceResult::with_head(const InferenceResult& r, const Head& head, const std::vector<std::string>& names,
                                InferenceResult* out, std::string* error) {
  ModelSpec s = r.spec_;
  const int K = head.classes, D = s.dim, L = s.layers;
  if (head.dim != D || K < 1 || int(names.size()) != K || head.weight.size() != size_t(K) * size_t(D) ||
      head.bias.size() != size_t(K)) {
    *error = "The head does not fit this model (dimension " + std::to_string(head.dim) + ", the model's is " +
             std::to_string(D) + ").";
    return false;
  }
  s.labels = names;
  s.num_classes = K;
  s.custom_head = true;
  std::map<std::string, Tensor> o = r.outputs_;
  const std::vector<float> logits = head.logits(r.cls_final());
  std::vector<float> lens(size_t(L + 1) * size_t(K), std::numeric_limits<float>::quiet_NaN());
  std::copy(logits.begin(), logits.end(), lens.begin() + ptrdiff_t(L) * K);  // the last layer: cls_final itself
  if (s.has_final_norm) {
    const auto w = r.get("norm_weight").values(), b = r.get("norm_bias").values();
    for (int l = 0; l < L; ++l) {  // LN of each layer's class token, then the head (the contract's lens)
      auto h = r.hidden(l);
      double mean = 0, var = 0;
      for (int d = 0; d < D; ++d) mean += h(0, d);
      mean /= D;
      for (int d = 0; d < D; ++d) var += (h(0, d) - mean) * (h(0, d) - mean);
      var /= D;
      std::vector<float> x(static_cast<size_t>(D));
      for (int d = 0; d < D; ++d)
        x[size_t(d)] = float((h(0, d) - mean) / std::sqrt(var + double(s.norm_eps))) * w[size_t(d)] + b[size_t(d)];
      const auto z = head.logits(x);
      std::copy(z.begin(), z.end(), lens.begin() + ptrdiff_t(l) * K);
    }
  }
  o["logits"] = Tensor({1, K}, logits);
  o["head_weight"] = Tensor({K, D}, head.weight);
  o["head_bias"] = Tensor({K}, head.bias);
  o["cls_logits"] = Tensor({L + 1, K}, std::move(lens));
  return create(s, std::move(o), out, error);
}

const Tensor& InferenceResult::get(const std::string& name) const {
  auto it = outputs_.find(name);
  if (it == outputs_.end()) throw std::out_of_range("no output " + name);
  return it->second;
}

std::vector<ClassScore> InferenceResult::top_k(int k) const {
  std::vector<ClassScore> out;
  auto l = logits();
  for (int i : top_k_indices(l, k)) out.push_back({i, l[i], probs_[i]});
  return out;
}

RowMatrixMap InferenceResult::patch_embeddings() const {
  return RowMatrixMap(get("patch_embeddings").data(), spec_.num_patches(), spec_.dim);
}
RowMatrixMap InferenceResult::hidden(int layer) const {
  if (layer < 0 || layer > spec_.layers) throw std::out_of_range("hidden layer");
  return RowMatrixMap(get("hidden_" + std::to_string(layer)).data(), spec_.num_tokens(), spec_.dim);
}
std::span<const float> InferenceResult::attention_all(int layer) const {
  if (layer < 0 || layer >= spec_.layers) throw std::out_of_range("attention layer");
  return get("attn_" + std::to_string(layer)).values();
}
RowMatrixMap InferenceResult::attention(int layer, int head) const {
  if (head < 0 || head >= spec_.heads) throw std::out_of_range("attention head");
  const size_t n = size_t(spec_.num_tokens());
  return RowMatrixMap(attention_all(layer).data() + size_t(head) * n * n, long(n), long(n));
}
RowMatrixMap InferenceResult::cls_logits() const {
  return RowMatrixMap(get("cls_logits").data(), spec_.layers + 1, spec_.num_classes);
}
RowMatrixMap InferenceResult::pos_embed() const {
  return RowMatrixMap(get("pos_embed").data(), spec_.num_tokens(), spec_.dim);
}
RowMatrixMap InferenceResult::head_weight() const {
  return RowMatrixMap(get("head_weight").data(), spec_.num_classes, spec_.dim);
}

size_t InferenceResult::total_bytes() const {
  size_t b = 0;
  for (auto& [n, t] : outputs_) b += t.size() * sizeof(float);
  return b;
}

}  // namespace vitvis

// Attention matrices and rows as the views need them.
#include "attention.h"

namespace vitvis {

std::vector<float> attention_matrix(const InferenceResult& r, int layer, int head) {
  const ModelSpec& s = r.spec();
  const size_t n = size_t(s.num_tokens()), nn = n * n;
  if (head >= 0) {
    auto m = r.attention(layer, head);
    return std::vector<float>(m.data(), m.data() + nn);
  }
  std::vector<float> mean(nn, 0.f);
  auto all = r.attention_all(layer);
  for (int h = 0; h < s.heads; ++h)
    for (size_t i = 0; i < nn; ++i) mean[i] += all[size_t(h) * nn + i];
  for (auto& v : mean) v /= float(s.heads);
  return mean;
}

std::vector<float> row_as_patch_grid(const ModelSpec& spec, const std::vector<float>& matrix, int query) {
  const int n = spec.num_tokens(), g = spec.grid();
  std::vector<float> grid(size_t(g) * g, 0.f);
  if (query < 0 || query >= n || matrix.size() != size_t(n) * n) return grid;
  for (int p = 0; p < g * g; ++p) grid[size_t(p)] = matrix[size_t(query) * n + size_t(spec.prefix_tokens + p)];
  return grid;
}

float prefix_attention(const ModelSpec& spec, const std::vector<float>& matrix, int query) {
  const int n = spec.num_tokens();
  if (query < 0 || query >= n || matrix.size() != size_t(n) * n) return 0.f;
  float s = 0;
  for (int k = 0; k < spec.prefix_tokens; ++k) s += matrix[size_t(query) * n + size_t(k)];
  return s;
}

}  // namespace vitvis

// Implementations of the module data transforms (see analysis.h).
#include "analysis.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vitvis {

std::vector<float> patch_vector(const ModelSpec& spec, const std::vector<float>& image_chw, int patch) {
  const int p = spec.patch_size, g = spec.grid(), S = spec.image_size, C = spec.channels;
  std::vector<float> v;
  if (patch < 0 || patch >= g * g || image_chw.size() != size_t(C) * S * S) return v;
  const int r0 = (patch / g) * p, c0 = (patch % g) * p;
  v.reserve(size_t(C) * p * p);
  for (int c = 0; c < C; ++c)
    for (int y = 0; y < p; ++y)
      for (int x = 0; x < p; ++x) v.push_back(image_chw[(size_t(c) * S + size_t(r0 + y)) * S + size_t(c0 + x)]);
  return v;
}

ChannelStats channel_stats(const InferenceResult& r, int layer) {
  const ModelSpec& s = r.spec();
  auto h = r.hidden(layer).bottomRows(s.num_patches());  // [P, D]
  ChannelStats st;
  st.mean.resize(size_t(s.dim));
  st.variance.resize(size_t(s.dim));
  st.max_abs.resize(size_t(s.dim));
  for (int d = 0; d < s.dim; ++d) {
    auto col = h.col(d).cast<double>();
    double m = col.mean();
    st.mean[size_t(d)] = float(m);
    st.variance[size_t(d)] = float((col.array() - m).square().mean());
    st.max_abs[size_t(d)] = float(col.cwiseAbs().maxCoeff());
  }
  return st;
}

float patch_max_abs_all_layers(const InferenceResult& r, const InferenceResult* base) {
  const ModelSpec& s = r.spec();
  float m = 0.f;
  for (int l = 0; l <= s.layers; ++l) {
    auto h = r.hidden(l).bottomRows(s.num_patches());
    m = std::max(
        m, base ? (h - base->hidden(l).bottomRows(s.num_patches())).cwiseAbs().maxCoeff() : h.cwiseAbs().maxCoeff());
  }
  return m;
}

std::vector<int> channel_order(const ChannelStats& s, ChannelOrder order) {
  std::vector<int> idx(s.mean.size());
  std::iota(idx.begin(), idx.end(), 0);
  if (order == ChannelOrder::Index) return idx;
  const std::vector<float>& key = order == ChannelOrder::Variance ? s.variance : s.max_abs;
  std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return key[size_t(a)] > key[size_t(b)]; });
  return idx;
}

std::vector<float> channel_map(const InferenceResult& r, int layer, int channel) {
  const ModelSpec& s = r.spec();
  auto h = r.hidden(layer);
  std::vector<float> m(size_t(s.num_patches()));
  for (int p = 0; p < s.num_patches(); ++p) m[size_t(p)] = h(s.prefix_tokens + p, channel);
  return m;
}

ChannelAtlas channel_atlas(const InferenceResult& r, int layer, const std::vector<int>& order, int cols) {
  const ModelSpec& s = r.spec();
  ChannelAtlas a;
  a.grid = s.grid();
  a.cols = std::max(1, cols);
  a.rows = (int(order.size()) + a.cols - 1) / a.cols;
  const int g = a.grid, W = a.cols * g;
  a.values.assign(size_t(a.rows) * g * W, 0.f);
  auto h = r.hidden(layer);
  for (size_t i = 0; i < order.size(); ++i) {
    const int tr = int(i) / a.cols, tc = int(i) % a.cols, ch = order[i];
    for (int p = 0; p < s.num_patches(); ++p) {
      const int y = tr * g + p / g, x = tc * g + p % g;
      a.values[size_t(y) * W + size_t(x)] = h(s.prefix_tokens + p, ch);
    }
  }
  return a;
}

std::vector<float> class_contributions(const InferenceResult& r, int k) {
  auto cls = r.cls_final();
  auto w = r.head_weight();
  std::vector<float> c(cls.size());
  for (size_t d = 0; d < cls.size(); ++d) c[d] = cls[d] * w(k, long(d));
  return c;
}

std::vector<float> scaled_to_unit(std::span<const float> v) {
  float m = 0;
  for (float x : v) m = std::max(m, std::abs(x));
  std::vector<float> out(v.begin(), v.end());
  if (m > 0)
    for (auto& x : out) x /= m;
  return out;
}

std::vector<int> top_abs_indices(std::span<const float> v, int n) {
  std::vector<int> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  n = std::clamp(n, 0, int(v.size()));
  std::partial_sort(idx.begin(), idx.begin() + n, idx.end(), [&](int a, int b) {
    float x = std::abs(v[size_t(a)]), y = std::abs(v[size_t(b)]);
    return x > y || (x == y && a < b);
  });
  idx.resize(size_t(n));
  return idx;
}

}  // namespace vitvis

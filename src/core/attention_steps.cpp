// Step-by-step recomputation of one attention row from the exported q, k, v, W_O (see attention_steps.h).
#include "attention_steps.h"

#include <algorithm>
#include <cmath>

#include "insights.h"

namespace vitvis {
namespace {

// [1, H, N, d] tensor -> row (h, t) as a span of d floats.
std::span<const float> head_row(const Tensor& t, int h, int token, int N, int d) {
  return t.values().subspan((size_t(h) * N + token) * d, d);
}

std::vector<std::pair<int, float>> largest_terms(std::vector<std::pair<int, float>> terms, int k) {
  k = std::clamp(k, 0, int(terms.size()));
  std::partial_sort(terms.begin(), terms.begin() + k, terms.end(), [](auto& a, auto& b) {
    return std::abs(a.second) > std::abs(b.second) || (std::abs(a.second) == std::abs(b.second) && a.first < b.first);
  });
  terms.resize(k);
  return terms;
}

}  // namespace

float entropy_bits(std::span<const float> p) {
  double h = 0;
  for (float v : p)
    if (v > 0) h -= double(v) * std::log2(double(v));
  return float(h);
}

bool attention_steps(const InferenceResult& r, int layer, int head, int query, AttentionSteps* out,
                     std::string* why_not) {
  const ModelSpec& spec = r.spec();
  if (!spec.has_qkv) {
    *why_not =
        "This model does not export q_l, k_l, v_l, so the row cannot be recomputed. Re-export it with "
        "scripts/export_vit.py (without --no-qkv).";
    return false;
  }
  const int N = spec.num_tokens(), d = spec.head_dim(), D = spec.dim, H = spec.heads;
  if (layer < 0 || layer >= spec.layers || head < 0 || head >= H || query < 0 || query >= N) {
    *why_not = "No such layer, head or token.";
    return false;
  }
  const std::string l = std::to_string(layer);
  const Tensor &Q = r.get("q_" + l), &K = r.get("k_" + l), &V = r.get("v_" + l);
  AttentionSteps s;
  s.layer = layer, s.head = head, s.query = query, s.tokens = N, s.head_dim = d, s.dim = D;
  s.scale = float(1.0 / std::sqrt(double(d)));
  auto q = head_row(Q, head, query, N, d);
  s.q.assign(q.begin(), q.end());
  s.dots.resize(N), s.scaled.resize(N), s.exps.resize(N), s.weights.resize(N);
  for (int j = 0; j < N; ++j) {
    auto k = head_row(K, head, j, N, d);
    double dot = 0;
    for (int e = 0; e < d; ++e) dot += double(q[e]) * k[e];
    s.dots[j] = float(dot);
    s.scaled[j] = float(dot * s.scale);
  }
  s.max_scaled = *std::max_element(s.scaled.begin(), s.scaled.end());
  for (int j = 0; j < N; ++j) {
    s.exps[j] = float(std::exp(double(s.scaled[j]) - s.max_scaled));
    s.sum_exp += s.exps[j];
  }
  auto row = r.attention(layer, head).row(query);
  for (int j = 0; j < N; ++j) {
    s.weights[j] = float(s.exps[j] / s.sum_exp);
    s.max_diff_row = std::max(s.max_diff_row, std::abs(s.weights[j] - row(j)));
  }
  // Every head's output for this query (this head's from the recomputed weights, the others from
  // the exported rows: the concat step is about placement, the maths is the same).
  s.concat.assign(D, 0.f);
  for (int h = 0; h < H; ++h) {
    auto a = r.attention(layer, h).row(query);
    for (int j = 0; j < N; ++j) {
      const float w = h == head ? s.weights[j] : a(j);
      auto v = head_row(V, h, j, N, d);
      for (int e = 0; e < d; ++e) s.concat[h * d + e] += w * v[e];
    }
  }
  s.head_out.assign(s.concat.begin() + head * d, s.concat.begin() + (head + 1) * d);
  s.has_projection = spec.has_proj;
  if (s.has_projection) {
    const float* wo = r.get("wo_" + l).data();  // [D_in, D_out]
    auto bo = r.get("bo_" + l).values();
    auto o = r.get("o_" + l).values().subspan(size_t(query) * D, D);
    s.projected.resize(D);
    for (int c = 0; c < D; ++c) {
      double acc = bo[c];
      for (int i = 0; i < D; ++i) acc += double(s.concat[i]) * wo[size_t(i) * D + c];
      s.projected[c] = float(acc);
      s.max_diff_projected = std::max(s.max_diff_projected, std::abs(s.projected[c] - o[c]));
    }
  }
  *out = std::move(s);
  return true;
}

std::vector<std::pair<int, float>> dot_terms(const InferenceResult& r, const AttentionSteps& s, int j, int k) {
  if (j < 0 || j >= s.tokens) return {};
  auto key = head_row(r.get("k_" + std::to_string(s.layer)), s.head, j, s.tokens, s.head_dim);
  std::vector<std::pair<int, float>> t;
  for (int e = 0; e < s.head_dim; ++e) t.push_back({e, s.q[e] * key[e]});
  return largest_terms(std::move(t), k);
}

RowSummary row_summary(const ModelSpec& spec, std::span<const float> matrix, int query) {
  const int N = spec.num_tokens();
  RowSummary out;
  if (query < 0 || query >= N || matrix.size() != size_t(N) * N) return out;
  auto row = matrix.subspan(size_t(query) * N, N);
  out.entropy_bits = entropy_bits(row);
  for (int j = 0; j < spec.prefix_tokens; ++j) out.to_prefix += row[j];
  if (!spec.is_prefix(query)) out.distance_px = query_attention_distance(spec, matrix, query);
  return out;
}

std::vector<std::pair<int, float>> value_terms(const InferenceResult& r, const AttentionSteps& s, int e, int k) {
  if (e < 0 || e >= s.head_dim) return {};
  const Tensor& V = r.get("v_" + std::to_string(s.layer));
  std::vector<std::pair<int, float>> t;
  for (int j = 0; j < s.tokens; ++j) t.push_back({j, s.weights[j] * head_row(V, s.head, j, s.tokens, s.head_dim)[e]});
  return largest_terms(std::move(t), k);
}

std::vector<std::pair<int, float>> projection_terms(const InferenceResult& r, const AttentionSteps& s, int c, int k) {
  if (!s.has_projection || c < 0 || c >= s.dim) return {};
  const float* wo = r.get("wo_" + std::to_string(s.layer)).data();
  std::vector<std::pair<int, float>> t;
  for (int i = 0; i < s.dim; ++i) t.push_back({i, s.concat[i] * wo[size_t(i) * s.dim + c]});
  return largest_terms(std::move(t), k);
}

}  // namespace vitvis

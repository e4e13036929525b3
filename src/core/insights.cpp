// The analyses of issue #5; formulas and thresholds are explained in docs/analyses.md.
#include "insights.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace vitvis {

namespace {

using MatrixXdR = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// Top-k principal directions of the rows of x ([samples, features]) -> [k, features]; each
// direction's largest-|value| entry (first on ties) made positive. *ratio: eigenvalue / trace.
MatrixXdR top_components(const MatrixXdR& x, int k, std::vector<float>* ratio) {
  const long n = x.rows(), f = x.cols();
  k = std::clamp(k, 0, int(f));
  MatrixXdR comps = MatrixXdR::Zero(k, f);
  ratio->assign(size_t(k), 0.f);
  if (n < 2 || k == 0) return comps;
  MatrixXdR xc = x.rowwise() - x.colwise().mean();
  Eigen::MatrixXd cov = (xc.transpose() * xc) / double(n - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(cov);
  const auto& lam = es.eigenvalues();  // ascending
  const double total = lam.sum();
  for (int i = 0; i < k; ++i) {
    const long j = f - 1 - i;
    Eigen::VectorXd v = es.eigenvectors().col(j);
    Eigen::Index arg = 0;
    v.cwiseAbs().maxCoeff(&arg);
    if (v(arg) < 0) v = -v;
    comps.row(i) = v.transpose();
    (*ratio)[size_t(i)] = total > 0 ? float(lam(j) / total) : 0.f;
  }
  return comps;
}

// Directed modularity of the best contiguous segmentation (segments >= min_len) of the
// patch->patch attention s ([P, P], row-major), divided by its maximum 1 - sum a_s·b_s.
double block_score(std::span<const double> s, int p, int min_len) {
  const double total = std::accumulate(s.begin(), s.end(), 0.0);
  if (p == 0 || total <= 1e-12) return 0;
  // Prefix sums: c[(i)(p+1) + j] = sum of s[0:i, 0:j] / total; row/col shares likewise.
  std::vector<double> c(size_t(p + 1) * size_t(p + 1), 0.0), row(size_t(p) + 1, 0.0), col(size_t(p) + 1, 0.0);
  for (int i = 0; i < p; ++i)
    for (int j = 0; j < p; ++j) {
      const double v = s[size_t(i) * size_t(p) + size_t(j)] / total;
      c[size_t(i + 1) * size_t(p + 1) + size_t(j + 1)] = v + c[size_t(i) * size_t(p + 1) + size_t(j + 1)] +
                                                         c[size_t(i + 1) * size_t(p + 1) + size_t(j)] -
                                                         c[size_t(i) * size_t(p + 1) + size_t(j)];
      row[size_t(i) + 1] += v;
      col[size_t(j) + 1] += v;
    }
  for (int i = 0; i < p; ++i) row[size_t(i) + 1] += row[size_t(i)], col[size_t(i) + 1] += col[size_t(i)];
  auto within = [&](int a, int b) {  // mass of s[a:b, a:b]
    auto at = [&](int i, int j) { return c[size_t(i) * size_t(p + 1) + size_t(j)]; };
    return at(b, b) - at(a, b) - at(b, a) + at(a, a);
  };
  const double none = -1e300;
  std::vector<double> best(size_t(p) + 1, none), ab(size_t(p) + 1, 0.0);
  best[0] = 0;
  for (int j = 1; j <= p; ++j)
    for (int i = 0; i + min_len <= j; ++i) {
      if (best[size_t(i)] == none) continue;
      const double a = row[size_t(j)] - row[size_t(i)], b = col[size_t(j)] - col[size_t(i)];
      const double q = best[size_t(i)] + within(i, j) - a * b;
      if (q > best[size_t(j)]) best[size_t(j)] = q, ab[size_t(j)] = ab[size_t(i)] + a * b;
    }
  const double denom = 1 - ab[size_t(p)];
  return denom > 1e-12 ? best[size_t(p)] / denom : 0;
}

MatrixXdR fuse_heads(const InferenceResult& r, int layer, HeadFusion fusion) {
  const int n = r.spec().num_tokens(), heads = r.spec().heads;
  const size_t nn = size_t(n) * size_t(n);
  auto all = r.attention_all(layer);
  MatrixXdR a(n, n);
  double* out = a.data();
  for (size_t i = 0; i < nn; ++i) {
    double v = all[i];
    for (int h = 1; h < heads; ++h) {
      const double x = all[size_t(h) * nn + i];
      v = fusion == HeadFusion::Mean ? v + x : fusion == HeadFusion::Max ? std::max(v, x) : std::min(v, x);
    }
    out[i] = fusion == HeadFusion::Mean ? v / heads : v;
  }
  return a;
}

void discard_smallest(MatrixXdR& a, double ratio) {
  const long n = a.rows();
  std::vector<long> off;
  for (long i = 0; i < n * n; ++i)
    if (i / n != i % n) off.push_back(i);
  // Rounded (half up) rather than floored: a float 0.9 is 0.89999998, and 90% should mean 90%.
  const size_t drop = size_t(std::floor(std::clamp(ratio, 0.0, 1.0) * double(off.size()) + 0.5));
  if (drop == 0) return;
  double* v = a.data();
  std::stable_sort(off.begin(), off.end(), [&](long x, long y) { return v[x] < v[y]; });
  for (size_t i = 0; i < drop; ++i) v[off[i]] = 0;
}

}  // namespace

// ---- 1. pattern classes ----

const char* pattern_name(AttentionPattern p) {
  switch (p) {
    case AttentionPattern::Vertical: return "vertical";
    case AttentionPattern::Diagonal: return "diagonal";
    case AttentionPattern::VerticalDiagonal: return "vertical+diagonal";
    case AttentionPattern::Block: return "block";
    case AttentionPattern::Heterogeneous: return "heterogeneous";
  }
  return "heterogeneous";
}

PatternScores classify_attention_pattern(const ModelSpec& spec, std::span<const float> attn,
                                         const PatternThresholds& t) {
  const int n = spec.num_tokens(), pre = spec.prefix_tokens, g = spec.grid(), p = spec.num_patches();
  PatternScores s;
  if (n <= 0 || attn.size() != size_t(n) * size_t(n)) return s;
  auto a = [&](int q, int k) { return double(attn[size_t(q) * size_t(n) + size_t(k)]); };

  std::vector<double> col(size_t(n), 0.0);
  for (int q = 0; q < n; ++q)
    for (int k = 0; k < n; ++k) col[size_t(k)] += a(q, k);
  std::sort(col.begin(), col.end(), std::greater<>());
  const int top = std::clamp(t.vertical_columns, 0, n);
  s.vertical = float(std::accumulate(col.begin(), col.begin() + top, 0.0) / n);

  double diag = 0;
  for (int q = 0; q < n; ++q) {
    diag += a(q, q);
    if (spec.is_prefix(q)) continue;
    const int r0 = spec.patch_row(q), c0 = spec.patch_col(q);
    for (int r = std::max(r0 - 1, 0); r <= std::min(r0 + 1, g - 1); ++r)
      for (int c = std::max(c0 - 1, 0); c <= std::min(c0 + 1, g - 1); ++c)
        if (r != r0 || c != c0) diag += a(q, spec.token_of_patch(r, c));
  }
  s.diagonal = float(diag / n);

  std::vector<double> patches(size_t(p) * size_t(p));
  for (int i = 0; i < p; ++i)
    for (int j = 0; j < p; ++j) patches[size_t(i) * size_t(p) + size_t(j)] = a(pre + i, pre + j);
  s.block = float(block_score(patches, p, g));

  if (s.vertical >= t.mixed && s.diagonal >= t.mixed)
    s.pattern = AttentionPattern::VerticalDiagonal;
  else if (s.vertical >= t.vertical)
    s.pattern = AttentionPattern::Vertical;
  else if (s.diagonal >= t.diagonal)
    s.pattern = AttentionPattern::Diagonal;
  else if (s.block >= t.block)
    s.pattern = AttentionPattern::Block;
  else
    s.pattern = AttentionPattern::Heterogeneous;
  return s;
}

std::vector<PatternScores> classify_layer_heads(const ModelSpec& spec, std::span<const float> attn) {
  const size_t nn = size_t(spec.num_tokens()) * size_t(spec.num_tokens());
  std::vector<PatternScores> out;
  if (spec.heads <= 0 || attn.size() != size_t(spec.heads) * nn) return out;
  out.reserve(size_t(spec.heads));
  for (int h = 0; h < spec.heads; ++h)
    out.push_back(classify_attention_pattern(spec, attn.subspan(size_t(h) * nn, nn)));
  return out;
}

std::vector<PatternScores> classify_layer_heads(const InferenceResult& r, int layer) {
  return classify_layer_heads(r.spec(), r.attention_all(layer));
}

// ---- 2. rollout ----

std::vector<float> attention_rollout(const InferenceResult& r, int layer, const RolloutOptions& o) {
  const int n = r.spec().num_tokens();
  MatrixXdR roll = MatrixXdR::Identity(n, n);
  for (int l = 0; l <= layer; ++l) {
    MatrixXdR a = fuse_heads(r, l, o.fusion);
    discard_smallest(a, o.discard_ratio);
    a = 0.5 * a + 0.5 * MatrixXdR::Identity(n, n);
    a = a.array().colwise() / a.rowwise().sum().array();
    roll = a * roll;
  }
  std::vector<float> out(size_t(n) * size_t(n));
  for (size_t i = 0; i < out.size(); ++i) out[i] = float(roll.data()[i]);
  return out;
}

std::vector<float> rollout_cls_map(const ModelSpec& spec, std::span<const float> rollout) {
  const size_t p = size_t(spec.num_patches());
  std::vector<float> map(p, 0.f);
  if (rollout.size() != size_t(spec.num_tokens()) * size_t(spec.num_tokens())) return map;
  for (size_t i = 0; i < p; ++i) map[i] = rollout[size_t(spec.prefix_tokens) + i];  // row 0 = class token
  return map;
}

// ---- 3. attention distance ----

float query_attention_distance(const ModelSpec& spec, std::span<const float> attn, int query) {
  const int n = spec.num_tokens();
  if (attn.size() != size_t(n) * size_t(n) || query < 0 || query >= n || spec.is_prefix(query)) return 0;
  const int r0 = spec.patch_row(query), c0 = spec.patch_col(query);
  double mass = 0, sum = 0;
  for (int k = spec.prefix_tokens; k < n; ++k) {
    const double w = attn[size_t(query) * size_t(n) + size_t(k)];
    const double dr = spec.patch_row(k) - r0, dc = spec.patch_col(k) - c0;
    mass += w;
    sum += w * std::sqrt(dr * dr + dc * dc);
  }
  return mass > 0 ? float(spec.patch_size * sum / mass) : 0.f;
}

float head_attention_distance(const ModelSpec& spec, std::span<const float> attn) {
  const int p = spec.num_patches();
  if (p == 0) return 0;
  double sum = 0;
  for (int q = spec.prefix_tokens; q < spec.num_tokens(); ++q) sum += query_attention_distance(spec, attn, q);
  return float(sum / p);
}

std::vector<float> mean_attention_distance(const InferenceResult& r, int layer) {
  const ModelSpec& s = r.spec();
  const size_t nn = size_t(s.num_tokens()) * size_t(s.num_tokens());
  auto all = r.attention_all(layer);
  std::vector<float> out;
  for (int h = 0; h < s.heads; ++h) out.push_back(head_attention_distance(s, all.subspan(size_t(h) * nn, nn)));
  return out;
}

// ---- 4. position embeddings ----

std::vector<float> pos_embed_similarity(std::span<const float> patch_pos, int dim) {
  if (dim <= 0 || patch_pos.size() % size_t(dim)) return {};
  const long p = long(patch_pos.size() / size_t(dim));
  MatrixXdR pe = RowMatrixMap(patch_pos.data(), p, dim).cast<double>();
  for (long i = 0; i < pe.rows(); ++i) {
    const double norm = pe.row(i).norm();
    if (norm > 0) pe.row(i) /= norm;
  }
  MatrixXdR sim = pe * pe.transpose();
  std::vector<float> out(size_t(sim.size()));
  for (size_t i = 0; i < out.size(); ++i) out[i] = float(sim.data()[i]);
  return out;
}

std::vector<float> pos_embed_similarity(const InferenceResult& r) {
  const ModelSpec& s = r.spec();
  const RowMatrixMap pe = r.pos_embed();  // [N, D], contiguous: the patches' rows are its last P
  const size_t prefix = size_t(pe.rows() - s.num_patches()) * size_t(s.dim);
  return pos_embed_similarity(std::span<const float>(pe.data() + prefix, size_t(pe.size()) - prefix), s.dim);
}

std::vector<float> pos_embed_similarity_map(const InferenceResult& r, int patch) {
  const size_t p = size_t(r.spec().num_patches());
  if (patch < 0 || size_t(patch) >= p) return std::vector<float>(p, 0.f);
  auto sim = pos_embed_similarity(r);
  return std::vector<float>(sim.begin() + long(size_t(patch) * p), sim.begin() + long(size_t(patch + 1) * p));
}

// ---- 5. filter PCA ----

FilterPca patch_filter_pca(const InferenceResult& r, int k) {
  const ModelSpec& s = r.spec();
  const long f = long(s.channels) * s.patch_size * s.patch_size;
  auto w = r.patch_weight();  // [D, C, p, p]
  MatrixXdR x = RowMatrixMap(w.data(), s.dim, f).cast<double>();
  FilterPca out;
  out.channels = s.channels, out.patch = s.patch_size;
  MatrixXdR comps = top_components(x, k, &out.explained_ratio);
  out.components.resize(size_t(comps.size()));
  for (size_t i = 0; i < out.components.size(); ++i) out.components[i] = float(comps.data()[i]);
  return out;
}

// ---- 6. token PCA ----

TokenPca patch_token_pca(const InferenceResult& r, int layer) {
  const ModelSpec& s = r.spec();
  const long p = s.num_patches();
  MatrixXdR x = r.hidden(layer).bottomRows(p).cast<double>();
  TokenPca out;
  MatrixXdR comps = top_components(x, 3, &out.explained_ratio);
  out.explained_ratio.resize(3, 0.f);
  MatrixXdR scores = (x.rowwise() - x.colwise().mean()) * comps.transpose();  // [P, k]
  out.rgb.assign(size_t(p) * 3, 0.f);
  for (long c = 0; c < scores.cols(); ++c) {
    const double lo = scores.col(c).minCoeff(), hi = scores.col(c).maxCoeff();
    if (!(hi > lo)) continue;
    for (long i = 0; i < p; ++i) out.rgb[size_t(i * 3 + c)] = float((scores(i, c) - lo) / (hi - lo));
  }
  return out;
}

// ---- 7. logit lens ----

std::vector<std::vector<ClassScore>> logit_lens(const InferenceResult& r, int k) {
  auto m = r.cls_logits();  // [L+1, K]
  std::vector<std::vector<ClassScore>> out;
  for (long l = 0; l < m.rows(); ++l) {
    std::span<const float> row(m.data() + l * m.cols(), size_t(m.cols()));
    auto p = softmax(row);
    std::vector<ClassScore> top;
    for (int i : top_k_indices(row, k)) top.push_back({i, row[size_t(i)], p[size_t(i)]});
    out.push_back(std::move(top));
  }
  return out;
}

// ---- 8. token norms ----

TokenNorms token_norms(const InferenceResult& r, int layer) {
  const ModelSpec& s = r.spec();
  auto h = r.hidden(layer);
  TokenNorms out;
  std::vector<double> patch_norms;
  for (long i = 0; i < h.rows(); ++i) {
    const double norm = h.row(i).cast<double>().norm();
    out.norm.push_back(float(norm));
    if (!s.is_prefix(int(i))) patch_norms.push_back(norm);
  }
  const double med = median_of(patch_norms);
  std::vector<double> dev;
  for (double v : patch_norms) dev.push_back(std::abs(v - med));
  const double mad = median_of(dev);
  double scale = 1.4826 * mad;
  if (scale == 0 && !dev.empty()) scale = 1.253314 * std::accumulate(dev.begin(), dev.end(), 0.0) / double(dev.size());
  const double threshold = med + 3.5 * scale;
  out.median = float(med), out.mad = float(mad), out.threshold = float(threshold);
  for (long i = 0; i < h.rows(); ++i)
    out.high.push_back(!s.is_prefix(int(i)) && scale > 0 && out.norm[size_t(i)] > threshold);
  return out;
}

}  // namespace vitvis

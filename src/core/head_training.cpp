// Training a new head on frozen features, and its file (head_training.h; docs/analyses.md §10).
#include "head_training.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstring>

#include "json.h"

namespace vitvis {
namespace {

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

MatD rows_of(const HeadExamples& ex, std::span<const int> which) {
  MatD x(long(which.size()), ex.dim);
  for (long i = 0; i < x.rows(); ++i)
    for (int d = 0; d < ex.dim; ++d) x(i, d) = ex.features[size_t(which[size_t(i)]) * size_t(ex.dim) + size_t(d)];
  return x;
}

// Row-wise softmax of z, in place.
void softmax_rows(MatD& z) {
  for (long i = 0; i < z.rows(); ++i) {
    const double m = z.row(i).maxCoeff();
    z.row(i) = (z.row(i).array() - m).exp().matrix();
    z.row(i) /= z.row(i).sum();
  }
}

struct Score {
  double loss = 0, accuracy = 0;
};
Score score(const MatD& w, const Eigen::RowVectorXd& b, const MatD& x, std::span<const int> y, double l2) {
  if (x.rows() == 0) return {};
  MatD z = (x * w.transpose()).rowwise() + b;
  Score s;
  for (long i = 0; i < z.rows(); ++i) {
    const double m = z.row(i).maxCoeff();
    const double lse = m + std::log((z.row(i).array() - m).exp().sum());
    s.loss += lse - z(i, y[size_t(i)]);
    Eigen::Index arg = 0;
    z.row(i).maxCoeff(&arg);
    s.accuracy += arg == y[size_t(i)];
  }
  s.loss = s.loss / double(z.rows()) + 0.5 * l2 * w.squaredNorm();
  s.accuracy /= double(z.rows());
  return s;
}

}  // namespace

std::vector<float> Head::logits(std::span<const float> x) const {
  std::vector<float> out(size_t(classes), 0.f);
  if (int(x.size()) != dim) return out;
  for (int k = 0; k < classes; ++k) {
    double s = bias[size_t(k)];
    for (int d = 0; d < dim; ++d) s += double(weight[size_t(k) * size_t(dim) + size_t(d)]) * double(x[size_t(d)]);
    out[size_t(k)] = float(s);
  }
  return out;
}

std::vector<bool> held_out_mask(const std::vector<int>& labels) {
  std::vector<bool> held(labels.size(), false);
  std::vector<int> seen;
  for (size_t i = 0; i < labels.size(); ++i) {
    const int c = labels[i];
    if (c < 0) continue;
    if (size_t(c) >= seen.size()) seen.resize(size_t(c) + 1, 0);
    held[i] = ++seen[size_t(c)] % 5 == 0;
  }
  return held;
}

HeadScore score_head(const Head& head, const HeadExamples& ex, std::span<const int> which, float l2) {
  MatD w(head.classes, head.dim);
  for (int k = 0; k < head.classes; ++k)
    for (int d = 0; d < head.dim; ++d) w(k, d) = head.weight[size_t(k) * size_t(head.dim) + size_t(d)];
  Eigen::RowVectorXd b(head.classes);
  for (int k = 0; k < head.classes; ++k) b(k) = head.bias[size_t(k)];
  std::vector<int> y;
  for (int i : which) y.push_back(ex.labels[size_t(i)]);
  const Score s = score(w, b, rows_of(ex, which), y, l2);
  return {float(s.loss), float(s.accuracy)};
}

HeadTraining train_head(const HeadExamples& ex, const HeadOptions& opt) {
  HeadTraining out;
  const std::vector<bool> held = held_out_mask(ex.labels);
  for (int i = 0; i < ex.size(); ++i) {
    if (ex.labels[size_t(i)] < 0 || ex.labels[size_t(i)] >= ex.classes) continue;
    (held[size_t(i)] ? out.held : out.train).push_back(i);
  }
  if (out.train.empty() || ex.dim <= 0 || ex.classes < 1 || ex.features.size() != size_t(ex.size()) * size_t(ex.dim))
    return out;
  const MatD x = rows_of(ex, out.train), xh = rows_of(ex, out.held);
  std::vector<int> y, yh;
  for (int i : out.train) y.push_back(ex.labels[size_t(i)]);
  for (int i : out.held) yh.push_back(ex.labels[size_t(i)]);
  const long n = x.rows(), K = ex.classes;
  MatD onehot = MatD::Zero(n, K);
  for (long i = 0; i < n; ++i) onehot(i, y[size_t(i)]) = 1.0;
  double step = opt.step_size;
  if (step <= 0) step = 1.0 / (0.5 * x.rowwise().squaredNorm().maxCoeff() + double(opt.l2));
  out.step_size = float(step);
  MatD w = MatD::Zero(K, ex.dim);
  Eigen::RowVectorXd b = Eigen::RowVectorXd::Zero(K);
  auto record = [&](int s) {
    const Score t = score(w, b, x, y, opt.l2), h = score(w, b, xh, yh, opt.l2);
    out.curve.push_back({s, float(t.loss), float(t.accuracy), float(h.loss), float(h.accuracy)});
  };
  record(0);
  for (int s = 1; s <= opt.steps; ++s) {
    MatD p = (x * w.transpose()).rowwise() + b;
    softmax_rows(p);
    const MatD g = (p - onehot) / double(n);  // d(mean CE)/d logits
    w -= step * (g.transpose() * x + double(opt.l2) * w);
    b -= step * g.colwise().sum();
    if (s % std::max(1, opt.record_every) == 0 || s == opt.steps) record(s);
  }
  out.head.dim = ex.dim;
  out.head.classes = int(K);
  out.head.weight.resize(size_t(K) * size_t(ex.dim));
  out.head.bias.resize(size_t(K));
  for (long k = 0; k < K; ++k) {
    out.head.bias[size_t(k)] = float(b(k));
    for (int d = 0; d < ex.dim; ++d) out.head.weight[size_t(k) * size_t(ex.dim) + size_t(d)] = float(w(k, d));
  }
  return out;
}

uint32_t fingerprint(std::span<const float> values) {
  uint32_t h = 2166136261u;
  for (float v : values) {
    unsigned char b[4];
    std::memcpy(b, &v, 4);
    for (unsigned char c : b) h = (h ^ c) * 16777619u;
  }
  return h;
}

std::string write_head_file(const HeadFile& f) {
  JsonWriter w;
  w.begin_object().key("vitvis_head").value(1);
  w.key("model").begin_object().key("name").value(f.model_name).key("dim").value(f.head.dim);
  w.key("fingerprint").value(static_cast<long long>(f.model_fingerprint)).end_object();
  w.key("classes").begin_array();
  for (const auto& c : f.class_names) w.value(c);
  w.end_array().key("weight").begin_array();
  for (float v : f.head.weight) w.value(double(v));
  w.end_array().key("bias").begin_array();
  for (float v : f.head.bias) w.value(double(v));
  w.end_array().end_object();
  return w.str();
}

std::optional<HeadFile> read_head_file(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& e) -> std::optional<HeadFile> {
    if (error) *error = e;
    return std::nullopt;
  };
  std::string err;
  auto j = parse_json(text, &err);
  if (!j || !j->is_object()) return fail("not a JSON object" + (err.empty() ? "" : ": " + err));
  const Json* v = j->get("vitvis_head");
  if (!v || !v->is_number() || v->number != 1) return fail("not a ViT-VIS head file (no \"vitvis_head\": 1)");
  const Json* m = j->get("model");
  const Json *cls = j->get("classes"), *wt = j->get("weight"), *bs = j->get("bias");
  if (!m || !m->is_object() || !cls || !cls->is_array() || !wt || !wt->is_array() || !bs || !bs->is_array())
    return fail("the head file lacks model, classes, weight or bias");
  const Json *name = m->get("name"), *dim = m->get("dim"), *fp = m->get("fingerprint");
  if (!name || !name->is_string() || !dim || !dim->is_number() || !fp || !fp->is_number())
    return fail("the head file's model has no name, dim or fingerprint");
  HeadFile f;
  f.model_name = name->string;
  f.model_fingerprint = uint32_t(fp->number);
  const int K = int(cls->array.size()), D = int(dim->number);
  if (K < 2 || K > 10 || D < 1 || D > 16384)
    return fail("the head file has " + std::to_string(K) + " classes and dim " + std::to_string(D) +
                " (2-10 classes expected)");
  for (const Json& c : cls->array) {
    if (!c.is_string() || c.string.empty() || c.string.size() > 64) return fail("a class name is empty or not text");
    f.class_names.push_back(c.string);
  }
  if (wt->array.size() != size_t(K) * size_t(D) || bs->array.size() != size_t(K))
    return fail("the head file's weights do not have the shape its classes and dim say");
  f.head.dim = D;
  f.head.classes = K;
  for (const Json& x : wt->array) {
    if (!x.is_number() || !std::isfinite(x.number)) return fail("the head file has a weight that is not a number");
    f.head.weight.push_back(float(x.number));
  }
  for (const Json& x : bs->array) {
    if (!x.is_number() || !std::isfinite(x.number)) return fail("the head file has a bias that is not a number");
    f.head.bias.push_back(float(x.number));
  }
  return f;
}

}  // namespace vitvis

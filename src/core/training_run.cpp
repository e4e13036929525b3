// A training session of the ViT trainer (training_run.h): data, batches, divergence, read-outs, export.
#include "training_run.h"

#include <algorithm>
#include <cmath>

#include "insights.h"
#include "json.h"
#include "safetensors.h"

namespace vitvis {
namespace {

bool fail(std::string* error, const std::string& what) {
  if (error) *error = what;
  return false;
}

// splitmix64: a fixed, portable sequence (std::shuffle's and the distributions' algorithms are the
// standard library's choice, and the batches must be the same in the browser and natively).
uint64_t next_random(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

size_t image_floats(const TrainingData& d) { return size_t(d.channels) * size_t(d.image_size) * size_t(d.image_size); }

std::string data_misfit(const TrainingData& d, const TrainerConfig& c) {
  if (d.channels != c.channels || d.image_size != c.image_size)
    return "the images are " + std::to_string(d.channels) + "×" + std::to_string(d.image_size) + "×" +
           std::to_string(d.image_size) + ", the model takes " + std::to_string(c.channels) + "×" +
           std::to_string(c.image_size) + "×" + std::to_string(c.image_size);
  for (int y : d.labels)
    if (y < 0 || y >= c.classes)
      return "label " + std::to_string(y) + " is not one of the model's " + std::to_string(c.classes) + " classes";
  return "";
}

ModelSpec spec_of(const TrainerConfig& c) {
  ModelSpec s;
  s.image_size = c.image_size, s.patch_size = c.patch, s.channels = c.channels, s.layers = c.depth;
  s.heads = c.heads, s.dim = c.dim, s.prefix_tokens = 1 + c.registers, s.registers = c.registers;
  s.num_classes = c.classes;
  return s;
}

const char* const kPosNames[] = {"random", "sincos", "sincos_fixed", "none"};

}  // namespace

bool trainer_config_from_json(std::string_view text, TrainerConfig* cfg, std::string* error) {
  std::string err;
  auto j = parse_json(text, &err);
  if (!j || !j->is_object())
    return fail(error, "the configuration is not a JSON object" + (err.empty() ? "" : ": " + err));
  TrainerConfig c;
  int* const ints[] = {&c.image_size, &c.channels, &c.patch,     &c.dim,    &c.depth,      &c.heads,
                       &c.mlp_dim,    &c.classes,  &c.registers, &c.warmup, &c.total_steps};
  const char* const int_names[] = {"image_size", "channels", "patch",     "dim",    "depth",      "heads",
                                   "mlp_dim",    "classes",  "registers", "warmup", "total_steps"};
  for (size_t i = 0; i < j->keys.size(); ++i) {
    const std::string& k = j->keys[i];
    const Json& v = j->values[i];
    bool known = false;
    for (size_t f = 0; f < std::size(ints); ++f)
      if (k == int_names[f]) {
        if (!v.is_number() || std::floor(v.number) != v.number || std::abs(v.number) > 2e9)
          return fail(error, k + " must be a whole number");
        *ints[f] = int(v.number), known = true;
      }
    if (known) continue;
    if (k == "lr" || k == "weight_decay" || k == "label_smoothing" || k == "beta1" || k == "beta2" || k == "eps") {
      if (!v.is_number()) return fail(error, k + " must be a number");
      if (k == "lr")
        c.lr = v.number;
      else if (k == "weight_decay")
        c.weight_decay = v.number;
      else if (k == "label_smoothing")
        c.label_smoothing = float(v.number);
      else if (k == "beta1")
        c.beta1 = float(v.number);
      else if (k == "beta2")
        c.beta2 = float(v.number);
      else
        c.eps = float(v.number);
    } else if (k == "seed") {
      if (!v.is_number() || v.number < 0 || v.number > 9007199254740992.0 || std::floor(v.number) != v.number)
        return fail(error, "seed must be a whole number from 0 to 2^53");
      c.seed = uint64_t(v.number);
    } else if (k == "pos") {
      const auto* at =
          v.is_string() ? std::find(std::begin(kPosNames), std::end(kPosNames), v.string) : std::end(kPosNames);
      if (at == std::end(kPosNames))
        return fail(error, "pos must be \"random\", \"sincos\", \"sincos_fixed\" or \"none\"");
      c.pos = PosMode(at - std::begin(kPosNames));
    } else if (k == "attn_init") {
      if (!v.is_string() || (v.string != "default" && v.string != "mimetic"))
        return fail(error, "attn_init must be \"default\" or \"mimetic\"");
      c.attn_init = v.string == "mimetic" ? AttnInit::Mimetic : AttnInit::Default;
    } else if (k == "grid" || k == "tokens" || k == "head_dim" || k == "params") {
      // Derived (trainer_config_json writes them for the reader's sake): follow from the sizes above.
    } else {
      return fail(error, "unknown configuration key \"" + k.substr(0, 40) + "\"");
    }
  }
  *cfg = c;
  return true;
}

std::string trainer_config_json(const TrainerConfig& c, long long params) {
  JsonWriter w;
  w.begin_object().key("image_size").value(c.image_size).key("channels").value(c.channels).key("patch").value(c.patch);
  w.key("dim").value(c.dim).key("depth").value(c.depth).key("heads").value(c.heads).key("mlp_dim").value(c.mlp_dim);
  w.key("classes").value(c.classes).key("registers").value(c.registers).key("pos").value(kPosNames[int(c.pos)]);
  w.key("attn_init").value(c.attn_init == AttnInit::Mimetic ? "mimetic" : "default");
  w.key("lr").value(c.lr).key("weight_decay").value(c.weight_decay).key("warmup").value(c.warmup);
  w.key("total_steps").value(c.total_steps).key("label_smoothing").value(double(c.label_smoothing));
  w.key("beta1").value(double(c.beta1)).key("beta2").value(double(c.beta2)).key("eps").value(double(c.eps));
  w.key("seed").value(static_cast<long long>(c.seed));
  w.key("grid").value(c.grid()).key("tokens").value(c.tokens()).key("head_dim").value(c.head_dim());
  if (params >= 0) w.key("params").value(params);
  w.end_object();
  return w.str();
}

bool TrainingRun::configure(const TrainerConfig& cfg, std::string* error) {
  if (!trainer_.init(cfg, error)) return false;
  diverged_ = false;
  good_.assign(trainer_.all_values().begin(), trainer_.all_values().end());
  shuffle_state_ = cfg.seed ^ 0x5eedba7c5eedba7cull;
  epoch_ = 0;
  fits_ = data_.count() > 0 && data_misfit(data_, cfg).empty();
  reshuffle();
  return true;
}

bool TrainingRun::set_data(TrainingData data, std::string* error) {
  if (data.channels < 1 || data.image_size < 1 || data.images.size() != size_t(data.count()) * image_floats(data))
    return fail(error, "the images do not fill count × channels × size × size values");
  if (data.train < 1 || data.train > data.count()) return fail(error, "there are no training images");
  if (trainer_.ready())
    if (std::string e = data_misfit(data, trainer_.config()); !e.empty()) return fail(error, e);
  data_ = std::move(data);
  fits_ = trainer_.ready();
  shuffle_state_ = trainer_.config().seed ^ 0x5eedba7c5eedba7cull;
  epoch_ = 0;
  reshuffle();
  return true;
}

void TrainingRun::reshuffle() {
  order_.resize(size_t(std::max(data_.train, 0)));
  for (size_t i = 0; i < order_.size(); ++i) order_[i] = int(i);
  for (size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[next_random(shuffle_state_) % i]);
  next_ = 0;
}

StepsReport TrainingRun::run_steps(int steps, int batch, std::string* error) {
  StepsReport r;
  if (diverged_) return fail(error, "the run diverged: start it again (a smaller learning rate may help)"), r;
  if (!ready()) return fail(error, "the trainer needs a model and data that fits it"), r;
  if (batch < 1 || batch > 1024) return fail(error, "batch size must be in 1..1024"), r;
  const size_t per = image_floats(data_);
  batch_images_.resize(size_t(batch) * per);
  batch_labels_.resize(size_t(batch));
  double sum = 0;
  for (int s = 0; s < steps; ++s) {
    for (int b = 0; b < batch; ++b) {
      if (next_ == order_.size()) ++epoch_, reshuffle();
      const int i = order_[next_++];
      std::copy_n(data_.images.begin() + long(size_t(i) * per), per, batch_images_.begin() + long(size_t(b) * per));
      batch_labels_[size_t(b)] = data_.labels[size_t(i)];
    }
    const float loss = trainer_.loss_and_gradients(batch_images_, batch_labels_, error);
    if (!std::isfinite(loss)) {
      // The weights of this step gave a non-finite loss: back to the last ones that did not.
      std::copy(good_.begin(), good_.end(), trainer_.all_values().begin());
      diverged_ = r.diverged = true;
      fail(error, "the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") + " at step " +
                      std::to_string(trainer_.steps() + 1) + ": training stopped, the last good weights are kept");
      break;
    }
    std::copy(trainer_.all_values().begin(), trainer_.all_values().end(), good_.begin());
    trainer_.step();
    sum += loss, r.last_loss = loss, ++r.done;
  }
  r.mean_loss = r.done ? sum / r.done : 0;
  return r;
}

Evaluation TrainingRun::evaluate(int max_images) {
  Evaluation e;
  if (!ready()) return e;
  const int n = max_images > 0 ? std::min(max_images, data_.held_out()) : data_.held_out();
  const int K = trainer_.config().classes, chunk = 250;
  const double eps = trainer_.config().label_smoothing;
  const size_t per = image_floats(data_);
  double loss = 0;
  int right = 0;
  for (int at = 0; at < n; at += chunk) {
    const int m = std::min(chunk, n - at), first = data_.train + at;
    const std::vector<float> z =
        trainer_.forward(std::span<const float>(data_.images.data() + size_t(first) * per, size_t(m) * per), m);
    for (int i = 0; i < m; ++i) {
      const float* row = z.data() + size_t(i) * size_t(K);
      const int y = data_.labels[size_t(first + i)];
      const double top = *std::max_element(row, row + K);
      double sum = 0, mean_logit = 0;
      for (int k = 0; k < K; ++k) sum += std::exp(double(row[k]) - top), mean_logit += row[k];
      const double lse = top + std::log(sum);
      // PyTorch's label smoothing: target (1 − ε)·onehot + ε/K.
      loss += (1 - eps) * (lse - row[y]) + eps * (lse - mean_logit / K);
      right += int(std::max_element(row, row + K) - row) == y;
    }
  }
  e.images = n;
  e.loss = n ? loss / n : 0;
  e.accuracy = n ? double(right) / n : 0;
  return e;
}

std::vector<float> TrainingRun::logits(std::span<const float> images, int count, std::string* error) {
  return trainer_.forward(images, count, nullptr, error);
}

std::vector<float> TrainingRun::attention(int index) {
  if (!ready() || index < 0 || index >= data_.count()) return {};
  const size_t per = image_floats(data_);
  trainer_.forward(std::span<const float>(data_.images.data() + size_t(index) * per, per), 1);
  std::vector<float> out;
  for (int l = 0; l < trainer_.config().depth; ++l) {
    auto a = trainer_.last_attention(l);
    out.insert(out.end(), a.begin(), a.end());
  }
  return out;
}

std::vector<float> TrainingRun::pos_similarity() const {
  const TrainerConfig& c = trainer_.config();
  const TrainerParam* pos = trainer_.find_param("pos_embed");
  if (!pos || c.pos == PosMode::None) return {};  // (no codes: its pos_embed holds zeros, nothing to compare)
  const size_t prefix = size_t(1 + c.registers) * size_t(c.dim);
  return pos_embed_similarity(trainer_.values(*pos).subspan(prefix), c.dim);
}

std::vector<int> TrainingRun::head_pattern_counts(int images) {
  const TrainerConfig& c = trainer_.config();
  std::vector<int> counts(size_t(c.depth) * 5, 0);
  const int n = std::min(images, data_.held_out());
  if (!ready() || n < 1) return counts;
  const size_t per = image_floats(data_);
  trainer_.forward(std::span<const float>(data_.images.data() + size_t(data_.train) * per, size_t(n) * per), n);
  const ModelSpec spec = spec_of(c);
  const size_t one = size_t(c.heads) * size_t(c.tokens()) * size_t(c.tokens());
  for (int l = 0; l < c.depth; ++l) {
    auto a = trainer_.last_attention(l);  // [n, H, N, N]
    for (int i = 0; i < n; ++i)
      for (const PatternScores& s : classify_layer_heads(spec, a.subspan(size_t(i) * one, one)))
        ++counts[size_t(l) * 5 + size_t(s.pattern)];
  }
  return counts;
}

std::vector<uint8_t> TrainingRun::safetensors() const {
  std::vector<SafeTensorF32> t;
  for (const TrainerParam& p : trainer_.params()) t.push_back({p.name, p.shape, trainer_.values(p)});
  return write_safetensors_f32(t);
}

std::string TrainingRun::config_json() const {
  const TrainerConfig& c = trainer_.config();
  const std::string arch = "vit_vitvis_patch" + std::to_string(c.patch) + "_" + std::to_string(c.image_size);
  auto per_channel = [&](const std::vector<double>& v, double fallback) {
    std::vector<double> out(size_t(c.channels), fallback);
    if (v.size() == out.size()) std::copy(v.begin(), v.end(), out.begin());
    return out;
  };
  JsonWriter w;
  w.begin_object().key("architecture").value(arch).key("num_classes").value(c.classes);
  w.key("global_pool").value("token").key("label_names").begin_array();
  for (int k = 0; k < c.classes; ++k)
    w.value(size_t(k) < data_.names.size() && !data_.names[size_t(k)].empty() ? data_.names[size_t(k)]
                                                                              : "class " + std::to_string(k));
  w.end_array().key("model_args").begin_object();
  w.key("img_size").value(c.image_size).key("patch_size").value(c.patch).key("in_chans").value(c.channels);
  w.key("embed_dim").value(c.dim).key("depth").value(c.depth).key("num_heads").value(c.heads);
  w.key("mlp_ratio").value(double(c.mlp_dim) / c.dim).key("reg_tokens").value(c.registers);
  w.end_object().key("pretrained_cfg").begin_object();
  w.key("input_size").begin_array().value(c.channels).value(c.image_size).value(c.image_size).end_array();
  w.key("mean").begin_array();
  for (double m : per_channel(data_.mean, 0.5)) w.value(m);
  w.end_array().key("std").begin_array();
  for (double s : per_channel(data_.std, 0.5)) w.value(s);
  w.end_array().key("crop_pct").value(1.0).key("interpolation").value("bilinear");
  w.key("num_classes").value(c.classes).end_object();
  // How the weights were trained (the loader reads none of this).
  w.key("vitvis_training")
      .raw(trainer_config_json(c))
      .key("vitvis_steps")
      .value(static_cast<long long>(trainer_.steps()));
  w.end_object();
  return w.str();
}

}  // namespace vitvis

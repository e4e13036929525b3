// The trainer worker's wasm (issue #37): a C API over core/training_run.h for web/trainer_worker.js and
// the Node tests. One thread. Every result stays valid until the next call on the same handle: JSON
// texts as const char* (UTF-8), arrays as pointers into the heap whose length vt_length() gives.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <string>
#include <vector>

#include "json.h"
#include "training_run.h"

namespace {

struct Trainer {
  vitvis::TrainingRun run;
  vitvis::TrainingData pending;  // the data set being filled by JS (vt_data_images / vt_data_labels)
  std::string error, text;
  std::vector<float> floats;
  std::vector<int32_t> ints;
  std::vector<uint8_t> bytes;
  int length = 0;
};

const char* reply(Trainer* t, std::string json) {
  t->text = std::move(json);
  return t->text.c_str();
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE Trainer* vt_create() { return new Trainer(); }
EMSCRIPTEN_KEEPALIVE void vt_destroy(Trainer* t) { delete t; }
// The last error ("" when the last call that can fail did not).
EMSCRIPTEN_KEEPALIVE const char* vt_error(Trainer* t) { return t->error.c_str(); }
// The element count of the last array result.
EMSCRIPTEN_KEEPALIVE int vt_length(Trainer* t) { return t->length; }

// A fresh model from a JSON TrainerConfig (trainer_config_from_json). 1, or 0 and vt_error.
EMSCRIPTEN_KEEPALIVE int vt_configure(Trainer* t, const char* config_json) {
  t->error.clear();
  vitvis::TrainerConfig cfg;
  return vitvis::trainer_config_from_json(config_json, &cfg, &t->error) && t->run.configure(cfg, &t->error);
}

// The model's configuration as JSON (trainer_config_json, with the parameter count).
EMSCRIPTEN_KEEPALIVE const char* vt_config(Trainer* t) {
  const auto& tr = t->run.trainer();
  return reply(
      t, vitvis::trainer_config_json(tr.config(), tr.ready() ? static_cast<long long>(tr.all_gradients().size()) : -1));
}

// A data set in two steps: vt_data_images returns where to write count·C·S·S normalised floats
// (NCHW), vt_data_labels where to write count int32 labels; vt_data_commit hands them to the run.
EMSCRIPTEN_KEEPALIVE float* vt_data_images(Trainer* t, int count, int channels, int size) {
  if (count < 1 || channels < 1 || size < 1 || double(count) * channels * size * size > 1e8) return nullptr;
  t->pending = {};
  t->pending.channels = channels, t->pending.image_size = size;
  t->pending.images.assign(size_t(count) * size_t(channels) * size_t(size) * size_t(size), 0.f);
  t->pending.labels.assign(size_t(count), 0);
  return t->pending.images.data();
}
EMSCRIPTEN_KEEPALIVE int32_t* vt_data_labels(Trainer* t) {
  static_assert(sizeof(int) == sizeof(int32_t));
  return t->pending.labels.empty() ? nullptr : reinterpret_cast<int32_t*>(t->pending.labels.data());
}
// meta_json: {"mean": [per channel], "std": [per channel], "names": [class names]} (what the images were
// normalised with, for the export; any may be left out). The first `train` images train. 1, or 0 and vt_error.
EMSCRIPTEN_KEEPALIVE int vt_data_commit(Trainer* t, int train, const char* meta_json) {
  t->error.clear();
  auto meta = vitvis::parse_json(meta_json ? meta_json : "{}", &t->error);
  if (!meta || !meta->is_object()) return t->error = "the data's description is not a JSON object", 0;
  auto numbers = [&](const char* k) {
    std::vector<double> out;
    if (const vitvis::Json* a = meta->get(k); a && a->is_array())
      for (const vitvis::Json& x : a->array) out.push_back(x.is_number() ? x.number : 0.0);
    return out;
  };
  t->pending.mean = numbers("mean"), t->pending.std = numbers("std");
  if (const vitvis::Json* a = meta->get("names"); a && a->is_array())
    for (const vitvis::Json& x : a->array) t->pending.names.push_back(x.is_string() ? x.string : "");
  t->pending.train = train;
  if (!t->run.set_data(std::move(t->pending), &t->error)) return 0;
  t->pending = {};
  return 1;
}

// `steps` steps of `batch` images: {"done", "mean_loss", "last_loss", "diverged", "step", "epoch", "lr",
// "error"} (error "" unless the run could not step or diverged).
EMSCRIPTEN_KEEPALIVE const char* vt_steps(Trainer* t, int steps, int batch) {
  t->error.clear();
  const vitvis::StepsReport r = t->run.run_steps(steps, batch, &t->error);
  vitvis::JsonWriter w;
  w.begin_object().key("done").value(r.done).key("mean_loss").value(r.mean_loss).key("last_loss").value(r.last_loss);
  w.key("diverged").value(r.diverged).key("step").value(static_cast<long long>(t->run.trainer().steps()));
  w.key("epoch").value(static_cast<long long>(t->run.epoch())).key("lr").value(t->run.trainer().current_lr());
  w.key("error").value(t->error).end_object();
  return reply(t, w.str());
}

// Held-out loss and accuracy over the first max_images held-out images (all when <= 0):
// {"images", "loss", "accuracy"}.
EMSCRIPTEN_KEEPALIVE const char* vt_evaluate(Trainer* t, int max_images) {
  const vitvis::Evaluation e = t->run.evaluate(max_images);
  vitvis::JsonWriter w;
  w.begin_object().key("images").value(e.images).key("loss").value(e.loss).key("accuracy").value(e.accuracy);
  w.end_object();
  return reply(t, w.str());
}

// Image `index`'s attention [L, H, N, N]; the position-embedding similarity [P, P]; head-pattern counts
// [L, 5] over the first `images` held-out images. Length 0 when there is no model or data.
EMSCRIPTEN_KEEPALIVE const float* vt_attention(Trainer* t, int index) {
  t->floats = t->run.attention(index);
  t->length = int(t->floats.size());
  return t->floats.data();
}
EMSCRIPTEN_KEEPALIVE const float* vt_pos_similarity(Trainer* t) {
  t->floats = t->run.pos_similarity();
  t->length = int(t->floats.size());
  return t->floats.data();
}
EMSCRIPTEN_KEEPALIVE const int32_t* vt_head_patterns(Trainer* t, int images) {
  const std::vector<int> c = t->run.head_pattern_counts(images);
  t->ints.assign(c.begin(), c.end());
  t->length = int(t->ints.size());
  return t->ints.data();
}

// Logits [count, classes] of count images (NCHW, normalised) at `images`: the trainer's own forward.
EMSCRIPTEN_KEEPALIVE const float* vt_logits(Trainer* t, const float* images, int count) {
  t->error.clear();
  const auto& c = t->run.trainer().config();
  const size_t n = count > 0 ? size_t(count) * size_t(c.channels) * size_t(c.image_size) * size_t(c.image_size) : 0;
  t->floats = t->run.logits(std::span<const float>(images, n), count, &t->error);
  t->length = int(t->floats.size());
  return t->floats.data();
}

// Every parameter, flat (vt_length floats), and where each lies: [{"name", "shape", "offset", "size"}]
// in floats, PyTorch's named_parameters() order.
EMSCRIPTEN_KEEPALIVE const float* vt_params(Trainer* t) {
  const std::span<float> v = t->run.trainer().all_values();
  t->length = int(v.size());
  return v.data();
}
EMSCRIPTEN_KEEPALIVE const char* vt_param_layout(Trainer* t) {
  vitvis::JsonWriter w;
  w.begin_array();
  for (const vitvis::TrainerParam& p : t->run.trainer().params()) {
    w.begin_object().key("name").value(p.name).key("shape").begin_array();
    for (int64_t d : p.shape) w.value(static_cast<long long>(d));
    w.end_array().key("offset").value(static_cast<long long>(p.offset));
    w.key("size").value(static_cast<long long>(p.size)).end_object();
  }
  w.end_array();
  return reply(t, w.str());
}

// The checkpoint the app's loader reads: model.safetensors (vt_length bytes) and config.json.
EMSCRIPTEN_KEEPALIVE const uint8_t* vt_export_weights(Trainer* t) {
  t->bytes = t->run.trainer().ready() ? t->run.safetensors() : std::vector<uint8_t>{};
  t->length = int(t->bytes.size());
  return t->bytes.data();
}
EMSCRIPTEN_KEEPALIVE const char* vt_export_config(Trainer* t) { return reply(t, t->run.config_json()); }

}  // extern "C"

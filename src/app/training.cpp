// Watch a ViT learn (training.h): the settings as the worker's commands, its messages as app state.
#include "app/training.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "app/internal.h"
#include "json.h"
#include "platform/browser.h"

namespace vitvis {
namespace {

double number(const Json& j, std::string_view key, double fallback = 0) {
  const Json* v = j.get(key);
  return v && v->is_number() ? v->number : fallback;
}

void send(App& app, const std::string& command) {
  platform::trainer_send(command, [&app](std::string json, std::vector<float> data) {
    training_message(app, json, std::move(data));
  });
}

std::string batch_command(const char* cmd, int batch) {
  char b[96];
  std::snprintf(b, sizeof b, "{\"cmd\":\"%s\",\"batch\":%d}", cmd, batch);
  return b;
}

// A snapshot from its message: the arrays in `data`, their lengths in `sizes`.
std::shared_ptr<TrainingSnapshot> read_snapshot(const Training& t, const Json& j, const std::vector<float>& data) {
  auto s = std::make_shared<TrainingSnapshot>();
  s->step = int(number(j, "step"));
  s->held_loss = number(j, "held_loss");
  s->held_accuracy = number(j, "held_accuracy");
  s->held_images = int(number(j, "held_images"));
  s->probe_label = int(number(j, "probe_label", -1));
  s->pattern_images = int(number(j, "pattern_images"));
  const TrainingSettings& c = t.configured;
  s->size = t.size, s->channels = t.channels;
  s->grid = s->size / c.patch, s->layers = c.depth, s->heads = c.heads;
  s->tokens = 1 + s->grid * s->grid;
  std::vector<size_t> sizes;
  if (const Json* v = j.get("sizes"); v && v->is_array())
    for (const Json& n : v->array) sizes.push_back(size_t(std::max(0.0, n.number)));
  if (sizes.size() != 4) return nullptr;
  size_t at = 0;
  auto take = [&](size_t n) {
    std::vector<float> out;
    if (at + n <= data.size()) out.assign(data.begin() + long(at), data.begin() + long(at + n));
    at += n;
    return out;
  };
  s->attention = take(sizes[0]);
  s->pos_sim = take(sizes[1]);
  for (float v : take(sizes[2])) s->patterns.push_back(int(std::lround(v)));
  s->probe = take(sizes[3]);
  const size_t n = size_t(s->tokens), p = size_t(s->grid * s->grid);
  if (s->attention.size() != size_t(s->layers * s->heads) * n * n || s->probe.size() != size_t(s->size * s->size) ||
      (!s->pos_sim.empty() && s->pos_sim.size() != p * p) || s->patterns.size() != size_t(s->layers) * 5)
    return nullptr;
  return s;
}

}  // namespace

int TrainingSettings::total_steps() const { return kTrainingSteps[std::clamp(steps, 0, 2)]; }

std::string training_config_json(const TrainingSettings& s, int channels, int size, int classes) {
  static const char* const pos[] = {"random", "sincos_fixed", "none"};
  const int total = s.total_steps();
  JsonWriter w;
  w.begin_object();
  w.key("image_size").value(size).key("channels").value(channels).key("classes").value(classes);
  w.key("patch").value(s.patch).key("dim").value(s.dim).key("depth").value(s.depth).key("heads").value(s.heads);
  w.key("mlp_dim").value(2 * s.dim).key("pos").value(pos[std::clamp(s.pos, 0, 2)]);
  w.key("attn_init").value(s.init == 1 ? "mimetic" : "default");
  w.key("lr").value(kTrainingRates[std::clamp(s.lr, 0, 2)]).key("warmup").value(total / 10);
  w.key("total_steps").value(total).key("seed").value(s.seed);
  w.end_object();
  return w.str();
}

TrainingSettings experiment_settings(TrainingExperiment e) {
  TrainingSettings s;  // the defaults: 4 x 4 patches, 2 layers of 4 heads, width 64, learned codes
  switch (e) {
    case TrainingExperiment::MimeticStart:  // random first; the student then picks "mimetic" and compares
      s.init = 0, s.steps = 1;
      break;
    case TrainingExperiment::NoPositions:  // a bag of patches
      s.pos = 2, s.steps = 1;
      break;
    case TrainingExperiment::GridFromNothing:  // 7 x 7 learned codes, long enough for the grid to appear
      s.patch = 4, s.pos = 0, s.depth = 2, s.steps = 2;
      break;
  }
  return s;
}

const char* training_data_url() { return "data/fashion-mnist.json"; }

void training_configure(App& app) {
  Training& t = app.training;
  if (t.eval_steps.size() > 1) t.previous = {t.configured, t.eval_steps, t.eval_loss, t.eval_acc};  // to compare
  t.state = Training::State::Loading;
  t.error.clear();
  t.configured = t.settings;
  t.step = t.epoch = 0;
  t.total = t.settings.total_steps();
  t.loss_steps.clear(), t.loss.clear(), t.eval_steps.clear(), t.eval_loss.clear(), t.eval_acc.clear();
  t.snap.reset();
  t.history.clear();
  t.steps_per_s = 0;
  send(app, "{\"cmd\":\"configure\",\"config\":" + training_config_json(t.settings) + ",\"data\":\"" +
                training_data_url() + "\"}");
}

void training_run(App& app) {
  Training& t = app.training;
  if (t.state != Training::State::Ready && t.state != Training::State::Paused) return;
  if (t.changed()) {  // what the student sees is what trains
    training_configure(app);
    t.run_when_ready = true;
    return;
  }
  t.state = Training::State::Running;
  send(app, batch_command("run", t.configured.batch));
}

void training_pause(App& app) {
  if (app.training.state != Training::State::Running) return;
  send(app, "{\"cmd\":\"pause\"}");  // 'paused' comes back with where it stopped
}

void training_step(App& app) {
  Training& t = app.training;
  if (t.state != Training::State::Ready && t.state != Training::State::Paused) return;
  send(app, batch_command("step", t.configured.batch));
}



void training_export(App& app, bool explore) {
  const Training& t = app.training;
  if (t.state == Training::State::Off || t.state == Training::State::Loading || t.state == Training::State::Failed)
    return;
  app.training.exploring = explore;
  send(app, explore ? "{\"cmd\":\"export\",\"purpose\":\"explore\"}" : "{\"cmd\":\"export\",\"purpose\":\"save\"}");
}

namespace {
void resume_after_hidden(App& app) {
  app.training.resume_when_visible = false;
  training_run(app);
  set_info(app, [] { return std::string(T("Training resumed: it paused while this tab was hidden.")); });
}
}  // namespace

void training_message(App& app, const std::string& text, std::vector<float> data) {
  Training& t = app.training;
  std::string why;
  const std::optional<Json> parsed = parse_json(text, &why);
  if (!parsed || !parsed->is_object()) return;
  const Json& j = *parsed;
  const Json* type = j.get("type");
  const std::string kind = type && type->is_string() ? type->string : "";
  if (kind == "error") {
    const Json* m = j.get("message");
    t.error = m && m->is_string() ? m->string : "the trainer stopped";
    t.state = Training::State::Failed;
    t.run_when_ready = false;
    set_error(app, format(T("Training stopped: %s"), t.error.c_str()));
    return;
  }
  if (kind == "page") {  // the tab was hidden or shown again (the seam's visibilitychange)
    const Json* h = j.get("hidden");
    t.page_hidden = h && h->type == Json::Type::Bool && h->boolean;
    if (t.page_hidden && t.state == Training::State::Running) {
      t.resume_when_visible = true;
      training_pause(app);
    } else if (!t.page_hidden && t.resume_when_visible && t.state == Training::State::Paused) {
      resume_after_hidden(app);  // (still running: the pause is on its way; 'paused' resumes it)
    }
    return;
  }
  if (kind == "export") {  // (the page has the files: downloads, or the dropped-files path opens them)
    const Json* p = j.get("purpose");
    const bool save = p && p->is_string() && p->string == "save";
    set_info(app, [save] {
      return std::string(save ? T("Saved the trained model: config.json and model.safetensors (drop both to open it again).")
                              : T("Opening the trained model in the four modules…"));
    });
    return;
  }
  if (kind == "ready") {
    if (const Json* c = j.get("config")) t.params = (long long)number(*c, "params");
    if (const Json* d = j.get("data")) {
      t.train_images = int(number(*d, "train")), t.held_images = int(number(*d, "held"));
      t.size = int(number(*d, "size", 28)), t.channels = int(number(*d, "channels", 1));
      if (const Json* n = d->get("name"); n && n->is_string()) t.data_name = n->string;
      if (const Json* n = d->get("samples"); n && n->is_string()) t.samples = n->string;
      t.names.clear();
      if (const Json* n = d->get("names"); n && n->is_array())
        for (const Json& s : n->array) t.names.push_back(s.is_string() ? s.string : "");
    }
    t.state = Training::State::Ready;
    if (t.run_when_ready) {
      t.run_when_ready = false;
      training_run(app);
    }
    return;
  }
  if (kind == "progress") {
    t.step = int(number(j, "step")), t.epoch = int(number(j, "epoch")), t.lr = number(j, "lr");
    const double ms = number(j, "ms"), n = number(j, "steps");
    if (ms > 0) t.steps_per_s = n * 1000.0 / ms;
    t.loss_steps.push_back(float(t.step));
    t.loss.push_back(float(number(j, "loss")));
    return;
  }
  if (kind == "snapshot" || kind == "paused" || kind == "done") {
    std::shared_ptr<TrainingSnapshot> s = read_snapshot(t, j, data);
    if (!s) return;
    t.step = s->step;
    if (t.eval_steps.empty() || t.eval_steps.back() < float(s->step)) {
      t.eval_steps.push_back(float(s->step));
      t.eval_loss.push_back(float(s->held_loss));
      t.eval_acc.push_back(float(s->held_accuracy));
    }
    if (t.history.size() >= Training::kKeptSnapshots) {  // thin the older half, keep the newest
      std::vector<std::shared_ptr<const TrainingSnapshot>> kept;
      for (size_t i = 0; i < t.history.size(); ++i)
        if (i % 2 == 0 || i >= t.history.size() / 2) kept.push_back(t.history[i]);
      t.history = std::move(kept);
    }
    t.history.push_back(s);
    t.snap = std::move(s);
    ++t.generation;
    if (kind == "paused") {
      t.state = Training::State::Paused;
      if (t.resume_when_visible && !t.page_hidden) resume_after_hidden(app);  // shown again before it stopped
    }
    if (kind == "done") t.state = Training::State::Done;
  }
}

}  // namespace vitvis

// "Teach it your own classes" (#20): examples from whatever (a) shows, a head trained on the frozen
// model's class-token features (core/head_training), and the switch between that head and the model's.
// With the own head on, every snapshot's result is re-headed (InferenceResult::with_head), so (d), the
// logit lens and the step-through all read the student's classes.
#include <algorithm>
#include <map>

#include "app/app.h"
#include "app/i18n.h"
#include "app/internal.h"
#include "platform/browser.h"

namespace vitvis {
namespace {

constexpr int kThumbSide = 48;

std::vector<std::string> own_names(const App& app) {
  std::vector<std::string> n;
  for (int k = 0; k < int(app.own.names.size()); ++k) n.push_back(own_class_name(app, k));
  return n;
}

// What the model saw, at most kThumbSide on a side (nearest pixel): the example's thumbnail.
ModelInput small_copy(const ModelInput& in) {
  ModelInput t;
  t.channels = in.channels;
  t.size = std::min(in.size, kThumbSide);
  if (t.size <= 0) return t;
  t.pixels.resize(size_t(t.channels) * size_t(t.size) * size_t(t.size));
  for (int c = 0; c < t.channels; ++c)
    for (int y = 0; y < t.size; ++y)
      for (int x = 0; x < t.size; ++x)
        t.pixels[(size_t(c) * size_t(t.size) + size_t(y)) * size_t(t.size) + size_t(x)] =
            in.pixels[(size_t(c) * size_t(in.size) + size_t(y * in.size / t.size)) * size_t(in.size) +
                      size_t(x * in.size / t.size)];
  return t;
}

// The snapshot with the head the app uses now (a new generation, so every view refreshes).
std::shared_ptr<const Snapshot> with_current_head(App& app, const Snapshot& s) {
  auto copy = std::make_shared<Snapshot>(s);
  if (s.model_result) {  // back to the model's own result first
    copy->result = *s.model_result;
    copy->model_result.reset();
    copy->true_label = s.model_true_label;
  }
  if (app.own.active) own_head_result(app, *copy);
  copy->generation = ++app.generation;
  return copy;
}

// The shown run, the unedited one and image A follow the switch; sweeps were for the other head.
void refresh_heads(App& app) {
  std::map<const Snapshot*, std::shared_ptr<const Snapshot>> done;
  auto follow = [&](std::shared_ptr<const Snapshot>& p) {
    if (!p) return;
    auto it = done.find(p.get());
    if (it == done.end()) it = done.emplace(p.get(), with_current_head(app, *p)).first;
    p = it->second;
  };
  follow(app.shown);
  follow(app.whatif.original);
  follow(app.whatif.pinned);
  app.whatif.sweeps.clear();
  cancel_occlusion(app);
}

}  // namespace

std::string own_class_name(const App& app, int label) {
  if (label >= 0 && label < int(app.own.names.size()) && !app.own.names[size_t(label)].empty())
    return app.own.names[size_t(label)];
  return format(T("class %d"), label + 1);
}

void own_head_result(App& app, Snapshot& s) {
  InferenceResult r;
  std::string err;
  if (!InferenceResult::with_head(s.result, app.own.training.head, app.own.trained, &r, &err)) {
    app.own.active = false;
    set_error(app, err);
    return;
  }
  s.model_result = std::make_shared<InferenceResult>(std::move(s.result));
  s.model_true_label = s.true_label;
  s.true_label = -1;  // the sample's label is one of the model's classes, not the student's
  s.result = std::move(r);
}

void add_own_example(App& app, int label) {
  OwnClasses& o = app.own;
  if (!app.model || !app.shown || label < 0 || label >= int(o.names.size())) return;
  OwnExample e;
  e.uid = o.next_uid++;
  e.label = label;
  const auto f = app.shown->result.cls_final();  // the model's features: the same with either head
  e.feature.assign(f.begin(), f.end());
  e.thumb = small_copy(app.shown->input);
  o.examples.push_back(std::move(e));
}

void remove_own_example(App& app, int uid) {
  std::erase_if(app.own.examples, [uid](const OwnExample& e) { return e.uid == uid; });
}

void set_own_class_count(App& app, int classes) {
  OwnClasses& o = app.own;
  classes = std::clamp(classes, 2, kMaxOwnClasses);
  o.names.resize(size_t(classes));
  std::erase_if(o.examples, [classes](const OwnExample& e) { return e.label >= classes; });
}

bool train_own_head(App& app) {
  OwnClasses& o = app.own;
  if (!app.model) return false;
  const int K = int(o.names.size());
  std::vector<int> count(size_t(K), 0);
  for (const OwnExample& e : o.examples) count[size_t(e.label)]++;
  for (int k = 0; k < K; ++k)
    if (count[size_t(k)] < 2) {
      set_error(app, format(T("Every class needs at least two examples; %s has %d."), own_class_name(app, k).c_str(),
                            count[size_t(k)]));
      return false;
    }
  HeadExamples ex;
  ex.dim = app.model->spec.dim;
  ex.classes = K;
  for (const OwnExample& e : o.examples) {
    ex.features.insert(ex.features.end(), e.feature.begin(), e.feature.end());
    ex.labels.push_back(e.label);
  }
  const double t0 = platform::now_ms();
  o.training = train_head(ex, o.options);
  o.train_ms = platform::now_ms() - t0;
  o.trained = own_names(app);
  if (o.training.head.classes == 0) return false;
  set_info(app, [K, train = int(o.training.train.size()), held = int(o.training.held.size()), ms = o.train_ms] {
    return format(T("Trained a head for %d classes on %d examples (%d held out) in %.0f ms."), K, train, held, ms);
  });
  use_own_head(app, true);
  return true;
}

void use_own_head(App& app, bool on) {
  OwnClasses& o = app.own;
  if (on && o.training.head.classes == 0) return;
  if (!on && !o.active) return;  // already off (on again: a new head re-heads everything)
  o.active = on;
  refresh_heads(app);
}

std::string own_head_file(const App& app) {
  HeadFile f;
  f.model_name = app.model ? app.model->spec.name : "";
  f.model_fingerprint = app.model ? app.model->head_fingerprint : 0;
  f.class_names = app.own.trained;
  f.head = app.own.training.head;
  return write_head_file(f);
}

bool load_own_head(App& app, std::string_view text) {
  std::string err;
  auto f = read_head_file(text, &err);
  if (!f) {
    set_error(app, format(T("Not a head file: %s"), err.c_str()));
    return false;
  }
  if (!app.model || f->model_name != app.model->spec.name || f->model_fingerprint != app.model->head_fingerprint ||
      f->head.dim != app.model->spec.dim) {
    set_error(app, format(T("This head was trained for the model %s, not for %s: load that model first."),
                          f->model_name.c_str(), app.model ? app.model->spec.name.c_str() : "-"));
    return false;
  }
  OwnClasses& o = app.own;
  o.training = {};
  o.training.head = std::move(f->head);
  o.trained = f->class_names;
  o.names = std::move(f->class_names);
  set_own_class_count(app, int(o.names.size()));  // examples of classes it does not have go
  set_info(app, [k = int(o.names.size())] { return format(T("Loaded a head for %d classes."), k); });
  use_own_head(app, true);
  return true;
}

void reset_own_classes(App& app) {
  OwnClasses& o = app.own;
  o.examples.clear();
  o.training = {};
  o.trained.clear();
  o.active = false;
}

}  // namespace vitvis

// "What if it could not see this?" (#19): hidden patches and the occlusion sweep. Two kinds of run
// (scheduler.h): the edited rerun (RunKind::WhatIf, timed and shown like any image's) and the sweep's
// runs (RunKind::Sweep, one at a time, each bringing back only the logits); a sweep run's answer asks for
// the next one.
#include "app/app.h"
#include "app/i18n.h"
#include "app/internal.h"
#include "platform/browser.h"

namespace vitvis {
namespace {

constexpr size_t kUndoDepth = 64;

// A sweep run's answer: its masked class probabilities into the sweep, and the next run asked for.
void sweep_result(App& app, PendingRun& run, RunAnswer& answer) {
  WhatIf& w = app.whatif;
  if (!w.sweeping) return;  // (cancelling drops the answer already: app.runs.cancel)
  const auto& out = answer.out.tensors;
  auto logits = out.find("logits"), features = out.find("cls_final");
  std::vector<float> z;
  if (answer.ok && app.own.active && features != out.end())
    z = app.own.training.head.logits(features->second.values());
  else if (answer.ok && logits != out.end())
    z.assign(logits->second.values().begin(), logits->second.values().end());
  if (z.empty() || int(z.size()) != int(w.current.sweep.base().size())) {
    w.sweeping = false;
    set_error(app, std::string(T("The occlusion map stopped:")) + " " + (answer.ok ? "no logits" : answer.error));
    return;
  }
  w.current.sweep.record(run.sweep_step, softmax(z));
  if (w.current.sweep.complete()) {
    w.sweeping = false;
    w.current.ms = platform::now_ms() - w.started_ms;
    w.sweeps.push_back(w.current);
  } else {
    app.runs.offer(RunKind::Sweep);
  }
}

void run_sweep_step(App& app) {
  WhatIf& w = app.whatif;
  OcclusionSweep& s = w.current.sweep;
  if (!app.model || !w.original || w.original->generation != w.current.generation) {
    w.sweeping = false;
    return;
  }
  const int i = w.next_run++;
  auto run = new_run(RunKind::Sweep, sweep_result);
  run->input = hide_patches(w.original->input, app.model->spec, s.mask(i), w.current.fill);
  run->image = w.original->image;
  run->sweep_step = i;
  run->outputs = app.own.active ? "cls_final" : "logits";  // the student's head (#20) reads the features
  start_run(app, std::move(run));
}

}  // namespace

void set_hidden(App& app, PatchMask mask) {
  WhatIf& w = app.whatif;
  if (!app.model || !w.original) return;
  if (hidden_count(mask) == 0) mask.clear();
  if (mask == w.hidden) return;
  w.undo.push_back(w.hidden);
  if (w.undo.size() > kUndoDepth) w.undo.erase(w.undo.begin());
  w.hidden = std::move(mask);
  request(app, RunKind::WhatIf);
}

void undo_hidden(App& app) {
  WhatIf& w = app.whatif;
  if (w.undo.empty()) return;
  w.hidden = std::move(w.undo.back());
  w.undo.pop_back();
  request(app, RunKind::WhatIf);
}

void set_hide_fill(App& app, HideFill fill) {
  WhatIf& w = app.whatif;
  if (w.fill == fill) return;
  w.fill = fill;
  if (hidden_count(w.hidden)) request(app, RunKind::WhatIf);
}

void whatif_result(App& app) {
  WhatIf& w = app.whatif;
  if (!app.shown || app.shown->edited()) return;
  w.original = app.shown;
  if (w.from_link) {  // the link's hidden patches are for this first image
    w.from_link = false;
    if (hidden_count(w.hidden)) app.runs.offer(RunKind::WhatIf);
    return;
  }
  if (hidden_count(w.hidden)) {  // a new image starts with nothing hidden (undo brings the mask back)
    w.undo.push_back(w.hidden);
    w.hidden.clear();
  }
  app.runs.withdraw(RunKind::WhatIf);  // (an edited run asked for the previous image)
}

void start_occlusion(App& app) {
  WhatIf& w = app.whatif;
  if (!app.model || !w.original || w.sweeping || occlusion_for_shown(app)) return;
  w.current = {};
  w.current.generation = w.original->generation;
  w.current.image = w.original->image;
  w.current.fill = w.fill;
  w.current.sweep = OcclusionSweep(app.model->spec.grid(), w.window, w.original->result.probabilities());
  w.sweeping = true;
  w.next_run = 0;
  w.started_ms = platform::now_ms();
  request(app, RunKind::Sweep);
}

void cancel_occlusion(App& app) {
  app.whatif.sweeping = false;
  app.runs.cancel(RunKind::Sweep);  // the answer of its run in flight is dropped
}

void whatif_next(App& app) {
  WhatIf& w = app.whatif;
  if (!app.model || !w.original) return;
  if (hidden_count(w.hidden) == 0) {
    app.shown = w.original;  // nothing hidden: the unedited run is what there is to see
    return;
  }
  const Snapshot& o = *w.original;
  auto run = new_run(RunKind::WhatIf, show_result);
  run->input = hide_patches(o.input, app.model->spec, w.hidden, w.fill);
  run->image = o.image;
  run->hidden = w.hidden;
  run->fill = w.fill;
  start_run(app, std::move(run));
}

void sweep_next(App& app) {
  const WhatIf& w = app.whatif;
  if (w.sweeping && w.next_run < w.current.sweep.runs()) run_sweep_step(app);
}

void pin_compare(App& app) {
  if (app.shown) app.whatif.pinned = app.shown;
}
void unpin_compare(App& app) { app.whatif.pinned.reset(); }

const Snapshot* compare_a(const App& app) {
  const auto& a = app.whatif.pinned;
  return a && app.shown && a.get() != app.shown.get() ? a.get() : nullptr;
}

const Snapshot* reference_run(const App& app) {
  if (const Snapshot* a = compare_a(app)) return a;
  const auto& o = app.whatif.original;
  return app.shown && app.shown->edited() && o ? o.get() : nullptr;
}

void reset_whatif(App& app) {
  WhatIf fresh;
  fresh.fill = app.whatif.fill;
  fresh.window = app.whatif.window;
  fresh.show_change = app.whatif.show_change;
  app.whatif = std::move(fresh);
}

const WhatIf::Sweep* occlusion_for_shown(const App& app) {
  const WhatIf& w = app.whatif;
  if (!w.original) return nullptr;
  for (const WhatIf::Sweep& s : w.sweeps)
    if ((s.generation == w.original->generation || (s.image >= 0 && s.image == w.original->image)) &&
        s.fill == w.fill && s.sweep.window() == w.window)
      return &s;
  return nullptr;
}

}  // namespace vitvis

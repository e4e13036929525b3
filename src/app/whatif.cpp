// "What if it could not see this?" (#19): hidden patches and the occlusion sweep. Every run goes through
// start_run, one at a time: an edited run (timed like any image's), or a sweep run that brings back only
// the logits.
#include "app/app.h"
#include "app/i18n.h"
#include "app/internal.h"
#include "platform/browser.h"

namespace vitvis {
namespace {

constexpr size_t kUndoDepth = 64;

void run_edited(App& app) {
  WhatIf& w = app.whatif;
  w.rerun = false;
  if (!app.model || !w.original) return;
  if (hidden_count(w.hidden) == 0) {
    app.shown = w.original;  // nothing hidden: the unedited run is what there is to see
    return;
  }
  const Snapshot& o = *w.original;
  auto run = std::make_unique<PendingRun>();
  run->input = hide_patches(o.input, app.model->spec, w.hidden, w.fill);
  run->image = o.image;
  run->hidden = w.hidden;
  run->fill = w.fill;
  run_inference(app, std::move(run));
}

void request_run(App& app) {
  if (app.busy())
    app.whatif.rerun = true;
  else
    run_edited(app);
}

void run_sweep_step(App& app) {
  WhatIf& w = app.whatif;
  OcclusionSweep& s = w.current.sweep;
  if (!app.model || !w.original || w.original->generation != w.current.generation) {
    w.sweeping = false;
    return;
  }
  const int i = w.next_run++;
  auto run = std::make_unique<PendingRun>();
  run->input = hide_patches(w.original->input, app.model->spec, s.mask(i), w.current.fill);
  run->image = w.original->image;
  run->sweep_run = i;
  start_run(app, std::move(run),
            app.own.active ? "cls_final" : "logits");  // the student's head (#20) reads the features
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
  request_run(app);
}

void undo_hidden(App& app) {
  WhatIf& w = app.whatif;
  if (w.undo.empty()) return;
  w.hidden = std::move(w.undo.back());
  w.undo.pop_back();
  request_run(app);
}

void set_hide_fill(App& app, HideFill fill) {
  WhatIf& w = app.whatif;
  if (w.fill == fill) return;
  w.fill = fill;
  if (hidden_count(w.hidden)) request_run(app);
}

void whatif_result(App& app) {
  WhatIf& w = app.whatif;
  if (!app.shown || app.shown->edited()) return;
  w.original = app.shown;
  if (w.from_link) {  // the link's hidden patches are for this first image
    w.from_link = false;
    if (hidden_count(w.hidden)) w.rerun = true;
    return;
  }
  if (hidden_count(w.hidden)) {  // a new image starts with nothing hidden (undo brings the mask back)
    w.undo.push_back(w.hidden);
    w.hidden.clear();
  }
  w.rerun = false;
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
  if (!app.busy()) run_sweep_step(app);
}

void cancel_occlusion(App& app) { app.whatif.sweeping = false; }

void sweep_result(App& app, const PendingRun& run, bool ok, const std::map<std::string, Tensor>& out,
                  const std::string& error) {
  WhatIf& w = app.whatif;
  if (!w.sweeping) return;  // cancelled while this run was in flight
  auto logits = out.find("logits"), features = out.find("cls_final");
  std::vector<float> z;
  if (ok && app.own.active && features != out.end())
    z = app.own.training.head.logits(features->second.values());
  else if (ok && logits != out.end())
    z.assign(logits->second.values().begin(), logits->second.values().end());
  if (z.empty() || int(z.size()) != int(w.current.sweep.base().size())) {
    w.sweeping = false;
    set_error(app, std::string(T("The occlusion map stopped:")) + " " + (ok ? "no logits" : error));
    return;
  }
  w.current.sweep.record(run.sweep_run, softmax(z));
  if (w.current.sweep.complete()) {
    w.sweeping = false;
    w.current.ms = platform::now_ms() - w.started_ms;
    w.sweeps.push_back(w.current);
  }
}

void whatif_next(App& app) {
  if (app.busy()) return;
  WhatIf& w = app.whatif;
  if (w.rerun) run_edited(app);
  if (!app.busy() && w.sweeping && w.next_run < w.current.sweep.runs()) run_sweep_step(app);
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

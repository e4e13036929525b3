// The pattern survey (#16): how many of a model's head maps are vertical, diagonal, … on its own
// samples. Each bundled sample is run once (RunKind::Survey, untimed, the last in priority: a sample the
// student picks goes first; scheduler.h) and every head of every layer is classified with the classifier
// the Analyses window uses (classify_layer_heads).
#include <algorithm>

#include "app/app.h"
#include "app/i18n.h"
#include "app/internal.h"
#include "insights.h"

namespace vitvis {
namespace {

bool counted(const Sample& s) { return s.loaded && !s.uploaded; }

// The next sample to run from `from` on (samples still loading are passed over; -1: none left).
int next_sample(const LoadedModel& m, int from) {
  for (int i = std::max(from, 0); i < int(m.samples.size()); ++i)
    if (counted(*m.samples[size_t(i)])) return i;
  return -1;
}

// One sample's answer: its heads counted, and the next sample asked for.
void survey_result(App& app, PendingRun& run, RunAnswer& answer) {
  PatternSurvey& v = app.model->survey;
  if (!v.running) return;  // (cancelling drops the answer already: app.runs.cancel)
  const int sample = run.image;
  const auto& out = answer.out;
  const ModelSpec& s = app.model->spec;
  std::string err = answer.ok ? std::string() : answer.error;
  std::vector<std::vector<PatternScores>> layers;
  for (int l = 0; l < s.layers && err.empty(); ++l) {
    const std::string name = "attn_" + std::to_string(l);
    const auto it = out.tensors.find(name);
    if (it != out.tensors.end()) layers.push_back(classify_layer_heads(s, it->second.values()));
    if (it == out.tensors.end() || layers.back().empty())
      err = "Output '" + name + "' is missing or not " + std::to_string(s.heads) + " maps of " +
            std::to_string(s.num_tokens()) + " x " + std::to_string(s.num_tokens()) + ".";
  }
  if (!err.empty()) {
    app.model->survey = {};
    set_error(app, format(T("Counting the head patterns stopped: %s"), err.c_str()));
    return;
  }
  int patterned = 0;
  for (const auto& heads : layers)
    for (const PatternScores& p : heads) {
      v.counts[size_t(p.pattern)]++;
      patterned += p.pattern != AttentionPattern::Heterogeneous;
    }
  if (patterned > v.richest_maps) v.richest = sample, v.richest_maps = patterned;
  v.images++;
  app.runs.offer(RunKind::Survey);
}

}  // namespace

int survey_samples(const App& app) {
  if (!app.model) return 0;
  int n = 0;
  for (const auto& s : app.model->samples) n += counted(*s);
  return n;
}

void start_pattern_survey(App& app) {
  if (!app.model || app.model->survey.running || survey_samples(app) == 0) return;
  app.model->survey = {};
  app.model->survey.running = true;
  request(app, RunKind::Survey);  // (after the run in flight, when there is one)
}

void cancel_pattern_survey(App& app) {
  if (app.model) app.model->survey = {};
  app.runs.cancel(RunKind::Survey);  // the answer of its run in flight is dropped
}

void survey_tick(App& app) { schedule(app); }  // (it starts nothing unless a request waits)

void survey_next(App& app) {
  if (!app.model) return;
  PatternSurvey& v = app.model->survey;
  if (!v.running) return;
  const int i = next_sample(*app.model, v.next);
  if (i < 0) {
    v.running = false;
    set_info(app, [n = v.images] { return format(T("Counted the head patterns on %d samples."), n); });
    return;
  }
  v.next = i + 1;
  auto run = new_run(RunKind::Survey, survey_result);
  run->input = preprocess(app.model->samples[size_t(i)]->image, app.model->spec);
  run->image = i;
  // Only the attention maps come back: the survey needs nothing else, and a big model's other outputs
  // would be copied for nothing.
  for (int l = 0; l < app.model->spec.layers; ++l) run->outputs += (l ? ",attn_" : "attn_") + std::to_string(l);
  start_run(app, std::move(run));
  if (!app.busy()) app.runs.offer(RunKind::Survey);  // it did not start: the next sample then
}

}  // namespace vitvis

// What the app's action files (actions.cpp, models.cpp, …) share; not for the views.
#pragma once
#include <memory>
#include <string>

#include "app/app.h"
#include "platform/browser.h"

namespace vitvis {

// printf into a string: the messages are formats in the current language (T) with names and
// errors filled in (errors from src/core stay in English).
std::string format(const char* fmt, ...);
// The user's images go along to the next model (after its own samples, so link indices hold).
void append_carried(App& app);
// A model that failed to load from the user's disk, a link or the hub leaves the list again.
void forget_user_model(App& app, const ModelEntry& e);
// The rest of the URL state (layer, head, token, …), checked against the loaded model.
void apply_link_selection(App& app);
// A run's answer as the browser gave it.
struct RunAnswer {
  bool ok = false;
  platform::RunOutput out;
  std::string error;
};
// Runs (scheduler.h): an action that wants a run offers its kind with request() (it starts at once when
// the model is free); every answer goes to deliver_result, which hands it to the run's completion (unless
// the run was cancelled) and then asks schedule() for the next run. A completion only offers
// (app.runs.offer): the next run is started after it, by priority.
void request(App& app, RunKind kind);
// While the model is free: the scheduler's pick is started by its kind's next-run function (below),
// until one starts a run or nothing waits.
void schedule(App& app);
void deliver_result(App& app, int session, RunScheduler::Ticket ticket, RunAnswer answer);
// A new run of `kind` with its completion (`input` etc. to fill in).
std::unique_ptr<PendingRun> new_run(RunKind kind, RunDone done);
// Sends `run` to the model as app.running (its kind's ticket from app.runs). Runs whose answer is shown
// (shown_run: a person's, the camera's, an edited one) are timed (run_started) as what the views wait for.
void start_run(App& app, std::unique_ptr<PendingRun> run);
// The completion of a run whose answer becomes the shown snapshot (a person's, the camera's, an edited run).
void show_result(App& app, PendingRun& run, RunAnswer& answer);
// Each kind's next run, called by schedule() when its request is picked; each starts one run, or finds
// there is nothing (left) to run. A person's: the live pad when drawn since its last run, else the
// queued image (actions.cpp); Live's next frame (camera.cpp); the edited rerun and the next sweep run
// (whatif.cpp); the survey's next sample (patterns.cpp).
void person_next(App& app);
void camera_next(App& app);
void whatif_next(App& app);
void sweep_next(App& app);
void survey_next(App& app);
// After an unedited result (it becomes the original; a new image starts with no hidden patches; a
// link's hidden patches ask for their edited run).
void whatif_result(App& app);
// Another model: no hidden patches, no sweeps (the fill and window chosen stay).
void reset_whatif(App& app);
// Your own classes (own_classes.cpp): a snapshot's result re-headed with the trained head (its true
// label dropped: it names one of the model's classes); another model: no examples, no head.
void own_head_result(App& app, Snapshot& s);
void reset_own_classes(App& app);
// Downloads a model's sample list and images; the first (or the link's) is classified.
void load_samples(App& app, const std::string& manifest_url);

}  // namespace vitvis

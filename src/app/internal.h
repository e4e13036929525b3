// What the app's action files (actions.cpp, models.cpp) share; not for the views.
#pragma once
#include <map>
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
// Where every run's answer arrives (a snapshot, or a sweep run's logits); then the next queued run.
void deliver_result(App& app, int session, bool ok, platform::RunOutput out, std::string error);
// Runs the model on `input` (the sample `image`, or -1 for the pad and the camera); the input travels
// with the run and becomes the snapshot's when the result arrives. The second form takes the whole run
// (an edited image's carries what it hid). Both are timed (run_started) as what the views wait for.
void run_inference(App& app, ModelInput input, int image, bool camera = false);
void run_inference(App& app, std::unique_ptr<PendingRun> run);
// Sends `run` to the model as app.running, untimed (an occlusion sweep's); `only` non-empty: just that
// output comes back.
void start_run(App& app, std::unique_ptr<PendingRun> run, const std::string& only = {});
// After a camera run's result: the rate, and Live's next frame (camera.cpp).
void camera_result(App& app);
// What-if (whatif.cpp): after an unedited result (it becomes the original; a new image starts with no
// hidden patches), the answer of a sweep run, and the next edited or sweep run when the model is free.
void whatif_result(App& app);
void sweep_result(App& app, const PendingRun& run, bool ok, const std::map<std::string, Tensor>& out,
                  const std::string& error);
void whatif_next(App& app);
// The pattern survey's answer for one sample, and its next run when the model is free (patterns.cpp).
void survey_result(App& app, int sample, bool ok, platform::RunOutput out, const std::string& error);
void survey_next(App& app);
// Another model: no hidden patches, no sweeps (the fill and window chosen stay).
void reset_whatif(App& app);
// Your own classes (own_classes.cpp): a snapshot's result re-headed with the trained head (its true
// label dropped: it names one of the model's classes); another model: no examples, no head.
void own_head_result(App& app, Snapshot& s);
void reset_own_classes(App& app);
// Downloads a model's sample list and images; the first (or the link's) is classified.
void load_samples(App& app, const std::string& manifest_url);

}  // namespace vitvis

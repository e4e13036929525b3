// What the app's action files (actions.cpp, models.cpp) share; not for the views.
#pragma once
#include <string>

#include "app/app.h"

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
// Runs the model on `input` (the sample `image`, or -1 for the pad and the camera); the input travels
// with the run and becomes the snapshot's when the result arrives.
void run_inference(App& app, ModelInput input, int image, bool camera = false);
// After a camera run's result: the rate, and Live's next frame (camera.cpp).
void camera_result(App& app);
// Downloads a model's sample list and images; the first (or the link's) is classified.
void load_samples(App& app, const std::string& manifest_url);

}  // namespace vitvis

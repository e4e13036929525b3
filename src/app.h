// The one App struct: model list, loaded model, samples, current inference result, selection, status.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drawing.h"
#include "image.h"
#include "inference_result.h"
#include "model_spec.h"
#include "ui/selection.h"
#include "url_state.h"
#include "ui/texture.h"

namespace vitvis {

struct ModelEntry {
  std::string id, name, file, samples, description;
  double bytes = 0;
  bool user_file = false;  // opened from the user's disk: this session only, not in links
};

struct Sample {
  std::string file, name;  // name = true label text
  int label = -1;
  RgbaImage image;
  Texture thumb;
  bool loaded = false;
  bool uploaded = false;   // the user's own image: kept across model switches, not in links
  std::string error;
};

struct LoadedModel {
  ModelEntry entry;
  ModelSpec spec;
  int session = 0;
  double file_bytes = 0;
  std::vector<std::unique_ptr<Sample>> samples;
};

struct Status {
  bool error = false;
  std::string text;
};

struct Timings {
  double ort_ms = 0;        // session.run in JS (in the worker, as seen from the page)
  double copy_ms = 0;       // copying the outputs into the wasm heap
  double roundtrip_ms = 0;  // image picked -> result checked in C++
  double upload_ms = 0;     // analyses + texture uploads for the views, after the last result
  double views_ms = 0;      // image picked -> first frame drawn with the new result
  int inferences = 0;
  bool views_pending = false;
};

// Frame statistics for benchmarks (bench/), never for pass/fail tests.
struct FrameStats {
  static constexpr int kKeep = 240;
  double build_ms[kKeep] = {};  // ImGui NewFrame .. Render (our UI code), frames actually drawn
  double gap_ms[kKeep] = {};    // time between turns of the frame loop (drawn or left out as idle)
  int count = 0, gaps = 0;
  double last_turn = 0;
  void add_build(double build) { build_ms[count++ % kKeep] = build; }
  void add_turn(double now) {
    if (last_turn > 0) gap_ms[gaps++ % kKeep] = now - last_turn;
    last_turn = now;
  }
};

// The drawing pad: what the student draws is classified live (small models) like any image.
struct DrawingPad {
  DrawingCanvas canvas;
  Texture texture;
  bool active = false;     // (a) shows the pad instead of the sample picker
  bool dirty = false;      // drawn since the last inference
  bool invert = false;     // dark ink on light paper
  bool live = true;        // classify while drawing
  float brush = 0.045f;    // radius as a fraction of the canvas side
};

struct App {
  std::vector<ModelEntry> models;
  std::unique_ptr<LoadedModel> model;  // the model everything shows; replaced only by a valid one
  int pending_model = -1;               // index into models being downloaded/validated
  double load_received = 0, load_total = 0;

  ModelInput input;          // preprocessed current image
  Texture input_texture;     // what the model sees
  std::optional<InferenceResult> result;
  bool busy = false;         // an inference is in flight
  int queued_image = -1;     // image picked while busy: run it next
  double run_started = 0;
  Timings timings;
  FrameStats frame_stats;

  Selection sel;
  Status status;
  std::string last_error;    // most recent error message (kept for tests and the status line)
  std::string notice;        // shown once the pending model has loaded
  std::vector<std::unique_ptr<Sample>> carried;  // the user's images, moved to the next model
  DrawingPad drawing;
  UrlState url;              // view state from the page URL, applied once the first model is up
  bool url_applied = false;
  int frames = 0;
};

// Actions (src/app.cpp): everything asynchronous goes through the platform seam.
void load_index(App& app, const std::string& url);
void load_model(App& app, int index);
void select_image(App& app, int sample);
// Classifies the drawing pad's canvas (no-op while an inference runs: call again when it is done).
void run_drawing(App& app);
// A file the user dropped, pasted or picked: an .onnx becomes a model, anything else an image.
void open_user_file(App& app, const std::string& url, const std::string& name, double size);
void set_error(App& app, const std::string& text);
void set_info(App& app, const std::string& text);
// The current view as URL state (what "copy link" shares).
UrlState current_url_state(const App& app, float ui_scale);

// JSON for window.vitvis.state(): selection, result summary, status, layout rects for tests.
std::string app_state_json(const App& app);

}  // namespace vitvis

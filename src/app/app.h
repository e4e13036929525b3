// The app's state, CPU only: the model list, the loaded model and its samples, the one selection, and
// one immutable snapshot {input, result, generation} per inference. No GL, no ImGui, no browser calls
// here: actions (actions.cpp) reach the browser through src/platform.
#pragma once
#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/scheduler.h"
#include "app/offline.h"
#include "app/selection.h"
#include "app/training.h"
#include "drawing.h"
#include "head_training.h"
#include "image.h"
#include "inference_result.h"
#include "model_spec.h"
#include "occlusion.h"
#include "url_state.h"

namespace vitvis {

struct ModelEntry {
  std::string id, name, file, samples, description;
  // The id of a catalog model for the same images on a finer patch grid (index.json "finer"): (c)
  // offers it, as its maps show outlines better. Empty: none.
  std::string finer;
  // A checkpoint (config.json + model.safetensors, `file`): the app builds its graph. preprocessor may
  // be empty or missing on the server (then the model type's defaults are used).
  std::string config, preprocessor;
  std::string source;  // where it came from, for the model card ("Hugging Face: owner/name")
  double bytes = 0;
  bool user_file = false;  // opened from the user's disk: this session only, not in links
  bool checkpoint() const { return !config.empty(); }
};

// models/hub.json: where Hugging Face models come from, and the short list offered in the picker.
struct HubBase {
  std::string url, name;  // "https://huggingface.co", "Hugging Face"
};
struct HubModel {
  std::string id, note;  // "facebook/deit-tiny-patch16-224"
  double bytes = 0;      // download size of model.safetensors
};
// Hugging Face files the browser keeps (Cache API), grouped per model and revision.
struct DownloadedModel {
  std::string prefix;  // BASE/owner/name/resolve/REVISION/ : every file of it starts so
  std::string repo;    // "owner/name" (or "owner/name@revision")
  double bytes = 0;
};
struct HubConfig {
  std::vector<HubBase> bases = {{"https://huggingface.co", "Hugging Face"}};
  std::vector<HubModel> models;  // smallest first
  int base = 0;                  // the base in use
};

constexpr int kThumbSide = 128;  // a sample's thumbnail, at most this many pixels a side

struct Sample {
  int uid = 0;             // unique for the session (views key their thumbnails by it)
  std::string file, name;  // name = true label text
  int label = -1;
  RgbaImage image;
  RgbaImage thumb;  // the user's photo shrunk to kThumbSide, made while its first run computes (else: views')
  bool loaded = false;
  bool uploaded = false;  // the user's own image: kept across model switches, not in links
  std::string error;
};

// How many head maps of each attention pattern (core/insights) the model shows on its own samples
// (#16: what the model card tells of a model's heads): counted on demand, one run a sample.
struct PatternSurvey {
  bool running = false;
  int next = 0;                 // the sample whose run comes next
  int images = 0;               // the samples counted (the user's own images are not: a model's property)
  std::array<int, 5> counts{};  // head maps by AttentionPattern, over all layers, heads and samples
  int richest = -1;             // the sample with the most head maps that are not heterogeneous (first of equals)
  int richest_maps = 0;         // how many it has (0: none has any)
  bool done() const { return !running && images > 0; }
};

struct LoadedModel {
  ModelEntry entry;
  ModelSpec spec;
  int session = 0;
  double file_bytes = 0;
  std::vector<std::unique_ptr<Sample>> samples;
  uint32_t head_fingerprint = 0;  // of its own head weights (known after the first result; head files say it)
  PatternSurvey survey;
};

// What one inference was run on, and what it gave: views pair an input only with its own result.
struct Snapshot {
  ModelInput input;  // the preprocessed image the model saw
  InferenceResult result;
  int generation = 0;   // 1, 2, … per loaded model's results: the key of every view cache
  int image = -1;       // sample index it was run on (-1: the drawing pad)
  int true_label = -1;  // that sample's label, -1 when unknown
  std::string true_name;
  PatchMask hidden;  // the patches hidden in `input` (empty: the image as it is)
  HideFill fill = HideFill::Mean;
  bool edited() const { return hidden_count(hidden) > 0; }
  // With the student's own head (#20) `result` is re-headed; this is the model's own result then.
  std::shared_ptr<const InferenceResult> model_result;
  int model_true_label = -1;
};

// An inference on its way: its kind (app/scheduler.h), its completion, and the input it was started with
// (it travels along into its snapshot).
struct App;
struct PendingRun;
struct RunAnswer;  // ok, the outputs, the error (app/internal.h)
using RunDone = void (*)(App& app, PendingRun& run, RunAnswer& answer);
struct PendingRun {
  RunKind kind = RunKind::Person;
  RunDone done = nullptr;  // called with the answer (not for a cancelled run's)
  RunScheduler::Ticket ticket = 0;
  std::string outputs;  // non-empty: only these outputs come back (comma-separated)
  ModelInput input;
  int image = -1;    // the sample it was run on (-1: the pad or the camera)
  PatchMask hidden;  // an edited run (#19): what it hid
  HideFill fill = HideFill::Mean;
  int sweep_step = -1;  // a sweep run: which of its masks (OcclusionSweep::mask)
};

struct Status {
  bool error = false;
  std::string text;
  int image = -1;       // an error: the image shown when it came (a result for another one clears it)
  unsigned serial = 0;  // an error: which one (the banner remembers which it was closed for)
  std::function<std::string()> say;  // an info's words, looked up again when the language changes (or empty)
};

// Measured for benchmarks (bench/), never for pass/fail tests.
struct Timings {
  double ort_ms = 0;        // session.run in JS (in the worker, as seen from the page)
  double copy_ms = 0;       // copying the outputs into the wasm heap
  double roundtrip_ms = 0;  // image picked -> result checked in C++
  double upload_ms = 0;     // analyses + texture uploads for the views, after the last result
  double views_ms = 0;      // image picked -> first frame drawn with the new result
  int inferences = 0;
  bool views_pending = false;
};

// The drawing pad: what the student draws is classified live (small models) like any image.
struct DrawingPad {
  DrawingCanvas canvas;
  int version = 0;       // bumped on every change of the canvas or its colours (views redraw it)
  bool active = false;   // (a) shows the pad instead of the sample picker
  bool dirty = false;    // drawn since the last inference
  bool invert = false;   // dark ink on light paper
  bool live = true;      // classify while drawing
  float brush = 0.045f;  // radius as a fraction of the canvas side
};

// The camera as an input for (a): a live preview; Snap classifies one frame, Live one after another
// with at most one inference in flight.
struct Camera {
  bool active = false;    // (a) shows the camera instead of the samples or the pad
  bool starting = false;  // asked the browser, no answer yet
  bool live = false;      // classify frame after frame
  bool front = true;      // the user-facing camera (phones: the back one otherwise)
  bool paused = false;    // the page is hidden: the browser released the camera
  int cameras = 0;        // how many the browser lists (a switch shows when there are two or more)
  RgbaImage frame;        // the latest preview frame
  int version = 0;        // bumped per frame (the preview texture follows it)
  int run_version = -1;   // the frame the last inference started on
  bool frame_pending = false;
  double frame_asked_ms = 0;
  std::vector<double> result_ms;  // when the last Live results arrived (the rate shown)
  int runs = 0;                   // frames classified since the camera opened
};

// "What if it could not see this?" (#19): patches hidden in (a), the model run again on the edited image
// and compared with the unedited run; the occlusion sweep hides one window at a time.
struct WhatIf {
  bool hiding = false;  // clicks and drags in (a) hide patches instead of selecting them
  PatchMask hidden;     // what the next edited run hides ([grid²]; empty or all 0: nothing)
  HideFill fill = HideFill::Mean;
  std::vector<PatchMask> undo;               // earlier masks, the latest last
  std::shared_ptr<const Snapshot> original;  // the unedited run of the image (what changes are against)
  bool from_link = false;                    // `hidden` came from the link: keep it for the first result
  bool show_change = false;                  // (b) and (c) show the difference against the reference run
  std::shared_ptr<const Snapshot> pinned;    // image A of "compare two images" (the shown one is B)
  // The occlusion sweep of `original` (cached per image, fill and window: a class needs no new runs).
  struct Sweep {
    int generation = -1;  // original's
    int image = -1;       // its sample (-1: the pad or the camera)
    HideFill fill = HideFill::Mean;
    OcclusionSweep sweep;
    double ms = 0;  // how long it took
  };
  std::vector<Sweep> sweeps;  // finished ones, for the images seen since the model loaded
  Sweep current;              // the one running (or the last cancelled)
  bool sweeping = false;
  int next_run = 0;
  double started_ms = 0;
  int window = 1;  // the sweep's window, in patches
};

// "Teach it your own classes" (#20): examples are the frozen model's class-token features of images the
// student added; a head trained on them can replace the model's head in every view.
struct OwnExample {
  int uid = 0;
  int label = 0;
  std::vector<float> feature;  // cls_final [D]
  ModelInput thumb;            // what the model saw (its pixels make the thumbnail)
};
struct OwnClasses {
  std::vector<std::string> names = {"", "", ""};  // 2..10; empty: "class n"
  std::vector<OwnExample> examples;
  HeadTraining training;             // the last training (empty head: none yet)
  std::vector<std::string> trained;  // the class names it was trained with
  HeadOptions options;
  double train_ms = 0;
  bool active = false;  // the trained head replaces the model's head everywhere
  int next_uid = 1;
};
inline constexpr int kMaxOwnClasses = 10;

struct App {
  std::vector<ModelEntry> models;
  HubConfig hub;
  std::string photos;           // sample list for RGB models that bring none (models/photos/samples.json)
  std::string imagenet_labels;  // ImageNet-1k names for 1000-class checkpoints without (models/imagenet-1k.json)
  std::vector<DownloadedModel> downloaded;  // kept for next time (refresh_downloaded)
  std::unique_ptr<LoadedModel> model;       // the model everything shows; replaced only by a valid one
  int pending_model = -1;                   // index into models being downloaded/validated
  int loading_fetch = 0;                    // its big download (to cancel it), 0 = none
  double load_received = 0, load_total = 0;

  std::shared_ptr<const Snapshot> shown;  // what every view shows; swapped whole when a result arrives
  std::unique_ptr<PendingRun> running;    // the inference in flight (nullptr: none)
  RunScheduler runs;                      // what runs next when the model is free (app/scheduler.h)
  int decoding = 0;       // the user's images being read and decoded (frames are few meanwhile: the decoder
                          // shares the CPU with them)
  int queued_image = -1;  // image picked while busy: the person's run (RunKind::Person) waiting for the model
  int generation = 0;     // of the last snapshot
  // When the run in flight started, if it is one whose answer is shown (shown_run): what the views wait for.
  double run_started = 0;
  Timings timings;

  Selection sel;
  Status status;
  std::string last_error;   // most recent error message (kept for tests and the status line)
  std::string notice;       // shown once the pending model has loaded
  std::string asked_model;  // the link's model that failed and was replaced by the default: still in the link
  std::string failed_hub;   // the hub model ("hf:owner/name") whose last load failed ("": none), for "Try the mirror"
  std::vector<std::unique_ptr<Sample>> carried;  // the user's images, moved to the next model
  DrawingPad drawing;
  Camera camera;
  WhatIf whatif;
  OwnClasses own;
  Training training;  // watch a ViT learn (#37)
  OfflineUse offline;  // make available offline, the browser's connection (#35)
  UrlState url;  // view state from the page URL, applied once the first model is up
  // A lesson file's text that arrived (a dropped .json, ?lesson=) for the views to open (ui/lesson.h),
  // with where it came from for its messages.
  std::string incoming_lesson, incoming_lesson_from;
  std::string incoming_lesson_error;  // why one could not come (said once the model is up)
  bool url_applied = false;
  int next_uid = 1;

  bool busy() const { return running != nullptr; }
  // True while the selected image is not the one the shown result belongs to (its run is on the way).
  bool result_pending() const;
};

// Actions (src/app/actions.cpp): everything asynchronous goes through the platform seam.
void load_index(App& app, const std::string& url);
void load_model(App& app, int index);
// Selects a sample and classifies it: now, or as the next run when the model is busy (a person's run,
// the first in priority: app/scheduler.h). Another image stops the occlusion sweep.
void select_image(App& app, int sample);
// Classifies the drawing pad's canvas now; while an inference runs, only a live pad drawn since its last
// run waits to be classified next (person_next).
void run_drawing(App& app);
// The camera (camera.cpp): opening it switches (a) to it, unless the browser refuses (a message; the
// mode stays). Leaving the mode releases it.
void start_camera(App& app);
void stop_camera(App& app);
void switch_camera(App& app);
// Classifies the latest preview frame once.
void snap_camera(App& app);
// Once per frame while the camera is on: asks for the next preview frame, runs Live.
void camera_tick(App& app, double now_ms);
// Results per second over the last few Live results (0 when fewer than two).
double camera_rate(const App& app);
// Hiding patches (whatif.cpp): the mask for the shown image's next run (runs now, or after the run in
// flight); undo goes back one change; fill changes what hides them.
void set_hidden(App& app, PatchMask mask);
void undo_hidden(App& app);
void set_hide_fill(App& app, HideFill fill);
// The occlusion sweep of the unedited shown image with whatif.window and whatif.fill; one run at a time,
// between the app's other runs. Cancel stops it at once (the answer of its run in flight is dropped).
void start_occlusion(App& app);
void cancel_occlusion(App& app);
// The pattern survey (patterns.cpp): every bundled sample run once, between the app's other runs, its
// heads classified; cancel stops it at once (what was counted, and its run in flight, are dropped).
void start_pattern_survey(App& app);
void cancel_pattern_survey(App& app);
int survey_samples(const App& app);  // how many samples a survey runs over
// Once per frame: starts the next waiting run if the model is free (every answer and request does this
// already: a safety net that starts nothing when nothing waits).
void survey_tick(App& app);
// Your own classes (own_classes.cpp): the shown image's features become an example of class `label`;
// train on all examples (each class needs two); use the trained head or the model's; the head as a file
// (refused, with a message, for another model).
void add_own_example(App& app, int label);
void remove_own_example(App& app, int uid);
void set_own_class_count(App& app, int classes);
bool train_own_head(App& app);
void use_own_head(App& app, bool on);
std::string own_class_name(const App& app, int label);
std::string own_head_file(const App& app);
bool load_own_head(App& app, std::string_view text);
// Compare two images: the shown run becomes A; whatever is shown next is B, beside it in (b), (c), (d).
void pin_compare(App& app);
void unpin_compare(App& app);
// A while it is pinned and another run is shown, else nullptr.
const Snapshot* compare_a(const App& app);
// What the shown run is measured against: A when comparing, the unedited run when patches are hidden.
const Snapshot* reference_run(const App& app);
// The finished sweep for the shown image with the current fill and window, or nullptr.
const WhatIf::Sweep* occlusion_for_shown(const App& app);
// Files the user dropped, pasted or picked together: config.json + model.safetensors (+
// preprocessor_config.json) become a model, an .onnx becomes a model, anything else an image.
// (platform/browser.h defines UserFile; only declared here, so what includes app.h does not see the browser.)
namespace platform {
struct UserFile;
}
void open_user_files(App& app, const std::vector<platform::UserFile>& files);
// A Hugging Face model id ("owner/name", "owner/name@revision", with or without "hf:"): added to the
// list and loaded from the hub base in use. False (and a message) for an id that is not one.
bool load_hub_model(App& app, const std::string& id);
// The hub model that just failed, again from the next hub base (the mirror when the main hub is
// unreachable, as on a network that blocks it). False when there is none or no other base.
bool retry_from_other_hub(App& app);
// Stops the model download in progress; whatever was loaded before stays.
void cancel_loading(App& app);
// The models the browser keeps for next time, and deleting one of them.
void refresh_downloaded(App& app);
void delete_downloaded(App& app, const std::string& prefix);
void set_error(App& app, const std::string& text);
void set_info(App& app, const std::string& text);
// An info line in the words of the language in use: `say` formats it (its T() looked up when called), now
// and again when the language shown changes (a link's language whose texts arrive after the model).
void set_info(App& app, std::function<std::string()> say);
void resay_status(App& app);
// The current view as URL state (what "copy link" shares).
UrlState current_url_state(const App& app, float ui_scale);

}  // namespace vitvis

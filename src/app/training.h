// Watch a ViT learn (#37): a small ViT trained from scratch in the trainer worker (web/trainer, the core's
// TrainingRun in its own wasm), and what the Training window shows of it: the settings, the state of the
// run, the loss and accuracy curves, and the latest snapshot (a probe image's attention, the position
// embeddings' similarity, the head patterns). CPU only; the worker is reached through src/platform.
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace vitvis {

struct App;

// What the student chooses (within what trains in a minute or two here).
struct TrainingSettings {
  int patch = 7;             // 4 (7 x 7 patches) or 7 (4 x 4) on 28 x 28 images
  int depth = 2, heads = 4;  // 1..4 each
  int dim = 64;              // 32 or 64
  int init = 0;              // 0 random, 1 mimetic attention
  int pos = 0;               // 0 learned, 1 sine-cosine (fixed), 2 none
  int lr = 1;                // index into kTrainingRates
  int steps = 1;             // index into kTrainingSteps
  int batch = 64;
  int seed = 1;
  bool operator==(const TrainingSettings&) const = default;
  int total_steps() const;  // kTrainingSteps[steps]
};
inline constexpr double kTrainingRates[] = {1e-3, 3e-3, 1e-2};

// Ready-made experiments (#37 "Lessons"): a setting to try and what to watch, in one sentence each
// (the texts are the UI's: ui/training_window.cpp words them).
enum class TrainingExperiment : int { MimeticStart = 0, NoPositions = 1, GridFromNothing = 2 };
inline constexpr int kTrainingExperiments = 3;
TrainingSettings experiment_settings(TrainingExperiment e);
inline constexpr int kTrainingSteps[] = {500, 1500, 4000};

// The TrainerConfig JSON (training_run.h's trainer_config_from_json) for these settings on C-channel
// size x size images of `classes` classes.
std::string training_config_json(const TrainingSettings& s, int channels = 1, int size = 28, int classes = 10);

// One look at the model mid-training (the worker's snapshot).
struct TrainingSnapshot {
  int step = 0;
  double held_loss = 0, held_accuracy = 0;
  int held_images = 0;
  int layers = 0, heads = 0, tokens = 0, grid = 0, size = 0, channels = 1;
  std::vector<float> attention;  // the probe image's [L, H, N, N]
  std::vector<float> pos_sim;    // [P, P] cosine similarity of the position embeddings (empty: none)
  std::vector<int> patterns;     // [L, 5] head-pattern counts (insights.h's AttentionPattern order) …
  int pattern_images = 0;        // … over this many held-out images (each head once per image)
  std::vector<float> probe;      // the probe image [C, S, S] in [0, 1]
  int probe_label = -1;
};

struct Training {
  enum class State { Off, Loading, Ready, Running, Paused, Done, Failed };
  State state = State::Off;
  TrainingSettings settings;
  TrainingSettings configured;  // what the model in the worker was made with
  std::string error;
  long long params = 0;
  std::string data_name;
  int train_images = 0, held_images = 0;
  std::vector<std::string> names;
  int size = 28, channels = 1;  // the data set's images (its 'ready' says)
  std::string samples;     // held-out images as a sample list (for the model explored in the modules)
  bool exploring = false;  // its checkpoint is on its way to the four modules
  int step = 0, epoch = 0, total = 0;
  double lr = 0, steps_per_s = 0;
  std::vector<float> loss_steps, loss;                   // the training loss, one point per progress message
  std::vector<float> eval_steps, eval_loss, eval_acc;    // held-out, one point per snapshot
  std::shared_ptr<const TrainingSnapshot> snap;
  int generation = 0;  // of snap (textures follow it)
  bool changed() const { return !(settings == configured); }  // the settings differ from the model's
  bool run_when_ready = false;      // Start with changed settings: a new model, then it runs
  int experiment = -1;               // the ready-made experiment last set up (-1: none)
  bool resume_when_visible = false;  // paused because the tab was hidden: runs again when it is shown
  bool page_hidden = false;          // the tab is hidden (the seam says so while a trainer exists)
  // Every snapshot of this run, oldest first (the timeline scrubs back through them); at most
  // kKeptSnapshots: past that, every other old one goes, so the whole run stays covered.
  std::vector<std::shared_ptr<const TrainingSnapshot>> history;
  static constexpr size_t kKeptSnapshots = 120;
  // The run before this one (its held-out curves and settings), to compare with.
  struct Previous {
    TrainingSettings settings;
    std::vector<float> steps, loss, acc;
  } previous;
};

const char* training_data_url();  // the data set's description (scripts/make_training_data.py)
// A fresh model from ui settings (the run so far is dropped), then a first snapshot.
void training_configure(App& app);
void training_run(App& app);  // (with settings changed since the model was made: a new model first)
void training_pause(App& app);
void training_step(App& app);
// The model's checkpoint (model.safetensors + config.json): opened in the four modules like dropped files
// (explore), or downloaded (save).
void training_export(App& app, bool explore);
// The worker's message (its JSON and floats): parsed into app.training.
void training_message(App& app, const std::string& json, std::vector<float> data);

}  // namespace vitvis

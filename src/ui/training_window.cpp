// "Watch a ViT learn" (training_window.h): words first, then the settings, the run's buttons and state,
// the learning curves, and what the model has learned so far.
#include "ui/training_window.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>

#include "app/app.h"
#include "app/i18n.h"
#include "insights.h"
#include "ui/analyses.h"
#include "ui/labels.h"
#include "ui/probe.h"
#include "ui/ui_state.h"
#include "ui/value_panel.h"
#include "ui/widgets.h"
#include "ui/theme.h"

namespace vitvis {
namespace {

constexpr ImU32 kTrain = IM_COL32(110, 180, 255, 255), kHeld = IM_COL32(255, 170, 60, 255);
constexpr ImU32 kWas = IM_COL32(140, 140, 150, 200);  // the run before

// One chart: lines over steps 0..x_max, values lo..hi; a dot and the last value for each line.
struct Line {
  const std::vector<float>* x;
  const std::vector<float>* y;
  ImU32 colour;
  bool dots = false;  // a dot at every point (the held-out measurements), not only the last
};
void chart(const char* title, float w, float h, float x_max, float lo, float hi, std::initializer_list<Line> lines,
           const char* format, float label_mul = 1.f) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
  wrapped_text(title);
  ImGui::PopTextWrapPos();
  const ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + w, p.y + h);
  ImGui::Dummy(ImVec2(w, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, q, IM_COL32(24, 26, 32, 255));
  dl->AddRect(p, q, IM_COL32(90, 95, 110, 255));
  char b[32];
  std::snprintf(b, sizeof b, format, double(hi * label_mul));
  dl->AddText(ImVec2(p.x + 3, p.y + 1), IM_COL32(150, 155, 170, 255), b);
  std::snprintf(b, sizeof b, format, double(lo * label_mul));
  dl->AddText(ImVec2(p.x + 3, q.y - ImGui::GetTextLineHeight() - 1), IM_COL32(150, 155, 170, 255), b);
  auto at = [&](float x, float y) {
    return ImVec2(p.x + w * std::clamp(x / std::max(1.f, x_max), 0.f, 1.f),
                  q.y - h * std::clamp((y - lo) / std::max(1e-6f, hi - lo), 0.f, 1.f));
  };
  for (const Line& l : lines) {
    const size_t n = std::min(l.x->size(), l.y->size());
    for (size_t i = 1; i < n; ++i) dl->AddLine(at((*l.x)[i - 1], (*l.y)[i - 1]), at((*l.x)[i], (*l.y)[i]), l.colour, l.dots ? 2.5f : 1.5f);
    if (l.dots)
      for (size_t i = 0; i < n; ++i) dl->AddCircleFilled(at((*l.x)[i], (*l.y)[i]), 2.5f, l.colour);
    else if (n)
      dl->AddCircleFilled(at(l.x->back(), l.y->back()), 3.f, l.colour);
  }
}

// The snapshot the window shows: the latest, or the one the timeline went back to.
const TrainingSnapshot* shown_snapshot(const Training& t, const TrainingView& v) {
  if (v.looking >= 0 && v.looking < int(t.history.size())) return t.history[size_t(v.looking)].get();
  return t.snap.get();
}

// The textures of a new snapshot (or another layer, or a step looked back at).
void update_textures(const Training& t, TrainingView& v) {
  const TrainingSnapshot* s = shown_snapshot(t, v);
  if (!s) return;
  const int layer = v.layer < 0 ? s->layers - 1 : std::min(v.layer, s->layers - 1);
  if (!v.key.changed(t.generation, layer, v.looking)) return;
  v.probe.upload_planes(s->channels, s->size, s->probe);
  const int n = s->tokens, g = s->grid, prefix = n - g * g;
  if (v.heads.size() != size_t(s->heads)) v.heads = std::vector<FloatTexture>(size_t(s->heads));
  v.head_highs.assign(size_t(s->heads), 0.f);
  std::vector<float> row(size_t(g) * g);
  for (int h = 0; h < s->heads; ++h) {  // the class token's row (query 0), its patches as the grid
    const float* m = s->attention.data() + (size_t(layer) * s->heads + h) * size_t(n) * n;
    for (int i = 0; i < g * g; ++i) row[size_t(i)] = m[prefix + i];
    v.heads[size_t(h)].upload(g, g, row);
    v.head_highs[size_t(h)] = *std::max_element(row.begin(), row.end());
  }
  if (!s->pos_sim.empty()) {  // tile (ri, ci) holds patch ri·g+ci compared with every patch (r, c)
    const int P = g * g;
    std::vector<float> tiles(size_t(P) * P);
    for (int i = 0; i < P; ++i)
      for (int j = 0; j < P; ++j) {
        const int ri = i / g, ci = i % g, r = j / g, c = j % g;
        tiles[size_t(ri * g + r) * size_t(P) + size_t(ci * g + c)] = s->pos_sim[size_t(i) * P + j];
      }
    v.pos.upload(P, P, tiles);
  }
}

// A combo whose open list's items are recorded (tests pick them).
bool combo_of(const char* label, int* v, std::span<const char* const> items, std::vector<Rect>* rects) {
  bool changed = false;
  if (ImGui::BeginCombo(label, items[size_t(std::clamp(*v, 0, int(items.size()) - 1))])) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (ImGui::Selectable(items[i], *v == int(i))) *v = int(i), changed = true;
      rects->push_back(last_item_rect());
    }
    ImGui::EndCombo();
  }
  return changed;
}

const char* state_words(Training::State s) {
  switch (s) {
    case Training::State::Loading: return T("getting the model and the images ready…");
    case Training::State::Ready: return T("ready: press Start");
    case Training::State::Running: return T("training");
    case Training::State::Paused: return T("paused");
    case Training::State::Done: return T("done");
    case Training::State::Failed: return T("stopped");
    default: return "";
  }
}

const char* experiment_title(TrainingExperiment e) {
  switch (e) {
    case TrainingExperiment::MimeticStart: return T("Random or mimetic start?");
    case TrainingExperiment::NoPositions: return T("No position codes");
    case TrainingExperiment::GridFromNothing: return T("The grid from nothing");
  }
  return "";
}
const char* experiment_sentence(TrainingExperiment e) {
  switch (e) {
    case TrainingExperiment::MimeticStart:
      return T("Train from a random start, then set \"starting attention\" to mimetic and train again: watch layer 1's heads and compare the new curves with the grey ones.");
    case TrainingExperiment::NoPositions:
      return T("Without position codes the model sees a bag of patches: how much held-out accuracy does it lose against learned codes (the grey curve)?");
    case TrainingExperiment::GridFromNothing:
      return T("Learned position codes start random: watch their similarity grid turn into a map of the image's rows and columns.");
  }
  return "";
}

// Ready-made experiments: one click sets the model up and starts it; the sentence says what to watch.
void draw_experiments(App& app, UiState& ui, bool locked) {
  Training& t = app.training;
  ui.probe.training_experiments.clear();
  if (!ImGui::CollapsingHeader(T("Experiments to try###tr_experiments"), ImGuiTreeNodeFlags_DefaultOpen)) return;
  ImGui::BeginDisabled(locked);
  for (int i = 0; i < kTrainingExperiments; ++i) {
    const auto e = TrainingExperiment(i);
    ImGui::PushID(i);
    if (small_button(ui.coarse, experiment_title(e))) {
      t.settings = experiment_settings(e);
      training_configure(app);
      t.run_when_ready = true;
      t.experiment = i;
    }
    ui.probe.training_experiments.push_back(last_item_rect());
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, t.experiment == i ? ink(Ink::Mark) : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    wrapped_text(experiment_sentence(e));
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
  ImGui::EndDisabled();
}

void draw_settings(App& app, UiState& ui, bool locked) {
  TrainingSettings& s = app.training.settings;
  const char* patches[] = {T("7 × 7 patches of 4 px"), T("4 × 4 patches of 7 px")};
  const char* inits[] = {T("random"), T("mimetic (like a trained ViT's)")};
  const char* pos[] = {T("learned"), T("sine-cosine (fixed)"), T("none")};
  // As wide as the longest choice, but leaving room for its label beside it on a narrow window.
  const float combo = std::min(std::max({combo_width(patches), combo_width(inits), combo_width(pos), 110.f * ui.ui_scale}),
                               ImGui::GetContentRegionAvail().x * 0.5f);
  ImGui::BeginDisabled(locked);
  int pi = s.patch == 4 ? 0 : 1;
  ImGui::SetNextItemWidth(combo);
  if (ImGui::Combo(T("patches###tr_patch"), &pi, patches, 2)) s.patch = pi == 0 ? 4 : 7;
  if (ImGui::IsItemHovered()) describe(T("How the 28 × 28 image is cut: smaller patches make more tokens (50 instead of 17), see finer detail and train slower."));
  same_line_if_fits(T("layers###tr_depth"), combo);
  ImGui::SetNextItemWidth(combo);
  ImGui::SliderInt(T("layers###tr_depth"), &s.depth, 1, 4);
  drag_zone(ui);
  if (ImGui::IsItemHovered()) describe(T("How many encoder layers (attention, then an MLP) the tokens pass through."));
  const char* heads[] = {"1", "2", "4"};
  int hi = s.heads == 1 ? 0 : s.heads == 2 ? 1 : 2;
  ImGui::SetNextItemWidth(combo);
  if (ImGui::Combo(T("heads###tr_heads"), &hi, heads, 3)) s.heads = hi == 0 ? 1 : hi == 1 ? 2 : 4;
  if (ImGui::IsItemHovered()) describe(T("How many attention heads each layer has: each can learn to look in its own way."));
  same_line_if_fits(T("numbers per token###tr_dim"), combo);
  const char* dims[] = {"32", "64"};
  int di = s.dim == 32 ? 0 : 1;
  ImGui::SetNextItemWidth(combo);
  if (ImGui::Combo(T("numbers per token###tr_dim"), &di, dims, 2)) s.dim = di == 0 ? 32 : 64;
  if (ImGui::IsItemHovered()) describe(T("How many numbers describe each token (the width D): more can hold more, and train slower."));
  ImGui::SetNextItemWidth(combo);
  ImGui::Combo(T("starting attention###tr_init"), &s.init, inits, 2);
  if (ImGui::IsItemHovered())
    describe(T("Random: every weight starts random, as usual. Mimetic: the query and key weights start so that each token already attends to itself a little, as trained ViTs do; it helps small data sets."));
  same_line_if_fits(T("position codes###tr_pos"), combo);
  ImGui::SetNextItemWidth(combo);
  combo_of(T("position codes###tr_pos"), &s.pos, pos, &ui.probe.training_pos_items);
  ui.probe.training_pos_combo = last_item_rect();
  if (ImGui::IsItemHovered())
    describe(T("How a token knows where its patch is. Learned codes start random and must find the grid; sine-cosine codes are fixed from the start; with none, the model sees a bag of patches."));
  const char* rates[] = {"0.001", "0.003", "0.01"};
  ImGui::SetNextItemWidth(combo);
  ImGui::Combo(T("learning rate###tr_lr"), &s.lr, rates, 3);
  if (ImGui::IsItemHovered()) describe(T("How big each step of AdamW is (it warms up over the first tenth of the steps, then decays): too big and the loss jumps, too small and it crawls."));
  same_line_if_fits(T("steps###tr_steps"), combo);
  const char* steps[] = {"500", "1500", "4000"};
  ImGui::SetNextItemWidth(combo);
  ImGui::Combo(T("steps###tr_steps"), &s.steps, steps, 3);
  if (ImGui::IsItemHovered()) describe(T("How many steps the run takes; each step learns from 64 training images."));
  ImGui::EndDisabled();
}

void draw_buttons(App& app, UiState& ui) {
  Training& t = app.training;
  Probe& p = ui.probe;
  const bool running = t.state == Training::State::Running;
  const bool can_go = t.state == Training::State::Ready || t.state == Training::State::Paused;
  ImGui::BeginDisabled(!running && !can_go);
  const bool changed = t.changed();
  if (small_button(ui.coarse, running ? T("Pause###tr_go") : changed ? T("Start with these settings###tr_go") : T("Start###tr_go"))) {
    if (running)
      training_pause(app);
    else
      training_run(app);
  }
  ImGui::EndDisabled();
  p.training_go = last_item_rect();
  ImGui::SameLine();
  ImGui::BeginDisabled(!can_go);
  if (small_button(ui.coarse, T("One step###tr_step"))) training_step(app);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered()) describe(T("Learn from one batch of 64 images, then show what changed."));
  p.training_step = last_item_rect();
  ImGui::SameLine();
  ImGui::BeginDisabled(running || t.state == Training::State::Loading);
  if (small_button(ui.coarse, changed ? T("New model with these settings###tr_new") : T("Start again###tr_new")))
    training_configure(app);
  ImGui::EndDisabled();
  p.training_new = last_item_rect();
  if (ImGui::IsItemHovered())
    describe(T("A fresh model from random weights (with the settings above); this run's curves stay, in grey, to compare with."));
  // The trained model in the four modules, or as a checkpoint file pair.
  ImGui::BeginDisabled(!can_go || t.step == 0);
  same_line_if_fits(T("Explore this model###tr_explore"));
  if (small_button(ui.coarse, T("Explore this model###tr_explore"))) {
    training_export(app, true);
    ui.training.open = false;  // the four modules show it
  }
  p.training_explore = last_item_rect();
  if (ImGui::IsItemHovered())
    describe(T("Open the model as it is now in the four modules, with every analysis (it replaces the model shown; pick the bundled one again from the list)."));
  same_line_if_fits(T("Save###tr_save"));
  if (small_button(ui.coarse, T("Save###tr_save"))) training_export(app, false);
  p.training_save = last_item_rect();
  if (ImGui::IsItemHovered()) describe(T("Download the model as config.json and model.safetensors: drop both on the app to open it again."));
  ImGui::EndDisabled();
  char line[256];
  std::snprintf(line, sizeof line, T("step %d of %d · %s"), t.step, t.total, state_words(t.state));
  ImGui::TextUnformatted(line);
  char more[96];  // beside it where it fits, else under it
  if (running && t.steps_per_s > 0) {
    std::snprintf(more, sizeof more, T("· %.0f steps a second"), t.steps_per_s);
    same_line_if_fits(more);
    ImGui::TextDisabled("%s", more);
  }
  if (t.params > 0) {
    std::snprintf(more, sizeof more, T("· %lld parameters"), t.params);
    same_line_if_fits(more);
    ImGui::TextDisabled("%s", more);
  }
  if (t.state == Training::State::Failed) {
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Warn));
    wrapped_text(t.error.c_str());
    ImGui::PopStyleColor();
  }
}

void draw_learned(App& app, UiState& ui, TrainingView& v, float width) {
  const Training& t = app.training;
  if (v.looking >= int(t.history.size())) v.looking = -1;  // (a new run)
  // The timeline: back through the run's snapshots (what the model looked like at an earlier step).
  ui.probe.training_latest = {};
  if (t.history.size() > 1) {
    const int last = int(t.history.size()) - 1;
    int at = v.looking < 0 ? last : v.looking;
    ImGui::SetNextItemWidth(std::min(width * 0.6f, 360.f * ui.ui_scale));
    const std::string step = formatted(T("step %d"), t.history[size_t(at)]->step);
    if (ImGui::SliderInt(T("look back###tr_timeline"), &at, 0, last, step.c_str())) v.looking = at == last ? -1 : at;
    drag_zone(ui);
    ui.probe.training_timeline = last_item_rect();
    if (ImGui::IsItemHovered())
      describe(T("Go back through the snapshots of this run: the heads and the position codes as they were at that step (Explore and Save take the latest weights)."));
    if (v.looking >= 0) {
      ImGui::SameLine();
      if (small_button(ui.coarse, T("Latest###tr_latest"))) v.looking = -1;
      ui.probe.training_latest = last_item_rect();
    }
  }
  const TrainingSnapshot* s = shown_snapshot(t, v);
  if (!s) return;
  update_textures(t, v);
  const int layer = v.layer < 0 ? s->layers - 1 : std::min(v.layer, s->layers - 1);
  ImGui::SeparatorText(T("Where the class token looks"));
  wrapped_textf(T("On a held-out image (its class: %s), in layer %d: each head's attention from the class token to the patches, brightest where it looks most."),
                s->probe_label >= 0 && s->probe_label < int(t.names.size()) ? class_name(t.names[size_t(s->probe_label)]) : "?",
                layer + 1);
  for (int l = 0; l < s->layers; ++l) {
    if (l) ImGui::SameLine();
    char b[32];
    std::snprintf(b, sizeof b, T("layer %d###trl%d"), l + 1, l);
    const bool on = l == layer;
    push_selected(on);
    if (small_button(ui.coarse, b)) v.layer = l;
    pop_selected(on);
  }
  const float side = std::clamp((width - 8.f * float(s->heads)) / float(s->heads + 1), 56.f, 130.f * ui.ui_scale);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::Image(v.probe.imgui_id(), ImVec2(side, side));
  ui.probe.training_heads.clear();
  for (int h = 0; h < s->heads; ++h) {
    ImGui::SameLine(0, 8.f);
    const ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
    ImGui::Dummy(ImVec2(side, side));
    dl->AddImage(v.probe.imgui_id(), p, q);
    draw_heatmap(v.heads[size_t(h)], p, q, ui.seq_map, ValueScale{0.f, std::max(1e-6f, v.head_highs[size_t(h)]), false}, 0.7f);
    char b[32];
    std::snprintf(b, sizeof b, T("head %d"), h + 1);
    dl->AddText(ImVec2(p.x + 3, p.y + 2), IM_COL32(255, 255, 255, 230), b);
    if (ImGui::IsItemHovered())
      tip(T("Head %d of layer %d: the class token's largest weight on a patch is %.3f (colours run from 0 to it)."), h + 1,
          layer + 1, double(v.head_highs[size_t(h)]));
    ui.probe.training_heads.push_back(last_item_rect());
  }
  // The heads' patterns, in words, per layer.
  ImGui::SeparatorText(T("What kind of pattern each layer's heads have"));
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextDisabled(T("Each head's pattern on each of %d held-out images, counted: vertical looks at the same one or two tokens from every row, diagonal at itself and its neighbours, block within groups, heterogeneous none of these."),
                      s->pattern_images);
  ImGui::PopTextWrapPos();
  for (int l = 0; l < s->layers; ++l) {
    std::string list;
    for (int c = 0; c < 5; ++c) {
      const int n = s->patterns[size_t(l) * 5 + size_t(c)];
      if (!n) continue;
      if (!list.empty()) list += ", ";
      list += std::to_string(n) + " " + pattern_label(AttentionPattern(c));
    }
    wrapped_textf(T("layer %d: %s"), l + 1, list.c_str());
  }
  ImGui::SeparatorText(T("How alike the position codes are"));
  if (t.configured.pos == 2) {
    wrapped_text(T("This model has no position codes: it sees its patches as a bag, without knowing where each one was. Compare its accuracy with a run that has them."));
  } else if (!s->pos_sim.empty() && v.pos.valid()) {
    wrapped_text(t.configured.pos == 1
                     ? T("One small square per patch: how alike its position code is to every other patch's (red alike, blue opposite). Sine-cosine codes are fixed: the grid is there from the start and does not change.")
                     : T("One small square per patch: how alike its position code is to every other patch's (red alike, blue opposite). Learned codes start as noise; as training goes on, each square lights up around its own place: the model has found the grid."));
    const float big = std::min(width, 320.f * ui.ui_scale);
    const ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + big, p.y + big);
    ImGui::Dummy(ImVec2(big, big));
    draw_heatmap(v.pos, p, q, ColorMap::CoolWarm, ValueScale{-1.f, 1.f, false});
    const int g = s->grid;
    for (int i = 1; i < g; ++i) {
      const float d = big * float(i) / float(g);
      dl->AddLine(ImVec2(p.x + d, p.y), ImVec2(p.x + d, q.y), IM_COL32(20, 20, 24, 255), 1.5f);
      dl->AddLine(ImVec2(p.x, p.y + d), ImVec2(q.x, p.y + d), IM_COL32(20, 20, 24, 255), 1.5f);
    }
    ui.probe.training_pos = rect_of(p, q);
    draw_legend(ColorMap::CoolWarm, ValueScale{-1.f, 1.f, false}, big, T("cosine similarity of two position codes"));
  }
}

}  // namespace

void draw_training_window(App& app, UiState& ui) {
  TrainingView& v = ui.training;
  Probe& p = ui.probe;
  p.training_window = p.training_go = p.training_step = p.training_new = p.training_pos = {};
  p.training_explore = p.training_save = {};
  p.training_heads.clear();
  p.training_pos_items.clear();
  if (!v.open) return;  // (a run goes on beside the app; the top bar says so)
  Training& t = app.training;
  if (t.state == Training::State::Off) training_configure(app);  // the first time it opens
  const ImVec2 disp = ImGui::GetIO().DisplaySize;
  const float w = std::min(760.f * ui.ui_scale, disp.x - 16.f);
  ImGui::SetNextWindowPos(ImVec2(disp.x / 2, disp.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(w, std::min(disp.y - 40.f, 700.f * ui.ui_scale)), ImGuiCond_Appearing);
  if (!ImGui::Begin(T("Watch a ViT learn###training"), &v.open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  p.training_window = window_rect();
  const float width = ImGui::GetContentRegionAvail().x;
  wrapped_textf(T("Train a small Vision Transformer from nothing on %d Fashion-MNIST images (%d more held out to test it), and watch it learn where to look. It trains beside the app, which stays usable."),
                t.train_images > 0 ? t.train_images : 4000, t.held_images > 0 ? t.held_images : 1000);
  const bool locked = t.state == Training::State::Running || t.state == Training::State::Loading;
  draw_experiments(app, ui, locked);
  draw_settings(app, ui, locked);
  draw_buttons(app, ui);
  ImGui::SeparatorText(T("Learning curves"));
  const float cw = width >= 520.f * ui.ui_scale ? (width - 12.f) / 2.f : width, ch = 110.f * ui.ui_scale;
  float hi = 2.5f;
  for (float l : t.loss) hi = std::max(hi, std::min(l, 5.f));
  ImGui::BeginGroup();
  const Training::Previous& was = t.previous;
  const float x_max = float(std::max({1, t.total, was.steps.empty() ? 0 : int(was.steps.back())}));
  chart(T("loss (lower is better): training (blue), held out (orange dots)"), cw, ch, x_max, 0.f, hi,
        {{&was.steps, &was.loss, kWas, true}, {&t.loss_steps, &t.loss, kTrain}, {&t.eval_steps, &t.eval_loss, kHeld, true}},
        "%.2f");
  ImGui::EndGroup();
  if (cw < width) ImGui::SameLine(0, 12.f);
  ImGui::BeginGroup();
  char acc[160];
  std::snprintf(acc, sizeof acc, T("held-out accuracy: %.1f %% (guessing: 10 %%)"),
                t.eval_acc.empty() ? 0.0 : 100.0 * double(t.eval_acc.back()));
  static const std::vector<float> chance_x{0.f, 1e9f}, chance_y{0.1f, 0.1f};
  chart(acc, cw, ch, x_max, 0.f, 1.f,
        {{&chance_x, &chance_y, IM_COL32(120, 120, 130, 255)}, {&was.steps, &was.acc, kWas, true},
         {&t.eval_steps, &t.eval_acc, kHeld, true}},
        "%.0f %%", 100.f);
  ImGui::EndGroup();
  if (!was.steps.empty()) {  // the run before, to compare with
    const char* const pos[] = {T("learned"), T("sine-cosine (fixed)"), T("none")};
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextDisabled(T("grey: the run before (%s attention, %s position codes, %d layers, %d heads): %.1f %% at step %d"),
                        was.settings.init == 1 ? T("mimetic") : T("random"), pos[std::clamp(was.settings.pos, 0, 2)],
                        was.settings.depth, was.settings.heads, 100.0 * double(was.acc.back()), int(was.steps.back()));
    ImGui::PopTextWrapPos();
  }
  draw_learned(app, ui, v, width);
  ImGui::End();
}

}  // namespace vitvis

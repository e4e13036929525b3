// Saving what a module shows: each module as a PNG (read back from the frame by the shell), and the
// numbers behind (b), (c) and (d) as CSV or JSON. Reached from the top bar's Save menu or a right
// click on a module; the downloads are effects the shell carries out.
#include <imgui.h>

#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "export.h"
#include "ui/figure_window.h"
#include "ui/module_frame.h"
#include "ui/save_menu.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"

namespace vitvis {
namespace {

const char* module_name(int m) {
  const char* const names[4] = {T("(a) image"), T("(b) attention"), T("(c) layers"), T("(d) classification")};
  return names[m];
}
const char* const kModuleSlugs[4] = {"image", "attention", "layers", "classification"};

std::string safe(std::string s, size_t max) {
  for (char& c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) c = '_';
  return s.substr(0, max);
}

void save_text(App& app, UiState& ui, const std::string& name, const char* mime, std::string text) {
  if (text.empty()) {
    set_error(app, T("Nothing to save yet."));
    return;
  }
  ui.effects.downloads.push_back({name, mime, std::move(text)});
  char msg[256];
  std::snprintf(msg, sizeof msg, T("Saved %s."), name.c_str());
  set_info(app, msg);
}

}  // namespace

// "vitvis_Fashion-MNIST_ViT_attention_L2_H3_img20-Ankle_boot": the model, what, and the image by its
// number and true class (the student's own image: "own-image"), so every export of a lesson has its own name.
std::string file_stem(const App& app, const std::string& what) {
  std::string image = "own-image";
  const int i = app.shown ? app.shown->image : -1;
  if (app.model && i >= 0 && i < int(app.model->samples.size()) && !app.model->samples[size_t(i)]->uploaded) {
    const Sample& sm = *app.model->samples[size_t(i)];
    image = "img" + std::to_string(i + 1) + (sm.label >= 0 ? "-" + safe(sm.name, 30) : "");
  }
  return "vitvis_" + safe(app.model ? app.model->spec.name : "model", 40) + "_" + what + "_" + image;
}

// What a module's picture shows besides the image: the layer and head of (b), the layer output and
// channel of (c), the patch of (a).
std::string figure_what(const App& app, int m) {
  const Selection& sel = app.sel;
  char b[96];
  if (m == int(Module::Attention))
    std::snprintf(b, sizeof b, sel.head >= 0 ? "attention_L%d_H%d" : "attention_L%d_mean", sel.layer + 1, sel.head + 1);
  else if (m == int(Module::Layers))
    std::snprintf(b, sizeof b, sel.channel >= 0 ? "layers_out%d_ch%d" : "layers_out%d", sel.hidden, sel.channel);
  else if (m == int(Module::Image) && sel.pinned && app.model && !app.model->spec.is_prefix(sel.token) &&
           sel.token < app.model->spec.num_tokens())
    std::snprintf(b, sizeof b, "image_patch%d-%d", app.model->spec.patch_row(sel.token) + 1, app.model->spec.patch_col(sel.token) + 1);
  else
    std::snprintf(b, sizeof b, "%s", kModuleSlugs[m]);
  return b;
}

ExportAbout export_about(const App& app, int module) {
  ExportAbout a;
  if (!app.model || !app.shown) return a;
  const Snapshot& shot = *app.shown;
  const ModelSpec& s = shot.result.spec();
  const Selection& sel = app.sel;
  if (module == int(Module::Attention))
    a.push_back({"contents", "attention weights: row = the token that asks (query), column = the token it looks at (key); each row sums to 1"});
  else if (module == int(Module::Layers))
    a.push_back({"contents", "one channel of each patch's vector (the class token left out), at the patch's place in the image"});
  else if (module == int(Module::Classify))
    a.push_back({"contents", "every class with its score (logit) and probability (softmax of the scores), most likely first"});
  a.push_back({"model", s.name});
  const int i = shot.image;
  const bool own = i < 0 || i >= int(app.model->samples.size()) || app.model->samples[size_t(i)]->uploaded;
  a.push_back({"image", own ? (i < 0 ? "drawing" : "own image") : "sample " + std::to_string(i + 1)});
  a.push_back({"true class", shot.true_label >= 0 ? shot.true_name : "unknown"});
  const auto top = shot.result.top_k(1);
  if (!top.empty()) {
    char b[160];
    std::snprintf(b, sizeof b, "%s (%.2f %%)", s.labels[size_t(top[0].index)].c_str(), double(top[0].probability) * 100);
    a.push_back({"predicted", b});
  }
  if (shot.edited()) a.push_back({"hidden patches", std::to_string(hidden_count(shot.hidden))});
  if (module == int(Module::Attention) || module < 0) {
    a.push_back({"layer", std::to_string(sel.layer + 1)});
    a.push_back({"head", sel.head < 0 ? "mean of all heads" : std::to_string(sel.head + 1)});
  }
  if (module == int(Module::Layers)) {
    a.push_back({"layer output", sel.hidden == 0 ? "embeddings (before layer 1)" : "after layer " + std::to_string(sel.hidden)});
    if (sel.channel >= 0) a.push_back({"channel", std::to_string(sel.channel)});
  }
  if (module != int(Module::Classify) && sel.pinned && sel.token >= 0 && sel.token < s.num_tokens())
    a.push_back({"selected token", s.token_name(sel.token)});
  return a;
}

void draw_save_items(App& app, UiState& ui, int module) {
  if (!app.shown) {
    ImGui::TextDisabled("%s", T("Nothing to save before the first result."));
    return;
  }
  const InferenceResult& r = app.shown->result;
  const ModelSpec& s = r.spec();
  auto item = [&](const char* label, bool enabled = true) {
    const bool hit = ImGui::MenuItem(label, nullptr, false, enabled);
    ui.probe.save_items.push_back(last_item_rect());
    return hit;
  };
  char label[160];
  for (int m = 0; m < kModuleWindows; ++m) {
    if (module >= 0 && m != module) continue;
    std::snprintf(label, sizeof label, T("Save %s as PNG"), module_name(m));
    if (item(label, ui.probe.modules[size_t(m)].w > 0))
      ui.effects.png = {ui.probe.modules[size_t(m)], file_stem(app, figure_what(app, m)) + ".png", m, 1, false};
  }
  char what[64];
  const int layer = app.sel.layer, head = app.sel.head;
  if (module < 0 || module == int(Module::Attention)) {
    if (head < 0)
      std::snprintf(what, sizeof what, "attention_L%d_mean", layer + 1);
    else
      std::snprintf(what, sizeof what, "attention_L%d_H%d", layer + 1, head + 1);
    const std::string stem = file_stem(app, what);
    std::snprintf(label, sizeof label, T("Attention matrix (layer %d) as CSV"), layer + 1);
    if (item(label)) save_text(app, ui, stem + ".csv", "text/csv", attention_csv(s, ui.attn.matrix, export_about(app, int(Module::Attention))));
    if (item(T("Attention matrix as JSON")))
      save_text(app, ui, stem + ".json", "application/json", attention_json(s, layer, head, ui.attn.matrix, export_about(app, int(Module::Attention))));
  }
  if (module < 0 || module == int(Module::Layers)) {
    const int ch = app.sel.channel, hidden = app.sel.hidden;
    const bool has = ch >= 0 && ch < s.dim;
    std::snprintf(what, sizeof what, "hidden%d_channel%d", hidden, ch);
    const std::string stem = file_stem(app, what);
    if (has)
      std::snprintf(label, sizeof label, T("Channel %d map as CSV"), ch);
    else
      std::snprintf(label, sizeof label, "%s", T("Channel map as CSV (click a map first)"));
    if (item(label, has)) save_text(app, ui, stem + ".csv", "text/csv", channel_map_csv(s, channel_map(r, hidden, ch), export_about(app, int(Module::Layers))));
    if (item(T("Channel map as JSON"), has))
      save_text(app, ui, stem + ".json", "application/json",
                channel_map_json(s, hidden, ch, channel_map(r, hidden, ch), export_about(app, int(Module::Layers))));
  }
  if (module < 0 || module == int(Module::Classify)) {
    const std::string stem = file_stem(app, "probabilities");
    if (item(T("Probabilities as CSV"))) save_text(app, ui, stem + ".csv", "text/csv", probabilities_csv(r, export_about(app, int(Module::Classify))));
    if (item(T("Probabilities as JSON"))) save_text(app, ui, stem + ".json", "application/json", probabilities_json(r, export_about(app, int(Module::Classify))));
  }
  ImGui::Separator();
  if (item(T("Figure for slides (PNG 1×–4×, SVG, light)…"))) open_figure(ui, module);
}

}  // namespace vitvis

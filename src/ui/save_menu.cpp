// Saving what a module shows: each module as a PNG (read back from the frame by the shell), and the
// numbers behind (b), (c) and (d) as CSV or JSON. Reached from the top bar's Save menu or a right
// click on a module; the downloads are effects the shell carries out.
#include <imgui.h>

#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "export.h"
#include "ui/module_frame.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"

namespace vitvis {
namespace {

const char* module_name(int m) {
  const char* const names[4] = {T("(a) image"), T("(b) attention"), T("(c) layers"), T("(d) classification")};
  return names[m];
}
const char* const kModuleSlugs[4] = {"image", "attention", "layers", "classification"};

// "vitvis_fashion-vit_attention_L2_H3" (model ids from links or files are reduced to safe characters)
std::string file_stem(const App& app, const std::string& what) {
  std::string id = app.model ? app.model->spec.name : "model";
  for (char& c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) c = '_';
  return "vitvis_" + id.substr(0, 40) + "_" + what;
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
      ui.effects.png = {ui.probe.modules[size_t(m)], file_stem(app, kModuleSlugs[m]) + ".png"};
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
    if (item(label)) save_text(app, ui, stem + ".csv", "text/csv", attention_csv(s, ui.attn.matrix));
    if (item(T("Attention matrix as JSON")))
      save_text(app, ui, stem + ".json", "application/json", attention_json(s, layer, head, ui.attn.matrix));
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
    if (item(label, has)) save_text(app, ui, stem + ".csv", "text/csv", channel_map_csv(s, channel_map(r, hidden, ch)));
    if (item(T("Channel map as JSON"), has))
      save_text(app, ui, stem + ".json", "application/json",
                channel_map_json(s, hidden, ch, channel_map(r, hidden, ch)));
  }
  if (module < 0 || module == int(Module::Classify)) {
    const std::string stem = file_stem(app, "probabilities");
    if (item(T("Probabilities as CSV"))) save_text(app, ui, stem + ".csv", "text/csv", probabilities_csv(r));
    if (item(T("Probabilities as JSON"))) save_text(app, ui, stem + ".json", "application/json", probabilities_json(r));
  }
}

}  // namespace vitvis

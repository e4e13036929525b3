// What a screen reader hears: the selection and the prediction in one or two sentences, in the UI
// language (the canvas itself says nothing to assistive technology). The shell hands the text to the
// page's live region when it changes, not on every frame.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/announce.h"
#include "ui/labels.h"

namespace vitvis {

std::string describe_for_screen_reader(const App& app) {
  if (!app.model) return T("Loading a model…");
  if (!app.shown) return T("Running the model…");
  const InferenceResult& r = app.shown->result;
  const ModelSpec& s = r.spec();
  std::string out;
  char b[512];
  const int t = app.sel.token;
  if (t >= 0 && t < s.num_tokens()) {
    if (t >= s.prefix_tokens)
      std::snprintf(b, sizeof b, T("Patch (%d, %d) selected."), s.patch_row(t) + 1, s.patch_col(t) + 1);
    else
      std::snprintf(b, sizeof b, T("Token %s selected."), t == 0 ? T("the class token") : s.token_name(t).c_str());
    out += b;
    // Where it looks most: its attention row in the chosen layer and head (or the mean of the heads).
    const int n = s.num_tokens(), layer = std::clamp(app.sel.layer, 0, s.layers - 1);
    int best = 0;
    float best_w = -1;
    for (int k = 0; k < n; ++k) {
      float w = 0;
      if (app.sel.head >= 0) {
        w = r.attention(layer, std::min(app.sel.head, s.heads - 1))(t, k);
      } else {
        for (int h = 0; h < s.heads; ++h) w += r.attention(layer, h)(t, k) / float(s.heads);
      }
      if (w > best_w) best_w = w, best = k;
    }
    const std::string where = best == 0 ? std::string(T("the class token")) : token_label(s, best);
    if (app.sel.head >= 0)
      std::snprintf(b, sizeof b, T(" Layer %d, head %d: it attends most to %s (%.0f %%)."), layer + 1, app.sel.head + 1,
                    where.c_str(), 100.0 * double(best_w));
    else
      std::snprintf(b, sizeof b, T(" Layer %d, mean of the heads: it attends most to %s (%.0f %%)."), layer + 1,
                    where.c_str(), 100.0 * double(best_w));
    out += b;
    out += " ";
  }
  const auto top = r.top_k(1);
  if (!top.empty()) {
    std::snprintf(b, sizeof b, T("Prediction: %s, %.0f %%."), class_label(s, top[0].index),
                  100.0 * double(top[0].probability));
    out += b;
  }
  return out;
}

std::string describe_view(const App& app) {
  if (!app.model) return T("Loading a model…");
  const ModelSpec& s = app.model->spec;
  const Selection& sel = app.sel;
  char b[512];
  std::string out;
  if (sel.head >= 0)
    std::snprintf(b, sizeof b, T("Layer %d, head %d"), sel.layer + 1, sel.head + 1);
  else
    std::snprintf(b, sizeof b, T("Layer %d, mean of the heads"), sel.layer + 1);
  out = b;
  if (sel.pinned && sel.token >= 0 && sel.token < s.num_tokens()) {
    if (s.is_prefix(sel.token))
      std::snprintf(b, sizeof b, T(", %s"), sel.token == 0 ? T("the class token") : s.token_name(sel.token).c_str());
    else
      std::snprintf(b, sizeof b, T(", patch (%d, %d)"), s.patch_row(sel.token) + 1, s.patch_col(sel.token) + 1);
    out += b;
  }
  const auto& samples = app.model->samples;
  if (sel.image >= 0 && sel.image < int(samples.size())) {
    const Sample& im = *samples[size_t(sel.image)];
    const std::string name = im.label >= 0 ? class_name(im.name) : im.name.empty() ? im.file : im.name;
    std::snprintf(b, sizeof b, T("%s of '%s'"), out.c_str(), name.c_str());
    out = b;
  }
  return out;
}

}  // namespace vitvis

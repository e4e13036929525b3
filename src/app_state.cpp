// window.vitvis.state(): a read-only JSON snapshot for tests and debugging.
#include <cstdio>

#include "app.h"
#include "json.h"

namespace vitvis {

namespace {
std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.9g", v);
  return b;
}
}  // namespace

std::string app_state_json(const App& app) {
  std::string j = "{";
  j += "\"frames\":" + std::to_string(app.frames);
  j += ",\"busy\":" + std::string(app.busy ? "true" : "false");
  j += ",\"loading\":" + std::string(app.pending_model >= 0 ? "true" : "false");
  j += ",\"status\":{\"error\":" + std::string(app.status.error ? "true" : "false") + ",\"text\":" + json_quote(app.status.text) + "}";
  j += ",\"last_error\":" + json_quote(app.last_error);
  j += ",\"models\":[";
  for (size_t i = 0; i < app.models.size(); ++i) j += (i ? "," : "") + json_quote(app.models[i].id);
  j += "]";
  if (app.model) {
    const ModelSpec& s = app.model->spec;
    j += ",\"model\":{\"id\":" + json_quote(app.model->entry.id) + ",\"name\":" + json_quote(s.name) +
         ",\"layers\":" + std::to_string(s.layers) + ",\"heads\":" + std::to_string(s.heads) +
         ",\"dim\":" + std::to_string(s.dim) + ",\"grid\":" + std::to_string(s.grid()) +
         ",\"tokens\":" + std::to_string(s.num_tokens()) + ",\"prefix_tokens\":" + std::to_string(s.prefix_tokens) +
         ",\"classes\":" + std::to_string(s.num_classes) + ",\"parameters\":" + std::to_string(s.parameters) +
         ",\"samples\":[";
    for (size_t i = 0; i < app.model->samples.size(); ++i) {
      const Sample& smp = *app.model->samples[i];
      j += (i ? "," : "") + std::string("{\"file\":") + json_quote(smp.file) + ",\"label\":" + std::to_string(smp.label) +
           ",\"loaded\":" + (smp.loaded ? "true" : "false") + ",\"uploaded\":" + (smp.uploaded ? "true" : "false") + "}";
    }
    j += "]}";
  }
  int ink = 0;
  for (float v : app.drawing.canvas.ink()) ink += v > 0.5f;
  j += ",\"drawing\":{\"active\":" + std::string(app.drawing.active ? "true" : "false") +
       ",\"ink_pixels\":" + std::to_string(ink) + ",\"size\":" + std::to_string(app.drawing.canvas.size()) +
       ",\"dirty\":" + (app.drawing.dirty ? "true" : "false") + "}";
  j += ",\"selection\":{\"image\":" + std::to_string(app.sel.image) + ",\"layer\":" + std::to_string(app.sel.layer) +
       ",\"head\":" + std::to_string(app.sel.head) + ",\"token\":" + std::to_string(app.sel.token) +
       ",\"pinned\":" + (app.sel.pinned ? "true" : "false") + ",\"cls\":" + std::to_string(app.sel.cls) +
       ",\"channel\":" + std::to_string(app.sel.channel) + ",\"hidden\":" + std::to_string(app.sel.hidden) + "}";
  if (app.result) {
    const InferenceResult& r = *app.result;
    j += ",\"result\":{\"inferences\":" + std::to_string(app.timings.inferences) +
         ",\"ort_ms\":" + num(app.timings.ort_ms) + ",\"roundtrip_ms\":" + num(app.timings.roundtrip_ms) +
         ",\"copy_ms\":" + num(app.timings.copy_ms) + ",\"upload_ms\":" + num(app.timings.upload_ms) +
         ",\"views_ms\":" + num(app.timings.views_ms) +
         ",\"bytes\":" + std::to_string(r.total_bytes()) + ",\"top\":[";
    auto top = r.top_k(std::min(10, r.spec().num_classes));
    for (size_t i = 0; i < top.size(); ++i)
      j += (i ? "," : "") + std::string("{\"index\":") + std::to_string(top[i].index) + ",\"label\":" +
           json_quote(r.spec().labels[size_t(top[i].index)]) + ",\"logit\":" + num(top[i].logit) +
           ",\"probability\":" + num(top[i].probability) + "}";
    j += "]}";
  }
  j += "}";
  return j;
}

}  // namespace vitvis

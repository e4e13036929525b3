// The test probe: window.vitvis.state() as JSON — the app's state, the selection, the result summary,
// the views' rects (ui/probe.h), the step-through's numbers and the frame loop's counters — and the
// other exported functions that only tests and benches call (window.vitvis.drawn(), input()). Read-only;
// its keys and functions are an interface that tests (tests/e2e) and tools (bench/) read.
#include <emscripten.h>
#include <imgui.h>
#include <imgui_internal.h>  // the windows (a tooltip shown), ImTextCharFromUtf8

#include <algorithm>
#include <cmath>

#include "json.h"
#include "platform/browser.h"
#include "shell/shell.h"
#include "ui/labels.h"

namespace vitvis {
namespace {

const Shell* g_shell = nullptr;  // the one instance (install_probe), for the exported functions below

// The model input of the shown run (original = 1: of the unedited run while patches are hidden), as
// [C, S, S] normalised floats: what an onnxruntime-node run in a test is fed.
const std::vector<float>* input_of(int original) {
  if (!g_shell || !g_shell->app.shown) return nullptr;
  const auto& o = g_shell->app.whatif.original;
  return original && o ? &o->input.normalized : &g_shell->app.shown->input.normalized;
}

// Read when the probe is asked (not each frame): the last frame drew a hover tooltip.
bool tooltip_shown() {
  for (const ImGuiWindow* win : ImGui::GetCurrentContext()->Windows)
    if ((win->Flags & ImGuiWindowFlags_Tooltip) && win->Active) return true;
  return false;
}

// Every language's own name has its glyphs in the font ("中文", not "??").
bool names_drawn(const Languages& l) {
  for (const std::string& n : l.names)
    for (const char* c = n.c_str(); *c;) {
      unsigned int cp = 0;
      c += ImTextCharFromUtf8(&cp, c, nullptr);
      if (!ImGui::GetFont()->FindGlyphNoFallback(ImWchar(cp))) return false;
    }
  return true;
}

void rect_value(JsonWriter& w, const Rect& r) {  // [x, y, w, h]
  w.begin_array().value(r.x).value(r.y).value(r.w).value(r.h).end_array();
}
void rect(JsonWriter& w, const char* key, const Rect& r) { rect_value(w.key(key), r); }
void drawn_rows(JsonWriter& w, const char* key, const std::vector<Probe::DrawnRow>& rows) {
  w.key(key).begin_array();
  for (const Probe::DrawnRow& d : rows)
    w.begin_object().key("label").value(d.label).key("number").value(d.number).key("number_w").value(d.number_w).end_object();
  w.end_array();
}

template <class Rects>
void rects(JsonWriter& w, const char* key, const Rects& list) {
  w.key(key).begin_array();
  for (const Rect& r : list) rect_value(w, r);
  w.end_array();
}
void strings(JsonWriter& w, const char* key, const std::vector<std::string>& list) {
  w.key(key).begin_array();
  for (const std::string& s : list) w.value(s);
  w.end_array();
}
template <class T>
void numbers(JsonWriter& w, const char* key, const T* v, int n) {
  w.key(key).begin_array();
  for (int i = 0; i < n; ++i) w.value(v[i]);
  w.end_array();
}
// The last n values of a ring buffer of kKeep, oldest first.
void ring(JsonWriter& w, const char* key, const double* buf, int count) {
  w.key(key).begin_array();
  const int n = std::min(count, FrameStats::kKeep);
  for (int i = 0; i < n; ++i) w.value(buf[(count - n + i) % FrameStats::kKeep]);
  w.end_array();
}

void model_json(JsonWriter& w, const LoadedModel& m) {
  const ModelSpec& s = m.spec;
  w.key("model").begin_object().key("id").value(m.entry.id).key("name").value(s.name).key("source").value(s.source);
  w.key("checkpoint").value(m.entry.checkpoint()).key("has_qkv").value(s.has_qkv).key("training").value(s.training);
  w.key("layers").value(s.layers).key("heads").value(s.heads).key("dim").value(s.dim).key("grid").value(s.grid());
  w.key("patch").value(s.patch_size).key("channels").value(s.channels);
  w.key("tokens").value(s.num_tokens()).key("prefix_tokens").value(s.prefix_tokens);
  w.key("classes").value(s.num_classes).key("parameters").value(static_cast<long long>(s.parameters));
  const PatternSurvey& v = m.survey;
  w.key("survey").begin_object().key("running").value(v.running).key("images").value(v.images);
  w.key("richest").value(v.richest).key("richest_maps").value(v.richest_maps);
  w.key("counts").begin_object();
  for (int c = 0; c < int(v.counts.size()); ++c) w.key(pattern_name(AttentionPattern(c))).value(v.counts[size_t(c)]);
  w.end_object().end_object();
  w.key("samples").begin_array();
  for (const auto& smp : m.samples)
    w.begin_object()
        .key("file")
        .value(smp->file)
        .key("label")
        .value(smp->label)
        .key("loaded")
        .value(smp->loaded)
        .key("uploaded")
        .value(smp->uploaded)
        .key("width")
        .value(smp->image.width)
        .key("height")
        .value(smp->image.height)
        .end_object();
  w.end_array().end_object();
}

void app_json(JsonWriter& w, const Shell& sh) {
  const App& a = sh.app;
  w.key("frames").value(sh.frames).key("busy").value(a.busy()).key("loading").value(a.pending_model >= 0);
  w.key("load_received").value(a.load_received).key("load_total").value(a.load_total);
  w.key("status").begin_object().key("error").value(a.status.error).key("text").value(a.status.text).end_object();
  w.key("last_error").value(a.last_error);
  {  // watch a ViT learn (#37)
    const Training& t = a.training;
    static const char* const states[] = {"off", "loading", "ready", "running", "paused", "done", "failed"};
    w.key("training").begin_object().key("state").value(states[int(t.state)]).key("step").value(t.step);
    w.key("total").value(t.total).key("params").value(t.params).key("error").value(t.error);
    w.key("progress").value(int(t.loss.size())).key("evals").value(int(t.eval_steps.size()));
    w.key("held_accuracy").value(t.eval_acc.empty() ? -1.0 : double(t.eval_acc.back()));
    w.key("held_loss").value(t.eval_loss.empty() ? -1.0 : double(t.eval_loss.back()));
    w.key("first_loss").value(t.loss.empty() ? -1.0 : double(t.loss.front()));
    w.key("last_loss").value(t.loss.empty() ? -1.0 : double(t.loss.back()));
    const TrainingSnapshot* s = t.snap.get();
    w.key("snapshot_step").value(s ? s->step : -1).key("heads").value(s ? s->heads : 0);
    w.key("pos_sim").value(s ? int(s->pos_sim.size()) : 0);
    w.key("experiment").value(t.experiment).key("configured_patch").value(t.configured.patch);
    const int looking = sh.ui.training.looking;
    w.key("history").value(int(t.history.size())).key("looking").value(looking);
    w.key("shown_step").value(looking >= 0 && looking < int(t.history.size()) ? t.history[size_t(looking)]->step : (s ? s->step : -1));
    w.key("configured_pos").value(t.configured.pos).key("previous_evals").value(int(t.previous.steps.size()));
    w.end_object();
  }
  w.key("models").begin_array();
  for (const ModelEntry& m : a.models) w.value(m.id);
  w.end_array();
  w.key("hub_models").begin_array();
  for (const HubModel& m : a.hub.models) w.value(m.id);
  w.end_array();
  w.key("downloaded").begin_array();
  for (const DownloadedModel& d : a.downloaded)
    w.begin_object().key("repo").value(d.repo).key("bytes").value(d.bytes).end_object();
  w.end_array();
  if (a.model) model_json(w, *a.model);
  int ink = 0;
  for (float v : a.drawing.canvas.ink()) ink += v > 0.5f;
  w.key("drawing").begin_object().key("active").value(a.drawing.active).key("ink_pixels").value(ink);
  w.key("size").value(a.drawing.canvas.size()).key("dirty").value(a.drawing.dirty).end_object();
  const Camera& cam = a.camera;
  w.key("camera").begin_object().key("active").value(cam.active).key("starting").value(cam.starting);
  w.key("live").value(cam.live).key("paused").value(cam.paused).key("front").value(cam.front);
  w.key("cameras").value(cam.cameras).key("frames").value(cam.version).key("runs").value(cam.runs);
  w.key("rate").value(camera_rate(a)).key("width").value(cam.frame.width).key("height").value(cam.frame.height);
  w.end_object();
  const Selection& sel = a.sel;
  w.key("selection")
      .begin_object()
      .key("image")
      .value(sel.image)
      .key("layer")
      .value(sel.layer)
      .key("head")
      .value(sel.head);
  w.key("token").value(sel.token).key("pinned").value(sel.pinned).key("cls").value(sel.cls).key("pinned_cls").value(sel.pinned_cls);
  w.key("channel").value(sel.channel).key("hidden").value(sel.hidden).end_object();
  if (!a.shown) return;
  const Snapshot& shot = *a.shown;
  const InferenceResult& r = shot.result;
  const Timings& t = a.timings;
  w.key("result").begin_object().key("inferences").value(t.inferences).key("ort_ms").value(t.ort_ms);
  w.key("roundtrip_ms").value(t.roundtrip_ms).key("copy_ms").value(t.copy_ms).key("upload_ms").value(t.upload_ms);
  w.key("views_ms").value(t.views_ms).key("bytes").value(static_cast<long long>(r.total_bytes()));
  w.key("generation").value(shot.generation).key("image").value(shot.image).key("true_label").value(shot.true_label);
  w.key("pending").value(a.result_pending()).key("drawn").value(!t.views_pending);
  w.key("correct");  // null when the true class is not known
  if (shot.true_label >= 0)
    w.value(r.top_k(1)[0].index == shot.true_label);
  else
    w.raw("null");
  // What the model saw, coarsely: the mean of its input (all channels, in [0, 1]) over the top-left,
  // top-right, bottom-left and bottom-right quarters (orientation and camera tests).
  w.key("input_quarters").begin_array();
  const ModelInput& in = shot.input;
  for (int qy = 0; qy < 2; ++qy)
    for (int qx = 0; qx < 2; ++qx) {
      double sum = 0;
      int n = 0;
      for (int c = 0; c < in.channels; ++c)
        for (int y = qy * in.size / 2; y < (qy + 1) * in.size / 2; ++y)
          for (int x = qx * in.size / 2; x < (qx + 1) * in.size / 2; ++x, ++n)
            sum += in.pixels[(size_t(c) * in.size + y) * in.size + x];
      w.value(n ? sum / n : 0.0);
    }
  w.end_array();
  w.key("edited").value(shot.edited()).key("hidden").value(mask_to_text(shot.hidden));
  w.key("fill").value(hide_fill_name(shot.fill));
  numbers(w, "probabilities", r.probabilities().data(), int(r.probabilities().size()));
  w.key("top").begin_array();
  for (const ClassScore& c : r.top_k(std::min(10, r.spec().num_classes)))
    w.begin_object()
        .key("index")
        .value(c.index)
        .key("label")
        .value(r.spec().labels[size_t(c.index)])
        .key("name")  // as the UI shows it, in its language
        .value(std::string(class_label(r.spec(), c.index)))
        .key("logit")
        .value(c.logit)
        .key("probability")
        .value(c.probability)
        .end_object();
  w.end_array().end_object();
  // Your own classes (#20).
  const OwnClasses& oc = a.own;
  w.key("own").begin_object().key("active").value(oc.active).key("classes").value(int(oc.names.size()));
  w.key("examples").begin_array();
  for (const OwnExample& e : oc.examples) w.value(e.label);
  w.end_array().key("trained").value(oc.training.head.classes).key("train_ms").value(oc.train_ms);
  w.key("held").value(int(oc.training.held.size())).key("curve_points").value(int(oc.training.curve.size()));
  if (!oc.training.curve.empty()) {
    const HeadCurvePoint& c = oc.training.curve.back();
    w.key("train_loss").value(double(c.train_loss)).key("train_accuracy").value(double(c.train_accuracy));
    w.key("held_accuracy").value(double(c.held_accuracy));
  }
  w.key("custom_head").value(r.spec().custom_head).end_object();
  // What if (#19): the hidden patches, the sweep, and the occlusion map of the class it is shown for.
  const WhatIf& wi = a.whatif;
  w.key("whatif").begin_object().key("hiding").value(wi.hiding).key("hidden").value(mask_to_text(wi.hidden));
  w.key("fill").value(hide_fill_name(wi.fill)).key("undo").value(int(wi.undo.size()));
  w.key("original").value(wi.original ? wi.original->generation : -1).key("show_change").value(wi.show_change);
  w.key("pinned").value(wi.pinned ? wi.pinned->generation : -1);
  w.key("compare_a").value(compare_a(a) ? compare_a(a)->generation : -1);
  w.key("sweeping").value(wi.sweeping).key("window").value(wi.window).key("cached").value(int(wi.sweeps.size()));
  w.key("done").value(wi.current.sweep.done()).key("runs").value(wi.current.sweep.runs());
  const WhatIf::Sweep* sw = occlusion_for_shown(a);
  const int k = occlusion_class(a);
  w.key("map_class").value(sw ? k : -1).key("sweep_ms").value(sw ? sw->ms : 0.0).key("map").begin_array();
  if (sw)
    for (float v : sw->sweep.drop_map(k)) w.value(v);
  w.end_array().end_object();
}

// "Make available offline…" and the badge (#35): what the window shows, the last download, its rects.
void offline_json(JsonWriter& w, const Shell& sh) {
  const OfflineUse& o = sh.app.offline;
  const Probe& p = sh.ui.probe;
  static const char* const phases[] = {"idle", "reading", "ready", "storing", "failed"};
  const OfflinePlan plan = offline_plan(sh.app);
  w.key("offline").begin_object().key("open").value(sh.ui.offline.open).key("phase").value(phases[int(o.phase)]);
  w.key("error").value(o.error).key("online").value(o.online).key("worker").value(o.worker);
  w.key("total").value(plan.total).key("stored").value(plan.stored).key("files").value(plan.files);
  w.key("missing").value(int(plan.missing.size())).key("hub_bytes").value(offline_hub_bytes(sh.app));
  w.key("usage").value(o.usage).key("quota").value(o.quota).key("persisted").value(o.persisted);
  w.key("groups").begin_array();
  for (size_t i = 0; i < o.manifest.groups.size(); ++i) {
    const OfflineGroup& g = o.manifest.groups[i];
    w.begin_object().key("id").value(g.id).key("bytes").value(g.bytes()).key("required").value(g.required);
    w.key("chosen").value(g.required || (i < o.chosen.size() && o.chosen[i])).key("stored").value(group_stored(g, o.stored));
    w.end_object();
  }
  w.end_array();
  const OfflineUse::Run& r = o.run;
  w.key("run").begin_object().key("started").value(r.started).key("ended").value(r.ended).key("cancelled").value(r.cancelled);
  w.key("quota_full").value(r.quota_full).key("total").value(r.total).key("done").value(r.done + r.file_received);
  w.key("files").value(r.files).key("files_done").value(r.files_done).key("error").value(r.error);
  w.key("failures").begin_array();
  for (const std::string& f : r.failures) w.value(f);
  w.end_array().end_object();
  for (auto [k, r2] : {std::pair{"window", &p.offline_window}, {"download", &p.offline_download}, {"cancel", &p.offline_cancel},
                       {"progress", &p.offline_progress}, {"summary", &p.offline_summary}, {"badge", &p.offline_badge},
                       {"menu_item", &p.offline_menu_item}})
    rect(w, k, *r2);
  rects(w, "group_boxes", p.offline_groups);
  rects(w, "hub_boxes", p.offline_hub);
  w.key("tip").value(p.offline_tip);
  w.end_object();
}

void ui_json(JsonWriter& w, const Shell& sh) {
  const UiState& ui = sh.ui;
  const Probe& p = ui.probe;
  w.key("ui").begin_object().key("scale").value(ui.ui_scale);
  rect(w, "image", p.image);
  rect(w, "model_combo", p.model_combo);
  w.key("model_shown").value(p.model_shown);
  rects(w, "model_items", p.model_items);
  rect(w, "attention", p.attention);
  rects(w, "thumbs", p.thumbs);
  rects(w, "thumb_labels", p.thumb_labels);
  rect(w, "overlay_legend", p.overlay_legend);
  rects(w, "top_rows", p.top_rows);
  rects(w, "top_labels", p.top_labels);
  w.key("top_labels_shortened").value(p.top_labels_shortened);
  drawn_rows(w, "top_texts", p.top_texts);
  rect(w, "phone_top", p.phone_top);
  drawn_rows(w, "phone_top_texts", p.phone_top_texts);
  w.key("lens_marked").value(p.lens_marked);
  rects(w, "lens_cells", p.lens_cells);
  rects(w, "module_tabs", p.module_tabs);
  strings(w, "module_tab_texts", p.module_tab_texts);
  rect(w, "overview", p.overview);
  rects(w, "overview_stages", p.overview_stages);
  rects(w, "overview_layers", p.overview_layers);
  w.key("overview_heads").value(p.overview_heads);
  rects(w, "math_buttons", p.math_buttons);
  w.key("show_math").value(ui.show_math);
  strings(w, "head_patterns", p.head_patterns);
  strings(w, "overview_text", p.overview_text);
  rects(w, "head_thumb_labels", p.head_thumb_labels);
  rects(w, "compare_labels", p.compare_labels);
  rect(w, "verdict", p.verdict);
  rect(w, "blank_warning", p.blank_warning);
  rect(w, "rest_line", p.rest_line);
  rect(w, "menu_button", p.menu_button);
  rect(w, "status_text", p.status_text);
  w.key("status_right").value(p.status_right);
  rects(w, "top_bars", p.top_bars);
  rects(w, "layer_buttons", p.layer_buttons);
  rects(w, "head_buttons", p.head_buttons);
  rects(w, "head_thumbs", p.head_thumbs);
  rects(w, "hidden_buttons", p.hidden_buttons);
  rect(w, "all_layers_box", p.all_layers_box);
  rect(w, "finer_grid", p.finer_grid);
  w.key("layer_scale").value(ui.layers.scale.hi);
  rects(w, "channel_tiles", p.channel_tiles);
  w.key("first_tile").value(p.first_tile);
  numbers(w, "channel_order", ui.layers.order.data(), int(ui.layers.order.size()));
  rects(w, "compare_maps", p.compare_maps);
  rect(w, "strip", p.strip);
  rect(w, "fold_button", p.fold_button);
  w.key("unfolded").value(p.unfolded);
  rect(w, "pixel_strip", p.pixel_strip);
  rect(w, "embedding_strip", p.embedding_strip);
  rect(w, "steps_button", p.steps_button);
  rect(w, "depth_button", p.depth_button);
  rect(w, "hover_cell", p.hover_cell);
  rect(w, "mode_samples", p.mode_samples);
  rect(w, "mode_draw", p.mode_draw);
  rect(w, "mode_camera", p.mode_camera);
  rect(w, "camera_view", p.camera_view);
  rect(w, "camera_snap", p.camera_snap);
  rect(w, "camera_live", p.camera_live);
  rect(w, "camera_switch", p.camera_switch);
  rect(w, "open_button", p.open_button);
  rect(w, "pad", p.pad);
  rect(w, "pad_clear", p.pad_clear);
  w.key("attention_change").value(!ui.attn.change.empty()).key("layers_change").value(ui.layers.change);
  w.key("occlusion_overlay").value(ui.whatif.overlay);
  rect(w, "hide_toggle", p.hide_toggle);
  rect(w, "hide_fill", p.hide_fill);
  rect(w, "hide_undo", p.hide_undo);
  rect(w, "hide_reset", p.hide_reset);
  rect(w, "show_change", p.show_change);
  rect(w, "occlusion_start", p.occlusion_start);
  rect(w, "occlusion_progress", p.occlusion_progress);
  rect(w, "occlusion_cancel", p.occlusion_cancel);
  rect(w, "occlusion_map", p.occlusion_map);
  rect(w, "pin_a", p.pin_a);
  rect(w, "unpin_a", p.unpin_a);
  rect(w, "attention_a", p.attention_a);
  rects(w, "compare_maps_a", p.compare_maps_a);
  rect(w, "compare_line", p.compare_line);
  rect(w, "own_button", p.own_button);
  rect(w, "own_head_line", p.own_head_line);
  rect(w, "own_window", p.own_window);
  rect(w, "training_window", p.training_window);
  rect(w, "training_go", p.training_go);
  rects(w, "training_experiments", p.training_experiments);
  rect(w, "training_timeline", p.training_timeline);
  rect(w, "training_latest", p.training_latest);
  rect(w, "training_step", p.training_step);
  rect(w, "training_new", p.training_new);
  rect(w, "training_pos", p.training_pos);
  rect(w, "training_button", p.training_button);
  rects(w, "training_heads", p.training_heads);
  rects(w, "training_pos_items", p.training_pos_items);
  rect(w, "training_pos_combo", p.training_pos_combo);
  rect(w, "training_explore", p.training_explore);
  rect(w, "training_save", p.training_save);
  rect(w, "own_train", p.own_train);
  rect(w, "own_use", p.own_use);
  rect(w, "own_save", p.own_save);
  rect(w, "own_more", p.own_more);
  rect(w, "own_fewer", p.own_fewer);
  rect(w, "own_curve", p.own_curve);
  rects(w, "own_names", p.own_names);
  rects(w, "own_add", p.own_add);
  rect(w, "pending", p.pending);
  rect(w, "view_button", p.view_button);
  rects(w, "view_items", p.view_items);
  rect(w, "help_button", p.help_button);
  rect(w, "copy_link", p.copy_link);
  rect(w, "help", p.help);
  w.key("theme").value(ui.theme).key("cmap").value(int(ui.seq_map)).key("embed").value(ui.embed);
  const Motion& m = ui.motion;  // the animated data flow: which flows run, how often each started
  w.key("motion").begin_object().key("enabled").value(m.enabled).key("reduced").value(m.reduced);
  w.key("frames").value(m.frames).key("skipped").value(m.skipped).key("running").begin_array();
  for (int f = 0; f < kFlows; ++f)
    if (m.flows[f].running(ui.now)) w.value(flow_name(Flow(f)));
  w.end_array().key("started").begin_object();
  for (int f = 0; f < kFlows; ++f) w.key(flow_name(Flow(f))).value(m.started[f]);
  w.end_object().end_object();
  w.key("lang").value(ui.languages.codes[size_t(ui.languages.current)]).key("font_lang").value(sh.window.font_lang);
  w.key("tour_step").value(ui.tour_step).key("tour_open").value(ui.tour_open);
  w.key("insights").value(ui.show_insights).key("insights_tab").value(ui.insights_tab);
  w.key("analyses_computed").value(ui.insights.computed);
  static const char* const layouts[] = {"columns", "grid", "tabs"};
  w.key("layout").value(layouts[std::clamp(ui.layout, 0, 2)]).key("coarse").value(ui.coarse);
  w.key("phone_module").value(ui.phone_module);
  rect(w, "tour_button", p.tour_button);
  rect(w, "tour", p.tour);
  rect(w, "tour_subject", p.tour_subject);
  rect(w, "depth_shared", p.depth_shared);
  w.key("runtime_loading").value(ui.runtime_loading).key("runtime_received").value(ui.runtime_received);
  w.key("focus").value(ui.focus).key("focus2").value(ui.focus2).key("summaries").begin_array();
  for (const Rect& r : p.summaries) w.begin_array().value(r.x).value(r.y).value(r.w).value(r.h).end_array();
  w.end_array();
  w.key("tour_text").value(ui.tour_open ? p.tour_text : std::string());
  rect(w, "tour_next", p.tour_next);
  rect(w, "tour_leave", p.tour_leave);
  rects(w, "insights_tabs", p.insights_tabs);
  rects(w, "pattern_cells", p.pattern_cells);
  rects(w, "filter_pcs", p.filter_pcs);
  rect(w, "rollout_map", p.rollout_map);
  rect(w, "distance_plot", p.distance_plot);
  rect(w, "distance_key", p.distance_key);
  rect(w, "norms_line", p.norms_line);
  rect(w, "rollout_discard", p.rollout_discard);
  rect(w, "position_grid", p.position_grid);
  rect(w, "token_pca", p.token_pca);
  rect(w, "lens_table", p.lens_table);
  rect(w, "norms_plot", p.norms_plot);
  rect(w, "insights_rect", p.insights);
  rects(w, "info_headers", p.info_headers);
  rects(w, "glossary_terms", p.glossary_terms);
  rect(w, "lens_button", p.lens_button);
  rect(w, "patterns_note", p.patterns_note);
  rect(w, "position_note", p.position_note);
  rect(w, "survey_button", p.survey_button);
  rect(w, "survey_cancel", p.survey_cancel);
  rect(w, "card_patterns", p.card_patterns);
  rect(w, "card_survey", p.card_survey);
  rect(w, "survey_richest", p.survey_richest);
  rect(w, "card_richest", p.card_richest);
  w.key("head_patterns").begin_array();  // every head's pattern once Analyses computed them all, layer by layer
  if (std::all_of(ui.insights.patterns_done.begin(), ui.insights.patterns_done.end(), [](char d) { return d != 0; }))
    for (const PatternScores& ps : ui.insights.patterns) w.value(pattern_name(ps.pattern));
  w.end_array().key("head_patterns_of").value(ui.insights.patterns_generation);  // a result's generation
  rect(w, "lines_caption", p.lines_caption);
  w.key("lines_class").value(ui.classify.lines_class);
  w.key("glossary_hovered").value(p.glossary_hovered);
  numbers(w, "info_open", ui.info_open, kModuleWindows);
  rect(w, "insights_button", p.insights_button);
  rect(w, "lang_combo", p.lang_combo);
  rects(w, "lang_items", p.lang_items);
  w.key("touch_pans").value(ui.touch_pans);
  rect(w, "value_panel", p.value_panel);
  rect(w, "value_close", p.value_close);
  w.key("value_text").value(p.value_text);
  w.key("value_open").value(ui.value.open);
  w.key("pinch_preview").value(ui.pinch_preview);
  w.key("tooltip").value(tooltip_shown());
  w.key("lang_names_drawn").value(names_drawn(ui.languages));
  rect(w, "banner", p.banner);
  rect(w, "banner_close", p.banner_close);
  rect(w, "banner_mirror", p.banner_mirror);
  w.key("hub_costs").begin_array();
  for (const std::string& c : p.hub_costs) w.value(c);
  w.end_array().key("hub_warnings").begin_array();
  for (const std::string& c : p.hub_warnings) w.value(c);
  w.end_array().key("hub_gflops").value(sh.ui.hub_gflops).key("device_gb").value(sh.ui.device_gb);
  rect(w, "hub_error", p.hub_error);
  w.key("banner_text").value(p.banner_text);
  rect(w, "save_button", p.save_button);
  rects(w, "save_items", p.save_items);
  rects(w, "modules", p.modules);
  rect(w, "cancel_load", p.cancel_load);
  w.key("hub_open").value(ui.hub_open);
  rect(w, "hub_window", p.hub_window);
  rect(w, "share_window", p.share_window);
  rect(w, "share_button", p.share_button);
  rect(w, "share_copy_link", p.share_copy_link);
  rect(w, "share_copy_code", p.share_copy_code);
  rect(w, "share_preview", p.share_preview);
  rects(w, "share_modules", p.share_modules);
  w.key("share_link").value(p.share_link).key("share_code").value(p.share_code);
  rect(w, "share_api", p.share_api);
  rect(w, "figure_window", p.figure_window);
  rect(w, "figure_png", p.figure_png);
  rect(w, "figure_svg", p.figure_svg);
  rect(w, "figure_light", p.figure_light);
  rects(w, "figure_kinds", p.figure_kinds);
  rects(w, "figure_scales", p.figure_scales);
  w.key("figure_kind").value(sh.ui.figure.kind).key("figure_scale").value(sh.ui.figure.scale);
  for (auto [k, r] : {std::pair{"lesson_card", &p.lesson_card}, {"lesson_next", &p.lesson_next}, {"lesson_back", &p.lesson_back},
                      {"lesson_leave", &p.lesson_leave}, {"lesson_words", &p.lesson_words}, {"lesson_editor", &p.lesson_editor}, {"lesson_record", &p.lesson_record},
                      {"lesson_play", &p.lesson_play}, {"lesson_save", &p.lesson_save}, {"lesson_copy", &p.lesson_copy},
                      {"lesson_title_input", &p.lesson_title_input}, {"lesson_text_input", &p.lesson_text_input},
                      {"lesson_step_title", &p.lesson_step_title}, {"lesson_use_view", &p.lesson_use_view},
                      {"lesson_button", &p.lesson_button}})
    rect(w, k, *r);
  rects(w, "lesson_steps", p.lesson_steps);
  rects(w, "lesson_step_down", p.lesson_step_down);
  w.key("lesson_text").value(p.lesson_text).key("lesson_note").value(p.lesson_note);
  // The lesson's CJK characters the font atlas lacks (drawn as '?'), and how many it has.
  int glyphs = 0, missing = 0;
  for (const char* c = sh.ui.extra_glyphs.c_str(); *c;) {
    unsigned int cp = 0;
    c += ImTextCharFromUtf8(&cp, c, nullptr);
    ++glyphs;
    if (!ImGui::GetFont()->FindGlyphNoFallback(ImWchar(cp))) ++missing;
  }
  w.key("lesson_glyphs").value(glyphs).key("lesson_glyphs_missing").value(missing);
  w.key("lesson").begin_object().key("playing").value(sh.ui.lesson.playing).key("step").value(sh.ui.lesson.step);
  w.key("steps").value(int(sh.ui.lesson.lesson.steps.size())).key("title").value(sh.ui.lesson.lesson.title);
  w.key("editor").value(sh.ui.lesson.editor_open).key("model").value(sh.ui.lesson.lesson.model);
  w.key("step_titles").begin_array();
  for (const LessonStep& st : sh.ui.lesson.lesson.steps) w.value(st.title);
  w.end_array().end_object();
  rect(w, "share_origin", p.share_origin);
  w.key("share_origin_ok").value(p.share_origin_ok);
  rect(w, "hub_input", p.hub_input);
  w.key("hub_text").value(ui.hub_text);
  rect(w, "hub_load", p.hub_load);
  rects(w, "hub_items", p.hub_items);
  rects(w, "hub_bases", p.hub_bases);
  rects(w, "downloaded_delete", p.downloaded_delete);
  offline_json(w, sh);
  w.end_object();
}

// The step-through view: which step, its numbers' checks, the depth summaries.
void steps_json(JsonWriter& w, const Shell& sh) {
  const StepsView& v = sh.ui.steps;
  const AttentionSteps& s = v.s;
  double wsum = 0;
  for (float x : s.weights) wsum += x;
  w.key("steps").begin_object().key("open").value(v.open).key("tab").value(v.tab).key("step").value(v.step);
  w.key("ok").value(v.ok).key("layer").value(s.layer).key("head").value(s.head).key("query").value(s.query);
  w.key("tokens").value(s.tokens).key("head_dim").value(s.head_dim).key("sum_exp").value(s.sum_exp);
  w.key("weights_sum").value(wsum).key("max_diff_row").value(s.max_diff_row);
  w.key("has_projection").value(s.has_projection).key("max_diff_projected").value(s.max_diff_projected);
  w.key("hover_key").value(v.hover_key).key("depth_shared").value(v.depth_shared);
  w.key("depth_highs").begin_array();  // each depth map's colour range top (its own, or the shared one)
  for (size_t l = 0; l < v.depth_scales.size(); ++l) w.value(v.depth_shared ? v.depth_scale.hi : v.depth_scales[l].hi);
  w.end_array();
  w.key("depth").begin_array();
  for (const RowSummary& r : v.depth_rows)
    w.begin_object()
        .key("entropy")
        .value(r.entropy_bits)
        .key("cls")
        .value(r.to_prefix)
        .key("distance_px")
        .value(r.distance_px)
        .end_object();
  w.end_array();
  const Probe& p = sh.ui.probe;
  rect(w, "window", p.steps_window);
  rect(w, "prev", p.steps_prev);
  rect(w, "next", p.steps_next);
  rects(w, "step_pills", p.step_pills);
  rects(w, "depth_maps", p.depth_maps);
  rect(w, "picture", p.steps_picture);
  rects(w, "depth_pictures", p.depth_pictures);
  w.end_object();
}

}  // namespace

std::string state_json(const Shell& sh) {
  JsonWriter w;
  w.begin_object();
  app_json(w, sh);
  ui_json(w, sh);
  steps_json(w, sh);
  // The (b) row of the selected token, as shown (for export tests).
  const auto& a = sh.ui.attn.matrix;
  const int tok = sh.app.sel.token;
  const int n = int(std::sqrt(double(a.size())));
  w.key("attention_row").begin_array();
  if (tok >= 0 && tok < n)
    for (int j = 0; j < n; ++j) w.value(a[size_t(tok) * size_t(n) + size_t(j)]);
  w.end_array();
  const FrameStats& fs = sh.stats;
  w.key("perf").begin_object().key("frames").value(fs.count).key("skipped_frames").value(sh.skipped_frames);
  w.key("held_frames").value(sh.held_frames).key("wasm_heap").value(platform::wasm_heap_bytes());
  ring(w, "build_ms", fs.build_ms, fs.count);
  ring(w, "gap_ms", fs.gap_ms, fs.gaps);
  w.end_object();
  const platform::RuntimeInfo rt = platform::runtime_info();
  w.key("runtime").begin_object().key("isolated").value(rt.isolated).key("threads").value(rt.threads).end_object();
  w.end_object();
  return w.str();
}

void install_probe(const Shell& s) { g_shell = &s; }

}  // namespace vitvis

using namespace vitvis;

// window.vitvis.state(): the JSON above, in a buffer that lives until the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* vitvis_state_json() {
  static std::string json;
  json = g_shell ? state_json(*g_shell) : "{}";
  return json.c_str();
}

// window.vitvis.drawn(): the generation of the result the last presented frame shows (0: none yet), a
// cheap poll for benches.
extern "C" EMSCRIPTEN_KEEPALIVE int vitvis_drawn_generation() {
  if (!g_shell || !g_shell->app.shown || g_shell->app.timings.views_pending) return 0;
  return g_shell->app.shown->generation;
}

// window.vitvis.input(original): input_of's floats in the wasm heap.
extern "C" EMSCRIPTEN_KEEPALIVE const float* vitvis_input_data(int original) {
  const auto* v = input_of(original);
  return v ? v->data() : nullptr;
}
extern "C" EMSCRIPTEN_KEEPALIVE int vitvis_input_size(int original) {
  const auto* v = input_of(original);
  return v ? int(v->size()) : 0;
}

// App actions: the model list, samples, the user's images, inference -> snapshot (model loading:
// models.cpp), and where runs start and their answers arrive (what runs next: scheduler.h). Every
// browser answer arrives here through src/platform (which wakes the frame loop).
#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "app/app.h"
#include "app/catalog.h"
#include "app/i18n.h"
#include "app/internal.h"
#include "onnx_model_info.h"
#include "platform/browser.h"

namespace vitvis {

std::string format(const char* fmt, ...) {
  va_list args, copy;
  va_start(args, fmt);
  va_copy(copy, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string out(size_t(std::max(n, 0)) + 1, '\0');
  std::vsnprintf(out.data(), out.size(), fmt, args);
  va_end(args);
  out.resize(size_t(std::max(n, 0)));
  return out;
}

void append_carried(App& app) {
  if (!app.model) return;
  for (auto& s : app.carried) app.model->samples.push_back(std::move(s));
  app.carried.clear();
}

void forget_user_model(App& app, const ModelEntry& e) {
  if (!e.user_file && !is_model_url(e.id) && e.id.rfind("hf:", 0) != 0) return;
  std::erase_if(app.models, [&](const ModelEntry& m) { return m.id == e.id; });
}

void apply_link_selection(App& app) {
  if (app.url_applied || !app.model) return;
  app.url_applied = true;
  const ModelSpec& s = app.model->spec;
  std::vector<std::string> bad = apply_url_selection(app.url, s, &app.sel);
  WhatIf& w = app.whatif;
  if (app.url.fill >= 0) w.fill = HideFill(app.url.fill);
  if (PatchMask m; !app.url.hide.empty()) {
    if (mask_from_text(app.url.hide, s.num_patches(), &m)) {
      w.hidden = std::move(m);
      w.from_link = true;  // for the first result (on its way)
      if (app.shown && !app.shown->edited() && !app.busy()) whatif_result(app), schedule(app);
    } else {
      set_error(app, format(T("The link's %s do not fit %s; using defaults there."), "hide", s.name.c_str()));
      return;
    }
  }
  if (!bad.empty()) {
    std::string list;
    for (auto& b : bad) list += (list.empty() ? "" : ", ") + b;
    set_error(app, format(T("The link's %s do not fit %s; showing the nearest that exists."), list.c_str(),
                          s.name.c_str()));
  }
}

void show_result(App& app, PendingRun& run, RunAnswer& answer) {
  if (!answer.ok) {
    set_error(app, std::string(T("Inference failed:")) + " " + answer.error);
    return;
  }
  auto shot = std::make_shared<Snapshot>();
  std::string err;
  if (!InferenceResult::create(app.model->spec, std::move(answer.out.tensors), &shot->result, &err)) {
    set_error(app, format(T("The model's output does not fit the contract: %s"), err.c_str()));
    return;
  }
  shot->input = std::move(run.input);
  shot->image = run.image;
  const auto& samples = app.model->samples;
  if (run.image >= 0 && run.image < int(samples.size())) {
    shot->true_label = samples[size_t(run.image)]->label;
    shot->true_name = samples[size_t(run.image)]->name;
  }
  shot->hidden = std::move(run.hidden);
  shot->fill = run.fill;
  if (app.model->head_fingerprint == 0) app.model->head_fingerprint = fingerprint(shot->result.head_weight_values());
  if (app.own.active) own_head_result(app, *shot);
  shot->generation = ++app.generation;
  app.shown = std::move(shot);
  whatif_result(app);
  app.timings.ort_ms = answer.out.ort_ms;
  app.timings.copy_ms = answer.out.copy_ms;
  app.timings.views_pending = true;
  app.timings.roundtrip_ms = platform::now_ms() - app.run_started;
  app.timings.inferences++;
  // An error goes with the next success: an inference that failed with this one, any other with a result
  // for another image than the one shown when it came.
  if (app.status.error && (app.last_error.rfind(T("Inference failed:"), 0) == 0 ||
                           (app.status.image >= 0 && app.shown->image != app.status.image)))
    app.status = {};
}

void deliver_result(App& app, int session, RunScheduler::Ticket ticket, RunAnswer answer) {
  // Not wanted: cancelled, or its model was replaced (then it is not app.running either).
  const bool wanted = app.runs.finish(ticket);
  if (!app.running || app.running->ticket != ticket) return;
  std::unique_ptr<PendingRun> run = std::move(app.running);
  if (!app.model || app.model->session != session) return;
  if (wanted && run->done) run->done(app, *run, answer);
  schedule(app);
}

void request(App& app, RunKind kind) {
  app.runs.offer(kind);
  schedule(app);
}

void schedule(App& app) {
  while (app.model && !app.busy()) {
    const std::optional<RunKind> kind = app.runs.pick();
    if (!kind) return;
    switch (*kind) {  // (a kind without its case here does not compile: -Wswitch)
      case RunKind::Person: person_next(app); break;
      case RunKind::Camera: camera_next(app); break;
      case RunKind::WhatIf: whatif_next(app); break;
      case RunKind::Sweep: sweep_next(app); break;
      case RunKind::Survey: survey_next(app); break;
    }
  }
}

std::unique_ptr<PendingRun> new_run(RunKind kind, RunDone done) {
  auto run = std::make_unique<PendingRun>();
  run->kind = kind;
  run->done = done;
  return run;
}

void start_run(App& app, std::unique_ptr<PendingRun> run) {
  if (!app.model || run->input.normalized.empty()) return;
  if (shown_run(run->kind)) app.run_started = platform::now_ms();
  run->ticket = app.runs.begin(run->kind);
  app.running = std::move(run);
  const ModelSpec& s = app.model->spec;
  const int session = app.model->session;
  const RunScheduler::Ticket ticket = app.running->ticket;
  platform::run(
      session, "pixel_values", app.running->input.normalized, {1, s.channels, s.image_size, s.image_size},
      [&app, session, ticket](bool ok, platform::RunOutput out, std::string err) {
        deliver_result(app, session, ticket, {ok, std::move(out), std::move(err)});
      },
      app.running->outputs);
}

void load_samples(App& app, const std::string& manifest_url) {
  LoadedModel* m = app.model.get();
  platform::fetch_bytes(
      manifest_url, nullptr, [&app, m, manifest_url](bool ok, platform::Bytes bytes, std::string err) {
        if (app.model.get() != m) return;
        if (!ok) {
          set_error(app, format(T("Could not load the sample list: %s"), err.c_str()));
          return;
        }
        auto refs =
            parse_sample_manifest(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), &err);
        if (!refs) {
          set_error(app, format(T("The sample list is not a JSON array: %s"), err.c_str()));
          return;
        }
        const std::string base = dir_of(manifest_url);
        for (SampleRef& r : *refs) {
          auto s = std::make_unique<Sample>();
          s->uid = app.next_uid++;
          s->file = std::move(r.file);
          s->name = std::move(r.name);
          s->label = r.label;
          m->samples.push_back(std::move(s));
        }
        const size_t bundled = m->samples.size();
        append_carried(app);
        for (size_t i = 0; i < bundled; ++i) {
          Sample* s = m->samples[i].get();
          platform::fetch_bytes(
              base + s->file, nullptr, [&app, m, s, i, bundled](bool ok, platform::Bytes b, std::string err) {
                if (app.model.get() != m) return;
                if (ok && decode_image(b, &s->image, &err)) {
                  s->loaded = true;
                  const int first = (!app.url_applied && app.url.image >= 0) ? app.url.image : 0;
                  if (app.sel.image < 0 && int(i) == first) {
                    select_image(app, first);
                    apply_link_selection(app);
                  } else if (app.sel.image < 0 && i + 1 == bundled && first >= int(bundled)) {
                    // The nearest that exists: the last (this one). Counted from 1, as in links.
                    set_error(app, format(T("The link's image %d does not exist; showing the last one, %d."),
                                          first + 1, int(bundled)));
                    select_image(app, int(i));
                    apply_link_selection(app);
                  }
                } else {
                  s->error = ok ? err : format(T("download failed: %s"), err.c_str());
                }
              });
        }
      });
}

void set_error(App& app, const std::string& text) {
  static unsigned serial = 0;
  app.status = {true, text, app.sel.image, ++serial, {}};
  app.last_error = text;
  std::fprintf(stderr, "[vitvis] %s\n", text.c_str());
}
void set_info(App& app, const std::string& text) { app.status = {false, text, -1, 0, {}}; }
void set_info(App& app, std::function<std::string()> say) {
  std::string text = say();
  app.status = {false, std::move(text), -1, 0, std::move(say)};
}
void resay_status(App& app) {
  if (!app.status.error && app.status.say) app.status.text = app.status.say();
}

UrlState current_url_state(const App& app, float ui_scale) {
  UrlState u;
  if (!app.model) return app.url;
  u.model = !app.asked_model.empty() ? app.asked_model : app.model->entry.user_file ? "" : app.model->entry.id;
  const bool own_image = app.sel.image >= 0 && app.sel.image < int(app.model->samples.size()) &&
                         app.model->samples[size_t(app.sel.image)]->uploaded;
  u.image = own_image ? -1 : app.sel.image;
  u.layer = app.sel.layer;
  u.head = app.sel.head;
  if (app.sel.pinned && app.model->spec.is_prefix(app.sel.token))
    u.token = app.sel.token;
  else if (app.sel.pinned && app.sel.token < app.model->spec.num_tokens())  // a patch: where it is
    u.patch_row = app.model->spec.patch_row(app.sel.token), u.patch_col = app.model->spec.patch_col(app.sel.token);
  u.cls = app.sel.pinned_cls;
  u.hidden = app.sel.hidden;
  u.channel = app.sel.channel;
  if (!own_image) u.hide = mask_to_text(app.whatif.hidden);
  if (app.whatif.fill != HideFill::Mean) u.fill = int(app.whatif.fill);
  if (ui_scale != 1.f) u.scale = ui_scale;
  return u;
}

namespace {

void load_model_list(App& app, const std::string& url) {
  platform::fetch_bytes(url, nullptr, [&app, url](bool ok, platform::Bytes bytes, std::string err) {
    if (!ok) {
      set_error(app, format(T("Could not load the model list (%s): %s"), url.c_str(), err.c_str()));
      return;
    }
    auto list = parse_model_index(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                                  dir_of(url), &err);
    if (!list) {
      set_error(app, format(T("models/index.json is malformed: %s"), err.c_str()));
      return;
    }
    app.models = std::move(*list);
    if (app.models.empty()) {
      set_error(app, T("models/index.json lists no models."));
      return;
    }
    // ?model=<id> picks the model; ?model=<path or URL of an .onnx> adds it when it is on this
    // site; anything else falls back to the first with a notice.
    const std::string want = app.url.model;
    int pick = find_model(app.models, want);
    std::string why = format(T("No model '%s' in this app"), shown_name(want).c_str());
    if (HubModelId hub; pick < 0 && parse_hub_model_id(want, &hub)) {
      app.models.push_back(hub_model_entry(hub, app.hub.bases[0].url));
      pick = int(app.models.size()) - 1;
    } else if (pick < 0 && is_model_url(want)) {
      if (platform::same_origin(want)) {
        ModelEntry m;
        m.id = m.file = want;
        m.name = shown_name(want.substr(want.rfind('/') + 1));
        m.description = format(T("Loaded from the link: %s"), shown_name(want).c_str());
        app.models.push_back(m);
        pick = int(app.models.size()) - 1;
      } else {
        why = format(
            T("The app loads models only from its own site, not %s (download the file and open it with \"Open…\")"),
            shown_name(want).c_str());
      }
    }
    if (pick < 0) {
      app.notice = format(T("%s; showing %s."), why.c_str(), app.models[0].name.c_str());
      load_model(app, 0);
    } else {
      load_model(app, pick);
    }
  });
}

}  // namespace

void load_index(App& app, const std::string& url) {
  app.photos = dir_of(url) + "photos/samples.json";
  app.imagenet_labels = dir_of(url) + "imagenet-1k.json";
  // models/hub.json (optional): where Hugging Face models come from, and the curated list.
  platform::fetch_bytes(
      dir_of(url) + "hub.json", nullptr, [&app, url](bool ok, platform::Bytes bytes, std::string err) {
        if (ok) {
          auto hub =
              parse_hub_config(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), &err);
          if (hub)
            app.hub = std::move(*hub);
          else
            set_error(app, format(T("models/hub.json is malformed: %s"), err.c_str()));
        }
        load_model_list(app, url);
      });
}

namespace {

// A person's run: a picked image, or the drawing pad's canvas.
void start_person_run(App& app, ModelInput input, int image) {
  auto run = new_run(RunKind::Person, show_result);
  run->input = std::move(input);
  run->image = image;
  start_run(app, std::move(run));
}

bool can_run(const App& app, int sample) {
  return app.model && sample >= 0 && sample < int(app.model->samples.size()) &&
         app.model->samples[size_t(sample)]->loaded;
}

void start_image(App& app, int sample) {
  if (!can_run(app, sample)) return;
  app.sel.image = sample;
  cancel_occlusion(app);  // another image: the sweep of this one stops
  start_person_run(app, preprocess(app.model->samples[size_t(sample)]->image, app.model->spec), sample);
}

void start_pad(App& app) {
  DrawingPad& d = app.drawing;
  d.dirty = false;
  app.sel.image = -1;
  cancel_occlusion(app);
  start_person_run(app, preprocess(d.canvas.to_image(d.invert), app.model->spec), -1);
}

}  // namespace

void select_image(App& app, int sample) {
  if (!can_run(app, sample)) return;
  app.sel.image = sample;
  cancel_occlusion(app);  // another image: the sweep of this one stops
  app.queued_image = sample;
  request(app, RunKind::Person);
}

void run_drawing(App& app) {
  if (!app.model) return;
  if (app.busy()) {  // the live pad's canvas waits (person_next)
    app.runs.offer(RunKind::Person);
    return;
  }
  start_pad(app);
}

void person_next(App& app) {
  const DrawingPad& d = app.drawing;
  if (app.model && d.active && d.dirty && d.live) {
    start_pad(app);
    if (app.queued_image >= 0) app.runs.offer(RunKind::Person);  // the picked image after it
    return;
  }
  if (app.queued_image < 0) return;
  const int next = app.queued_image;
  app.queued_image = -1;
  start_image(app, next);
}

bool App::result_pending() const { return (busy() || queued_image >= 0) && (!shown || shown->image != sel.image); }

}  // namespace vitvis

// The embed API (#34; docs/embedding.md): the page around an embed sets the view by postMessage and hears
// what the student does. Messages (core/embed_api.h) are read when they arrive and applied at the start
// of the next frame, once the model and its first result are there (until then they wait, in order);
// events go out after a frame is shown: "ready" once per model, "result" per new result, "selection"
// when the view's link changes (by: "link" the first, "page" when a message made it, "user" when the
// student did), "error" for a
// message that could not be applied whole.
#include <algorithm>
#include <functional>
#include <string>

#include "app/catalog.h"
#include "app/i18n.h"
#include "embed_api.h"
#include "json.h"
#include "platform/browser.h"
#include "shell/shell.h"
#include "ui/announce.h"
#include "ui/intents.h"
#include "ui/labels.h"
#include "ui/layout.h"
#include "ui/lesson_player.h"

namespace vitvis {
namespace {

bool ready(const Shell& s) { return s.app.model && s.app.url_applied && s.app.shown; }

std::string event(const char* type, const std::string& id, const std::function<void(JsonWriter&)>& body) {
  JsonWriter w;
  w.begin_object().key("vitvis").value(kEmbedApiVersion).key("type").value(type);
  if (!id.empty()) w.key("id").value(id);
  body(w);
  w.end_object();
  return w.str();
}

void post_error(const std::string& id, const std::string& message) {
  platform::post_to_page(event("error", id, [&](JsonWriter& w) { w.key("message").value(message); }));
}

void post_selection(Shell& s, const std::string& query, const std::string& id) {
  const UrlState u = view_url_state(s.app, s.ui);
  platform::post_to_page(event("selection", id, [&](JsonWriter& w) {
    w.key("view").raw(view_json(u)).key("text").value(describe_view(s.app)).key("link").value(query);
    // What made it: the embed's own link (the first), a message from the page, or the student.
    w.key("by").value(s.page.sent_query.empty() ? "link" : query == s.page.page_query ? "page" : "user");
  }));
  s.page.sent_query = query;
}

// A "set": the view's given fields (ui/intents' apply_view); what does not fit is reported.
void apply_set(Shell& s, const PageMessage& m) {
  std::vector<std::string> notices = m.notices;
  for (std::string& n : apply_view(s.app, s.ui, m.view, m.fields)) notices.push_back(std::move(n));
  if (m.lesson_step >= 0 && !lesson_go_to(s.app, s.ui, m.lesson_step)) notices.push_back("no lesson is open");
  s.page.page_query = url_query(view_url_state(s.app, s.ui));
  s.page.last_id = m.id;
  if (!notices.empty()) {
    std::string text;
    for (const std::string& n : notices) text += (text.empty() ? "" : "; ") + n;
    post_error(m.id, text);
  }
}

}  // namespace

void listen_to_page(Shell& s, const std::string& parent) {
  platform::listen_to_page(split_origins(parent), [&s](std::string json) {
    std::string err;
    std::optional<PageMessage> m = parse_page_message(json, &err);
    if (!m) {
      post_error("", "not understood: " + err);
      return;
    }
    s.page.queued.push_back(std::move(*m));
  });
}

void page_api_turn(Shell& s) {
  if (s.page.queued.empty() || !ready(s)) return;
  std::vector<PageMessage> queued = std::move(s.page.queued);
  s.page.queued.clear();
  for (const PageMessage& m : queued) {
    if (m.kind == PageMessage::Kind::Set) {
      apply_set(s, m);
    } else {
      s.page.answer_get = true;
      s.page.last_id = m.id;
    }
  }
}

void post_page_events(Shell& s) {
  if (!s.page.listening || !ready(s)) return;
  App& app = s.app;
  if (s.page.ready_model != app.model.get()) {
    s.page.ready_model = app.model.get();
    const ModelSpec& spec = app.model->spec;
    platform::post_to_page(event("ready", "", [&](JsonWriter& w) {
      w.key("version").value(kEmbedApiVersion);
      w.key("model").begin_object().key("id").value(app.model->entry.id).key("name").value(spec.name);
      w.key("layers").value(spec.layers).key("heads").value(spec.heads).key("grid").value(spec.grid());
      w.key("tokens").value(spec.num_tokens()).key("dim").value(spec.dim);
      w.key("classes").begin_array();
      for (const std::string& l : spec.labels) w.value(l);
      w.end_array().end_object();
      w.key("images").begin_array();
      for (const auto& im : app.model->samples)
        if (!im->uploaded) w.value(im->label >= 0 ? im->name : im->file);
      w.end_array();
    }));
  }
  if (s.page.result_generation != app.shown->generation) {
    s.page.result_generation = app.shown->generation;
    const InferenceResult& r = app.shown->result;
    const auto& samples = app.model->samples;
    const int im = app.shown->image;
    const bool listed = im >= 0 && im < int(samples.size()) && !samples[size_t(im)]->uploaded;
    platform::post_to_page(event("result", "", [&](JsonWriter& w) {
      if (listed) w.key("image").value(im + 1);
      if (listed && samples[size_t(im)]->label >= 0) w.key("label").value(samples[size_t(im)]->name);
      w.key("top").begin_array();
      for (const auto& c : r.top_k(5))
        w.begin_object().key("class").value(c.index).key("name").value(r.spec().labels[size_t(c.index)])
            .key("p").value(double(c.probability)).end_object();
      w.end_array();
    }));
  }
  const std::string q = url_query(view_url_state(app, s.ui));
  if (q != s.page.sent_query || s.page.answer_get) {
    post_selection(s, q, s.page.answer_get || q == s.page.page_query ? s.page.last_id : std::string());
    s.page.answer_get = false;
  }
}

}  // namespace vitvis

// Class-ready offline (#35): offline.json read, the service worker asked what it has and told to store the
// rest, the browser's storage estimate; answers checked against the refresh they belong to.
#include <algorithm>

#include "app/app.h"
#include "app/internal.h"
#include "json.h"

namespace vitvis {
namespace {

std::string paths_json(const std::vector<std::string>& paths) {
  JsonWriter w;
  w.begin_array();
  for (const std::string& p : paths) w.value(p);
  w.end_array();
  return w.str();
}

std::vector<std::string> all_paths(const OfflineManifest& m) {
  std::vector<std::string> out;
  for (const OfflineGroup& g : m.groups)
    for (const OfflineFile& f : g.files) out.push_back(f.path);
  return out;
}

double file_bytes(const OfflineManifest& m, const std::string& path) {
  for (const OfflineGroup& g : m.groups)
    for (const OfflineFile& f : g.files)
      if (f.path == path) return f.bytes;
  return 0;
}

void estimate(App& app) {
  platform::storage_estimate([&app, serial = app.offline.serial](double usage, double quota, bool persisted) {
    if (serial != app.offline.serial) return;
    app.offline.usage = usage;
    app.offline.quota = quota;
    app.offline.persisted = persisted;
  });
}

// Which of the manifest's files the service worker has (after a refresh's list, and after a store).
void ask_stored(App& app) {
  OfflineUse& o = app.offline;
  platform::offline_stored(paths_json(all_paths(o.manifest)), [&app, serial = o.serial](std::string json) {
    OfflineUse& o = app.offline;
    if (serial != o.serial) return;
    const std::optional<Json> doc = parse_json(json);
    const Json* worker = doc ? doc->get("worker") : nullptr;
    const Json* stored = doc ? doc->get("stored") : nullptr;
    const Json* error = doc ? doc->get("error") : nullptr;
    o.worker = worker && worker->boolean;
    o.stored.clear();
    if (stored && stored->is_array())
      for (const Json& p : stored->array)
        if (p.is_string()) o.stored.insert(p.string);
    if (o.phase == OfflineUse::Phase::Storing) return;  // (a store's end asks again)
    if (!o.worker) {
      o.phase = OfflineUse::Phase::Failed;
      o.error = error && error->is_string() ? error->string : "no service worker";
    } else {
      o.phase = OfflineUse::Phase::Ready;
    }
  });
}

void store_event(App& app, const std::string& json) {
  OfflineUse& o = app.offline;
  OfflineUse::Run& r = o.run;
  const std::optional<Json> doc = parse_json(json);
  const Json* type = doc ? doc->get("type") : nullptr;
  if (!type || !type->is_string()) return;
  auto text = [&](const char* key) {
    const Json* v = doc->get(key);
    return v && v->is_string() ? v->string : std::string();
  };
  if (type->string == "progress") {
    const Json* received = doc->get("received");
    if (received && received->is_number()) r.file_received = received->number;
  } else if (type->string == "file") {
    const Json* ok = doc->get("ok");
    const std::string path = text("path");
    r.file_received = 0;
    ++r.files_done;
    if (ok && ok->boolean) {
      r.done += file_bytes(o.manifest, path);
      o.stored.insert(path);
    } else {
      const std::string why = text("error");
      if (why == "quota")
        r.quota_full = true;
      else
        r.failures.push_back(path + ": " + why);
    }
  } else if (type->string == "end") {
    const Json* cancelled = doc->get("cancelled");
    r.cancelled = cancelled && cancelled->boolean;
    const std::string error = text("error");
    if (error == "quota")
      r.quota_full = true;
    else if (!error.empty())
      r.error = error;
    r.ended = true;
    r.file_received = 0;
    o.phase = OfflineUse::Phase::Ready;
    ask_stored(app);  // what the cache holds now, whole
    estimate(app);
  }
}

}  // namespace

void offline_refresh(App& app) {
  OfflineUse& o = app.offline;
  if (o.phase == OfflineUse::Phase::Storing) return;
  const int serial = ++o.serial;
  o.phase = OfflineUse::Phase::Reading;
  o.error.clear();
  platform::fetch_bytes("offline.json", nullptr, [&app, serial](bool ok, platform::Bytes bytes, std::string err) {
    OfflineUse& o = app.offline;
    if (serial != o.serial) return;
    std::string why;
    std::optional<OfflineManifest> m;
    if (ok) m = parse_offline_manifest(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), &why);
    if (!m) {
      o.phase = OfflineUse::Phase::Failed;
      o.error = "offline.json: " + (ok ? why : err);
      return;
    }
    const bool same = o.manifest.groups.size() == m->groups.size();
    o.manifest = std::move(*m);
    if (!same) o.chosen.assign(o.manifest.groups.size(), true);  // everything, unless the person left some out
    ask_stored(app);
  });
  estimate(app);
  refresh_downloaded(app);
}

OfflinePlan offline_plan(const App& app) {
  return plan_offline(app.offline.manifest, app.offline.chosen, app.offline.stored);
}

double offline_hub_bytes(const App& app) {
  double n = 0;
  for (const DownloadedModel& d : app.downloaded)
    if (!app.offline.hub_left_out.count(d.prefix)) n += d.bytes;
  return n;
}

bool offline_start(App& app) {
  OfflineUse& o = app.offline;
  if (o.phase != OfflineUse::Phase::Ready) return false;
  const OfflinePlan plan = offline_plan(app);
  o.run = {};
  o.run.started = true;
  o.run.total = plan.missing_bytes();
  o.run.files = int(plan.missing.size());
  if (plan.missing.empty()) {
    o.run.ended = true;  // already whole: said as ready
    return false;
  }
  o.phase = OfflineUse::Phase::Storing;
  // Persistent storage: the browser then keeps the files under pressure (it may ask, or decide itself).
  platform::storage_persist([&app](bool persisted) { app.offline.persisted = persisted; });
  platform::offline_store(paths_json(plan.missing), [&app](std::string json) { store_event(app, json); });
  return true;
}

void offline_cancel(App& app) {
  if (app.offline.phase == OfflineUse::Phase::Storing) platform::offline_cancel();
}

void set_online(App& app, bool online) {
  OfflineUse& o = app.offline;
  o.online = online;
  if (online) {
    o.asked_while_offline = false;
  } else if (!o.asked_while_offline) {
    o.asked_while_offline = true;
    offline_refresh(app);  // what the badge's tooltip says works
  }
}

}  // namespace vitvis

// "Make available offline" (#35): the build's list of what the app can need offline (dist/offline.json,
// scripts/write_offline_manifest.py), and what is left to store for the groups a person chose.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace vitvis {

struct OfflineFile {
  std::string path;  // relative to the site ("models/mnist-vit/model.onnx")
  double bytes = 0;  // decoded size
};

// What the build puts together: the app, languages, fonts (required), each bundled model, the hub
// models' photos and class names, the trainer and its data.
struct OfflineGroup {
  std::string id;    // "app", "languages", "fonts", "model:<id>", "photos", "training"
  std::string kind;  // "app", "languages", "fonts", "model", "photos", "training" (others: shown by name)
  std::string name;  // a model's name; the others' names are the UI's (by kind)
  bool required = false;
  std::vector<OfflineFile> files;
  double bytes() const;
};

struct OfflineManifest {
  std::vector<OfflineGroup> groups;
};

// Reads offline.json; nullopt (and *error) when it is not one: no groups, a file without a path or with a
// path that leaves the site (absolute, "..", a query), a negative or missing size.
std::optional<OfflineManifest> parse_offline_manifest(std::string_view json, std::string* error = nullptr);

// What storing the chosen groups (`chosen[i]` for groups[i]; a required group always) means with `stored`
// already in the browser: every file counted once.
struct OfflinePlan {
  double total = 0;          // the chosen groups' bytes
  double stored = 0;         // of which already stored
  int files = 0, stored_files = 0;
  std::vector<std::string> missing;  // to fetch, in the manifest's order
  double missing_bytes() const { return total - stored; }
};
OfflinePlan plan_offline(const OfflineManifest& m, const std::vector<bool>& chosen, const std::set<std::string>& stored);

// Whether `bytes` more fit in the browser's storage (its estimate: usage and quota; unknown when
// quota <= 0), keeping a tenth of the quota free: the browser evicts a site's data near its limit.
bool offline_fits(double bytes, double usage, double quota);

// Whether every file of group g is stored.
bool group_stored(const OfflineGroup& g, const std::set<std::string>& stored);

}  // namespace vitvis

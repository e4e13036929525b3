#include "offline.h"

#include "json.h"

namespace vitvis {
namespace {

bool fail(std::string* error, std::string why) {
  if (error) *error = std::move(why);
  return false;
}

// A path inside the site: relative, no "..", no query or fragment, no backslash.
bool site_path(const std::string& p) {
  if (p.empty() || p.front() == '/' || p.find("://") != std::string::npos) return false;
  if (p.find_first_of("?#\\") != std::string::npos) return false;
  size_t start = 0;
  while (start <= p.size()) {
    const size_t end = std::min(p.find('/', start), p.size());
    const std::string_view part(p.data() + start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

bool read_group(const Json& g, OfflineGroup* out, std::string* error) {
  const Json* id = g.get("id");
  const Json* files = g.get("files");
  if (!g.is_object() || !id || !id->is_string() || id->string.empty()) return fail(error, "a group without an id");
  if (!files || !files->is_array()) return fail(error, "group " + id->string + " has no files");
  out->id = id->string;
  const Json* kind = g.get("kind");
  const Json* name = g.get("name");
  const Json* required = g.get("required");
  out->kind = kind && kind->is_string() ? kind->string : "";
  out->name = name && name->is_string() ? name->string : out->id;
  out->required = required && required->type == Json::Type::Bool && required->boolean;
  for (const Json& f : files->array) {
    const Json* path = f.get("path");
    const Json* bytes = f.get("bytes");
    if (!f.is_object() || !path || !path->is_string() || !site_path(path->string))
      return fail(error, "group " + out->id + ": a file path that is not one of the site's");
    if (!bytes || !bytes->is_number() || !(bytes->number >= 0))
      return fail(error, "group " + out->id + ": " + path->string + " has no size");
    out->files.push_back({path->string, bytes->number});
  }
  return true;
}

}  // namespace

double OfflineGroup::bytes() const {
  double n = 0;
  for (const OfflineFile& f : files) n += f.bytes;
  return n;
}

std::optional<OfflineManifest> parse_offline_manifest(std::string_view json, std::string* error) {
  std::string why;
  const std::optional<Json> doc = parse_json(json, &why);
  if (!doc) return fail(error, "not JSON (" + why + ")"), std::nullopt;
  const Json* groups = doc->get("groups");
  if (!doc->is_object() || !groups || !groups->is_array() || groups->array.empty())
    return fail(error, "no groups of files"), std::nullopt;
  OfflineManifest m;
  std::set<std::string> ids;
  for (const Json& g : groups->array) {
    OfflineGroup group;
    if (!read_group(g, &group, error)) return std::nullopt;
    if (!ids.insert(group.id).second) return fail(error, "group " + group.id + " twice"), std::nullopt;
    m.groups.push_back(std::move(group));
  }
  return m;
}

OfflinePlan plan_offline(const OfflineManifest& m, const std::vector<bool>& chosen, const std::set<std::string>& stored) {
  OfflinePlan plan;
  std::set<std::string> counted;
  for (size_t i = 0; i < m.groups.size(); ++i) {
    const OfflineGroup& g = m.groups[i];
    if (!g.required && !(i < chosen.size() && chosen[i])) continue;
    for (const OfflineFile& f : g.files) {
      if (!counted.insert(f.path).second) continue;
      plan.total += f.bytes;
      ++plan.files;
      if (stored.count(f.path)) {
        plan.stored += f.bytes;
        ++plan.stored_files;
      } else {
        plan.missing.push_back(f.path);
      }
    }
  }
  return plan;
}

bool offline_fits(double bytes, double usage, double quota) {
  if (quota <= 0) return true;  // the browser does not say: try (a full storage is reported as it happens)
  return usage + bytes <= quota * 0.9;
}

bool group_stored(const OfflineGroup& g, const std::set<std::string>& stored) {
  for (const OfflineFile& f : g.files)
    if (!stored.count(f.path)) return false;
  return true;
}

}  // namespace vitvis

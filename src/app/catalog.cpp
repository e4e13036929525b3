// The model list, sample lists and a link's selection: parsing and checks with no browser involved.
#include "app/catalog.h"

#include <algorithm>
#include <cctype>

#include "json.h"

namespace vitvis {
namespace {

std::string str(const Json& e, const char* key) {
  const Json* v = e.get(key);
  return v && v->is_string() ? v->string : std::string();
}

}  // namespace

std::optional<std::vector<ModelEntry>> parse_model_index(std::string_view text, const std::string& base_dir,
                                                         std::string* error) {
  auto j = parse_json(text, error);
  const Json* list = j ? j->get("models") : nullptr;
  if (!list || !list->is_array()) {
    if (j && error) *error = "no \"models\" array";
    return std::nullopt;
  }
  std::vector<ModelEntry> out;
  for (const Json& e : list->array) {
    ModelEntry m;
    m.id = str(e, "id");
    m.name = str(e, "name");
    m.file = str(e, "file").empty() ? "" : base_dir + str(e, "file");
    m.samples = str(e, "samples").empty() ? "" : base_dir + str(e, "samples");
    m.description = str(e, "description");
    m.finer = str(e, "finer");
    if (const Json* b = e.get("bytes"); b && b->is_number()) m.bytes = b->number;
    if (!m.file.empty()) out.push_back(std::move(m));
  }
  return out;
}

std::optional<std::vector<SampleRef>> parse_sample_manifest(std::string_view text, std::string* error) {
  auto j = parse_json(text, error);
  if (!j || !j->is_array()) {
    if (j && error) *error = "not an array";
    return std::nullopt;
  }
  std::vector<SampleRef> out;
  for (const Json& e : j->array) {
    SampleRef s{str(e, "file"), str(e, "name"), -1};
    if (const Json* l = e.get("label"); l && l->is_number()) s.label = int(l->number);
    if (!s.file.empty()) out.push_back(std::move(s));
  }
  return out;
}

std::optional<HubConfig> parse_hub_config(std::string_view text, std::string* error) {
  auto j = parse_json(text, error);
  if (!j || !j->is_object()) {
    if (j && error) *error = "not a JSON object";
    return std::nullopt;
  }
  HubConfig h;
  if (const Json* bases = j->get("bases"); bases && bases->is_array()) {
    h.bases.clear();
    for (const Json& b : bases->array) {
      HubBase base{str(b, "url"), str(b, "name")};
      while (!base.url.empty() && base.url.back() == '/') base.url.pop_back();
      const bool local = base.url.rfind("http://127.0.0.1:", 0) == 0 || base.url.rfind("http://localhost:", 0) == 0;
      if (base.url.rfind("https://", 0) != 0 && !local) {
        if (error) *error = "hub base '" + base.url.substr(0, 80) + "' is not https";
        return std::nullopt;
      }
      if (base.name.empty()) base.name = base.url;
      h.bases.push_back(std::move(base));
    }
    if (h.bases.empty()) {
      if (error) *error = "no hub bases";
      return std::nullopt;
    }
  }
  if (const Json* models = j->get("models"); models && models->is_array())
    for (const Json& m : models->array) {
      HubModel hm{str(m, "id"), str(m, "note"), 0};
      if (const Json* b = m.get("bytes"); b && b->is_number()) hm.bytes = b->number;
      HubModelId id;
      if (parse_hub_model_id(hm.id, &id, false)) h.models.push_back(std::move(hm));
    }
  std::stable_sort(h.models.begin(), h.models.end(),
                   [](const HubModel& a, const HubModel& b) { return a.bytes < b.bytes; });
  return h;
}

ModelEntry hub_model_entry(const HubModelId& id, const std::string& base_url, double bytes) {
  std::string rev;
  for (char c : id.revision) rev += c == '/' ? std::string("%2F") : std::string(1, c);
  const std::string dir = base_url + "/" + id.repo() + "/resolve/" + rev + "/";
  ModelEntry m;
  m.id = id.link();
  m.name = id.repo() + (id.revision == "main" ? "" : "@" + id.revision);
  m.file = dir + "model.safetensors";
  m.config = dir + "config.json";
  m.preprocessor = dir + "preprocessor_config.json";
  m.source = "Hugging Face: " + m.name + " (" + base_url + ")";
  m.bytes = bytes;
  return m;
}

std::vector<DownloadedModel> group_downloads(std::string_view files_json) {
  std::vector<DownloadedModel> out;
  auto j = parse_json(files_json);
  if (!j || !j->is_array()) return out;
  for (const Json& f : j->array) {
    const std::string url = str(f, "url");
    const size_t r = url.find("/resolve/");
    if (r == std::string::npos) continue;
    const size_t rev_end = url.rfind('/');
    const size_t name = url.rfind('/', r - 1), owner = name == std::string::npos ? name : url.rfind('/', name - 1);
    if (owner == std::string::npos || rev_end <= r + 9) continue;
    const std::string rev = url.substr(r + 9, rev_end - r - 9), prefix = url.substr(0, rev_end + 1);
    auto it = std::find_if(out.begin(), out.end(), [&](const DownloadedModel& d) { return d.prefix == prefix; });
    if (it == out.end()) {
      std::string repo = url.substr(owner + 1, r - owner - 1);
      if (rev != "main") repo += "@" + rev;
      out.push_back({prefix, repo, 0});
      it = out.end() - 1;
    }
    if (const Json* b = f.get("bytes"); b && b->is_number()) it->bytes += b->number;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DownloadedModel& a, const DownloadedModel& b) { return a.bytes > b.bytes; });
  return out;
}

int find_model(const std::vector<ModelEntry>& models, const std::string& want) {
  if (want.empty()) return 0;
  for (size_t i = 0; i < models.size(); ++i)
    if (models[i].id == want) return int(i);
  return -1;
}

std::vector<std::string> apply_url_selection(const UrlState& u, const ModelSpec& s, Selection* sel) {
  std::vector<std::string> clamped;
  // -2 (head) or -1 (others) = not given; -1 is a valid head (the mean). A value out of range becomes
  // the nearest that exists (a link made for a deeper model still opens its last layer).
  auto in = [&](int v, int lo, int hi, const char* name, int* dst) {
    if (v == -2 || (v == -1 && lo >= 0)) return;
    if (v < lo || v > hi) clamped.push_back(name);
    *dst = std::clamp(v, lo, hi);
  };
  in(u.layer, 0, s.layers - 1, "layer", &sel->layer);
  in(u.head, -1, s.heads - 1, "head", &sel->head);
  in(u.hidden, 0, s.layers, "hidden", &sel->hidden);
  // A link naming only the layer (a teacher's "?layer=2"): (c) follows (b), as after a click there.
  if (u.hidden == -1 && u.layer >= 0) sel->hidden = sel->layer + 1;
  in(u.channel, 0, s.dim - 1, "channel", &sel->channel);
  in(u.cls, 0, s.num_classes - 1, "class", &sel->pinned_cls);
  sel->cls = sel->pinned_cls;
  if (u.patch_row >= 0 && u.patch_col >= 0) {
    const int last = s.grid() - 1;
    if (u.patch_row > last || u.patch_col > last) clamped.push_back("patch");
    sel->token = s.token_of_patch(std::min(u.patch_row, last), std::min(u.patch_col, last));
    sel->pinned = true;
  } else if (u.token >= 0) {
    in(u.token, 0, s.num_tokens() - 1, "token", &sel->token);
    sel->pinned = true;
  }
  return clamped;
}

std::string dir_of(const std::string& path) {
  auto p = path.rfind('/');
  return p == std::string::npos ? std::string() : path.substr(0, p + 1);
}

std::string shown_name(const std::string& n) {
  std::string o;
  for (char c : n.substr(0, 60)) o += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  return n.size() > 60 ? o + "…" : o;
}

bool ends_with_ci(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

}  // namespace vitvis

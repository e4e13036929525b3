// The app's pure bookkeeping, natively tested: the model list (models/index.json), a model's sample
// list, which entry a link's ?model= picks, and the link's selection checked against a model.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.h"

namespace vitvis {

// models/index.json ({"models": [{id, name, file, samples, description, bytes, finer}, …]}); file and
// samples are made relative to base_dir. Entries without a file are skipped. nullopt and *error
// (English, from the JSON reader) when the text is not such a list.
std::optional<std::vector<ModelEntry>> parse_model_index(std::string_view text, const std::string& base_dir,
                                                         std::string* error);

struct SampleRef {
  std::string file, name;
  int label = -1;
};
// A sample list ([{file, name, label}, …]); entries without a file are skipped.
std::optional<std::vector<SampleRef>> parse_sample_manifest(std::string_view text, std::string* error);

// models/hub.json ({"bases": [{url, name}], "models": [{id, bytes, note}]}); nullopt and *error when
// malformed. Bases must be https (or http on localhost / 127.0.0.1, for tests); models smallest first.
std::optional<HubConfig> parse_hub_config(std::string_view text, std::string* error);

// The list entry of a hub model: its three files under BASE/owner/name/resolve/REVISION/.
ModelEntry hub_model_entry(const HubModelId& id, const std::string& base_url, double bytes = 0);

// The kept files ([{url, bytes}] as JSON) grouped by model and revision, largest first; files that
// are not under .../owner/name/resolve/REVISION/ are left out.
std::vector<DownloadedModel> group_downloads(std::string_view files_json);

// Index of the entry whose id is `want`; 0 when want is empty; -1 when no entry has it.
int find_model(const std::vector<ModelEntry>& models, const std::string& want);

// Applies the link's layer, head, hidden, channel, class and patch (or token) to *sel; a value that does
// not fit `spec` becomes the nearest that does. Returns the names of those so moved.
std::vector<std::string> apply_url_selection(const UrlState& url, const ModelSpec& spec, Selection* sel);

// "a/b/c.json" -> "a/b/" ("" without a slash).
std::string dir_of(const std::string& path);
// A file name as shown in messages: at most 60 characters (then "…"), control characters as '?'.
std::string shown_name(const std::string& name);
// Case-insensitive suffix test; `suffix` in lower case.
bool ends_with_ci(const std::string& s, const std::string& suffix);

}  // namespace vitvis

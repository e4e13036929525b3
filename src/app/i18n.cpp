// Language selection and lookup for the UI (see i18n.h).
#include "app/i18n.h"

#include <cstdio>

#include "i18n_strings.h"

namespace vitvis {
namespace {
Languages* g_languages = nullptr;  // set by main like ImGui's current context; owned by UiState
}  // namespace

void use_languages(Languages* l) {
  g_languages = l;
  if (!l || !l->catalogs.empty()) return;
  l->catalogs.resize(l->codes.size());
  for (int f = 0; f < 2; ++f) {
    std::string err;
    if (!l->catalogs[0].load(i18n_data::en[f], &err))
      std::fprintf(stderr, "[vitvis] en%s.json: %s\n", f ? ".teaching" : "", err.c_str());
  }
}

std::vector<std::string> catalog_files(const Languages& l, int i) {
  const std::string& c = l.codes[size_t(i)];
  return {"i18n/" + c + ".json", "i18n/" + c + ".teaching.json", "i18n/" + c + ".models.json"};
}

bool add_catalog(Languages& l, int i, std::string_view json, std::string* error) {
  if (i <= 0 || size_t(i) >= l.catalogs.size()) return false;
  if (!l.catalogs[size_t(i)].load(json, error)) return false;
  l.files_loaded.resize(l.catalogs.size(), 0);
  ++l.files_loaded[size_t(i)];
  return true;
}

bool has_catalog(const Languages& l, int i) {
  return i == 0 || (size_t(i) < l.files_loaded.size() && l.files_loaded[size_t(i)] >= int(catalog_files(l, i).size()));
}

bool set_language(Languages& l, const std::string& code) {
  for (size_t i = 0; i < l.codes.size(); ++i)
    if (l.codes[i] == code) {
      l.current = int(i);
      return true;
    }
  return false;
}

bool cjk_language() {
  if (!g_languages || size_t(g_languages->current) >= g_languages->codes.size()) return false;
  const std::string& c = g_languages->codes[size_t(g_languages->current)];
  return c.rfind("zh", 0) == 0 || c.rfind("ja", 0) == 0;
}

const char* T(const char* key) {
  if (!g_languages || g_languages->catalogs.empty()) return key;
  if (const char* s = g_languages->catalogs[size_t(g_languages->current)].find(key)) return s;
  if (const char* s = g_languages->catalogs[0].find(key)) return s;  // English
  return key;
}

namespace {
// The current language's catalog, or nullptr for English (a model's own words are English).
const Catalog* translating_catalog() {
  if (!g_languages || g_languages->catalogs.empty() || g_languages->current == 0) return nullptr;
  return &g_languages->catalogs[size_t(g_languages->current)];
}
}  // namespace

const char* class_name(const std::string& label) {
  const Catalog* c = translating_catalog();
  return c ? class_name_in(*c, label) : label.c_str();
}

const char* model_description(const std::string& id, const std::string& description) {
  const Catalog* c = translating_catalog();
  return c ? translated_in(*c, kModelKey, id, description) : description.c_str();
}

std::string all_translated_text(const Languages& l) {
  std::string all;
  for (size_t i = 1; i < l.catalogs.size(); ++i)
    for (auto& [k, v] : l.catalogs[i].entries()) all += v;
  return all;
}

}  // namespace vitvis

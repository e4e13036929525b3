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
  const char* const* data[] = {i18n_data::en, i18n_data::zh_CN};
  for (size_t i = 0; i < l->codes.size(); ++i)
    for (int f = 0; f < 2; ++f) {
      std::string err;
      if (!l->catalogs[i].load(data[i][f], &err))
        std::fprintf(stderr, "[vitvis] %s%s.json: %s\n", l->codes[i].c_str(), f ? ".teaching" : "", err.c_str());
    }
}

bool set_language(Languages& l, const std::string& code) {
  for (size_t i = 0; i < l.codes.size(); ++i)
    if (l.codes[i] == code) {
      l.current = int(i);
      return true;
    }
  return false;
}

const char* T(const char* key) {
  if (!g_languages || g_languages->catalogs.empty()) return key;
  if (const char* s = g_languages->catalogs[size_t(g_languages->current)].find(key)) return s;
  if (const char* s = g_languages->catalogs[0].find(key)) return s;  // English
  return key;
}

std::string all_translated_text(const Languages& l) {
  std::string all;
  for (size_t i = 1; i < l.catalogs.size(); ++i)
    for (auto& [k, v] : l.catalogs[i].entries()) all += v;
  return all;
}

}  // namespace vitvis

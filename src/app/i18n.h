// The app's language (its messages and every view): T(key) is the text in the current language
// (English when a key is missing). The catalogs live in src/ui/i18n/<lang>.json: English compiled in,
// the others fetched when chosen (English is shown until they arrive);
// tests/native/i18n_test.cpp fails when a T(…) key is missing in any language or a translation changes a printf
// conversion.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n.h"

namespace vitvis {

struct Languages {
  std::vector<std::string> codes = {"en", "zh-CN"};
  std::vector<std::string> names = {"English", "中文"};
  std::vector<Catalog> catalogs;  // parsed once, by code index
  std::vector<int> files_loaded;  // how many of catalog_files() each language has (English: compiled in)
  int current = 0;
};

// Loads the compiled-in English catalogs into `l` (once) and makes it the one T() reads.
void use_languages(Languages* l);
// The files (relative to the page) that hold language i's catalogs; add_catalog adds each one's text.
std::vector<std::string> catalog_files(const Languages& l, int i);
bool add_catalog(Languages& l, int i, std::string_view json, std::string* error);
// Whether all of language i's texts are there (English always is).
bool has_catalog(const Languages& l, int i);
// Selects a language by code ("en", "zh-CN"); false (and no change) for an unknown code.
bool set_language(Languages& l, const std::string& code);
const char* T(const char* key);
// A class name (a model's label, "Sandal") in the current language (class_name_in; English: as it is).
const char* class_name(const std::string& label);
// A bundled model's description (its catalog id) in the current language, else `description` as it is.
const char* model_description(const std::string& id, const std::string& description);
// Whether the current language sets its lines without spaces between words (Chinese, Japanese): then
// wrapped text gets with_cjk_breaks.
bool cjk_language();
// Every character the current non-Latin catalogs use (for the font's glyph ranges).
std::string all_translated_text(const Languages& l);

}  // namespace vitvis

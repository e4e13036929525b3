// The app's language (its messages and every view): T(key) is the text in the current language
// (English when a key is missing). The catalogs live in src/ui/i18n/<lang>.json, compiled in;
// tests/native/i18n_test.cpp fails when a T(…) key is missing in any language or a translation changes a printf
// conversion.
#pragma once
#include <string>
#include <vector>

#include "core/i18n.h"

namespace vitvis {

struct Languages {
  std::vector<std::string> codes = {"en", "zh-CN"};
  std::vector<std::string> names = {"English", "中文"};
  std::vector<Catalog> catalogs;  // parsed once, by code index
  int current = 0;
};

// Loads the compiled-in catalogs into `l` (once) and makes it the one T() reads.
void use_languages(Languages* l);
// Selects a language by code ("en", "zh-CN"); false (and no change) for an unknown code.
bool set_language(Languages& l, const std::string& code);
const char* T(const char* key);
// Every character the current non-Latin catalogs use (for the font's glyph ranges).
std::string all_translated_text(const Languages& l);

}  // namespace vitvis

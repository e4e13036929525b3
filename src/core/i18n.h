// UI strings by language: a catalog per language read from a JSON object {"key": "text"}. Keys are
// the English text for short labels ("Layer") or dotted names for long texts ("info.b.body").
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vitvis {

class Catalog {
 public:
  // Adds the entries of a JSON object of strings (a language may come in several files); false with
  // *error (and nothing added) when it is not one.
  bool load(std::string_view json, std::string* error);
  // The text for key, or nullptr when this catalog lacks it.
  const char* find(std::string_view key) const;
  const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }

 private:
  std::map<std::string, std::string, std::less<>> entries_;
};

// What a model says in English, in catalog c's language (src/ui/i18n/<lang>.models.json): a class name
// (a label, "Sandal") under "class:<label>", a bundled model's description under "model:<id>". What c
// lacks stays as the model says it (the returned pointer is then `text`'s own).
constexpr std::string_view kClassKey = "class:", kModelKey = "model:";
const char* translated_in(const Catalog& c, std::string_view kind, const std::string& key, const std::string& text);
inline const char* class_name_in(const Catalog& c, const std::string& label) {
  return translated_in(c, kClassKey, label, label);
}

// The printf conversions of a format string in order ("%d of %.2f%%" -> {"d", "f"}; "%%" is not one).
// A translation must use exactly the same ones, or printf would read the wrong arguments.
std::vector<std::string> format_specs(std::string_view format);

// The string literals passed to T("…") in C++ source text (escapes \" \\ \n decoded).
std::vector<std::string> translation_keys_in_source(std::string_view source);

// Chinese and Japanese lines may break between any two characters, but ImGui's wrapping breaks only at
// blanks (ImGui 1.90: ' ', '\t', U+3000), so a line holding a space breaks there and leaves the rest of
// the row empty. This puts U+3000, which the UI's font draws with no width (kCjkBreak), between two
// characters where a CJK line may break: next to an ideograph, kana or full-width sign, except before
// a closing mark (，。）」 …) or after an opening one (（「 …). Latin words and numbers stay whole.
constexpr char32_t kCjkBreak = 0x3000;
std::string with_cjk_breaks(std::string_view utf8);

// A number and its unit stay on one line: the space in "85.82 %", "41 ms" or "3 px" becomes a no-break
// space (U+00A0), which neither ImGui's wrapping (it breaks at ' ', '\t' and U+3000) nor the UI's
// word-by-word layout breaks at. Units: %, ms, s, px, kB, MB (a whole word after a digit and a space).
// With whole_numbers (the font has the glyph), a number stays whole too: a decimal point (a '.' between
// digits) becomes U+2024 ONE DOT LEADER, which looks the same (DejaVu Sans: 5 % wider) but is not one
// of the characters ImGui wraps after.
std::string with_nonbreaking_units(std::string_view utf8, bool whole_numbers = true);

}  // namespace vitvis

// Language catalogs, printf-format checks and key extraction (used by the missing-key test).
#include "i18n.h"

#include "json.h"

namespace vitvis {

bool Catalog::load(std::string_view json, std::string* error) {
  auto j = parse_json(json, error);
  if (!j || !j->is_object()) {
    if (error && error->empty()) *error = "not a JSON object";
    return false;
  }
  std::map<std::string, std::string, std::less<>> e = entries_;
  for (size_t i = 0; i < j->keys.size(); ++i) {
    const Json& v = j->values[i];
    if (!v.is_string()) {
      if (error) *error = "value of '" + j->keys[i] + "' is not a string";
      return false;
    }
    e[j->keys[i]] = v.string;
  }
  entries_ = std::move(e);
  return true;
}

const char* Catalog::find(std::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second.c_str();
}

const char* translated_in(const Catalog& c, std::string_view kind, const std::string& key, const std::string& text) {
  std::string k(kind);
  k += key;
  const char* s = c.find(k);
  return s ? s : text.c_str();
}

std::vector<std::string> format_specs(std::string_view f) {
  std::vector<std::string> out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') continue;
    if (i + 1 < f.size() && f[i + 1] == '%') {
      ++i;
      continue;
    }
    size_t k = i + 1;
    while (k < f.size() && std::string_view("-+ #0123456789.*").find(f[k]) != std::string_view::npos) ++k;
    std::string len;
    while (k < f.size() && std::string_view("hlLzjt").find(f[k]) != std::string_view::npos) len += f[k++];
    if (k < f.size()) {
      char c = f[k];
      // the argument type is what matters: %e/%g/%f are all doubles, %i/%d ints
      if (c == 'e' || c == 'g' || c == 'E' || c == 'G') c = 'f';
      if (c == 'i') c = 'd';
      out.push_back(len + c);
    }
    i = k;
  }
  return out;
}

std::vector<std::string> translation_keys_in_source(std::string_view src) {
  std::vector<std::string> keys;
  for (size_t at = src.find("T("); at != std::string_view::npos; at = src.find("T(", at + 1)) {
    if (at > 0) {  // a whole identifier T, not e.g. TT( or LOG_T(
      const char p = src[at - 1];
      if ((p >= 'a' && p <= 'z') || (p >= 'A' && p <= 'Z') || (p >= '0' && p <= '9') || p == '_') continue;
    }
    size_t i = at + 2;  // the literal may start on the next line (clang-format puts long ones there)
    while (i < src.size() && (src[i] == ' ' || src[i] == '\n' || src[i] == '\t' || src[i] == '\r')) ++i;
    if (i >= src.size() || src[i] != '"') continue;
    std::string key;
    ++i;
    for (; i < src.size() && src[i] != '"'; ++i) {
      if (src[i] == '\\' && i + 1 < src.size()) {
        const char e = src[++i];
        key += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        key += src[i];
      }
    }
    if (i < src.size()) keys.push_back(std::move(key));
  }
  return keys;
}

namespace {

// One UTF-8 code point at s[i] (advancing i); a bad byte reads as itself.
char32_t next_code_point(std::string_view s, size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
  if (n == 1 || i + size_t(n) > s.size()) {
    ++i;
    return b;
  }
  char32_t c = b & (0xFF >> (n + 1));
  for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + size_t(k)]) & 0x3F);
  i += size_t(n);
  return c;
}

bool is_cjk(char32_t c) {
  return (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}

bool closes(char32_t c) {  // no break before it
  static constexpr char32_t marks[] = {U'，', U'。', U'、', U'：', U'；', U'！', U'？', U'）',
                                       U'」', U'』', U'】', U'》', U'〉', U'…',  U'·',  ',',
                                       '.',   ':',   ';',   '!',   '?',   ')',   ']',   '%'};
  for (char32_t m : marks)
    if (c == m) return true;
  return false;
}

bool opens(char32_t c) {  // no break after it
  static constexpr char32_t marks[] = {U'（', U'「', U'『', U'【', U'《', U'〈', '(', '['};
  for (char32_t m : marks)
    if (c == m) return true;
  return false;
}

}  // namespace

std::string with_cjk_breaks(std::string_view utf8) {
  static constexpr char kBreak[] = "\xE3\x80\x80";  // U+3000 in UTF-8
  std::string out;
  out.reserve(utf8.size() + utf8.size() / 2);
  char32_t prev = 0;
  for (size_t i = 0; i < utf8.size();) {
    const size_t at = i;
    const char32_t c = next_code_point(utf8, i);
    const bool blank = prev == ' ' || prev == '\n' || prev == kCjkBreak || c == ' ' || c == '\n' || c == kCjkBreak;
    if (prev && !blank && (is_cjk(prev) || is_cjk(c)) && !closes(c) && !opens(prev)) out += kBreak;
    out.append(utf8.substr(at, i - at));
    prev = c;
  }
  return out;
}

std::string with_nonbreaking_units(std::string_view t, bool whole_numbers) {
  static constexpr std::string_view kUnits[] = {"%", "ms", "s", "px", "kB", "MB"};
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  std::string out;
  out.reserve(t.size() + 8);
  for (size_t i = 0; i < t.size(); ++i) {
    bool glue = false;
    if (t[i] == ' ' && i > 0 && digit(t[i - 1]))
      for (std::string_view u : kUnits)
        if (t.substr(i + 1, u.size()) == u && (i + 1 + u.size() == t.size() || !letter(t[i + 1 + u.size()]))) {
          glue = true;
          break;
        }
    if (glue)
      out += "\xC2\xA0";  // U+00A0
    else if (whole_numbers && t[i] == '.' && i > 0 && digit(t[i - 1]) && i + 1 < t.size() && digit(t[i + 1]))
      out += "\xE2\x80\xA4";  // U+2024 for a decimal point: ImGui wraps after every '.' ("90." / "9 %")
    else
      out += t[i];
  }
  return out;
}

}  // namespace vitvis

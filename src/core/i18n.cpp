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

}  // namespace vitvis

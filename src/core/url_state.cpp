// URL query parsing: percent-decoding, strict value checks, bounded sizes.
#include "url_state.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "occlusion.h"

namespace vitvis {
namespace {

constexpr size_t kMaxQuery = 2048;

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+')
      out += ' ';
    else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += char(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else
      out += s[i];
  }
  return out;
}

// Printable, bounded copy of untrusted text for messages.
std::string shown(std::string_view s) {
  std::string o;
  for (char c : s.substr(0, 40)) o += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return s.size() > 40 ? o + "…" : o;
}

bool to_int(const std::string& v, int lo, int hi, int* out) {
  if (v.empty() || v.size() > 7) return false;
  size_t i = v[0] == '-' ? 1 : 0;
  if (i == v.size()) return false;
  for (size_t k = i; k < v.size(); ++k)
    if (v[k] < '0' || v[k] > '9') return false;
  int x = std::atoi(v.c_str());
  if (x < lo || x > hi) return false;
  *out = x;
  return true;
}

bool valid_id(const std::string& v) {
  if (v.empty() || v.size() > 64) return false;
  for (char c : v)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-'))
      return false;
  return true;
}

// A relative path or http(s) URL of an .onnx file: no spaces, quotes, angle brackets or backslashes.
bool valid_model_url(const std::string& v) {
  if (v.size() < 6 || v.size() > 512 || v.compare(v.size() - 5, 5, ".onnx") != 0) return false;
  for (char c : v)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' ||
        c == '\\' || c == '`')
      return false;
  const size_t colon = v.find(':');
  if (colon != std::string::npos && v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0)
    return false;  // no javascript:, data:
  return true;
}

bool parse_embed(const std::string& v, int* out) {
  static const std::pair<const char*, int> names[] = {
      {"image", kEmbedImage},   {"a", kEmbedImage},  {"attention", kEmbedAttention}, {"b", kEmbedAttention},
      {"layers", kEmbedLayers}, {"c", kEmbedLayers}, {"classify", kEmbedClassify},   {"d", kEmbedClassify}};
  int bits = 0;
  std::string item;
  auto flush = [&]() {
    if (item.empty()) return true;
    int b = 0;
    for (auto& [n, v] : names)
      if (item == n) b = v;
    if (!b && item.find_first_not_of("abcd") == std::string::npos)  // "ab" = a and b
      for (char c : item) b |= 1 << (c - 'a');
    item.clear();
    if (!b) return false;
    bits |= b;
    return true;
  };
  for (char c : v) {
    if (c == ',') {
      if (!flush()) return false;
    } else
      item += c;
  }
  if (!flush() || !bits) return false;
  *out = bits;
  return true;
}

bool valid_lang(const std::string& v) {
  if (v.size() < 2 || v.size() > 8) return false;
  for (char c : v)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return false;
  return true;
}

}  // namespace

bool is_model_url(const std::string& m) { return !valid_id(m) && valid_model_url(m); }

bool parse_hub_model_id(const std::string& text, HubModelId* out, bool require_prefix) {
  std::string v = text;
  if (v.rfind("hf:", 0) == 0)
    v = v.substr(3);
  else if (require_prefix)
    return false;
  auto part_ok = [](const std::string& p, size_t max, bool slash) {
    if (p.empty() || p.size() > max || p[0] == '.' || p[0] == '-' || p.find("..") != std::string::npos) return false;
    for (char c : p)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
            c == '-' || (slash && c == '/')))
        return false;
    return true;
  };
  HubModelId id;
  if (const size_t at = v.find('@'); at != std::string::npos) {
    id.revision = v.substr(at + 1);
    v.resize(at);
    if (!part_ok(id.revision, 64, true) || id.revision.back() == '/') return false;
  }
  const size_t slash = v.find('/');
  if (slash == std::string::npos) return false;
  id.owner = v.substr(0, slash);
  id.name = v.substr(slash + 1);
  if (!part_ok(id.owner, 96, false) || !part_ok(id.name, 96, false)) return false;
  *out = std::move(id);
  return true;
}

UrlParse parse_url_query(std::string_view q) {
  UrlParse r;
  if (!q.empty() && q[0] == '?') q.remove_prefix(1);
  if (q.size() > kMaxQuery) {
    r.notices.push_back("The link is too long (" + std::to_string(q.size()) + " characters); it was ignored.");
    return r;
  }
  int version = 1;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string key = decode(part.substr(0, eq));
    std::string val = eq == std::string_view::npos ? std::string() : decode(part.substr(eq + 1));
    bool ok = true;
    UrlState& s = r.state;
    if (key == "model") {
      HubModelId hub;
      ok = (valid_id(val) || valid_model_url(val) || parse_hub_model_id(val, &hub)) && (s.model = val, true);
    } else if (key == "v")
      ok = to_int(val, 1, kUrlVersion, &version);
    else if (key == "image")
      ok = to_int(val, 0, 99999, &s.image);
    else if (key == "layer")
      ok = to_int(val, 0, 999, &s.layer);
    else if (key == "head")
      ok = val == "mean" ? (s.head = -1, true) : to_int(val, 0, 999, &s.head);
    else if (key == "patch") {  // "r,c", both from 1
      const size_t comma = val.find(',');
      int r = 0, c = 0;
      ok = comma != std::string::npos && to_int(val.substr(0, comma), 1, 9999, &r) &&
           to_int(val.substr(comma + 1), 1, 9999, &c) && (s.patch_row = r - 1, s.patch_col = c - 1, true);
    }
    else if (key == "token")
      ok = to_int(val, 0, 999999, &s.token);
    else if (key == "class")
      ok = to_int(val, 0, 999999, &s.cls);
    else if (key == "output" || key == "hidden")  // (c)'s layer output; "hidden" in links made before
      ok = to_int(val, 0, 1000, &s.hidden);
    else if (key == "channel")
      ok = to_int(val, 0, 99999, &s.channel);
    else if (key == "embed")
      ok = parse_embed(val, &s.embed);
    else if (key == "steps")
      ok = val == "row" ? (s.steps = 1, true) : val == "depth" ? (s.steps = 2, true) : false;
    else if (key == "step")
      ok = to_int(val, 1, 7, &s.step) && (s.step -= 1, true);
    else if (key == "analyses")
      ok = to_int(val, 1, 8, &s.analyses);
    else if (key == "theme")
      ok = val == "contrast" ? (s.theme = 1, true) : val == "dark";
    else if (key == "focus")
      ok = (val.size() == 1 || (val.size() == 2 && val[1] != val[0] && val[1] >= 'a' && val[1] <= 'd')) &&
           val[0] >= 'a' && val[0] <= 'd' && (s.focus = val[0] - 'a', s.focus2 = val.size() == 2 ? val[1] - 'a' : -1, true);
    else if (key == "motion")
      ok = val == "off" || val == "0" ? (s.motion = 0, true) : val == "on" || val == "1";
    else if (key == "cmap")
      ok = val == "cividis" ? (s.cmap = 1, true) : val == "viridis";
    else if (key == "lang")
      ok = valid_lang(val) && (s.lang = val, true);
    else if (key == "hide")
      ok = val.size() <= 1200 && !val.empty() &&
           val.find_first_not_of("0123456789,-") == std::string::npos && (s.hide = val, true);
    else if (key == "fill") {
      HideFill f;
      ok = parse_hide_fill(val, &f) && (s.fill = int(f), true);
    }
    else if (key == "lesson")  // checked when it is opened (core/lesson.h)
      ok = !val.empty() && val.size() <= 1900 && (s.lesson = val, true);
    else if (key == "parent") {  // origins allowed to drive the embed (at most 4)
      std::string list, o;
      size_t n = 0, from = 0;
      while (ok && from <= val.size()) {
        const size_t comma = std::min(val.find(',', from), val.size());
        ok = ++n <= 4 && parse_origin(std::string_view(val).substr(from, comma - from), &o);
        if (ok) list += (list.empty() ? "" : ",") + o;
        from = comma + 1;
      }
      if (ok) s.parent = list;
    } else if (key == "scale") {
      char* end = nullptr;
      float v = val.size() <= 8 ? std::strtof(val.c_str(), &end) : 0.f;
      ok = end && *end == '\0' && v >= 0.75f && v <= 2.f;
      if (ok) s.scale = float(std::lround(v * 100.f)) / 100.f;  // two decimals, as url_query writes it
    } else {
      r.notices.push_back("Unknown link parameter '" + shown(key) + "' was ignored.");
      continue;
    }
    if (!ok)
      r.notices.push_back("Link parameter " + shown(key) + "='" + shown(val) + "' is not valid; using the default.");
  }
  if (r.state.patch_row >= 0 && r.state.token >= 0) {  // one selected token: the patch named by place wins
    r.state.token = -1;
    r.notices.push_back("Link parameters patch= and token= both given; using patch=.");
  }
  if (version >= 2) {  // counted from 1: a 0 is below the first, which is the nearest that exists
    UrlState& s = r.state;
    if (s.image >= 0) s.image = std::max(0, s.image - 1);
    if (s.layer >= 0) s.layer = std::max(0, s.layer - 1);
    if (s.head >= 0) s.head = std::max(0, s.head - 1);
  }
  return r;
}

std::string encode_query_value(const std::string& v) {
  std::string o;
  for (unsigned char c : v) {
    if (c == '%' || c == '&' || c == '=' || c == '#' || c == '+' || c == '?' || c <= 0x20 || c >= 0x7f) {
      char b[4];
      std::snprintf(b, sizeof b, "%%%02X", c);
      o += b;
    } else
      o += char(c);
  }
  return o;
}

bool parse_origin(std::string_view t, std::string* out) {
  std::string o;
  for (char c : t) o += char(std::tolower(static_cast<unsigned char>(c)));
  if (!o.empty() && o.back() == '/') o.pop_back();
  const size_t scheme = o.rfind("https://", 0) == 0 ? 8 : o.rfind("http://", 0) == 0 ? 7 : 0;
  if (!scheme || o.size() > 200) return false;
  const size_t colon = o.find(':', scheme);
  const std::string host = o.substr(scheme, colon == std::string::npos ? std::string::npos : colon - scheme);
  if (host.empty() || host.front() == '.' || host.front() == '-' ||
      host.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") != std::string::npos)
    return false;
  if (colon != std::string::npos) {
    int port = 0;
    if (!to_int(o.substr(colon + 1), 1, 65535, &port) || o.substr(colon + 1) != std::to_string(port)) return false;
  }
  *out = o;
  return true;
}

std::vector<std::string> split_origins(const std::string& parent) {
  std::vector<std::string> out;
  size_t from = 0;
  while (from < parent.size()) {
    const size_t comma = std::min(parent.find(',', from), parent.size());
    if (std::string o; parse_origin(std::string_view(parent).substr(from, comma - from), &o)) out.push_back(o);
    from = comma + 1;
  }
  return out;
}

std::string url_query(const UrlState& s) {
  std::string q;
  auto add = [&](const char* k, const std::string& v) { q += (q.empty() ? "?" : "&") + std::string(k) + "=" + v; };
  if (!s.model.empty()) add("model", encode_query_value(s.model));
  if (s.image >= 0) add("image", std::to_string(s.image + 1));
  if (s.layer >= 0) add("layer", std::to_string(s.layer + 1));
  if (s.head >= 0)
    add("head", std::to_string(s.head + 1));
  else if (s.head == -1)
    add("head", "mean");
  if (s.patch_row >= 0 && s.patch_col >= 0)
    add("patch", std::to_string(s.patch_row + 1) + "," + std::to_string(s.patch_col + 1));
  else if (s.token >= 0)
    add("token", std::to_string(s.token));
  if (s.cls >= 0) add("class", std::to_string(s.cls));
  if (s.hidden >= 0) add("output", std::to_string(s.hidden));  // ("hide" is the hidden patches)
  if (s.channel >= 0) add("channel", std::to_string(s.channel));
  if (s.scale > 0) {
    char b[16];
    std::snprintf(b, sizeof b, "%.2f", s.scale);
    add("scale", b);
  }
  if (s.embed) {
    std::string e;
    for (int i = 0; i < 4; ++i)
      if (s.embed & (1 << i)) e += char('a' + i);
    add("embed", e);
  }
  if (s.steps) add("steps", s.steps == 1 ? "row" : "depth");
  if (s.step >= 0) add("step", std::to_string(s.step + 1));
  if (s.analyses > 0) add("analyses", std::to_string(s.analyses));
  if (s.theme == 1) add("theme", "contrast");
  if (s.cmap == 1) add("cmap", "cividis");
  if (s.focus >= 0 && s.focus < 4)
    add("focus", std::string(1, char('a' + s.focus)) + (s.focus2 >= 0 && s.focus2 < 4 && s.focus2 != s.focus ? std::string(1, char('a' + s.focus2)) : ""));
  if (s.motion == 0) add("motion", "off");
  if (!s.lang.empty()) add("lang", s.lang);
  if (!s.hide.empty()) add("hide", s.hide);
  if (!s.parent.empty()) add("parent", encode_query_value(s.parent));
  if (!s.lesson.empty()) add("lesson", encode_query_value(s.lesson));
  if (s.fill >= 0 && s.fill < kHideFills) add("fill", hide_fill_name(HideFill(s.fill)));
  if (!q.empty()) q.insert(1, "v=" + std::to_string(kUrlVersion) + "&");  // how it counts (see UrlState)
  return q;
}

}  // namespace vitvis

// Lessons: the file, its link form, the checks against a model, and the text's Markdown subset.
#include "lesson.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "embed_api.h"
#include "json.h"
#include "occlusion.h"

namespace vitvis {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Control characters other than line breaks and tabs go (a file may come from anywhere).
std::string clean_text(const std::string& s) {
  std::string o;
  for (unsigned char c : s)
    if (c >= 0x20 || c == '\n' || c == '\t') o += char(c);
  return o;
}

bool valid_model_name(const std::string& m) {
  if (m.size() > 128) return false;
  for (unsigned char c : m)
    if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == ':' || c == '/' || c == '@')) return false;
  return true;
}

}  // namespace

std::string base64url_encode(std::string_view b) {
  std::string o;
  size_t i = 0;
  for (; i + 2 < b.size(); i += 3) {
    const unsigned v = unsigned(uint8_t(b[i])) << 16 | unsigned(uint8_t(b[i + 1])) << 8 | uint8_t(b[i + 2]);
    o += kB64[v >> 18], o += kB64[(v >> 12) & 63], o += kB64[(v >> 6) & 63], o += kB64[v & 63];
  }
  if (i + 1 == b.size()) {
    const unsigned v = unsigned(uint8_t(b[i])) << 16;
    o += kB64[v >> 18], o += kB64[(v >> 12) & 63];
  } else if (i + 2 == b.size()) {
    const unsigned v = unsigned(uint8_t(b[i])) << 16 | unsigned(uint8_t(b[i + 1])) << 8;
    o += kB64[v >> 18], o += kB64[(v >> 12) & 63], o += kB64[(v >> 6) & 63];
  }
  return o;
}

bool base64url_decode(std::string_view t, std::string* out) {
  if (t.size() % 4 == 1) return false;
  std::string o;
  unsigned acc = 0;
  int bits = 0;
  for (char c : t) {
    const char* at = std::char_traits<char>::find(kB64, 64, c);
    if (!at) return false;
    acc = (acc << 6) | unsigned(at - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      o += char((acc >> bits) & 0xFF);
    }
  }
  if (acc & ((1u << bits) - 1)) return false;  // bits left over must be zero (one spelling per text)
  *out = std::move(o);
  return true;
}

std::optional<Lesson> parse_lesson(std::string_view text, std::string* error) {
  auto fail = [&](std::string why) {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  if (text.size() > kMaxLessonFile) return fail("The lesson file is larger than 256 KB.");
  std::string err;
  std::optional<Json> j = parse_json(text, &err);
  if (!j) return fail("The lesson file is not valid JSON (" + err + ").");
  const Json* version = j->is_object() ? j->get("vitvis_lesson") : nullptr;
  if (!version || !version->is_number()) return fail("This is not a ViT-VIS lesson (no \"vitvis_lesson\").");
  if (version->number > kLessonVersion)
    return fail("The lesson was made by a newer ViT-VIS (lesson version " +
                std::to_string(int(std::min(version->number, 1e6))) + "); this one reads version 1.");
  if (version->number != kLessonVersion) return fail("\"vitvis_lesson\" must be 1.");
  Lesson l;
  auto text_of = [&](const Json& o, const char* key, size_t max, std::string* dst, const std::string& where) {
    const Json* v = o.get(key);
    if (!v) return true;
    if (!v->is_string()) return fail(where + "\"" + key + "\" must be text."), false;
    if (v->string.size() > max)
      return fail(where + "\"" + key + "\" is longer than " + std::to_string(max) + " bytes."), false;
    *dst = clean_text(v->string);
    return true;
  };
  if (!text_of(*j, "title", kMaxLessonTitle, &l.title, "The lesson's ")) return std::nullopt;
  if (!text_of(*j, "model", 128, &l.model, "The lesson's ")) return std::nullopt;
  if (!valid_model_name(l.model)) return fail("The lesson's \"model\" is not a model name.");
  const Json* steps = j->get("steps");
  if (!steps || !steps->is_array() || steps->array.empty()) return fail("The lesson has no steps.");
  if (steps->array.size() > size_t(kMaxLessonSteps))
    return fail("The lesson has more than " + std::to_string(kMaxLessonSteps) + " steps.");
  for (size_t i = 0; i < steps->array.size(); ++i) {
    const Json& s = steps->array[i];
    const std::string where = "Step " + std::to_string(i + 1) + ": ";
    if (!s.is_object()) return fail(where + "not an object.");
    LessonStep st;
    if (!text_of(s, "title", kMaxLessonTitle, &st.title, where)) return std::nullopt;
    if (!text_of(s, "text", kMaxLessonText, &st.text, where)) return std::nullopt;
    if (const Json* ph = s.get("phone")) {
      if (!ph->is_string() || ph->string.size() != 1 || ph->string[0] < 'a' || ph->string[0] > 'd')
        return fail(where + "\"phone\" must be one of \"a\", \"b\", \"c\", \"d\".");
      st.phone = ph->string[0] - 'a';
    }
    if (const Json* v = s.get("view")) {
      if (!v->is_object()) return fail(where + "\"view\" must be an object.");
      ViewRead r = read_view(*v);
      if (!r.notices.empty()) return fail(where + r.notices[0]);
      if (r.lesson_step >= 0) return fail(where + "a step's view cannot name a lesson step.");
      st.view = std::move(r.view);
      st.fields = std::move(r.fields);
      std::sort(st.fields.begin(), st.fields.end());  // (a set: the file's order does not matter)
    }
    l.steps.push_back(std::move(st));
  }
  return l;
}

std::string step_view_json(const LessonStep& st) {
  std::string v = view_json(st.view);  // "{…}"
  std::string extra;
  if (st.view.patch_row == -2) extra += ",\"patch\":null";
  if (st.view.cls == -2) extra += ",\"class\":null";
  if (extra.empty()) return v;
  return v == "{}" ? "{" + extra.substr(1) + "}" : v.substr(0, v.size() - 1) + extra + "}";
}

std::string lesson_json(const Lesson& l) {
  JsonWriter w;
  w.begin_object().key("vitvis_lesson").value(kLessonVersion).key("title").value(l.title);
  if (!l.model.empty()) w.key("model").value(l.model);
  w.key("steps").begin_array();
  for (const LessonStep& s : l.steps) {
    w.begin_object().key("title").value(s.title).key("text").value(s.text);
    if (s.phone >= 0) w.key("phone").value(std::string(1, char('a' + s.phone)));
    w.key("view").raw(step_view_json(s)).end_object();
  }
  w.end_array().end_object();
  return w.str();
}

std::string lesson_misfit(const Lesson& l, const LessonModelFacts& m) {
  for (size_t i = 0; i < l.steps.size(); ++i) {
    const UrlState& v = l.steps[i].view;
    const std::string step = "Step " + std::to_string(i + 1) + " asks for ";
    auto over = [&](int value, int count, const char* what, const char* plural) {
      return step + what + " " + std::to_string(value) + "; " + m.name + " has " + std::to_string(count) + " " +
             plural + ".";
    };
    if (v.layer >= m.layers) return over(v.layer + 1, m.layers, "layer", "layers");
    if (v.head >= m.heads) return over(v.head + 1, m.heads, "head", "heads");
    if (v.image >= m.images) return over(v.image + 1, m.images, "image", "images");
    if (v.cls >= m.classes)
      return step + "class " + std::to_string(v.cls) + "; " + m.name + " has classes 0 to " +
             std::to_string(m.classes - 1) + ".";
    if (v.hidden > m.layers) return over(v.hidden, m.layers, "output", "layers");
    if (v.channel >= m.dim) return over(v.channel, m.dim, "channel", "channels");
    if (v.token >= m.tokens) return over(v.token, m.tokens, "token", "tokens");
    if (v.patch_row >= m.grid || v.patch_col >= m.grid)
      return step + "patch (" + std::to_string(v.patch_row + 1) + ", " + std::to_string(v.patch_col + 1) + "); " +
             m.name + " has " + std::to_string(m.grid) + " x " + std::to_string(m.grid) + " patches.";
  }
  return "";
}

std::string lesson_link_value(const Lesson& l) { return "~" + base64url_encode(lesson_json(l)); }

bool parse_lesson_link(std::string_view v, LessonLink* out, std::string* error) {
  auto fail = [&](const char* why) {
    if (error) *error = why;
    return false;
  };
  if (v.empty()) return fail("The link's lesson is empty.");
  if (v[0] == '~') {
    std::string json;
    if (!base64url_decode(v.substr(1), &json)) return fail("The link's lesson is damaged (was the link cut?).");
    *out = {true, std::move(json), ""};
    return true;
  }
  // A file on the app's own site: a relative path or an http(s) URL, ending in .json.
  if (v.size() > 300 || v.size() < 6 || v.substr(v.size() - 5) != ".json")
    return fail("The link's lesson must be a .json file on this site.");
  for (unsigned char c : v)
    if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == ':')) return fail("The link's lesson file name has characters a file name should not have.");
  if (v.find("..") != std::string_view::npos) return fail("The link's lesson file name has characters a file name should not have.");
  *out = {false, "", std::string(v)};
  return true;
}

std::vector<MdBlock> parse_markdown(std::string_view text) {
  std::vector<MdBlock> blocks;
  std::string para;
  auto inline_spans = [](const std::string& s) {
    std::vector<MdSpan> spans;
    std::string cur;
    auto flush = [&](bool strong, bool code) {
      if (!cur.empty()) spans.push_back({cur, strong, code});
      cur.clear();
    };
    size_t i = 0;
    while (i < s.size()) {
      if (s.compare(i, 2, "**") == 0) {
        const size_t end = s.find("**", i + 2);
        if (end != std::string::npos && end > i + 2) {
          flush(false, false);
          cur = s.substr(i + 2, end - i - 2);
          flush(true, false);
          i = end + 2;
          continue;
        }
      } else if (s[i] == '`') {
        const size_t end = s.find('`', i + 1);
        if (end != std::string::npos && end > i + 1) {
          flush(false, false);
          cur = s.substr(i + 1, end - i - 1);
          flush(false, true);
          i = end + 1;
          continue;
        }
      }
      cur += s[i++];
    }
    flush(false, false);
    return spans;
  };
  auto end_para = [&] {
    if (!para.empty()) blocks.push_back({MdBlock::Kind::Paragraph, inline_spans(para)});
    para.clear();
  };
  size_t from = 0;
  while (from <= text.size()) {
    size_t nl = text.find('\n', from);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line(text.substr(from, nl - from));
    from = nl + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    size_t lead = line.find_first_not_of(" \t");
    if (lead == std::string::npos) {
      end_para();
      continue;
    }
    line = line.substr(lead);
    if (line[0] == '#') {
      const size_t hashes = line.find_first_not_of('#');
      if (hashes != std::string::npos && hashes <= 3 && line[hashes] == ' ') {
        end_para();
        blocks.push_back({MdBlock::Kind::Heading, inline_spans(line.substr(hashes + 1))});
        continue;
      }
    }
    if (line.size() > 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ') {
      end_para();
      blocks.push_back({MdBlock::Kind::Item, inline_spans(line.substr(2))});
      continue;
    }
    para += (para.empty() ? "" : " ") + line;
  }
  end_para();
  return blocks;
}

}  // namespace vitvis

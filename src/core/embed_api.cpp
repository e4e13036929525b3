// The embed API's messages: a view object becomes the query a link would have, read by parse_url_query.
#include "embed_api.h"

#include <cmath>

#include "json.h"
#include "occlusion.h"

namespace vitvis {
namespace {

// The link parameters a page may set (model, embed and parent stay what the iframe's link says).
constexpr std::string_view kViewFields[] = {"image",  "layer",    "head",  "patch", "token", "class",
                                            "output", "channel",  "module", "lang", "theme", "cmap",
                                            "scale",  "steps",    "step",  "analyses", "hide", "fill",
                                            "motion"};

bool known_field(std::string_view k) {
  for (std::string_view f : kViewFields)
    if (f == k) return true;
  return false;
}

// A JSON value as a query value: numbers as integers (or two decimals for the scale), strings as they
// are, an array of numbers joined by commas ([4, 2] is "4,2"); false where it has no such form.
bool query_value(const Json& v, std::string* out) {
  auto number = [](double d, std::string* o) {
    if (!std::isfinite(d) || std::fabs(d) > 1e6) return false;
    if (d == std::floor(d)) {
      *o = std::to_string(static_cast<long long>(d));
    } else {
      char b[32];
      std::snprintf(b, sizeof b, "%.2f", d);
      *o = b;
    }
    return true;
  };
  if (v.is_number()) return number(v.number, out);
  if (v.is_string()) return v.string.size() <= 1200 && (*out = v.string, true);
  if (v.is_array() && !v.array.empty() && v.array.size() <= 4) {
    std::string joined, part;
    for (const Json& e : v.array) {
      if (!e.is_number() || !number(e.number, &part)) return false;
      joined += (joined.empty() ? "" : ",") + part;
    }
    *out = joined;
    return true;
  }
  return false;
}

std::string shown(std::string_view s) { return std::string(s.substr(0, 40)); }

}  // namespace

ViewRead read_view(const Json& view) {
  ViewRead m;
  std::string query = "v=" + std::to_string(kUrlVersion);
  for (size_t i = 0; i < view.keys.size(); ++i) {
    const std::string& k = view.keys[i];
    const Json& v = view.values[i];
    if (k == "lesson") {  // a step of the lesson the app has open, from 1
      if (!v.is_number() || v.number != std::floor(v.number) || v.number < 1 || v.number > 999)
        m.notices.push_back("lesson must be a step number from 1");
      else
        m.lesson_step = int(v.number) - 1;
      continue;
    }
    if (!known_field(k)) {
      m.notices.push_back("\"" + shown(k) + "\" is not a view field; it was ignored.");
      continue;
    }
    const bool none = v.type == Json::Type::Null || (v.is_string() && v.string == "none");
    if (k == "module" && none) {
      m.view.focus = -2;  // back to every module at its own size
      continue;
    }
    if ((k == "patch" || k == "token" || k == "class") && none) {  // nothing pinned there
      if (k == "class")
        m.view.cls = -2;
      else
        m.view.patch_row = m.view.patch_col = -2;
      m.fields.push_back(k);
      continue;
    }
    std::string value;
    if (!query_value(v, &value)) {
      m.notices.push_back("\"" + shown(k) + "\" has a value of the wrong kind; it was ignored.");
      continue;
    }
    query += "&" + std::string(k == "module" ? "focus" : k) + "=" + encode_query_value(value);
    m.fields.push_back(k);
  }
  UrlParse parsed = parse_url_query(query);
  const UrlState sentinels = m.view;  // (-2: "none" given for the module, the patch, the class)
  m.view = parsed.state;
  if (sentinels.focus == -2) m.view.focus = -2;
  if (sentinels.patch_row == -2) m.view.patch_row = m.view.patch_col = -2, m.view.token = -1;
  if (sentinels.cls == -2) m.view.cls = -2;
  for (std::string& n : parsed.notices) {  // the page's words for the link's
    if (n.rfind("Link parameter ", 0) == 0) n.replace(0, 15, "View field ");
    if (n.rfind("View field focus=", 0) == 0) n.replace(11, 5, "module");
    m.notices.push_back(std::move(n));
  }
  return m;
}

std::optional<PageMessage> parse_page_message(std::string_view text, std::string* error) {
  auto fail = [&](std::string why) {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  if (text.size() > 65536) return fail("the message is longer than 64 KB");
  std::string err;
  std::optional<Json> j = parse_json(text, &err);
  if (!j || !j->is_object()) return fail("not a JSON object");
  const Json* version = j->get("vitvis");
  if (!version || !version->is_number()) return fail("no \"vitvis\" version");
  if (version->number != std::floor(version->number) || version->number < 1)
    return fail("\"vitvis\" must be a whole version number");
  if (version->number > kEmbedApiVersion)
    return fail("version " + std::to_string(int(std::min(version->number, 1e6))) + " is newer than this app's (" +
                std::to_string(kEmbedApiVersion) + ")");
  PageMessage m;
  if (const Json* id = j->get("id")) {
    std::string v;
    if (!query_value(*id, &v) || v.size() > 64) return fail("\"id\" must be a short string or number");
    m.id = v;
  }
  const Json* type = j->get("type");
  if (!type || !type->is_string()) return fail("no \"type\"");
  if (type->string == "get") {
    m.kind = PageMessage::Kind::Get;
    return m;
  }
  if (type->string != "set") return fail("unknown type \"" + shown(type->string) + "\"");
  m.kind = PageMessage::Kind::Set;
  const Json* view = j->get("view");
  if (!view || !view->is_object()) return fail("\"set\" needs a \"view\" object");
  ViewRead r = read_view(*view);
  m.view = std::move(r.view);
  m.fields = std::move(r.fields);
  m.notices = std::move(r.notices);
  m.lesson_step = r.lesson_step;
  return m;
}

std::string view_json(const UrlState& u) {
  JsonWriter w;
  w.begin_object();
  if (u.image >= 0) w.key("image").value(u.image + 1);
  if (u.layer >= 0) w.key("layer").value(u.layer + 1);
  if (u.head >= 0)
    w.key("head").value(u.head + 1);
  else if (u.head == -1)
    w.key("head").value("mean");
  if (u.patch_row >= 0 && u.patch_col >= 0)
    w.key("patch").begin_array().value(u.patch_row + 1).value(u.patch_col + 1).end_array();
  else if (u.token >= 0)
    w.key("token").value(u.token);
  if (u.cls >= 0) w.key("class").value(u.cls);
  if (u.hidden >= 0) w.key("output").value(u.hidden);
  if (u.channel >= 0) w.key("channel").value(u.channel);
  if (u.focus >= 0 && u.focus < 4)
    w.key("module").value(std::string(1, char('a' + u.focus)) + (u.focus2 >= 0 && u.focus2 < 4 ? std::string(1, char('a' + u.focus2)) : ""));
  if (!u.lang.empty()) w.key("lang").value(u.lang);
  if (u.steps) w.key("steps").value(u.steps == 1 ? "row" : "depth");
  if (u.step >= 0) w.key("step").value(u.step + 1);
  if (u.analyses > 0) w.key("analyses").value(u.analyses);
  if (!u.hide.empty()) w.key("hide").value(u.hide);
  if (u.fill >= 0 && u.fill < kHideFills) w.key("fill").value(hide_fill_name(HideFill(u.fill)));
  w.end_object();
  return w.str();
}

std::string html_attribute(std::string_view text) {
  std::string o;
  for (char c : text) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string iframe_snippet(const std::string& url, int width, int height, const std::string& title) {
  return "<iframe src=\"" + html_attribute(url) + "\" width=\"" + (width > 0 ? std::to_string(width) : "100%") +
         "\" height=\"" + std::to_string(height) + "\" title=\"" + html_attribute(title) +
         "\" allow=\"clipboard-write; fullscreen\" loading=\"lazy\" style=\"border:0\"></iframe>";
}

}  // namespace vitvis

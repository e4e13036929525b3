// The view state in the page URL (?model=…&image=…&layer=…): parsing with validation, and writing.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace vitvis {

struct UrlState {
  std::string model;   // model id, [A-Za-z0-9._-]{1,64}
  int image = -1;      // sample index
  int layer = -1;      // encoder layer (0-based)
  int head = -2;       // -1 = mean of heads, -2 = not given
  int token = -1;      // selected token, pinned when given
  int cls = -1;        // pinned class
  int hidden = -1;     // hidden state shown in (c)
  int channel = -1;    // channel followed in (c)
  float scale = 0.f;   // UI scale, 0 = not given
  bool operator==(const UrlState&) const = default;
};

struct UrlParse {
  UrlState state;
  std::vector<std::string> notices;  // what was ignored and why, for the status line
};

// Accepts "?a=1&b=2" or "a=1&b=2". Never fails: bad parts are dropped with a notice.
UrlParse parse_url_query(std::string_view query);

// The canonical query string ("" when nothing is set; else starts with '?').
std::string url_query(const UrlState& s);

}  // namespace vitvis

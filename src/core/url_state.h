// The view state in the page URL (?model=…&image=…&layer=…): parsing with validation, and writing.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace vitvis {

// Modules for ?embed= (a bit each; 0 = the full app).
enum EmbedModule : int { kEmbedImage = 1, kEmbedAttention = 2, kEmbedLayers = 4, kEmbedClassify = 8 };

// Links count images, layers, heads and patch rows/columns from 1, as the screen does (`v=2`, which
// url_query always writes); a link without `v` is from before and counts images, layers and heads from
// 0. Either way the fields here count from 0.
inline constexpr int kUrlVersion = 2;
struct UrlState {
  std::string model;  // model id [A-Za-z0-9._-]{1,64}, or a URL/path of an .onnx file (loaded if same-origin)
  int image = -1;     // sample index
  int layer = -1;     // encoder layer (0-based)
  int head = -2;      // -1 = mean of heads, -2 = not given
  int token = -1;     // selected token, pinned when given (a prefix token; a patch is written as patch=)
  int patch_row = -1, patch_col = -1;  // the pinned patch (?patch=r,c from 1), -1 = not given
  int cls = -1;       // pinned class
  int hidden = -1;    // hidden state shown in (c)
  int channel = -1;   // channel followed in (c)
  float scale = 0.f;  // UI scale, 0 = not given
  int embed = 0;      // EmbedModule bits: ?embed=image,attention or ?embed=ab
  int steps = 0;      // "Attention up close": 0 closed, 1 step through a row, 2 through depth
  int step = -1;      // its step 0..6
  int analyses = 0;   // the Analyses window: 0 closed, 1..8 open at that tab
  int theme = 0;      // 0 dark, 1 high contrast
  int cmap = 0;       // sequential colour map: 0 viridis, 1 cividis
  std::string lang;   // UI language ("en", "zh-CN"), "" = default
  std::string hide;   // hidden patches (#19): "0-3,9" (mask_to_text; checked against the grid when applied)
  int fill = -1;      // what hides them (HideFill), -1 = not given
  int focus = -1;     // the focus layout's large module: 0 (a) … 3 (d) (?focus=b), -1 = off
  int focus2 = -1;    // a second large module beside it (?focus=bd: the presenter's two), -1 = none
  int motion = -1;    // 0: no animations (?motion=off: benchmarks, tests, a calm embed), -1 = not given
  std::string lesson; // a lesson (core/lesson.h): "~<base64url>" inline, or a .json file on the app's site
  std::string parent; // origins that may drive an embed by postMessage (core/embed_api.h): "https://a.org,…"
  bool operator==(const UrlState&) const = default;
};

struct UrlParse {
  UrlState state;
  std::vector<std::string> notices;  // what was ignored and why, for the status line
};

// Accepts "?a=1&b=2" or "a=1&b=2". Never fails: bad parts are dropped with a notice.
UrlParse parse_url_query(std::string_view query);

// True when `model` is a URL or path of an .onnx file rather than an id from the model list.
bool is_model_url(const std::string& model);

// A Hugging Face model id from a link or the UI: "hf:owner/name" or "hf:owner/name@revision" (the
// "hf:" is optional with require_prefix = false). Names as the hub allows them: letters, digits,
// '.', '_', '-' (no leading '.' or '-', no ".."), at most 96 each; a revision is a branch, tag or
// commit (letters, digits, '.', '_', '-', '/'; at most 64; "main" when not given).
struct HubModelId {
  std::string owner, name, revision = "main";
  std::string repo() const { return owner + "/" + name; }
  std::string link() const { return "hf:" + repo() + (revision == "main" ? "" : "@" + revision); }
};
bool parse_hub_model_id(const std::string& text, HubModelId* out, bool require_prefix = true);

// An origin as a page's location has it ("https://host" or "http://host:port", lower case, no path):
// *out gets it normalised (a trailing '/' dropped). A link's parent= lists up to 4, comma-separated.
bool parse_origin(std::string_view text, std::string* out);
std::vector<std::string> split_origins(const std::string& parent);

// Percent-encodes what would end or confuse a query value ('%', '&', '=', '#', '+', '?', spaces, controls, non-ASCII).
std::string encode_query_value(const std::string& v);

// The canonical query string ("" when nothing is set; else starts with '?').
std::string url_query(const UrlState& s);

}  // namespace vitvis

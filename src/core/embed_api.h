// The embed API (#34): what the page around an embedded ViT-VIS may send it by postMessage, read and
// checked here; docs/embedding.md is the protocol's description for page authors, web/vitvis_embed.mjs
// its client. A message is a plain object:
//   {vitvis: 1, type: "set", view: {layer: 3, head: 2, patch: [4, 2], …}}   change the view, no reload
//   {vitvis: 1, type: "get"}                                                  answer with a "selection" event
// A view's fields are the link's parameters with the link's values (docs/embedding.md lists them): a
// view is read exactly as the same link would be, counting from 1. The app answers with events built in
// src/app/embed_events.cpp. Only origins the embed link names (?parent=) are heard (the JS half checks).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "url_state.h"

namespace vitvis {

inline constexpr int kEmbedApiVersion = 1;

struct PageMessage {
  enum class Kind { Set, Get } kind = Kind::Get;
  UrlState view;                      // Set: the fields given (the others "not given", as in UrlState)
  std::vector<std::string> fields;    // Set: the names of the fields given and read (as the page wrote them)
  int lesson_step = -1;               // Set with {lesson: n}: that step of the open lesson (from 0)
  std::string id;                     // echoed in the answer's events when given (at most 64 characters)
  std::vector<std::string> notices;   // fields ignored and why (sent back as an "error" event)
};

// A view object (a message's, a lesson step's) read as the same link would be: the fields given, what was
// dropped and why, and a lesson step ({lesson: n}, from 1) when given. null (or "none") for module,
// patch / token or class is -2 there: all modules, nothing pinned.
struct Json;
struct ViewRead {
  UrlState view;
  std::vector<std::string> fields;
  std::vector<std::string> notices;
  int lesson_step = -1;
};
ViewRead read_view(const Json& view);

// nullopt with *error when the text is not a message of this protocol (not an object, no "vitvis", a
// newer version, an unknown type). Unknown or invalid view fields are dropped with a notice, never fatal.
std::optional<PageMessage> parse_page_message(std::string_view json, std::string* error);

// The view as the events give it: the link's fields and values (counting from 1), as a JSON object.
std::string view_json(const UrlState& u);

// The HTML a course page pastes to embed a view: an iframe with the link, its size, a title for screen
// readers and what it may use (the clipboard for "copy link", full screen). Text is escaped for an
// attribute; a width of 0 is "100%".
std::string html_attribute(std::string_view text);
std::string iframe_snippet(const std::string& url, int width, int height, const std::string& title);

}  // namespace vitvis

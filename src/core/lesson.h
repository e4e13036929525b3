// Lessons (#34): a teacher's sequence of views, each with their own words, played like the tour. A lesson
// is a small JSON file:
//   {"vitvis_lesson": 1, "title": "Where a ViT looks", "model": "fashion-vit",
//    "steps": [{"title": "…", "text": "…", "view": {"image": 3, "layer": 1, "patch": [4, 4]}}, …]}
// A step's view has the embed API's view fields (core/embed_api.h: a link's parameters, counted from 1).
// Its text is a small Markdown subset (parse_markdown), shown as text, never as HTML. A link carries a
// lesson inline (?lesson=~<base64url of the file>) when it is short, or names a file on the app's site
// (?lesson=lessons/week3.json).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "url_state.h"

namespace vitvis {

inline constexpr int kLessonVersion = 1;
inline constexpr int kMaxLessonSteps = 60;
inline constexpr size_t kMaxLessonText = 4000;   // bytes of one step's text
inline constexpr size_t kMaxLessonTitle = 200;
inline constexpr size_t kMaxLessonFile = 256 * 1024;

struct LessonStep {
  std::string title, text;
  int phone = -1;                   // the module a phone shows for it (0 (a) … 3 (d), "phone": "b"); -1: (b)
  UrlState view;                    // the fields given (others "not given")
  std::vector<std::string> fields;  // their names, sorted
  bool operator==(const LessonStep&) const = default;
};

struct Lesson {
  std::string title;
  std::string model;  // the model id it was made with ("" = any)
  std::vector<LessonStep> steps;
  bool operator==(const Lesson&) const = default;
};

// nullopt with *error (one sentence for the teacher or student) when it is not a lesson this app reads.
std::optional<Lesson> parse_lesson(std::string_view json, std::string* error);
std::string lesson_json(const Lesson& lesson);
// A step's view as the lesson file writes it (the link's fields and values, counted from 1).
std::string step_view_json(const LessonStep& step);

// The checks that need the model: the first step whose view does not fit (layer, head, patch, token,
// class, output, channel, image out of range), as "Step 3 asks for layer 9; Fashion-MNIST ViT has 4
// layers."; "" when every step fits.
struct LessonModelFacts {
  std::string name;
  int layers = 0, heads = 0, grid = 0, tokens = 0, classes = 0, dim = 0, images = 0;
};
std::string lesson_misfit(const Lesson& lesson, const LessonModelFacts& model);

// ?lesson=: "~" + base64url(the file) inline, or a file's path on the app's site.
std::string lesson_link_value(const Lesson& lesson);
struct LessonLink {
  bool inline_lesson = false;
  std::string json;  // inline: the file's text
  std::string path;  // otherwise: where the file is (relative to the app, or same-site absolute)
};
bool parse_lesson_link(std::string_view value, LessonLink* out, std::string* error);

std::string base64url_encode(std::string_view bytes);
bool base64url_decode(std::string_view text, std::string* out);

// The Markdown subset a step's text may use: paragraphs (a blank line between), "# " headings, "- " or
// "* " list items, **strong** and `code`. Everything else is text as written.
struct MdSpan {
  std::string text;
  bool strong = false, code = false;
  bool operator==(const MdSpan&) const = default;
};
struct MdBlock {
  enum class Kind { Paragraph, Heading, Item } kind = Kind::Paragraph;
  std::vector<MdSpan> spans;
  bool operator==(const MdBlock&) const = default;
};
std::vector<MdBlock> parse_markdown(std::string_view text);

}  // namespace vitvis

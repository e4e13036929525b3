// Names as a student reads them: tokens, classes and runs in the UI language.
#pragma once
#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/i18n.h"
#include "model_spec.h"

namespace vitvis {

// A token's name in the UI language: "patch (r, c)" (row and column counted from 1, as everywhere on
// screen and in links) is translated; CLS, DIST and REGn are the papers' own symbols and stay.
inline std::string token_label(const ModelSpec& s, int token) {
  if (token < s.prefix_tokens || token >= s.num_tokens()) return s.token_name(token);
  char b[64];
  std::snprintf(b, sizeof b, T("patch (%d, %d)"), s.patch_row(token) + 1, s.patch_col(token) + 1);
  return b;
}
// A head as the views name it: "head 3" (counted from 1), or "mean of heads" for -1.
inline std::string head_label(int head) {
  if (head < 0) return T("mean of heads");
  char b[48];
  std::snprintf(b, sizeof b, T("head %d"), head + 1);
  return b;
}

// The run (b) and (c) subtract while "Show the difference" is on (#19): image A when comparing two
// images, the unedited run when patches are hidden.
inline const Snapshot* change_base(const App& app) { return app.whatif.show_change ? reference_run(app) : nullptr; }
// Class k's name as a student reads it: the model's label in the UI's language (class_name), the
// student's own class names as they typed them.
inline const char* class_label(const ModelSpec& s, int k) {
  if (k < 0 || k >= int(s.labels.size())) return "";
  return s.custom_head ? s.labels[size_t(k)].c_str() : class_name(s.labels[size_t(k)]);
}
// Class k's name as the shown result labels it (the student's classes while their head is in use).
inline const char* shown_class_label(const App& app, int k) {
  return app.shown ? class_label(app.shown->result.spec(), k) : "";
}

// The reference run in words, for tooltips: "image A" or "the unedited image".
inline const char* reference_label(const App& app) { return compare_a(app) ? T("image A") : T("the unedited image"); }

}  // namespace vitvis

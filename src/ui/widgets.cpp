// Drawing helpers every view shares (widgets.h): text that wraps well in both languages.
#include "ui/widgets.h"

#include <imgui_internal.h>  // the window's wrap position (wrapped_text)

#include <cstdio>
#include <string>
#include <string_view>

#include "app/i18n.h"

namespace vitvis {
namespace {

// flowing_text's words, laid out one by one.
void flowing_words(const char* text) {
  const std::string_view all(text);
  const float right = ImGui::GetContentRegionAvail().x, space = ImGui::CalcTextSize(" ").x;
  bool first = true;
  float x = 0.f;
  for (size_t at = 0; at <= all.size();) {
    size_t end = all.find_first_of(" \n", at);
    if (end == std::string_view::npos) end = all.size();
    const std::string_view word = all.substr(at, end - at);
    const float w = ImGui::CalcTextSize(word.data(), word.data() + word.size()).x;
    if (w > right) {  // no spaces to wrap at (or one very long word): ImGui's own wrapping for the rest
      if (!first) ImGui::SameLine(0, space);
      wrapped_text(word.data());  // (the rest of `text`, to its end)
      return;
    }
    if (!first && x + space + w <= right) {
      ImGui::SameLine(0, space);
      x += space + w;
    } else {
      x = w;
    }
    ImGui::TextUnformatted(word.data(), word.data() + word.size());
    first = end < all.size() && all[end] == '\n';  // a newline starts the next word on its own line
    if (first) x = 0.f;
    at = end + 1;
  }
}

// The UI's text with its numbers and units kept together (ImGui's built-in font, shown until the
// app's font has arrived, has no U+2024: there the decimal points stay).
std::string unbroken(const char* text) {
  return with_nonbreaking_units(text, ImGui::GetFont()->FindGlyphNoFallback(0x2024) != nullptr);
}

}  // namespace

void flowing_text(const char* text) {
  ImGui::BeginGroup();  // one item for the caller: its rect is the whole text
  // Lines as close as wrapped text's (a line of words is a row of items: no item spacing between rows).
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0.f));
  flowing_words(unbroken(text).c_str());
  ImGui::PopStyleVar();
  ImGui::EndGroup();
}

void wrappable_text(const char* text) {
  const std::string units = unbroken(text);
  if (!cjk_language()) {
    ImGui::TextUnformatted(units.data(), units.data() + units.size());
    return;
  }
  const std::string t = with_cjk_breaks(units);
  ImGui::TextUnformatted(t.data(), t.data() + t.size());
}

float wrappable_height(const char* text, float wrap_w) {
  const std::string units = unbroken(text), t = cjk_language() ? with_cjk_breaks(units) : units;
  return ImGui::CalcTextSize(t.data(), t.data() + t.size(), false, wrap_w).y;
}

void wrapped_text(const char* text) {
  // As ImGui::TextWrapped: at the panel's edge unless the caller has set a wrap position.
  const bool own = ImGui::GetCurrentWindow()->DC.TextWrapPos < 0.f;
  if (own) ImGui::PushTextWrapPos(0.f);
  wrappable_text(text);
  if (own) ImGui::PopTextWrapPos();
}

std::string formatted_v(const char* fmt, va_list args) {
  va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, again);
  va_end(again);
  std::string buf(size_t(std::max(0, n)) + 1, '\0');
  std::vsnprintf(buf.data(), buf.size(), fmt, args);
  buf.resize(size_t(std::max(0, n)));
  return buf;
}

std::string formatted(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  std::string s = formatted_v(fmt, args);
  va_end(args);
  return s;
}

void wrapped_textv(const char* fmt, va_list args) { wrapped_text(formatted_v(fmt, args).c_str()); }

void wrapped_textf(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  wrapped_textv(fmt, args);
  va_end(args);
}

void flowing_textf(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  const std::string text = formatted_v(fmt, args);
  va_end(args);
  flowing_text(text.c_str());
}

}  // namespace vitvis

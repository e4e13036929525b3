#include "ui/error_banner.h"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/app.h"
#include "app/i18n.h"
#include "error_kind.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/theme.h"

namespace vitvis {
namespace {

struct Explained {
  const char* what;  // in plain words (nullptr: the message says it all)
  const char* next;  // what to do next
};

Explained explain(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Offline:
      return {T("No connection: the network did not answer (no internet, or the site is blocked here)."),
              T("Check the connection. For a hub model: pick the other hub under \"Download from\" in \"From Hugging Face…\", or download its files elsewhere and open them with \"Open…\".")};
    case ErrorKind::NotFound:
      return {T("Not found: nothing of that name is at that address."),
              T("Check the name (owner/name for a hub model) and try again.")};
    case ErrorKind::Denied:
      return {T("Access refused: the model is gated or private."),
              T("Accept its terms on the hub's website, download its files and open them with \"Open…\".")};
    case ErrorKind::TooBig:
      return {T("Too big for this device: it ran out of memory."),
              T("Try a smaller model (a Tiny one), or close other tabs and try again.")};
    case ErrorKind::NotAViT:
      return {T("Not a Vision Transformer this app can show."),
              T("Open a ViT or DeiT image classifier (Hugging Face or timm).")};
    case ErrorKind::NotStored:
      return {T("Not available offline: this was not stored in the browser before the network went."),
              T("When online again, View ▸ Make available offline… stores the app, both languages, the fonts and the models for next time.")};
    case ErrorKind::Other:
      break;
  }
  return {nullptr, nullptr};
}

}  // namespace

std::string explained_error(const std::string& message) {
  const Explained e = explain(error_kind(message));
  return e.what ? std::string("⚠ ") + e.what + "\n" + message + "\n" + e.next : "⚠ " + message;
}

float draw_error_banner(App& app, UiState& ui, Rect area) {
  ui.probe.banner = {};
  ui.probe.banner_close = {};
  ui.probe.banner_text.clear();
  // The hub dialog shows its own failure (it stays open for another try).
  const bool in_dialog = ui.hub_open && app.status.serial == ui.hub_error;
  if (!app.status.error || app.status.serial == ui.banner_closed || in_dialog || area.w <= 0) {
    return 0.f;
  }
  const Explained e = explain(error_kind(app.status.text));
  const char* close = T("Close###banner_close");
  const ImGuiStyle& st = ImGui::GetStyle();
  const float close_w = ImGui::CalcTextSize(close, nullptr, true).x + st.FramePadding.x * 2,
              close_h = ui.coarse ? 44.f : ImGui::GetFrameHeight();
  // Sized before it is drawn (not auto-sized a frame late): the modules under it are placed by this
  // frame's height, so a click never lands where a module was a frame ago.
  const float wrap_w = area.w - 2.f * st.WindowPadding.x - close_w - st.ItemSpacing.x;
  const std::string what = e.what ? std::string("⚠ ") + e.what : std::string(),
                    message = e.what ? app.status.text : "⚠ " + app.status.text;
  float text_h = wrappable_height(message.c_str(), wrap_w);
  if (e.what) text_h += wrappable_height(what.c_str(), wrap_w) + wrappable_height(e.next, wrap_w) + 2.f * st.ItemSpacing.y;
  // A hub model that could not be reached: its mirror in one click (a school network may block the hub).
  const int other = app.hub.bases.size() > 1 ? (app.hub.base + 1) % int(app.hub.bases.size()) : -1;
  const bool mirror = error_kind(app.status.text) == ErrorKind::Offline && !app.failed_hub.empty() && other >= 0 &&
                      app.pending_model < 0;
  const std::string try_other =
      mirror ? formatted(T("Try %s###banner_mirror"), app.hub.bases[size_t(other)].name.c_str()) : std::string();
  if (mirror) text_h += close_h + st.ItemSpacing.y;
  const float height = std::min(std::max(text_h, close_h) + 2.f * st.WindowPadding.y, std::max(area.h, 60.f));
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, height));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, paint(Paint::Banner));
  ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(1.f, 0.45f, 0.4f, 1.f));
  ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::BannerText));
  ImGui::Begin("##error_banner", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_w);
  if (e.what) {
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::BannerTitle));
    wrappable_text(what.c_str());
    ImGui::PopStyleColor();
    wrappable_text(message.c_str());
    wrappable_text(e.next);
  } else {
    wrappable_text(message.c_str());
  }
  ImGui::PopTextWrapPos();
  ui.probe.banner_mirror = {};
  if (mirror) {
    ImGui::PopStyleColor();  // (the button in the theme's own colours)
    if (ImGui::Button(try_other.c_str(), ImVec2(0, close_h))) retry_from_other_hub(app);
    ui.probe.banner_mirror = last_item_rect();
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::BannerText));
  }
  const float text_bottom = ImGui::GetCursorScreenPos().y;
  ImGui::SetCursorPos(ImVec2(ImGui::GetContentRegionMax().x - close_w, ImGui::GetStyle().WindowPadding.y));
  if (ImGui::Button(close, ImVec2(close_w, close_h))) ui.banner_closed = app.status.serial;
  ui.probe.banner_close = last_item_rect();
  ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, std::max(text_bottom, ImGui::GetCursorScreenPos().y)));
  ImGui::Dummy(ImVec2(0, 0));
  ui.probe.banner = window_rect();
  ui.probe.banner_text = e.what ? what + "\n" + message + "\n" + e.next : message;  // = explained_error()
  ImGui::End();
  ImGui::PopStyleColor(3);
  return height;
}

}  // namespace vitvis

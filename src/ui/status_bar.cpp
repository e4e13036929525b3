// The status line: the last message (errors marked) and the last inference's timings.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/probe.h"
#include "ui/status_bar.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"
#include "ui/theme.h"

namespace vitvis {

void draw_status_bar(const App& app, UiState& ui, Rect area) {
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::Begin("##status", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  // The timings at the right when there is room; the message never runs into them (it is shortened
  // with "…" on a phone, and the whole text is in its tooltip).
  char timings[160] = "";
  if (ui.runtime_loading)  // (the app is up before ONNX Runtime: the first result waits for it)
    std::snprintf(timings, sizeof timings, T("ONNX Runtime: %.1f of %.1f MB (%d %%)"), ui.runtime_received / 1e6,
                  ui.runtime_total / 1e6, ui.runtime_total > 0 ? int(100 * ui.runtime_received / ui.runtime_total) : 0);
  else if (app.shown)
    std::snprintf(timings, sizeof timings, T("inference %.0f ms (ORT %.0f ms) · %s"), app.timings.roundtrip_ms,
                  app.timings.ort_ms, app.busy() ? T("running…") : T("ready"));
  ui.probe.status_right = timings;
  const float avail = ImGui::GetContentRegionAvail().x, gap = 20.f;
  // An error is red while it stands; once its banner was closed it is just the last message.
  const bool red = app.status.error && app.status.serial != ui.banner_closed;
  const std::string text = red ? "⚠ " + app.status.text : app.status.text;
  const float text_w = ImGui::CalcTextSize(text.c_str()).x, timings_w = ImGui::CalcTextSize(timings).x;
  const bool show_timings = timings[0] && text_w + gap + timings_w <= avail;
  const std::string shown = fitted(text, show_timings ? avail - gap - timings_w : avail);
  if (red)
    ImGui::TextColored(ink(Ink::Bad), "%s", shown.c_str());
  else
    ImGui::TextUnformatted(shown.c_str());
  if (shown != text && ImGui::IsItemHovered()) tip_text(text.c_str());
  ui.probe.status_text = last_item_rect();
  if (show_timings) {
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + gap, ImGui::GetWindowContentRegionMax().x - timings_w));
    ImGui::TextDisabled("%s", timings);
  }
  ImGui::End();
}

}  // namespace vitvis

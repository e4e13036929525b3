// The status line: the last message (errors marked) and the last inference's timings.
#include <imgui.h>

#include <algorithm>

#include "ui/views.h"

namespace vitvis {

void draw_status_bar(const App& app, UiState& ui, Rect area) {
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::Begin("##status", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  if (app.status.error)
    ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "⚠ %s", app.status.text.c_str());
  else if (!app.status.text.empty())
    ImGui::TextUnformatted(app.status.text.c_str());
  if (app.shown) {
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20.f, area.w - 330.f * ui.ui_scale));
    ImGui::TextDisabled(T("inference %.0f ms (ORT %.0f ms) · %s"), app.timings.roundtrip_ms, app.timings.ort_ms,
                        app.busy() ? T("running…") : T("ready"));
  }
  ImGui::End();
}

}  // namespace vitvis

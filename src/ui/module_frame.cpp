// The frame of every module window: its place, its probe rect, the right-click Save menu and the
// "What happens here?" explanation at its top.
#include <imgui.h>

#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/info_panels.h"
#include "ui/module_frame.h"
#include "ui/probe.h"
#include "ui/ui_state.h"

namespace vitvis {

const char* module_title(Module module) {
  switch (module) {
    case Module::Image: return T("(a) Image & patches");
    case Module::Attention: return T("(b) Multi-head self-attention");
    case Module::Layers: return T("(c) Layer-by-layer outputs");
    default: return T("(d) Classification");
  }
}

bool begin_module(App& app, UiState& ui, Module module, Rect area) {
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  char label[160];  // the title in the current language; the window's id stays the module's
  std::snprintf(label, sizeof label, "%s###module%d", module_title(module), int(module));
  // (a) holds more than a short panel shows (samples, image, what-if, patch detail): its scrollbar is
  // always there, so its rows (the sample thumbnails) do not reflow when the content grows past it.
  const ImGuiWindowFlags scroll = module == Module::Image ? ImGuiWindowFlags_AlwaysVerticalScrollbar : 0;
  const bool open = ImGui::Begin(
      label, nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | scroll);
  ui.probe.modules[size_t(module)] = area;
  float& back = ui.scroll_back[size_t(module)];
  if (back >= 0.f) {  // put back where the person had scrolled (the tour's end)
    ImGui::SetScrollY(back);
    back = -1.f;
  }
  ui.module_scroll[size_t(module)] = ImGui::GetScrollY();
  if (ImGui::BeginPopupContextWindow("save")) {
    draw_save_items(app, ui, int(module));
    ImGui::EndPopup();
  }
  draw_module_info(app, ui, module);
  return open;
}

}  // namespace vitvis

// "From Hugging Face…": a Vision Transformer straight from the hub (a short list, or any model id),
// turned into the app's graph in the browser. No Python, no server of our own.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "cost_estimate.h"
#include "ui/error_banner.h"
#include "ui/hub_window.h"
#include "ui/probe.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"
#include "ui/theme.h"

namespace vitvis {

namespace {

std::string bytes_text(double b) {
  return b >= 1e9 ? formatted("%.1f GB", b / 1e9) : b >= 1e6 ? formatted("%.0f MB", b / 1e6) : std::string("<1 MB");
}
std::string seconds_text(double s) {
  return s >= 1 ? formatted("%.1f s", s) : s >= 1e-3 ? formatted("%.0f ms", s * 1000) : std::string("<1 ms");
}

// The models kept in the browser for next time (offline too): size, and a button to delete each.
void draw_downloaded(App& app, UiState& ui) {
  ImGui::SeparatorText(T("Downloaded (kept for next time, offline too)"));
  if (app.downloaded.empty()) {
    hint(T("Nothing downloaded yet."));
    return;
  }
  double total = 0;
  for (const DownloadedModel& d : app.downloaded) {
    ImGui::PushID(d.prefix.c_str());
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s", d.repo.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%.1f MB", d.bytes / 1e6);
    ImGui::SameLine();
    if (small_button(ui.coarse, T("Delete###delete"))) delete_downloaded(app, d.prefix);
    ui.probe.downloaded_delete.push_back(last_item_rect());
    ImGui::PopID();
    total += d.bytes;
  }
  ImGui::TextDisabled(T("%.1f MB in all"), total / 1e6);
}

// A load from the dialog: it stays open until the model has loaded, and shows why when it did not.
void start_load(App& app, UiState& ui, const std::string& id) {
  const unsigned before = app.status.serial;
  if (load_hub_model(app, id)) {
    ui.hub_waiting = true;
    ui.hub_error = before;  // errors before this try are not its errors
  } else if (app.status.error) {
    ui.hub_error = app.status.serial;  // refused at once (not an id, still loading): said in the dialog
  }
}

}  // namespace

void draw_hub_window(App& app, UiState& ui) {
  Probe& p = ui.probe;
  p.downloaded_delete.clear();
  p.hub_window = p.hub_input = p.hub_load = {};
  p.hub_items.clear();
  p.hub_costs.clear();
  p.hub_warnings.clear();
  p.hub_bases.clear();
  if (!ui.hub_open) {
    ui.hub_listed = false;
    return;
  }
  if (!ui.hub_listed) {  // once each time it opens
    refresh_downloaded(app), ui.hub_listed = true;
    ui.hub_gflops = ort_gflops();  // (a few ms: this device's speed for the estimates below)
  }
  if (ui.hub_waiting && app.pending_model < 0) {  // the load it started ended
    ui.hub_waiting = false;
    if (app.status.error && app.status.serial != ui.hub_error) {
      ui.hub_error = app.status.serial;  // failed: the dialog stays, with the message, for another try
    } else {
      ui.hub_open = false;
      return;
    }
  }
  const ImVec2 disp = ImGui::GetIO().DisplaySize;
  const float w = std::min(560.f * ui.ui_scale, disp.x - 16.f);
  ImGui::SetNextWindowPos(ImVec2(disp.x / 2, disp.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Appearing);
  // Never taller than the screen (its title bar and ✕ stay reachable on a phone; the rest scrolls).
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(disp.x - 8.f, disp.y - 16.f));
  if (!ImGui::Begin(T("From Hugging Face###hubwin"), &ui.hub_open,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  p.hub_window = window_rect();
  p.hub_error = {};
  if (app.status.error && app.status.serial == ui.hub_error) {  // why the last try failed, whole
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Bad));
    wrapped_text(explained_error(app.status.text).c_str());
    ImGui::PopStyleColor();
    p.hub_error = last_item_rect();
    ImGui::Separator();
  }
  if (ui.hub_waiting) ImGui::TextDisabled("%s", T("Loading… this window closes when the model is ready."));
  wrapped_text(T("hub.intro"));
  HubConfig& hub = app.hub;
  if (hub.bases.size() > 1) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("Download from"));
    for (size_t i = 0; i < hub.bases.size(); ++i) {
      if (fits_on_line(hub.bases[i].name.c_str(), ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x))
        ImGui::SameLine();  // else on a line of its own (a phone)
      if (ImGui::RadioButton(hub.bases[i].name.c_str(), hub.base == int(i))) hub.base = int(i);
      p.hub_bases.push_back(last_item_rect());
    }
    hint(T("hub.mirror"));
  }
  if (!app.offline.online) {  // (the models kept before still load: "Downloaded" below)
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Warn));
    wrapped_text(T("This browser is offline: nothing can be downloaded now. The models downloaded before (below) still open."));
    ImGui::PopStyleColor();
  }
  ImGui::SeparatorText(T("Ready to try (smallest first)"));
  const bool busy = app.pending_model >= 0;
  ImGui::BeginDisabled(busy);
  for (const HubModel& m : hub.models) {
    char size[32], label[320];
    std::snprintf(size, sizeof size, m.bytes < 10e6 ? "  ·  %.1f MB" : "  ·  %.0f MB", m.bytes / 1e6);
    // The size whole, the id shortened with "…" where the row is narrow (a phone).
    const std::string id = fitted(m.id, ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(size).x - 4.f);
    std::snprintf(label, sizeof label, "%s%s###%s", id.c_str(), size, m.id.c_str());
    if (ImGui::Selectable(label, false, 0, ImVec2(0, ui.coarse ? 44.f : 0.f))) start_load(app, ui, m.id);
    p.hub_items.push_back(last_item_rect());
    if (!m.note.empty() && ImGui::IsItemHovered()) describe(m.note.c_str());
    // What it will cost here, before the download: memory, and a time per image on this device.
    const ModelCost c = estimate_model_cost(m.bytes, ui.hub_gflops, ui.ort_threads, ui.device_gb);
    const std::string cost = formatted(T("needs ~%s of memory while loading · ~%s per image here"), bytes_text(c.peak_bytes).c_str(),
                                       seconds_text(c.seconds_per_image).c_str());
    ImGui::Indent();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    wrapped_text(cost.c_str());
    ImGui::PopStyleColor();
    p.hub_costs.push_back(cost);
    if (c.may_not_fit) {
      ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Warn));
      wrapped_text(formatted(T("⚠ May not fit: this device reports %.2g GB of memory; close other tabs first, or pick a smaller model."),
                             ui.device_gb).c_str());
      ImGui::PopStyleColor();
      p.hub_warnings.push_back(m.id);
    }
    ImGui::Unindent();
  }
  ImGui::SeparatorText(T("Any model id"));
  ImGui::SetNextItemWidth(std::max(120.f, ImGui::GetContentRegionAvail().x - 90.f * ui.ui_scale));
  const bool enter = ImGui::InputTextWithHint("##hubid", "owner/name[@revision]", ui.hub_text, sizeof ui.hub_text,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  p.hub_input = last_item_rect();
  ImGui::SameLine();
  if ((ImGui::Button(T("Load###hubload")) || enter) && ui.hub_text[0]) {
    start_load(app, ui, ui.hub_text);
  }
  p.hub_load = last_item_rect();
  ImGui::EndDisabled();
  hint(T("hub.files"));
  draw_downloaded(app, ui);
  ImGui::End();
}

}  // namespace vitvis

// "Make available offline…" and the top bar's "Offline" badge (ui/offline_window.h).
#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/offline_window.h"
#include "ui/probe.h"
#include "ui/ui_state.h"
#include "ui/value_panel.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace vitvis {
namespace {

std::string mb(double bytes) {
  if (bytes >= 1e9) return formatted("%.1f GB", bytes / 1e9);
  return formatted(bytes < 10e6 ? "%.1f MB" : "%.0f MB", bytes / 1e6);
}

const ImVec4 kGood(0.55f, 0.85f, 0.55f, 1.f);
const ImVec4 kWarn(1.f, 0.7f, 0.4f, 1.f);

// One group: its checkbox (a required one checked and disabled), its size, and whether it is stored.
void draw_group(App& app, UiState& ui, size_t i) {
  OfflineUse& o = app.offline;
  const OfflineGroup& g = o.manifest.groups[i];
  ImGui::PushID(int(i));
  bool on = g.required || (i < o.chosen.size() && o.chosen[i]);
  const bool fixed = g.required || o.phase == OfflineUse::Phase::Storing;
  ImGui::BeginDisabled(fixed);
  if (ImGui::Checkbox("##g", &on) && i < o.chosen.size()) o.chosen[i] = on;
  ImGui::EndDisabled();
  ui.probe.offline_groups.push_back(last_item_rect());
  // Its name beside it, wrapped where the window is narrow (a phone); a click on it ticks the box too.
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float state_w = std::max(ImGui::CalcTextSize(T("✓ stored")).x, ImGui::CalcTextSize(T("partly stored")).x);
  const float cols_w = ImGui::CalcTextSize("00.0 MB").x + gap + state_w;
  const float right = ImGui::GetWindowContentRegionMax().x;
  const bool beside = right - ImGui::GetCursorPosX() > 360.f * ui.ui_scale;  // room for the sizes beside the names
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::PushTextWrapPos(beside ? right - cols_w - gap : 0.f);
  ImGui::BeginDisabled(fixed);
  wrapped_text(offline_group_name(g.kind.c_str(), g.name.c_str()));
  ImGui::EndDisabled();
  ImGui::PopTextWrapPos();
  if (!fixed && ImGui::IsItemClicked() && i < o.chosen.size()) o.chosen[i] = !on;
  if (g.required && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) describe(T("Always stored: the app needs it."));
  int have = 0;
  for (const OfflineFile& f : g.files) have += o.stored.count(f.path) ? 1 : 0;
  const std::string size = mb(g.bytes());
  const char* state = have == int(g.files.size()) ? T("✓ stored") : have > 0 ? T("partly stored") : "";
  // Two columns at the right: the size (right-aligned), then whether it is stored; under the name where
  // the window is narrow (a phone).
  const float size_w = ImGui::CalcTextSize(size.c_str()).x;
  if (beside)
    ImGui::SameLine(right - state_w - gap - size_w);
  else
    ImGui::Indent(ImGui::GetFrameHeight() + gap);
  ImGui::TextDisabled("%s", size.c_str());
  if (*state) {
    ImGui::SameLine(beside ? right - state_w : 0.f);
    ImGui::TextColored(have == int(g.files.size()) ? kGood : kWarn, "%s", state);
  }
  if (!beside) ImGui::Unindent(ImGui::GetFrameHeight() + gap);
  ImGui::PopID();
}

void draw_hub_models(App& app, UiState& ui) {
  OfflineUse& o = app.offline;
  ImGui::SeparatorText(T("Models downloaded from Hugging Face"));
  if (app.downloaded.empty()) {
    hint(T("None yet. A model you load with \"From Hugging Face…\" is kept in this browser and works offline too."));
    return;
  }
  hint(T("Already kept in this browser's cache: nothing to download. Counted in the total when ticked."));
  for (const DownloadedModel& d : app.downloaded) {
    ImGui::PushID(d.prefix.c_str());
    bool on = !o.hub_left_out.count(d.prefix);
    if (ImGui::Checkbox(formatted("%s###hub", d.repo.c_str()).c_str(), &on)) {
      if (on)
        o.hub_left_out.erase(d.prefix);
      else
        o.hub_left_out.insert(d.prefix);
    }
    ui.probe.offline_hub.push_back(last_item_rect());
    ImGui::SameLine();
    ImGui::TextDisabled("%s  %s", mb(d.bytes).c_str(), T("✓ stored"));
    ImGui::PopID();
  }
}

// The storage line: what the browser allows, and a warning when the download would not fit.
void draw_storage(const App& app, const OfflinePlan& plan) {
  const OfflineUse& o = app.offline;
  if (o.quota > 0)
    hint(formatted(T("This browser lets the site store up to %s; it uses %s now."), mb(o.quota).c_str(),
                   mb(std::max(0.0, o.usage)).c_str()).c_str());
  if (!offline_fits(plan.missing_bytes(), std::max(0.0, o.usage), o.quota)) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
    wrapped_text(formatted(T("⚠ That may not fit: %s to download, %s free. Leave out a model or the trainer, or free space in the browser's settings."),
                           mb(plan.missing_bytes()).c_str(), mb(std::max(0.0, o.quota - o.usage)).c_str()).c_str());
    ImGui::PopStyleColor();
  }
}

// The last download's outcome in words.
void draw_outcome(const App& app, const OfflinePlan& plan) {
  const OfflineUse::Run& r = app.offline.run;
  if (!r.ended || app.offline.phase != OfflineUse::Phase::Ready) return;
  const std::string stored = mb(plan.stored + offline_hub_bytes(app));
  if (r.quota_full) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
    wrapped_text(formatted(T("⚠ The browser's storage for this site is full: it stopped. What was stored stays (%s). Leave out a model or the trainer and try again, or free space in the browser's settings."),
                           stored.c_str()).c_str());
    ImGui::PopStyleColor();
  } else if (!r.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
    wrapped_text(formatted(T("⚠ Nothing could be stored: %s"), r.error.c_str()).c_str());
    ImGui::PopStyleColor();
  } else if (!r.failures.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
    wrapped_text(formatted(T("⚠ %d of %d files could not be downloaded (is the network on?). What was stored stays (%s); Download tries the rest again."),
                           int(r.failures.size()), r.files, stored.c_str()).c_str());
    ImGui::PopStyleColor();
    for (size_t i = 0; i < r.failures.size() && i < 3; ++i) hint(r.failures[i].c_str());
  } else if (r.cancelled) {
    wrapped_text(formatted(T("Cancelled. What was stored stays (%s); Download goes on from there."), stored.c_str()).c_str());
  } else if (plan.missing.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kGood);
    wrapped_text(formatted(T("Ready for offline use: %s stored."), stored.c_str()).c_str());
    ImGui::PopStyleColor();
  }
}

// The plan, the download button or the progress with Cancel.
void draw_download(App& app, UiState& ui, const OfflinePlan& plan) {
  OfflineUse& o = app.offline;
  Probe& p = ui.probe;
  const double hub = offline_hub_bytes(app);
  ImGui::Separator();
  wrapped_text(formatted(T("In all: %s (%d files). Stored already: %s. To download: %s."), mb(plan.total + hub).c_str(),
                         plan.files, mb(plan.stored + hub).c_str(), mb(plan.missing_bytes()).c_str()).c_str());
  p.offline_summary = last_item_rect();
  if (o.phase == OfflineUse::Phase::Storing) {
    const OfflineUse::Run& r = o.run;
    const double done = std::min(r.total, r.done + r.file_received);
    const float f = r.total > 0 ? float(done / r.total) : 0.f;
    const std::string text = formatted("%s / %s (%d %%)", mb(done).c_str(), mb(r.total).c_str(), int(f * 100.f));
    ImGui::ProgressBar(f, ImVec2(-1.f, 0.f), text.c_str());
    p.offline_progress = last_item_rect();
    hint(formatted(T("%d of %d files"), r.files_done, r.files).c_str());
    if (small_button(ui.coarse, T("Cancel###offcancel"))) offline_cancel(app);
    p.offline_cancel = last_item_rect();
    return;
  }
  draw_storage(app, plan);
  ImGui::BeginDisabled(o.phase != OfflineUse::Phase::Ready || plan.missing.empty());
  const std::string label = plan.missing.empty() ? std::string(T("Everything chosen is stored###offdownload"))
                                                  : formatted(T("Download %s###offdownload"), mb(plan.missing_bytes()).c_str());
  if (ImGui::Button(label.c_str())) offline_start(app);
  ImGui::EndDisabled();
  p.offline_download = last_item_rect();
  draw_outcome(app, plan);
}

}  // namespace

const char* offline_group_name(const char* kind, const char* name) {
  if (!std::strcmp(kind, "app")) return T("The app (page, WebAssembly, ONNX Runtime)");
  if (!std::strcmp(kind, "languages")) return T("Both languages' texts (English, Chinese)");
  if (!std::strcmp(kind, "fonts")) return T("Fonts (Latin and Chinese)");
  if (!std::strcmp(kind, "photos")) return T("Photos and ImageNet class names (for hub models)");
  if (!std::strcmp(kind, "training")) return T("Train a ViT: the trainer and its data set");
  return name;  // a model: its name
}

void open_offline(UiState& ui) {
  ui.offline.open = true;
  ui.offline.asked = false;
}

void draw_offline_window(App& app, UiState& ui) {
  Probe& p = ui.probe;
  p.offline_window = p.offline_download = p.offline_cancel = p.offline_progress = p.offline_summary = {};
  p.offline_groups.clear();
  p.offline_hub.clear();
  if (!ui.offline.open) return;
  OfflineUse& o = app.offline;
  if (!ui.offline.asked) {
    ui.offline.asked = true;
    offline_refresh(app);
  }
  // As tall as what it shows (the list arrives after it opens; the progress replaces the button), at most
  // the screen's height (then it scrolls), centred again whenever its height changes.
  const ImVec2 disp = ImGui::GetIO().DisplaySize;
  const float w = std::min(560.f * ui.ui_scale, disp.x - 16.f);
  ImGui::SetNextWindowPos(ImVec2(disp.x / 2, disp.y * 0.5f), ui.offline.recenter ? ImGuiCond_Always : ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, disp.y - 16.f));
  if (!ImGui::Begin(T("Make available offline###offlinewin"), &ui.offline.open,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  p.offline_window = window_rect();
  ui.offline.recenter = ImGui::GetWindowSize().y != ui.offline.height;
  ui.offline.height = ImGui::GetWindowSize().y;
  wrapped_text(T("offline.intro"));
  if (o.phase == OfflineUse::Phase::Idle || (o.phase == OfflineUse::Phase::Reading && o.manifest.groups.empty())) {
    ImGui::TextDisabled("%s", T("Looking at what is stored…"));
  } else if (o.phase == OfflineUse::Phase::Failed) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
    wrapped_text(formatted(T("⚠ Offline use is not available here: %s"), o.error.c_str()).c_str());
    ImGui::PopStyleColor();
    p.offline_summary = last_item_rect();
  } else {
    ImGui::SeparatorText(T("What will be stored"));
    for (size_t i = 0; i < o.manifest.groups.size(); ++i) draw_group(app, ui, i);
    draw_hub_models(app, ui);
    draw_download(app, ui, offline_plan(app));
  }
  ImGui::End();
}

void draw_offline_badge(App& app, UiState& ui) {
  ui.probe.offline_badge = {};
  ui.probe.offline_tip.clear();
  const OfflineUse& o = app.offline;
  if (o.online) return;
  ImGui::SameLine();
  // In the warning colour with dark words: seen from the back of a room (a teacher's persona missed the
  // grey one); still a button that opens "Make available offline".
  const ImVec4 warn = ink(Ink::Warn);
  ImGui::PushStyleColor(ImGuiCol_Button, warn);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, warn);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, warn);
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.05f, 0.05f, 0.08f, 1.f));
  if (small_button(ui.coarse, T("Offline###offbadge"))) open_offline(ui);
  ImGui::PopStyleColor(4);
  ui.probe.offline_badge = last_item_rect();
  const bool hovered = ImGui::IsItemHovered();
  // What works: the groups stored whole.
  std::string works;
  for (const OfflineGroup& g : o.manifest.groups)
    if (group_stored(g, o.stored)) works += std::string("\n  · ") + offline_group_name(g.kind.c_str(), g.name.c_str());
  for (const DownloadedModel& d : app.downloaded) works += "\n  · " + d.repo;
  ui.probe.offline_tip = works.empty()
                             ? std::string(T("This browser is offline. Nothing was stored for offline use yet: what was opened before still works."))
                             : std::string(T("This browser is offline. What was stored works:")) + works;
  if (hovered) describe(ui.probe.offline_tip.c_str());
}

}  // namespace vitvis

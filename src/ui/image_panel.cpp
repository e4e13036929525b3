// Module (a), first part: sample picker and the input image cut into its P x P patch grid.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "ui/heatmap.h"
#include "ui/image_panel.h"
#include "ui/intents.h"
#include "ui/labels.h"
#include "ui/module_frame.h"
#include "ui/motion.h"
#include "ui/patch_detail.h"
#include "ui/probe.h"
#include "ui/texture.h"
#include "ui/tour.h"
#include "ui/ui_state.h"
#include "ui/whatif_panel.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"

namespace vitvis {
namespace {

// The drawing pad: mouse, touch and pen all arrive as pointer input; strokes go into the canvas and
// (for live mode) the model runs again as soon as the previous inference is done.
void draw_pad(App& app, UiState& ui) {
  DrawingPad& d = app.drawing;
  if (!app.model) return;
  const int want = std::clamp(app.model->spec.image_size * 4, 112, 256);
  if (d.canvas.size() != want) {
    d.canvas.reset(want);
    d.version++;
  }
  const float side = std::min(ImGui::GetContentRegionAvail().x * 0.62f, 170.f * ui.ui_scale);
  ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side);
  ImGui::InvisibleButton("pad", ImVec2(side, side));
  drag_zone(ui);  // a finger drawing here draws (it does not scroll the panel)
  const float k = float(d.canvas.size()) / side;
  bool changed = false;
  if (ImGui::IsItemActive()) {
    const ImGuiIO& io = ImGui::GetIO();
    ImVec2 a(io.MousePos.x - io.MouseDelta.x, io.MousePos.y - io.MouseDelta.y);
    if (ImGui::IsItemActivated()) a = io.MousePos;  // a fresh stroke starts where the pointer went down
    d.canvas.stroke((a.x - p.x) * k, (a.y - p.y) * k, (io.MousePos.x - p.x) * k, (io.MousePos.y - p.y) * k,
                    d.brush * float(d.canvas.size()));
    changed = true;
  }
  if (changed) d.dirty = true, d.version++;
  if (ui.images.pad_key.changed(d.version)) {
    RgbaImage img = d.canvas.to_image(d.invert);
    ui.images.pad.upload_rgba(img.width, img.height, img.pixels.data(), true);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddImage(ui.images.pad.imgui_id(), p, q);
  dl->AddRect(p, q, IM_COL32(255, 200, 60, 200), 0, 0, 1.5f);
  ui.probe.pad = rect_of(p, q);
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
    tip(
        T("Draw with the mouse, a finger or a pen. The model sees this picture\nshrunk to %d x %d pixels."),
        app.model->spec.image_size, app.model->spec.image_size);
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::PushItemWidth(std::max(60.f, ImGui::GetContentRegionAvail().x));
  float pct = d.brush * 100.f;
  if (ImGui::SliderFloat("##brush", &pct, 1.5f, 12.f, T("brush %.1f%%"))) d.brush = pct / 100.f;
  drag_zone(ui);
  ImGui::PopItemWidth();
  if (ImGui::Button(T("Clear###clear"))) d.canvas.clear(), d.version++, d.dirty = true;
  ui.probe.pad_clear = last_item_rect();
  if (ImGui::Checkbox(T("Invert###invert"), &d.invert)) d.version++, d.dirty = true;
  if (ImGui::IsItemHovered()) describe(T("Dark ink on light paper instead of light on dark."));
  ImGui::Checkbox(T("Live###live"), &d.live);
  if (ImGui::IsItemHovered()) describe(T("Classify while drawing (each stroke runs the model again)."));
  if (!d.live && ImGui::Button(T("Classify###classify"))) d.dirty = true, run_drawing(app);
  ImGui::EndGroup();
  if (d.dirty && d.live && !ImGui::IsItemActive()) run_drawing(app);
}

// The camera: a live preview (the square the model sees marked on it), Snap, Live with its rate, and a
// switch between the front and back cameras where there are two.
void draw_camera(App& app, UiState& ui) {
  Camera& c = app.camera;
  animate(ui, 100);  // the preview keeps coming while the camera is on
  if (ui.images.camera_key.changed(c.version) && !c.frame.pixels.empty())
    ui.images.camera.upload_rgba(c.frame.width, c.frame.height, c.frame.pixels.data(), true);
  const float side = std::min(ImGui::GetContentRegionAvail().x * 0.62f, 170.f * ui.ui_scale);
  const bool have = !c.frame.pixels.empty() && ui.images.camera.valid();
  const float aspect = have ? float(c.frame.height) / float(c.frame.width) : 0.75f;
  ImVec2 p = ImGui::GetCursorScreenPos(), q(p.x + side, p.y + side * aspect);
  ImGui::InvisibleButton("camera", ImVec2(side, side * aspect));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (have) {
    dl->AddImage(ui.images.camera.imgui_id(), p, q);
    if (app.model && !app.model->spec.resize_exact) {  // shorter side resized, centre crop: the middle square
      const float s = std::min(q.x - p.x, q.y - p.y), cx = (p.x + q.x) / 2, cy = (p.y + q.y) / 2;
      dl->AddRect(ImVec2(cx - s / 2, cy - s / 2), ImVec2(cx + s / 2, cy + s / 2), IM_COL32(90, 200, 255, 200), 0, 0,
                  1.5f);
    }
  } else {
    dl->AddRectFilled(p, q, IM_COL32(20, 22, 28, 255));
    const char* note = c.paused ? T("Paused while the page is hidden.") : T("Starting the camera…");
    dl->AddText(ImVec2(p.x + 8, p.y + 8), IM_COL32(220, 220, 220, 255), note);
  }
  dl->AddRect(p, q, IM_COL32(255, 200, 60, 200), 0, 0, 1.5f);
  ui.probe.camera_view = rect_of(p, q);
  if (ImGui::IsItemHovered())
    tip(T("The camera's picture. The model sees the marked square, shrunk to %d x %d pixels."),
                      app.model ? app.model->spec.image_size : 0, app.model ? app.model->spec.image_size : 0);
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::BeginDisabled(!have);
  if (ImGui::Button(T("Snap###snap"))) snap_camera(app);
  ImGui::EndDisabled();
  ui.probe.camera_snap = last_item_rect();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    describe(T("Classify the picture the camera shows now."));
  if (ImGui::Checkbox(T("Live###camlive"), &c.live)) c.result_ms.clear();
  ui.probe.camera_live = last_item_rect();
  if (ImGui::IsItemHovered())
    describe(T("Keep classifying: each new picture as soon as the previous result is in."));
  if (c.cameras > 1) {
    if (ImGui::Button(c.front ? T("Back camera###camswitch") : T("Front camera###camswitch"))) switch_camera(app);
    ui.probe.camera_switch = last_item_rect();
  } else {
    ui.probe.camera_switch = {};
  }
  if (c.live) {
    const double rate = camera_rate(app);
    if (rate > 0)
      ImGui::TextDisabled(T("%.1f results/s"), rate);
    else
      ImGui::TextDisabled("%s", T("starting…"));
    if (ImGui::IsItemHovered())
      describe(T("How many pictures the model classifies each second (one at a time)."));
  }
  ImGui::EndGroup();
}

void draw_thumbnails(App& app, UiState& ui) {
  ui.probe.thumbs.clear();
  if (!app.model) return;
  const float s = 40.f * ui.ui_scale;
  const float avail = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
  const float gap = 4.f;
  const int per_row = std::max(1, int((avail + gap) / (s + gap)));
  const int rows = (int(app.model->samples.size()) + per_row - 1) / per_row;
  // Each sample's class (or file) name, small, over the foot of its thumbnail (no extra height: the
  // image below keeps its room); at most two rows visible, the rest scroll.
  constexpr float kLabelScale = 0.72f;
  const float row_h = s + ImGui::GetStyle().ItemSpacing.y;
  ui.probe.thumb_labels.clear();
  if (ui.images.thumbs.size() > app.model->samples.size()) {  // another model's: drop the textures
    std::erase_if(ui.images.thumbs, [&](const auto& t) {
      return std::none_of(app.model->samples.begin(), app.model->samples.end(),
                          [&](auto& smp) { return smp->uid == t.first; });
    });
  }
  ImGui::BeginChild("thumbs", ImVec2(0, row_h * float(std::min(rows, 2)) + 2.f), false);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t i = 0; i < app.model->samples.size(); ++i) {
    Sample& smp = *app.model->samples[i];
    if (i % size_t(per_row)) ImGui::SameLine(0, gap);
    ImGui::PushID(int(i));
    ImVec2 p = ImGui::GetCursorScreenPos();
    bool selected = int(i) == app.sel.image;
    if (ImGui::InvisibleButton("thumb", ImVec2(s, s)) && smp.loaded) select_image(app, int(i));
    bool hovered = ImGui::IsItemHovered();
    ImVec2 q(p.x + s, p.y + s);
    auto label = [&] {  // shortened to the thumbnail's width (the tooltip has all of it), on a dark band
      ImGui::SetWindowFontScale(kLabelScale);
      const std::string text = fitted(smp.label >= 0 ? class_name(smp.name) : smp.file, s - 4.f);
      const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
      const ImVec2 at(p.x + (s - ts.x) / 2, q.y - ts.y - 2.f);
      dl->AddRectFilled(ImVec2(p.x + 2, at.y - 1.f), ImVec2(q.x - 2, q.y - 2), IM_COL32(0, 0, 0, 170));
      dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at,
                  selected ? IM_COL32(255, 210, 110, 255) : IM_COL32(225, 225, 230, 255), text.c_str());
      ui.probe.thumb_labels.push_back({at.x, at.y, ts.x, ts.y});
      ImGui::SetWindowFontScale(1.f);
    };
    if (const Texture& thumb = thumbnail(ui, smp); thumb.valid()) {
      ImU32 tint = selected || hovered ? IM_COL32_WHITE : IM_COL32(150, 150, 150, 255);
      dl->AddImage(thumb.imgui_id(), ImVec2(p.x + 2, p.y + 2), ImVec2(q.x - 2, q.y - 2), ImVec2(0, 0), ImVec2(1, 1),
                   tint);
    } else {
      dl->AddRectFilled(p, q, IM_COL32(40, 40, 48, 255));
    }
    label();
    if (selected) dl->AddRect(p, q, IM_COL32(255, 200, 60, 255), 2.f, 0, 2.5f);
    if (selected && ui.scrolled_to_image != app.sel.image) {  // e.g. picked by a link: bring it into view
      const float top = ImGui::GetWindowPos().y, bottom = top + ImGui::GetWindowHeight();
      if (p.y < top || q.y > bottom) ImGui::SetScrollHereY(0.5f);
      ui.scrolled_to_image = app.sel.image;
    } else if (hovered)
      dl->AddRect(p, q, IM_COL32(200, 200, 200, 200), 2.f);
    if (hovered) {
      if (!smp.error.empty())
        tip("%s\n%s", smp.file.c_str(), smp.error.c_str());
      else if (smp.label >= 0)
        tip(T("Sample %zu — true class: %s"), i + 1, class_name(smp.name));
      else
        tip(T("Sample %zu (%s)"), i + 1, smp.file.c_str());
    }
    ui.probe.thumbs.push_back(rect_of(p, q));
    ImGui::PopID();
  }
  ImGui::EndChild();
}

// A newly pinned query's attention row flows back onto the image (ui/motion.h): its patch first, then
// outwards ring by ring; the patches not reached yet show the plain image.
void row_flow(const App& app, UiState& ui, ImVec2 p, float side) {
  if (!flow_running(ui, Flow::Row) || !app.shown) return;
  const ModelSpec& s = app.shown->result.spec();
  const int g = s.grid(), token = app.sel.token;
  const float t = flow_t(ui, Flow::Row), cell = side / float(g), soft = 0.35f;
  const bool patch = token >= s.prefix_tokens && token < s.num_tokens();
  const float qr = patch ? float(s.patch_row(token)) : float(g - 1) / 2.f;  // a prefix token: from the centre
  const float qc = patch ? float(s.patch_col(token)) : float(g - 1) / 2.f;
  float far = 1.f;
  for (int r = 0; r < g; ++r)
    for (int c = 0; c < g; ++c) far = std::max(far, std::hypot(float(r) - qr, float(c) - qc));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Texture& tex = input_texture(app, ui);
  for (int r = 0; r < g; ++r)
    for (int c = 0; c < g; ++c) {
      const float d = std::hypot(float(r) - qr, float(c) - qc) / far;
      const float reached = std::clamp((t * (1.f + soft) - d) / soft, 0.f, 1.f);
      if (reached >= 1.f) continue;
      const ImVec2 a(p.x + float(c) * cell, p.y + float(r) * cell);
      dl->AddImage(tex.imgui_id(), a, ImVec2(a.x + cell, a.y + cell), ImVec2(float(c) / float(g), float(r) / float(g)),
                   ImVec2(float(c + 1) / float(g), float(r + 1) / float(g)),
                   IM_COL32(255, 255, 255, int((1.f - reached) * 255.f)));
    }
  const ImVec2 centre(p.x + (qc + 0.5f) * cell, p.y + (qr + 0.5f) * cell);
  dl->AddCircle(centre, t * (far + 0.5f) * cell, IM_COL32(255, 200, 60, int((1.f - t) * 220.f)), 0, 2.f);
}

void draw_patch_grid(App& app, UiState& ui) {
  ui.probe.image = ui.probe.pending = {};
  const Texture& input = input_texture(app, ui);
  if (!app.model || !input.valid()) {
    ImGui::TextDisabled("%s", app.busy() ? T("Running the model…") : T("Pick an image above."));
    return;
  }
  const ModelSpec& spec = app.model->spec;
  const int g = spec.grid();
  // Room below the image for the toggle, the patch detail and its explanation.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Large and wide (the focus layout): the image as tall as the panel, its controls and the patch up close
  // beside it.
  const float tall = avail.y - ImGui::GetFrameHeightWithSpacing();
  const bool wide = is_large(ui, Module::Image) && avail.x - tall >= 280.f * ui.ui_scale;
  const float side = wide ? std::max(120.f, tall)
                          : square_side(avail.x, avail.y - 225.f * ui.ui_scale - 2.f * ImGui::GetFrameHeightWithSpacing(),
                                        min_square(ui, 240.f));
  tour_scroll_here(ui, kTourImage);
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImVec2 q(p.x + side, p.y + side);
  ImGui::InvisibleButton("patches", ImVec2(side, side));
  if (app.whatif.hiding) drag_zone(ui);  // painting hidden patches is a deliberate mode: a finger paints
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddImage(input_texture(app, ui).imgui_id(), p, q);
  const WhatIfView* occlusion = ui.whatif.overlay ? occlusion_map(app, ui) : nullptr;
  const bool overlay =
      !occlusion && ui.attn.show_overlay && app.shown && app.sel.token >= 0 && ui.attn.overlay_tex.valid();
  if (overlay) draw_heatmap(ui.attn.overlay_tex, p, q, ui.seq_map, sequential_scale(ui.attn.overlay), 0.6f);
  if (overlay) row_flow(app, ui, p, side);
  if (occlusion) draw_heatmap(occlusion->tex, p, q, ColorMap::CoolWarm, occlusion->scale, 0.6f);
  const float cell = side / float(g);
  draw_hidden_marks(app, ui, p, cell);
  for (int i = 1; i < g; ++i) {
    dl->AddLine(ImVec2(p.x + i * cell, p.y), ImVec2(p.x + i * cell, q.y), IM_COL32(90, 200, 255, 110));
    dl->AddLine(ImVec2(p.x, p.y + i * cell), ImVec2(q.x, p.y + i * cell), IM_COL32(90, 200, 255, 110));
  }
  dl->AddRect(p, q, IM_COL32(90, 200, 255, 160));
  if (app.result_pending()) {
    const char* note = T("Classifying the new image…");
    const ImVec2 ts = ImGui::CalcTextSize(note), a(p.x + 4, p.y + 4), b(a.x + ts.x + 12, a.y + ts.y + 8);
    dl->AddRectFilled(a, b, IM_COL32(20, 22, 28, 220), 4.f);
    dl->AddText(ImVec2(a.x + 6, a.y + 4), IM_COL32(255, 210, 90, 255), note);
    ui.probe.pending = rect_of(a, b);
  }
  // Hover selects the patch unless one is pinned; a click pins, a second click (or Esc) unpins. While
  // hiding patches, clicks and drags hide them instead (hide_brush, with its own tooltip).
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int col = std::clamp(int((m.x - p.x) / cell), 0, g - 1), row = std::clamp(int((m.y - p.y) / cell), 0, g - 1);
    const int token = spec.token_of_patch(row, col);
    if (!app.sel.pinned) app.sel.token = token;
    if (!app.whatif.hiding) {
      if (ImGui::IsItemClicked()) {
        const bool same = app.sel.pinned && app.sel.token == token;
        app.sel.pinned = !same;
        app.sel.token = token;
      }
      if (occlusion)
        tip(T("patch (%d, %d): hiding it lowers P(%s) by %+.4f on average"), row + 1, col + 1,
                          shown_class_label(app, occlusion->cls), double(occlusion->map[size_t(row * g + col)]));
      else
        tip(spec.channels > 1 ? T("Patch row %d, column %d = token %d\n%d x %d pixels, %d channels\n%s")
                                            : T("Patch row %d, column %d = token %d\n%d x %d pixels, %d channel\n%s"),
                          row + 1, col + 1, token, spec.patch_size, spec.patch_size, spec.channels,
                          app.sel.pinned ? (ui.coarse ? T("(pinned — tap it again to unpin)") : T("(pinned — click again or Esc to unpin)"))
                                         : (ui.coarse ? T("(tap to pin)") : T("(click to pin)")));
    }
  }
  if (app.whatif.hiding) hide_brush(app, ui, p, cell);
  if (app.sel.token >= spec.prefix_tokens && app.sel.token < spec.num_tokens()) {
    int r = spec.patch_row(app.sel.token), c = spec.patch_col(app.sel.token);
    ImVec2 a(p.x + c * cell, p.y + r * cell), b(a.x + cell, a.y + cell);
    dl->AddRect(a, b, app.sel.pinned ? IM_COL32(255, 200, 60, 255) : IM_COL32(255, 255, 255, 230), 0, 0, 2.5f);
  }
  ui.probe.image = rect_of(p, q);
  if (wide) {
    ImGui::SameLine(0, 12.f * ui.ui_scale);
    ImGui::BeginGroup();
  }
  if (ImGui::Checkbox(T("Attention overlay###overlay"), &ui.attn.show_overlay) && ui.attn.show_overlay)
    ui.whatif.overlay = false;
  if (overlay && ImGui::IsItemHovered()) {
    tip(T("Attention row of %s in layer %d, %s, over the patches (prefix tokens left out)."),
                      token_label(spec, app.sel.token).c_str(), app.sel.layer + 1, head_label(app.sel.head).c_str());
  }
  ImGui::SameLine();
  ImGui::TextDisabled(T("%d x %d patches"), g, g);
  if (ImGui::IsItemHovered())
    tip(spec.prefix_tokens > 1 ? T("image.patches.tip_prefixes") : T("image.patches.tip_prefix"),
                      spec.image_size, spec.image_size, g, g, spec.num_patches(), spec.patch_size, spec.patch_size,
                      spec.prefix_tokens, spec.num_tokens());
  ui.probe.overlay_legend = {};
  if (overlay) {  // what the colours over the image mean
    char cap[200];
    std::snprintf(cap, sizeof cap, T("attention from %s (layer %d, %s) to each patch"),
                  token_label(spec, app.sel.token).c_str(), app.sel.layer + 1, head_label(app.sel.head).c_str());
    const float bar = std::clamp(ImGui::GetContentRegionAvail().x * 0.35f, 40.f, 160.f * ui.ui_scale);
    draw_legend_inline(ui.seq_map, sequential_scale(ui.attn.overlay), bar, cap);
    ui.probe.overlay_legend = last_item_rect();
  }
  draw_whatif_controls(app, ui);
  ImGui::Separator();
  tour_scroll_here(ui, kTourPatch);
  draw_patch_detail(app, ui);
  if (wide) ImGui::EndGroup();
}


}  // namespace

void draw_image_panel(App& app, UiState& ui, Rect area) {
  begin_module(app, ui, Module::Image, area);
  // Samples | Draw, and opening the user's own image or model (also by drag and drop or paste).
  const bool pad = app.drawing.active, camera = app.camera.active;
  if (ImGui::RadioButton(T("Samples###samples"), !pad && !camera)) {
    app.drawing.active = false;
    stop_camera(app);
  }
  ui.probe.mode_samples = last_item_rect();
  same_line_if_fits(T("Draw###draw"), ImGui::GetFrameHeight());
  if (ImGui::RadioButton(T("Draw###draw"), pad)) {
    stop_camera(app);
    app.drawing.active = true;
    app.drawing.dirty = true;
  }
  ui.probe.mode_draw = last_item_rect();
  same_line_if_fits(T("Camera###camera"), ImGui::GetFrameHeight());
  if (ImGui::RadioButton(T("Camera###camera"), camera || app.camera.starting)) start_camera(app);
  ui.probe.mode_camera = last_item_rect();
  if (ImGui::IsItemHovered())
    describe(T("Use the camera: point it at something, then Snap or Live. Nothing leaves this device."));
  same_line_if_fits(T("Open…###open"));
  // The page's own click handler opens the picker (browsers allow it only there): armed while the
  // pointer is over this button, so a window above it never opens a picker.
  ImGui::Button(T("Open…###open"));
  const Rect ob = ui.probe.open_button = last_item_rect();
  if (ImGui::IsItemHovered()) {
    ui.effects.file_button = ob;
    ui.effects.file_accept = "image/*,.onnx,.json";
    describe(T("image.open.tip"));
  }
  // Beside "Open…" where it fits (it kept two lines of the panel's height for itself under the buttons).
  const char* own = ui.coarse ? T("or take a photo with Camera") : T("or drop an image here");  // no drop with a finger
  const bool own_beside = !app.camera.active && !app.drawing.active && fits_width_on_line(ImGui::CalcTextSize(own).x);
  if (own_beside) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", own);
  }
  if (!app.camera.active) ui.probe.camera_view = ui.probe.camera_snap = ui.probe.camera_live = {};
  if (app.camera.active) {
    ui.probe.pad = {};
    draw_camera(app, ui);
  } else if (app.drawing.active) {
    draw_pad(app, ui);
  } else {
    ui.probe.pad = {};
    if (!own_beside) hint(ui.coarse ? T("Tap a sample, or open your own image") : T("Click a sample, or drop / paste your own image"));
    draw_thumbnails(app, ui);
  }
  ImGui::Separator();
  draw_patch_grid(app, ui);
  ImGui::End();
}

const Texture& input_texture(const App& app, UiState& ui) {
  if (!app.shown) {
    ui.images.input = {};
    ui.images.input_key.reset();
  } else if (ui.images.input_key.changed(app.shown->generation)) {
    const ModelInput& in = app.shown->input;
    ui.images.input.upload_planes(in.channels, in.size, in.pixels);
  }
  return ui.images.input;
}

const Texture& thumbnail(UiState& ui, const Sample& s) {
  Texture& t = ui.images.thumbs[s.uid];
  if (!t.valid() && s.loaded) {  // a 12-megapixel photo is never a texture (phones cap them at 4096)
    RgbaImage shrunk;
    const RgbaImage& small = s.thumb.width > 0 ? s.thumb : (shrunk = shrink_image(s.image, kThumbSide));
    t.upload_rgba(small.width, small.height, small.pixels.data());
  }
  return t;
}

}  // namespace vitvis

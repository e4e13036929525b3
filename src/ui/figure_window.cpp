// "Figure for slides": the figure of the chosen view is built here from the snapshot and the views'
// caches (the numbers on screen), and drawn by the shell (it holds the fonts) into a download.
#include "ui/figure_window.h"

#include <imgui.h>

#include "analysis.h"
#include "app/app.h"
#include "app/i18n.h"
#include "figure.h"
#include "ui/labels.h"
#include "ui/save_menu.h"
#include "ui/ui_state.h"
#include "ui/value_panel.h"
#include "ui/widgets.h"

namespace vitvis {
namespace {

const char* kind_name(FigureKind k) {
  switch (k) {
    case FigureKind::Image: return T("(a) the image and its patches");
    case FigureKind::Matrix: return T("(b) the attention matrix");
    case FigureKind::Overlay: return T("(b) where the selected patch looks");
    case FigureKind::Channel: return T("(c) the selected channel map");
    case FigureKind::Classes: return T("(d) the top classes");
  }
  return "";
}

// Why a kind can't be drawn now ("" when it can).
const char* unavailable(const App& app, const UiState& ui, FigureKind k) {
  const ModelSpec& s = app.shown->result.spec();
  if (k == FigureKind::Overlay && (!app.sel.pinned || s.is_prefix(app.sel.token) || app.sel.token >= s.num_tokens() ||
                                   ui.attn.overlay.size() != size_t(s.grid() * s.grid())))
    return T("Click a patch first.");
  if (k == FigureKind::Channel && (app.sel.channel < 0 || app.sel.channel >= s.dim))
    return T("Click a channel map in (c) first.");
  if (k == FigureKind::Matrix && ui.attn.matrix.size() != size_t(s.num_tokens()) * size_t(s.num_tokens()))
    return T("Nothing to draw yet.");
  return "";
}

std::string head_words(int head) {
  return head < 0 ? std::string(T("mean of the heads")) : formatted(T("head %d"), head + 1);
}

// The input image (what the model saw) under the cells.
void with_image(FigureHeatmap& h, const Snapshot& shot) {
  h.image_channels = shot.input.channels;
  h.image_size = shot.input.size;
  h.image = shot.input.pixels;
}

Figure build(const App& app, const UiState& ui, FigureKind k) {
  const Snapshot& shot = *app.shown;
  const InferenceResult& r = shot.result;
  const ModelSpec& s = r.spec();
  const Selection& sel = app.sel;
  Figure f;
  // The caption's first line: which model saw which image, and what it said.
  const int i = shot.image;
  const bool own = i < 0 || i >= int(app.model->samples.size()) || app.model->samples[size_t(i)]->uploaded;
  const std::string image = own ? std::string(i < 0 ? T("a drawing") : T("your own image")) : formatted(T("image %d"), i + 1);
  const auto top = r.top_k(std::min(10, s.num_classes));
  f.caption.push_back(formatted(T("Model: %s · %s · true class: %s · predicted: %s (%.1f %%)"), s.name.c_str(), image.c_str(),
                                shot.true_label >= 0 ? class_label(s, shot.true_label) : T("unknown"),
                                class_label(s, top[0].index), double(top[0].probability) * 100));
  if (shot.edited()) f.caption.push_back(formatted(T("%d patches hidden from the model."), hidden_count(shot.hidden)));
  const int g = s.grid();
  const bool patch = sel.pinned && !s.is_prefix(sel.token) && sel.token < s.num_tokens();
  FigureHeatmap& h = f.heatmap;
  switch (k) {
    case FigureKind::Image:
      f.title = formatted(T("The image cut into %d × %d patches"), g, g);
      f.has_heatmap = true;
      h.rows = h.cols = g;
      with_image(h, shot);
      h.grid_lines = true;
      if (patch) {
        h.mark_row = s.patch_row(sel.token), h.mark_col = s.patch_col(sel.token);
        f.caption.push_back(formatted(T("Outlined: the patch in row %d, column %d."), s.patch_row(sel.token) + 1,
                                      s.patch_col(sel.token) + 1));
      }
      f.caption.push_back(formatted(T("Each patch of %d × %d pixels becomes one token."), s.patch_size, s.patch_size));
      break;
    case FigureKind::Matrix: {
      f.title = formatted(T("Attention weights · layer %d · %s"), sel.layer + 1, head_words(sel.head).c_str());
      f.has_heatmap = true;
      h.rows = h.cols = s.num_tokens();
      h.values = ui.attn.matrix;
      h.map = ui.seq_map;
      h.scale = ui.attn.log_scale ? log_scale(h.values) : sequential_scale(h.values);
      h.scale_label = T("attention weight");
      if (sel.pinned && sel.token < s.num_tokens()) h.mark_row = sel.token;  // its row outlined
      f.caption.push_back(T("Rows: the token that asks (query). Columns: the token it looks at (key). Each row sums to 1."));
      f.caption.push_back(s.prefix_tokens == 1
                              ? formatted(T("Token 1 is the class token, then the %d patches row by row."), g * g)
                              : formatted(T("Tokens 1 to %d are the class token and the model's extra tokens, then the %d patches row by row."),
                                          s.prefix_tokens, g * g));
      break;
    }
    case FigureKind::Overlay:
      f.title = formatted(T("Where %s looks · layer %d · %s"), s.token_name(sel.token).c_str(), sel.layer + 1,
                          head_words(sel.head).c_str());
      f.has_heatmap = true;
      h.rows = h.cols = g;
      h.values = ui.attn.overlay;
      with_image(h, shot);
      h.alpha = 0.6f;
      h.map = ui.seq_map;
      h.scale = sequential_scale(h.values);
      h.scale_label = T("attention weight");
      h.mark_row = s.patch_row(sel.token), h.mark_col = s.patch_col(sel.token);
      f.caption.push_back(T("Its row of the attention matrix, laid over the image (outlined: the patch that asks)."));
      break;
    case FigureKind::Channel: {
      f.title = sel.hidden == 0 ? formatted(T("Channel %d of the patch embeddings"), sel.channel)
                                : formatted(T("Channel %d after layer %d"), sel.channel, sel.hidden);
      f.has_heatmap = true;
      h.rows = h.cols = g;
      h.values = channel_map(r, sel.hidden, sel.channel);
      h.map = ColorMap::CoolWarm;
      h.scale = diverging_scale(h.values);
      h.scale_label = T("value (blue below 0, red above)");
      f.caption.push_back(T("One number of each patch's vector, at the patch's place in the image."));
      break;
    }
    case FigureKind::Classes:
      f.title = formatted(T("The %d most likely classes"), int(top.size()));
      for (size_t j = 0; j < top.size(); ++j) {
        f.bars.labels.push_back(class_label(s, top[j].index));
        f.bars.values.push_back(top[j].probability);
        f.bars.value_text.push_back(formatted("%.2f %%", double(top[j].probability) * 100));
        if (top[j].index == shot.true_label) f.bars.highlight = int(j);
      }
      f.bars.highlight_note = T("(true class)");
      f.caption.push_back(T("The class token's vector after the last layer, through the head and softmax."));
      break;
  }
  return f;
}

std::string what_slug(const App& app, FigureKind k) {
  switch (k) {
    case FigureKind::Image: return figure_what(app, int(Module::Image));
    case FigureKind::Matrix: return figure_what(app, int(Module::Attention));
    case FigureKind::Overlay:
      return figure_what(app, int(Module::Attention)) + "_" + figure_what(app, int(Module::Image)).substr(6);
    case FigureKind::Channel: return figure_what(app, int(Module::Layers));
    case FigureKind::Classes: return "classes";
  }
  return "figure";
}

}  // namespace

void open_figure(UiState& ui, int module) {
  ui.figure.open = true;
  if (module == int(Module::Image)) ui.figure.kind = int(FigureKind::Image);
  if (module == int(Module::Attention)) ui.figure.kind = int(FigureKind::Matrix);
  if (module == int(Module::Layers)) ui.figure.kind = int(FigureKind::Channel);
  if (module == int(Module::Classify)) ui.figure.kind = int(FigureKind::Classes);
}

void draw_figure_window(App& app, UiState& ui) {
  Probe& p = ui.probe;
  p.figure_window = p.figure_png = p.figure_svg = p.figure_light = {};
  p.figure_kinds.clear();
  p.figure_scales.clear();
  FigureView& fv = ui.figure;
  if (!fv.open || !app.model || !app.shown) return;
  const ImVec2 disp = ImGui::GetIO().DisplaySize;
  const float top = (ui.coarse ? 56.f : 40.f) * ui.ui_scale + 4.f;
  ImGui::SetNextWindowPos(ImVec2(disp.x / 2, top), ImGuiCond_Appearing, ImVec2(0.5f, 0.f));
  ImGui::SetNextWindowSize(ImVec2(std::min(520.f * ui.ui_scale, disp.x - 16.f), 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(disp.x - 8.f, disp.y - top - 4.f));
  if (!ImGui::Begin(T("Figure for slides###figurewin"), &fv.open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  p.figure_window = window_rect();
  wrapped_text(T("One view alone, with its colour scale and a caption that says which model, image, layer and head it shows: no buttons or menus. For slides, handouts and papers."));
  ImGui::SeparatorText(T("Show"));
  for (int k = 0; k < kFigureKinds; ++k) {
    const char* why = unavailable(app, ui, FigureKind(k));
    ImGui::BeginDisabled(*why != 0);
    if (ImGui::RadioButton(kind_name(FigureKind(k)), fv.kind == k)) fv.kind = k;
    ImGui::EndDisabled();
    p.figure_kinds.push_back(last_item_rect());
    if (*why) {  // beside it where it fits, else under it, wrapped (a phone)
      if (fits_width_on_line(ImGui::CalcTextSize(why).x)) ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      wrapped_text(why);
      ImGui::PopStyleColor();
    }
  }
  ImGui::SeparatorText(T("Size and background"));
  for (int sc : {1, 2, 4}) {
    if (sc != 1) ImGui::SameLine();
    if (ImGui::RadioButton(formatted("%d×###figscale%d", sc, sc).c_str(), fv.scale == sc)) fv.scale = sc;
    p.figure_scales.push_back(last_item_rect());
  }
  const char* sharp = T("(4×: sharp on a 4K projector or in print)");
  if (fits_width_on_line(ImGui::CalcTextSize(sharp).x)) ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped_text(sharp);
  ImGui::PopStyleColor();
  ImGui::Checkbox(T("Light background (slides, print)"), &fv.light);
  p.figure_light = last_item_rect();

  const FigureKind kind = FigureKind(fv.kind);
  const char* why = unavailable(app, ui, kind);
  ImGui::Spacing();
  ImGui::BeginDisabled(*why != 0);
  auto save = [&](bool svg) {
    ui.effects.figure.figure = build(app, ui, kind);
    ui.effects.figure.scale = fv.scale;
    ui.effects.figure.light = fv.light;
    ui.effects.figure.svg = svg;
    ui.effects.figure.name = file_stem(app, what_slug(app, kind)) + (svg ? ".svg" : formatted("_%dx.png", fv.scale));
  };
  if (ImGui::Button(T("Save PNG###figpng"))) save(false);
  p.figure_png = last_item_rect();
  same_line_if_fits(T("Save SVG###figsvg"));
  if (ImGui::Button(T("Save SVG###figsvg"))) save(true);
  p.figure_svg = last_item_rect();
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered()) tip_text(T("SVG: the bars, colour scale and words stay sharp at any size (a heatmap's cells are a picture inside it)."));
  ImGui::End();
}

}  // namespace vitvis

// "What happens here?" at the top of every module: the step in plain words, its formula with the
// loaded model's real shapes, and the numbers of the current selection.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "attention_steps.h"
#include "ui/views.h"

namespace vitvis {
namespace {

void formula(const char* fmt, ...) IM_FMTARGS(1);
void formula(const char* fmt, ...) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.62f, 0.86f, 1.f, 1.f));
  va_list args;
  va_start(args, fmt);
  ImGui::TextWrappedV(fmt, args);
  va_end(args);
  ImGui::PopStyleColor();
}

void info_image(const App& app, const ModelSpec& s) {
  formula(T("info.a.formula"), s.image_size, s.image_size, s.channels, s.patch_size, s.patch_size, s.num_patches(),
          s.channels * s.patch_size * s.patch_size, s.channels * s.patch_size * s.patch_size, s.dim, s.num_tokens(),
          s.dim);
  const int t = app.sel.token;
  if (app.shown && t >= s.prefix_tokens && t < s.num_tokens()) {
    auto e = app.shown->result.patch_embeddings().row(t - s.prefix_tokens);
    ImGui::TextWrapped(T("info.a.now"), s.patch_row(t), s.patch_col(t), t, double(e.norm()));
  }
}

void info_attention(const App& app, const UiState& ui, const ModelSpec& s) {
  formula(T("info.b.formula"), s.num_tokens(), s.head_dim(), s.heads, s.heads, s.heads * s.head_dim(), s.dim);
  const int t = app.sel.token, n = s.num_tokens();
  if (t >= 0 && t < n && ui.attn.matrix.size() == size_t(n) * n) {
    const float* row = ui.attn.matrix.data() + size_t(t) * n;
    const int arg = int(std::max_element(row, row + n) - row);
    const RowSummary rs = row_summary(s, ui.attn.matrix, t);
    ImGui::TextWrapped(T("info.b.now"), token_label(s, t).c_str(), double(row[arg]), token_label(s, arg).c_str(),
                       double(rs.entropy_bits), double(std::log2(float(n))));
  }
}

void info_layers(const App& app, const ModelSpec& s) {
  formula(T("info.c.formula"), s.layers, s.num_tokens(), s.dim, s.num_patches(), s.dim, s.grid(), s.grid());
  if (app.shown && app.sel.channel >= 0 && app.sel.channel < s.dim) {
    auto col = app.shown->result.hidden(app.sel.hidden).col(app.sel.channel).tail(s.num_patches());
    ImGui::TextWrapped(T("info.c.now"), app.sel.channel, app.sel.hidden, double(col.minCoeff()),
                       double(col.maxCoeff()));
  }
}

void info_classify(const App& app, const ModelSpec& s) {
  formula(T("info.d.formula"), s.num_classes, s.dim, s.num_classes);
  if (app.shown) {
    auto top = app.shown->result.top_k(1);
    if (!top.empty())
      ImGui::TextWrapped(T("info.d.now"), s.labels[size_t(top[0].index)].c_str(), double(top[0].probability),
                         double(top[0].logit));
  }
}

// The header's title; in a module too narrow for all of it, without its "(…)" part, so no label
// is cut off (the module's own title bar already names it).
std::string fitted_title(const char* title) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float room =
      ImGui::GetContentRegionAvail().x - 2 * st.FramePadding.x - ImGui::GetFontSize() - st.ItemInnerSpacing.x;
  std::string t = title;
  if (ImGui::CalcTextSize(title).x > room) {
    const size_t ascii = t.rfind(" ("), wide = t.rfind("\xEF\xBC\x88");  // " (" or a full-width "（"
    const size_t cut = ascii == std::string::npos ? wide : wide == std::string::npos ? ascii : std::max(ascii, wide);
    if (cut != std::string::npos && cut > 0) t.resize(cut);
  }
  return t + "###info";
}

}  // namespace

void draw_module_info(App& app, UiState& ui, Module which) {
  const int module = int(which);
  if (module < 0 || module >= kModuleWindows) return;
  ImGui::SetNextItemOpen(ui.info_open[module], ImGuiCond_Always);
  ImGui::PushID(module);
  const char* titles[4] = {T("info.a.title"), T("info.b.title"), T("info.c.title"), T("info.d.title")};
  const char* bodies[4] = {T("info.a.body"), T("info.b.body"), T("info.c.body"), T("info.d.body")};
  ui.info_open[module] = ImGui::CollapsingHeader(fitted_title(titles[module]).c_str());
  ui.probe.info_headers[size_t(module)] = last_item_rect();
  ImGui::PopID();
  if (!ui.info_open[module]) return;
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(bodies[module]);
  ImGui::PopTextWrapPos();
  if (app.model) {
    const ModelSpec& s = app.model->spec;
    switch (which) {
      case Module::Image: info_image(app, s); break;
      case Module::Attention: info_attention(app, ui, s); break;
      case Module::Layers: info_layers(app, s); break;
      default: info_classify(app, s); break;
    }
  }
  ImGui::Separator();
}

}  // namespace vitvis

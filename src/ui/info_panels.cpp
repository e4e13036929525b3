// "What happens here?" at the top of every module: the step in plain words, its formula with the
// loaded model's real shapes, and the numbers of the current selection.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "attention_steps.h"
#include "ui/info_panels.h"
#include "ui/labels.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"
#include "ui/theme.h"

namespace vitvis {
namespace {

void formula(const char* fmt, ...) IM_FMTARGS(1);
void formula(const char* fmt, ...) {
  ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Info));
  va_list args;
  va_start(args, fmt);
  wrapped_textv(fmt, args);
  va_end(args);
  ImGui::PopStyleColor();
}

// What each symbol of the formula above stands for (said once: the module's text already said it in words).
void symbols(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped_text(text);
  ImGui::PopStyleColor();
}

// "▸ Show the math": the formulas with the model's shapes, behind one toggle that every module shares
// (words first; a student who opened it once sees them everywhere until it is closed).
bool show_math(UiState& ui) {
  const char* label = ui.show_math ? T("▾ Hide the math###math") : T("▸ Show the math###math");
  if (ImGui::SmallButton(label)) ui.show_math = !ui.show_math;
  ui.probe.math_buttons.push_back(last_item_rect());
  return ui.show_math;
}

// The glossary: a term as shown and what it means, in the UI's language.
enum class Term {
  Patch,
  Token,
  Cls,
  Embedding,
  Position,
  Shape,
  Qkv,
  Softmax,
  Head,
  Entropy,
  Ln,
  Msa,
  Mlp,
  Residual,
  Channel,
  Zl,
  Weights,
  Logit
};
struct TermText {
  const char* name;
  const char* meaning;
};
TermText term_text(Term t) {
  switch (t) {
    case Term::Patch: return {T("glossary.patch"), T("glossary.patch.def")};
    case Term::Token: return {T("glossary.token"), T("glossary.token.def")};
    case Term::Cls: return {T("glossary.cls"), T("glossary.cls.def")};
    case Term::Embedding: return {T("glossary.embedding"), T("glossary.embedding.def")};
    case Term::Position: return {T("glossary.position"), T("glossary.position.def")};
    case Term::Shape: return {T("glossary.shape"), T("glossary.shape.def")};
    case Term::Qkv: return {T("glossary.qkv"), T("glossary.qkv.def")};
    case Term::Softmax: return {T("glossary.softmax"), T("glossary.softmax.def")};
    case Term::Head: return {T("glossary.head"), T("glossary.head.def")};
    case Term::Entropy: return {T("glossary.entropy"), T("glossary.entropy.def")};
    case Term::Ln: return {T("glossary.ln"), T("glossary.ln.def")};
    case Term::Msa: return {T("glossary.msa"), T("glossary.msa.def")};
    case Term::Mlp: return {T("glossary.mlp"), T("glossary.mlp.def")};
    case Term::Residual: return {T("glossary.residual"), T("glossary.residual.def")};
    case Term::Channel: return {T("glossary.channel"), T("glossary.channel.def")};
    case Term::Zl: return {T("glossary.zl"), T("glossary.zl.def")};
    case Term::Weights: return {T("glossary.weights"), T("glossary.weights.def")};
    default: return {T("glossary.logit"), T("glossary.logit.def")};
  }
}

// "Terms (hover one):" and the module's terms, each underlined with a dotted line; hovering one shows
// what it means. The row wraps in a narrow module.
void terms(UiState& ui, std::initializer_list<Term> list) {
  ImGui::TextDisabled("%s", ui.coarse ? T("glossary.terms.touch") : T("glossary.terms"));
  const ImU32 col = IM_COL32(240, 210, 120, 255);
  for (Term t : list) {
    const TermText tt = term_text(t);
    same_line_if_fits(tt.name);
    ImGui::TextColored(ImColor(col), "%s", tt.name);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    for (float x = a.x; x < b.x; x += 4.f)  // dotted: "this word explains itself on hover"
      ImGui::GetWindowDrawList()->AddLine(ImVec2(x, b.y), ImVec2(std::min(x + 2.f, b.x), b.y), col);
    ui.probe.glossary_terms.push_back(last_item_rect());
    if (ImGui::IsItemHovered()) {
      wrapped_tooltip(tt.meaning);
      ui.probe.glossary_hovered = int(t);
    }
  }
}

void info_image(const App& app, UiState& ui, const ModelSpec& s) {
  terms(ui, {Term::Patch, Term::Token, Term::Cls, Term::Embedding, Term::Position, Term::Shape});
  const int t = app.sel.token;
  if (app.shown && t >= s.prefix_tokens && t < s.num_tokens()) {
    auto e = app.shown->result.patch_embeddings().row(t - s.prefix_tokens);
    flowing_textf(T("info.a.now"), s.patch_row(t) + 1, s.patch_col(t) + 1, t, double(e.norm()));
  }
  if (!show_math(ui)) return;
  formula(T("info.a.formula"), s.image_size, s.image_size, s.channels, s.patch_size, s.patch_size, s.num_patches(),
          s.channels * s.patch_size * s.patch_size, s.channels * s.patch_size * s.patch_size, s.dim, s.num_tokens(),
          s.dim);
  symbols(T("info.a.symbols"));
}

void info_attention(const App& app, UiState& ui, const ModelSpec& s) {
  terms(ui, {Term::Token, Term::Qkv, Term::Softmax, Term::Head, Term::Entropy, Term::Weights});
  const int t = app.sel.token, n = s.num_tokens();
  if (t >= 0 && t < n && ui.attn.matrix.size() == size_t(n) * n) {
    const float* row = ui.attn.matrix.data() + size_t(t) * n;
    const int arg = int(std::max_element(row, row + n) - row);
    const RowSummary rs = row_summary(s, ui.attn.matrix, t);
    flowing_textf(T("info.b.now"), token_label(s, t).c_str(), double(row[arg]), token_label(s, arg).c_str(),
                  double(rs.entropy_bits), double(std::log2(float(n))));
  }
  if (!show_math(ui)) return;
  formula(T("info.b.formula"), s.num_tokens(), s.head_dim(), s.heads, s.heads, s.heads * s.head_dim(), s.dim);
  symbols(T("info.b.symbols"));
}

void info_layers(const App& app, UiState& ui, const ModelSpec& s) {
  terms(ui, {Term::Zl, Term::Ln, Term::Msa, Term::Mlp, Term::Residual, Term::Channel, Term::Shape});
  if (app.shown && app.sel.channel >= 0 && app.sel.channel < s.dim) {
    auto col = app.shown->result.hidden(app.sel.hidden).col(app.sel.channel).tail(s.num_patches());
    flowing_textf(T("info.c.now"), app.sel.channel, app.sel.hidden, double(col.minCoeff()), double(col.maxCoeff()));
  }
  if (!show_math(ui)) return;
  formula(T("info.c.formula"), s.layers, s.num_tokens(), s.dim, s.num_patches(), s.dim, s.grid(), s.grid());
  symbols(T("info.c.symbols"));
}

void info_classify(const App& app, UiState& ui, const ModelSpec& s) {
  terms(ui, {Term::Zl, Term::Cls, Term::Ln, Term::Weights, Term::Logit, Term::Softmax, Term::Shape});
  if (app.shown) {
    auto top = app.shown->result.top_k(1);
    if (!top.empty())
      flowing_textf(T("info.d.now"), class_label(s, top[0].index), double(top[0].probability), double(top[0].logit));
  }
  if (!show_math(ui)) return;
  formula(T("info.d.formula"), s.num_classes, s.dim, s.num_classes);
  symbols(T("info.d.symbols"));
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
  wrapped_text(bodies[module]);
  if (app.model) {
    const ModelSpec& s = app.model->spec;
    switch (which) {
      case Module::Image: info_image(app, ui, s); break;
      case Module::Attention: info_attention(app, ui, s); break;
      case Module::Layers: info_layers(app, ui, s); break;
      default: info_classify(app, ui, s); break;
    }
  }
  ImGui::Separator();
}

}  // namespace vitvis

// GL side of the heatmaps: one program, one empty VAO, a draw callback per heatmap.
#include "ui/heatmap.h"
#include "app/app.h"
#include "app/i18n.h"
#include "ui/heatmap.h"
#include "ui/widgets.h"
#include "ui/value_panel.h"

#include <GLES3/gl3.h>

#include <cmath>
#include <cstdio>
#include <deque>

#include "shaders.h"

namespace vitvis {
namespace {

struct Program {
  GLuint prog = 0, vao = 0;
  GLint rect = -1, uv = -1, range = -1, map = -1, log = -1, alpha = -1, values = -1;
  bool failed = false;
};
Program& program() {
  static Program p;
  return p;
}

GLuint compile(GLenum type, const char* src) {
  GLuint s = glCreateShader(type);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024];
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    std::fprintf(stderr, "[vitvis] heatmap shader: %s\n", log);
  }
  return s;
}

bool ensure_program() {
  Program& p = program();
  if (p.prog || p.failed) return p.prog != 0;
  GLuint vs = compile(GL_VERTEX_SHADER, shaders::heatmap_vert), fs = compile(GL_FRAGMENT_SHADER, shaders::heatmap_frag);
  p.prog = glCreateProgram();
  glAttachShader(p.prog, vs);
  glAttachShader(p.prog, fs);
  glLinkProgram(p.prog);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p.prog, GL_LINK_STATUS, &ok);
  if (!ok) {
    glDeleteProgram(p.prog);
    p.prog = 0;
    p.failed = true;
    return false;
  }
  p.rect = glGetUniformLocation(p.prog, "u_rect");
  p.range = glGetUniformLocation(p.prog, "u_range");
  p.uv = glGetUniformLocation(p.prog, "u_uv");
  p.map = glGetUniformLocation(p.prog, "u_map");
  p.log = glGetUniformLocation(p.prog, "u_log");
  p.alpha = glGetUniformLocation(p.prog, "u_alpha");
  p.values = glGetUniformLocation(p.prog, "u_values");
  glGenVertexArrays(1, &p.vao);
  return true;
}

struct HeatmapCall {
  GLuint tex;
  ImVec2 p0, p1;
  int map;
  ValueScale scale;
  float alpha;
  ImVec4 uv;
};
std::deque<HeatmapCall>& calls() {
  static std::deque<HeatmapCall> c;
  return c;
}

void render_heatmap(const ImDrawList*, const ImDrawCmd* cmd) {
  const HeatmapCall& c = *static_cast<const HeatmapCall*>(cmd->UserCallbackData);
  if (!ensure_program()) return;
  const ImDrawData* dd = ImGui::GetDrawData();
  const ImVec2 pos = dd->DisplayPos, size = dd->DisplaySize, fb = dd->FramebufferScale;
  // Respect the window's clip rectangle (the backend sets scissor only for its own commands).
  const ImVec4 cr = cmd->ClipRect;
  const float fb_h = size.y * fb.y;
  glEnable(GL_SCISSOR_TEST);
  glScissor(GLint((cr.x - pos.x) * fb.x), GLint(fb_h - (cr.w - pos.y) * fb.y), GLsizei((cr.z - cr.x) * fb.x),
            GLsizei((cr.w - cr.y) * fb.y));
  auto nx = [&](float x) { return (x - pos.x) / size.x * 2.f - 1.f; };
  auto ny = [&](float y) { return 1.f - (y - pos.y) / size.y * 2.f; };
  Program& p = program();
  glUseProgram(p.prog);
  glBindVertexArray(p.vao);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, c.tex);
  glUniform1i(p.values, 0);
  // uv (0,0) = top-left of the data; the quad's first corner is p0 (top-left on screen).
  glUniform4f(p.rect, nx(c.p0.x), ny(c.p0.y), nx(c.p1.x), ny(c.p1.y));
  glUniform4f(p.uv, c.uv.x, c.uv.y, c.uv.z, c.uv.w);
  glUniform2f(p.range, c.scale.lo, c.scale.hi);
  glUniform1i(p.map, c.map);
  glUniform1i(p.log, c.scale.log ? 1 : 0);
  glUniform1f(p.alpha, c.alpha);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

}  // namespace

FloatTexture::~FloatTexture() {
  if (id_) glDeleteTextures(1, &id_);
}

void FloatTexture::upload(int w, int h, std::span<const float> values) {
  // Every GL call is a call into JS in the browser: sampling state is set once, when the texture is made.
  const bool fresh = !id_;
  if (fresh) glGenTextures(1, &id_);
  glBindTexture(GL_TEXTURE_2D, id_);
  if (fresh) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (w != w_ || h != h_)
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, w, h, 0, GL_RED, GL_FLOAT, values.data());
  else
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RED, GL_FLOAT, values.data());
  w_ = w;
  h_ = h;
}

void heatmap_new_frame() { calls().clear(); }

void draw_heatmap(const FloatTexture& tex, ImVec2 p0, ImVec2 p1, ColorMap map, const ValueScale& scale, float alpha,
                  ImVec4 uv) {
  if (!tex.valid()) return;
  calls().push_back({tex.id(), p0, p1, int(map), scale, alpha, uv});
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddCallback(render_heatmap, &calls().back());
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

namespace {
// A colour map's bar, [p, p + (w, h)], in `steps` flat cells.
void colour_bar(ImDrawList* dl, ImVec2 p, float w, float h, ColorMap map, int steps) {
  for (int i = 0; i < steps; ++i) {
    const float x0 = p.x + w * float(i) / float(steps), x1 = p.x + w * float(i + 1) / float(steps);
    dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(x1 + 0.5f, p.y + h),
                      colormap_abgr(map, (float(i) + 0.5f) / float(steps)));
  }
}
}  // namespace

void draw_legend_inline(ColorMap map, const ValueScale& scale, float bar_width, const char* caption) {
  char lo[32], hi[32];
  std::snprintf(lo, sizeof lo, "%.3g", scale.shown(scale.lo));
  std::snprintf(hi, sizeof hi, "%.3g", scale.shown(scale.hi));
  const ImGuiStyle& st = ImGui::GetStyle();
  const float width = ImGui::CalcTextSize(lo).x + ImGui::CalcTextSize(hi).x + bar_width + 2.f * st.ItemSpacing.x;
  if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + width <=
      ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
    ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", lo);
  ImGui::SameLine();
  const float line = ImGui::GetTextLineHeight(), h = line * 0.7f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  colour_bar(ImGui::GetWindowDrawList(), ImVec2(p.x, p.y + (line - h) * 0.5f), bar_width, h, map, 32);
  ImGui::Dummy(ImVec2(bar_width, line));
  ImGui::SameLine();
  ImGui::TextDisabled("%s", hi);
  ImGui::EndGroup();
  if (caption && *caption && ImGui::IsItemHovered())
    tip("%s%s", caption, scale.log ? T(" (log scale)") : "");
}

void draw_legend(ColorMap map, const ValueScale& scale, float width, const char* caption) {
  const float h = ImGui::GetTextLineHeight() * 0.8f;
  colour_bar(ImGui::GetWindowDrawList(), ImGui::GetCursorScreenPos(), width, h, map, 48);
  ImGui::Dummy(ImVec2(width, h));
  char lo[32], hi[32], mid[32];
  std::snprintf(lo, sizeof lo, "%.3g", scale.shown(scale.lo));
  std::snprintf(hi, sizeof hi, "%.3g", scale.shown(scale.hi));
  float midv = scale.log ? std::sqrt(scale.lo * scale.hi) : 0.5f * (scale.lo + scale.hi);
  std::snprintf(mid, sizeof mid, "%.3g", scale.shown(midv));
  // Screen positions (SameLine's offsets would count a group's indent twice: beside an image in a group).
  const float x0 = ImGui::GetCursorScreenPos().x, pad = ImGui::GetStyle().ItemSpacing.x;
  auto at = [&](float x) {
    ImGui::SameLine();
    ImGui::SetCursorScreenPos(ImVec2(x0 + x, ImGui::GetCursorScreenPos().y));
  };
  const float wl = ImGui::CalcTextSize(lo).x, wm = ImGui::CalcTextSize(mid).x, wh = ImGui::CalcTextSize(hi).x;
  ImGui::TextDisabled("%s", lo);
  // The middle value only when it fits between the ends; the high end never over the low one.
  if (wl + wm + wh + 4 * pad <= width) {
    at(width * 0.5f - wm * 0.5f);
    ImGui::TextDisabled("%s", mid);
  }
  at(std::max(width - wh, wl + pad));
  ImGui::TextDisabled("%s", hi);
  if (caption && *caption) {  // wrapped at the panel's edge: a long caption is never cut off
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    wrapped_textf("%s%s", caption, scale.log ? T(" (log scale)") : "");
    ImGui::PopStyleColor();
  }
}

}  // namespace vitvis

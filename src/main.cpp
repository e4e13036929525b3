// Wires platform -> core -> ui: SDL2 + WebGL2 + Dear ImGui, the frame loop and the test hook.
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app.h"
#include "export.h"
#include "url_state.h"
#include "platform/browser.h"
#include "ui/views.h"

namespace vitvis {
namespace {

struct Main {
  App app;
  UiState ui;
  SDL_Window* window = nullptr;
  std::vector<unsigned char> font;
  std::vector<unsigned char> cjk_font;  // fetched the first time Chinese is chosen
  bool cjk_requested = false;
  int font_lang = 0;                    // the language the atlas has glyphs for
  float font_dpr = 0, font_scale = 0;  // what the atlas was built for
  int theme = -1;                      // what the style was built for
  size_t app_signature = 0;            // of what async work can change (see needs_frame)
  int awake_frames = 0;                // frames still to draw after the last change
  long long skipped_frames = 0;        // animation frames left out because nothing changed
  long long held_frames = 0;           // frames built but not drawn while an inference starts
  std::string state;                   // last state JSON handed to JS
  std::string url_written;             // last query string put in the address bar
};
Main* g_main = nullptr;  // the one instance, for the exported test hook only

void rebuild_fonts_if_needed(Main& m) {
  const float dpr = float(platform::device_pixel_ratio());
  const int lang = m.ui.languages.current;
  if (lang != 0 && !m.cjk_requested) {
    m.cjk_requested = true;
    platform::fetch_bytes("fonts/cjk.ttf", nullptr, [](bool ok, platform::Bytes bytes, std::string err) {
      if (!ok) { set_error(g_main->app, "Chinese font missing (" + err + ")."); return; }
      g_main->cjk_font.assign(bytes.begin(), bytes.end());
      g_main->font_dpr = 0;  // rebuild the atlas with it
    });
  }
  const int want_lang = m.cjk_font.empty() ? 0 : lang;
  if (want_lang != m.font_lang) m.font_dpr = 0;
  if (m.theme != m.ui.theme && dpr == m.font_dpr && m.ui.ui_scale == m.font_scale) {
    apply_theme(m.ui.ui_scale, m.ui.theme);
    m.theme = m.ui.theme;
    return;
  }
  if (dpr == m.font_dpr && m.ui.ui_scale == m.font_scale) return;
  m.font_dpr = dpr;
  m.font_scale = m.ui.ui_scale;
  m.theme = m.ui.theme;
  m.font_lang = want_lang;
  if (want_lang) load_fonts(m.font, dpr, m.ui.ui_scale, m.cjk_font, all_translated_text(m.ui.languages));
  else load_fonts(m.font, dpr, m.ui.ui_scale);
  apply_theme(m.ui.ui_scale, m.ui.theme);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

// Reads a module's pixels back from the frame just drawn (before the swap) and downloads a PNG.
void save_png_if_requested(Main& m, int fw, int fh) {
  PngRequest req = std::move(m.ui.png_request);
  m.ui.png_request = {};
  if (req.name.empty() || req.rect.w <= 0 || req.rect.h <= 0) return;
  const ImVec2 css = ImGui::GetIO().DisplaySize;
  const float sx = float(fw) / css.x, sy = float(fh) / css.y;
  const int x = int(req.rect.x * sx), w = std::min(int(req.rect.w * sx), fw - x);
  const int h = std::min(int(req.rect.h * sy), fh), y = std::max(0, fh - int((req.rect.y + req.rect.h) * sy));
  if (w <= 0 || h <= 0) return;
  std::vector<uint8_t> px(size_t(w) * h * 4), flipped(px.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  for (int r = 0; r < h; ++r)  // GL rows go bottom-up
    std::copy_n(px.begin() + ptrdiff_t(size_t(h - 1 - r) * w * 4), size_t(w) * 4, flipped.begin() + ptrdiff_t(size_t(r) * w * 4));
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  auto png = encode_png(w, h, flipped);
  platform::download(req.name, "image/png", png);
  set_info(m.app, "Saved " + req.name + " (" + std::to_string(w) + " x " + std::to_string(h) + " pixels).");
}

// Frames are built and drawn only while something can change what is shown: input, an answer from
// the browser (download, inference), an animation. Idle, the page costs nothing and ORT gets the CPU.
bool needs_frame(Main& m, bool had_input) {
  const App& a = m.app;
  size_t loaded = 0;
  if (a.model)
    for (auto& s : a.model->samples) loaded += s->loaded;
  size_t sig = std::hash<std::string>{}(a.status.text);
  for (double v : {double(a.timings.inferences), double(a.busy), double(a.pending_model), double(a.models.size()),
                   double(loaded), a.load_received, double(a.url_applied), double(a.drawing.dirty),
                   double(reinterpret_cast<uintptr_t>(a.model.get())), double(a.result.has_value()), double(m.font_dpr),
                   double(m.cjk_font.size()), double(m.ui.png_request.name.size())})
    sig = sig * 1000003u ^ std::hash<double>{}(v);
  // A few frames after a change let hover, tooltips and layout settle. While ORT runs, as few as
  // possible: in software GL a 1080p frame costs ~100 ms of CPU that the inference would wait for.
  if (had_input || sig != m.app_signature) m.awake_frames = 6;
  if (a.busy && !had_input) m.awake_frames = std::min(m.awake_frames, 1);
  m.app_signature = sig;
  const double now = platform::now_ms();
  if (now - m.ui.attn_changed_at < 600 || now - m.ui.steps.changed_at < 500 || now - m.ui.classify.toggled_at < 600)
    m.awake_frames = std::max(m.awake_frames, 2);
  if (m.awake_frames <= 0) return false;
  m.awake_frames--;
  return true;
}

void frame(void* arg) {
  Main& m = *static_cast<Main*>(arg);
  int cw, ch, ww, wh;
  platform::window_css_size(&cw, &ch);
  SDL_GetWindowSize(m.window, &ww, &wh);
  if (cw != ww || ch != wh) SDL_SetWindowSize(m.window, cw, ch);
  rebuild_fonts_if_needed(m);

  SDL_Event e;
  bool had_input = false;
  while (SDL_PollEvent(&e)) {
    had_input = true;
    // Pinch with two fingers (or a trackpad pinch, which browsers send as Ctrl + wheel) scales the UI.
    if (e.type == SDL_MULTIGESTURE && e.mgesture.numFingers == 2 && e.mgesture.dDist != 0.f) {
      m.ui.ui_scale = std::clamp(m.ui.ui_scale * (1.f + 2.f * e.mgesture.dDist), 0.75f, 2.f);
      continue;
    }
    if (e.type == SDL_MOUSEWHEEL && (SDL_GetModState() & KMOD_CTRL) && e.wheel.preciseY != 0.f) {
      m.ui.ui_scale = std::clamp(m.ui.ui_scale * (1.f + 0.05f * e.wheel.preciseY), 0.75f, 2.f);
      continue;
    }
    ImGui_ImplSDL2_ProcessEvent(&e);
  }
  m.app.frame_stats.add_turn(platform::now_ms());
  if (!needs_frame(m, had_input)) {
    m.skipped_frames++;
    return;
  }
  const double t0 = platform::now_ms();
  const bool new_result = m.app.timings.views_pending;
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  heatmap_new_frame();
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  draw_ui(m.app, m.ui, size.x, size.y);
  ImGui::Render();
  const double t1 = platform::now_ms();
  m.app.frame_stats.add_build(t1 - t0);
  if (new_result) {
    m.app.timings.views_pending = false;
    m.app.timings.views_ms = t1 - m.app.run_started;
  }
  // Just after an inference starts, the canvas keeps its last picture: a frame handed to the GPU now
  // (≈100 ms in software GL at 1080p) would hold up the result, which for small models is due in
  // ≈10 ms. Long runs (big models) draw again after kHoldMs.
  constexpr double kHoldMs = 150;
  if (m.app.busy && platform::now_ms() - m.app.run_started < kHoldMs) {
    m.held_frames++;
    return;
  }
  int fw, fh;
  SDL_GL_GetDrawableSize(m.window, &fw, &fh);
  glViewport(0, 0, fw, fh);
  glClearColor(0.086f, 0.094f, 0.114f, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  save_png_if_requested(m, fw, fh);
  SDL_GL_SwapWindow(m.window);
  m.app.frames++;
  // Keep the address bar in step with the view, so a copied URL restores it.
  if (m.app.model && m.app.url_applied) {
    std::string q = url_query(view_url_state(m.app, m.ui));
    if (q != m.url_written) {
      platform::replace_url_query(q);
      m.url_written = q;
    }
  }
}

// The step-through view for tests: which step, its numbers' checks, the depth summaries.
template <class R, class RS>
std::string steps_state_json(const StepsView& v, R r, RS rs) {
  char b[512];
  const AttentionSteps& s = v.s;
  double wsum = 0;
  for (float w : s.weights) wsum += w;
  std::snprintf(b, sizeof b,
                ",\"steps\":{\"open\":%s,\"tab\":%d,\"step\":%d,\"ok\":%s,\"layer\":%d,\"head\":%d,\"query\":%d,"
                "\"tokens\":%d,\"head_dim\":%d,\"sum_exp\":%.9g,\"weights_sum\":%.9g,\"max_diff_row\":%.9g,"
                "\"has_projection\":%s,\"max_diff_projected\":%.9g,\"hover_key\":%d",
                v.open ? "true" : "false", v.tab, v.step, v.ok ? "true" : "false", s.layer, s.head, s.query, s.tokens,
                s.head_dim, s.sum_exp, wsum, s.max_diff_row, s.has_projection ? "true" : "false", s.max_diff_projected,
                v.hover_key);
  std::string o = b;
  o += ",\"depth\":[";
  for (size_t i = 0; i < v.depth_rows.size(); ++i) {
    std::snprintf(b, sizeof b, "%s{\"entropy\":%.6g,\"cls\":%.6g,\"distance_px\":%.6g}", i ? "," : "",
                  v.depth_rows[i].entropy_bits, v.depth_rows[i].to_prefix, v.depth_rows[i].distance_px);
    o += b;
  }
  o += "],\"window\":" + r(v.layout.window) + ",\"prev\":" + r(v.layout.prev) + ",\"next\":" + r(v.layout.next) +
       ",\"step_pills\":" + rs(v.layout.step_pills) + ",\"depth_maps\":" + rs(v.layout.depth_maps) + "}";
  return o;
}

}  // namespace
}  // namespace vitvis

using namespace vitvis;

extern "C" EMSCRIPTEN_KEEPALIVE const char* vitvis_state_json() {
  if (!g_main) return "{}";
  std::string s = app_state_json(g_main->app);
  // Layout rectangles for tests (CSS pixels).
  auto r = [](const Rect& x) {
    char b[96];
    std::snprintf(b, sizeof b, "[%.1f,%.1f,%.1f,%.1f]", x.x, x.y, x.w, x.h);
    return std::string(b);
  };
  const UiLayout& l = g_main->ui.layout;
  auto rs = [&](const std::vector<Rect>& v) {
    std::string o = "[";
    for (size_t i = 0; i < v.size(); ++i) o += (i ? "," : "") + r(v[i]);
    return o + "]";
  };
  std::string ui = ",\"ui\":{\"scale\":" + std::to_string(g_main->ui.ui_scale) + ",\"image\":" + r(l.image) +
                   ",\"model_combo\":" + r(l.model_combo) + ",\"model_items\":" + rs(l.model_items) + ",\"attention\":" + r(l.attention) +
                   ",\"thumbs\":" + rs(l.thumbs) + ",\"top_rows\":" + rs(l.top_rows) +
                   ",\"layer_buttons\":" + rs(l.layer_buttons) + ",\"head_buttons\":" + rs(l.head_buttons) +
                   ",\"head_thumbs\":" + rs(l.head_thumbs) + ",\"hidden_buttons\":" + rs(l.hidden_buttons) +
                   ",\"channel_tiles\":" + rs(l.channel_tiles) + ",\"first_tile\":" + std::to_string(l.first_tile) +
                   ",\"channel_order\":[";
  const auto& order = g_main->ui.layers.order;
  for (size_t i = 0; i < order.size(); ++i) ui += (i ? "," : "") + std::to_string(order[i]);
  ui += "],\"compare_maps\":" + rs(l.compare_maps) + ",\"strip\":" + r(l.strip) + ",\"fold_button\":" + r(l.fold_button) +
        ",\"unfolded\":" + (l.unfolded ? "true" : "false") + ",\"pixel_strip\":" + r(l.pixel_strip) +
        ",\"embedding_strip\":" + r(l.embedding_strip) + ",\"steps_button\":" + r(l.steps_button) +
        ",\"mode_samples\":" + r(l.mode_samples) + ",\"mode_draw\":" + r(l.mode_draw) + ",\"open_button\":" +
        r(l.open_button) + ",\"pad\":" + r(l.pad) + ",\"pad_clear\":" + r(l.pad_clear) + ",\"view_button\":" +
        r(l.view_button) + ",\"view_items\":" + rs(l.view_items) + ",\"help_button\":" + r(l.help_button) +
        ",\"help\":" + r(l.help) + ",\"theme\":" + std::to_string(g_main->ui.theme) + ",\"cmap\":" +
        std::to_string(int(g_main->ui.seq_map)) + ",\"embed\":" + std::to_string(g_main->ui.embed) + ",\"lang\":\"" + g_main->ui.languages.codes[size_t(g_main->ui.languages.current)] +
        "\",\"font_lang\":" + std::to_string(g_main->font_lang) + ",\"tour_step\":" + std::to_string(g_main->ui.tour_step) +
        ",\"tour_open\":" + (g_main->ui.tour_open ? "true" : "false") + ",\"insights\":" + (g_main->ui.show_insights ? "true" : "false") +
        ",\"insights_tab\":" + std::to_string(g_main->ui.insights_tab) + ",\"tour_button\":" + r(l.tour_button) + ",\"tour\":" + r(l.tour) + ",\"tour_next\":" + r(l.tour_next) +
        ",\"tour_leave\":" + r(l.tour_leave) + ",\"insights_tabs\":" + rs(l.insights_tabs) + ",\"pattern_cells\":" +
        rs(l.pattern_cells) + ",\"filter_pcs\":" + rs(l.filter_pcs) + ",\"rollout_map\":" + r(l.rollout_map) +
        ",\"distance_plot\":" + r(l.distance_plot) + ",\"position_grid\":" + r(l.position_grid) + ",\"token_pca\":" +
        r(l.token_pca) + ",\"lens_table\":" + r(l.lens_table) + ",\"norms_plot\":" + r(l.norms_plot) +
        ",\"insights_rect\":" + r(l.insights) + ",\"info_headers\":" + rs({l.info_headers, l.info_headers + 4}) +
        ",\"info_open\":[" + std::string(g_main->ui.info_open[0] ? "true" : "false") + "," + (g_main->ui.info_open[1] ? "true" : "false") +
        "," + (g_main->ui.info_open[2] ? "true" : "false") + "," + (g_main->ui.info_open[3] ? "true" : "false") + "]" +
        ",\"insights_button\":" + r(l.insights_button) + ",\"lang_combo\":" + r(l.lang_combo) + ",\"lang_items\":" + rs(l.lang_items) + ",\"touch_pans\":" + std::to_string(g_main->ui.touch_pans) + ",\"save_button\":" + r(l.save_button) +
        ",\"save_items\":" + rs(l.save_items) + ",\"modules\":" + rs({l.modules, l.modules + 4}) + "}";
  ui += steps_state_json(g_main->ui.steps, r, rs);
  {  // the (b) row of the selected token, as shown (for export tests)
    const auto& a = g_main->ui.attn.matrix;
    const int tok = g_main->app.sel.token;
    const size_t n = size_t(std::sqrt(double(a.size())));
    ui += ",\"attention_row\":[";
    if (tok >= 0 && size_t(tok) < n)
      for (size_t j = 0; j < n; ++j) {
        char b[32];
        std::snprintf(b, sizeof b, "%s%.9g", j ? "," : "", double(a[size_t(tok) * n + j]));
        ui += b;
      }
    ui += "]";
  }
  const FrameStats& fs = g_main->app.frame_stats;
  ui += ",\"perf\":{\"frames\":" + std::to_string(fs.count) + ",\"skipped_frames\":" + std::to_string(g_main->skipped_frames) + ",\"held_frames\":" + std::to_string(g_main->held_frames) + ",\"wasm_heap\":" + std::to_string(platform::wasm_heap_bytes()) +
        ",\"build_ms\":[";
  const int n = std::min(fs.count, FrameStats::kKeep);
  for (int i = 0; i < n; ++i) ui += (i ? "," : "") + std::to_string(fs.build_ms[(fs.count - n + i) % FrameStats::kKeep]);
  ui += "],\"gap_ms\":[";
  const int ng = std::min(fs.gaps, FrameStats::kKeep);
  for (int i = 0; i < ng; ++i) ui += (i ? "," : "") + std::to_string(fs.gap_ms[(fs.gaps - ng + i) % FrameStats::kKeep]);
  ui += "]}";
  const platform::RuntimeInfo rt = platform::runtime_info();
  ui += ",\"runtime\":{\"isolated\":" + std::string(rt.isolated ? "true" : "false") + ",\"threads\":" + std::to_string(rt.threads) + "}";
  s.insert(s.size() - 1, ui);
  g_main->state = std::move(s);
  return g_main->state.c_str();
}

int main() {
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  int cw, ch;
  platform::window_css_size(&cw, &ch);
  static Main m;
  g_main = &m;
  m.window = SDL_CreateWindow("ViT-VIS", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, cw, ch,
                              SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  SDL_GLContext gl = SDL_GL_CreateContext(m.window);
  if (!m.window || !gl) {
    std::fprintf(stderr, "WebGL2 is not available: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(m.window, gl);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  // No ImGui keyboard navigation: the arrow keys move the selected patch (see handle_shortcuts).
  ImGui_ImplSDL2_InitForOpenGL(m.window, gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  platform::fetch_bytes("fonts/DejaVuSans.ttf", nullptr, [](bool ok, platform::Bytes bytes, std::string err) {
    if (ok) {
      g_main->font.assign(bytes.begin(), bytes.end());
      g_main->font_dpr = 0;  // rebuild the atlas with the real font next frame
    } else {
      set_error(g_main->app, "Font missing (" + err + "); using the built-in font.");
    }
  });
  // The view state in the URL (?model=…&image=…&layer=…&scale=1.5 …); bad parts get a notice.
  UrlParse url = parse_url_query(platform::url_query_string());
  m.app.url = url.state;
  if (url.state.scale > 0) m.ui.ui_scale = url.state.scale;
  use_languages(&m.ui.languages);
  if (!url.state.lang.empty() && !set_language(m.ui.languages, url.state.lang))
    url.notices.push_back("No language '" + url.state.lang + "'; using English.");
  m.ui.theme = url.state.theme;
  m.ui.seq_map = url.state.cmap == 1 ? ColorMap::Cividis : ColorMap::Viridis;
  m.ui.embed = url.state.embed;
  if (url.state.analyses > 0) {
    m.ui.show_insights = true;
    m.ui.insights_tab = url.state.analyses - 1;
    m.ui.insights_force_tab = true;
  }
  if (url.state.steps) {
    m.ui.steps.open = true;
    m.ui.steps.tab = url.state.steps - 1;
    m.ui.steps.force_tab = true;
    if (url.state.step >= 0) m.ui.steps.step = url.state.step;
  }
  if (!url.notices.empty()) m.app.notice = url.notices[0] + (url.notices.size() > 1 ? " (+" + std::to_string(url.notices.size() - 1) + " more)" : "");
  platform::install_file_inputs([](std::string url, std::string name, double size) {
    open_user_file(g_main->app, url, name, size);
  });
  load_index(m.app, "models/index.json");
  platform::set_ready();
  emscripten_set_main_loop_arg(frame, &m, 0, false);
  return 0;
}

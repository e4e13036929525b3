// SDL2 + WebGL2 + Dear ImGui: opening the window, events, the font atlas, and showing a frame.
#include <GLES3/gl3.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>
#include <imgui_internal.h>  // ImGuiContext::InputEventsQueue

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "export.h"
#include "platform/browser.h"
#include "shell/shell.h"

// SDL's EGL layer takes eglGetProcAddress's address. Emscripten's own version names every GL function
// in one table, which keeps all of WebGL's JS glue in the page. Nothing here looks
// GL functions up by name (ImGui's ES3 backend and the heatmap shaders call them directly), so this one
// finds none, and the linker keeps only the GL calls the app makes.
extern "C" void* eglGetProcAddress(const char*) { return nullptr; }

namespace vitvis {

bool open_window(Window& w) {
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
    return false;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  int cw, ch;
  platform::window_css_size(&cw, &ch);
  w.sdl = SDL_CreateWindow("ViT-VIS", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, cw, ch,
                           SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  SDL_GLContext gl = w.sdl ? SDL_GL_CreateContext(w.sdl) : nullptr;
  if (!gl) {
    std::fprintf(stderr, "WebGL2 is not available: %s\n", SDL_GetError());
    return false;
  }
  SDL_GL_MakeCurrent(w.sdl, gl);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  // No ImGui keyboard navigation: the arrow keys move the selected patch (see handle_shortcuts).
  ImGui_ImplSDL2_InitForOpenGL(w.sdl, gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  return true;
}

bool poll_events(Window& w, UiState& ui) {
  int cw, ch, ww, wh;
  platform::window_css_size(&cw, &ch);
  SDL_GetWindowSize(w.sdl, &ww, &wh);
  if (cw != ww || ch != wh) SDL_SetWindowSize(w.sdl, cw, ch);
  SDL_Event e;
  bool any = false;
  while (SDL_PollEvent(&e)) {
    any = true;
    // Pinch with two fingers (or a trackpad pinch, which browsers send as Ctrl + wheel) scales the UI.
    if (e.type == SDL_MULTIGESTURE && e.mgesture.numFingers == 2 && e.mgesture.dDist != 0.f) {
      ui.ui_scale = std::clamp(ui.ui_scale * (1.f + 2.f * e.mgesture.dDist), 0.75f, 2.f);
      continue;
    }
    if (e.type == SDL_FINGERDOWN) ui.coarse = true;  // a finger: touch-sized controls from now on
    if (e.type == SDL_MOUSEWHEEL && (SDL_GetModState() & KMOD_CTRL) && e.wheel.preciseY != 0.f) {
      ui.ui_scale = std::clamp(ui.ui_scale * (1.f + 0.05f * e.wheel.preciseY), 0.75f, 2.f);
      continue;
    }
    ImGui_ImplSDL2_ProcessEvent(&e);
  }
  // ImGui trickles its input: a key's press, its character and its release each take a frame of their
  // own. Fast typing on a slow machine (software GL draws slowly) queues more events than
  // the frames that one event wakes, and the last letters would wait, unseen, for the next mouse move.
  // So queued input counts as input until it has all been taken.
  return any || !ImGui::GetCurrentContext()->InputEventsQueue.empty();
}

bool refresh_fonts(Shell& s) {
  Window& w = s.window;
  const float dpr = float(platform::device_pixel_ratio());
  const int lang = s.ui.languages.current;
  if (lang != 0 && !w.cjk_requested) {
    w.cjk_requested = true;
    platform::fetch_bytes("fonts/cjk.ttf", nullptr, [&s](bool ok, platform::Bytes bytes, std::string err) {
      if (!ok) {
        set_error(s.app, "Chinese font missing (" + err + ").");
        return;
      }
      s.window.cjk_font.assign(bytes.begin(), bytes.end());
      s.window.font_dpr = 0;  // rebuild the atlas with it
    });
  }
  if (lang != 0 && !has_catalog(s.ui.languages, lang) && w.catalogs_requested.insert(lang).second) {
    for (const std::string& file : catalog_files(s.ui.languages, lang))
      platform::fetch_bytes(file, nullptr, [&s, lang, file](bool ok, platform::Bytes bytes, std::string err) {
        std::string bad;
        if (ok && add_catalog(s.ui.languages, lang,
                              std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), &bad)) {
          s.window.font_dpr = 0;  // the atlas needs the new text's glyphs
          return;
        }
        set_error(s.app, "The texts of " + s.ui.languages.names[size_t(lang)] + " are missing (" + file + ": " +
                             (ok ? bad : err) + ").");
      });
  }
  // The language shows once its font and its texts are both there (English until then).
  const int want_lang = w.cjk_font.empty() || !has_catalog(s.ui.languages, lang) ? 0 : lang;
  if (want_lang != w.font_lang) w.font_dpr = 0;
  const bool same_atlas = dpr == w.font_dpr && s.ui.ui_scale == w.font_scale;
  if (platform::coarse_pointer()) s.ui.coarse = true;
  if (same_atlas && w.theme == s.ui.theme && w.coarse == s.ui.coarse) return false;
  w.theme = s.ui.theme;
  w.coarse = s.ui.coarse;
  if (same_atlas) {
    apply_theme(s.ui.ui_scale, s.ui.theme, s.ui.coarse);
    return true;
  }
  w.font_dpr = dpr;
  w.font_scale = s.ui.ui_scale;
  w.font_lang = want_lang;
  if (want_lang)
    load_fonts(w.font, dpr, s.ui.ui_scale, w.cjk_font, all_translated_text(s.ui.languages));
  else
    load_fonts(w.font, dpr, s.ui.ui_scale);
  apply_theme(s.ui.ui_scale, s.ui.theme, s.ui.coarse);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  return true;
}

void begin_imgui_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
}

namespace {

// Reads a module's pixels back from the frame just drawn (before the swap) and downloads a PNG.
void save_png(Shell& s, int fw, int fh) {
  auto& req = s.ui.effects.png;
  const Rect rect = req.rect;
  const std::string name = std::move(req.name);
  req = {};
  if (name.empty() || rect.w <= 0 || rect.h <= 0) return;
  const ImVec2 css = ImGui::GetIO().DisplaySize;
  const float sx = float(fw) / css.x, sy = float(fh) / css.y;
  const int x = int(rect.x * sx), w = std::min(int(rect.w * sx), fw - x);
  const int h = std::min(int(rect.h * sy), fh), y = std::max(0, fh - int((rect.y + rect.h) * sy));
  if (w <= 0 || h <= 0) return;
  std::vector<uint8_t> px(size_t(w) * h * 4), flipped(px.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  for (int r = 0; r < h; ++r)  // GL rows go bottom-up
    std::copy_n(px.begin() + ptrdiff_t(size_t(h - 1 - r) * w * 4), size_t(w) * 4,
                flipped.begin() + ptrdiff_t(size_t(r) * w * 4));
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  platform::download(name, "image/png", encode_png(w, h, flipped));
  set_info(s.app, "Saved " + name + " (" + std::to_string(w) + " x " + std::to_string(h) + " pixels).");
}

}  // namespace

void present(Shell& s) {
  int fw, fh;
  SDL_GL_GetDrawableSize(s.window.sdl, &fw, &fh);
  glViewport(0, 0, fw, fh);
  glClearColor(0.086f, 0.094f, 0.114f, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  save_png(s, fw, fh);
  SDL_GL_SwapWindow(s.window.sdl);
}

}  // namespace vitvis

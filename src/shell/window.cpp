// SDL2 + WebGL2 + Dear ImGui: opening the window, events, the font atlas, and showing a frame.
#include <GLES3/gl3.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>
#include <imgui_internal.h>  // ImGuiContext::InputEventsQueue, the windows under a finger

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <string_view>

#include "export.h"
#include "gesture.h"
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
  // Windows move by their title bar only: a drag on their content scrolls it (a finger's especially).
  ImGui::GetIO().ConfigWindowsMoveFromTitleBarOnly = true;
  // No ImGui keyboard navigation: the arrow keys move the selected patch (see handle_shortcuts).
  ImGui_ImplSDL2_InitForOpenGL(w.sdl, gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  return true;
}

namespace {

// The front-most window under a point, as ImGui finds the hovered one (from the last frame).
ImGuiWindow* window_at(ImVec2 p) {
  ImGuiContext& g = *GImGui;
  for (int i = g.Windows.Size - 1; i >= 0; --i) {
    ImGuiWindow* win = g.Windows[i];
    if (!win->Active || win->Hidden || (win->Flags & ImGuiWindowFlags_NoMouseInputs)) continue;
    if (win->OuterRectClipped.Contains(p)) return win;
  }
  return nullptr;
}

// Where a finger's drag is the point, so it presses at once: what the views marked (sliders, the pad),
// a window's title bar (it moves the window), its resize corner and its scroll bar.
bool in_drag_zone(const UiState& ui, ImVec2 p) {
  ImGuiWindow* win = window_at(p);
  if (!win) return false;
  for (const UiState::DragZone& z : ui.drag_zones)
    if (z.window == win->ID && z.rect.contains(p.x, p.y)) return true;
  ImGuiWindow* root = win->RootWindow;
  if (!(root->Flags & ImGuiWindowFlags_NoTitleBar) && root->TitleBarRect().Contains(p)) return true;
  const float grip = ImGui::GetFontSize() * 1.5f;
  if (!(root->Flags & ImGuiWindowFlags_NoResize) && p.x > root->Pos.x + root->Size.x - grip &&
      p.y > root->Pos.y + root->Size.y - grip)
    return true;
  return win->ScrollbarY && p.x >= win->Pos.x + win->Size.x - win->ScrollbarSizes.x;
}

// A finger's scroll: the content under where it started follows it (the nearest window that scrolls
// that way: a module's panel, the Analyses window, a list).
bool scroll_at(ImVec2 p, float dx, float dy) {
  ImGuiWindow* under = window_at(p);
  bool moved = false;
  for (int axis = 0; axis < 2; ++axis) {
    const float d = axis ? dy : dx;
    if (d == 0.f) continue;
    // The innermost window that can still move that way: a list at its end hands the scroll on to the
    // panel around it (as a page does in a browser).
    for (ImGuiWindow* win = under; win; win = (win->Flags & ImGuiWindowFlags_ChildWindow) ? win->ParentWindow : nullptr) {
      if (win->ScrollMax[axis] <= 0.f) continue;
      // Several moves in one turn add up (the target set by the last one, not yet applied).
      const float from = win->ScrollTarget[axis] < FLT_MAX ? win->ScrollTarget[axis] : win->Scroll[axis];
      const float to = std::clamp(from - d, 0.f, win->ScrollMax[axis]);
      if (to == from) continue;
      if (axis)
        ImGui::SetScrollY(win, to);
      else
        ImGui::SetScrollX(win, to);
      moved = true;
      break;
    }
  }
  return moved;
}

// The round scale a pinch by `ratio` ends on, among those that keep the kind of layout: a screen that
// shows several modules keeps showing several (a tablet's grid does not turn into a phone's one-module
// tabs under the fingers), and a phone stays a phone.
float kept_layout_scale(float css_w, float scale, float ratio) {
  const bool tabs = layout_for(css_w / scale) == Layout::Tabs;
  float lo = scale, hi = scale;
  for (int i = 0; i <= 5; ++i) {
    const float s = 0.75f + 0.25f * float(i);
    if ((layout_for(css_w / s) == Layout::Tabs) == tabs) lo = std::min(lo, s), hi = std::max(hi, s);
  }
  return pinch_scale(scale, ratio, 0.25f, lo, hi);
}

// The finger's gestures as ImGui pointer events, scrolling and the UI scale; true when any.
bool apply_gestures(Window& w, UiState& ui, double now, float css_w) {
  w.gestures.tick(now);
  ImGuiIO& io = ImGui::GetIO();
  bool any = false;
  for (const GestureEvent& e : w.gestures.take()) {
    any = true;
    switch (e.type) {
      case GestureEvent::Press:
        close_value_panel(ui);  // a new tap: the panel shows its value, or closes
        ui.value.held = e.held;
        ui.taps++;
        io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        io.AddMousePosEvent(e.x, e.y);
        io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
        break;
      case GestureEvent::Move:
        io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        io.AddMousePosEvent(e.x, e.y);
        break;
      case GestureEvent::Release:
        io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
        break;
      case GestureEvent::Leave:  // nothing stays hovered after a finger lifts (no tooltip left behind)
        io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
        break;
      case GestureEvent::Scroll:
        if (scroll_at(ImVec2(e.x, e.y), e.dx, e.dy))
          ui.touch_pans++;
        else
          w.gestures.stop_fling();  // at the end: a fling that moves nothing must not eat the next tap
        break;
      case GestureEvent::Pinch: {
        const float free = pinch_scale(ui.ui_scale, e.ratio), to = kept_layout_scale(css_w, ui.ui_scale, e.ratio);
        ui.pinch_preview = free != ui.ui_scale ? to : 0.f;
        ui.pinch_limited = free != to;
        break;
      }
      case GestureEvent::PinchEnd:
        ui.ui_scale = kept_layout_scale(css_w, ui.ui_scale, e.ratio);
        ui.pinch_preview = 0.f;
        ui.pinch_limited = false;
        break;
    }
  }
  if (w.gestures.busy()) ui.animate_until = std::max(ui.animate_until, now + 60.0);  // long press, fling
  return any;
}

}  // namespace

bool poll_events(Window& w, UiState& ui) {
  int cw, ch, ww, wh;
  platform::window_css_size(&cw, &ch);
  SDL_GetWindowSize(w.sdl, &ww, &wh);
  if (cw != ww || ch != wh) SDL_SetWindowSize(w.sdl, cw, ch);
  const double now = platform::now_ms();
  SDL_Event e;
  bool any = false;
  while (SDL_PollEvent(&e)) {
    any = true;
    switch (e.type) {
      case SDL_FINGERDOWN:
      case SDL_FINGERMOTION:
      case SDL_FINGERUP: {
        ui.coarse = true;  // a finger: touch-sized controls from now on
        w.finger_at = now;
        const ImVec2 p(e.tfinger.x * float(cw), e.tfinger.y * float(ch));
        if (e.type == SDL_FINGERDOWN)
          w.gestures.down(e.tfinger.fingerId, p.x, p.y, now, in_drag_zone(ui, p));
        else if (e.type == SDL_FINGERMOTION)
          w.gestures.move(e.tfinger.fingerId, p.x, p.y, now);
        else
          w.gestures.up(e.tfinger.fingerId, p.x, p.y, now);
        continue;
      }
      case SDL_MULTIGESTURE:
      case SDL_DOLLARGESTURE:
        continue;  // the fingers' own events say it all
      case SDL_MOUSEMOTION:
      case SDL_MOUSEBUTTONDOWN:
      case SDL_MOUSEBUTTONUP: {
        // SDL's mouse copy of a finger, and the browser's compatibility mouse events just after a touch:
        // the fingers have spoken already.
        const Uint32 which = e.type == SDL_MOUSEMOTION ? e.motion.which : e.button.which;
        if (which == SDL_TOUCH_MOUSEID || now - w.finger_at < 800.0) continue;
        break;
      }
      case SDL_MOUSEWHEEL:
        // A trackpad pinch (browsers send Ctrl + wheel) scales the UI.
        if ((SDL_GetModState() & KMOD_CTRL) && e.wheel.preciseY != 0.f) {
          ui.ui_scale = std::clamp(ui.ui_scale * (1.f + 0.05f * e.wheel.preciseY), 0.75f, 2.f);
          continue;
        }
        // A wheel is never a touch's copy: it scrolls where the pointer is, even just after a finger
        // lifted (and the pointer's moves were taken for the finger's).
        ImGui::GetIO().AddMouseSourceEvent(ImGuiMouseSource_Mouse);
        ImGui::GetIO().AddMousePosEvent(float(e.wheel.mouseX), float(e.wheel.mouseY));
        break;
      default:
        break;
    }
    ImGui_ImplSDL2_ProcessEvent(&e);
  }
  if (apply_gestures(w, ui, now, float(cw))) any = true;
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
  const std::string& extra = s.ui.extra_glyphs;  // a lesson's words in Chinese, whatever the UI's language
  if ((lang != 0 || !extra.empty()) && !w.cjk_requested) {
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
  const bool extra_now = !w.cjk_font.empty() && !extra.empty();
  if (extra_now && extra != w.extra_glyphs) w.font_dpr = 0;  // new words' glyphs
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
  if (w.font_lang != want_lang) resay_status(s.app);  // the status line in the language now shown
  w.font_lang = want_lang;
  std::string names;
  for (const std::string& n : s.ui.languages.names) names += n;
  w.extra_glyphs = extra_now ? extra : std::string();
  load_fonts(w.font, dpr, s.ui.ui_scale, want_lang || extra_now ? w.cjk_font : std::vector<unsigned char>{},
             (want_lang ? all_translated_text(s.ui.languages) : std::string()) + w.extra_glyphs, w.names_font, names);
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
  if (!req.ready || req.name.empty()) return;  // (hide_for_capture readies a frame without the menu)
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

void hide_for_capture(Shell& s) {
  auto& req = s.ui.effects.png;
  if (req.name.empty()) return;
  if (req.frames_to_wait > 0) {  // this frame may still have the menu: the next one is read,
    req.frames_to_wait--;
    s.awake_frames = std::max(s.awake_frames, 2);
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);  // and without what the pointer hovers
    return;
  }
  char id[32];
  std::snprintf(id, sizeof id, "###module%d", req.module);
  ImGuiWindow* module = ImGui::FindWindowByName(id);
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)  // menus, popups, tooltips, other windows
    if (w->Active && w->RootWindow != module) w->Hidden = true;
  req.ready = true;
}

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

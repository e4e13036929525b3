// The shell's traffic with the page around the canvas: what the views asked for in the frame just
// drawn (they never call the browser), the live region and address bar following the view, and the
// view the address asked for at start.
#include "app/i18n.h"
#include "export.h"
#include "figure.h"
#include "lesson.h"
#include "platform/browser.h"
#include "shell/shell.h"
#include "ui/intents.h"
#include "ui/widgets.h"

namespace vitvis {

void carry_out_effects(Shell& s) {
  Effects& e = s.ui.effects;
  // Armed only while the pointer is over "Open…" (zero rect: disarmed), so a window above it never
  // opens a picker.
  platform::set_file_button(e.file_button.x, e.file_button.y, e.file_button.w, e.file_button.h, e.file_accept);
  e.file_button = {};
  e.file_accept.clear();
  if (e.copy_link) {
    e.copy_link = false;
    App& app = s.app;
    platform::copy_page_url([&app](bool ok) {
      if (ok)
        set_info(app, T("Link copied: it opens this exact view."));
      else
        set_error(app, T("The browser did not allow copying; copy the address bar instead."));
    });
  }
  if (!e.copy_text.empty()) {
    App& app = s.app;
    platform::copy_text(e.copy_text, [&app, said = e.copy_said](bool ok) {
      if (ok)
        set_info(app, said);
      else
        set_error(app, T("The browser did not allow copying; select the text and copy it yourself."));
    });
    e.copy_text.clear();
  }
  if (!e.preview.url.empty()) {
    platform::show_preview(e.preview.url, e.preview.width, e.preview.height, e.preview.title, T("Close preview"));
    e.preview.url.clear();
  }
  if (!e.figure.name.empty()) {
    // Drawn with the app's own fonts (Chinese's when it has been fetched: a Chinese caption).
    std::vector<std::span<const uint8_t>> fonts = {s.window.font};
    if (!s.window.cjk_font.empty()) fonts.push_back(s.window.cjk_font);
    std::string bytes;
    int w = 0, h = 0;
    if (e.figure.svg) {
      bytes = figure_svg(e.figure.figure, e.figure.light, fonts);
    } else {
      FigureRaster r = render_figure(e.figure.figure, e.figure.scale, e.figure.light, fonts);
      const std::vector<uint8_t> png = encode_png(r.width, r.height, r.rgba);
      bytes.assign(png.begin(), png.end());
      w = r.width, h = r.height;
    }
    if (bytes.empty()) {
      set_error(s.app, T("The figure could not be drawn (its font is missing)."));
    } else {
      e.downloads.push_back({e.figure.name, e.figure.svg ? "image/svg+xml" : "image/png", std::move(bytes)});
      set_info(s.app, e.figure.svg ? formatted(T("Saved %s."), e.figure.name.c_str())
                                   : formatted(T("Saved %s (%d × %d pixels)."), e.figure.name.c_str(), w, h));
    }
    e.figure.name.clear();
  }
  for (const Effects::Download& d : e.downloads)
    platform::download(d.name, d.mime, {reinterpret_cast<const uint8_t*>(d.bytes.data()), d.bytes.size()});
  e.downloads.clear();
}

void follow_view(Shell& s) {
  // The live region follows the selection and the prediction (not every frame: a screen reader would
  // start over each time).
  const int lang = s.ui.languages.current;
  if (s.announce_key.changed(bool(s.app.model), s.app.shown ? s.app.shown->generation : 0, s.app.sel.token,
                             s.app.sel.layer, s.app.sel.head, lang, s.app.status.error ? s.app.status.text : "")) {
    std::string text = describe_for_screen_reader(s.app);
    if (s.app.status.error) text = s.app.status.text + " " + text;  // an error is read out first
    if (text != s.announced) platform::announce(s.announced = text, s.ui.languages.codes[size_t(lang)]);
  }
  // Keep the address bar in step with the view, so a copied URL restores it.
  if (s.app.model && s.app.url_applied) {
    std::string q = url_query(view_url_state(s.app, s.ui));
    if (q != s.url_written) platform::replace_url_query(s.url_written = q);
  }
  post_page_events(s);
}

void apply_url(Shell& s) {
  UrlParse url = parse_url_query(platform::url_query_string());
  const UrlState& u = url.state;
  s.app.url = u;
  s.ui.page_address = platform::page_address();
  if (u.scale > 0) s.ui.ui_scale = u.scale;
  if (!u.lang.empty() && !set_language(s.ui.languages, u.lang))
    url.notices.push_back("No language '" + u.lang + "'; using English.");
  s.ui.theme = u.theme;
  s.ui.seq_map = u.cmap == 1 ? ColorMap::Cividis : ColorMap::Viridis;
  s.ui.embed = u.embed;
  if (u.motion == 0) s.ui.motion.enabled = false;
  s.ui.focus = u.focus;
  s.ui.focus2 = u.focus2;
  if (u.analyses > 0) open_analyses(s.ui, u.analyses - 1);
  if (u.steps) {
    open_steps(s.app, s.ui, u.steps - 1);
    if (u.step >= 0) s.ui.steps.step = u.step;
  }
  if (!u.lesson.empty()) {  // a lesson in the link: inline, or a file on this site (played once the model is up)
    LessonLink link;
    std::string err;
    App& app = s.app;
    if (!parse_lesson_link(u.lesson, &link, &err)) {
      url.notices.push_back(err);
    } else if (link.inline_lesson) {
      app.incoming_lesson = link.json;
      app.incoming_lesson_from = T("from the link");
    } else if (!platform::same_origin(link.path)) {
      url.notices.push_back(formatted(T("The lesson file %s is not on this site; put it next to ViT-VIS."), link.path.c_str()));
    } else {
      platform::fetch_bytes(link.path, nullptr, [&app, path = link.path](bool ok, platform::Bytes b, std::string e) {
        if (!ok) {  // (said when the model is up: its "Loaded …" would cover it now)
          app.incoming_lesson_error = formatted(T("The lesson file %s could not be loaded: %s"), path.c_str(), e.c_str());
          return;
        }
        app.incoming_lesson.assign(reinterpret_cast<const char*>(b.data()), b.size());
        app.incoming_lesson_from = path;
      });
    }
  }
  if (!u.parent.empty()) {
    listen_to_page(s, u.parent);
    s.page.listening = true;
  }
  if (!url.notices.empty())
    s.app.notice =
        url.notices[0] + (url.notices.size() > 1 ? " (+" + std::to_string(url.notices.size() - 1) + " more)" : "");
}

}  // namespace vitvis

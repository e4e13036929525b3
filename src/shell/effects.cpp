// Carries out what the views asked for in the frame just drawn: they never call the browser.
#include "app/i18n.h"
#include "platform/browser.h"
#include "shell/shell.h"

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
  for (const Effects::Download& d : e.downloads)
    platform::download(d.name, d.mime, {reinterpret_cast<const uint8_t*>(d.bytes.data()), d.bytes.size()});
  e.downloads.clear();
}

}  // namespace vitvis

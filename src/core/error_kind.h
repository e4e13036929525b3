// What kind of failure an error message reports (#33): the app puts a plain explanation and a next step
// before the technical message ("Failed to fetch" means nothing to a student). Pure text matching on the
// messages the browser, the hub and the readers give, so it is tested natively.
#pragma once
#include <string_view>

namespace vitvis {

enum class ErrorKind {
  Other,     // no plain explanation beyond the message itself
  Offline,   // the network did not answer (no connection, a blocked site, a refused cross-site request)
  NotFound,  // the address answered that there is no such file or model (HTTP 404)
  Denied,    // the site refused: a gated or private model, a login needed (HTTP 401 / 403)
  TooBig,    // the device ran out of memory or the file is over what the app takes
  NotAViT,   // the file or model is something the app cannot show (another architecture, not a model)
  NotStored,  // offline, and this file was not stored for offline use (web/sw.js's 503, #35)
};

ErrorKind error_kind(std::string_view message);

}  // namespace vitvis

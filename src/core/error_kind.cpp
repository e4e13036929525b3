#include "error_kind.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace vitvis {
namespace {

bool has(const std::string& lower, std::string_view what) { return lower.find(what) != std::string::npos; }

}  // namespace

ErrorKind error_kind(std::string_view message) {
  std::string m(message);
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  // The service worker's answer for a file it does not have while offline (web/sw.js), and the page's
  // own words when the browser knows it is offline (web/ort_glue.mjs).
  if (has(m, "offline, not cached") || has(m, "not available offline") || has(m, "this computer is offline"))
    return ErrorKind::NotStored;
  // Chromium "Failed to fetch", Firefox "NetworkError when attempting to fetch resource", Safari "Load
  // failed", a timed-out or aborted connection.
  if (has(m, "failed to fetch") || has(m, "networkerror") || has(m, "network error") || has(m, "load failed") ||
      has(m, "err_internet") || has(m, "err_connection") || has(m, "err_name_not_resolved") || has(m, "timed out"))
    return ErrorKind::Offline;
  if (has(m, "http 404") || has(m, "not found")) return ErrorKind::NotFound;
  if (has(m, "http 401") || has(m, "http 403") || has(m, "gated") || has(m, "unauthorized") || has(m, "forbidden"))
    return ErrorKind::Denied;
  if (has(m, "out of memory") || has(m, "bad_alloc") || has(m, "too large") || has(m, "too big") ||
      has(m, "memory access out of bounds") || has(m, "quota"))
    return ErrorKind::TooBig;
  if (has(m, "not a vit") || has(m, "not a vision transformer") || has(m, "architecture") ||
      has(m, "\" model") || has(m, "not an onnx") || has(m, "does not fit the contract"))
    return ErrorKind::NotAViT;
  return ErrorKind::Other;
}

}  // namespace vitvis

// libFuzzer: the URL-state parser; whatever it accepts must write back and re-parse identically.
#include <cstdint>
#include <string_view>

#include "url_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto p = vitvis::parse_url_query(std::string_view(reinterpret_cast<const char*>(data), size));
  auto again = vitvis::parse_url_query(vitvis::url_query(p.state));
  if (!(again.state == p.state) || !again.notices.empty()) __builtin_trap();
  return 0;
}

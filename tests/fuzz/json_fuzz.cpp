// libFuzzer: the JSON reader used for metadata, model lists and sample manifests.
#include <cstdint>
#include <string_view>

#include "json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string err;
  auto j = vitvis::parse_json(std::string_view(reinterpret_cast<const char*>(data), size), &err);
  if (j && j->is_string()) {
    auto again = vitvis::parse_json(vitvis::json_quote(j->string));
    if (!again || again->string != j->string) __builtin_trap();  // quoting must round-trip
  }
  return 0;
}

// libFuzzer: the safetensors header reader (the bytes a user drops or a hub serves).
#include <cstdint>
#include <span>

#include "safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string err;
  const std::span<const uint8_t> bytes(data, size);
  auto h = vitvis::parse_safetensors_header(bytes, size, &err);
  if (h) {  // whatever it accepts covers the data section exactly: one tensor after the other, to the end
    uint64_t end = h->header_bytes;
    for (const auto& t : h->tensors) {
      if (t.offset != end || t.offset + t.bytes > size) __builtin_trap();
      end = t.offset + t.bytes;
      if (uint64_t(t.elements()) * uint64_t(vitvis::safe_dtype_size(t.dtype)) != t.bytes) __builtin_trap();
    }
    if (end != size) __builtin_trap();
  }
  // A size larger than the bytes given: the header may not be read past them.
  vitvis::parse_safetensors_header(bytes, uint64_t(size) * 3 + 100, &err);
  return 0;
}

// libFuzzer: image decoding behind limits, then preprocessing with a spec picked from the input.
#include <cstdint>
#include <span>

#include "image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  vitvis::DecodeLimits limits;
  limits.max_pixels = 1'000'000;  // keep each run small (a loaded 2-core machine); the app's cap is larger
  limits.max_side = 4096;
  vitvis::RgbaImage img;
  std::string err;
  if (!vitvis::decode_image(std::span(data + 2, size - 2), &img, &err, limits)) return 0;
  vitvis::ModelSpec spec;
  spec.channels = (data[0] & 1) ? 3 : 1;
  spec.resize = 1 + data[1] % 64;
  spec.crop = spec.image_size = 1 + (data[1] / 64) % spec.resize;
  spec.mean.assign(size_t(spec.channels), 0.5f);
  spec.std.assign(size_t(spec.channels), 0.25f);
  spec.invert = data[0] & 2;
  auto in = vitvis::preprocess(img, spec);
  if (in.normalized.size() != size_t(spec.channels) * spec.crop * spec.crop) __builtin_trap();
  return 0;
}

// libFuzzer: the EXIF orientation parser on any bytes, and each orientation undone by its inverse.
#include <cstdint>
#include <span>

#include "exif.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int parsed = vitvis::jpeg_exif_orientation(std::span(data, size));
  if (parsed < 1 || parsed > 8) __builtin_trap();
  if (size < 3) return 0;
  // A small image (1..48 per side, so across the 32-pixel tiles of 5..8) turned by an orientation from
  // the first byte, out-of-range values included; the inverse must give back the original.
  const int o = data[0] % 11 - 1, w = 1 + data[1] % 48, h = 1 + data[2] % 48;
  vitvis::RgbaImage img{w, h, vitvis::Pixels(size_t(w) * h * 4, 0)};
  for (size_t i = 0; i < img.pixels.size(); ++i) img.pixels[i] = uint8_t(i * 7 + i / 251);
  const vitvis::Pixels original = img.pixels;
  vitvis::apply_orientation(&img, o);
  const bool swaps = o >= 5 && o <= 8;
  if (img.width != (swaps ? h : w) || img.height != (swaps ? w : h) || img.pixels.size() != original.size())
    __builtin_trap();
  vitvis::apply_orientation(&img, o == 6 ? 8 : o == 8 ? 6 : o);
  if (img.width != w || img.height != h || img.pixels != original) __builtin_trap();
  return 0;
}

// EXIF orientation: a bounds-checked walk of JPEG segments to IFD0's Orientation tag, and the 8 transforms.
#include "exif.h"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace vitvis {

namespace {

constexpr uint8_t kExifHeader[6] = {'E', 'x', 'i', 'f', 0, 0};

// Orientation in a TIFF block (the APP1 payload after "Exif\0\0"); every read is checked against t.
int tiff_orientation(std::span<const uint8_t> t) {
  if (t.size() < 8) return 1;
  bool little;
  if (t[0] == 'I' && t[1] == 'I')
    little = true;
  else if (t[0] == 'M' && t[1] == 'M')
    little = false;
  else
    return 1;
  auto u16 = [&](size_t at) -> uint32_t {
    return little ? uint32_t(t[at]) | uint32_t(t[at + 1]) << 8 : uint32_t(t[at]) << 8 | uint32_t(t[at + 1]);
  };
  auto u32 = [&](size_t at) -> uint32_t { return little ? u16(at) | u16(at + 2) << 16 : u16(at) << 16 | u16(at + 2); };
  if (u16(2) != 42) return 1;
  const size_t ifd0 = u32(4);
  if (ifd0 > t.size() || t.size() - ifd0 < 2) return 1;
  const uint32_t count = u16(ifd0);
  // Entries of 12 bytes: tag, type, count, value. Only those wholly inside the block are read (a count
  // running past the end is not an error the browsers make fatal); the next-IFD link is never followed.
  size_t e = ifd0 + 2;
  for (uint32_t i = 0; i < count && t.size() - e >= 12; ++i, e += 12) {
    if (u16(e) != 0x0112 || u16(e + 2) != 3 /* SHORT */ || u32(e + 4) != 1) continue;
    const uint32_t v = u16(e + 8);  // a SHORT sits in the first two bytes of the value field
    return v >= 1 && v <= 8 ? int(v) : 1;
  }
  return 1;
}

}  // namespace

int jpeg_exif_orientation(std::span<const uint8_t> b) {
  const size_t n = b.size();
  if (n < 4 || b[0] != 0xFF || b[1] != 0xD8) return 1;
  size_t p = 2;
  while (p < n) {
    // As libjpeg's next_marker (which Chrome and Firefox read markers with): bytes other than FF between
    // segments are skipped, then any FF fill bytes; FF 00 is not a marker.
    if (b[p] != 0xFF) {
      ++p;
      continue;
    }
    while (p < n && b[p] == 0xFF) ++p;
    if (p >= n) return 1;
    const uint8_t marker = b[p++];
    if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
    if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA) return 1;  // EXIF must come before the scan
    if (n - p < 2) return 1;
    const size_t len = size_t(b[p]) << 8 | b[p + 1];  // counts its own two bytes
    if (len < 2 || len > n - p) return 1;
    const auto payload = b.subspan(p + 2, len - 2);
    // The first APP1 that is EXIF decides (XMP, also in APP1, starts with its namespace URI instead).
    if (marker == 0xE1 && payload.size() >= 6 && std::equal(kExifHeader, kExifHeader + 6, payload.begin()))
      return tiff_orientation(payload.subspan(6));
    p += len;
  }
  return 1;
}

namespace {

void swap_pixels(uint8_t* a, uint8_t* b) {
  uint32_t x, y;
  std::memcpy(&x, a, 4);
  std::memcpy(&y, b, 4);
  std::memcpy(a, &y, 4);
  std::memcpy(b, &x, 4);
}

}  // namespace

void apply_orientation(RgbaImage* img, int orientation) {
  if (!img || img->width <= 0 || img->height <= 0) return;
  const size_t W = size_t(img->width), H = size_t(img->height), row = W * 4;
  if (img->pixels.size() != W * H * 4) return;
  uint8_t* px = img->pixels.data();
  switch (orientation) {
    case 2:  // mirror left-right: in place, row by row
      for (size_t y = 0; y < H; ++y)
        for (size_t x = 0; x < W / 2; ++x) swap_pixels(px + y * row + x * 4, px + y * row + (W - 1 - x) * 4);
      return;
    case 3:  // rotate 180 = the pixel sequence reversed, in place
      for (size_t i = 0, j = W * H - 1; i < j; ++i, --j) swap_pixels(px + i * 4, px + j * 4);
      return;
    case 4:  // mirror top-bottom: whole rows swapped, in place
      for (size_t y = 0; y < H / 2; ++y) std::swap_ranges(px + y * row, px + (y + 1) * row, px + (H - 1 - y) * row);
      return;
    case 5:
    case 6:
    case 7:
    case 8: break;
    default: return;
  }
  // 5..8: the output is H wide and W tall. Output row y is one stored column (x = y, or W-1-y for 7 and 8)
  // read downwards (5, 8) or upwards (6, 7): 6 = right/top puts the stored top row at the right edge.
  // Done in 32 x 32 tiles: a whole output row at a time would read a big photo column by column, one
  // cache line per pixel.
  const bool from_right = orientation == 7 || orientation == 8, upwards = orientation == 6 || orientation == 7;
  Pixels out(img->pixels.size());
  constexpr size_t kTile = 32;
  for (size_t y0 = 0; y0 < W; y0 += kTile)
    for (size_t x0 = 0; x0 < H; x0 += kTile)
      for (size_t y = y0; y < std::min(y0 + kTile, W); ++y) {
        const size_t sx = from_right ? W - 1 - y : y;
        uint8_t* o = out.data() + (y * H + x0) * 4;
        for (size_t x = x0; x < std::min(x0 + kTile, H); ++x, o += 4) {
          const size_t sy = upwards ? H - 1 - x : x;
          std::memcpy(o, px + sy * row + sx * 4, 4);
        }
      }
  img->pixels = std::move(out);
  std::swap(img->width, img->height);
}

}  // namespace vitvis

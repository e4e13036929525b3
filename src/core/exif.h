// EXIF orientation of JPEG files, and turning a decoded image upright the way browsers show it.
#pragma once
#include <cstdint>
#include <span>

#include "image.h"

namespace vitvis {

// The Orientation tag (0x0112) of IFD0 in a JPEG's first APP1 "Exif" segment that has one: 1..8.
// 1 (as stored) for anything else: not a JPEG, no EXIF, a corrupt or truncated segment, a value out of
// range. Reads nothing outside `bytes`, whatever they hold.
int jpeg_exif_orientation(std::span<const uint8_t> bytes);

// Turns a stored image into its upright view, as CSS image-orientation: from-image does. The tag says
// where the stored 0th row / 0th column belong (EXIF 2.3, 4.6.4): 1 top/left (as is), 2 top/right
// (mirror left-right), 3 bottom/right (rotate 180), 4 bottom/left (mirror top-bottom), 5 left/top
// (transpose), 6 right/top (rotate 90 clockwise), 7 right/bottom (transverse), 8 left/bottom (rotate 90
// counter-clockwise). 5..8 swap width and height. Other values, or pixels that do not match the size,
// leave the image as it is.
void apply_orientation(RgbaImage* img, int orientation);

}  // namespace vitvis

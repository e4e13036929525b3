// Image decoding (stb_image) with size limits, and preprocessing exactly as the model metadata says.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model_spec.h"

namespace vitvis {

struct RgbaImage {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // [H, W, 4], 8-bit RGBA
};

struct DecodeLimits {
  int64_t max_bytes = 64ll << 20;   // file size
  int max_side = 12000;             // pixels per side
  int64_t max_pixels = 40'000'000;  // width * height (160 MB as RGBA)
};

// Decodes PNG/JPEG/GIF(first frame)/BMP/PSD/TGA/PNM. Checks dimensions before decoding.
bool decode_image(std::span<const uint8_t> bytes, RgbaImage* out, std::string* error, const DecodeLimits& limits = {});

struct ModelInput {
  int channels = 0, size = 0;
  std::vector<float> pixels;      // [C, S, S] in [0, 1] after resize/crop/invert: what the model "sees"
  std::vector<float> normalized;  // [C, S, S] (pixels - mean) / std: the pixel_values tensor
};

// Composite over black, /255, luminance if 1 channel, antialiased bilinear (or bicubic) resize of the
// shorter side to spec.resize (or of both sides, resize_mode exact) as torch interpolate(antialias=True,
// align_corners=False), centre crop, invert, normalize. See docs/model-format.md.
ModelInput preprocess(const RgbaImage& img, const ModelSpec& spec);

enum class Resample { Bilinear, Bicubic };  // PIL's triangle and cubic (a = -0.5) filters, antialiased
// Antialiased resize of one float plane [h, w] -> [oh, ow] (PIL / torch antialias=True).
std::vector<float> resize_plane(const std::vector<float>& src, int w, int h, int ow, int oh,
                                Resample filter = Resample::Bilinear);
// The same resize, computing only the window [left, left + cw) x [top, top + ch) of the output.
std::vector<float> resize_crop_plane(const std::vector<float>& src, int w, int h, int ow, int oh, int left, int top,
                                     int cw, int ch, Resample filter = Resample::Bilinear);

}  // namespace vitvis

// Image decoding (stb_image) with size limits, and preprocessing exactly as the model metadata says.
#pragma once
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "model_spec.h"

namespace vitvis {

// An allocator whose resize() leaves new bytes uninitialised: decoders overwrite every byte, and
// zero-filling a big photo first would cost as much as a good part of a classification.
template <class T>
struct UninitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <class U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-initialised: no value written
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using Pixels = std::vector<uint8_t, UninitAllocator<uint8_t>>;

struct RgbaImage {
  int width = 0, height = 0;
  Pixels pixels;  // [H, W, 4], 8-bit RGBA
};

struct DecodeLimits {
  int64_t max_bytes = 64ll << 20;   // file size
  int max_side = 12000;             // pixels per side
  int64_t max_pixels = 40'000'000;  // width * height (160 MB as RGBA)
};

// Decodes PNG/JPEG/GIF(first frame)/BMP/PSD/TGA/PNM. Checks dimensions before decoding. A JPEG comes
// back upright, its EXIF orientation applied as browsers apply it (exif.h).
bool decode_image(std::span<const uint8_t> bytes, RgbaImage* out, std::string* error, const DecodeLimits& limits = {});
// What the header alone says: whether decode_image reads this format (and the file passes its corruption
// checks), and the image's size. Other formats (WebP, AVIF, …) go to the browser's decoder in the app.
struct ImageHeader {
  bool known = false;
  bool jpeg = false;  // a JPEG (its first bytes FF D8 FF)
  int width = 0, height = 0;
};
ImageHeader read_image_header(std::span<const uint8_t> bytes);
// "The image is W x H pixels; the limit is …" (empty when w x h is within the limits).
std::string image_size_error(int w, int h, const DecodeLimits& limits);
// The mean of k x k pixel blocks, fed a few rows at a time (as the browser hands over a decoded photo),
// so the full-size picture never has to be held: the output is floor(w / k) x floor(h / k) (at least
// 1 x 1); rows past the last whole block are left out. k = 1 copies the rows.
class BlockReducer {
 public:
  BlockReducer(int width, int height, int k);
  // Rows y0 .. y0 + n - 1 of the image, RGBA, `width` pixels each; in order, any n.
  void add_rows(const uint8_t* rgba, int y0, int n);
  RgbaImage take() { return std::move(out_); }

 private:
  int w_, h_, k_;
  RgbaImage out_;
  std::vector<uint32_t> sum_;  // the output row being summed
};
// How much a user's photo is reduced when it is kept: by the largest k that leaves the shorter side at
// least keep_side (1 below 2 x keep_side). A 12-megapixel photo is kept as 2016 x 1512 (12 MB, not 48).
int keep_factor(int width, int height, int keep_side = 1024);
// The whole image reduced by k (BlockReducer in one go; k = 1: a copy).
RgbaImage reduce_image(const RgbaImage& img, int k);
// A copy whose longer side is at most max_side (the mean of k x k blocks; smaller images are copied as
// they are): thumbnails, so a photo is never a big texture.
RgbaImage shrink_image(const RgbaImage& img, int max_side);

struct ModelInput {
  int channels = 0, size = 0;
  std::vector<float> pixels;      // [C, S, S] in [0, 1] after resize/crop/invert: what the model "sees"
  std::vector<float> normalized;  // [C, S, S] (pixels - mean) / std: the pixel_values tensor
};

// Composite over black, /255, luminance if 1 channel, antialiased bilinear (or bicubic) resize of the
// shorter side to spec.resize (or of both sides, resize_mode exact) as torch interpolate(antialias=True,
// align_corners=False), centre crop, invert, normalize. See docs/model-format.md. Streams over the
// image's rows: besides the image, it holds only rows x crop floats per channel (a 12-megapixel photo
// is never a float copy).
ModelInput preprocess(const RgbaImage& img, const ModelSpec& spec);

// How much the model's input varies: the standard deviation of its pixels in [0, 1] (all channels). Near
// 0 for a blank drawing or a flat photo, where the model still has to name one of its classes.
float input_spread(const ModelInput& in);
inline constexpr float kBlankSpread = 0.02f;  // below this an input is "almost blank"

enum class Resample { Bilinear, Bicubic };  // PIL's triangle and cubic (a = -0.5) filters, antialiased
// Antialiased resize of one float plane [h, w] -> [oh, ow] (PIL / torch antialias=True).
std::vector<float> resize_plane(const std::vector<float>& src, int w, int h, int ow, int oh,
                                Resample filter = Resample::Bilinear);
// The same resize, computing only the window [left, left + cw) x [top, top + ch) of the output.
std::vector<float> resize_crop_plane(const std::vector<float>& src, int w, int h, int ow, int oh, int left, int top,
                                     int cw, int ch, Resample filter = Resample::Bilinear);

}  // namespace vitvis

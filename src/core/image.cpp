// stb_image decoding behind limits, and the model's preprocessing pipeline.
#include "image.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "exif.h"

#include <stb_image.h>  // implementation compiled in stb_image_impl.cpp

namespace vitvis {

namespace {

// Debian's stb_image 2.27 writes past a Huffman table when a JPEG's DHT segment declares more than
// 256 codes (fixed upstream in 2.28; found here by tests/fuzz/image_fuzz). stb finds markers in ways
// that are hard to mirror (padding, progressive scans), so every FF C4 in the file is read the way
// stb would read a DHT segment there, bytes past the end reading as 0 like stb's get8.
bool jpeg_huffman_tables_ok(std::span<const uint8_t> b) {
  // stb takes any run of FF fill bytes before SOI (D8) as a JPEG.
  size_t soi = 0;
  while (soi < b.size() && b[soi] == 0xFF) ++soi;
  if (soi == 0 || soi >= b.size() || b[soi] != 0xD8) return true;  // not a JPEG
  auto at = [&](size_t k) -> unsigned { return k < b.size() ? b[k] : 0u; };
  for (size_t j = soi + 1; j + 1 < b.size(); ++j) {
    if (b[j] != 0xFF || b[j + 1] != 0xC4) continue;
    long left = long(at(j + 2) << 8 | at(j + 3)) - 2;
    size_t p = j + 4;
    while (left > 0 && p < b.size()) {
      unsigned n = 0;
      for (size_t k = 1; k <= 16; ++k) n += at(p + k);
      if (n > 256) return false;
      p += 17 + n;
      left -= long(17 + n);
    }
  }
  return true;
}

}  // namespace

// stb_image grows its PNG data buffer to what each chunk header claims before reading the chunk, so
// a small file claiming a 1 GB IDAT makes it allocate gigabytes (found by tests/fuzz/image_fuzz).
// Every chunk of a PNG must therefore fit in the bytes that are actually there.
bool png_chunks_fit(std::span<const uint8_t> b) {
  static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (b.size() < 8 || !std::equal(sig, sig + 8, b.begin())) return true;  // not a PNG
  size_t at = 8;
  while (at + 8 <= b.size()) {
    const uint64_t len = uint64_t(b[at]) << 24 | uint64_t(b[at + 1]) << 16 | uint64_t(b[at + 2]) << 8 | b[at + 3];
    if (len > b.size() - at - 8) return false;  // claims more than the file holds
    if (b[at + 4] == 'I' && b[at + 5] == 'E' && b[at + 6] == 'N' && b[at + 7] == 'D') return true;
    at += 8 + size_t(len) + 4;  // length, type, data, CRC
  }
  return true;
}

std::string image_size_error(int w, int h, const DecodeLimits& limits) {
  if (w > 0 && h > 0 && w <= limits.max_side && h <= limits.max_side && int64_t(w) * h <= limits.max_pixels) return {};
  return "The image is " + std::to_string(w) + " x " + std::to_string(h) + " pixels; the limit is " +
         std::to_string(limits.max_side) + " per side and " + std::to_string(limits.max_pixels / 1'000'000) +
         " megapixels.";
}

ImageHeader read_image_header(std::span<const uint8_t> bytes) {
  ImageHeader h;
  if (bytes.empty() || bytes.size() > size_t(INT32_MAX) || !jpeg_huffman_tables_ok(bytes) || !png_chunks_fit(bytes))
    return h;
  int comp = 0;
  h.known = stbi_info_from_memory(bytes.data(), int(bytes.size()), &h.width, &h.height, &comp) != 0;
  h.jpeg = h.known && bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
  return h;
}

bool decode_image(std::span<const uint8_t> bytes, RgbaImage* out, std::string* error, const DecodeLimits& limits) {
  if (bytes.empty()) {
    *error = "The image file is empty.";
    return false;
  }
  if (int64_t(bytes.size()) > limits.max_bytes) {
    *error = "The image file is too large (" + std::to_string(bytes.size() >> 20) + " MB; the limit is " +
             std::to_string(limits.max_bytes >> 20) + " MB).";
    return false;
  }
  if (bytes.size() > size_t(INT32_MAX)) {
    *error = "The image file is too large.";
    return false;
  }
  if (!jpeg_huffman_tables_ok(bytes)) {
    *error = "The JPEG file is corrupt (a Huffman table declares more than 256 codes).";
    return false;
  }
  if (!png_chunks_fit(bytes)) {
    *error = "The PNG file is corrupt or truncated (a chunk claims more bytes than the file holds).";
    return false;
  }
  int w = 0, h = 0, comp = 0;
  if (!stbi_info_from_memory(bytes.data(), int(bytes.size()), &w, &h, &comp)) {
    *error = std::string("Not a readable image (") + stbi_failure_reason() + "). Use PNG, JPEG, GIF or BMP.";
    return false;
  }
  if (std::string e = image_size_error(w, h, limits); !e.empty()) {
    *error = e;
    return false;
  }
  int cw = 0, ch = 0;
  stbi_uc* data = stbi_load_from_memory(bytes.data(), int(bytes.size()), &cw, &ch, &comp, 4);
  if (!data) {
    *error = std::string("The image could not be decoded (") + stbi_failure_reason() + ").";
    return false;
  }
  out->width = cw;
  out->height = ch;
  out->pixels.assign(data, data + size_t(cw) * size_t(ch) * 4);
  stbi_image_free(data);
  // stb ignores EXIF; browsers show phone photos upright, and so must we (the limits hold either way).
  apply_orientation(out, jpeg_exif_orientation(bytes));
  return true;
}

namespace {

// PIL's filters: triangle (support 1) and cubic with a = -0.5 (support 2), as torch's antialiased modes.
double filter_weight(Resample f, double x) {
  x = std::abs(x);
  if (f == Resample::Bilinear) return std::max(0.0, 1.0 - x);
  constexpr double a = -0.5;
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  return 0.0;
}

// Weights of one output sample over its input support (the filter scaled when shrinking).
struct Taps {
  std::vector<int> start, count;
  std::vector<float> weights;  // count.size() * max_taps
  int max_taps = 0;
};

// Taps for the outputs first .. first + count - 1 of an in -> out resize.
Taps make_taps(int in, int out, int first, int count, Resample filter) {
  Taps t;
  const double scale = double(in) / out;
  const double base = filter == Resample::Bicubic ? 2.0 : 1.0;
  const double support = base * (scale >= 1.0 ? scale : 1.0);
  const double inv = scale >= 1.0 ? 1.0 / scale : 1.0;
  t.max_taps = int(std::ceil(support)) * 2 + 1;
  t.start.resize(size_t(count));
  t.count.resize(size_t(count));
  t.weights.assign(size_t(count) * t.max_taps, 0.f);
  for (int i = 0; i < count; ++i) {
    const double center = scale * (first + i + 0.5);
    int xmin = std::max(int(center - support + 0.5), 0);
    int xmax = std::min(int(center + support + 0.5), in);
    int n = std::min(xmax - xmin, t.max_taps);
    double total = 0;
    float* w = &t.weights[size_t(i) * t.max_taps];
    for (int j = 0; j < n; ++j) {
      double x = (j + xmin - center + 0.5) * inv;
      double v = filter_weight(filter, x);
      w[j] = float(v);
      total += v;
    }
    if (total > 0)
      for (int j = 0; j < n; ++j) w[j] = float(w[j] / total);
    t.start[i] = xmin;
    t.count[i] = n;
  }
  return t;
}

// The antialiased resize, separable: the horizontal pass runs a source row at a time over only the
// rows the vertical pass reads (and only the columns the crop window needs), then the vertical pass.
// fill(y, x_lo, rows) writes channel c of source row y, columns x_lo .. x_lo + rows[c].size() - 1, into
// rows[c]: from a float plane, or straight from RGBA rows (a photo is never a float copy).
template <int C, class Fill>
std::array<std::vector<float>, C> resample(int w, int h, int ow, int oh, int left, int top, int cw, int ch,
                                           Resample filter, Fill fill) {
  const Taps tx = make_taps(w, ow, left, cw, filter), ty = make_taps(h, oh, top, ch, filter);
  int y_lo = h, y_hi = 0, x_lo = w, x_hi = 0;
  for (int y = 0; y < ch; ++y) {
    y_lo = std::min(y_lo, ty.start[size_t(y)]);
    y_hi = std::max(y_hi, ty.start[size_t(y)] + ty.count[size_t(y)]);
  }
  for (int x = 0; x < cw; ++x) {
    x_lo = std::min(x_lo, tx.start[size_t(x)]);
    x_hi = std::max(x_hi, tx.start[size_t(x)] + tx.count[size_t(x)]);
  }
  const size_t span = size_t(std::max(0, x_hi - x_lo)), rows = size_t(std::max(0, y_hi - y_lo));
  std::array<std::vector<float>, C> row, tmp, out;
  for (int c = 0; c < C; ++c) {
    row[size_t(c)].resize(span);
    tmp[size_t(c)].resize(rows * size_t(cw));
    out[size_t(c)].resize(size_t(ch) * size_t(cw));
  }
  for (int y = y_lo; y < y_hi; ++y) {
    fill(y, x_lo, row);
    for (int c = 0; c < C; ++c)
      for (int x = 0; x < cw; ++x) {
        const float* wt = &tx.weights[size_t(x) * size_t(tx.max_taps)];
        const float* r = &row[size_t(c)][size_t(tx.start[size_t(x)] - x_lo)];
        float acc = 0;
        for (int j = 0; j < tx.count[size_t(x)]; ++j) acc += wt[j] * r[j];
        tmp[size_t(c)][size_t(y - y_lo) * size_t(cw) + size_t(x)] = acc;
      }
  }
  for (int c = 0; c < C; ++c)
    for (int y = 0; y < ch; ++y) {
      const float* wt = &ty.weights[size_t(y) * size_t(ty.max_taps)];
      const size_t first = size_t(ty.start[size_t(y)] - y_lo);
      for (int x = 0; x < cw; ++x) {
        float acc = 0;
        for (int j = 0; j < ty.count[size_t(y)]; ++j)
          acc += wt[j] * tmp[size_t(c)][(first + size_t(j)) * size_t(cw) + size_t(x)];
        out[size_t(c)][size_t(y) * size_t(cw) + size_t(x)] = acc;
      }
    }
  return out;
}

// The resize of an RGBA image's channels: pixel(rgba, out) writes the C channel values of one pixel.
template <int C, class Pixel>
std::array<std::vector<float>, C> resample_rgba(const RgbaImage& img, int ow, int oh, int left, int top, int cw, int ch,
                                                Resample filter, Pixel pixel) {
  return resample<C>(img.width, img.height, ow, oh, left, top, cw, ch, filter,
                     [&](int y, int x_lo, std::array<std::vector<float>, C>& row) {
                       const uint8_t* src = &img.pixels[(size_t(y) * size_t(img.width) + size_t(x_lo)) * 4];
                       float v[C];
                       for (size_t x = 0; x < row[0].size(); ++x) {
                         pixel(src + x * 4, v);
                         for (int c = 0; c < C; ++c) row[size_t(c)][x] = v[c];
                       }
                     });
}

}  // namespace

std::vector<float> resize_crop_plane(const std::vector<float>& src, int w, int h, int ow, int oh, int left, int top,
                                     int cw, int ch, Resample filter) {
  // Only the crop window is computed, so an extreme aspect ratio costs no more than a square image.
  return resample<1>(w, h, ow, oh, left, top, cw, ch, filter,
                     [&](int y, int x_lo, std::array<std::vector<float>, 1>& row) {
                       const float* r = &src[size_t(y) * size_t(w) + size_t(x_lo)];
                       std::copy(r, r + row[0].size(), row[0].begin());
                     })[0];
}

std::vector<float> resize_plane(const std::vector<float>& src, int w, int h, int ow, int oh, Resample filter) {
  if (w == ow && h == oh) return src;
  return resize_crop_plane(src, w, h, ow, oh, 0, 0, ow, oh, filter);
}

namespace {

// v / 255.f for every byte: the same floats as the division, without one per channel and pixel (the
// conversion is most of the time a 12-megapixel photo takes).
const std::array<float, 256>& unit_bytes() {
  static const std::array<float, 256> t = [] {
    std::array<float, 256> a{};
    for (int i = 0; i < 256; ++i) a[size_t(i)] = float(i) / 255.f;
    return a;
  }();
  return t;
}

// Alpha composited over black, in [0, 1].
inline void composited_rgb(const uint8_t* p, float* rgb) {
  static const std::array<float, 256>& u = unit_bytes();
  const float a = u[p[3]];
  rgb[0] = u[p[0]] * a;
  rgb[1] = u[p[1]] * a;
  rgb[2] = u[p[2]] * a;
}

}  // namespace

BlockReducer::BlockReducer(int width, int height, int k) : w_(width), h_(height), k_(std::max(1, k)) {
  out_.width = std::max(1, w_ / k_);
  out_.height = std::max(1, h_ / k_);
  out_.pixels.resize(size_t(out_.width) * size_t(out_.height) * 4);
  sum_.assign(size_t(out_.width) * 4, 0u);
}

void BlockReducer::add_rows(const uint8_t* rgba, int y0, int n) {
  const int bw = std::min(k_, w_), bh = std::min(k_, h_);  // a block (smaller only for an image under k)
  const uint32_t count = uint32_t(bw) * uint32_t(bh);
  for (int r = 0; r < n; ++r) {
    const int y = y0 + r, oy = y / k_;
    if (oy >= out_.height) return;
    const uint8_t* row = rgba + size_t(r) * size_t(w_) * 4;
    if (k_ == 1) {
      std::copy(row, row + size_t(w_) * 4, &out_.pixels[size_t(y) * size_t(w_) * 4]);
      continue;
    }
    for (int ox = 0; ox < out_.width; ++ox)
      for (int x = ox * k_; x < ox * k_ + bw; ++x)
        for (int c = 0; c < 4; ++c) sum_[size_t(ox) * 4 + size_t(c)] += row[size_t(x) * 4 + size_t(c)];
    if (y % k_ == bh - 1) {  // the block row is complete
      uint8_t* o = &out_.pixels[size_t(oy) * size_t(out_.width) * 4];
      for (size_t i = 0; i < sum_.size(); ++i) o[i] = uint8_t((sum_[i] + count / 2) / count);
      std::fill(sum_.begin(), sum_.end(), 0u);
    }
  }
}

int keep_factor(int width, int height, int keep_side) {
  return std::max(1, std::min(width, height) / std::max(1, keep_side));
}

RgbaImage reduce_image(const RgbaImage& img, int k) {
  BlockReducer r(img.width, img.height, k);
  r.add_rows(img.pixels.data(), 0, img.height);
  return r.take();
}

RgbaImage shrink_image(const RgbaImage& img, int max_side) {
  // Each pixel is read once: a block mean is far cheaper than the model's own filter, which a thumbnail
  // does not need.
  const int w = img.width, h = img.height, longer = std::max(w, h);
  if (longer <= max_side || w <= 0 || h <= 0 || max_side <= 0) return img;
  return reduce_image(img, (longer + max_side - 1) / max_side);
}

ModelInput preprocess(const RgbaImage& img, const ModelSpec& spec) {
  const int C = spec.channels, w = img.width, h = img.height;
  // Shorter side -> resize, keeping the aspect ratio (or both sides -> resize: resize_mode exact).
  int ow, oh;
  if (spec.resize_exact) {
    ow = oh = spec.resize;
  } else if (w <= h) {
    ow = spec.resize;
    oh = int(std::nearbyint(double(h) * spec.resize / w));
  } else {
    oh = spec.resize;
    ow = int(std::nearbyint(double(w) * spec.resize / h));
  }
  ow = std::max(ow, spec.crop);
  oh = std::max(oh, spec.crop);
  const int S = spec.crop;
  // nearbyint rounds half to even, like Python's round() in torchvision's centre crop.
  const int top = int(std::nearbyint((oh - S) / 2.0)), left = int(std::nearbyint((ow - S) / 2.0));
  const Resample filter = spec.bicubic ? Resample::Bicubic : Resample::Bilinear;
  // At the model's size already, the taps are exact identities (weights 1 and 0), so this is a crop.
  std::array<std::vector<float>, 3> planes;
  if (C == 1) {
    planes[0] = std::move(resample_rgba<1>(img, ow, oh, left, top, S, S, filter, [](const uint8_t* p, float* v) {
      float rgb[3];
      composited_rgb(p, rgb);
      v[0] = 0.299f * rgb[0] + 0.587f * rgb[1] + 0.114f * rgb[2];
    })[0]);
  } else {
    planes = resample_rgba<3>(img, ow, oh, left, top, S, S, filter, composited_rgb);
  }
  ModelInput in;
  in.channels = C;
  in.size = S;
  in.pixels.resize(size_t(C) * S * S);
  in.normalized.resize(in.pixels.size());
  for (int c = 0; c < C; ++c) {
    const std::vector<float>& r = planes[size_t(std::min(c, 2))];
    for (int i = 0; i < S * S; ++i) {
      float v = r[size_t(i)];
      if (spec.invert) v = 1.f - v;
      const size_t o = size_t(c) * S * S + size_t(i);
      in.pixels[o] = v;
      in.normalized[o] = (v - spec.mean[size_t(c)]) / spec.std[size_t(c)];
    }
  }
  return in;
}

float input_spread(const ModelInput& in) {
  if (in.pixels.empty()) return 0.f;
  double sum = 0, sq = 0;
  for (float v : in.pixels) sum += v, sq += double(v) * v;
  const double n = double(in.pixels.size()), mean = sum / n;
  return float(std::sqrt(std::max(0.0, sq / n - mean * mean)));
}

}  // namespace vitvis

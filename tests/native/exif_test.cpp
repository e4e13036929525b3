// EXIF orientation: the 8 transforms against the spec's row/column table and against compositions of
// mirror + rotate, JPEGs with an Exif APP1 (both byte orders) through decode_image, and hostile segments.
#include "exif.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "export.h"
#include "image.h"

using namespace vitvis;

namespace {

using Bytes = std::vector<uint8_t>;

// ---- images ----

RgbaImage blank(int w, int h) { return {w, h, Pixels(size_t(w) * h * 4, 0)}; }
const uint8_t* at(const RgbaImage& im, int x, int y) { return &im.pixels[(size_t(y) * im.width + x) * 4]; }
uint8_t* at(RgbaImage& im, int x, int y) { return &im.pixels[(size_t(y) * im.width + x) * 4]; }

// Every pixel different: R = x, G = y, B and A vary too, so a channel mix-up shows.
RgbaImage unique_image(int w, int h) {
  RgbaImage im = blank(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = at(im, x, y);
      p[0] = uint8_t(x), p[1] = uint8_t(y), p[2] = uint8_t(100 + x * 7 + y), p[3] = uint8_t(255 - x - 3 * y);
    }
  return im;
}

// The two primitives every orientation is made of, written plainly (out-of-place, one pixel at a time).
RgbaImage mirror_left_right(const RgbaImage& s) {
  RgbaImage d = blank(s.width, s.height);
  for (int y = 0; y < s.height; ++y)
    for (int x = 0; x < s.width; ++x) std::copy_n(at(s, s.width - 1 - x, y), 4, at(d, x, y));
  return d;
}
RgbaImage rotate_clockwise(const RgbaImage& s) {
  // The stored left column becomes the top row, read bottom to top.
  RgbaImage d = blank(s.height, s.width);
  for (int y = 0; y < s.height; ++y)
    for (int x = 0; x < s.width; ++x) std::copy_n(at(s, x, y), 4, at(d, s.height - 1 - y, x));
  return d;
}

// What each orientation is, as the EXIF spec's notes and CSS describe it: a mirror first (2, 4, 5, 7),
// then clockwise quarter turns. 4 = mirror + 180; 5 = mirror + 270 (transpose); 7 = mirror + 90.
RgbaImage expected_upright(const RgbaImage& s, int orientation) {
  static const struct {
    bool mirror;
    int turns;
  } kSteps[9] = {{false, 0}, {false, 0}, {true, 0}, {false, 2}, {true, 2},
                 {true, 3},  {false, 1}, {true, 1}, {false, 3}};
  RgbaImage d = kSteps[orientation].mirror ? mirror_left_right(s) : s;
  for (int i = 0; i < kSteps[orientation].turns; ++i) d = rotate_clockwise(d);
  return d;
}

// ---- files ----

// One IFD entry as written: for a single SHORT the value is left-justified in the 4-byte field.
struct Entry {
  uint16_t tag, type;
  uint32_t count, value;
};
constexpr uint16_t kOrientation = 0x0112, kShort = 3, kLong = 4;

struct Writer {
  bool little;
  Bytes b;
  void u16(uint32_t v) {
    if (little)
      b.insert(b.end(), {uint8_t(v), uint8_t(v >> 8)});
    else
      b.insert(b.end(), {uint8_t(v >> 8), uint8_t(v)});
  }
  void u32(uint32_t v) {
    if (little)
      u16(v & 0xFFFF), u16(v >> 16);
    else
      u16(v >> 16), u16(v & 0xFFFF);
  }
  void entries(const std::vector<Entry>& es, uint32_t claimed_count, uint32_t next_ifd) {
    u16(claimed_count);
    for (const Entry& e : es) {
      u16(e.tag), u16(e.type), u32(e.count);
      if (e.type == kShort && e.count == 1)
        u16(e.value), u16(0);
      else
        u32(e.value);
    }
    u32(next_ifd);
  }
};

struct TiffOptions {
  uint32_t ifd0_offset = 8;     // where IFD0 is said to be
  int claimed_count = -1;       // entry count written (-1: the true one)
  std::vector<Entry> ifd1;      // entries of a second IFD, linked from IFD0
  bool truncate_after = false;  // end the block right after IFD0's entries (no next-IFD link)
};

// A TIFF block: header, IFD0 (at offset 8), optionally IFD1 after it.
Bytes tiff(bool little, const std::vector<Entry>& ifd0, const TiffOptions& opt = {}) {
  Writer w{little, {}};
  w.b = little ? Bytes{'I', 'I'} : Bytes{'M', 'M'};
  w.u16(42);
  w.u32(opt.ifd0_offset);
  const uint32_t ifd1_at = uint32_t(8 + 2 + 12 * ifd0.size() + 4);
  w.entries(ifd0, opt.claimed_count >= 0 ? uint32_t(opt.claimed_count) : uint32_t(ifd0.size()),
            opt.ifd1.empty() ? 0 : ifd1_at);
  if (opt.truncate_after) w.b.resize(w.b.size() - 4);
  if (!opt.ifd1.empty()) w.entries(opt.ifd1, uint32_t(opt.ifd1.size()), 0);
  return w.b;
}

// An APP1 segment (marker, length, "Exif\0\0", the TIFF block).
Bytes app1(const Bytes& tiff_block, bool exif_header = true) {
  const size_t len = 2 + (exif_header ? 6 : 0) + tiff_block.size();
  Bytes s = {0xFF, 0xE1, uint8_t(len >> 8), uint8_t(len)};
  if (exif_header) s.insert(s.end(), {'E', 'x', 'i', 'f', 0, 0});
  s.insert(s.end(), tiff_block.begin(), tiff_block.end());
  return s;
}

// The usual camera EXIF: a couple of other tags, then Orientation.
Bytes exif_app1(int orientation, bool little) {
  return app1(
      tiff(little, {{0x011A, 5, 1, 0}, {0x0128, kShort, 1, 2}, {kOrientation, kShort, 1, uint32_t(orientation)}}));
}

Bytes encode_jpeg(const RgbaImage& im) {
  Bytes out = vitvis::encode_jpeg(im.width, im.height, im.pixels, 100);
  EXPECT_FALSE(out.empty());
  return out;
}

// A segment inserted right after SOI, where cameras put EXIF.
Bytes with_segment(Bytes jpeg, const Bytes& seg) {
  jpeg.insert(jpeg.begin() + 2, seg.begin(), seg.end());
  return jpeg;
}

const Bytes& plain_jpeg() {
  static const Bytes j = encode_jpeg(unique_image(8, 8));
  return j;
}

// Parses a copy of exactly these bytes, so ASan sees any read past the end.
int orientation_of(const Bytes& b, size_t n) {
  uint8_t* copy = static_cast<uint8_t*>(std::malloc(n ? n : 1));
  std::copy_n(b.begin(), n, copy);
  int o = jpeg_exif_orientation(std::span<const uint8_t>(copy, n));
  std::free(copy);
  return o;
}
int orientation_of(const Bytes& b) { return orientation_of(b, b.size()); }

// Four flat 16 x 8 quadrants (aligned to JPEG's 8 x 8 blocks, so quality 100 keeps them flat).
constexpr uint8_t kQuadrant[4][3] = {{230, 20, 20}, {20, 200, 20}, {20, 20, 230}, {240, 240, 30}};  // TL TR BL BR

RgbaImage quadrants() {
  RgbaImage im = blank(32, 16);
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 32; ++x) {
      const uint8_t* c = kQuadrant[(y / 8) * 2 + x / 16];
      uint8_t* p = at(im, x, y);
      p[0] = c[0], p[1] = c[1], p[2] = c[2], p[3] = 255;
    }
  return im;
}

}  // namespace

// ---- apply_orientation ----

TEST(ApplyOrientation, MatchesMirrorAndQuarterTurnCompositions) {
  for (auto [w, h] :
       {std::pair{5, 3}, {3, 5}, {4, 4}, {1, 6}, {6, 1}, {1, 1}, {7, 2}, {70, 37}})  // 70 x 37: past a 32-pixel tile
    for (int o = 1; o <= 8; ++o) {
      RgbaImage img = unique_image(w, h);
      const RgbaImage want = expected_upright(img, o);
      apply_orientation(&img, o);
      ASSERT_EQ(img.width, want.width) << o;
      ASSERT_EQ(img.height, want.height) << o;
      EXPECT_EQ(img.pixels, want.pixels) << "orientation " << o << ", " << w << " x " << h;
      EXPECT_EQ(img.width, o >= 5 ? h : w) << o;
    }
}

// The tag's definition (EXIF 2.3, 4.6.4 A, Orientation): where the stored 0th row and 0th column are
// in the view, e.g. 6 = "the 0th row is the visual right-hand side, the 0th column the visual top".
TEST(ApplyOrientation, StoredFirstRowAndColumnLandWhereTheSpecSays) {
  enum Edge { Top, Right, Bottom, Left };
  static const Edge kRowCol[9][2] = {{Top, Left}, {Top, Left},  {Top, Right},    {Bottom, Right}, {Bottom, Left},
                                     {Left, Top}, {Right, Top}, {Right, Bottom}, {Left, Bottom}};
  const int W = 5, H = 3;
  for (int o = 1; o <= 8; ++o) {
    RgbaImage img = unique_image(W, H);
    apply_orientation(&img, o);
    auto on_edge = [&](int x, int y, Edge e) {
      return e == Top ? y == 0 : e == Bottom ? y == img.height - 1 : e == Left ? x == 0 : x == img.width - 1;
    };
    // Where did stored pixel (sx, sy) go? R = x and G = y identify it.
    auto find = [&](int sx, int sy, int* x, int* y) {
      for (*y = 0; *y < img.height; ++*y)
        for (*x = 0; *x < img.width; ++*x)
          if (at(img, *x, *y)[0] == sx && at(img, *x, *y)[1] == sy) return;
      FAIL() << "stored pixel " << sx << "," << sy << " lost";
    };
    int x = -1, y = -1;  // (set by find; a lost pixel leaves them off every edge)
    for (int sx = 0; sx < W; ++sx) {
      find(sx, 0, &x, &y);
      EXPECT_TRUE(on_edge(x, y, kRowCol[o][0])) << "orientation " << o << ": row 0 pixel " << sx;
    }
    for (int sy = 0; sy < H; ++sy) {
      find(0, sy, &x, &y);
      EXPECT_TRUE(on_edge(x, y, kRowCol[o][1])) << "orientation " << o << ": column 0 pixel " << sy;
    }
  }
}

TEST(ApplyOrientation, InverseTurnsItBack) {
  static const int kInverse[9] = {0, 1, 2, 3, 4, 5, 8, 7, 6};  // only the quarter turns are not their own
  for (int o = 1; o <= 8; ++o) {
    RgbaImage img = unique_image(6, 4);
    apply_orientation(&img, o);
    apply_orientation(&img, kInverse[o]);
    EXPECT_EQ(img.pixels, unique_image(6, 4).pixels) << o;
    EXPECT_EQ(img.width, 6);
  }
}

TEST(ApplyOrientation, OtherValuesAndBadImagesAreLeftAlone) {
  for (int o : {0, 9, -1, 255, 1}) {
    RgbaImage img = unique_image(4, 3);
    apply_orientation(&img, o);
    EXPECT_EQ(img.pixels, unique_image(4, 3).pixels) << o;
    EXPECT_EQ(img.width, 4);
  }
  RgbaImage short_pixels = unique_image(4, 3);
  short_pixels.pixels.resize(20);
  apply_orientation(&short_pixels, 6);
  EXPECT_EQ(short_pixels.width, 4);
  EXPECT_EQ(short_pixels.pixels.size(), 20u);
  RgbaImage empty;
  apply_orientation(&empty, 6);
  EXPECT_EQ(empty.width, 0);
  apply_orientation(nullptr, 6);
}

// ---- decode_image end to end ----

TEST(ExifDecode, JpegComesBackUprightInBothByteOrders) {
  const Bytes stored = encode_jpeg(quadrants());
  // The 2 x 2 quadrant layout oriented the same way says which colour belongs where.
  RgbaImage layout = blank(2, 2);
  for (int q = 0; q < 4; ++q) std::copy_n(kQuadrant[q], 3, at(layout, q % 2, q / 2)), at(layout, q % 2, q / 2)[3] = 255;
  for (bool little : {true, false})
    for (int o = 1; o <= 8; ++o) {
      const Bytes file = with_segment(stored, exif_app1(o, little));
      ASSERT_EQ(orientation_of(file), o);
      RgbaImage img;
      std::string err;
      ASSERT_TRUE(decode_image(file, &img, &err)) << err;
      ASSERT_EQ(img.width, o >= 5 ? 16 : 32) << o;
      ASSERT_EQ(img.height, o >= 5 ? 32 : 16) << o;
      const RgbaImage want = expected_upright(layout, o);
      int bad = 0;
      for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
          const uint8_t* c = at(want, x * 2 / img.width, y * 2 / img.height);
          for (int k = 0; k < 3; ++k) bad += std::abs(int(at(img, x, y)[k]) - int(c[k])) > 8;
        }
      EXPECT_EQ(bad, 0) << "orientation " << o << (little ? " II" : " MM");
    }
}

TEST(ExifDecode, WithoutExifOrNotJpegNothingChanges) {
  RgbaImage img;
  std::string err;
  ASSERT_TRUE(decode_image(encode_jpeg(quadrants()), &img, &err)) << err;
  EXPECT_EQ(img.width, 32);
  EXPECT_NEAR(at(img, 0, 0)[0], kQuadrant[0][0], 8);
  const RgbaImage stored = unique_image(5, 3);
  const Bytes png = encode_png(5, 3, stored.pixels);
  EXPECT_EQ(orientation_of(png), 1);
  ASSERT_TRUE(decode_image(png, &img, &err)) << err;
  EXPECT_EQ(img.pixels, stored.pixels);
}

// ---- jpeg_exif_orientation ----

TEST(ExifParse, FindsTheTagInEitherByteOrderAnywhereInIfd0) {
  for (bool little : {true, false}) {
    for (int o = 1; o <= 8; ++o) EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), exif_app1(o, little))), o);
    // Orientation alone, and after several other entries (a LONG, an ASCII pointer, a RATIONAL).
    EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(tiff(little, {{kOrientation, kShort, 1, 6}})))), 6);
    const Bytes many = app1(tiff(little, {{0x0100, kLong, 1, 4000},
                                          {0x010F, 2, 6, 200},
                                          {0x011A, 5, 1, 300},
                                          {0x0131, 2, 30, 400},
                                          {kOrientation, kShort, 1, 8}}));
    EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), many)), 8);
  }
}

TEST(ExifParse, NoExifIsOne) {
  EXPECT_EQ(orientation_of(plain_jpeg()), 1);
  EXPECT_EQ(orientation_of(Bytes{}), 1);
  EXPECT_EQ(orientation_of(Bytes{0xFF, 0xD8}), 1);
  EXPECT_EQ(orientation_of(Bytes{0xFF, 0xD8, 0xFF, 0xD9}), 1);
  // APP1 that is not EXIF (XMP), or an Exif header with no TIFF block after it.
  const std::string xmp = "http://ns.adobe.com/xap/1.0/";
  EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(Bytes(xmp.begin(), xmp.end()), false))), 1);
  EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1({}))), 1);
  // The same TIFF block in APP2, or after the scan has begun, does not count.
  Bytes app2 = exif_app1(6, true);
  app2[1] = 0xE2;
  EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app2)), 1);
  Bytes after_sos = plain_jpeg();
  const Bytes late = exif_app1(6, true);
  after_sos.insert(after_sos.end() - 2, late.begin(), late.end());  // before EOI
  EXPECT_EQ(orientation_of(after_sos), 1);
  // Not a JPEG at all: the bytes of an Exif APP1 on their own.
  EXPECT_EQ(orientation_of(exif_app1(6, true)), 1);
}

TEST(ExifParse, SkipsOtherSegmentsFillBytesAndXmp) {
  const std::string xmp = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>";
  Bytes segs = {0xFF, 0xE0, 0x00, 0x04, 'J', 'F'};       // a short APP0
  segs.insert(segs.end(), {0xFF, 0xFF, 0xFF});           // fill bytes before the next marker
  Bytes x = app1(Bytes(xmp.begin(), xmp.end()), false);  // XMP first
  segs.insert(segs.end(), x.begin(), x.end());
  const Bytes e = exif_app1(3, false);
  segs.insert(segs.end(), e.begin(), e.end());
  EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), segs)), 3);
}

TEST(ExifParse, OnlyTheFirstExifSegmentAndOnlyIfd0Count) {
  // A second Exif APP1 does not override the first one's answer.
  Bytes two = exif_app1(1, true);
  const Bytes second = exif_app1(6, true);
  two.insert(two.end(), second.begin(), second.end());
  EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), two)), 1);
  // Orientation in IFD1 (the thumbnail's) only: not the image's.
  TiffOptions opt;
  opt.ifd1 = {{kOrientation, kShort, 1, 6}};
  for (bool little : {true, false})
    EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(tiff(little, {{0x0128, kShort, 1, 2}}, opt)))), 1);
}

TEST(ExifParse, ValuesOutOfRangeOrWrongTypeAreOne) {
  for (bool little : {true, false}) {
    for (uint32_t v : {0u, 9u, 0xFFFFu, 0x100u, 0x600u})
      EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(tiff(little, {{kOrientation, kShort, 1, v}})))), 1) << v;
    EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(tiff(little, {{kOrientation, kLong, 1, 6}})))), 1);
    EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(tiff(little, {{kOrientation, kShort, 2, 6}})))), 1);
  }
}

TEST(ExifParse, BadTiffHeadersAreOne) {
  Bytes good = tiff(true, {{kOrientation, kShort, 1, 6}});
  ASSERT_EQ(orientation_of(with_segment(plain_jpeg(), app1(good))), 6);
  Bytes b = good;
  b[1] = 'M';  // "IM"
  EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(b))), 1);
  b = good;
  b[2] = 43;  // magic
  EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(b))), 1);
  b = good;
  b[2] = 0, b[3] = 42;  // big-endian magic under "II"
  EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(b))), 1);
}

TEST(ExifParse, OffsetsAndCountsPastTheEndAreSafe) {
  for (bool little : {true, false}) {
    const std::vector<Entry> one = {{kOrientation, kShort, 1, 6}};
    const size_t size = tiff(little, one).size();
    for (uint32_t off :
         {uint32_t(size), uint32_t(size - 1), uint32_t(size + 1), 0xFFFFFFFFu, 0xFFFFFFF0u, 0x7FFFFFFFu}) {
      TiffOptions opt;
      opt.ifd0_offset = off;
      EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(tiff(little, one, opt)))), 1) << off;
    }
    // IFD0 said to start at 0 (the header itself): read as entries it holds no orientation.
    TiffOptions zero;
    zero.ifd0_offset = 0;
    EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(tiff(little, one, zero)))), 1);
    // A count running past the end: the entries that are wholly there are still read.
    TiffOptions many;
    many.claimed_count = 0xFFFF;
    many.truncate_after = true;
    EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(tiff(little, one, many)))), 6);
    EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(tiff(little, {{0x0128, kShort, 1, 2}}, many)))), 1);
    // An entry cut in half at the end of the block.
    Bytes cut = tiff(little, {{0x0128, kShort, 1, 2}, {kOrientation, kShort, 1, 6}});
    cut.resize(cut.size() - 4 - 3);
    EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), app1(cut))), 1);
  }
}

TEST(ExifParse, TruncatedAtEveryByteIsSafe) {
  for (bool little : {true, false}) {
    const Bytes seg = exif_app1(6, little);
    const Bytes file = with_segment(plain_jpeg(), seg);
    const size_t app1_end = 2 + seg.size();
    for (size_t n = 0; n < app1_end; ++n) EXPECT_EQ(orientation_of(file, n), 1) << n;
    for (size_t n = app1_end; n <= file.size(); ++n) EXPECT_EQ(orientation_of(file, n), 6) << n;
  }
}

TEST(ExifParse, BrokenSegmentLengthsEnd) {
  // Lengths 0 and 1 (shorter than the length field itself), and a length past the end.
  for (Bytes seg : {Bytes{0xFF, 0xE0, 0x00, 0x00}, Bytes{0xFF, 0xE0, 0x00, 0x01}, Bytes{0xFF, 0xE1, 0xFF, 0xFF}})
    EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), seg)), 1);
  // All fill bytes, all zeros, and standalone markers (RSTn, TEM) then EXIF.
  EXPECT_EQ(orientation_of(Bytes(1000, 0xFF)), 1);
  Bytes zeros(1000, 0);
  zeros[0] = 0xFF, zeros[1] = 0xD8;
  EXPECT_EQ(orientation_of(zeros), 1);
  Bytes standalone = {0xFF, 0xD0, 0xFF, 0x01, 0xFF, 0x00};
  const Bytes e = exif_app1(5, true);
  standalone.insert(standalone.end(), e.begin(), e.end());
  EXPECT_EQ(orientation_of(with_segment(plain_jpeg(), standalone)), 5);
}

TEST(ExifParse, RandomCorruptionStaysInRange) {
  // Bytes of a valid file overwritten at random (deterministic), as a cheap fuzzer in every test run.
  const Bytes base = with_segment(plain_jpeg(), exif_app1(7, false));
  uint32_t state = 12345;
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  for (int i = 0; i < 20000; ++i) {
    Bytes b(base.begin(), base.begin() + 2 + 80);
    for (int k = 0, m = 1 + int(next() % 4); k < m; ++k) b[next() % b.size()] = uint8_t(next() >> 24);
    const int o = orientation_of(b, next() % (b.size() + 1));
    ASSERT_GE(o, 1);
    ASSERT_LE(o, 8);
  }
}
